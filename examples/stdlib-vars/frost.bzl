# The standard library and values from the command line:
#   frost eval frost.bzl --var opt 2 --var-env who USER
# `@stdlib//` modules ship inside frost; they see BUILD_TARGET_TRIPLE and VARS too.

load("@stdlib//apps.bzl", "cli_app")
load("@stdlib//multiprocessing.bzl", "multiprocessing_preset")
load("@stdlib//platform.bzl", "exe_name")

def make_exe():
    dist = default_python_distribution()
    config = cli_app(dist.make_python_interpreter_config(), "report", paths = [])
    multiprocessing_preset(config, start_method = VARS.get("start_method", "auto"))
    config.optimization_level = int(VARS.get("opt", "0"))
    config.x_options = ["frost_who=" + VARS.get("who", "nobody")]
    exe = dist.to_python_executable(name = exe_name("report"), config = config)
    exe.add_python_resources(exe.read_package_root("app", ["report"]))
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
