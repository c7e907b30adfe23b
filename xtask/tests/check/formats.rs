//! What each `--format` prints.

use serde_json::Value;

use crate::support::{OLD, fixture_drift, root};

/// The 1-based line of the first line matching `wanted` after the first matching `after`.
fn line_after(file: &str, after: &str, wanted: &str) -> usize {
    let text = std::fs::read_to_string(root().join(file)).expect("read fixture");
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == after)
        .expect("anchor line");
    start
        + 1
        + lines[start..]
            .iter()
            .position(|l| l.trim() == wanted)
            .expect("wanted line")
}

#[test]
fn json_has_the_summary_and_the_fields_of_every_change() {
    let report = fixture_drift(&["--format", "json"]).json();
    let changes = report["changes"].as_array().expect("changes");
    for change in changes {
        let mut keys: Vec<&str> = change
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "kind", "message", "model", "new", "old", "pointer", "severity"
            ]
        );
    }
    let count = |severity: &str| changes.iter().filter(|c| c["severity"] == severity).count();
    let summary = &report["summary"];
    assert_eq!(summary["breaking"], count("breaking"));
    assert_eq!(summary["non_breaking"], count("non-breaking"));
    assert_eq!(summary["cosmetic"], count("cosmetic"));
    assert_eq!(summary["behaviour"], count("behaviour"));
    assert_eq!(summary["stale_bindings"], Value::Bool(false));
}

