# frost doctor: four checks of what multiprocessing needs (the Python version
# against the config's, the start method in effect, sys.frozen, and
# multiprocessing.spawn.get_executable() being this executable), then a real
# worker round trip with each start method, printed as one JSON object on
# stdout.
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
    "CPython %s (%s); the config asks for %s" % (sys.version.split()[0], sys.executable, _expected or "any"),
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

_ok = all(c["ok"] for c in _checks)
print(json.dumps({"ok": _ok, "executable": _d["exe"], "stub": _d["stub"], "checks": _checks}, indent=2))
sys.stdout.flush()
# Only `frost doctor` (which proves it with the app's key) gets 0 for a
# healthy report: a FROST_DOCTOR=1 left in a deployed app's environment must
# not pass for a successful run of the app.
sys.exit(_d["unconfirmed_exit"] if not _d["confirmed"] else 0 if _ok else 1)
