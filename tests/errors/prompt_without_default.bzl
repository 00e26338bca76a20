def make():
    return FileContent(filename = "pw", content = prompt_password("PFX password"))

register_target("t", make)
resolve_targets()
