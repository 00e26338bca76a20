# frost doctor: four checks of what multiprocessing needs (the Python version
# against the config's, the start method in effect, sys.frozen, and
# multiprocessing.spawn.get_executable() being this executable), a real
# worker round trip with each start method, then where the app's code comes
# from (libpython, every module's file, sys.path, the entry point: in a
# bundle all of them must be inside the app's folder), printed as one JSON
# object on stdout.
import json, os, sys, time

_d = sys.__dict__.pop("_frost_doctor")
# Workers must run as the app would, not as the doctor.
os.environ.pop(_d["env"], None)
_checks = []


def _check(name, ok, detail):
    _checks.append({"name": name, "ok": bool(ok), "detail": detail})


_running = "%d.%d" % sys.version_info[:2]
_expected = _d["python_version"]
_check(
    "version",
    not _expected or _running == _expected,
    "CPython %s runs (%s); the config asks for %s%s"
    % (sys.version.split()[0], sys.executable, _expected or "any version",
       "" if not _expected or _running == _expected else ": they differ, rebuild the app with the launcher for %s" % _expected),
)

import multiprocessing

_method = multiprocessing.get_start_method(allow_none=True)
if _d["expected_method"] is None:
    _check(
        "start_method",
        _method is None,
        "multiprocessing_start_method = \"none\": %s"
        % ("not set; CPython's default applies at first use" if _method is None else "but %r is set" % _method),
    )
else:
    _check(
        "start_method",
        _method == _d["expected_method"],
        "%r (multiprocessing_start_method = %r expects %r)" % (_method, _d["start_method"], _d["expected_method"]),
    )

_frozen = getattr(sys, "frozen", None)
_check(
    "sys_frozen",
    bool(_frozen),
    "sys.frozen = %r%s" % (_frozen, "" if _frozen else ": spawn workers are then started with -c"),
)

from multiprocessing import spawn

_exe = os.fsdecode(spawn.get_executable())
_problems = []
if not os.path.isfile(_exe):
    _problems.append("it does not exist")
else:
    if not os.path.samefile(_exe, _d["exe"]):
        _problems.append("it is not this executable (%s)" % _d["exe"])
    if not sys.executable or not os.path.samefile(_exe, sys.executable):
        _problems.append("it is not sys.executable (%r)" % sys.executable)
if not _d["auto_dispatch"]:
    _problems.append("multiprocessing_auto_dispatch is False, so it does not handle --multiprocessing-fork")
_check(
    "executable",
    not _problems,
    "spawn.get_executable() = %s%s"
    % (_exe, ": " + "; ".join(_problems) if _problems else ", this executable, which handles --multiprocessing-fork"),
)

for _m in multiprocessing.get_all_start_methods():
    if _m == "spawn" and not _d["auto_dispatch"]:
        _check("round_trip_" + _m, False, "skipped: with multiprocessing_auto_dispatch = False a spawn worker would run the app")
        continue
    _t = time.perf_counter()
    try:
        with multiprocessing.get_context(_m).Pool(1) as _pool:
            _pid = _pool.apply_async(os.getpid).get(timeout=60)
        _ms = (time.perf_counter() - _t) * 1000
        _check("round_trip_" + _m, _pid != os.getpid(), "a %s worker (pid %d) answered in %.0f ms" % (_m, _pid, _ms))
    except Exception as _e:
        _check("round_trip_" + _m, False, "a %s worker failed: %s: %s" % (_m, type(_e).__name__, _e))

# Where the app's code comes from. In a bundle (its config's home is the
# executable's folder) every module with a __file__, every sys.path entry,
# the app's entry point and libpython must be inside that folder (or the
# executable itself); outside a bundle they are reported, not judged.
_bundle = _d["bundle"] and os.path.realpath(_d["bundle"])
_real_exe = os.path.realpath(_d["exe"])


def _inside(path):
    real = os.path.realpath(path)
    return real == _real_exe or real.startswith(_real_exe + os.sep) or (
        bool(_bundle) and (real == _bundle or real.startswith(_bundle + os.sep))
    )


