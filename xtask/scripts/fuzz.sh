#!/usr/bin/env bash
# Fuzzes the schema loader and generator (codegen/fuzz, target `generate`) for a bounded time.
# Not run in CI: it needs a nightly toolchain and cargo-fuzz.
#
#   xtask/scripts/fuzz.sh [SECONDS]     # default 300
#
# Seeds: every schema of tests/fixtures/hostile (codegen/fuzz/seeds) and of schemas/models.
# A crash leaves its input in codegen/fuzz/artifacts/generate/; reproduce it with
#   cargo +nightly fuzz run generate codegen/fuzz/artifacts/generate/<file>
set -euo pipefail
cd "$(dirname "$0")/../../codegen"
seconds="${1:-300}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
corpus="fuzz/corpus/generate"
mkdir -p "$corpus"
cp -n fuzz/seeds/* "$corpus"/ 2>/dev/null || true
for model in ../schemas/models/*.json; do
    name="$(basename "$model" .json)"
    [ -e "$corpus/model-$name" ] || { printf '\0'; cat "$model"; } > "$corpus/model-$name"
done
# Each input is at most 64 KiB; each run is capped at 10 s and 2 GiB (a hang or a blow-up
# counts as a crash).
exec cargo +nightly fuzz run generate "$corpus" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048
