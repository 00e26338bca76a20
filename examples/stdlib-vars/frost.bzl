# Values from the command line: `frost eval frost.bzl --var opt 2 --var-env who USER`.

def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.module_search_paths = ["$ORIGIN/../app"]
    config.run_module = "report"
    config.optimization_level = int(VARS.get("opt", "0"))
    config.x_options = ["frost_who=" + VARS.get("who", "nobody")]
    return dist.to_python_executable(name = "report", config = config)

register_target("exe", make_exe, default = True)
resolve_targets()
