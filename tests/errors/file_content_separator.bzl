def make():
    return FileContent(filename = "a/b", content = "x")

register_target("t", make)
resolve_targets()
