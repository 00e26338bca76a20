def make():
    m = FileManifest()
    m.add_file(FileContent(filename = "a", content = "x"), path = "/etc/a")
    return m

register_target("t", make)
resolve_targets()
