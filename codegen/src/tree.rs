//! A directory's files in memory: written where they differ from what is on disk, or compared
//! with it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Text files keyed by their path relative to the tree's root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileTree(pub BTreeMap<PathBuf, String>);

/// A tree from `(path, text)` pairs, e.g. `[("src/lib.rs", "...")]`.
impl<P: Into<PathBuf>, T: Into<String>> FromIterator<(P, T)> for FileTree {
    fn from_iter<I: IntoIterator<Item = (P, T)>>(files: I) -> Self {
        FileTree(
            files
                .into_iter()
                .map(|(path, text)| (path.into(), text.into()))
                .collect(),
        )
    }
}

/// The files [`FileTree::write_replacing`] wrote and removed, relative to the root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or whose content changed.
    pub written: Vec<PathBuf>,
    /// Files that were on disk but not in the tree.
    pub removed: Vec<PathBuf>,
}

impl WriteReport {
    /// Whether the write changed nothing on disk.
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

impl FileTree {
    /// Reads every file below `root` (a missing root is an empty tree), on every core.
    pub fn read(root: &Path) -> io::Result<Self> {
        let files: Vec<PathBuf> = list_files(root)?.into_iter().collect();
        let read: Vec<io::Result<(PathBuf, String)>> = files
            .into_par_iter()
            .map(|relative| {
                let bytes =
                    fs::read(root.join(&relative)).map_err(|e| naming(root, &relative, e))?;
                // Not UTF-8 (a stray image, `.DS_Store`): still compared, as a differing text.
                let text = String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                Ok((relative, text))
            })
            .collect();
        // The first failure in path order, whichever thread met it first.
        read.into_iter().collect::<io::Result<_>>().map(FileTree)
    }

