#!/usr/bin/env bash
# Launcher benchmarks, side by side with plain python, in one run:
#   1. start-up: an app with run_command="pass", site_import=False
#      against `python3 -I -S -c pass` (target ratio <= 1.05);
#   2. a spawn and a forkserver worker round trip (Pool(1).apply) against
#      the same script under python3 -I (target ratio <= 1.10);
#   3. `frost build` wall time.
# Needs hyperfine. Usage: launcher/bench.sh [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${2:-30}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target-launcher}
cargo build --release -q -p frost-launcher -p frost
STUB=$CARGO_TARGET_DIR/release/frost-launcher
FROST=$CARGO_TARGET_DIR/release/frost
PY=$(python3 -c 'import sys; print(sys.executable)')
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/roundtrip.py" <<'PY'
import multiprocessing as mp, os, sys
if __name__ == "__main__":
    with mp.get_context(sys.argv[-1]).Pool(1) as pool:
        assert pool.apply(os.getpid) != os.getpid()
PY
cat > "$WORK/frost.bzl" <<BZL
def startup():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.run_command = "pass"
    config.site_import = False
    return dist.to_python_executable(name = "startup", config = config)

def roundtrip():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.run_filename = "$WORK/roundtrip.py"
    config.multiprocessing_start_method = "none"
    return dist.to_python_executable(name = "roundtrip", config = config)

register_target("startup", startup, default = True)
register_target("roundtrip", roundtrip)
resolve_targets()
BZL
export FROST_LAUNCHER=$STUB
"$FROST" build "$WORK/frost.bzl" --target startup -o "$WORK/dist" >/dev/null
"$FROST" build "$WORK/frost.bzl" --target roundtrip -o "$WORK/dist" >/dev/null

hyperfine -N --warmup 5 --runs "$RUNS" --export-markdown "$WORK/startup.md" \
  -n "python3 -I -S -c pass" "$PY -I -S -c pass" \
  -n "frost app (run_command=pass, site_import=False)" "$WORK/dist/startup"
hyperfine -N --warmup 2 --runs "$RUNS" --export-markdown "$WORK/roundtrip.md" \
  -n "python3 spawn" "$PY -I $WORK/roundtrip.py spawn" \
  -n "frost spawn" "$WORK/dist/roundtrip spawn" \
  -n "python3 forkserver" "$PY -I $WORK/roundtrip.py forkserver" \
  -n "frost forkserver" "$WORK/dist/roundtrip forkserver"
hyperfine -N --warmup 2 --runs "$RUNS" -n "frost build" "$FROST build $WORK/frost.bzl --target startup -o $WORK/dist"
cat "$WORK/startup.md" "$WORK/roundtrip.md"
# Interleaved runs (A B A B ...) are steadier than hyperfine's one-after-the-other
# on a machine that is busy with something else: medians of wall and CPU time.
cat > "$WORK/alt.py" <<'PY'
import os, statistics, sys, time
n, pairs = int(sys.argv[1]), sys.argv[2:]
for base, other in zip(pairs[::2], pairs[1::2]):
    cmds = [base.split(), other.split()]
    wall, cpu = [[], []], [[], []]
    for _ in range(n):
        for k, c in enumerate(cmds):
            t = time.perf_counter()
            _, status, ru = os.wait4(os.posix_spawn(c[0], c, os.environ), 0)
            assert status == 0, (c, status)
            wall[k].append(time.perf_counter() - t)
            cpu[k].append(ru.ru_utime + ru.ru_stime)
    med = lambda xs: 1e3 * statistics.median(xs)
    print("%-34s wall %7.2f ms  cpu %7.2f ms" % (os.path.basename(cmds[0][0]) + " " + cmds[0][-1], med(wall[0]), med(cpu[0])))
    print("%-34s wall %7.2f ms  cpu %7.2f ms" % (os.path.basename(cmds[1][0]) + " " + cmds[1][-1], med(wall[1]), med(cpu[1])))
    print("  ratio: wall %.3f, cpu %.3f" % (med(wall[1]) / med(wall[0]), med(cpu[1]) / med(cpu[0])))
PY
echo "Interleaved medians:"
python3 "$WORK/alt.py" 400 "$PY -I -S -c pass" "$WORK/dist/startup"
python3 "$WORK/alt.py" 30 "$PY -I $WORK/roundtrip.py spawn" "$WORK/dist/roundtrip spawn" \
  "$PY -I $WORK/roundtrip.py forkserver" "$WORK/dist/roundtrip forkserver"
