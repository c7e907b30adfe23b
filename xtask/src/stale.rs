//! How generated files differ from what the catalog generates: the list of files first, then
//! a unified diff cut to a readable length (what it leaves out is counted).

use std::fmt::Write as _;
use std::path::PathBuf;

use oxen_codegen::tree::FileTree;

/// How one file differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// On disk, with other content than generated.
    Changed,
    /// Generated, but not on disk.
    Missing,
    /// On disk, but not generated: `generate` would delete it.
    Stray,
}

impl FileState {
    fn label(self) -> &'static str {
        match self {
            FileState::Changed => "changed",
            FileState::Missing => "missing",
            FileState::Stray => "stray",
        }
    }

    fn note(self) -> &'static str {
        match self {
            FileState::Stray => " (not generated: `generate` deletes it)",
            FileState::Changed | FileState::Missing => "",
        }
    }
}

/// The files of a generated directory that are not what the catalog generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Each differing file, relative to the directory, sorted by path.
    pub files: Vec<(PathBuf, FileState)>,
    /// The unified diff of every file, in the same order.
    pub diff: String,
}

impl Stale {
    /// How `current` (on disk) differs from `wanted` (generated); `None` when it does not.
    pub fn between(current: &FileTree, wanted: &FileTree) -> Option<Stale> {
        let mut files = Vec::new();
        let mut diff = String::new();
        let paths: std::collections::BTreeSet<&PathBuf> =
            current.0.keys().chain(wanted.0.keys()).collect();
        for path in paths {
            let state = match (current.0.get(path), wanted.0.get(path)) {
                (Some(old), Some(new)) if old == new => continue,
                (Some(_), Some(_)) => FileState::Changed,
                (None, _) => FileState::Missing,
                (Some(_), None) => FileState::Stray,
            };
            let one = |tree: &FileTree| {
                FileTree(
                    tree.0
                        .get_key_value(path)
                        .map(|(p, text)| (p.clone(), text.clone()))
                        .into_iter()
                        .collect(),
                )
            };
            diff.push_str(&one(current).diff(&one(wanted)));
            files.push((path.clone(), state));
        }
        (!files.is_empty()).then_some(Stale { files, diff })
    }

    /// How many files the list names before counting the rest.
    pub const LISTED: usize = 50;

    /// The file list (at most [`Self::LISTED`] files), then at most `max_lines` lines of the
    /// diff, each cut short with a count of the rest.
    pub fn render(&self, max_lines: usize) -> String {
        let mut out = format!("{} file(s) differ:\n", self.files.len());
        for (path, state) in self.files.iter().take(Self::LISTED) {
            let _ = writeln!(
                out,
                "  {:<8} {}{}",
                state.label(),
                path.display(),
                state.note()
            );
        }
        if self.files.len() > Self::LISTED {
            let _ = writeln!(out, "  … and {} more", self.files.len() - Self::LISTED);
        }
        out.push('\n');
        let total = self.diff.lines().count();
        for line in self.diff.lines().take(max_lines) {
            out.push_str(line);
            out.push('\n');
        }
        if total > max_lines {
            let _ = writeln!(
                out,
                "… {} more line(s) of diff not shown (--diff-lines N shows more)",
                total - max_lines
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> FileTree {
        files.iter().copied().collect()
    }

    #[test]
    fn identical_trees_are_not_stale() {
        let a = tree(&[("a.rs", "1\n")]);
        assert_eq!(Stale::between(&a, &a), None);
    }

    #[test]
    fn the_list_names_changed_missing_and_stray_files_before_the_diff() {
        let on_disk = tree(&[("a.rs", "1\n"), ("old.rs", "x\n"), ("same.rs", "s\n")]);
        let wanted = tree(&[("a.rs", "2\n"), ("new.rs", "y\n"), ("same.rs", "s\n")]);
        let stale = Stale::between(&on_disk, &wanted).expect("stale");
        let rendered = stale.render(1000);
        assert!(
            rendered.starts_with(
                "3 file(s) differ:\n  changed  a.rs\n  missing  new.rs\n  stray    old.rs (not generated: `generate` deletes it)\n\n--- a/a.rs\n"
            ),
            "{rendered}"
        );
        assert!(
            rendered.contains("--- a/old.rs\n+++ /dev/null\n"),
            "{rendered}"
        );
    }

    #[test]
    fn a_long_diff_is_cut_and_the_rest_counted() {
        let old: String = (0..100).map(|i| format!("{i}\n")).collect();
        let stale =
            Stale::between(&tree(&[("a.rs", &old)]), &tree(&[("a.rs", "")])).expect("stale");
        let total = stale.diff.lines().count();
        let rendered = stale.render(10);
        assert!(
            rendered.ends_with(&format!(
                "… {} more line(s) of diff not shown (--diff-lines N shows more)\n",
                total - 10
            )),
            "{rendered}"
        );
    }
}
