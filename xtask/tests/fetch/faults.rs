//! Faults of the hub: transient ones are survived, lasting ones reported with nothing written.

use std::time::Duration;

use crate::support::{
    FakeHub, Files, Run, committed_schemas, fetch, fetch_with_env, older_copy, snapshot_copy, tree,
};

/// What a fetch did to `schemas/`.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// No file changed: bytes and modification times are as before.
    Untouched,
    /// `schemas/` is now exactly the catalog the hub serves.
    Refreshed,
    /// Anything else: a partial or wrong write.
    Other,
}

/// A fetch against a hub with `hub_flags` into `schemas/` in an older state than the hub's,
/// so that a partial write cannot pass for "nothing changed".
fn fetch_with(hub_flags: &[&str], fetch_flags: &[&str]) -> (Run, Outcome) {
    let hub = FakeHub::start(hub_flags);
    let (_dir, schemas) = older_copy();
    let before = Files::of(&schemas);
    let run = fetch(&hub, &schemas, fetch_flags);
    let outcome = if Files::of(&schemas) == before {
        Outcome::Untouched
    } else if tree(&schemas) == tree(&committed_schemas()) {
        Outcome::Refreshed
    } else {
        Outcome::Other
    };
    (run, outcome)
}

#[test]
fn a_model_answering_500_twice_is_retried_and_fetched() {
    let (run, outcome) = fetch_with(&["--fault", "500=flux-2-pro:2"], &[]);
    assert!(run.succeeded(), "{run:?}");
    assert!(run.stdout.contains("(157 requests, 2 retries)"), "{run:?}");
    assert!(
        run.stderr
            .contains("flux-2-pro: attempt 1 failed (the hub answered HTTP 500"),
        "{run:?}"
    );
    assert_eq!(outcome, Outcome::Refreshed, "{run:?}");
}

#[test]
fn a_rate_limited_list_is_retried_after_the_retry_after_delay() {
    let (run, outcome) = fetch_with(&["--fault", "429=list:1", "--retry-after", "2"], &[]);
    assert!(run.succeeded(), "{run:?}");
    assert_eq!(outcome, Outcome::Refreshed, "{run:?}");
    assert!(
        run.stderr
            .contains("HTTP 429 Too Many Requests); retrying in 2.0 s"),
        "{run:?}"
    );
    assert!(run.elapsed >= Duration::from_secs(2), "{run:?}");
}

#[test]
fn a_truncated_body_is_retried() {
    let (run, outcome) = fetch_with(&["--fault", "truncated=flux-2-pro:1"], &[]);
    assert!(run.succeeded(), "{run:?}");
    assert!(run.stdout.contains("1 retries"), "{run:?}");
    assert_eq!(outcome, Outcome::Refreshed, "{run:?}");
}

#[test]
fn a_slow_response_times_out_and_is_retried() {
    let (run, outcome) = fetch_with(
        &["--fault", "slow=flux-2-pro:1", "--slow-ms", "5000"],
        &["--timeout", "500ms"],
    );
    assert!(run.succeeded(), "{run:?}");
    assert!(
        run.stderr.contains("the hub did not answer within 0.5 s"),
        "{run:?}"
    );
    assert!(run.elapsed < Duration::from_secs(5), "{run:?}");
    assert_eq!(outcome, Outcome::Refreshed, "{run:?}");
}

