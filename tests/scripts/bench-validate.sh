#!/usr/bin/env bash
# Benchmarks offline payload validation.
#
# 1. criterion: `oxen_models::validate_payload` against a bare `jsonschema` validator compiled
#    from the same payload schema, single thread, validators reused (tests/benches/validate.rs);
#    prints the overhead of the library call per payload; then a typed request's `validate()`
#    against `validate_payload` of the same payload, as a ratio.
# 2. `oxen-validate --ndjson` (release build, whole process, hyperfine) on a file of 100,000
#    realistic payloads of several models (about 5% invalid), on every core and on one
#    (RAYON_NUM_THREADS=1), against the bare single-threaded loop measured in the same run
#    (tests/examples/bare_ndjson_loop.rs: serde_json parse + the cached `jsonschema`
#    validator's `is_valid`, nothing collected or printed), and against the same loop with
#    oxen-validate's allocator, mimalloc (bare_ndjson_loop_mimalloc); prints the ratios. Then the peak
#    memory (/usr/bin/time -v) of `oxen-validate --ndjson` on that file and on a log of about
#    1 GB (the file repeated).
# 3. the same file checked by the Python `jsonschema` package the same way (draft 2020-12,
#    `format` checked, validators cached per model, every error collected); prints payloads per
#    second and the ratio.
#
# Usage: tests/scripts/bench-validate.sh [PAYLOADS]   (default 100000; SKIP_CRITERION=1 skips
# 1., ONLY_CRITERION=1 runs only 1., SKIP_PYTHON=1 skips 3.)
# Needs cargo, hyperfine, jq, GNU time and python3; 3. needs python3 with venv and installs
# `jsonschema[format-nongpl]` from PyPI into a temporary virtualenv (the `format-nongpl` extra
# is what makes Python check `format: uri`).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
COUNT=${1:-100000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rustc: $(rustc --version)"

if [[ "${SKIP_CRITERION:-}" != 1 ]]; then
  echo
  echo "== criterion: validate_payload vs bare jsonschema (single thread) =="
  cargo bench -q -p oxen-tests --bench validate -- --noplot >"$WORK/criterion.txt" 2>&1 || {
    cat "$WORK/criterion.txt"; exit 1; }
  python3 - "$TARGET/criterion" <<'PY'
import json, os, sys
root = sys.argv[1]
def ns(group, bench):
    with open(os.path.join(root, group, bench, "new", "estimates.json")) as f:
        return json.load(f)["median"]["point_estimate"]
groups = sorted(g for g in os.listdir(root) if g.startswith("validate_"))
print("criterion medians:")
print(f"{'payload':<16}{'library':>12}{'bare':>12}{'overhead':>10}{'payloads/s':>14}")
for group in groups:
    lib, bare = ns(group, "validate_payload"), ns(group, "bare_jsonschema")
    print(f"{group[len('validate_'):]:<16}{lib:>10.0f}ns{bare:>10.0f}ns{(lib / bare - 1) * 100:>9.1f}%{1e9 / lib:>14,.0f}")
print("typed validate() against validate_payload of the same JSON (criterion medians):")
print(f"{'payload':<16}{'validate()':>12}{'payload':>12}{'ratio':>8}")
for group in sorted(g for g in os.listdir(root) if g.startswith("typed_")):
    typed, lib = ns(group, "request_validate"), ns(group, "validate_payload")
    print(f"{group[len('typed_'):]:<16}{typed:>10.0f}ns{lib:>10.0f}ns{typed / lib:>8.2f}")
PY
  sed -n '/^interleaved overhead/,$p' "$WORK/criterion.txt"
  if [[ "${ONLY_CRITERION:-}" == 1 ]]; then
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
  fi
fi

cargo build -q --release -p oxen-models --features cli --bin oxen-validate
cargo build -q --release -p oxen-tests --example bare_ndjson_loop --example bare_ndjson_loop_mimalloc
BIN="$TARGET/release/oxen-validate"
BARE="$TARGET/release/examples/bare_ndjson_loop"
BARE_MIMALLOC="$TARGET/release/examples/bare_ndjson_loop_mimalloc"

# The payloads: realistic requests of several models, ~5% with one mistake each.
python3 - "$COUNT" "$WORK/payloads.ndjson" <<'PY'
import json, random, sys
count, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261125)
words = "lighthouse dawn fog cliff neon rain street boat paper cat portrait studio film grain golden hour macro forest river".split()
def prompt(): return " ".join(rng.choice(words) for _ in range(rng.randint(6, 30)))
def url(ext): return f"https://cdn.example.com/{rng.randint(1, 10**9)}/{rng.choice(words)}.{ext}"
def flux():
    return {"model": "flux-2-pro", "prompt": prompt(), "input_image": [url("png") for _ in range(rng.randint(0, 3))],
            "aspect_ratio": rng.choice(["1:1", "16:9", "9:16", "4:3", "3:2"]), "resolution": rng.choice(["1 MP", "2 MP"]),
            "num_inference_steps": rng.randint(20, 50), "guidance": round(rng.uniform(1, 5), 2), "seed": rng.randint(0, 2**31),
            "output_format": rng.choice(["webp", "jpg", "png"]), "output_quality": rng.randint(60, 100)}
