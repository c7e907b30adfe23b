//! `cargo xtask generate` as a maintainer runs it: the real binary on copies of the catalog.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

use oxen_codegen::tree::FileTree;

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

fn committed_schemas() -> FileTree {
    FileTree::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas"))
        .expect("committed schemas")
}

fn xtask(args: &[&str]) -> Output {
    Command::new(XTASK).args(args).output().expect("xtask runs")
}

fn path(dir: &Path) -> &str {
    dir.to_str().expect("temporary paths are UTF-8")
}

#[test]
fn check_passes_right_after_generate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("generated");
    committed_schemas().write_replacing(&schemas).expect("copy");
    assert!(
        xtask(&["generate", "--schemas", path(&schemas), "--out", path(&out)])
            .status
            .success()
    );
    let check = xtask(&[
        "generate",
        "--schemas",
        path(&schemas),
        "--out",
        path(&out),
        "--check",
    ]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(check.stdout.is_empty());
}

#[test]
fn check_exits_1_with_a_unified_diff_when_a_schema_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("generated");
    let mut files = committed_schemas();
    files.write_replacing(&schemas).expect("copy");
    assert!(
        xtask(&["generate", "--schemas", path(&schemas), "--out", path(&out)])
            .status
            .success()
    );
    let flux = files
        .0
        .get_mut(Path::new("models/flux-2-pro.json"))
        .expect("flux-2-pro schema");
    *flux = flux.replace("\"maximum\": 50", "\"maximum\": 60");
    files.write_replacing(&schemas).expect("edit");

    let check = xtask(&[
        "generate",
        "--schemas",
        path(&schemas),
        "--out",
        path(&out),
        "--check",
    ]);
    assert_eq!(check.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&check.stdout);
    assert!(diff.contains("--- a/src/models/flux_2_pro.rs"), "{diff}");
    assert!(diff.contains("+    /// - Range: 1 ≤ value ≤ 60."), "{diff}");
}

/// The committed catalog, generated into `out`, with flux-2-pro's `num_inference_steps`
/// pointing at a schema that is not there: one model the generator refuses.
fn catalog_with_one_unsupported_model(schemas: &Path, out: &Path) -> FileTree {
    let mut files = committed_schemas();
    files.write_replacing(schemas).expect("copy");
    assert!(
        xtask(&["generate", "--schemas", path(schemas), "--out", path(out)])
            .status
            .success()
    );
    let flux = files
        .0
        .get_mut(Path::new("models/flux-2-pro.json"))
        .expect("flux-2-pro schema");
    *flux = flux.replace(
        "\"type\": \"integer\"",
        "\"$ref\": \"https://example.com/steps.json\"",
    );
    files.write_replacing(schemas).expect("edit");
    FileTree::read(out).expect("generated")
}

#[test]
fn a_schema_that_cannot_be_generated_fails_and_leaves_the_output_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("generated");
    let before = catalog_with_one_unsupported_model(&schemas, &out);
    let run = xtask(&["generate", "--schemas", path(&schemas), "--out", path(&out)]);

    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("model \"flux-2-pro\""), "{stderr}");
    assert!(
        stderr.contains("/properties/num_inference_steps/$ref"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(FileTree::read(&out).expect("generated"), before);
}

#[test]
fn keep_going_writes_every_other_model_and_names_the_one_left_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("generated");
    let before = catalog_with_one_unsupported_model(&schemas, &out);
    let run = xtask(&[
        "generate",
        "--schemas",
        path(&schemas),
        "--out",
        path(&out),
        "--keep-going",
    ]);

    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("left out: model \"flux-2-pro\": models/flux-2-pro.json: at /properties/num_inference_steps/$ref (`$ref`)"),
        "{stderr}"
    );
    let after = FileTree::read(&out).expect("generated");
    let gone: Vec<_> = before
        .0
        .keys()
        .filter(|file| !after.0.contains_key(*file))
        .collect();
    assert_eq!(
        gone,
        [
            Path::new("docs/flux-2-pro.md"),
            Path::new("schemas/models/flux-2-pro.json"),
            Path::new("src/models/flux_2_pro.rs"),
        ]
    );
    // Every other model is written as before.
    for (file, text) in &before.0 {
        let changed = after.0.get(file).is_some_and(|now| now != text);
        let expected = ["src/catalog.rs", "src/models/mod.rs", "docs/README.md"];
        assert!(
            !changed || expected.iter().any(|e| Path::new(e) == file),
            "{} changed",
            file.display()
        );
    }
    let catalog = &after.0[Path::new("src/catalog.rs")];
    assert!(
        catalog.contains("/// - `flux-2-pro`: `models/flux-2-pro.json` at"),
        "{catalog}"
    );
    assert!(
        catalog.contains("pub static LEFT_OUT: [LeftOut; 1usize]")
            && catalog
                .contains("id: \"flux-2-pro\",\n        reason: \"models/flux-2-pro.json: at"),
        "{catalog}"
    );
    assert!(
        !catalog.contains("id: \"flux-2-pro\",\n        display_name"),
        "flux-2-pro is still listed in MODELS"
    );
    let index = &after.0[Path::new("docs/README.md")];
    assert!(index.contains("## Models left out"), "{index}");
}

