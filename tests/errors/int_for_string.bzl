def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.run_module = 5
    return dist.to_python_executable(name = "app", config = config)

register_target("exe", make_exe, default = True)
resolve_targets()