def _origin_of(path):
    """The sys.path entry (or folder) a module file comes from."""
    real = os.path.realpath(path)
    best = ""
    for entry in sys.path:
        entry = os.path.realpath(entry or ".")
        if real.startswith(entry + os.sep) and len(entry) > len(best):
            best = entry
    return best or os.path.dirname(real)


def _mapped():
    """The files mapped into this process (/proc/self/maps)."""
    with open("/proc/self/maps", encoding="utf-8", errors="surrogateescape") as maps:
        return {parts[5].strip() for parts in (line.split(None, 5) for line in maps) if len(parts) == 6}


_libpython = sorted(p for p in _mapped() if "libpython" in os.path.basename(p))
_outside_lib = [p for p in _libpython if not _inside(p)]
if _bundle:
    _check(
        "libpython",
        _libpython and not _outside_lib,
        "%s%s"
        % (", ".join(_libpython) or "no shared libpython is mapped",
           ": outside the app folder %s" % _bundle if _outside_lib else ", the bundle's own"),
    )
else:
    _check("libpython", True, "%s (not a bundle: the linked CPython's)" % (", ".join(_libpython) or "none mapped (static)"))

# Every other shared library mapped: in a bundle each must be inside the
# folder or one of the system's (glibc and the few every Linux has, the
# table frost build uses to decide what to carry). Each of the bundle's
# extension modules is imported first, so that the libraries they load are
# mapped and judged too (one that cannot load is left out, as the app would
# find), except _tkinter: its Tcl/Tk is the system's, with the libraries
# that one needs.
def _import_extension_modules():
    import importlib

    for entry in sys.path:
        if not (_bundle and _inside(entry) and os.path.isdir(entry) and os.path.basename(entry) == "lib-dynload"):
            continue
        for name in sorted(os.listdir(entry)):
            if name.endswith(".so") and not name.startswith(("_test", "_tkinter.")):
                try:
                    importlib.import_module(name.split(".")[0])
                except Exception:
                    pass


_import_extension_modules()


def _system_library(path):
    """Whether the mapped file `path` is one of the system's libraries: its
    name is one of the table's, or it is the file such a name in its folder
    leads to (before glibc 2.34, libc.so.6 is a link to libc-2.31.so)."""
    path = path[: -len(" (deleted)")] if path.endswith(" (deleted)") else path
    base = os.path.basename(path)
    if any(base == n or base.startswith(n + ".") for n in _d["system_libraries"]):
        return True
    folder, real = os.path.dirname(path), os.path.realpath(path)
    return any(os.path.realpath(os.path.join(folder, n)) == real for n in _d["system_libraries"] if os.path.exists(os.path.join(folder, n)))


_libraries = sorted(p for p in _mapped() if ".so" in os.path.basename(p) and "libpython" not in os.path.basename(p))
_foreign = [p for p in _libraries if not _inside(p) and not _system_library(p)]
_own = [p for p in _libraries if _inside(p)]
if _bundle:
    _check(
        "libraries",
        not _foreign,
        ("loaded from outside the app folder %s: %s" % (_bundle, ", ".join(_foreign)))
        if _foreign
        else "%d mapped: %d from the app folder, %d of the system's" % (len(_libraries), len(_own), len(_libraries) - len(_own)),
    )
else:
    _check("libraries", True, "not a bundle: %d mapped" % len(_libraries))

# The OpenSSL a bundle carries must find this machine's certificates (the
# launcher points SSL_CERT_FILE at the system's CA bundle when it is unset).
if _bundle and any("/libssl.so" in p and _inside(p) for p in _libraries):
    import ssl

    _paths = ssl.get_default_verify_paths()
    _check(
        "certificates",
        bool(_paths.cafile or (_paths.capath and os.listdir(_paths.capath))),
        "OpenSSL %s verifies with %s"
        % (ssl.OPENSSL_VERSION.split()[1], _paths.cafile or _paths.capath)
        if _paths.cafile or (_paths.capath and os.listdir(_paths.capath))
        else "OpenSSL finds no certificates (looked for %s and %s): set SSL_CERT_FILE to this machine's CA bundle"
        % (_paths.openssl_cafile, _paths.openssl_capath),
    )

