#!/usr/bin/env python3
"""frost against its anchors, side by side, in one run (stdlib only).

Called by bench/compare.sh, which builds the release binaries and installs
buildifier first. Every comparison alternates its commands run by run
(A, B, A, B, ...) after a warm-up, so drift in the machine's load hits both
sides alike, and compares medians. It prints a Markdown table and exits 0
even when a target is missed (the row says MISSED); it exits 1 only when a
measurement itself could not be made.
"""

import argparse
import json
import os
import shutil
import platform
import statistics
import subprocess
import sys
import time

# The worker round trip, run as a script under both sides. It times start +
# join of a no-op Process inside the process, after a warm-up (the first
# forkserver start launches the server; the first start of each method
# imports its modules), and writes the times to the file it is given.
ROUNDTRIP = '''\
import json, multiprocessing, sys, time


def noop():
    pass


def once(ctx):
    p = ctx.Process(target=noop)
    t = time.perf_counter()
    p.start()
    p.join()
    dt = time.perf_counter() - t
    if p.exitcode != 0:
        raise SystemExit("worker exit code %r" % p.exitcode)
    return dt


if __name__ == "__main__":
    method, count, out = sys.argv[-3], int(sys.argv[-2]), sys.argv[-1]
    ctx = multiprocessing.get_context(method)
    for _ in range(3):
        once(ctx)
    times = [once(ctx) for _ in range(count)]
    with open(out, "w") as f:
        json.dump(times, f)
'''

# A small app for the second peak-RSS row: start-up plus some stdlib.
IMPORTS = "import json, decimal, asyncio, re, collections; json.dumps(list(range(1000)))"

# The config of the apps the launcher runs.
APPS_BZL = '''\
def app(name, **attrs):
    dist = default_python_distribution()
    config = PythonInterpreterConfig(site_import = False, **attrs)
    return dist.to_python_executable(name = name, config = config)

def startup():
    return app("startup", run_command = "pass")

def imports():
    return app("imports", run_command = {imports})

def probe():
    return app("probe", run_command = "import sys; print(sys.version.split()[0], sys.prefix, sys.flags.isolated, sys.flags.no_site)")

def roundtrip():
    return app("roundtrip", run_filename = {roundtrip}, multiprocessing_start_method = "none")

register_target("startup", startup, default = True)
register_target("imports", imports)
register_target("probe", probe)
register_target("roundtrip", roundtrip)
resolve_targets()
'''

DEVNULL = os.open(os.devnull, os.O_RDWR)


def run_once(argv, ok=(0,)):
    """Runs argv with stdin/stdout/stderr on /dev/null; returns (seconds, peak RSS in KiB)."""
    actions = [(os.POSIX_SPAWN_DUP2, DEVNULL, fd) for fd in (0, 1, 2)]
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    t1 = time.perf_counter_ns()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise RuntimeError("%s exited %d (expected %s)" % (" ".join(argv), code, ok))
    return (t1 - t0) / 1e9, usage.ru_maxrss


def alternate(commands, runs, warmup):
    """Runs each (name, argv, ok) in turn, `runs` rounds after `warmup`
    rounds; returns {name: ([seconds], [rss KiB])}."""
    for _ in range(warmup):
        for _, argv, ok in commands:
            run_once(argv, ok)
    out = {name: ([], []) for name, _, _ in commands}
    for _ in range(runs):
        for name, argv, ok in commands:
            t, rss = run_once(argv, ok)
            out[name][0].append(t)
            out[name][1].append(rss)
    return out


def roundtrips(commands, method, processes, per_process, work):
    """Alternates the round-trip script under each command; returns
    {name: [seconds of every round trip]}."""
    out = {name: [] for name, _ in commands}
    result = os.path.join(work, "roundtrip.json")
    for _ in range(processes):
        for name, argv in commands:
            run_once(argv + [method, str(per_process), result])
            with open(result) as f:
                out[name].extend(json.load(f))
    return out


def ms(seconds):
    return "%.2f ms" % (seconds * 1e3)


def mib(kib):
    return "%.1f MiB" % (kib / 1024)


