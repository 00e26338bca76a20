"""The rows of bench/compare.py about apps that leave the build machine:
`frost build` (a bundle) against PyInstaller 6 (build time cold, warm and
after one edited app file; output size, start-up) on the same small
multiprocessing app, and an import-heavy app with its code in memory
against `python3 -I -S -c`.

Every comparison alternates its sides run by run, as compare.py does.
frost's runtime cache (`FROST_CACHE_DIR`) is the bench's own: a fresh,
empty folder for each cold build, one warmed folder for everything else,
so the user's `~/.cache/frost` neither helps nor changes.
"""

import json
import os
import shutil
import statistics
import subprocess
import time

# The same app for both tools: a package whose main runs a spawn pool.
MPAPP_INIT = '''\
import multiprocessing


def work(x):
    return x * x


def main():
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        assert pool.map(work, range(8)) == [x * x for x in range(8)]
'''
MPAPP_MAIN = '''\
import multiprocessing

from mpapp import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    main()
'''

# Fifty commonly used standard modules, imported by one statement.
HEAVY_MODULES = (
    "argparse asyncio base64 bisect calendar collections concurrent.futures contextlib copy csv "
    "dataclasses datetime decimal difflib email.message enum fnmatch fractions functools glob "
    "gzip hashlib heapq hmac html http.client inspect ipaddress json logging "
    "pathlib pickle platform pprint queue random shlex shutil socket statistics "
    "string struct subprocess tempfile textwrap threading typing urllib.parse uuid zipfile"
).split()
HEAVY = "import " + ", ".join(HEAVY_MODULES)

BZL = '''\
def bundle(name, run_module = None, run_command = None, with_app = False, sources = True):
    dist = default_python_distribution()
    policy = dist.make_python_packaging_policy()
    policy.include_distribution_sources = sources
    config = dist.make_python_interpreter_config()
    config.site_import = False
    if run_module:
        config.run_module = run_module
    if run_command:
        config.run_command = run_command
    exe = dist.to_python_executable(name = name, config = config, packaging_policy = policy)
    if with_app:
        exe.add_python_resources(exe.read_package_root(CWD, ["mpapp"]))
    return exe

register_target("mpapp", lambda: bundle("mpapp", run_module = "mpapp", with_app = True), default = True)
register_target("mpapp-bytecode", lambda: bundle("mpapp", run_module = "mpapp", with_app = True, sources = False))
register_target("trivial", lambda: bundle("trivial", run_command = "pass"))
register_target("heavy", lambda: bundle("heavy", run_module = "heavy", with_app = True))
resolve_targets()
'''


def du(path):
    """Bytes of every file under `path` (`du -sb`)."""
    out = subprocess.run(["du", "-sb", path], check=True, capture_output=True, text=True).stdout
    return int(out.split()[0])


def timed(argv, cwd, env=None):
    t = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    return time.perf_counter() - t


def mb(n):
    return "%.1f MB" % (n / 1e6)


def s(seconds):
    return "%.2f s" % seconds


