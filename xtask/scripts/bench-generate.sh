#!/usr/bin/env bash
# Measures what the README reports about generation and build cost:
#   1. the time to generate the whole catalog (release xtask, hyperfine);
#   2. a clean `cargo build -p oxen-models` from an empty target directory, all features and
#      one endpoint family at a time;
#   3. rebuilding oxen-models alone once its dependencies are built.
# Usage: xtask/scripts/bench-generate.sh   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p')"
echo "rustc: $(rustc --version)"
echo "models: $(grep -c '"id":' schemas/catalog.json)"

cargo build --release -q -p xtask
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
hyperfine --warmup 2 --runs 10 -N \
  "target/release/xtask generate --out $out/generated" \
  "target/release/xtask generate --check"

clean_build() {
  local label=$1; shift
  local target
  target=$(mktemp -d)
  local start end
  start=$(date +%s.%N)
  CARGO_TARGET_DIR=$target cargo build -q -p oxen-models "$@"
  end=$(date +%s.%N)
  printf '%-40s %6.1f s\n' "clean build, $label" "$(echo "$end - $start" | bc)"
  # The crate alone, its dependencies already built.
  touch generated/src/lib.rs
  start=$(date +%s.%N)
  CARGO_TARGET_DIR=$target cargo build -q -p oxen-models "$@"
  end=$(date +%s.%N)
  printf '%-40s %6.1f s\n' "oxen-models alone, $label" "$(echo "$end - $start" | bc)"
  rm -rf "$target"
}

clean_build "all features"
for family in chat image video audio; do
  clean_build "--features $family" --no-default-features --features "$family"
done
