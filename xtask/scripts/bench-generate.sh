#!/usr/bin/env bash
# Measures what the README reports about generation and build cost:
#   generate: whole-process `cargo xtask generate` (release xtask, hyperfine) into an empty
#             directory (every file written) beside its baseline, `cp -r` of the same files
#             into a new directory, on the disk and in tmpfs; with nothing changed (no file written) and
#             with --check, each with generate's record of its last run and without it (as on
#             a clean clone); and on a catalog of 10x the models synthesized from the
#             committed one (each model copied nine times under new ids), as a time ratio to
#             the 1x runs; CPU time (user + system) beside wall time, as the machine is shared;
#             peak memory (/usr/bin/time -v);
#   build:    a clean `cargo build -p oxen-models` from an empty target directory, all
#             features and one endpoint family at a time, then the crate alone rebuilt.
# Usage: xtask/scripts/bench-generate.sh [generate|build|all]   (default: all)
# Wait half a minute after deleting many files (this script deletes its scratch files on exit)
# before running it: see the comment on `fresh` below.
# Needs hyperfine and jq (apt-get install hyperfine jq) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rustc: $(rustc --version)"
echo "models: $(jq '.models | length' schemas/catalog.json)"

scratch=$(mktemp -d)
# Output directories in memory (tmpfs), where creating files costs the same in every run.
ram=$(mktemp -d -p /dev/shm)
trap 'rm -rf "$scratch" "$ram"' EXIT