/// Writes the committed catalog into `schemas`, with a `default` of flux-2-pro that breaks
/// its own schema (a warning, not an error).
fn write_schemas_with_a_bad_default(schemas: &Path) {
    let mut files = committed_schemas();
    let flux = files
        .0
        .get_mut(Path::new("models/flux-2-pro.json"))
        .expect("flux-2-pro schema");
    *flux = flux.replace("\"default\": 30,", "\"default\": 80,");
    files.write_replacing(schemas).expect("copy");
}

#[test]
fn a_default_that_breaks_its_schema_is_a_warning_not_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("generated");
    write_schemas_with_a_bad_default(&schemas);
    let run = xtask(&["generate", "--schemas", path(&schemas), "--out", path(&out)]);

    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: model \"flux-2-pro\": models/flux-2-pro.json: at /properties/num_inference_steps/default (`default`): the default does not satisfy its own schema"),
        "{stderr}"
    );
    let module = std::fs::read_to_string(out.join("src/models/flux_2_pro.rs")).expect("module");
    assert!(
        module.contains("The hub's default, `80`, is not valid for this schema"),
        "{module}"
    );
    assert!(
        !module.contains("\"num_inference_steps\": 80"),
        "no example uses the bad default"
    );
    let page = std::fs::read_to_string(out.join("docs/flux-2-pro.md")).expect("page");
    assert!(
        page.contains("| `80` (not valid for this schema; unused) |"),
        "{page}"
    );
    assert!(
        page.contains("## Schema warnings") && !page.contains("\"num_inference_steps\": 80"),
        "{page}"
    );
}

#[test]
fn a_missing_catalog_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = xtask(&[
        "generate",
        "--schemas",
        path(dir.path()),
        "--out",
        path(&dir.path().join("out")),
        "--check",
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("catalog.json"));
}

/// Sets every file below `dir` to an old mtime and returns the files' paths.
fn age_every_file(dir: &Path) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = FileTree::read(dir)
        .expect("generated")
        .0
        .into_keys()
        .collect();
    for file in &files {
        std::fs::File::options()
            .write(true)
            .open(dir.join(file))
            .and_then(|f| f.set_modified(LONG_AGO))
            .expect("set mtime");
    }
    files
}

const LONG_AGO: SystemTime = SystemTime::UNIX_EPOCH;

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime")
}

#[test]
fn generating_again_with_nothing_changed_writes_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("generated");
    committed_schemas().write_replacing(&schemas).expect("copy");
    let generate = || xtask(&["generate", "--schemas", path(&schemas), "--out", path(&out)]);
    assert!(generate().status.success());
    let files = age_every_file(&out);

    let second = generate();

    assert!(second.status.success());
    let touched: Vec<&PathBuf> = files
        .iter()
        .filter(|f| modified(&out.join(f)) != LONG_AGO)
        .collect();
    assert!(touched.is_empty(), "rewritten: {touched:?}");
    assert_eq!(
        FileTree::read(&out).expect("generated").0.len(),
        files.len()
    );
}

#[test]
fn generating_after_a_schema_change_writes_only_what_it_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("generated");
    let mut files = committed_schemas();
    files.write_replacing(&schemas).expect("copy");
    let generate = || xtask(&["generate", "--schemas", path(&schemas), "--out", path(&out)]);
    assert!(generate().status.success());
    age_every_file(&out);
    let flux = files
        .0
        .get_mut(Path::new("models/flux-2-pro.json"))
        .expect("flux-2-pro schema");
    *flux = flux.replace("\"maximum\": 50", "\"maximum\": 60");
    files.write_replacing(&schemas).expect("edit");

    assert!(generate().status.success());

    assert_ne!(modified(&out.join("src/models/flux_2_pro.rs")), LONG_AGO);
    assert_ne!(
        modified(&out.join("schemas/models/flux-2-pro.json")),
        LONG_AGO
    );
    assert_eq!(modified(&out.join("src/models/flux_2_flex.rs")), LONG_AGO);
    assert_eq!(modified(&out.join("src/lib.rs")), LONG_AGO);
}

