//! Exit codes: 0 nothing at or above `--fail-on`, 1 something is, 2 the check itself failed.

use crate::support::{NEW, OLD, check, copy_of, edit_json, fixture_drift};

/// A copy of the old catalog whose only change is a reworded description.
fn cosmetic_only() -> tempfile::TempDir {
    let dir = copy_of(OLD);
    edit_json(&dir.path().join("models/flux-2-pro.json"), |schema| {
        schema["properties"]["seed"]["description"] = "Seed, for reproducible images".into();
    });
    dir
}

fn against(dir: &tempfile::TempDir, extra: &[&str]) -> crate::support::Run {
    let path = dir.path().to_str().expect("utf-8 temp path");
    let mut args = vec!["--no-bindings", "--schemas", OLD, "--against", path];
    args.extend_from_slice(extra);
    check(&args)
}

#[test]
fn any_drift_exits_1_by_default() {
    let dir = cosmetic_only();
    let run = against(&dir, &[]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
}

#[test]
fn fail_on_breaking_passes_when_nothing_is_breaking() {
    let dir = cosmetic_only();
    let run = against(&dir, &["--fail-on", "breaking"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("description changed"), "{}", run.stdout);
}

#[test]
fn fail_on_breaking_fails_on_a_breaking_change() {
    let run = fixture_drift(&["--fail-on", "breaking"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
}

#[test]
fn fail_on_non_breaking_ignores_cosmetic_changes() {
    let dir = cosmetic_only();
    let run = against(&dir, &["--fail-on", "non-breaking"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
}

#[test]
fn fail_on_behaviour_fails_on_a_changed_default() {
    let dir = copy_of(OLD);
    edit_json(&dir.path().join("models/flux-2-pro.json"), |schema| {
        schema["properties"]["guidance"]["default"] = 3.into();
    });
    let run = against(&dir, &["--fail-on", "behaviour"]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    let run = against(&dir, &["--fail-on", "breaking"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
}

#[test]
fn fail_on_none_reports_without_failing() {
    let run = fixture_drift(&["--fail-on", "none"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("model-removed"), "{}", run.stdout);
}

#[test]
fn a_missing_catalog_exits_2() {
    let run = check(&[
        "--no-bindings",
        "--schemas",
        "no/such/dir",
        "--against",
        NEW,
    ]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("no/such/dir"), "{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "no report on failure: {}",
        run.stdout
    );
}

#[test]
fn an_unreadable_schema_is_that_models_change_not_a_failure_of_the_check() {
    let dir = copy_of(NEW);
    std::fs::write(dir.path().join("models/flux-2-pro.json"), "{ not json").expect("write");
    let run = against(&dir, &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "`flux-2-pro` is left out: models/flux-2-pro.json: at / (`json`): not valid JSON"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_catalog_naming_a_missing_endpoint_body_exits_2() {
    let dir = copy_of(NEW);
    std::fs::remove_file(dir.path().join("endpoints/chat-completions.json")).expect("remove");
    let run = against(&dir, &[]);
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert!(
        run.stderr.contains("endpoints/chat-completions.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn asking_for_nothing_to_check_exits_2() {
    let run = check(&["--no-bindings", "--schemas", OLD]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("nothing to check"), "{}", run.stderr);
}

#[test]
fn against_and_base_url_together_are_refused() {
    let run = check(&["--against", NEW, "--base-url", "http://127.0.0.1:9"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}
