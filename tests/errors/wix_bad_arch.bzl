def make():
    return WiXMSIBuilder("app", "App", "1.0", "Me", arch = "sparc")

register_target("t", make)
resolve_targets()
