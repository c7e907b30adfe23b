//! The generated Markdown reference: every page is there, and every JSON example in it is a
//! payload its model accepts.

use std::path::Path;

use oxen_models::MODELS;
use oxen_tests::repo_root;

fn page(id: &str) -> String {
    std::fs::read_to_string(repo_root().join(format!("generated/docs/{id}.md")))
        .unwrap_or_else(|e| panic!("docs/{id}.md: {e}"))
}

/// The contents of every ```json block of a page.
fn json_blocks(page: &str) -> Vec<String> {
    page.split("```json\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("\n```").map(|(block, _)| block.to_owned()))
        .collect()
}

#[test]
fn every_model_has_a_page_with_three_json_examples() {
    for model in &MODELS {
        let blocks = json_blocks(&page(model.id));
        assert_eq!(blocks.len(), 3, "{}", model.id);
    }
}

#[test]
fn every_json_example_validates_against_its_model_schema() {
    let mut failures = Vec::new();
    for model in &MODELS {
        for (i, block) in json_blocks(&page(model.id)).into_iter().enumerate() {
            let payload: serde_json::Value = serde_json::from_str(&block)
                .unwrap_or_else(|e| panic!("{} example {i}: {e}", model.id));
            if let Err(error) = oxen_models::validate_payload(model.id, &payload) {
                failures.push(format!("{} example {i}: {error}", model.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_index_lists_every_model_under_its_endpoint_family() {
    let index =
        std::fs::read_to_string(repo_root().join("generated/docs/README.md")).expect("index");
    for heading in [
        "## Chat",
        "## Image generation",
        "## Image editing",
        "## Video",
        "## Audio",
    ] {
        assert!(index.contains(heading), "{heading}");
    }
    for model in &MODELS {
        assert!(
            index.contains(&format!("]({}.md)", model.id)),
            "{}",
            model.id
        );
    }
    assert!(Path::new(&repo_root().join("generated/docs")).is_dir());
}

#[test]
fn table_rows_have_exactly_six_cells() {
    for model in &MODELS {
        for line in page(model.id).lines().filter(|l| l.starts_with("| `")) {
            let unescaped_pipes = line
                .match_indices('|')
                .filter(|(i, _)| *i == 0 || line.as_bytes()[i - 1] != b'\\')
                .count();
            assert_eq!(unescaped_pipes, 7, "{}: {line}", model.id);
        }
    }
}
