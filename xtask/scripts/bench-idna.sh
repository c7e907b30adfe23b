#!/usr/bin/env bash
# Measures what the `jsonschema` crate's `idna` feature (needed to check the `idn-hostname`
# and `idn-email` formats) costs a clean build of oxen-models: one clean debug build with
# `cargo build --timings`, then the compile time of every crate the feature brings in (the
# crates of oxen-models' dependency tree that only `idna` needs), against the whole build. Serial compile time, summed over crates: with 2 cores the wall
# clock grows by less.
# Usage: xtask/scripts/bench-idna.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p')"
echo "rustc: $(rustc --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

target=$(mktemp -d)
trap 'rm -rf "$target"' EXIT
start=$(date +%s.%N)
CARGO_TARGET_DIR=$target cargo build -q -p oxen-models --timings
end=$(date +%s.%N)
printf 'clean build, wall clock: %.1f s\n' "$(echo "$end - $start" | bc)"

# The crates only the feature needs: those of the tree that are gone once idna is pruned
# (idna and the ICU4X normalization it pulls in).
tree() { cargo tree -q -p oxen-models -e normal,build --prefix none "$@" | sed 's/ v.*//' | sort -u; }
only_idna=$(comm -23 <(tree) <(tree --prune idna))
report=$(ls "$target"/cargo-timings/cargo-timing-*.html | head -1)
python3 - "$report" $only_idna <<'PY'
import json, re, sys
html = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);", html, re.S).group(1))
only = set(sys.argv[2:])
total = sum(u["duration"] for u in units)
extra = sum(u["duration"] for u in units if u["name"] in only)
names = sorted({u["name"] for u in units if u["name"] in only})
print(f"compile time of every crate, summed: {total:.1f} s")
print(f"crates the idna feature adds ({len(names)}): {extra:.1f} s ({100 * extra / total:.1f}%)")
print("  " + ", ".join(names))
PY
