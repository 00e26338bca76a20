def make():
    w = PythonWheelBuilder("app", "1.0")
    w.root_is_purelib = "yes"
    return w

register_target("t", make)
resolve_targets()
