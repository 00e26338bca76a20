def make():
    bundle = MacOsApplicationBundleBuilder("App")
    bundle.identifier = "com.example.app"
    return bundle

register_target("t", make)
resolve_targets()