_modules = {}
_outside = []
for _name, _m in sorted(list(sys.modules.items())):
    _file = getattr(_m, "__file__", None)
    if not isinstance(_file, str):
        continue
    _modules.setdefault(_origin_of(_file), []).append(_name)
    if _bundle and not _inside(_file):
        _outside.append({"module": _name, "file": _file})


def _entry_point():
    """(what, origin or None, why): the app's run_module or run_filename,
    found as Python would find it, without running any of its code."""
    import importlib.machinery, importlib.util

    if _d["run_module"]:
        parts = _d["run_module"].split(".")
        spec = importlib.util.find_spec(parts[0]) if parts[0] not in sys.modules else getattr(sys.modules[parts[0]], "__spec__", None)
        for i in range(1, len(parts) + 1):
            if spec is None:
                return "run_module `%s`" % _d["run_module"], None, "`%s` is not found on sys.path" % ".".join(parts[:i])
            if i == len(parts):
                break
            spec = importlib.machinery.PathFinder.find_spec(".".join(parts[: i + 1]), spec.submodule_search_locations or [])
        if spec.submodule_search_locations is not None:
            spec = importlib.machinery.PathFinder.find_spec(_d["run_module"] + ".__main__", spec.submodule_search_locations)
            if spec is None:
                return "run_module `%s`" % _d["run_module"], None, "the package has no __main__"
        if spec.origin in (None, "built-in", "frozen") or not spec.has_location:
            return "run_module `%s`" % _d["run_module"], spec.origin or "", None
        return "run_module `%s`" % _d["run_module"], spec.origin, None
    if _d["run_filename"]:
        return "run_filename", _d["run_filename"], None if os.path.exists(_d["run_filename"]) else "it does not exist"
    return None, None, None


try:
    _what, _where, _why = _entry_point()
except Exception as _e:
    _what, _where, _why = "run_module `%s`" % _d["run_module"], None, "%s: %s" % (type(_e).__name__, _e)
if _what is not None:
    if _why is not None:
        _check("entry_point", False, "%s: %s" % (_what, _why))
    elif _where and os.path.isabs(_where) and _bundle and not _inside(_where):
        _check("entry_point", False, "%s comes from %s, outside the app folder %s" % (_what, _where, _bundle))
        _outside.append({"module": _d["run_module"] or "__main__", "file": _where})
    else:
        _in_exe = bool(_where) and os.path.isabs(_where) and os.path.realpath(_where).startswith(_real_exe + os.sep)
        _check("entry_point", True, "%s comes from %s%s" % (_what, _where or "the interpreter", ", inside the executable" if _in_exe else ""))

_path_outside = [p for p in sys.path if not _inside(p or ".")] if _bundle else []
_summary = ", ".join("%d from %s" % (len(v), k) for k, v in sorted(_modules.items(), key=lambda kv: (-len(kv[1]), kv[0])))
if _bundle:
    _problems = ["%s from %s" % (o["module"], o["file"]) for o in _outside if o["module"] != (_d["run_module"] or "__main__")]
    _problems += ["sys.path has %s" % p for p in _path_outside]
    _check(
        "module_origins",
        not _problems,
        ("outside the app folder %s: %s" % (_bundle, "; ".join(_problems))) if _problems else "all inside the app folder: " + _summary,
    )
else:
    _check("module_origins", True, "not a bundle: " + _summary)

_ok = all(c["ok"] for c in _checks)
_running = sys.version.split()[0]
print(
    json.dumps(
        {
            "ok": _ok,
            "executable": _d["exe"],
            "stub": _d["stub"],
            "python": {"running": _running, "requested": _expected or None},
            "origins": {
                "bundle": _bundle or None,
                "libpython": _libpython,
                "libraries": _libraries,
                "libraries_outside": _foreign,
                "modules": {k: len(v) for k, v in sorted(_modules.items())},
                "outside": _outside,
                "sys_path_outside": _path_outside,
            },
            "checks": _checks,
        },
        indent=2,
    )
)
sys.stdout.flush()
# Only `frost doctor` (which proves it with the app's key) gets 0 for a
# healthy report: a FROST_DOCTOR=1 left in a deployed app's environment must
# not pass for a successful run of the app.
sys.exit(_d["unconfirmed_exit"] if not _d["confirmed"] else 0 if _ok else 1)
