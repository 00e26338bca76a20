def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.module_search_paths = ["x" * 1000000] * 10000
    return dist.to_python_executable(name = "app", config = config)

register_target("exe", make_exe)
