def make_exe():
    dist = default_python_distribution()
    policy = dist.make_python_packaging_policy()
    exe = dist.to_python_executable(name = "app", packaging_policy = policy)
    r = exe.make_python_module_source("m", "x = 1")
    r.add_location = "filesystem-relative:lib"
    exe.add_python_resource(r)
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
