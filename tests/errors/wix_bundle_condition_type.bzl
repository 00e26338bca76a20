def make():
    b = WiXBundleBuilder("app", "App", "1.0", "Me")
    b.add_wix_msi_builder(WiXMSIBuilder("app", "App", "1.0", "Me"), install_condition = 1)
    return b

register_target("t", make)
resolve_targets()