#[test]
fn check_lists_the_differing_files_first_cuts_the_diff_and_reports_stray_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("generated");
    committed_schemas().write_replacing(&schemas).expect("copy");
    assert!(
        xtask(&["generate", "--schemas", path(&schemas), "--out", path(&out)])
            .status
            .success()
    );
    std::fs::write(out.join("src/notes.rs"), "// mine\n").expect("stray file");
    std::fs::remove_file(out.join("src/batch.rs")).expect("remove a generated file");
    let check = xtask(&[
        "generate",
        "--schemas",
        path(&schemas),
        "--out",
        path(&out),
        "--check",
        "--diff-lines",
        "5",
    ]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.starts_with(
            "2 file(s) differ:\n  missing  src/batch.rs\n  stray    src/notes.rs (not generated: `generate` deletes it)\n\n--- /dev/null\n+++ b/src/batch.rs\n"
        ),
        "{stdout}"
    );
    let batch_lines = std::fs::read_to_string(committed_generated().join("src/batch.rs"))
        .expect("committed batch.rs")
        .lines()
        .count();
    // Two headers and a hunk line per file, the lines of each; five are shown.
    let total = 3 + batch_lines + 3 + 1;
    assert!(
        stdout.ends_with(&format!(
            "… {} more line(s) of diff not shown (--diff-lines N shows more)\n",
            total - 5
        )),
        "{stdout}"
    );
    assert_eq!(
        String::from_utf8_lossy(&check.stderr),
        format!(
            "{} is stale: run `cargo xtask generate --schemas {} --out {}`\n",
            path(&out),
            path(&schemas),
            path(&out)
        )
    );
}

fn committed_generated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated")
}

/// The lines of `output`'s stderr that report on the catalog (warnings, models left out).
fn report_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|line| line.starts_with("warning: ") || line.starts_with("left out: "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn generating_again_with_nothing_changed_reports_the_same_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("generated");
    write_schemas_with_a_bad_default(&schemas);
    let generate = || xtask(&["generate", "--schemas", path(&schemas), "--out", path(&out)]);
    let first = generate();
    assert!(first.status.success());

    let second = generate();

    assert!(second.status.success());
    assert!(!report_lines(&first).is_empty(), "the bad default warns");
    assert_eq!(report_lines(&second), report_lines(&first));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains(": 0 written, 0 removed"), "{stderr}");
}

#[test]
fn a_hand_edited_file_is_seen_by_check_and_restored_by_generate_right_after_a_generate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("generated");
    committed_schemas().write_replacing(&schemas).expect("copy");
    let generate = |extra: &[&str]| {
        let mut args = vec!["generate", "--schemas", path(&schemas), "--out", path(&out)];
        args.extend_from_slice(extra);
        xtask(&args)
    };
    // Twice: the second run finds nothing changed, as a maintainer's next run would.
    assert!(generate(&[]).status.success());
    assert!(generate(&[]).status.success());
    let lib = out.join("src/lib.rs");
    let original = std::fs::read_to_string(&lib).expect("lib.rs");
    std::fs::write(&lib, original.replace("pub mod", "pub(crate) mod")).expect("edit");
    std::fs::write(out.join("src/stray.rs"), "").expect("add a file");

    let check = generate(&["--check"]);
    let restored = generate(&[]);

    assert_eq!(check.status.code(), Some(1));
    let listing = String::from_utf8_lossy(&check.stdout);
    assert!(
        listing.contains("src/lib.rs") && listing.contains("src/stray.rs"),
        "{listing}"
    );
    assert!(restored.status.success());
    assert_eq!(std::fs::read_to_string(&lib).expect("lib.rs"), original);
    assert!(!out.join("src/stray.rs").exists());
}

#[test]
fn a_directory_with_files_generate_did_not_write_is_refused_and_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("project");
    committed_schemas().write_replacing(&schemas).expect("copy");
    let project: FileTree = [("notes.txt", "mine"), (".git/HEAD", "ref: refs/heads/main")]
        .into_iter()
        .collect();
    project.write_replacing(&out).expect("a project");

    let output = xtask(&["generate", "--schemas", path(&schemas), "--out", path(&out)]);

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("did not write"), "{stderr}");
    assert!(
        stderr.contains(".git/HEAD") || stderr.contains("notes.txt"),
        "{stderr}"
    );
    assert_eq!(FileTree::read(&out).expect("read"), project);
}