#[test]
fn lasting_faults_are_each_reported_and_nothing_is_written() {
    let (run, outcome) = fetch_with(
        &["--fault", "500=flux-2-pro", "--fault", "malformed=gpt-4o"],
        &["--max-attempts", "2"],
    );
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(
        run.stderr.contains("2 model(s) could not be fetched"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains(
            "  - flux-2-pro: the hub answered HTTP 500 Internal Server Error (gave up after 2 attempts)"
        ),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("  - gpt-4o: the response is not valid JSON"),
        "{run:?}"
    );
    assert_eq!(
        outcome,
        Outcome::Untouched,
        "schemas/ must be exactly as before"
    );
}

#[test]
fn a_list_that_keeps_failing_is_reported_and_nothing_is_written() {
    let (run, outcome) = fetch_with(&["--fault", "500=list"], &["--max-attempts", "2"]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(
        run.stderr
            .contains("listing the hub's models (GET http://127.0.0.1:")
            && run
                .stderr
                .contains("/api/ai/models) failed: the hub answered HTTP 500"),
        "{run:?}"
    );
    assert_eq!(outcome, Outcome::Untouched, "{run:?}");
}

#[test]
fn an_empty_list_is_refused_rather_than_emptying_the_catalog() {
    let (_snapshot_dir, snapshot) = snapshot_copy();
    std::fs::write(
        snapshot.join("models.json"),
        r#"{"object":"list","data":[]}"#,
    )
    .expect("empty the list");
    let hub = FakeHub::serving(&snapshot, &[]);
    let (_dir, schemas) = older_copy();
    let before = Files::of(&schemas);
    let run = fetch(&hub, &schemas, &[]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(
        run.stderr.contains("the hub listed no models at all"),
        "{run:?}"
    );
    assert_eq!(Files::of(&schemas), before);
}

#[test]
fn an_unreachable_hub_is_retried_then_reported() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let (_dir, schemas) = older_copy();
    let before = Files::of(&schemas);
    let run = fetch_with_env(&url, &schemas, &[], &["--max-attempts", "2"]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(
        run.stderr
            .contains("model list: attempt 1 failed (the connection failed"),
        "{run:?}"
    );
    assert!(run.stderr.contains("(gave up after 2 attempts)"), "{run:?}");
    assert_eq!(Files::of(&schemas), before);
}

#[test]
fn the_retry_time_budget_caps_the_wait_for_a_failing_model() {
    let (run, outcome) = fetch_with(
        &["--fault", "429=flux-2-pro", "--retry-after", "30"],
        &["--retry-budget", "3s"],
    );
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(
        run.stderr.contains("the retry time budget is used up"),
        "{run:?}"
    );
    assert!(run.elapsed < Duration::from_secs(10), "{run:?}");
    assert_eq!(outcome, Outcome::Untouched, "{run:?}");
}

#[test]
fn an_oversized_response_is_refused() {
    let (run, outcome) = fetch_with(
        &[
            "--fault",
            "oversized=flux-2-pro",
            "--oversized-bytes",
            "4194304",
        ],
        &["--max-body-bytes", "1048576"],
    );
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(
        run.stderr
            .contains("  - flux-2-pro: the response is larger than the limit of 1048576 bytes"),
        "{run:?}"
    );
    assert_eq!(outcome, Outcome::Untouched, "{run:?}");
}

#[test]
fn a_hostile_model_flag_is_rejected_before_any_request() {
    let hub = FakeHub::start(&[]);
    let (_dir, schemas) = older_copy();
    let before = Files::of(&schemas);
    let run = fetch(&hub, &schemas, &["--model", "../../etc/passwd"]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(run.stderr.contains("is not a safe file name"), "{run:?}");
    assert_eq!(hub.stats().requests, 0);
    assert_eq!(Files::of(&schemas), before);
}

#[test]
fn hostile_model_ids_are_rejected_and_nothing_is_written() {
    for hostile in [
        "../../escape",
        "models/../../escape",
        ".escape",
        "esc\u{7}ape",
    ] {
        let hub = FakeHub::start(&["--hostile-id", hostile]);
        let (dir, schemas) = older_copy();
        let before = Files::of(&schemas);
        let run = fetch(&hub, &schemas, &[]);
        assert!(run.failed_with_exit_2(), "{hostile:?}: {run:?}");
        assert!(
            run.stderr.contains("is not a safe file name"),
            "{hostile:?}: {run:?}"
        );
        assert_eq!(Files::of(&schemas), before, "{hostile:?}");
        let entries: Vec<_> = std::fs::read_dir(dir.path())
            .expect("scratch dir")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(entries, ["schemas"], "{hostile:?}: nothing beside schemas/");
    }
}

#[test]
fn a_schema_that_is_not_json_schema_is_kept_left_out_and_the_rest_written() {
    let (run, outcome) = fetch_with(&["--fault", "invalid-schema=qwen-image"], &[]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(
        run.stderr.contains(
            "left out: model \"qwen-image\": left-out/qwen-image.json: at /json_request_schema/"
        ),
        "{run:?}"
    );
    assert!(run.stderr.contains("not a valid JSON Schema"), "{run:?}");
    assert_eq!(outcome, Outcome::Other, "{run:?}");
}
