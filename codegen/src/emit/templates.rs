//! The hand-written files of the generated crate: its root, the runtime, the payload validator,
//! batch checking, the command lines (`oxen-validate`, `oxen`) and the client. They are edited, built,
//! linted and tested in the workspace crate `runtime/` (`oxen-models-runtime`) and copied from
//! there as they are, stamped like the rest.

/// `(path, include_str!("../../../runtime/" + path))` for each path: one list of names.
macro_rules! templates {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../../runtime/", $path)))),*]
    };
}

/// Each file as `(path in the generated crate, text)`; the same path below `runtime/`.
pub const TEMPLATES: &[(&str, &str)] = templates![
    "src/lib.rs",
    "src/runtime.rs",
    "src/validate.rs",
    "src/batch.rs",
    "src/chat.rs",
    "src/cli/mod.rs",
    "src/cli/validate.rs",
    "src/cli/words.rs",
    "src/cli/oxen.rs",
    "src/cli/flags.rs",
    "src/cli/run.rs",
    "src/cli/describe.rs",
    "src/cli/send.rs",
    "src/cli/progress.rs",
    "src/cli/download.rs",
    "src/bin/oxen-validate.rs",
    "src/bin/oxen.rs",
    "src/client/mod.rs",
    "src/client/error.rs",
    "src/client/retry.rs",
    "src/client/stream.rs",
    "src/client/queue.rs",
    "src/client/dynamic.rs",
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use super::TEMPLATES;

    /// The files of `runtime/src` that stand in for generated modules there: not copied.
    const STAND_INS: &[&str] = &[
        "src/catalog.rs",
        "src/models.rs",
        "src/responses.rs",
        "src/shared.rs",
    ];

    fn rust_files(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("runtime/src is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                rust_files(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).expect("below the crate");
                out.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }

    #[test]
    fn every_file_of_the_runtime_crate_but_the_stand_ins_is_copied() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../runtime");
        let mut on_disk = BTreeSet::new();
        rust_files(&root, &root.join("src"), &mut on_disk);
        let copied: BTreeSet<String> = TEMPLATES.iter().map(|(p, _)| (*p).to_owned()).collect();
        let stand_ins: BTreeSet<String> = STAND_INS.iter().map(|p| (*p).to_owned()).collect();
        let expected: BTreeSet<String> = copied.union(&stand_ins).cloned().collect();
        assert_eq!(on_disk, expected);
    }
}
