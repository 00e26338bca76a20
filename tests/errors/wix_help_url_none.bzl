def make():
    msi = WiXMSIBuilder("app", "App", "1.0", "Me")
    msi.help_url = None
    return msi

register_target("t", make)
resolve_targets()
