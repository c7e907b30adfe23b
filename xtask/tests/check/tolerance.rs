//! The report never depends on whether the generator can handle a schema: a model it cannot
//! generate is a breaking finding beside the drift, and an overlay whose models left the hub
//! is a change (`overlay-unmatched`), not a failure of the check.

use std::process::Command;

use crate::support::{NEW, OLD, XTASK, check, copy_of, root};

fn path(dir: &std::path::Path) -> &str {
    dir.to_str().expect("utf-8 temp path")
}

#[test]
fn a_model_the_generator_cannot_handle_is_a_breaking_finding_and_the_drift_is_still_reported() {
    let schemas = copy_of(NEW);
    let flux = schemas.path().join("models/flux-2-pro.json");
    let text = std::fs::read_to_string(&flux).expect("flux-2-pro schema");
    std::fs::write(
        &flux,
        text.replacen(
            "\"type\": \"integer\"",
            "\"$ref\": \"https://example.com/steps.json\"",
            1,
        ),
    )
    .expect("edit");
    // The bindings of every other model, as the drift workflow writes them.
    let bindings = tempfile::tempdir().expect("tempdir");
    let out = bindings.path().join("generated");
    let generate = Command::new(XTASK)
        .args([
            "generate",
            "--keep-going",
            "--schemas",
            path(schemas.path()),
        ])
        .arg("--out")
        .arg(&out)
        .current_dir(root())
        .output()
        .expect("run xtask generate");
    assert_eq!(generate.status.code(), Some(1));

    let run = check(&[
        "--schemas",
        path(schemas.path()),
        "--bindings",
        path(&out),
        "--against",
        OLD,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["summary"]["stale_bindings"], true);
    assert_eq!(report["unbuildable"][0]["model"], "flux-2-pro");
    assert_eq!(
        report["unbuildable"][0]["pointer"],
        "/properties/num_inference_steps/$ref"
    );
    assert_eq!(report["unbuildable"][0]["keyword"], "$ref");
    assert!(
        report["changes"].as_array().is_some_and(|c| !c.is_empty()),
        "the drift part is produced: {report}"
    );

    let text = check(&["--schemas", path(schemas.path()), "--bindings", path(&out)]);
    assert_eq!(text.code, Some(1), "{}", text.stderr);
    assert!(
        text.stdout
            .starts_with("cannot generate: model \"flux-2-pro\": models/flux-2-pro.json: at /properties/num_inference_steps/$ref"),
        "{}",
        text.stdout
    );
}

#[test]
fn an_overlay_whose_models_left_the_hub_is_reported_unmatched_not_an_error() {
    let hub = copy_of("schemas");
    let catalog = hub.path().join("catalog.json");
    crate::support::edit_json(&catalog, |catalog| {
        if let Some(models) = catalog["models"].as_array_mut() {
            models.retain(|m| !m["id"].as_str().is_some_and(|id| id.starts_with("gpt-5")));
        }
    });
    let run = check(&[
        "--no-bindings",
        "--against",
        path(hub.path()),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let report = run.json();
    let unmatched: Vec<&str> = report["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["kind"] == "overlay-unmatched")
        .filter_map(|c| c["message"].as_str())
        .collect();
    assert!(
        unmatched
            .iter()
            .any(|m| m.contains("overlays/gpt-5-reasoning-effort.json")),
        "{report}"
    );
}