def chat():
    model = rng.choice(["gpt-5-5-2026-04-23", "claude-sonnet-4-6", "deepseek-v4-pro"])
    msgs = [{"role": "system", "content": "You are a terse assistant."}]
    for i in range(rng.randint(1, 6)):
        msgs.append({"role": "user" if i % 2 == 0 else "assistant", "content": prompt()})
    return {"model": model, "messages": msgs, "temperature": round(rng.uniform(0, 1.5), 2), "max_tokens": rng.choice([256, 1024, None]), "stream": False}
def video():
    return {"model": "bytedance-seedance-2-5-text-to-video", "prompt": prompt(), "aspect_ratio": rng.choice(["21:9", "16:9", "1:1"]),
            "duration": rng.choice(["auto", 5, 10, 15]), "generate_audio": rng.random() < 0.5, "resolution": rng.choice(["480p", "720p"])}
def veo():
    return {"model": "google-veo-3-1", "prompt": prompt(), "input_image": url("jpg"), "duration": rng.choice([4, 6, 8]), "resolution": rng.choice(["720p", "1080p", "4k"])}
def audio():
    return {"model": "bytedance-seed-audio-1-0", "prompt": prompt(), "image_url": url("png"), "output_format": rng.choice(["mp3", "wav"]),
            "pitch": rng.randint(-12, 12), "sample_rate": rng.choice([16000, 24000, 44100]), "speed": round(rng.uniform(0.5, 2), 2)}
makers = [flux, flux, chat, chat, video, veo, audio]
mistakes = [
    lambda p: p.update(num_inference_steps=80) if "num_inference_steps" in p else p.update(prompt=7),
    lambda p: p.update(resolution="8k") if "resolution" in p else p.update(temperature="hot"),
    lambda p: p.pop("prompt", None) if "prompt" in p else p.pop("messages"),
    lambda p: p.update(input_image="not a url") if p["model"] == "google-veo-3-1" else p.update(model=p["model"] + "-x"),
]
with open(out, "w") as f:
    for i in range(count):
        p = rng.choice(makers)()
        if rng.random() < 0.05:
            rng.choice(mistakes)(p)
        f.write(json.dumps(p) + "\n")
PY

echo
echo "== oxen-validate --ndjson on $(nproc) cores and on one vs the bare loop, $COUNT payloads =="
hyperfine --warmup 2 --runs 15 -N -i --export-json "$WORK/ndjson.json" \
  -n "bare loop (serde_json + is_valid, 1 thread)" "$BARE $WORK/payloads.ndjson" \
  -n "bare loop with mimalloc" "$BARE_MIMALLOC $WORK/payloads.ndjson" \
  -n "oxen-validate --ndjson" "$BIN --ndjson $WORK/payloads.ndjson" \
  -n "oxen-validate --ndjson, RAYON_NUM_THREADS=1" \
  "env RAYON_NUM_THREADS=1 $BIN --ndjson $WORK/payloads.ndjson"
jq -r '.results[] | "\(.command): median \(.median * 10000 | round / 10) ms, user CPU \(.user * 1000 | round) ms"' \
  "$WORK/ndjson.json"
jq -r '.results | (map({key: .command, value: .median}) | from_entries) as $m
  | ($m["bare loop (serde_json + is_valid, 1 thread)"]) as $bare
  | ($m["bare loop with mimalloc"]) as $bare_mimalloc
  | "oxen-validate / bare loop (medians): \($m["oxen-validate --ndjson"] / $bare * 1000 | round / 1000)x on every core, \($m["oxen-validate --ndjson, RAYON_NUM_THREADS=1"] / $bare * 1000 | round / 1000)x on one",
    "oxen-validate / bare loop with mimalloc (medians): \($m["oxen-validate --ndjson"] / $bare_mimalloc * 1000 | round / 1000)x on every core, \($m["oxen-validate --ndjson, RAYON_NUM_THREADS=1"] / $bare_mimalloc * 1000 | round / 1000)x on one"' \
  "$WORK/ndjson.json"

