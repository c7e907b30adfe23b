//! `--base-url`: a fresh fetch into a temporary directory, compared like `--against`.

use oxen_codegen::tree::FileTree;

use crate::support::{FakeHub, NEW_HUB, OLD, check, check_with_env, copy_of, fixture_drift, root};

#[test]
fn a_fetched_catalog_is_reported_exactly_as_the_same_catalog_on_disk() {
    let hub = FakeHub::serving(&root().join(NEW_HUB), &[]);
    let fetched = check(&[
        "--no-bindings",
        "--schemas",
        OLD,
        "--base-url",
        &hub.url,
        "--format",
        "json",
    ]);
    assert_eq!(fetched.code, Some(1), "{}", fetched.stderr);
    let on_disk = fixture_drift(&["--format", "json"]);
    assert_eq!(fetched.json(), on_disk.json());
}

#[test]
fn fetching_leaves_the_committed_catalog_untouched() {
    let committed = copy_of(OLD);
    let before = FileTree::read(committed.path()).expect("read before");
    let hub = FakeHub::serving(&root().join(NEW_HUB), &[]);
    let schemas = committed.path().to_str().expect("utf-8 temp path");
    let run = check(&[
        "--no-bindings",
        "--schemas",
        schemas,
        "--base-url",
        &hub.url,
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        FileTree::read(committed.path()).expect("read after"),
        before
    );
}

#[test]
fn an_unreachable_hub_exits_2() {
    // A port that was free a moment ago: connections are refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let run = check(&["--no-bindings", "--schemas", OLD, "--base-url", &url]);
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert!(run.stderr.contains(&url), "{}", run.stderr);
}

#[test]
fn a_refused_api_key_exits_2_without_printing_the_key() {
    let hub = FakeHub::serving(&root().join(NEW_HUB), &["--api-key", "right-key"]);
    let run = check_with_env(
        &["--no-bindings", "--schemas", OLD, "--base-url", &hub.url],
        &[("OXEN_API_KEY", "sk-wrong-secret")],
    );
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert!(!run.stderr.contains("sk-wrong-secret"), "{}", run.stderr);
}
