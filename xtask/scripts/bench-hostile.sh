#!/usr/bin/env bash
# Times the generator on the large hostile inputs of tests/tests/hostile.rs (10,000-value enums,
# 60 and 100 levels of nesting, doubled $ref chains, a 5 MB schema), in release, and prints
# each figure. The tests themselves assert outcomes only, never times.
#
#   xtask/scripts/bench-hostile.sh [--profile dev]
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=(--release)
if [ "${1:-}" = "--profile" ]; then profile=(--profile "$2"); fi
cargo test "${profile[@]}" -q -p oxen-tests --test hostile -- --nocapture \
    --test-threads=1 enum nesting doubled a_5_mb 2>&1 | grep -oE '[0-9a-zA-Z ,]+: [0-9.]+(ns|µs|ms|s)$'
