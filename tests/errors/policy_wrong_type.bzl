def make_exe():
    dist = default_python_distribution()
    policy = dist.make_python_packaging_policy()
    exe = dist.to_python_executable(name = "app", packaging_policy = policy)
    exe = dist.to_python_executable(name = "app", packaging_policy = dist.make_python_interpreter_config())
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
