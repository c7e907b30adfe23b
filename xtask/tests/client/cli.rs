//! The `oxen` command end to end against the fake hub: a model of each endpoint family, sync
//! and through the queue with downloads, a streamed chat, refusals before anything is sent,
//! the hub's refusals and failures, and `--dry-run`.

use std::path::Path;

use oxen_models::cli::Streams;
use oxen_models::cli::oxen::{Session, main_with};
use serde_json::Value;

use crate::support::FakeHub;
use crate::{KEY, KEY_FLAGS};

/// What one `oxen` run printed and returned.
struct Ran {
    code: u8,
    stdout: String,
    stderr: String,
}

/// Runs `oxen ARGS` against `hub` (its URL as `OXEN_BASE_URL`) with the test key.
fn oxen(hub: &FakeHub, args: &[&str], stdin: &str) -> Ran {
    oxen_with_key(hub, KEY, args, stdin)
}

fn oxen_with_key(hub: &FakeHub, key: &str, args: &[&str], stdin: &str) -> Ran {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = main_with(
        args.iter().copied(),
        Session {
            streams: Streams {
                stdin: &mut stdin.as_bytes(),
                stdin_is_terminal: stdin.is_empty(),
                stdout: &mut stdout,
                stderr: &mut stderr,
            },
            stderr_is_terminal: false,
            api_key: Some(key.to_owned()),
            base_url: Some(hub.url.clone()),
        },
    );
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8 output");
    Ran {
        code,
        stdout: text(stdout),
        stderr: text(stderr),
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn an_image_model_answers_synchronously_and_its_image_is_downloaded_into_out() {
    let hub = FakeHub::start(&["--serve-results", KEY_FLAGS[0], KEY_FLAGS[1]]);
    let out = tempfile::tempdir().expect("a temporary directory");
    let dir = out.path().to_str().expect("UTF-8 path");
    let ran = oxen(
        &hub,
        &[
            "run",
            "qwen-image",
            "--prompt",
            "a lighthouse",
            "--aspect-ratio",
            "16:9",
            "--out",
            dir,
        ],
        "",
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let file = out.path().join("qwen-image-0.png");
    assert_eq!(ran.stdout, format!("{}\n", file.display()));
    assert_eq!(read(&file), "fake images/qwen-image/0.png");
}

#[test]
fn without_out_the_result_urls_are_printed() {
    let hub = FakeHub::start(&[]);
    let ran = oxen(&hub, &["run", "flux-2-pro", "--prompt", "a lighthouse"], "");
    assert_eq!(
        (ran.code, ran.stdout.as_str()),
        (0, "https://fake-hub.invalid/images/flux-2-pro/0.png\n")
    );
}

#[test]
fn an_image_model_through_the_queue_reports_each_status_and_downloads_every_generation() {
    let hub = FakeHub::start(&["--serve-results", "--queue-polls", "2"]);
    let out = tempfile::tempdir().expect("a temporary directory");
    let dir = out.path().to_str().expect("UTF-8 path");
    let ran = oxen(
        &hub,
        &[
            "run",
            "flux-2-pro",
            "--prompt",
            "a lighthouse",
            "--queue",
            "--poll-every",
            "0.01",
            "--out",
            dir,
        ],
        "",
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let id = "00000000-0000-4000-8000-000000000001";
    assert_eq!(
        ran.stderr,
        format!(
            "generation 1/1 {id}: queued\ngeneration 1/1 {id}: processing\ngeneration 1/1 {id}: succeeded\n"
        )
    );
    let file = out.path().join("flux-2-pro-0.png");
    assert_eq!(ran.stdout, format!("{}\n", file.display()));
    assert_eq!(read(&file), format!("fake queue/{id}.png"));
}

#[test]
fn a_video_model_through_the_queue_downloads_its_video() {
    let hub = FakeHub::start(&["--serve-results", "--queue-polls", "1"]);
    let out = tempfile::tempdir().expect("a temporary directory");
    let dir = out.path().to_str().expect("UTF-8 path");
    let model = "bytedance-seedance-2-5-text-to-video";
    let ran = oxen(
        &hub,
        &[
            "run",
            model,
            "--prompt",
            "waves",
            "--duration",
            "5",
            "--queue",
            "--poll-every",
            "0.01",
            "--out",
            dir,
        ],
        "",
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let file = out.path().join(format!("{model}-0.mp4"));
    assert_eq!(
        read(&file),
        "fake queue/00000000-0000-4000-8000-000000000001.mp4"
    );
}

#[test]
fn a_video_model_answers_synchronously_with_json_on_request() {
    let hub = FakeHub::start(&[]);
    let model = "bytedance-seedance-2-5-text-to-video";
    let ran = oxen(&hub, &["run", model, "--prompt", "waves", "--json"], "");
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let response: Value = serde_json::from_str(&ran.stdout).expect("the response as JSON");
    assert_eq!(
        response["videos"][0]["url"],
        format!("https://fake-hub.invalid/videos/{model}/0.mp4")
    );
    assert_eq!(
        response["fake_hub"], "video",
        "what the schema does not declare is kept"
    );
}

#[test]
fn an_audio_model_answers_synchronously_and_its_audio_is_downloaded() {
    let hub = FakeHub::start(&["--serve-results"]);
    let out = tempfile::tempdir().expect("a temporary directory");
    let dir = out.path().to_str().expect("UTF-8 path");
    let model = "bytedance-seed-audio-1-0";
    let ran = oxen(
        &hub,
        &[
            "run",
            model,
            "--prompt",
            "a foghorn",
            "--sample-rate",
            "24000",
            "--out",
            dir,
        ],
        "",
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(
        read(&out.path().join(format!("{model}-0.mp3"))),
        format!("fake audios/{model}/0.mp3")
    );
}

#[test]
fn a_chat_model_prints_the_answer_to_a_prompt_given_on_standard_input() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let ran = oxen(
        &hub,
        &["run", "gpt-5-5-2026-04-23", "--system", "Be brief."],
        "What is a lighthouse for?\n",
    );
    assert_eq!(
        (ran.code, ran.stdout.as_str()),
        (0, "A lighthouse warns ships of the coast.\n"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_chat_model_streams_its_answer_with_stream() {
    let hub = FakeHub::start(&[]);
    let ran = oxen(
        &hub,
        &[
            "run",
            "gpt-5-5-2026-04-23",
            "What is a lighthouse for?",
            "--stream",
        ],
        "",
    );
    assert_eq!(
        (ran.code, ran.stdout.as_str()),
        (0, "A lighthouse warns ships of the coast.\n"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_cut_stream_prints_what_came_and_exits_2() {
    let hub = FakeHub::start(&["--fault", "truncated=gpt-5-5-2026-04-23"]);
    let ran = oxen(&hub, &["run", "gpt-5-5-2026-04-23", "hi", "--stream"], "");
    assert_eq!(ran.code, 2);
    assert_eq!(
        ran.stdout, "A lighthouse warns ships\n",
        "what arrived before the cut is printed"
    );
    assert!(ran.stderr.contains("transport error"), "{}", ran.stderr);
}

#[test]
fn an_invalid_request_is_refused_by_flag_name_and_nothing_is_sent() {
    let hub = FakeHub::start(&[]);
    let ran = oxen(
        &hub,
        &[
            "run",
            "flux-2-pro",
            "--prompt",
            "x",
            "--num-inference-steps",
            "80",
            "--guidance",
            "11",
        ],
        "",
    );
    assert_eq!(ran.code, 1);
    assert_eq!(
        ran.stderr,
        "error: request refused locally, nothing was sent:\n  --num-inference-steps: 80 is greater than the maximum of 50\n  --guidance: 11 is greater than the maximum of 10\n"
    );
    assert_eq!(hub.stats().requests, 0);
}

#[test]
fn a_missing_required_property_is_named_by_its_flag_and_nothing_is_sent() {
    let hub = FakeHub::start(&[]);
    let ran = oxen(&hub, &["run", "flux-2-pro", "--seed", "7"], "");
    assert_eq!(ran.code, 1);
    assert!(
        ran.stderr
            .contains("  --prompt: the required property \"prompt\" is missing\n"),
        "{}",
        ran.stderr
    );
    assert_eq!(hub.stats().requests, 0);
}

#[test]
fn a_value_outside_an_enum_is_a_usage_error_naming_the_allowed_values() {
    let hub = FakeHub::start(&[]);
    let ran = oxen(
        &hub,
        &[
            "run",
            "flux-2-pro",
            "--prompt",
            "x",
            "--aspect-ratio",
            "2:1",
        ],
        "",
    );
    assert_eq!(ran.code, 2);
    assert!(
        ran.stderr.contains("'2:1'") && ran.stderr.contains("16:9"),
        "{}",
        ran.stderr
    );
    assert_eq!(hub.stats().requests, 0);
}

#[test]
fn dry_run_prints_a_body_that_validates_and_a_curl_command_without_the_key() {
    let hub = FakeHub::start(&[]);
    let ran = oxen(
        &hub,
        &[
            "run",
            "bytedance-seedance-2-5-text-to-video",
            "--prompt",
            "it's waves",
            "--duration",
            "auto",
            "--set",
            "seed=7",
            "--dry-run",
        ],
        "",
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let (json, curl) = ran
        .stdout
        .split_once("\n\n")
        .expect("the body, a blank line, curl");
    let body: Value = serde_json::from_str(json).expect("the body is JSON");
    assert_eq!(body["duration"], "auto");
    assert_eq!(body["seed"], 7);
    oxen_models::validate_payload("bytedance-seedance-2-5-text-to-video", &body).expect("valid");
    assert!(
        curl.starts_with(&format!(
            "curl -sS -X POST {}/api/ai/videos/generate",
            hub.url
        )),
        "{curl}"
    );
    assert!(
        curl.contains("\"Authorization: Bearer $OXEN_API_KEY\""),
        "{curl}"
    );
    assert!(curl.contains(r"it'\''s waves"), "{curl}");
    assert!(!ran.stdout.contains(KEY));
    assert_eq!(hub.stats().requests, 0);
}

#[test]
fn a_request_the_hub_refuses_exits_1_with_its_message_and_never_the_key() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let ran = oxen_with_key(
        &hub,
        "sk-wrong-key",
        &["run", "flux-2-pro", "--prompt", "x"],
        "",
    );
    assert_eq!(ran.code, 1);
    assert!(ran.stderr.contains("HTTP 401"), "{}", ran.stderr);
    assert!(ran.stderr.contains("invalid API key"), "{}", ran.stderr);
    assert!(!ran.stderr.contains("sk-wrong-key"), "{}", ran.stderr);
}

#[test]
fn a_failing_hub_exits_2() {
    let hub = FakeHub::start(&["--fault", "500=flux-2-pro"]);
    let ran = oxen(
        &hub,
        &["run", "flux-2-pro", "--prompt", "x", "--base-url", &hub.url],
        "",
    );
    assert_eq!(ran.code, 2);
    assert!(ran.stderr.contains("HTTP 500"), "{}", ran.stderr);
}

#[test]
fn an_unknown_model_names_the_nearest_ids() {
    let hub = FakeHub::start(&[]);
    let ran = oxen(&hub, &["run", "flux-2-prp", "--prompt", "x"], "");
    assert_eq!(ran.code, 2);
    assert!(
        ran.stderr.contains("did you mean \"flux-2-pro\""),
        "{}",
        ran.stderr
    );
}
