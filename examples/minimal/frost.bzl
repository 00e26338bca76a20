# The smallest useful frost config: run one module from the app folder.

def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.module_search_paths = ["$ORIGIN/../app"]
    config.run_module = "hello"
    return dist.to_python_executable(name = "hello", config = config)

register_target("exe", make_exe, default = True)
resolve_targets()
