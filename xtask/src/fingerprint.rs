//! What the last `cargo xtask generate` read and wrote, so that a run with nothing changed can
//! stop before generating.
//!
//! The record holds a hash of every input (each file below the schemas directory, the running
//! xtask executable, `--keep-going`) and a hash of each file the run produced. A later run
//! whose inputs hash the same, and whose output directory holds exactly those files with those
//! bytes (read and hashed again, so a hand-edited, missing or extra file is seen), would
//! generate the same files: it prints the recorded report and writes nothing. Anything else, a
//! missing, unreadable or foreign record included, means a full generation. The record only
//! ever saves work: it never decides what is written.
//!
//! It is kept beside the executable (`target/<profile>/xtask-generate.json`), never in the
//! output directory. Hashes are XXH3-128: the inputs are not adversarial, and hashing the 20 to
//! 50 MB executable must cost milliseconds.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use oxen_codegen::tree::FileTree;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// Bumped when the record's meaning changes, so an old record is never taken for a new one.
const FORMAT: &str = "xtask-generate 1";

/// One run: what it read, what it produced, and what it printed about the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    format: String,
    /// The hash of the inputs, see [`inputs`].
    inputs: u128,
    /// Every file of the output directory, relative to it, with the hash of its bytes.
    outputs: BTreeMap<PathBuf, u128>,
    /// The lines the run printed before writing (warnings, left-out models), in order.
    pub report: Vec<String>,
    /// How many models were left out (`--keep-going`): the exit code is 1 when any.
    pub left_out: usize,
}

impl Record {
    pub fn new(inputs: u128, files: &FileTree, report: Vec<String>, left_out: usize) -> Self {
        Record {
            format: FORMAT.to_owned(),
            inputs,
            outputs: files
                .0
                .iter()
                .map(|(path, text)| (path.clone(), xxh3_128(text.as_bytes())))
                .collect(),
            report,
            left_out,
        }
    }

    /// How many files the output holds.
    pub fn file_count(&self) -> usize {
        self.outputs.len()
    }

    /// Whether the recorded run read the same `inputs` and `out` still holds what it produced.
    pub fn unchanged(&self, inputs: u128, out: &Path) -> bool {
        self.inputs == inputs && self.matches(out)
    }

    /// Whether `out` holds exactly the recorded files, byte for byte.
    fn matches(&self, out: &Path) -> bool {
        let Ok(on_disk) = FileTree::read(out) else {
            return false;
        };
        on_disk.0.len() == self.outputs.len()
            && on_disk
                .0
                .iter()
                .all(|(path, text)| self.outputs.get(path) == Some(&xxh3_128(text.as_bytes())))
    }
}

/// The hash of everything `generate` reads: every file below `schemas` (path and bytes), the
/// running executable (the generator and its templates) and `keep_going`. `None` when any of
/// them cannot be read: then nothing is recorded or skipped.
pub fn inputs(schemas: &Path, keep_going: bool) -> Option<u128> {
    let schemas = FileTree::read(schemas).ok()?;
    let mut hasher = Xxh3::new();
    hasher.update(FORMAT.as_bytes());
    hasher.update(&[u8::from(keep_going)]);
    hasher.update(&executable_hash()?.to_le_bytes());
    for (path, text) in &schemas.0 {
        let path = path.to_string_lossy();
        // Lengths first, so that no two different trees feed the same bytes.
        hasher.update(&(path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    Some(hasher.digest128())
}

/// The hash of the running executable, computed once a run (the second hash of the inputs
/// after generating is there to see schema files edited meanwhile).
fn executable_hash() -> Option<u128> {
    static HASH: OnceLock<Option<u128>> = OnceLock::new();
    *HASH.get_or_init(hash_executable)
}

/// Reads the running executable in pieces: it is tens of MB, which need not sit in memory at
/// once.
fn hash_executable() -> Option<u128> {
    let mut executable = fs::File::open(std::env::current_exe().ok()?).ok()?;
    let mut hasher = Xxh3::new();
    let mut piece = vec![0; 1 << 16];
    loop {
        match executable.read(&mut piece) {
            Ok(0) => return Some(hasher.digest128()),
            Ok(read) => hasher.update(&piece[..read]),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// The record of the last run, if there is one of this format.
pub fn recorded() -> Option<Record> {
    let record: Record = serde_json::from_slice(&fs::read(record_path()?).ok()?).ok()?;
    (record.format == FORMAT).then_some(record)
}

/// Keeps `record` for the next run. A record that cannot be written only costs that run its
/// shortcut, so failures are ignored. Written under a temporary name and renamed into place,
/// so a concurrent run reads the old record or the new one, never half of one.
pub fn store(record: &Record) {
    let Some(path) = record_path() else {
        return;
    };
    let Ok(json) = serde_json::to_vec(record) else {
        return;
    };
    let temporary = path.with_extension(format!("json.new-{}", std::process::id()));
    if fs::write(&temporary, json).is_err() || fs::rename(&temporary, &path).is_err() {
        let _ = fs::remove_file(&temporary);
    }
}

/// `xtask-generate.json` beside the running executable.
fn record_path() -> Option<PathBuf> {
    let executable = std::env::current_exe().ok()?;
    Some(executable.parent()?.join("xtask-generate.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> FileTree {
        files.iter().copied().collect()
    }

    #[test]
    fn a_record_matches_only_the_exact_files_it_recorded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = tree(&[("a.rs", "fn a() {}\n"), ("sub/b.md", "# b\n")]);
        files.write_replacing(dir.path()).expect("write");
        let record = Record::new(7, &files, Vec::new(), 0);
        assert!(record.matches(dir.path()));

        fs::write(dir.path().join("a.rs"), "fn a() { edited }\n").expect("edit");
        assert!(!record.matches(dir.path()), "a hand-edited file");
        files.write_replacing(dir.path()).expect("restore");

        fs::write(dir.path().join("stray.rs"), "").expect("add");
        assert!(!record.matches(dir.path()), "an extra file");
        fs::remove_file(dir.path().join("stray.rs")).expect("remove");

        fs::remove_file(dir.path().join("sub/b.md")).expect("remove");
        assert!(!record.matches(dir.path()), "a missing file");
    }

    #[test]
    fn the_inputs_hash_changes_with_any_schema_file_and_with_keep_going() {
        let dir = tempfile::tempdir().expect("tempdir");
        tree(&[("catalog.json", "{}"), ("models/a.json", "{}")])
            .write_replacing(dir.path())
            .expect("write");
        let first = inputs(dir.path(), false).expect("readable");
        assert_eq!(inputs(dir.path(), false), Some(first), "the same inputs");
        assert_ne!(inputs(dir.path(), true), Some(first), "--keep-going");

        fs::write(dir.path().join("models/a.json"), "{ }").expect("edit");
        assert_ne!(inputs(dir.path(), false), Some(first), "an edited schema");
        fs::write(dir.path().join("models/a.json"), "{}").expect("restore");
        fs::write(dir.path().join("overlays.json"), "{}").expect("add");
        assert_ne!(inputs(dir.path(), false), Some(first), "a new file");
    }
}