#[test]
fn a_directory_holding_only_empty_directories_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let out = dir.path().join("generated");
    committed_schemas().write_replacing(&schemas).expect("copy");
    std::fs::create_dir_all(out.join("docs/models")).expect("empty directories");

    let output = xtask(&["generate", "--schemas", path(&schemas), "--out", path(&out)]);

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The committed catalog with three models too deep to generate: a chain of 1,000 `$ref`s,
/// 300 nested inline objects and 300 nested arrays (the last two deeper than `serde_json`
/// reads a file).
fn catalog_with_deep_models(schemas: &Path) {
    let mut files = committed_schemas();
    let defs: serde_json::Map<String, serde_json::Value> = (0..1000)
        .map(|i| {
            let next = serde_json::json!({"$ref": format!("#/$defs/d{}", i + 1)});
            let link = if i == 999 {
                serde_json::json!({"type": "object"})
            } else {
                serde_json::json!({"type": "object", "properties": {"next": next}})
            };
            (format!("d{i}"), link)
        })
        .collect();
    let chain = serde_json::json!({"type": "object", "properties": {"root": {"$ref": "#/$defs/d0"}}, "$defs": defs});
    let objects = format!(
        "{}{{\"type\": \"string\"}}{}",
        r#"{"type": "object", "properties": {"a": "#.repeat(300),
        "}}".repeat(300)
    );
    let arrays = format!(
        r#"{{"type": "object", "properties": {{"a": {}{{"type": "string"}}{}}}}}"#,
        r#"{"type": "array", "items": "#.repeat(300),
        "}".repeat(300)
    );
    let catalog_path = Path::new("catalog.json");
    let mut catalog: serde_json::Value =
        serde_json::from_str(&files.0[catalog_path]).expect("catalog");
    let models = catalog["models"].as_array_mut().expect("models");
    for (id, schema) in [
        ("deep-arrays", arrays),
        ("deep-chain", chain.to_string()),
        ("deep-objects", objects),
    ] {
        models.push(serde_json::json!({
            "id": id, "display_name": id, "endpoint": "/images/generate",
            "schema": format!("models/{id}.json"),
        }));
        files
            .0
            .insert(PathBuf::from(format!("models/{id}.json")), schema);
    }
    models.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    files.0.insert(catalog_path.to_owned(), catalog.to_string());
    files.write_replacing(schemas).expect("write");
}

#[test]
fn keep_going_leaves_out_each_model_too_deep_by_name_with_its_limit_and_writes_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (schemas, out) = (dir.path().join("schemas"), dir.path().join("generated"));
    catalog_with_deep_models(&schemas);
    let run = xtask(&[
        "generate",
        "--schemas",
        path(&schemas),
        "--out",
        path(&out),
        "--keep-going",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        !stderr.contains("overflow") && !stderr.contains("panicked"),
        "{stderr}"
    );
    for id in ["deep-arrays", "deep-chain", "deep-objects"] {
        let line = stderr
            .lines()
            .find(|line| line.starts_with(&format!("left out: model \"{id}\"")))
            .unwrap_or_else(|| panic!("{id} is not named: {stderr}"));
        assert!(
            line.contains("(`limit`)") && line.contains("MAX_SCHEMA_DEPTH"),
            "{line}"
        );
    }
    // Every committed model is written, as generating the committed catalog writes it.
    let committed = FileTree::read(&committed_generated()).expect("generated/");
    let written = FileTree::read(&out).expect("written");
    let pages = |tree: &FileTree| -> Vec<PathBuf> {
        tree.0
            .keys()
            .filter(|p| p.starts_with("docs") || p.starts_with("src/models"))
            .cloned()
            .collect()
    };
    assert_eq!(pages(&written), pages(&committed));
}

#[test]
fn without_keep_going_every_model_too_deep_is_listed_at_once_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (schemas, out) = (dir.path().join("schemas"), dir.path().join("generated"));
    catalog_with_deep_models(&schemas);
    let run = xtask(&["generate", "--schemas", path(&schemas), "--out", path(&out)]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("3 model(s) could not be generated"),
        "{stderr}"
    );
    assert!(!out.exists());
}
