//! A directory's files in memory: written all at once, or compared with what is on disk.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Text files keyed by their path relative to the tree's root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileTree(pub BTreeMap<PathBuf, String>);

impl FileTree {
    /// Reads every file below `root` (a missing root is an empty tree).
    pub fn read(root: &Path) -> io::Result<Self> {
        let mut tree = FileTree::default();
        if root.exists() {
            read_into(root, Path::new(""), &mut tree.0)?;
        }
        Ok(tree)
    }

    /// Replaces `root` with exactly these files.
    ///
    /// The files are written into a sibling directory first and swapped in by renames, so an
    /// error part-way leaves `root` as it was.
    pub fn write_replacing(&self, root: &Path) -> io::Result<()> {
        let parent = root
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = root
            .file_name()
            .ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "output directory has no name")
            })?
            .to_string_lossy()
            .into_owned();
        let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
        let previous = parent.join(format!(".{name}.old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        let written = self.write_into(&staging);
        if let Err(error) = written {
            let _ = fs::remove_dir_all(&staging);
            return Err(error);
        }
        if root.exists() {
            fs::rename(root, &previous)?;
        }
        if let Err(error) = fs::rename(&staging, root) {
            let _ = fs::rename(&previous, root);
            return Err(error);
        }
        let _ = fs::remove_dir_all(&previous);
        Ok(())
    }

    fn write_into(&self, dir: &Path) -> io::Result<()> {
        for (relative, contents) in &self.0 {
            let path = dir.join(relative);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, contents)?;
        }
        Ok(())
    }

    /// A unified diff from `self` (on disk) to `wanted`; empty when they are identical.
    pub fn diff(&self, wanted: &FileTree) -> String {
        let mut out = String::new();
        let paths: std::collections::BTreeSet<&PathBuf> =
            self.0.keys().chain(wanted.0.keys()).collect();
        for path in paths {
            let old = self.0.get(path).map(String::as_str).unwrap_or("");
            let new = wanted.0.get(path).map(String::as_str).unwrap_or("");
            if old == new && self.0.contains_key(path) == wanted.0.contains_key(path) {
                continue;
            }
            let shown = path.display().to_string();
            let old_name = if self.0.contains_key(path) {
                format!("a/{shown}")
            } else {
                "/dev/null".into()
            };
            let new_name = if wanted.0.contains_key(path) {
                format!("b/{shown}")
            } else {
                "/dev/null".into()
            };
            let diff = similar::TextDiff::from_lines(old, new);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&old_name, &new_name)
                    .to_string(),
            );
        }
        out
    }
}

fn read_into(
    root: &Path,
    relative: &Path,
    files: &mut BTreeMap<PathBuf, String>,
) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(root.join(relative))?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = relative.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            read_into(root, &path, files)?;
        } else {
            let text = fs::read_to_string(root.join(&path))?;
            files.insert(path, text);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> FileTree {
        FileTree(
            files
                .iter()
                .map(|(p, c)| (PathBuf::from(p), (*c).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn writing_replaces_the_directory_exactly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("out");
        tree(&[("a.txt", "1"), ("stale.txt", "x")])
            .write_replacing(&root)
            .expect("first write");
        let wanted = tree(&[("a.txt", "2"), ("sub/b.txt", "3")]);
        wanted.write_replacing(&root).expect("second write");
        assert_eq!(FileTree::read(&root).expect("read"), wanted);
    }

    #[test]
    fn diff_is_empty_for_identical_trees_and_names_changed_files() {
        let a = tree(&[("a.txt", "1\n")]);
        assert_eq!(a.diff(&a), "");
        let diff = a.diff(&tree(&[("a.txt", "2\n"), ("new.txt", "x\n")]));
        assert!(
            diff.contains("--- a/a.txt") && diff.contains("+2"),
            "{diff}"
        );
        assert!(diff.contains("+++ b/new.txt"), "{diff}");
    }
}
