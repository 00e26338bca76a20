# A PyOxidizer-style file with several targets. `frost eval` resolves the
# default target; `--target NAME` picks another. A target function receives
# the results of the targets it depends on.

def make_dist():
    return default_python_distribution()

def make_config(dist):
    config = dist.make_python_interpreter_config()
    config.run_module = "tool"
    return config

def add_app(exe):
    exe.add_python_resources(exe.read_package_root("app", ["tool"]))
    return exe

def make_exe(dist, config):
    return add_app(dist.to_python_executable(name = "tool", config = config))

def make_debug_exe(dist, config):
    debug = config.copy()
    debug.development_mode = True
    debug.fault_handler = True
    debug.warn_options = ["default"]
    return add_app(dist.to_python_executable(name = "tool-debug", config = debug))

register_target("dist", make_dist)
register_target("config", make_config, depends = ["dist"])
register_target("exe", make_exe, depends = ["dist", "config"], default = True)
register_target("debug", make_debug_exe, depends = ["dist", "config"])

resolve_targets()
