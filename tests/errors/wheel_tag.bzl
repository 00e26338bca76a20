def make():
    w = PythonWheelBuilder("app", "1.0")
    w.tag = "py3-none"
    return w

register_target("t", make)
resolve_targets()
