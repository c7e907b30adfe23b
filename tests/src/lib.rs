//! Integration and snapshot tests live in `tests/`; this library compiles the README's examples
//! as doctests, so the README cannot drift from the real API, and holds what several tests use.
#![doc = include_str!("../../README.md")]

pub mod near_miss;

/// The repository root, for tests that read `schemas/` and `generated/`.
pub fn repo_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A catalog of models with the given ids and request schemas (each its own schema file),
/// sorted by id as `schemas/catalog.json` is: how tests run the generator on inline schemas.
pub fn catalog_of(models: &[(&str, serde_json::Value)]) -> oxen_codegen::SchemaSet {
    use oxen_codegen::catalog::{Capabilities, CatalogEntry};
    use oxen_codegen::{Endpoint, ModelId, SchemaSet, SchemaSource};
    let mut set = SchemaSet::default();
    for (id, schema) in models {
        let id = ModelId::parse(id).expect("test ids are valid");
        let source = SchemaSource::Model(id.clone());
        set.schemas.insert(source.clone(), schema.clone());
        set.catalog.models.push(CatalogEntry {
            display_name: format!("Test {id}"),
            summary: Some("A test model".into()),
            description: None,
            endpoint: Endpoint::ImagesGenerate,
            capabilities: Capabilities::default(),
            schema: source,
            id,
        });
    }
    set.catalog.models.sort_by(|a, b| a.id.cmp(&b.id));
    set
}

/// What the generated types rule out at compile time, as doctests that must not compile, each
/// beside its twin that differs only in the mistake and compiles (so that a `compile_fail`
/// test cannot pass for another reason, such as a renamed type).
///
/// A required property is a constructor argument, so leaving it out does not compile:
///
/// ```compile_fail
/// let request = oxen_models::Flux2ProRequest::new();
/// ```
///
/// ```
/// let request = oxen_models::Flux2ProRequest::new("A lighthouse at dawn");
/// ```
///
/// Chat models require their messages the same way:
///
/// ```compile_fail
/// let request = oxen_models::Gpt5_5_2026_04_23Request::new();
/// ```
///
/// ```
/// use oxen_models::shared::chat_completions::Message;
/// let request = oxen_models::Gpt5_5_2026_04_23Request::new([Message::user("Hi")]);
/// ```
///
/// The `model` field is fixed to the type's model: it cannot be set to another one.
///
/// ```compile_fail
/// let mut request = oxen_models::Flux2ProRequest::new("A lighthouse at dawn");
/// request.model = Default::default();
/// ```
///
/// ```
/// let mut request = oxen_models::Flux2ProRequest::new("A lighthouse at dawn");
/// request.prompt = "A lighthouse at dusk".into();
/// ```
pub mod compile_time {}

/// Where scratch crates are built: beside the workspace's own target directory, so that their
/// dependencies are compiled once and reused.
pub fn scratch_target_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
        .join("hostile-scratch")
}

/// A temporary workspace holding `files` as the `oxen-models` crate, pinned to this
/// repository's lock file: how tests build and run a crate generated from their own catalog.
pub fn scratch_workspace(files: &oxen_codegen::tree::FileTree) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root_manifest =
        std::fs::read_to_string(repo_root().join("Cargo.toml")).expect("root Cargo.toml");
    let manifest: String = root_manifest
        .lines()
        .filter(|l| !l.contains("path = "))
        .map(|l| {
            if l.starts_with("members") {
                "members = [\"oxen-models\"]".to_owned()
            } else if l.starts_with("default-members") {
                String::new()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("manifest");
    std::fs::copy(
        repo_root().join("Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .expect("lock");
    let krate = dir.path().join("oxen-models");
    for (path, text) in &files.0 {
        let path = krate.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(path, text).expect("file");
    }
    dir
}

/// Runs `cargo <args>` offline in a [`scratch_workspace`], building into
/// [`scratch_target_dir`]; returns its output.
///
/// One at a time: scratch crates share the target directory, and a build of one would replace
/// the library another's doctests are being linked against.
pub fn scratch_cargo(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let (command, rest) = args.split_first().expect("a cargo command");
    std::process::Command::new(cargo)
        .arg(command)
        .arg("--offline")
        .args(rest)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", scratch_target_dir())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

pub mod scratch;
