# The smallest useful frost config: one module, run as the app.
# `frost build` writes dist/hello/, a folder with the app, its CPython and
# the module, which runs on a machine without Python.

def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.run_module = "hello"
    exe = dist.to_python_executable(name = "hello", config = config)
    exe.add_python_resources(exe.read_package_root("app", ["hello"]))
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
