//! Payloads per second through `oxen_models::validate_payload` against a bare `jsonschema`
//! validator compiled from the same payload schema, single thread, validators reused.
//!
//! Then a typed request's `validate()` against `validate_payload` of the same payload.
//!
//! `cargo bench -p oxen-tests --bench validate`; `scripts/bench-validate.sh` also prints the
//! overhead of the library call per payload from criterion's estimates.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group};
use oxen_models::validate::{compile_payload_schema, payload_schema};
use oxen_models::{Request, RequestVisitor, visit_request};
use serde_json::{Value, json};

/// Realistic request payloads of several models (image, chat, video, audio), and one invalid.
fn payloads() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        (
            "image",
            "flux-2-pro",
            json!({
                "model": "flux-2-pro",
                "prompt": "A lighthouse on a basalt cliff at dawn, volumetric fog, 35mm film grain",
                "input_image": ["https://example.com/ref/lighthouse.png", "https://example.com/ref/fog.jpg"],
                "aspect_ratio": "16:9",
                "resolution": "2 MP",
                "num_inference_steps": 40,
                "guidance": 3.5,
                "seed": 1234567,
                "output_format": "webp",
                "output_quality": 90,
                "disable_safety_checker": false
            }),
        ),
        (
            "chat",
            "gpt-5-5-2026-04-23",
            json!({
                "model": "gpt-5-5-2026-04-23",
                "messages": [
                    {"role": "system", "content": "You are a terse assistant that answers in English."},
                    {"role": "user", "content": "Summarize the plot of Moby-Dick in two sentences."},
                    {"role": "assistant", "content": "Captain Ahab hunts the white whale that took his leg. The obsession destroys the Pequod and all but Ishmael."},
                    {"role": "user", "content": [{"type": "text", "text": "Now in one sentence."}]}
                ],
                "temperature": 0.7,
                "top_p": 0.95,
                "max_tokens": 256,
                "stream": false,
                "response_format": {"type": "text"}
            }),
        ),
        (
            "video",
            "bytedance-seedance-2-5-text-to-video",
            json!({
                "model": "bytedance-seedance-2-5-text-to-video",
                "prompt": "A paper boat drifting down a rain-soaked street at night, neon reflections",
                "aspect_ratio": "21:9",
                "duration": 10,
                "generate_audio": true,
                "output_format": "mp4",
                "resolution": "720p",
                "watermark": false
            }),
        ),
        (
            "audio",
            "bytedance-seed-audio-1-0",
            json!({
                "model": "bytedance-seed-audio-1-0",
                "prompt": "Welcome back to the show. Today we talk about lighthouses.",
                "image_url": "https://example.com/speaker.png",
                "audio_urls": ["https://example.com/voice-sample.wav"],
                "output_format": "mp3",
                "pitch": 2,
                "sample_rate": 44100,
                "speed": 1.1,
                "volume": 0.9
            }),
        ),
        (
            "image-invalid",
            "flux-2-pro",
            json!({
                "model": "flux-2-pro",
                "prompt": "A lighthouse at dawn",
                "aspect_ratio": "5:4",
                "num_inference_steps": 80,
                "guidance": 11,
                "output_quality": 90
            }),
        ),
    ]
}

fn validate(c: &mut Criterion) {
    for (label, id, payload) in payloads() {
        let bare =
            compile_payload_schema(&payload_schema(id).expect("known model")).expect("compiles");
        // Same verdict, and warm the library's cache so only the reused validator is timed.
        assert_eq!(
            oxen_models::validate_payload(id, &payload).is_ok(),
            bare.is_valid(&payload),
            "{label}"
        );
        let mut group = c.benchmark_group(format!("validate/{label}"));
        group.throughput(Throughput::Elements(1));
        group.bench_function("validate_payload", |b| {
            b.iter(|| oxen_models::validate_payload(black_box(id), black_box(&payload)))
        });
        // The bare equivalent: the verdict, and for an invalid payload every error with its
        // location and message (what `validate_payload` reports).
        group.bench_function("bare_jsonschema", |b| {
            b.iter(|| {
                let payload = black_box(&payload);
                if bare.is_valid(payload) {
                    Ok(())
                } else {
                    Err(bare
                        .iter_errors(payload)
                        .map(|e| {
                            (
                                e.instance_path().to_string(),
                                e.schema_path().to_string(),
                                e.to_string(),
                            )
                        })
                        .collect::<Vec<_>>())
                }
            })
        });
        group.finish();
    }
}