    /// Makes `root` hold exactly these files: writes only those whose content differs, and
    /// removes the others (and the directories they leave empty).
    ///
    /// A file that already has the wanted bytes is not touched, so its mtime stays and cargo
    /// rebuilds nothing. Changed files are first written beside their targets under temporary
    /// names and only then renamed into place, so an error while writing them (or a directory
    /// standing where a file is to go) leaves `root` as it was; a rename that fails (a file
    /// made immutable) leaves no temporary file and says how many were already replaced.
    /// Errors name the file.
    pub fn write_replacing(&self, root: &Path) -> io::Result<WriteReport> {
        let on_disk = list_files(root)?;
        // Compared on every core; `changed` keeps the tree's order.
        let compared: Vec<io::Result<bool>> = self
            .0
            .par_iter()
            .map(|(relative, contents)| {
                Ok(on_disk.contains(relative)
                    && holds(&root.join(relative), contents.as_bytes())
                        .map_err(|e| naming(root, relative, e))?)
            })
            .collect();
        let mut changed = Vec::new();
        for ((relative, contents), same) in self.0.iter().zip(compared) {
            if !same? {
                changed.push((relative, contents));
            }
        }
        // A directory where a file is wanted would stop the renames half way: refused first.
        if let Some((relative, _)) = changed
            .iter()
            .find(|(relative, _)| !on_disk.contains(*relative) && root.join(relative).is_dir())
        {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                format!(
                    "{}: a directory is where this file is to be written; nothing was written",
                    root.join(relative).display()
                ),
            ));
        }
        // Staged on every core: creating the files is most of a full write.
        let staged: Vec<io::Result<PathBuf>> = changed
            .par_iter()
            .map(|(relative, contents)| {
                stage(root, relative, contents).map_err(|e| naming(root, relative, e))
            })
            .collect();
        let (temporaries, errors): (Vec<_>, Vec<_>) = staged.into_iter().partition(Result::is_ok);
        let temporaries: Vec<PathBuf> = temporaries.into_iter().flatten().collect();
        if let Some(Err(error)) = errors.into_iter().next() {
            for temporary in &temporaries {
                let _ = fs::remove_file(temporary);
            }
            // And the directories staging created for them.
            for (relative, _) in &changed {
                remove_empty_parents(root, relative);
            }
            return Err(error);
        }
        for (done, (temporary, (relative, _))) in temporaries.iter().zip(&changed).enumerate() {
            if let Err(error) = fs::rename(temporary, root.join(relative)) {
                for temporary in &temporaries[done..] {
                    let _ = fs::remove_file(temporary);
                }
                return Err(io::Error::new(
                    error.kind(),
                    format!(
                        "{}: {error} ({done} of the {} changed files were replaced before it, the \
                         others are as they were)",
                        root.join(relative).display(),
                        changed.len()
                    ),
                ));
            }
        }
        let mut report = WriteReport {
            written: changed.into_iter().map(|(p, _)| p.clone()).collect(),
            removed: Vec::new(),
        };
        for stale in on_disk.iter().filter(|p| !self.0.contains_key(*p)) {
            fs::remove_file(root.join(stale)).map_err(|e| naming(root, stale, e))?;
            remove_empty_parents(root, stale);
            report.removed.push(stale.clone());
        }
        Ok(report)
    }

    /// A unified diff from `self` (on disk) to `wanted`; empty when they are identical.
    pub fn diff(&self, wanted: &FileTree) -> String {
        let mut out = String::new();
        let paths: BTreeSet<&PathBuf> = self.0.keys().chain(wanted.0.keys()).collect();
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

/// Whether the file `path` holds exactly `contents` (not when it is missing): its length
/// first, then its bytes, compared piece by piece as they are read rather than copied whole.
fn holds(path: &Path, contents: &[u8]) -> io::Result<bool> {
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(error) => return Err(error),
    };
    if file.metadata()?.len() != contents.len() as u64 {
        return Ok(false);
    }
    let mut piece = [0; 16 * 1024];
    let mut rest = contents;
    loop {
        match file.read(&mut piece) {
            Ok(0) => return Ok(rest.is_empty()),
            Ok(read) => match rest.strip_prefix(&piece[..read]) {
                Some(after) => rest = after,
                None => return Ok(false),
            },
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// Writes `contents` next to `root/relative` under a temporary name, which it returns.
fn stage(root: &Path, relative: &Path, contents: &str) -> io::Result<PathBuf> {
    let target = root.join(relative);
    let parent = target.parent().unwrap_or(root);
    fs::create_dir_all(parent)?;
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let temporary = parent.join(format!(".{name}.new-{}", std::process::id()));
    fs::write(&temporary, contents)?;
    Ok(temporary)
}

/// Removes the directories above `root/relative` that are now empty, up to `root` (excluded).
fn remove_empty_parents(root: &Path, relative: &Path) {
    for parent in relative.ancestors().skip(1) {
        // `remove_dir` refuses a directory that still holds something: that ends the walk.
        if parent.as_os_str().is_empty() || fs::remove_dir(root.join(parent)).is_err() {
            break;
        }
    }
}

fn naming(root: &Path, relative: &Path, error: io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("{}: {error}", root.join(relative).display()),
    )
}

/// The paths of every file below `root`, relative to it, sorted (none when `root` is missing).
pub fn list_files(root: &Path) -> io::Result<BTreeSet<PathBuf>> {
    let mut files = BTreeSet::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let entries = match fs::read_dir(root.join(&relative)) {
            Ok(entries) => entries,
            Err(error)
                if error.kind() == io::ErrorKind::NotFound && relative.as_os_str().is_empty() =>
            {
                return Ok(files);
            }
            Err(error) => return Err(naming(root, &relative, error)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| naming(root, &relative, e))?;
            let path = relative.join(entry.file_name());
            let file_type = entry.file_type().map_err(|e| naming(root, &path, e))?;
            if file_type.is_dir() {
                pending.push(path);
            } else {
                files.insert(path);
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn tree(files: &[(&str, &str)]) -> FileTree {
        files.iter().copied().collect()
    }

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn writing_leaves_exactly_the_wanted_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("out");
        tree(&[("a.txt", "1"), ("old/stale.txt", "x")])
            .write_replacing(&root)
            .expect("first write");
        let wanted = tree(&[("a.txt", "2"), ("sub/b.txt", "3")]);
        let report = wanted.write_replacing(&root).expect("second write");
        assert_eq!(FileTree::read(&root).expect("read"), wanted);
        assert_eq!(report.written, paths(&["a.txt", "sub/b.txt"]));
        assert_eq!(report.removed, paths(&["old/stale.txt"]));
        assert!(
            !root.join("old").exists(),
            "an emptied directory is removed"
        );
    }

    #[test]
    fn writing_touches_only_the_files_that_differ() {
        let dir = tempfile::tempdir().expect("tempdir");
        let wanted = tree(&[("same.txt", "1"), ("sub/changed.txt", "2")]);
        wanted.write_replacing(dir.path()).expect("first write");
        let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        for file in ["same.txt", "sub/changed.txt"] {
            fs::File::options()
                .write(true)
                .open(dir.path().join(file))
                .and_then(|f| f.set_modified(long_ago))
                .expect("set mtime");
        }
        let mtime = |file: &str| {
            fs::metadata(dir.path().join(file))
                .and_then(|m| m.modified())
                .expect("mtime")
        };

        let report = tree(&[("same.txt", "1"), ("sub/changed.txt", "3")])
            .write_replacing(dir.path())
            .expect("second write");

        assert_eq!(report.written, paths(&["sub/changed.txt"]));
        assert!(report.removed.is_empty());
        assert_eq!(mtime("same.txt"), long_ago);
        assert_ne!(mtime("sub/changed.txt"), long_ago);
    }

    #[test]
    fn a_long_file_that_differs_only_in_its_last_byte_is_rewritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let long = "x".repeat(100_000);
        let mut edited = long.clone();
        edited.replace_range(99_999.., "y");
        tree(&[("long.txt", long.as_str())])
            .write_replacing(dir.path())
            .expect("first write");
        let same = tree(&[("long.txt", long.as_str())])
            .write_replacing(dir.path())
            .expect("same bytes");
        assert!(same.is_empty(), "{same:?}");
        let report = tree(&[("long.txt", edited.as_str())])
            .write_replacing(dir.path())
            .expect("second write");
        assert_eq!(report.written, paths(&["long.txt"]));
        assert_eq!(
            fs::read_to_string(dir.path().join("long.txt")).expect("read"),
            edited
        );
    }

    #[test]
    fn a_failed_write_changes_no_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        tree(&[
            ("a.txt", "1"),
            ("blocker", "a file where a directory is wanted"),
        ])
        .write_replacing(dir.path())
        .expect("first write");
        let error = tree(&[("a.txt", "2"), ("blocker/b.txt", "3"), ("new/c.txt", "4")])
            .write_replacing(dir.path())
            .expect_err("blocker/ cannot be a directory");
        assert!(
            !dir.path().join("new").exists(),
            "a directory staging created"
        );
        assert!(error.to_string().contains("blocker"), "{error}");
        assert_eq!(
            FileTree::read(dir.path()).expect("read"),
            tree(&[
                ("a.txt", "1"),
                ("blocker", "a file where a directory is wanted")
            ])
        );
    }

    #[test]
    fn a_directory_where_a_file_is_wanted_changes_no_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        tree(&[("a.txt", "1"), ("b.txt/stray", "x")])
            .write_replacing(dir.path())
            .expect("first write");
        let error = tree(&[("a.txt", "2"), ("b.txt", "3"), ("c.txt", "4")])
            .write_replacing(dir.path())
            .expect_err("b.txt is a directory");
        assert!(error.to_string().contains("b.txt"), "{error}");
        assert_eq!(
            FileTree::read(dir.path()).expect("read"),
            tree(&[("a.txt", "1"), ("b.txt/stray", "x")]),
            "no file changed, no temporary file left"
        );
    }

    #[test]
    fn a_file_that_is_not_utf8_reads_as_a_differing_text() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("logo.png"), b"\x89PNG\xff").expect("write");
        let read = FileTree::read(dir.path()).expect("read");
        assert_eq!(read.0.len(), 1);
        assert!(!read.diff(&FileTree::default()).is_empty());
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