class Table:
    def __init__(self):
        self.rows = []
        self.misses = 0

    def ratio(self, what, frost, base, target, fmt, n, note=""):
        """A row that compares frost's median with the baseline's; with
        `target` None, a figure for reference, with no verdict."""
        r = frost / base
        if target is None:
            self.rows.append((what, fmt(frost), fmt(base), "%.3f" % r, "-", "-", n, note))
            return
        met = r <= target
        self.misses += not met
        self.rows.append((what, fmt(frost), fmt(base), "%.3f" % r, "<= %.2f" % target, "met" if met else "**MISSED**", n, note))

    def absolute(self, what, frost, fmt, n, limit=None, note=""):
        """A row with no baseline; `limit` is an upper bound, if any."""
        if limit is None:
            verdict, target = "-", "-"
        else:
            met = frost < limit
            self.misses += not met
            verdict, target = ("met" if met else "**MISSED**"), "< " + fmt(limit)
        self.rows.append((what, fmt(frost), "-", "-", target, verdict, n, note))

    def render(self):
        head = ("Measurement", "frost (median)", "baseline (median)", "ratio", "target", "result", "n")
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * len(head)) + "|"]
        for row in self.rows:
            what, *cells, n, note = row
            lines.append("| " + " | ".join([what + (" " + note if note else "")] + cells + [str(n)]) + " |")
        return "\n".join(lines)


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            mem = "%.1f GiB" % (kib / 1024 / 1024)
    except (OSError, ValueError, IndexError):
        pass
    osname = platform.platform()
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osname = line.split("=", 1)[1].strip().strip('"') + ", Linux " + platform.release()
    except OSError:
        pass
    return "%d cores (nproc), %s, %s RAM, %s" % (os.cpu_count() or 0, model, mem, osname)


# --- Start-up per CPython version (issue 14): self-contained, one call in main().
VERSION_BZL = """\
def startup():
    dist = default_python_distribution(python_version = {version})
    config = PythonInterpreterConfig(site_import = False, run_command = "pass")
    return dist.to_python_executable(name = "startup", config = config)

register_target("startup", startup, default = True)
resolve_targets()
"""


