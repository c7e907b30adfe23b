#!/usr/bin/env bash
# Compares what rebuilding the generated crate costs at two commits: `cargo build -p
# oxen-models` (debug, default features, dependencies already built) after touching its
# lib.rs, in a checkout of each commit, alternately, RUNS times each; prints wall and CPU
# (user + system) per build and the ratio of the median CPU times (AFTER / BEFORE).
# Usage: xtask/scripts/bench-crate-build.sh BEFORE [AFTER] [RUNS]   (AFTER: HEAD, RUNS: 3)
# Set CARGO_TARGET_DIR to reuse built dependencies (default: a fresh directory).
# Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/../.."
before=${1:?usage: bench-crate-build.sh BEFORE [AFTER] [RUNS]}
after=${2:-HEAD}
runs=${3:-3}

scratch=$(mktemp -d)
cleanup() {
  git worktree remove --force "$scratch/before" 2>/dev/null || true
  git worktree remove --force "$scratch/after" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$scratch/target}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p')"
echo "rustc: $(rustc --version)"
echo "before: $(git rev-parse --short "$before"), after: $(git rev-parse --short "$after")"
for side in before after; do
  rev=$before
  [ "$side" = after ] && rev=$after
  git worktree add --detach -q "$scratch/$side" "$rev"
  cargo build -q -p oxen-models --manifest-path "$scratch/$side/Cargo.toml"
done
echo "load average before the timed builds: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$runs"); do
  for side in before after; do
    touch "$scratch/$side/generated/src/lib.rs"
    /usr/bin/time -f "$side %e %U %S" -a -o "$scratch/times" \
      cargo build -q -p oxen-models --manifest-path "$scratch/$side/Cargo.toml"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '{printf "%-6s wall %6.1f s  CPU %6.1f s\n", $1, $2, $3 + $4}' "$scratch/times"
median() { grep "^$1 " "$scratch/times" | awk '{print $3 + $4}' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
b=$(median before)
a=$(median after)
echo "median CPU: before $b s, after $a s, ratio $(echo "scale=2; $a / $b" | bc)"
