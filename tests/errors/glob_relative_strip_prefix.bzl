def make():
    return glob(["*.bzl"], strip_prefix = "errors/")

register_target("t", make)
resolve_targets()
