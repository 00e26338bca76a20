#!/usr/bin/env bash
# frost against its anchors, side by side and alternating, in one run:
# launcher start-up, worker round trips and peak RSS against python3, and
# start-up per CPython version with that version's stub;
# `frost check` against buildifier 8.2.1; `frost build` and `frost eval`;
# `frost build` (a bundle) against PyInstaller 6 and an import-heavy app
# against python3 (bench/bundles.py).
#
# Usage: bench/compare.sh [--quick] [--only all|anchors|bundles]
#   --quick  a quarter of the runs, to try the script out (noisier).
#   --only   one part of the table: `anchors` (python3, buildifier) or
#            `bundles` (PyInstaller, import-heavy).
#
# Builds the release binaries (cargo's target dir: $CARGO_TARGET_DIR, else
# target/), installs buildifier 8.2.1 from npm into <target>/npm-tools when
# missing, PyInstaller 6 from PyPI into <target>/bench-cache/pyinstaller
# (a venv) when missing, and prints a Markdown table of medians and ratios. Exits 0 even
# when a target is missed (the row says MISSED). Needs cargo, python3 (the
# same one the launcher links: pyo3 picks python3 on PATH) and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR=$ROOT/$TARGET_DIR ;; esac

echo "building release binaries in $TARGET_DIR ..." >&2
cargo build --release --workspace --exclude frost-launcher --quiet
FROST=$TARGET_DIR/release/frost

# A launcher stub per CPython version the machine has (frost-launcher-3.X
# next to the release frost), built as `frost launcher build` builds them
# (the `launcher` profile, launcher/README.md): every app of the bench,
# python3's version's included, runs one of these. The plain frost-launcher
# of `cargo build --release` (the release profile) would be picked first for
# python3's version, so it is not built, and one left from an earlier build
# is removed.
rm -f "$TARGET_DIR/release/frost-launcher"
echo "building the launcher stubs per CPython version ..." >&2
"$FROST" launcher build --all-found >&2

NPM_DIR=$TARGET_DIR/npm-tools
case "$(uname -m)" in
  x86_64) BIN=buildifier-linux_amd64 ;;
  aarch64) BIN=buildifier-linux_arm64 ;;
  *) echo "no buildifier binary for $(uname -m)" >&2; exit 1 ;;
esac
BUILDIFIER=$NPM_DIR/node_modules/@bazel/buildifier/$BIN
# (The version is read whole first: `| grep -q` would close the pipe early and,
# under pipefail, count as a failure.)
VERSION=$("$BUILDIFIER" --version 2>/dev/null || true)
if [ ! -x "$BUILDIFIER" ] || [[ "$VERSION" != *"version: 8.2.1"* ]]; then
  echo "installing buildifier 8.2.1 into $NPM_DIR ..." >&2
  mkdir -p "$NPM_DIR"
  npm install --prefix "$NPM_DIR" --no-save --no-audit --no-fund --loglevel=error @bazel/buildifier@8.2.1 >&2
fi

# PyInstaller 6 for the bundle rows: in a venv of the bench's own cache
# folder, never in the system's Python (bench only: CI does not need it).
PYI_VENV=$TARGET_DIR/bench-cache/pyinstaller
PYINSTALLER=$PYI_VENV/bin/pyinstaller
PYI_VERSION=$("$PYINSTALLER" --version 2>/dev/null || true)
if [[ "$PYI_VERSION" != 6.* ]]; then
  echo "installing PyInstaller 6 into $PYI_VENV ..." >&2
  python3 -m venv "$PYI_VENV"
  "$PYI_VENV/bin/pip" install --quiet --disable-pip-version-check 'pyinstaller>=6,<7' >&2
fi

# The real interpreter, not a pyenv shim (a shim adds its own start-up).
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then COMMIT="$COMMIT (work tree has uncommitted changes)"; fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 "$ROOT/bench/compare.py" --frost "$FROST" --python "$PYTHON" --buildifier "$BUILDIFIER" \
  --pyinstaller "$PYINSTALLER" --work "$WORK" --root "$ROOT" --commit "$COMMIT" "$@"
