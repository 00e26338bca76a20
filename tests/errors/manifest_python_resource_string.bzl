def make():
    m = FileManifest()
    m.add_python_resource(".", "app")
    return m

register_target("t", make)
resolve_targets()
