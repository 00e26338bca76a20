"""Presets for common kinds of app.

Each preset changes the config it is given and returns it, so presets can be
combined: `debug_preset(cli_app(config, "tool"))`.
"""

def _runs(config, module, paths):
    """Points `config` at `module`, also searched for in `paths` when given (shared by the presets)."""
    config.run_module = module
    if paths != None:
        config.module_search_paths = paths
    return config

def cli_app(config, module, paths = None):
    """A command-line tool: runs `module` as `__main__` (like `python -m`) and returns `config`.

    Start-up is kept short: `site` is not imported and no `.pyc` files are
    written next to the app. CPython's signal handlers are installed, so
    Ctrl-C raises KeyboardInterrupt (with cleanup) as in `python`; the
    isolated profile alone would leave SIGINT to kill the process.

    Args:
        config: the PythonInterpreterConfig to change.
        module: the module (or package with a `__main__`) to run.
        paths: extra folders to find the app's modules in (`$ORIGIN` is the
            executable's folder). None by default: a bundle's code is placed
            by its packaging plan (`add_python_resources`) and found without
            them; a `frost build --linked` build needs them.
    """
    _runs(config, module, paths)
    config.site_import = False
    config.write_bytecode = False
    config.install_signal_handlers = True
    return config

def service_app(config, module, paths = None):
    """A long-running service: runs `module` and returns `config`.

    Output is unbuffered, so log lines reach the journal as they are
    written; `faulthandler` prints a traceback on a crash; CPython's signal
    handlers are installed, so SIGINT raises KeyboardInterrupt.

    Args:
        config: the PythonInterpreterConfig to change.
        module: the module to run.
        paths: extra folders to find the app's modules in, as for `cli_app`.
    """
    _runs(config, module, paths)
    config.buffered_stdio = False
    config.fault_handler = True
    config.install_signal_handlers = True
    return config

def gui_app(config, module, paths = None):
    """A desktop app: runs `module` with the "spawn" start method and returns `config`.

    GUI toolkits keep threads and handles that do not survive `fork`, so
    worker processes are spawned fresh on every platform.

    Args:
        config: the PythonInterpreterConfig to change.
        module: the module to run.
        paths: extra folders to find the app's modules in, as for `cli_app`.
    """
    _runs(config, module, paths)
    config.multiprocessing_start_method = "spawn"
    config.multiprocessing_auto_dispatch = True
    config.sys_frozen = True
    return config

def debug_preset(config):
    """Turns on Python's development aids and returns `config`.

    Development mode (`-X dev`), `faulthandler`, every warning shown once
    (`-W default`) and `tracemalloc`, so a ResourceWarning says where the
    resource was allocated.
    """
    config.development_mode = True
    config.fault_handler = True
    config.warn_options = ["default"]
    config.tracemalloc = True
    return config
