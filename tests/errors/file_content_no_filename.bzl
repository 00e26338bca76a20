def make():
    return FileContent(content = "x")

register_target("t", make)
resolve_targets()
