//! One model the project cannot use never blocks a refresh: the committed catalog plus a model
//! on an endpoint the project does not know (`/embeddings`) and one model for each harmless
//! break of the meta-schema, through `fetch`, `generate --keep-going` and `check`.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{FakeHub, XTASK, committed_copy, committed_schemas, fetch, snapshot_copy};

const EMBEDDINGS: &str = "text-embedding-oxen-1";

/// The harmless breaks, one model each: what the draft 2020-12 meta-schema refuses but
/// normalizing reads plainly.
fn harmless() -> [(&'static str, Value); 3] {
    [
        (
            "repeats-required",
            json!({"type": "object", "required": ["prompt", "prompt"],
                   "properties": {"prompt": {"type": "string"}}}),
        ),
        (
            "draft4-bounds",
            json!({"type": "object", "properties": {
                "steps": {"type": "integer", "minimum": 0, "exclusiveMinimum": true,
                          "maximum": 50, "exclusiveMaximum": false}}}),
        ),
        (
            "recursive-ref",
            json!({"type": "object", "$recursiveAnchor": true, "properties": {
                "prompt": {"type": "string"},
                "children": {"type": "array", "items": {"$recursiveRef": "#"}}}}),
        ),
    ]
}

/// Adds models to a copy of the fixture snapshot, each served as the hub serves one.
fn with_models(snapshot: &Path, models: &[(&str, &str, Value)]) {
    let list_path = snapshot.join("models.json");
    let mut list: Value =
        serde_json::from_str(&std::fs::read_to_string(&list_path).expect("list")).expect("json");
    for (id, endpoint, schema) in models {
        let object = json!({"id": id, "object": "model", "display_name": id,
                            "endpoint": endpoint, "json_request_schema": schema});
        let path = snapshot.join("models").join(format!("{id}.json"));
        std::fs::write(path, object.to_string()).expect("write model");
        let listed = list["data"].as_array_mut().expect("data");
        listed.push(json!({"id": id, "object": "model", "endpoint": endpoint}));
    }
    std::fs::write(&list_path, list.to_string()).expect("write list");
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(XTASK).args(args).output().expect("xtask runs");
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
    (
        output.status.code(),
        text(output.stdout),
        text(output.stderr),
    )
}

fn path(dir: &Path) -> &str {
    dir.to_str().expect("UTF-8 temporary path")
}

#[test]
fn an_unknown_endpoint_is_left_out_by_fetch_generate_and_check_and_every_other_model_kept() {
    let (_snapshot_dir, snapshot) = snapshot_copy();
    let mut models = vec![(
        EMBEDDINGS,
        "/embeddings",
        json!({"type": "object", "required": ["input"], "properties": {"input": {"type": "string"}}}),
    )];
    models.extend(harmless().map(|(id, schema)| (id, "/images/generate", schema)));
    with_models(&snapshot, &models);
    let hub = FakeHub::serving(&snapshot, &[]);
    let (dir, schemas) = committed_copy();

    let fetched = fetch(&hub, &schemas, &[]);
    assert_eq!(fetched.status.code(), Some(1), "{fetched:?}");
    let left_out: Vec<&str> = fetched
        .stderr
        .lines()
        .filter(|l| l.starts_with("left out: "))
        .collect();
    assert_eq!(left_out.len(), 1, "{fetched:?}");
    assert!(
        left_out[0].starts_with(&format!(
            "left out: model \"{EMBEDDINGS}\": left-out/{EMBEDDINGS}.json: at /endpoint (`endpoint`): left out by fetch: unknown endpoint \"/embeddings\""
        )),
        "{fetched:?}"
    );
    // Kept as the hub sent it, and marked in the catalog with the reason.
    let kept: Value = serde_json::from_str(
        &std::fs::read_to_string(schemas.join(format!("left-out/{EMBEDDINGS}.json")))
            .expect("kept"),
    )
    .expect("json");
    assert_eq!(kept["endpoint"], "/embeddings");
    assert_eq!(kept["json_request_schema"], models[0].2);
    let catalog: Value = serde_json::from_str(
        &std::fs::read_to_string(schemas.join("catalog.json")).expect("catalog"),
    )
    .expect("json");
    assert_eq!(catalog["left_out"][0]["id"], EMBEDDINGS);
    assert_eq!(catalog["left_out"][0]["keyword"], "endpoint");
    // Every other model is written, the harmless ones among them.
    for (id, _) in harmless() {
        assert!(schemas.join(format!("models/{id}.json")).exists(), "{id}");
    }
    let committed_models = std::fs::read_dir(committed_schemas().join("models"))
        .expect("models")
        .count();
    let written = std::fs::read_dir(schemas.join("models"))
        .expect("models")
        .count();
    assert_eq!(written, committed_models + harmless().len());

    let out = dir.path().join("generated");
    let (code, _, stderr) = run(&[
        "generate",
        "--keep-going",
        "--schemas",
        path(&schemas),
        "--out",
        path(&out),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let left_out: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("left out: "))
        .collect();
    assert_eq!(left_out.len(), 1, "{stderr}");
    assert!(left_out[0].contains(EMBEDDINGS), "{stderr}");
    let catalog_rs = std::fs::read_to_string(out.join("src/catalog.rs")).expect("catalog.rs");
    assert!(
        catalog_rs.contains(&format!("id: \"{EMBEDDINGS}\"")),
        "LEFT_OUT names it"
    );
    for (id, _) in harmless() {
        assert!(
            out.join(format!("docs/{id}.md")).exists(),
            "{id} is generated"
        );
    }

    let (code, stdout, stderr) = run(&[
        "check",
        "--schemas",
        path(&committed_schemas()),
        "--against",
        path(&schemas),
        "--no-bindings",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("a JSON report");
    let left_out: Vec<&Value> = (report["changes"].as_array().expect("changes").iter())
        .filter(|c| c["kind"] == "model-left-out")
        .collect();
    assert_eq!(left_out.len(), 1, "{stdout}");
    assert_eq!(left_out[0]["model"], EMBEDDINGS);
    assert_eq!(left_out[0]["severity"], "breaking");
}

#[test]
fn harmless_breaks_of_the_meta_schema_are_fetched_with_a_warning_each() {
    let (_snapshot_dir, snapshot) = snapshot_copy();
    let models: Vec<_> = harmless()
        .into_iter()
        .map(|(id, schema)| (id, "/images/generate", schema))
        .collect();
    with_models(&snapshot, &models);
    let hub = FakeHub::serving(&snapshot, &[]);
    let (_dir, schemas) = committed_copy();
    let fetched = fetch(&hub, &schemas, &[]);
    assert_eq!(fetched.status.code(), Some(0), "{fetched:?}");
    for (id, pointer) in [
        ("repeats-required", "/required/1 (`required`)"),
        (
            "draft4-bounds",
            "/properties/steps/exclusiveMinimum (`exclusiveMinimum`)",
        ),
        (
            "draft4-bounds",
            "/properties/steps/exclusiveMaximum (`exclusiveMaximum`)",
        ),
        (
            "recursive-ref",
            "/properties/children/items/$recursiveRef (`$recursiveRef`)",
        ),
    ] {
        let warning = format!("warning: model \"{id}\": models/{id}.json: at {pointer}");
        assert!(fetched.stderr.contains(&warning), "{warning}\n{fetched:?}");
    }
}

#[test]
fn refreshing_named_models_beside_an_unreadable_model_file_writes_nothing() {
    let hub = FakeHub::start(&[]);
    let (_dir, schemas) = committed_copy();
    std::fs::write(schemas.join("models/flux-2-pro.json"), "{ not json").expect("corrupt");
    let fetched = fetch(&hub, &schemas, &["--model", "gpt-4o"]);
    assert_eq!(fetched.status.code(), Some(2), "{fetched:?}");
    assert!(
        fetched.stderr.contains("models/flux-2-pro.json"),
        "{fetched:?}"
    );
    assert!(
        fetched
            .stderr
            .contains("a full `cargo xtask fetch` is needed"),
        "{fetched:?}"
    );
    let kept = std::fs::read_to_string(schemas.join("models/flux-2-pro.json")).expect("kept");
    assert_eq!(kept, "{ not json");
}

#[test]
fn a_full_fetch_replaces_an_unreadable_model_file() {
    let hub = FakeHub::start(&[]);
    let (_dir, schemas) = committed_copy();
    std::fs::write(schemas.join("models/flux-2-pro.json"), "{ not json").expect("corrupt");
    let fetched = fetch(&hub, &schemas, &[]);
    assert_eq!(fetched.status.code(), Some(0), "{fetched:?}");
    let committed = std::fs::read_to_string(committed_schemas().join("models/flux-2-pro.json"));
    let fixed = std::fs::read_to_string(schemas.join("models/flux-2-pro.json"));
    assert_eq!(fixed.expect("fetched"), committed.expect("committed"));
}
