def make_exe():
    dist = default_python_distribution()
    policy = dist.make_python_packaging_policy()
    exe = dist.to_python_executable(name = "app", include_sources = False)
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