# schemas/ with every model also present nine more times, as <id>-copy1 .. <id>-copy9.
synthesize_10x() {
  local out=$1
  cp -r schemas "$out"
  jq '.models |= (map(. as $m | [$m] + [range(1; 10) | tostring as $n
        | $m + {id: "\($m.id)-copy\($n)",
                schema: (if ($m.schema | startswith("models/"))
                         then "models/\($m.id)-copy\($n).json" else $m.schema end)}])
      | flatten | sort_by(.id))' schemas/catalog.json >"$out/catalog.json"
  local file id
  for file in schemas/models/*.json; do
    id=$(basename "$file" .json)
    for n in 1 2 3 4 5 6 7 8 9; do
      cp "$file" "$out/models/$id-copy$n.json"
    done
  done
}

bench_generate() {
  cargo build --release -q -p xtask
  local xtask=target/release/xtask
  # generate's record of its last run (xtask/src/fingerprint.rs), removed for the runs that
  # must generate in full, as on a clean clone.
  local record=target/release/xtask-generate.json
  local big=$scratch/schemas-10x
  synthesize_10x "$big"
  echo "10x catalog: $(jq '.models | length' "$big/catalog.json") models"
  # Populated outputs for the nothing-changed runs, and copies of each crate for the cp runs.
  $xtask generate --out "$scratch/same" 2>/dev/null
  $xtask generate --schemas "$big" --out "$scratch/same-10x" 2>/dev/null
  # Each full run writes into a directory that does not exist yet, and so does its baseline:
  # cp -r of the same files, what the kernel alone costs to create them there. The previous
  # run's output is moved aside, not deleted: right after thousands of files are deleted, ext4
  # skips their inodes as recently deleted when it allocates new ones (recently_deleted() in
  # its inode allocator), and creating the 10x crate's files then took 2.5 s of kernel time
  # instead of 0.12 s, for cp -r as for generate; that measures the deletion, not generation.
  # Other states of this disk slow file creation down too (cp -r of the 1x crate took from 14
  # to 107 ms, of the 10x crate from 0.12 to 1.1 s, in quiet runs minutes apart), so each full
  # run is also measured into tmpfs, where creating files costs the same every time: the 10x
  # ratio is read there.
  mkdir "$scratch/aside"
  local fresh="bash -c 'mv $scratch/fresh $scratch/aside/\$(date +%s%N) 2>/dev/null || true'"
  local fresh_ram="rm -rf $ram/fresh"
  local bare="rm -f $record"
  hyperfine --warmup 2 --runs 15 -N --export-json "$scratch/generate.json" \
    --prepare "$fresh" -n "full generate (empty output directory)" \
    "$xtask generate --out $scratch/fresh" \
    --prepare "$fresh" -n "cp -r of the generated crate (baseline)" \
    "cp -r $scratch/same $scratch/fresh" \
    --prepare "$fresh_ram" -n "full generate into tmpfs" \
    "$xtask generate --out $ram/fresh" \
    --prepare "$fresh_ram" -n "cp -r into tmpfs (baseline)" \
    "cp -r $scratch/same $ram/fresh" \
    --prepare true -n "generate, nothing changed" \
    "$xtask generate --out $scratch/same" \
    --prepare "$bare" -n "generate, nothing changed, no record" \
    "$xtask generate --out $scratch/same" \
    --prepare true -n "generate --check" \
    "$xtask generate --check" \
    --prepare "$bare" -n "generate --check, no record" \
    "$xtask generate --check"
  hyperfine --warmup 1 --runs 5 -N --export-json "$scratch/generate-10x.json" \
    --prepare "$fresh" -n "full generate, 10x catalog" \
    "$xtask generate --schemas $big --out $scratch/fresh" \
    --prepare "$fresh" -n "cp -r of the generated crate, 10x catalog (baseline)" \
    "cp -r $scratch/same-10x $scratch/fresh" \
    --prepare "$fresh_ram" -n "full generate into tmpfs, 10x catalog" \
    "$xtask generate --schemas $big --out $ram/fresh" \
    --prepare "$fresh_ram" -n "cp -r into tmpfs, 10x catalog (baseline)" \
    "cp -r $scratch/same-10x $ram/fresh" \
    --prepare true -n "generate, nothing changed, 10x catalog" \
    "$xtask generate --schemas $big --out $scratch/same-10x" \
    --prepare "$bare" -n "generate, nothing changed, no record, 10x catalog" \
    "$xtask generate --schemas $big --out $scratch/same-10x"
  jq -rs '(.[0].results + .[1].results | map({key: .command, value: .}) | from_entries) as $r
    | def cpu(n): $r[n].user + $r[n].system;
      def ratio(a; b): (a / b * 100 | round / 100);
    "CPU (user + system, means) and wall (medians) of each run:",
    ($r | to_entries[] | "  \(.key): CPU \(.value.user + .value.system | . * 1000 | round) ms, wall \(.value.median * 1000 | round) ms"),
    "full generate / cp -r baseline (wall medians): 1x \(ratio($r["full generate (empty output directory)"].median; $r["cp -r of the generated crate (baseline)"].median))x, 10x \(ratio($r["full generate, 10x catalog"].median; $r["cp -r of the generated crate, 10x catalog (baseline)"].median))x",
    "10x / 1x (wall medians): full \(ratio($r["full generate, 10x catalog"].median; $r["full generate (empty output directory)"].median))x, cp -r \(ratio($r["cp -r of the generated crate, 10x catalog (baseline)"].median; $r["cp -r of the generated crate (baseline)"].median))x, nothing changed \(ratio($r["generate, nothing changed, 10x catalog"].median; $r["generate, nothing changed"].median))x, nothing changed without the record \(ratio($r["generate, nothing changed, no record, 10x catalog"].median; $r["generate, nothing changed, no record"].median))x",
    "10x / 1x (wall medians) into tmpfs: full \(ratio($r["full generate into tmpfs, 10x catalog"].median; $r["full generate into tmpfs"].median))x, cp -r \(ratio($r["cp -r into tmpfs, 10x catalog (baseline)"].median; $r["cp -r into tmpfs (baseline)"].median))x",
    "10x / 1x (CPU): full \(ratio(cpu("full generate, 10x catalog"); cpu("full generate (empty output directory)")))x, full into tmpfs \(ratio(cpu("full generate into tmpfs, 10x catalog"); cpu("full generate into tmpfs")))x, nothing changed without the record \(ratio(cpu("generate, nothing changed, no record, 10x catalog"); cpu("generate, nothing changed, no record")))x"' \
    "$scratch/generate.json" "$scratch/generate-10x.json"
  local label schemas
  for label in 1x 10x; do
    schemas=schemas
    [ "$label" = 10x ] && schemas=$big
    rm -rf "$scratch/fresh"
    /usr/bin/time -v $xtask generate --schemas "$schemas" --out "$scratch/fresh" 2>"$scratch/time.txt" ||
      { cat "$scratch/time.txt"; exit 1; }
    printf 'peak memory, full generate, %s catalog: %s MB\n' "$label" \
      "$(awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}' "$scratch/time.txt")"
  done
  # The incremental write keeps cargo idle: nothing to compile after an unchanged generate.
  cargo build -q -p oxen-models
  $xtask generate 2>/dev/null
  local start end
  start=$(date +%s.%N)
  cargo build -q -p oxen-models
  end=$(date +%s.%N)
  printf 'cargo build -p oxen-models right after an unchanged generate: %.2f s\n' "$(echo "$end - $start" | bc)"
}

clean_build() {
  local label=$1
  shift
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

bench_build() {
  clean_build "all features"
  for family in chat image video audio; do
    clean_build "--features $family" --no-default-features --features "$family"
  done
}

case $what in
  generate) bench_generate ;;
  build) bench_build ;;
  all) bench_generate && bench_build ;;
  *) echo "usage: $0 [generate|build|all]" >&2 && exit 2 ;;
esac
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
