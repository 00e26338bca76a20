"""A coherent multiprocessing setup for a target triple.

`multiprocessing` in a frozen app needs three attributes to agree: the start
method, `multiprocessing_auto_dispatch` (so `--multiprocessing-fork` workers
run the worker, not the app) and `sys_frozen` (so multiprocessing starts its
workers that way). These presets set them together.
"""

load("platform.bzl", "start_methods")

def multiprocessing_preset(config, start_method = "auto", triple = BUILD_TARGET_TRIPLE):
    """Sets the start method, auto-dispatch and `sys.frozen` together, and returns `config`.

    Fails when `start_method` is not available on `triple` (`fork` or
    `forkserver` on Windows), which would otherwise only fail at run time.

    Args:
        config: the PythonInterpreterConfig to change.
        start_method: "auto" (spawn on Windows, fork elsewhere), "none", "fork", "forkserver" or "spawn".
        triple: the target triple; BUILD_TARGET_TRIPLE by default.
    """
    available = start_methods(triple)
    if start_method in ["fork", "forkserver", "spawn"] and start_method not in available:
        fail("start method %r is not available on %s; it has %s" % (start_method, triple, ", ".join(available)))
    config.multiprocessing_start_method = start_method
    config.multiprocessing_auto_dispatch = True
    config.sys_frozen = True
    return config

def spawn_everywhere(config):
    """Uses the "spawn" start method on every platform, with dispatch and `sys.frozen` on, and returns `config`.

    Workers then start the same way on Linux, macOS and Windows: a fresh
    interpreter that imports only what the task needs. Slower to start than
    fork, but safe with threads and with libraries that are not fork-safe.
    """
    return multiprocessing_preset(config, start_method = "spawn")