def per_version_startup(frost, work, q, table):
    """A start-up row for every CPython with a stub next to frost
    (`frost-launcher-3.X`, made by `frost launcher build --all-found`): the
    app built for that version against that version's own `python3.X -I -S
    -c pass`. Returns the versions measured, with their interpreters."""
    found = json.loads(subprocess.run([frost, "python", "list", "--format", "json"], check=True, capture_output=True, text=True).stdout)
    stub_dir = os.path.dirname(frost)
    measured = []
    for f in found:
        version = f.get("version")
        if f.get("skipped") or not version or version in (v for v, _ in measured):
            continue
        if not os.path.isfile(os.path.join(stub_dir, "frost-launcher-" + version)):
            continue
        python = os.path.realpath(f["executable"])
        bzl = os.path.join(work, "startup-%s.bzl" % version)
        with open(bzl, "w") as out:
            out.write(VERSION_BZL.format(version=json.dumps(version)))
        dist = os.path.join(work, "dist-%s" % version)
        subprocess.run([frost, "build", bzl, "-o", dist], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        app = os.path.join(dist, "startup", "startup")
        res = alternate([("frost", [app], (0,)), ("python", [python, "-I", "-S", "-c", "pass"], (0,))], runs=100 // q, warmup=5)
        table.ratio(
            "Start-up, CPython %s: app `pass` vs `python%s -I -S -c pass`" % (version, version),
            statistics.median(res["frost"][0]),
            statistics.median(res["python"][0]),
            1.05,
            ms,
            len(res["frost"][0]),
        )
        measured.append((version, python))
    return sorted(measured, key=lambda m: int(m[0].split(".")[1]))


FROST_TOML = """\
# What a repository's frost.toml typically holds.
select = ["invalid-value", "unknown-attribute", "unused", "conflicting-run-attributes", "start-method-unavailable"]
ignore = ["unused-assign"]
extend-exclude = ["vendor/**"]

[per-file-ignores]
"configs/c0*.bzl" = ["unused-load"]

[severity]
unused-load = "note"

[vars]
version = "1.0.0"
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--frost", required=True)
    ap.add_argument("--python", required=True, help="the interpreter the launcher links (full path, not a shim)")
    ap.add_argument("--buildifier", required=True)
    ap.add_argument("--work", required=True, help="a scratch folder")
    ap.add_argument("--root", required=True, help="the repository (for its examples)")
    ap.add_argument("--commit", default="unknown", help="what was measured, for the header")
    ap.add_argument("--quick", action="store_true", help="fewer runs, for trying the script out")
    ap.add_argument("--pyinstaller", help="PyInstaller 6's executable, for the bundle rows (bench/bundles.py)")
    ap.add_argument("--only", choices=("all", "anchors", "bundles"), default="all",
                    help="anchors: the launcher, check, build and eval rows; bundles: the rows of bench/bundles.py")
    args = ap.parse_args()
    q = 4 if args.quick else 1
    work = args.work
    frost, python, buildifier = args.frost, args.python, args.buildifier

    # The apps, built by the frost under test.
    script = os.path.join(work, "roundtrip.py")
    with open(script, "w") as f:
        f.write(ROUNDTRIP)
    bzl = os.path.join(work, "apps.bzl")
    with open(bzl, "w") as f:
        f.write(APPS_BZL.format(imports=json.dumps(IMPORTS), roundtrip=json.dumps(script)))
    dist = os.path.join(work, "dist")
    for target in ("startup", "imports", "probe", "roundtrip"):
        subprocess.run([frost, "build", bzl, "--target", target, "-o", dist], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Each app is the folder frost build writes by default: DIST/NAME/NAME.
    app = lambda name: os.path.join(dist, name, name)  # noqa: E731

    probe_app = subprocess.run([app("probe")], check=True, capture_output=True, text=True).stdout.split()
    probe_py = subprocess.run(
        [python, "-I", "-S", "-c", "import sys; print(sys.version.split()[0], sys.prefix, sys.flags.isolated, sys.flags.no_site)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    bversion = subprocess.run([buildifier, "--version"], capture_output=True, text=True).stdout.strip().splitlines()[0]

    # The check inputs: one typical config; 400 configs in a folder (the
    # examples in turn, each copy numbered so no two files are the same).
    examples = sorted(
        os.path.join(args.root, "examples", d, "frost.bzl")
        for d in os.listdir(os.path.join(args.root, "examples"))
        if os.path.isfile(os.path.join(args.root, "examples", d, "frost.bzl"))
    )
    typical = os.path.join(args.root, "examples", "minimal", "frost.bzl")
    one = os.path.join(work, "one", "frost.bzl")
    os.makedirs(os.path.dirname(one), exist_ok=True)
    with open(typical) as f:
        typical_text = f.read()
    with open(one, "w") as f:
        f.write(typical_text)
    many = os.path.join(work, "many")
    os.makedirs(many, exist_ok=True)
    # The examples read their code with read_package_root("app", ...): one
    # app folder holding every example's packages serves both inputs.
    for folder in (os.path.dirname(one), many):
        for example in examples:
            shutil.copytree(os.path.join(os.path.dirname(example), "app"), os.path.join(folder, "app"), dirs_exist_ok=True)
    for i in range(400):
        with open(examples[i % len(examples)]) as f:
            text = f.read()
        with open(os.path.join(many, "c%03d.bzl" % i), "w") as f:
            f.write("# config %d\n%s" % (i, text))
    # The same 400 configs under a frost.toml that uses every kind of
    # setting that does not multiply the work (target-triples would: each
    # triple is one more check of every file).
    configured = os.path.join(work, "configured")
    args.configured = configured
    shutil.copytree(many, os.path.join(configured, "configs"))
    with open(os.path.join(configured, "frost.toml"), "w") as f:
        f.write(FROST_TOML)
    # 400 empty files: what `frost check` costs without evaluating anything
    # (start, folder walk, reads, settings, report), so the most a cache of
    # results keyed by content could save is the difference.
    empty = os.path.join(work, "empty")
    args.empty = empty
    os.makedirs(empty, exist_ok=True)
    for i in range(400):
        open(os.path.join(empty, "c%03d.bzl" % i), "w").close()
    out_dir = os.path.join(work, "build-out")

    table = Table()
    env_note = []
    if args.only != "anchors":
        import bundles

        env_note += bundles.rows(table, frost, python, args.pyinstaller, work, q, alternate, ms)
    if args.only != "bundles":
        env_note += anchors(table, args, q, app, script, bzl, out_dir, one, many, typical)
    report(table, args, probe_app, probe_py, bversion, env_note)
    return 0


def anchors(table, args, q, app, script, bzl, out_dir, one, many, typical):
    """The rows against the anchors: python3, buildifier, frost's own.
    Returns notes for the environment lines under the table."""
    python, frost, buildifier, work = args.python, args.frost, args.buildifier, args.work
    configured, empty = args.configured, args.empty
    env_note = []

    # 1. Start-up (and, from the same runs, peak RSS).
    res = alternate(
        [("frost", [app("startup")], (0,)), ("python", [python, "-I", "-S", "-c", "pass"], (0,))],
        runs=200 // q,
        warmup=10,
    )
    (ft, frss), (pt, prss) = res["frost"], res["python"]
    table.ratio("Start-up: app `pass`, site_import=False vs `python3 -I -S -c pass`", statistics.median(ft), statistics.median(pt), 1.05, ms, len(ft))

    # 1b. Start-up for each CPython version with a stub.
    versions = per_version_startup(frost, work, q, table)
    env_note.append("Start-up per version: " + (", ".join("%s (%s)" % m for m in versions) or "no frost-launcher-3.X stubs"))

    # 2. Worker round trips.
    for method in ("spawn", "forkserver", "fork"):
        res = roundtrips([("frost", [app("roundtrip")]), ("python", [python, "-I", "-S", script])], method, 10 // q or 1, 20, work)
        table.ratio(
            "Worker round trip, %s: start + join of a no-op Process" % method,
            statistics.median(res["frost"]),
            statistics.median(res["python"]),
            1.10,
            ms,
            len(res["frost"]),
        )

    # 3. Peak RSS: the start-up runs above, and an app that imports some stdlib.
    table.ratio("Peak RSS: app `pass` vs `python3 -I -S -c pass`", statistics.median(frss), statistics.median(prss), 1.05, mib, len(frss))
    res = alternate(
        [("frost", [app("imports")], (0,)), ("python", [python, "-I", "-S", "-c", IMPORTS], (0,))], runs=60 // q, warmup=3
    )
    table.ratio(
        "Peak RSS: app importing json, decimal, asyncio, re vs the same under `python3 -I -S -c`",
        statistics.median(res["frost"][1]),
        statistics.median(res["python"][1]),
        1.05,
        mib,
        len(res["frost"][1]),
    )

    # 4. frost check vs buildifier --lint=warn --mode=check, same files.
    res = alternate(
        [
            ("frost", [frost, "check", one], (0,)),
            ("buildifier", [buildifier, "--lint=warn", "--mode=check", one], (0, 4)),
        ],
        runs=100 // q,
        warmup=5,
    )
    table.ratio("`frost check` vs buildifier 8.2.1, one config", statistics.median(res["frost"][0]), statistics.median(res["buildifier"][0]), 1.0, ms, len(res["frost"][0]))
    res = alternate(
        [
            ("frost", [frost, "check", many], (0,)),
            ("buildifier", [buildifier, "--lint=warn", "--mode=check", "-r", many], (0, 4)),
        ],
        runs=30 // q,
        warmup=2,
    )
    table.ratio("`frost check` vs buildifier 8.2.1, 400 configs in a folder", statistics.median(res["frost"][0]), statistics.median(res["buildifier"][0]), 1.0, ms, len(res["frost"][0]))
    res = alternate(
        [
            ("frost", [frost, "check", configured], (0,)),
            ("buildifier", [buildifier, "--lint=warn", "--mode=check", "-r", configured], (0, 4)),
        ],
        runs=30 // q,
        warmup=2,
    )
    table.ratio("`frost check` vs buildifier 8.2.1, 400 configs with a frost.toml", statistics.median(res["frost"][0]), statistics.median(res["buildifier"][0]), 1.0, ms, len(res["frost"][0]))
    res = alternate([("frost", [frost, "check", empty], (0,))], runs=30 // q, warmup=2)
    table.absolute("`frost check`, 400 empty files: the floor a result cache could not go under", statistics.median(res["frost"][0]), ms, len(res["frost"][0]))

    # 5. frost build and frost eval, whole processes.
    res = alternate([("build", [frost, "build", "--linked", bzl, "-o", out_dir], (0,))], runs=60 // q, warmup=3)
    table.absolute("`frost build --linked` (start-up app, the development build), wall time", statistics.median(res["build"][0]), ms, len(res["build"][0]), limit=0.050)
    res = alternate([("eval", [frost, "eval", typical], (0,))], runs=100 // q, warmup=5)
    table.absolute("`frost eval` of a typical config (examples/minimal), whole process", statistics.median(res["eval"][0]), ms, len(res["eval"][0]))
    return env_note


def report(table, args, probe_app, probe_py, bversion, env_note):

    try:
        load = "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        load = "unknown"
    print("## frost benchmarks against their anchors\n")
    print("- Machine: %s" % machine())
    print("- frost: %s" % args.commit)
    print("- CPython: launcher %s (%s), python3 %s (%s); flags isolated/no_site: launcher %s/%s, python %s/%s"
          % (probe_app[0], probe_app[1], probe_py[0], probe_py[1], probe_app[2], probe_app[3], probe_py[2], probe_py[3]))
    print("- buildifier: %s" % bversion)
    print("- Load average at the end: %s" % load)
    for note in env_note:
        print("- " + note)
    print()
    print(table.render())
    print()
    print("Targets missed: %d" % table.misses)


if __name__ == "__main__":
    sys.exit(main())
