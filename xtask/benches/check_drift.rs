//! How long checking the whole catalog against another copy takes: the 2026-06-26 fixture
//! catalog against 2026-08-08 (143 → 154 models, 256 changes).
//!
//! `cargo bench -p xtask --bench check_drift`. Prints the median of several runs of each
//! phase, and of the whole command as CI runs it (process start, both catalogs read, compared,
//! the JSON report written). A report, not a test: it never fails on the figure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use oxen_codegen::SchemaSet;
use oxen_codegen::drift;

const RUNS: usize = 21;

fn fixture(date: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/schemas")
        .join(date)
}

/// The median time of `RUNS` runs of `work`.
fn median(mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn read(dir: &Path) -> SchemaSet {
    SchemaSet::read(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
}

fn main() {
    let (old_dir, new_dir) = (fixture("2026-06-26"), fixture("2026-08-08"));
    let (old, new) = (read(&old_dir), read(&new_dir));
    let changes = drift::compare(&old, &new)
        .expect("comparable catalogs")
        .len();

    let reading = median(|| {
        read(&old_dir);
        read(&new_dir);
    });
    let comparing = median(|| {
        let _ = std::hint::black_box(drift::compare(&old, &new));
    });
    let command = median(|| {
        let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args([
                "check",
                "--no-bindings",
                "--fail-on",
                "none",
                "--format",
                "json",
            ])
            .arg("--schemas")
            .arg(&old_dir)
            .arg("--against")
            .arg(&new_dir)
            .stdout(Stdio::null())
            .status()
            .expect("run xtask check");
        assert!(status.success(), "xtask check failed");
    });
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "drift check, {} → {} models, {changes} changes, median of {RUNS} runs on {cores} cores:",
        old.catalog.models.len(),
        new.catalog.models.len()
    );
    println!("  reading both catalogs   {:>8.2} ms", ms(reading));
    println!("  comparing               {:>8.2} ms", ms(comparing));
    println!(
        "  whole `xtask check`     {:>8.2} ms  (process start to JSON report)",
        ms(command)
    );
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
