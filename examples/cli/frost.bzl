# A command-line tool: `run_module` runs the package's __main__, found
# through module_search_paths relative to the executable ($ORIGIN).

def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.module_search_paths = ["$ORIGIN/../app"]
    config.run_module = "greet"
    config.site_import = False
    config.write_bytecode = False
    return dist.to_python_executable(name = "greet", config = config)

register_target("exe", make_exe, default = True)
resolve_targets()
