//! Running the real `xtask` binary: a fake hub on an ephemeral loopback port, and fetches
//! against it into temporary directories.

#![allow(dead_code)] // Each test binary uses its own part of this.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant, SystemTime};

use oxen_codegen::tree::FileTree;
use tempfile::TempDir;
use xtask::fake_hub::STATS_PATH;

pub const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

/// The hub snapshot the committed `schemas/` was imported from.
pub fn snapshot() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hub/2026-08-08")
}

pub fn committed_schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas")
}

/// `xtask fake-hub` on 127.0.0.1:0, killed when dropped (and exiting by itself when the test
/// process goes away, since its stdin closes).
pub struct FakeHub {
    child: Child,
    pub url: String,
}

impl FakeHub {
    pub fn start(flags: &[&str]) -> Self {
        Self::serving(&snapshot(), flags)
    }

    pub fn serving(snapshot: &Path, flags: &[&str]) -> Self {
        let mut child = Command::new(XTASK)
            .arg("fake-hub")
            .arg("--snapshot")
            .arg(snapshot)
            .args(["--addr", "127.0.0.1:0", "--exit-with-stdin"])
            .args(flags)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn xtask fake-hub");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the fake hub's address");
        let url = line.trim().to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "fake hub printed {url:?}"
        );
        Self { child, url }
    }
}

/// What the fake hub saw, from its stats endpoint.
#[derive(Debug, PartialEq, Eq)]
pub struct HubStats {
    pub requests: u64,
    /// POSTs to an inference endpoint or the queue.
    pub inference_requests: u64,
    pub max_in_flight: u64,
}

impl FakeHub {
    pub fn stats(&self) -> HubStats {
        let address = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect to the fake hub");
        write!(
            stream,
            "GET {STATS_PATH} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .expect("send the stats request");
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .expect("read the stats");
        let body = response.split("\r\n\r\n").nth(1).expect("a body");
        let stats: serde_json::Value = serde_json::from_str(body).expect("stats JSON");
        let field = |name: &str| stats[name].as_u64().expect("a count");
        HubStats {
            requests: field("requests"),
            inference_requests: field("inference_requests"),
            max_in_flight: field("max_in_flight"),
        }
    }
}

impl Drop for FakeHub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A finished `xtask fetch`.
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    pub fn succeeded(&self) -> bool {
        self.status.code() == Some(0)
    }

    pub fn failed_with_exit_2(&self) -> bool {
        self.status.code() == Some(2)
    }

    /// Both streams, for asserting on what a person would see.
    pub fn output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.status.code(),
            self.stdout,
            self.stderr
        )
    }
}

/// `xtask fetch` with a clean environment: no key, no base URL, no proxy unless given.
pub fn fetch_command() -> Command {
    let mut command = Command::new(XTASK);
    command.arg("fetch").stdin(Stdio::null());
    for var in [
        "OXEN_API_KEY",
        "OXEN_BASE_URL",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        command.env_remove(var);
    }
    command
}

pub fn run(mut command: Command) -> Run {
    let started = Instant::now();
    let output = command.output().expect("run xtask fetch");
    Run {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

/// `xtask fetch --base-url HUB --schemas DIR FLAGS...`.
pub fn fetch(hub: &FakeHub, schemas: &Path, flags: &[&str]) -> Run {
    fetch_with_env(&hub.url, schemas, &[], flags)
}

/// [`fetch`] from `base_url` with extra environment variables.
pub fn fetch_with_env(base_url: &str, schemas: &Path, env: &[(&str, &str)], flags: &[&str]) -> Run {
    let mut command = fetch_command();
    command
        .envs(env.iter().copied())
        .args(["--base-url", base_url])
        .arg("--schemas")
        .arg(schemas)
        .args(flags);
    run(command)
}

/// A scratch directory with `schemas/` holding a copy of the committed catalog.
pub fn committed_copy() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    copy_dir(&committed_schemas(), &schemas);
    (dir, schemas)
}

/// A scratch directory with `schemas/` holding only the committed endpoint bodies, responses and
/// overlays, which the hub does not serve: everything else has to come from the fetch.
pub fn endpoints_only() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    for kept in ["endpoints", "overlays", "responses"] {
        copy_dir(&committed_schemas().join(kept), &schemas.join(kept));
    }
    (dir, schemas)
}

/// A scratch directory with `schemas/` in an older state than the fake hub serves (the
/// 2026-06-26 catalog, with the committed endpoint bodies, responses and overlays), every file dated
/// 2001-09-09: a fetch that wrote anything, even the same bytes, shows in [`Files::of`].
pub fn older_copy() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let schemas = dir.path().join("schemas");
    let older = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/schemas/2026-06-26");
    copy_dir(&older, &schemas);
    for kept in ["endpoints", "overlays", "responses"] {
        copy_dir(&committed_schemas().join(kept), &schemas.join(kept));
    }
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for path in Files::of(&schemas).0.keys() {
        std::fs::File::options()
            .write(true)
            .open(path)
            .and_then(|file| file.set_modified(long_ago))
            .expect("set the modification time");
    }
    (dir, schemas)
}

/// Every file under a directory with its bytes and modification time.
#[derive(Debug, PartialEq, Eq)]
pub struct Files(pub BTreeMap<PathBuf, (Vec<u8>, SystemTime)>);

impl Files {
    pub fn of(dir: &Path) -> Self {
        fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, SystemTime)>) {
            for entry in std::fs::read_dir(dir).expect("read directory") {
                let path = entry.expect("directory entry").path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    let modified = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .expect("modification time");
                    out.insert(
                        path.clone(),
                        (std::fs::read(&path).expect("read"), modified),
                    );
                }
            }
        }
        let mut files = BTreeMap::new();
        walk(dir, &mut files);
        Self(files)
    }
}

/// A scratch copy of the fixture snapshot, to edit into another hub state.
pub fn snapshot_copy() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("snapshot");
    copy_dir(&snapshot(), &copy);
    (dir, copy)
}

pub fn tree(dir: &Path) -> FileTree {
    FileTree::read(dir).expect("read directory tree")
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create directory");
    for entry in std::fs::read_dir(from).expect("read directory") {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
