def make():
    msi = WiXMSIBuilder("app", "App", "1.0", "Me")
    msi.target_triple = "x86_64-pc-windows-msvc"
    return msi

register_target("t", make)
resolve_targets()
