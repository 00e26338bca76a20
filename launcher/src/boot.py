# frost launcher boot: runs after CPython is initialized, before the app.
# Globals: _frost, a dict of the settings the launcher passes in.
import sys

if _frost["frozen"]:
    sys.frozen = True
if _frost["meipass"] is not None:
    sys._MEIPASS = _frost["meipass"]
if _frost["argvb"] is not None:
    sys.argvb = _frost["argvb"]
if _frost["doctor"] is not None:
    sys._frost_doctor = _frost["doctor"]


def _install_start_method(method):
    """Calls multiprocessing.set_start_method(method) when multiprocessing is
    first imported, whichever finder loads it: a meta path finder asks the
    other finders for the spec and wraps its loader's exec_module."""

    def apply(mp):
        if mp.get_start_method(allow_none=True) is None:
            mp.set_start_method(method)

    existing = sys.modules.get("multiprocessing")
    if existing is not None:
        apply(existing)
        return

    class Loader:
        def __init__(self, inner):
            self._inner = inner

        def __getattr__(self, name):
            return getattr(self._inner, name)

        def create_module(self, spec):
            return self._inner.create_module(spec)

        def exec_module(self, module):
            self._inner.exec_module(module)
            spec = getattr(module, "__spec__", None)
            if spec is not None and spec.loader is self:
                spec.loader = self._inner
            if getattr(module, "__loader__", None) is self:
                module.__loader__ = self._inner
            if finder in sys.meta_path:
                sys.meta_path.remove(finder)
            apply(module)

    class FrostStartMethodFinder:
        """frost: sets multiprocessing's start method on its first import."""

        def find_spec(self, name, path=None, target=None):
            if name != "multiprocessing":
                return None
            for other in list(sys.meta_path):
                find = getattr(other, "find_spec", None)
                if other is self or find is None:
                    continue
                spec = find(name, path, target)
                if spec is not None:
                    break
            else:
                return None
            if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = Loader(spec.loader)
            return spec

    finder = FrostStartMethodFinder()
    sys.meta_path.insert(0, finder)


if _frost["start_method"] is not None:
    _install_start_method(_frost["start_method"])


def _install_modules_writer(directory):
    import atexit

    def write_modules():
        import os

        name = "modules-%d-%s" % (os.getpid(), os.urandom(4).hex())
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            f.write("".join(m + "\n" for m in sorted(sys.modules)))

    atexit.register(write_modules)


if _frost["modules_dir"] is not None:
    _install_modules_writer(_frost["modules_dir"])
