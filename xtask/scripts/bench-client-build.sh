#!/usr/bin/env bash
# What the `client` feature of oxen-models costs to build: a clean `cargo build -p oxen-models`
# (debug, empty target directory, dependencies included) with the default features, then with
# `--features client`, back to back so both see the same machine load; the ratio is the figure
# to compare. Also lists the dependencies each build compiles, so that "without the feature,
# nothing changed" can be checked against `git stash`-ed or older trees.
# Usage: xtask/scripts/bench-client-build.sh [RUNS]   (default 1 run of each)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-1}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p')"
echo "rustc: $(rustc --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

crates() {
  cargo tree -q -p oxen-models -e normal --prefix none "$@" | sed 's/ (\*)$//' | sort -u | wc -l
}
echo "crates compiled: default $(crates), with client $(crates --features client)"

clean_build() {
  local target start end
  target=$(mktemp -d)
  start=$(date +%s.%N)
  CARGO_TARGET_DIR=$target cargo build -q -p oxen-models "$@"
  end=$(date +%s.%N)
  rm -rf "$target"
  echo "$end - $start" | bc
}

for run in $(seq "$runs"); do
  without=$(clean_build)
  with=$(clean_build --features client)
  printf 'run %d: clean build %6.1f s, with client %6.1f s, ratio %.2f\n' \
    "$run" "$without" "$with" "$(echo "$with / $without" | bc -l)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
