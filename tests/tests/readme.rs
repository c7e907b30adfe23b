//! The README's Rust examples are what a newcomer copies: each is a whole `src/main.rs`, with
//! nothing hidden, using only the crates its `[dependencies]` block states. (The doctests of
//! this crate's library build and run them: `src/lib.rs` includes the README.)

use std::collections::BTreeSet;

fn readme() -> String {
    std::fs::read_to_string(oxen_tests::repo_root().join("README.md")).expect("README.md")
}

/// The text of every fenced block whose info string is `lang`.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match &mut current {
            None if line.trim_start().strip_prefix("```") == Some(lang) => {
                current = Some(String::new());
            }
            Some(block) if line.trim_start() == "```" => {
                found.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    found
}

/// The crates a block names: the first segment of every path (`oxen_models::...`,
/// `serde_json::json!`), less the standard library.
fn crates_used(block: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let bytes = block.as_bytes();
    for (at, _) in block.match_indices("::") {
        let start = block[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let name = &block[start..at];
        let continues_a_path = start >= 2 && &bytes[start - 2..start] == b"::";
        let is_crate_like = name.starts_with(|c: char| c.is_ascii_lowercase());
        if !continues_a_path && is_crate_like {
            used.insert(name.to_owned());
        }
    }
    for std_name in ["std", "core", "alloc", "crate", "self", "super"] {
        used.remove(std_name);
    }
    used
}

/// The dependency names of the README's `[dependencies]` block, commented-out forms included
/// (the git form is an alternative to the path form).
fn stated_dependencies(text: &str) -> BTreeSet<String> {
    let toml = blocks(text, "toml")
        .into_iter()
        .find(|block| block.contains("[dependencies]"))
        .expect("the README shows a [dependencies] block");
    toml.lines()
        .map(|line| line.trim_start_matches(['#', ' ']))
        .filter_map(|line| line.split_once(" = "))
        .map(|(name, _)| name.trim().replace('-', "_"))
        .collect()
}

#[test]
fn every_rust_example_is_a_whole_program_with_nothing_hidden() {
    let text = readme();
    let examples = blocks(&text, "rust");
    assert!(examples.len() >= 6, "{} examples", examples.len());
    for example in &examples {
        // Rustdoc hides `# ` lines; GitHub shows them literally.
        let hidden: Vec<&str> = example
            .lines()
            .filter(|line| line.trim_start() == "#" || line.trim_start().starts_with("# "))
            .collect();
        assert!(hidden.is_empty(), "hidden lines {hidden:?} in\n{example}");
        assert!(
            example.contains("\nfn main()"),
            "not a whole main.rs:\n{example}"
        );
    }
}

#[test]
fn the_examples_use_only_the_stated_dependencies() {
    let text = readme();
    let stated = stated_dependencies(&text);
    assert!(
        stated.contains("oxen_models") && stated.contains("serde_json"),
        "{stated:?}"
    );
    for example in blocks(&text, "rust") {
        let missing: Vec<String> = crates_used(&example)
            .into_iter()
            .filter(|name| !stated.contains(name))
            .collect();
        assert!(
            missing.is_empty(),
            "{missing:?} not in [dependencies], used in\n{example}"
        );
    }
}

#[test]
fn the_stated_path_dependency_is_the_generated_crate() {
    let text = readme();
    let toml = blocks(&text, "toml")
        .into_iter()
        .find(|block| block.contains("[dependencies]"))
        .expect("[dependencies] block");
    assert!(
        toml.contains("oxen-models = { path = \"../oxen-model-bindings/generated\" }"),
        "{toml}"
    );
    let manifest = std::fs::read_to_string(oxen_tests::repo_root().join("generated/Cargo.toml"))
        .expect("generated/Cargo.toml");
    assert!(manifest.contains("name = \"oxen-models\""));
    let tests_manifest = std::fs::read_to_string(oxen_tests::repo_root().join("tests/Cargo.toml"))
        .expect("tests/Cargo.toml");
    // The doctests build the examples with the same two crates.
    assert!(tests_manifest.contains("oxen-models = {") && tests_manifest.contains("serde_json"));
}

#[test]
fn crates_used_reads_the_first_segment_of_paths() {
    let used = crates_used(
        "use oxen_models::models::flux_2_pro::AspectRatio;\nlet v = serde_json::json!({});\nlet t = std::any::type_name::<u8>();\nMessageRole::User;",
    );
    assert_eq!(
        used,
        BTreeSet::from(["oxen_models".to_owned(), "serde_json".to_owned()])
    );
}
