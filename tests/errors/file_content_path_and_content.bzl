def make():
    return FileContent(path = "a", content = "x", filename = "a")

register_target("t", make)
resolve_targets()