peak() { # peak RSS in MB and wall time of "$@", output discarded
  /usr/bin/time -v "$@" >/dev/null 2>"$WORK/time.txt" || [[ $? == 1 ]]
  awk '/Maximum resident set size/ {rss = $NF} /Elapsed \(wall clock\)/ {wall = $NF}
    END {printf "peak memory %.0f MB, %s wall", rss / 1024, wall}' "$WORK/time.txt"
}
echo "oxen-validate --ndjson, $COUNT payloads ($(du -m "$WORK/payloads.ndjson" | cut -f1) MB): $(peak "$BIN" --ndjson "$WORK/payloads.ndjson")"
: >"$WORK/big.ndjson"
while (($(stat -c %s "$WORK/big.ndjson") < 1000000000)); do
  cat "$WORK/payloads.ndjson" >>"$WORK/big.ndjson"
done
echo "oxen-validate --ndjson, $(wc -l <"$WORK/big.ndjson") payloads ($(du -m "$WORK/big.ndjson" | cut -f1) MB): $(peak "$BIN" --ndjson "$WORK/big.ndjson")"
rm "$WORK/big.ndjson"

if [[ "${SKIP_PYTHON:-}" == 1 ]]; then
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
echo
echo "== oxen-validate --ndjson vs Python jsonschema on $COUNT payloads =="
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q 'jsonschema[format-nongpl]'
PY="$WORK/venv/bin/python"
echo "python: $("$PY" --version), jsonschema $("$PY" -c 'import importlib.metadata as m; print(m.version("jsonschema"))')"

# The Python side: the same checks, the same way (validators cached, every error collected).
cat >"$WORK/validate.py" <<'PY'
import json, sys
from jsonschema import Draft202012Validator
root, path = sys.argv[1], sys.argv[2]
catalog = {m["id"]: m for m in json.load(open(f"{root}/schemas/catalog.json"))["models"]}
cache = {}
def validator(model):
    if model not in cache:
        schema = json.load(open(f"{root}/generated/schemas/{catalog[model]['schema']}"))
        schema.setdefault("properties", {}).setdefault("model", {"type": "string"})["const"] = model
        schema["required"] = ["model"] + [r for r in schema.get("required", []) if r != "model"]
        cache[model] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return cache[model]
invalid = 0
out = sys.stdout
with open(path) as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            payload = json.loads(line)
        except ValueError as e:
            invalid += 1; out.write(f"{path}:{n}: not JSON: {e}\n"); continue
        model = payload.get("model") if isinstance(payload, dict) else None
        if model not in catalog:
            invalid += 1; out.write(f"{path}:{n}: unknown model {model!r}\n"); continue
        errors = list(validator(model).iter_errors(payload))
        if errors:
            invalid += 1
            for e in errors:
                out.write(f"{path}:{n}: {model}: /{'/'.join(map(str, e.absolute_path))}: {e.message}\n")
print(f"{invalid} invalid", file=sys.stderr)
PY

best() { # best wall time of 3 runs of "$@", in seconds
  local best=
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" || [[ $? == 1 ]]
    end=$(date +%s.%N)
    best=$(python3 -c "import sys; t=$end-$start; b='$best'; print(min(t, float(b)) if b else t)")
  done
  echo "$best"
}
RUST=$(best "$BIN" --ndjson "$WORK/payloads.ndjson")
RUST_SUMMARY=$(tail -1 "$WORK/err.txt")
PYTHON=$(best "$PY" "$WORK/validate.py" "$ROOT" "$WORK/payloads.ndjson")
PYTHON_SUMMARY=$(tail -1 "$WORK/err.txt")
python3 - "$COUNT" "$RUST" "$PYTHON" "$RUST_SUMMARY" "$PYTHON_SUMMARY" <<'PY'
import sys
count, rust, python = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"oxen-validate --ndjson : {rust:7.2f} s  {count / rust:>10,.0f} payloads/s   ({sys.argv[4]})")
print(f"python jsonschema      : {python:7.2f} s  {count / python:>10,.0f} payloads/s   ({sys.argv[5]})")
print(f"ratio                  : oxen-validate is {python / rust:.1f}x faster")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