/// The overhead of the library call, measured so that load from other processes cancels out:
/// short batches of the two alternate, and the median of the per-round ratios is reported.
/// (Criterion times each function for seconds on end; on a shared 2-core machine the load can
/// change between the two.)
fn interleaved_overhead() {
    const BATCH: u32 = 2_000;
    const ROUNDS: usize = 301;
    println!("\ninterleaved overhead (median of {ROUNDS} rounds of {BATCH} calls each):");
    println!(
        "{:<16}{:>12}{:>12}{:>10}",
        "payload", "library", "bare", "overhead"
    );
    for (label, id, payload) in payloads() {
        let bare =
            compile_payload_schema(&payload_schema(id).expect("known model")).expect("compiles");
        let bare_call = |payload: &Value| {
            if bare.is_valid(payload) {
                Ok(())
            } else {
                Err(bare
                    .iter_errors(payload)
                    .map(|e| {
                        (
                            e.instance_path().to_string(),
                            e.schema_path().to_string(),
                            e.to_string(),
                        )
                    })
                    .collect::<Vec<_>>())
            }
        };
        let time = |f: &dyn Fn()| {
            let start = Instant::now();
            for _ in 0..BATCH {
                f();
            }
            start.elapsed().as_secs_f64() * 1e9 / f64::from(BATCH)
        };
        let library = || {
            black_box(oxen_models::validate_payload(black_box(id), black_box(&payload)).is_ok());
        };
        let bare = || {
            black_box(bare_call(black_box(&payload)).is_ok());
        };
        let mut rounds: Vec<(f64, f64)> = (0..ROUNDS)
            .map(|round| {
                // Alternate which goes first, so neither always follows the other.
                if round % 2 == 0 {
                    let l = time(&library);
                    (l, time(&bare))
                } else {
                    let b = time(&bare);
                    (time(&library), b)
                }
            })
            .collect();
        rounds.sort_by(|a, b| (a.0 / a.1).total_cmp(&(b.0 / b.1)));
        let (l, b) = rounds[ROUNDS / 2];
        println!(
            "{label:<16}{l:>10.0}ns{b:>10.0}ns{:>9.1}%",
            (l / b - 1.0) * 100.0
        );
    }
}

/// A typed request's `validate()` against `validate_payload` of its own JSON, per request:
/// the request is read from the payload once, outside the timing.
fn typed(c: &mut Criterion) {
    struct Bench<'a> {
        c: &'a mut Criterion,
        label: &'static str,
        id: &'static str,
        payload: Value,
    }
    impl RequestVisitor for Bench<'_> {
        type Output = ();
        fn visit<R: Request>(self) {
            let Bench {
                c,
                label,
                id,
                payload,
            } = self;
            // A payload whose enum value is not one of the enum's has no typed request.
            let Ok(request) = serde_json::from_value::<R>(payload.clone()) else {
                return;
            };
            assert_eq!(
                Request::validate(&request).is_ok(),
                oxen_models::validate_payload(id, &payload).is_ok(),
                "{label}"
            );
            let mut group = c.benchmark_group(format!("typed_{label}"));
            group.throughput(Throughput::Elements(1));
            group.bench_function("request_validate", |b| {
                b.iter(|| Request::validate(black_box(&request)).is_ok())
            });
            group.bench_function("validate_payload", |b| {
                b.iter(|| oxen_models::validate_payload(black_box(id), black_box(&payload)).is_ok())
            });
            group.finish();
        }
    }
    for (label, id, payload) in payloads() {
        visit_request(
            id,
            Bench {
                c,
                label,
                id,
                payload,
            },
        )
        .expect("a model of this build");
    }
}

criterion_group!(benches, validate, typed);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // Only under `cargo bench` (which passes `--bench`), not when `cargo test` runs benches once.
    if std::env::args().any(|arg| arg == "--bench") {
        interleaved_overhead();
    }
}
