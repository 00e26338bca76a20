# A command-line tool: `run_module` runs the package's __main__, which
# `read_package_root` adds to the app (in memory, the policy's default).

def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.run_module = "greet"
    config.site_import = False
    config.write_bytecode = False
    exe = dist.to_python_executable(name = "greet", config = config)
    exe.add_python_resources(exe.read_package_root("app", ["greet"]))
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