def rows(table, frost, python, pyinstaller, work, q, alternate, ms):
    """Adds the bundle rows to `table`; returns notes for the header."""
    src = os.path.join(work, "bundles")
    os.makedirs(os.path.join(src, "mpapp"), exist_ok=True)
    files = {
        "mpapp/__init__.py": MPAPP_INIT,
        "mpapp/__main__.py": MPAPP_MAIN,
        "mpapp/heavy.py": HEAVY + "\n",
        "run.py": MPAPP_MAIN,
        "trivial.py": "pass\n",
        "frost.bzl": BZL.replace('run_module = "heavy"', 'run_module = "mpapp.heavy"'),
    }
    for name, text in files.items():
        with open(os.path.join(src, name), "w") as f:
            f.write(text)
    notes = []

    warm_cache = os.path.join(work, "frost-cache-warm")

    def frost_build(target, out, cache=warm_cache):
        env = dict(os.environ, FROST_CACHE_DIR=cache)
        return timed([frost, "build", "frost.bzl", "--target", target, "-o", out], src, env=env)

    def edit_app(i):
        """Changes one line of one app file, as a developer does between builds."""
        path = os.path.join(src, "mpapp", "__init__.py")
        with open(path) as f:
            lines = f.read().splitlines(True)
        lines[-1] = "        assert pool.map(work, range(8)) == [x * x for x in range(8)], %d\n" % i
        with open(path, "w") as f:
            f.writelines(lines)

    def pyi(mode, script, dist, build, clean):
        argv = [pyinstaller, "--noconfirm", "--log-level=ERROR", "--" + mode, "--distpath", dist, "--workpath", build,
                "--specpath", build, script]
        if clean:
            argv.insert(1, "--clean")
        return timed(argv, src)

    # Build times: a cold build writes into a fresh output folder with a
    # fresh, empty runtime cache (PyInstaller with --clean and a fresh work
    # folder); a warm one rebuilds the same app over its previous output with
    # nothing changed and a warm cache (PyInstaller: its work folder).
    runs = max(3 // q, 1)
    cold = {"frost": [], "onedir": [], "onefile": []}
    for i in range(runs):
        cache = os.path.join(work, "frost-cache-cold%d" % i)
        cold["frost"].append(frost_build("mpapp", os.path.join(work, "fc%d" % i), cache=cache))
        shutil.rmtree(cache)
        for mode in ("onedir", "onefile"):
            d = os.path.join(work, "p%s%d" % (mode, i))
            cold[mode].append(pyi(mode, "run.py", d + "/dist", d + "/build", clean=True))
    frost_build("mpapp", os.path.join(work, "fc0"))  # warms the warm cache (not timed)
    warm = {"frost": [], "onedir": [], "onefile": []}
    for _ in range(runs):
        warm["frost"].append(frost_build("mpapp", os.path.join(work, "fc0")))
        for mode in ("onedir", "onefile"):
            d = os.path.join(work, "p%s0" % mode)
            warm[mode].append(pyi(mode, "run.py", d + "/dist", d + "/build", clean=False))
    # A developer's rebuild: one line of one app file changed, then each
    # tool rebuilds over its previous output (warm cache, work folder).
    edited = {"frost": [], "onedir": []}
    for i in range(runs):
        edit_app(i)
        edited["frost"].append(frost_build("mpapp", os.path.join(work, "fc0")))
        d = os.path.join(work, "ponedir0")
        edited["onedir"].append(pyi("onedir", "run.py", d + "/dist", d + "/build", clean=False))
    for kind, times in (("cold", cold), ("warm", warm)):
        f = statistics.median(times["frost"])
        for mode in ("onedir", "onefile"):
            table.ratio(
                "Build, %s: `frost build` vs PyInstaller %s (multiprocessing app)" % (kind, mode),
                f, statistics.median(times[mode]), 1.0, s, len(times["frost"]))
    table.ratio(
        "Rebuild after one app file changed: `frost build` vs PyInstaller onedir (multiprocessing app)",
        statistics.median(edited["frost"]), statistics.median(edited["onedir"]), 1.0, s, len(edited["frost"]))

    # The apps work: a spawn pool in each (the output is checked, not timed).
    frost_app = os.path.join(work, "fc0", "mpapp", "mpapp")
    onedir_app = os.path.join(work, "ponedir0", "dist", "run", "run")
    onefile_app = os.path.join(work, "ponefile0", "dist", "run")
    for argv in ([frost_app], [onedir_app], [onefile_app]):
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)

    # Output size.
    fsize = du(os.path.join(work, "fc0", "mpapp"))
    table.ratio("Output size (du -sb): frost bundle vs PyInstaller onedir", fsize, du(os.path.dirname(onedir_app)), 1.0, mb, 1)
    table.ratio("Output size (du -sb): frost bundle vs PyInstaller onefile", fsize, du(onefile_app), None, mb, 1,
                note="(no target: a onefile is compressed)")
    # What PyInstaller ships of the standard library is bytecode only; the
    # default policy (PyOxidizer's) also ships its sources.
    frost_build("mpapp-bytecode", os.path.join(work, "fb"))
    table.ratio("Output size (du -sb): frost bundle, standard library as bytecode only (include_distribution_sources = False), vs PyInstaller onedir",
                du(os.path.join(work, "fb", "mpapp")), du(os.path.dirname(onedir_app)), 1.0, mb, 1)

    # Start-up of a trivial app (`pass`).
    frost_build("trivial", os.path.join(work, "ft"))
    pyi("onedir", "trivial.py", os.path.join(work, "pt", "dist"), os.path.join(work, "pt", "build"), clean=False)
    pyi("onefile", "trivial.py", os.path.join(work, "pt1", "dist"), os.path.join(work, "pt1", "build"), clean=False)
    res = alternate(
        [
            ("frost", [os.path.join(work, "ft", "trivial", "trivial")], (0,)),
            ("onedir", [os.path.join(work, "pt", "dist", "trivial", "trivial")], (0,)),
            ("onefile", [os.path.join(work, "pt1", "dist", "trivial")], (0,)),
            ("python", [python, "-I", "-S", "-c", "pass"], (0,)),
        ],
        runs=max(100 // q, 5),
        warmup=5,
    )
    med = {k: statistics.median(v[0]) for k, v in res.items()}
    n = len(res["frost"][0])
    table.ratio("Start-up, trivial app: frost bundle vs `python3 -I -S -c pass`", med["frost"], med["python"], 1.0, ms, n)
    # PyInstaller's own rows are reference figures, not frost's targets.
    table.ratio("Start-up, trivial app: PyInstaller onedir vs `python3 -I -S -c pass`", med["onedir"], med["python"], None, ms, n)
    table.ratio("Start-up, trivial app: PyInstaller onefile vs `python3 -I -S -c pass`", med["onefile"], med["python"], None, ms, n)

    # Import-heavy: fifty standard modules, the app's code in memory.
    frost_build("heavy", os.path.join(work, "fh"))
    res = alternate(
        [
            ("frost", [os.path.join(work, "fh", "heavy", "heavy")], (0,)),
            ("python", [python, "-I", "-S", "-c", HEAVY], (0,)),
        ],
        runs=max(100 // q, 5),
        warmup=5,
    )
    table.ratio(
        "Import-heavy: bundle importing 50 stdlib modules (app in memory) vs `python3 -I -S -c \"import ...\"`",
        statistics.median(res["frost"][0]), statistics.median(res["python"][0]), 0.9, ms, len(res["frost"][0]))

    version = subprocess.run([pyinstaller, "--version"], capture_output=True, text=True).stdout.strip()
    notes.append("PyInstaller: %s (in %s), apps built from the same sources with the same CPython" % (version, os.path.dirname(os.path.dirname(pyinstaller))))
    notes.append("Import-heavy modules: %s" % " ".join(HEAVY_MODULES))
    return notes
