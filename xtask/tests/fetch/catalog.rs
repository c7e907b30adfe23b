//! What a successful fetch writes.

use std::path::Path;
use std::sync::Arc;

use oxen_codegen::tree::FileTree;
use serde_json::{Value, json};
use xtask::fetch::{FetchConfig, HubUrl, Silent, fetch_catalog_blocking, read_endpoint_bodies};

use crate::support::{
    FakeHub, Files, HubStats, committed_copy, committed_schemas, endpoints_only, fetch,
    fetch_command, fetch_with_env, older_copy, run, snapshot_copy, tree,
};

#[test]
fn a_full_fetch_reproduces_the_committed_schemas_byte_for_byte() {
    let hub = FakeHub::start(&[]);
    let (dir, schemas) = endpoints_only();
    let run = fetch(&hub, &schemas, &[]);
    assert!(run.succeeded(), "{run:?}");
    assert_eq!(tree(&schemas), tree(&committed_schemas()));
    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .expect("scratch dir")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(entries, ["schemas"], "no staging directory is left behind");
}

#[test]
fn a_fetch_without_a_terminal_prints_ten_progress_lines() {
    let hub = FakeHub::start(&[]);
    let (_dir, schemas) = older_copy();
    let run = fetch(&hub, &schemas, &[]);
    assert!(run.succeeded(), "{run:?}");
    let progress: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.ends_with(" models fetched"))
        .collect();
    // Every 16th of 154 models (a tenth, rounded up), and the last.
    assert_eq!(progress.len(), 10, "{run:?}");
    assert_eq!(progress.last(), Some(&"154/154 models fetched"), "{run:?}");
}

#[test]
fn a_full_fetch_keeps_the_overlays_byte_for_byte() {
    let hub = FakeHub::start(&[]);
    let (_dir, schemas) = endpoints_only();
    let overlay = schemas.join("overlays/gpt-5-reasoning-effort.json");
    let hand_written = std::fs::read_to_string(&overlay).expect("overlay");
    assert!(fetch(&hub, &schemas, &[]).succeeded());
    assert_eq!(
        std::fs::read_to_string(&overlay).expect("overlay"),
        hand_written
    );
}

#[test]
fn fetching_the_same_data_again_changes_no_byte() {
    let hub = FakeHub::start(&[]);
    let (_dir, schemas) = committed_copy();
    let modified = |dir: &Path| {
        std::fs::metadata(dir.join("catalog.json"))
            .and_then(|meta| meta.modified())
            .expect("catalog mtime")
    };
    let before = modified(&schemas);
    let run = fetch(&hub, &schemas, &[]);
    assert!(run.succeeded(), "{run:?}");
    assert!(run.stdout.contains("is up to date"), "{run:?}");
    assert!(
        run.stdout
            .contains("0 added, 0 changed, 0 removed, 154 unchanged"),
        "{run:?}"
    );
    assert_eq!(tree(&schemas), tree(&committed_schemas()));
    assert_eq!(
        modified(&schemas),
        before,
        "an unchanged catalog is not rewritten"
    );
}

/// A fetch from a hub listing 40 models a page, with `quirk`, is complete and takes
/// `requests` requests (154 of them for the models).
fn assert_paged_fetch_is_complete(quirk: &str, requests: u32) {
    let hub = FakeHub::start(&["--page-size", "40", "--paging-quirk", quirk]);
    let (_dir, schemas) = endpoints_only();
    let run = fetch(&hub, &schemas, &[]);
    assert!(run.succeeded(), "{run:?}");
    let counted = format!("({requests} requests, 0 retries)");
    assert!(run.stdout.contains(&counted), "{run:?}");
    assert_eq!(tree(&schemas), tree(&committed_schemas()));
}

#[test]
fn a_paged_list_is_followed_to_its_last_page() {
    // 4 pages, the last known from `total_pages`.
    assert_paged_fetch_is_complete("none", 4 + 154);
}

#[test]
fn a_paged_list_without_totals_ends_at_its_first_empty_page() {
    assert_paged_fetch_is_complete("no-total", 5 + 154);
}

#[test]
fn a_paged_list_ends_when_a_page_repeats() {
    assert_paged_fetch_is_complete("clamp", 5 + 154);
}

