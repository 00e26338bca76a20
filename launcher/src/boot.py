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


def _serve_stdlib_sources(stdlib, archive):
    """An app folder's standard library is sourceless X.pyc files, with
    the sources in one deflated archive beside it. The folder's finders
    load its modules with a loader whose code names the X.py beside the
    X.pyc (as if the source were there) and whose get_source reads the
    archive, so tracebacks, inspect, pdb and warnings show source lines."""
    import _frozen_importlib_external as bx
    import _imp

    prefix = stdlib + "/"

    class StdlibBytecodeLoader(bx.SourcelessFileLoader):
        def get_code(self, fullname):
            code = super().get_code(fullname)
            if code is not None:
                _imp._fix_co_filename(code, self.path[:-1])
            return code

        def get_source(self, fullname):
            # Only the folder's modules have this loader (stdlib_hook).
            import zipimport

            try:
                data = zipimport.zipimporter(archive).get_data(self.path[len(prefix) : -1])
            except (ImportError, OSError):
                return None
            return bx.decode_source(data)

    loaders = [
        (StdlibBytecodeLoader if loader is bx.SourcelessFileLoader else loader, suffixes)
        for loader, suffixes in bx._get_supported_file_loaders()
    ]
    finder = bx.FileFinder.path_hook(*loaders)

    def stdlib_hook(path):
        if path == stdlib or path.startswith(prefix):
            return finder(path)
        raise ImportError("not the app folder's standard library")

    sys.path_hooks.insert(0, stdlib_hook)
    for path in [p for p in sys.path_importer_cache if p == stdlib or p.startswith(prefix)]:
        del sys.path_importer_cache[path]
    # The modules CPython imported before this ran (encodings...).
    for module in list(sys.modules.values()):
        loader = getattr(module, "__loader__", None)
        if type(loader) is bx.SourcelessFileLoader and loader.path.startswith(prefix):
            loader.__class__ = StdlibBytecodeLoader


if _frost["stdlib_sources"] is not None:
    _serve_stdlib_sources(*_frost["stdlib_sources"])


def _serve_archive_sources():
    """zipimport, for an app folder's archives (its in-memory resources),
    with a module's code naming its file in the archive, as zipimport does
    for a source it compiles itself (frost compiled it at build time), and
    the source of the module run as __main__ found by its spec's name, so
    tracebacks show the app's own source lines."""
    import _imp
    import zipimport

    class FrostZipImporter(zipimport.zipimporter):
        def get_code(self, fullname):
            code = super().get_code(fullname)
            name = fullname.rpartition(".")[2]
            tail = "/__init__.py" if self.is_package(fullname) else ".py"
            _imp._fix_co_filename(code, "%s/%s%s%s" % (self.archive, self.prefix, name, tail))
            return code

        def get_source(self, fullname):
            if fullname == "__main__":
                spec = getattr(sys.modules.get("__main__"), "__spec__", None)
                if spec is not None and spec.loader is self:
                    fullname = spec.name
            return super().get_source(fullname)

    hooks = sys.path_hooks
    if zipimport.zipimporter in hooks:
        hooks[hooks.index(zipimport.zipimporter)] = FrostZipImporter
        cache = sys.path_importer_cache
        for path in [p for p, f in cache.items() if type(f) is zipimport.zipimporter]:
            del cache[path]


if _frost["bundle"]:
    _serve_archive_sources()


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
