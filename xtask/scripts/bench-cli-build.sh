#!/usr/bin/env bash
# What the `oxen` command costs to build, and that oxen-models without its feature builds as
# before. Clean builds (debug, an empty target directory each, dependencies included), back
# to back so they see the same machine load; the ratios are the figures to compare:
#   1. `cargo build -p oxen-models` (default features) at BEFORE, a commit without the command;
#   2. the same at the working tree;
#   3. `cargo build -p oxen-models --features oxen --bin oxen` at the working tree.
# Also counts the crates each build compiles and the lines of generated Rust.
# Usage: xtask/scripts/bench-cli-build.sh BEFORE [RUNS]   (default 1 run of each)
set -euo pipefail
cd "$(dirname "$0")/../.."
before=${1:?usage: bench-cli-build.sh BEFORE_COMMIT [RUNS]}
runs=${2:-1}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p')"
echo "rustc: $(rustc --version)"
echo "before: $(git rev-parse --short "$before"), after: the working tree at $(git rev-parse --short HEAD)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

old=$(mktemp -d)
trap 'git worktree remove --force "$old" >/dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$old" "$before"

crates() {
  (cd "$1" && shift && cargo tree -q -p oxen-models -e normal --prefix none "$@" | sed 's/ (\*)$//' | sort -u | wc -l)
}
lines() { cat "$1"/generated/src/*.rs "$1"/generated/src/*/*.rs | wc -l; }
echo "crates compiled: before $(crates "$old"), after $(crates .), oxen $(crates . --features oxen)"
echo "generated Rust lines: before $(lines "$old"), after $(lines .)"

clean_build() {
  local dir=$1 target start end
  shift
  target=$(mktemp -d)
  start=$(date +%s.%N)
  (cd "$dir" && CARGO_TARGET_DIR=$target cargo build -q -p oxen-models "$@")
  end=$(date +%s.%N)
  rm -rf "$target"
  echo "$end - $start" | bc
}

for run in $(seq "$runs"); do
  base=$(clean_build "$old")
  now=$(clean_build .)
  oxen=$(clean_build . --features oxen --bin oxen)
  printf 'run %d: before %6.1f s, after %6.1f s (%.2f), oxen %6.1f s (%.2f of before)\n' \
    "$run" "$base" "$now" "$(echo "$now / $base" | bc -l)" "$oxen" "$(echo "$oxen / $base" | bc -l)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done
