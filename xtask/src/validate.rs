//! `cargo xtask validate`: the `oxen-validate` binary of `oxen-models`, run from the workspace.
//!
//! Every argument after `validate` goes to `oxen-validate` untouched, `--` and `--help`
//! included (xtask does not parse them), so the two behave the same by construction: same
//! checks, output and exit codes (0 all valid, 1 some payload invalid, 2 usage or I/O error).
//!
//! It builds the binary with cargo rather than linking `oxen-models` into xtask: xtask must
//! build even when `generated/` does not (it is what regenerates it), and `cargo xtask
//! generate` should not recompile every model's bindings each time it has rewritten them.
//! Cargo's "Compiling" lines are shown, so a first run that builds does not look hung; a run
//! with nothing to build prints nothing of cargo's.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};

/// Builds `oxen-validate` and runs it with `args`; its exit status is the result.
pub fn run(args: Vec<OsString>) -> Result<ExitCode> {
    let binary = build()?;
    let status = Command::new(&binary)
        .args(&args)
        .status()
        .with_context(|| format!("running {}", binary.display()))?;
    // oxen-validate exits 0, 1 or 2; anything else (a signal) is reported as 2.
    Ok(match status.code() {
        Some(code @ 0..=2) => ExitCode::from(code as u8),
        _ => ExitCode::from(2),
    })
}

/// `cargo build` of the binary (with the `cli` feature); returns its path.
fn build() -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let mut child = Command::new(cargo)
        .args([
            "build",
            "--package",
            "oxen-models",
            "--bin",
            "oxen-validate",
            "--features",
            "cli",
            "--message-format=json-render-diagnostics",
        ])
        .arg("--manifest-path")
        .arg(&manifest)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running `cargo build --bin oxen-validate`")?;
    let stderr = child.stderr.take().context("cargo's stderr")?;
    // Cargo's own lines, less the "Finished" that every run prints.
    let forward = std::thread::spawn(move || {
        let mut out = std::io::stderr().lock();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if !line.trim_start().starts_with("Finished") {
                let _ = writeln!(out, "{line}");
            }
        }
    });
    let stdout = child.stdout.take().context("cargo's stdout")?;
    let mut binary = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.context("reading cargo's messages")?;
        if let Ok(message) = serde_json::from_str::<serde_json::Value>(&line)
            && message["reason"] == "compiler-artifact"
            && message["target"]["name"] == "oxen-validate"
            && let Some(path) = message["executable"].as_str()
        {
            binary = Some(PathBuf::from(path));
        }
    }
    let status = child.wait().context("waiting for cargo")?;
    let _ = forward.join();
    match binary {
        Some(binary) if status.success() => Ok(binary),
        _ => bail!("building oxen-validate failed (cargo's messages are above)"),
    }
}