#[test]
fn json_changes_are_sorted_by_model_then_pointer() {
    let report = fixture_drift(&["--format", "json"]).json();
    let keys: Vec<(String, String)> = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| (c["model"].to_string(), c["pointer"].to_string()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn github_errors_point_at_the_line_of_the_committed_schema() {
    let run = fixture_drift(&["--format", "github"]);
    let file = format!("{OLD}/models/gpt-image-2.json");
    let line = line_after(&file, "\"quality\": {", "\"enum\": [");
    let expected = format!(
        "::error file={file},line={line},title=gpt-image-2 (breaking)%3A enum-value-removed::`quality`: enum value \"auto\" was removed"
    );
    assert!(
        run.stdout.lines().any(|l| l == expected),
        "{expected}\nnot in\n{}",
        run.stdout
    );
}

#[test]
fn github_errors_about_the_catalog_entry_point_at_catalog_json() {
    let run = fixture_drift(&["--format", "github"]);
    let file = format!("{OLD}/catalog.json");
    let line = line_after(
        &file,
        "\"display_name\": \"GPT Image 2\",",
        "\"endpoint\": \"/images/generate\",",
    );
    let prefix = format!(
        "::error file={file},line={line},title=gpt-image-2 (breaking)%3A endpoint-changed::"
    );
    assert!(
        run.stdout.lines().any(|l| l.starts_with(&prefix)),
        "{prefix}\nnot in\n{}",
        run.stdout
    );
}

#[test]
fn github_warns_about_behaviour_and_notes_the_rest() {
    let run = fixture_drift(&["--format", "github"]);
    let command = |title: &str| {
        run.stdout
            .lines()
            .find(|l| l.contains(title))
            .and_then(|l| l.split(' ').next())
            .unwrap_or_else(|| panic!("no annotation titled {title}"))
            .to_owned()
    };
    assert_eq!(command("(behaviour)%3A default-changed"), "::warning");
    assert_eq!(command("(non-breaking)%3A enum-value-added"), "::notice");
    assert_eq!(command("(cosmetic)%3A description-changed"), "::notice");
}

#[test]
fn markdown_has_a_summary_table_and_a_section_per_model() {
    let run = fixture_drift(&["--format", "markdown"]);
    let text = &run.stdout;
    assert!(text.starts_with("## Schema drift\n"), "{text}");
    assert!(text.contains("| **breaking** | 47 |"), "{text}");
    assert!(text.contains("\n### `gpt-image-2`\n"), "{text}");
    assert!(text.contains("<details><summary>"), "{text}");
}

#[test]
fn markdown_lists_models_with_breaking_changes_first() {
    let text = fixture_drift(&["--format", "markdown"]).stdout;
    let position = |model: &str| text.find(&format!("### `{model}`")).expect(model);
    // `black-forest-labs-flux-2-klein-4b` sorts first by name but has cosmetic changes only.
    assert!(position("google-veo-3-1-fast") < position("black-forest-labs-flux-2-klein-4b"));
}

#[test]
fn markdown_names_added_and_removed_models_in_one_line_each() {
    let text = fixture_drift(&["--format", "markdown"]).stdout;
    let line = |start: &str| {
        text.lines()
            .find(|l| l.starts_with(start))
            .expect(start)
            .to_owned()
    };
    assert!(line("**Models removed** (breaking): ").contains("`qwen3-vl-8b-instruct`"));
    assert!(line("**Models added**: ").contains("`kimi-k3`"));
    assert!(!text.contains("### `qwen3-vl-8b-instruct`"), "{text}");
}

#[test]
fn text_is_plain_when_not_on_a_terminal() {
    let text = fixture_drift(&[]).stdout;
    assert!(!text.contains('\x1b'), "escape codes in piped output");
    assert!(
        text.ends_with(
            "47 breaking, 20 behaviour, 56 non-breaking, 133 cosmetic in 100 model(s)\n"
        ),
        "{text}"
    );
}

#[test]
fn text_lists_a_models_breaking_changes_before_the_others() {
    let text = fixture_drift(&[]).stdout;
    let section: Vec<&str> = text
        .split("\n\n")
        .find(|s| s.starts_with("gpt-image-2\n"))
        .expect("gpt-image-2 section")
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap_or_default())
        .collect();
    let mut sorted = section.clone();
    let rank = |s: &&str| {
        ["breaking", "behaviour", "non-breaking", "cosmetic"]
            .iter()
            .position(|r| r == s)
    };
    sorted.sort_by_key(rank);
    assert_eq!(section, sorted);
}

#[test]
fn a_change_to_a_shared_endpoint_body_is_reported_for_every_model_using_it() {
    let dir = crate::support::copy_of(OLD);
    crate::support::edit_json(
        &dir.path().join("endpoints/chat-completions.json"),
        |body| {
            body["properties"]["messages"]["items"]["properties"]["role"]["enum"] =
                serde_json::json!(["system", "user", "assistant"]);
        },
    );
    let path = dir.path().to_str().expect("utf-8 temp path");
    let args = ["--no-bindings", "--schemas", OLD, "--against", path];
    let report = crate::support::check(&[&args[..], &["--format", "json"]].concat()).json();
    let catalog = std::fs::read_to_string(root().join(OLD).join("catalog.json")).expect("catalog");
    let users = catalog
        .matches("\"schema\": \"endpoints/chat-completions.json\"")
        .count();
    let changes = report["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), users);
    for change in changes {
        assert_eq!(change["kind"], "enum-value-removed");
        assert_eq!(
            change["pointer"],
            "/properties/messages/items/properties/role/enum"
        );
        assert_eq!(
            change["message"],
            "`messages[].role`: enum value \"tool\" was removed"
        );
    }

    let github = crate::support::check(&[&args[..], &["--format", "github"]].concat()).stdout;
    let file = format!("{OLD}/endpoints/chat-completions.json");
    let line = line_after(&file, "\"role\": {", "\"enum\": [");
    let location = format!("::error file={file},line={line},");
    assert_eq!(
        github.lines().filter(|l| l.starts_with(&location)).count(),
        users,
        "{github}"
    );
}

#[test]
fn github_paths_are_relative_to_the_repository_even_for_an_absolute_schemas_dir() {
    let absolute = root().join(OLD);
    let absolute = absolute.to_str().expect("utf-8 path");
    let run = crate::support::check(&[
        "--no-bindings",
        "--schemas",
        absolute,
        "--against",
        crate::support::NEW,
        "--format",
        "github",
    ]);
    let first = run.stdout.lines().next().expect("an annotation");
    assert!(first.contains(&format!(" file={OLD}/")), "{first}");
}

/// The deepest part of `pointer` that `document` has, as its tokens.
fn existing_prefix(document: &Value, pointer: &str) -> Vec<String> {
    let mut node = document;
    let mut found = Vec::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let child = match node {
            Value::Object(map) => map.get(&token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match child {
            Some(child) => {
                node = child;
                found.push(token);
            }
            None => break,
        }
    }
    found
}

#[test]
fn every_github_annotation_is_on_the_line_of_what_its_pointer_names() {
    let changes = fixture_drift(&["--format", "json"]).json()["changes"].clone();
    let github = fixture_drift(&["--format", "github"]).stdout;
    let annotations: Vec<&str> = github.lines().filter(|l| l.starts_with("::")).collect();
    let changes = changes.as_array().expect("changes");
    assert_eq!(annotations.len(), changes.len());
    let mut checked = 0;
    for (change, annotation) in changes.iter().zip(&annotations) {
        let (Some(file), Some(line)) = (
            annotation
                .split("file=")
                .nth(1)
                .and_then(|r| r.split(',').next()),
            annotation
                .split(",line=")
                .nth(1)
                .and_then(|r| r.split(',').next()),
        ) else {
            continue;
        };
        if file.ends_with("catalog.json") {
            continue;
        }
        let text = std::fs::read_to_string(root().join(file)).expect("annotated file");
        let document: Value = serde_json::from_str(&text).expect("json");
        let line: usize = line.parse().expect("line number");
        let at = text.lines().nth(line - 1).expect("line in file").trim();
        let pointer = change["pointer"].as_str().expect("pointer");
        match existing_prefix(&document, pointer).last() {
            None => assert_eq!(line, 1, "{annotation}"),
            Some(key) if key.parse::<usize>().is_err() => {
                assert!(
                    at.starts_with(&format!("\"{key}\":")),
                    "{pointer} → line {line}: {at}"
                )
            }
            Some(_) => {}
        }
        checked += 1;
    }
    assert!(checked > 150, "only {checked} annotations checked");
}
