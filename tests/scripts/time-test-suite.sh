#!/usr/bin/env bash
# How long the full test suite (`cargo test --workspace`, as CI runs it) takes: the workspace's
# own crates rebuilt (dependencies already built, as on a developer's machine after the first
# build), then every test run. Prints the machine and its load, which on a shared machine
# decides most of the wall time.
#
# Usage: tests/scripts/time-test-suite.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export CI=true

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "rustc: $(rustc --version)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cargo build --workspace --all-targets -q # dependencies, so that only the crates below count
cargo clean -q -p oxen-codegen -p oxen-models -p oxen-tests -p xtask

start=$(date +%s)
cargo test --workspace --no-run -q 2>/dev/null
built=$(date +%s)
log=$(mktemp)
cargo test --workspace >"$log" 2>&1 || { tail -n 40 "$log"; exit 1; }
done_=$(date +%s)
rm -f "$log"

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "build of the workspace's crates and tests: $((built - start)) s"
echo "running every test (doctests included):   $((done_ - built)) s"
echo "total:                                      $((done_ - start)) s"
