# multiprocessing with every start method, no freeze_support() needed:
# workers re-run this executable with --multiprocessing-fork and frost
# dispatches them to multiprocessing before the app would start. The
# workers run from the app folder too.

def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.run_module = "pools"
    config.multiprocessing_start_method = "spawn"
    config.multiprocessing_auto_dispatch = True
    config.sys_frozen = True
    exe = dist.to_python_executable(name = "pools", config = config)
    exe.add_python_resources(exe.read_package_root("app", ["pools"]))
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