#[test]
fn a_hub_that_ignores_page_num_is_caught_by_its_total_and_nothing_is_removed() {
    let hub = FakeHub::start(&["--page-size", "40", "--paging-quirk", "ignore-page-num"]);
    let (_dir, schemas) = older_copy();
    let before = Files::of(&schemas);
    let run = fetch(&hub, &schemas, &[]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(
        run.stderr
            .contains("the hub says it has 154 models but its pages listed 40"),
        "{run:?}"
    );
    assert_eq!(Files::of(&schemas), before);
}

/// The fixture snapshot edited into a later hub: `flux-1-dev` gone, `flux-2-pro` with a new
/// property, and `flux-9` new.
fn later_snapshot(snapshot: &Path) {
    let models = snapshot.join("models");
    std::fs::remove_file(models.join("flux-1-dev.json")).expect("remove flux-1-dev");
    let read = |path: &Path| -> Value {
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
    };
    let write = |path: &Path, value: &Value| {
        std::fs::write(path, value.to_string()).expect("write");
    };
    let mut flux = read(&models.join("flux-2-pro.json"));
    flux["json_request_schema"]["properties"]["sharpness"] = json!({"type": "number"});
    write(&models.join("flux-2-pro.json"), &flux);
    flux["id"] = json!("flux-9");
    write(&models.join("flux-9.json"), &flux);

    let mut list = read(&snapshot.join("models.json"));
    let data = list["data"].as_array_mut().expect("data");
    data.retain(|model| model["id"] != "flux-1-dev");
    data.push(json!({"id": "flux-9", "object": "model", "endpoint": "/images/generate"}));
    write(&snapshot.join("models.json"), &list);
}

#[test]
fn a_full_refresh_reports_added_changed_and_removed_models() {
    let (_snapshot_dir, snapshot) = snapshot_copy();
    later_snapshot(&snapshot);
    let hub = FakeHub::serving(&snapshot, &[]);
    let (_dir, schemas) = committed_copy();
    let run = fetch(&hub, &schemas, &[]);
    assert!(run.succeeded(), "{run:?}");
    assert!(run.stdout.contains("  added   flux-9\n"), "{run:?}");
    assert!(run.stdout.contains("  changed flux-2-pro\n"), "{run:?}");
    assert!(run.stdout.contains("  removed flux-1-dev\n"), "{run:?}");
    assert!(
        run.stdout
            .contains("1 added, 1 changed, 1 removed, 152 unchanged"),
        "{run:?}"
    );
    assert!(schemas.join("models/flux-9.json").exists());
    assert!(!schemas.join("models/flux-1-dev.json").exists());
}

#[test]
fn refreshing_named_models_keeps_the_rest_of_the_catalog() {
    let (_snapshot_dir, snapshot) = snapshot_copy();
    later_snapshot(&snapshot);
    let hub = FakeHub::serving(&snapshot, &[]);
    let (_dir, schemas) = committed_copy();
    let run = fetch(&hub, &schemas, &["--model", "flux-2-pro"]);
    assert!(run.succeeded(), "{run:?}");
    assert!(
        run.stdout.contains("(1 requests, 0 retries)"),
        "the list is not fetched: {run:?}"
    );
    assert!(
        run.stdout
            .contains("0 added, 1 changed, 0 removed, 153 unchanged"),
        "{run:?}"
    );
    let (before, after) = (tree(&committed_schemas()), tree(&schemas));
    let differing: Vec<_> = after
        .0
        .iter()
        .filter(|(path, text)| before.0.get(*path) != Some(*text))
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert_eq!(differing, ["models/flux-2-pro.json"]);
    assert_eq!(
        before.0.len(),
        after.0.len(),
        "flux-1-dev stays; flux-9 is not added"
    );
}

#[test]
fn no_more_requests_than_the_concurrency_are_in_flight() {
    let hub = FakeHub::start(&["--latency-ms", "20"]);
    let (_dir, schemas) = endpoints_only();
    let run = fetch(&hub, &schemas, &["--concurrency", "3"]);
    assert!(run.succeeded(), "{run:?}");
    assert_eq!(
        hub.stats(),
        HubStats {
            requests: 155,
            inference_requests: 0,
            max_in_flight: 3
        }
    );
}

#[test]
fn a_named_model_missing_from_the_hub_is_reported() {
    let hub = FakeHub::start(&[]);
    let (_dir, schemas) = older_copy();
    let before = Files::of(&schemas);
    let run = fetch(
        &hub,
        &schemas,
        &["--model", "flux-2-pro", "--model", "gpt-9"],
    );
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(
        run.stderr
            .contains("  - gpt-9: the hub has no model with this id (HTTP 404)"),
        "{run:?}"
    );
    assert_eq!(Files::of(&schemas), before);
}

#[test]
fn the_library_fetch_returns_the_catalog_and_writes_nothing() {
    let hub = FakeHub::start(&[]);
    let (dir, schemas) = endpoints_only();
    let before = tree(dir.path());
    let config = FetchConfig::new(HubUrl::parse(&hub.url).expect("url"), None).expect("config");
    let bodies = read_endpoint_bodies(&schemas).expect("endpoint bodies");
    let set = fetch_catalog_blocking(&config, &bodies, Arc::new(Silent)).expect("fetch");
    // The fetched data: everything committed but the hand-maintained overlays and the
    // responses, which come from the OpenAPI description.
    let mut fetched = tree(&committed_schemas());
    fetched
        .0
        .retain(|path, _| !path.starts_with("overlays") && !path.starts_with("responses"));
    assert_eq!(FileTree(set.to_files()), fetched);
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn the_base_url_flag_wins_over_oxen_base_url() {
    let hub = FakeHub::start(&[]);
    let (_dir, schemas) = endpoints_only();
    let env = [("OXEN_BASE_URL", "http://127.0.0.1:9")];
    let run = fetch_with_env(&hub.url, &schemas, &env, &[]);
    assert!(run.succeeded(), "{run:?}");
}

#[test]
fn oxen_base_url_is_used_without_the_flag() {
    let hub = FakeHub::start(&[]);
    let (_dir, schemas) = endpoints_only();
    let mut command = fetch_command();
    command
        .env("OXEN_BASE_URL", &hub.url)
        .arg("--schemas")
        .arg(&schemas);
    let run = run(command);
    assert!(run.succeeded(), "{run:?}");
    assert!(run.stderr.contains(&hub.url), "{run:?}");
}
