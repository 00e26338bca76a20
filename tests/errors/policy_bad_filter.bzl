def make_exe():
    dist = default_python_distribution()
    policy = dist.make_python_packaging_policy()
    policy.extension_module_filter = "some"
    exe = dist.to_python_executable(name = "app", packaging_policy = policy)
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
