//! What every format renders: the changes, the bindings verdict, and where a change is in
//! the committed files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use oxen_codegen::catalog::CATALOG_FILE;
use oxen_codegen::drift::{self, Change, ChangeKind, Counts, Severity};
use oxen_codegen::error::ModelError;
use oxen_codegen::{JsonPointer, ModelId, SchemaSet};
use serde_json::Value;

use crate::stale::Stale;
use crate::workspace;

/// The outcome of one check.
pub struct Report<'a> {
    /// Sorted as [`drift::compare`] sorts them.
    pub changes: Vec<Change>,
    pub stale: Option<StaleBindings>,
    /// Whether a catalog was compared at all (not with the bindings check alone).
    pub compared: bool,
    pub old: &'a SchemaSet,
    pub schemas_dir: &'a Path,
}

/// The committed bindings differ from what the committed schemas generate, or some models of
/// the schemas cannot be generated at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleBindings {
    /// The files that differ (stray ones included), as paths below the bindings directory.
    pub files: Vec<PathBuf>,
    /// What to run to bring them up to date, e.g. ``run `cargo xtask generate` ``.
    pub fix: String,
    /// Models the generator cannot generate (breaking: their bindings cannot be made current).
    pub unbuildable: Vec<ModelError>,
}

impl StaleBindings {
    /// The verdict of [`crate::generate::stale`]: `None` when the bindings are current and
    /// every model generates.
    pub fn found(
        stale: Option<&Stale>,
        unbuildable: Vec<ModelError>,
        schemas: &Path,
        bindings: &Path,
        bindings_defaulted: bool,
    ) -> Option<Self> {
        if stale.is_none() && unbuildable.is_empty() {
            return None;
        }
        let empty = Stale {
            files: Vec::new(),
            diff: String::new(),
        };
        let mut found = Self::new(
            stale.unwrap_or(&empty),
            schemas,
            bindings,
            bindings_defaulted,
        );
        found.unbuildable = unbuildable;
        Some(found)
    }

    /// `bindings_defaulted`: no `--bindings` was given, so the workspace's own bindings were
    /// compared with `schemas` (for another catalog, `--no-bindings` is the usual fix).
    pub fn new(stale: &Stale, schemas: &Path, bindings: &Path, bindings_defaulted: bool) -> Self {
        let command = workspace::generate_command(schemas, bindings);
        let mut fix = format!("run `{command}`");
        if bindings_defaulted && command != "cargo xtask generate" {
            fix.push_str(&format!(
                " to regenerate {} from it, or pass --no-bindings if it has no bindings of its own",
                bindings.display()
            ));
        }
        Self {
            files: stale
                .files
                .iter()
                .map(|(file, _)| bindings.join(file))
                .collect(),
            fix,
            unbuildable: Vec::new(),
        }
    }
}

impl StaleBindings {
    /// How many stale files a report names before summing up the rest.
    pub const LISTED: usize = 20;

    /// The first [`Self::LISTED`] files, and how many more there are.
    pub fn listed(&self) -> (&[PathBuf], usize) {
        let shown = self.files.len().min(Self::LISTED);
        (&self.files[..shown], self.files.len() - shown)
    }
}

/// A change located in a committed file, for annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
}

impl Report<'_> {
    pub fn counts(&self) -> Counts {
        Counts::of(&self.changes)
    }

    /// The changes of each model, models with the most serious changes first, and each
    /// model's changes by severity, keeping pointer order within one severity.
    pub fn by_model(&self) -> Vec<(&ModelId, Vec<&Change>)> {
        let mut models: BTreeMap<&ModelId, Vec<&Change>> = BTreeMap::new();
        for change in &self.changes {
            models.entry(&change.model).or_default().push(change);
        }
        let mut grouped: Vec<(&ModelId, Vec<&Change>)> = models.into_iter().collect();
        for (_, changes) in &mut grouped {
            changes.sort_by_key(|c| c.severity);
        }
        grouped.sort_by_key(|(id, changes)| (worst(changes), *id));
        grouped
    }

    /// The committed file and line a change is about.
    pub fn locate(&self, change: &Change) -> Location {
        // Overlays are hand-written, not canonical: the file is known, a line is not.
        if let Some(overlay) = &change.overlay {
            return Location {
                file: self.path_of(&format!(
                    "{}/{overlay}.json",
                    oxen_codegen::overlay::OVERLAY_DIR
                )),
                line: None,
            };
        }
        let entry = self
            .old
            .catalog
            .models
            .iter()
            .position(|e| e.id == change.model);
        let catalog_file = self.path_of(CATALOG_FILE);
        match entry {
            // An added model has no committed file yet; the catalog lists it.
            None => Location {
                file: catalog_file,
                line: None,
            },
            Some(index) if change.kind.is_catalog_entry() => {
                let catalog = serde_json::to_value(&self.old.catalog).unwrap_or(Value::Null);
                let mut pointer = JsonPointer::root().join("models").join(index);
                if let Some(field) = catalog_field(change.kind) {
                    pointer = pointer.join(field);
                }
                Location {
                    file: catalog_file,
                    line: Some(drift::lines::line_of(&catalog, &pointer)),
                }
            }
            Some(index) => {
                let source = &self.old.catalog.models[index].schema;
                let line = self
                    .old
                    .schemas
                    .get(source)
                    .map(|schema| drift::lines::line_of(schema, &change.pointer));
                Location {
                    file: self.path_of(&source.to_string()),
                    line,
                }
            }
        }
    }

    /// `relative` inside the schemas directory, as a path from the repository root (the
    /// working directory) with `/` separators, which is what annotations need.
    fn path_of(&self, relative: &str) -> String {
        let dir = repository_relative(self.schemas_dir);
        let dir = dir.trim_start_matches("./").trim_end_matches('/');
        if dir.is_empty() || dir == "." {
            relative.to_owned()
        } else {
            format!("{dir}/{relative}")
        }
    }
}

/// `path` relative to the working directory when it is below it, else as given.
pub fn repository_relative(path: &Path) -> String {
    let below_cwd = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    below_cwd
        .as_deref()
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn worst(changes: &[&Change]) -> Severity {
    changes
        .iter()
        .map(|c| c.severity)
        .min()
        .unwrap_or(Severity::Cosmetic)
}

/// The field of a catalog entry a change is about.
fn catalog_field(kind: ChangeKind) -> Option<&'static str> {
    match kind {
        ChangeKind::EndpointChanged => Some("endpoint"),
        ChangeKind::SchemaSourceChanged => Some("schema"),
        ChangeKind::DisplayNameChanged => Some("display_name"),
        ChangeKind::SummaryChanged => Some("summary"),
        ChangeKind::ModelDescriptionChanged => Some("description"),
        ChangeKind::CapabilitiesChanged => Some("capabilities"),
        _ => None,
    }
}

/// "3 breaking, 1 behaviour, …" for headlines.
pub fn headline(counts: &Counts) -> String {
    Severity::ALL
        .iter()
        .map(|&s| format!("{} {}", counts.get(s), s))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_stale_files_are_listed_up_to_a_limit_and_counted_beyond() {
        let stale = StaleBindings {
            files: (0..25)
                .map(|i| PathBuf::from(format!("f{i:02}.rs")))
                .collect(),
            fix: String::new(),
            unbuildable: Vec::new(),
        };
        let (listed, more) = stale.listed();
        assert_eq!((listed.len(), more), (StaleBindings::LISTED, 5));
    }
}
