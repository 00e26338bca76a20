#!/bin/sh
# Fills fuzz/corpus/ with the seed inputs: the configs of the tests and
# examples (check), the golden `frost eval` outputs (export), and the tail of
# an app built from examples/minimal (payload; needs a built frost and
# launcher: `cargo build --release --workspace`).
set -e
cd "$(dirname "$0")"
mkdir -p corpus/check corpus/export corpus/payload
cp ../tests/errors/*.bzl ../tests/corpus/pyoxidizer/*.bzl ../tests/fuzz_regressions/check/* corpus/check/
for d in ../examples/*/; do cp "$d/frost.bzl" "corpus/check/example-$(basename "$d").bzl"; done
cp ../tests/golden/*.json ../tests/fuzz_regressions/export/* corpus/export/
cp ../tests/fuzz_regressions/payload/* corpus/payload/
if [ -x ../target/release/frost ]; then
  out=$(mktemp -d)
  ../target/release/frost build ../examples/minimal/frost.bzl -o "$out" >/dev/null
  python3 - "$out"/* <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
i = b.find(b"FROST-STUB:")
open("corpus/payload/app-tail", "wb").write((b[i:i + 64] if i >= 0 else b"") + b"\0" * 16 + b[-4096:])
PY
  rm -rf "$out"
fi
