//! The API key: sent as a bearer token, required for a remote hub, and never shown.

use std::net::TcpListener;
use std::path::Path;

use crate::support::{
    FakeHub, Files, Run, committed_copy, endpoints_only, fetch_with_env, older_copy, tree,
};

const KEY: &str = "sk-oxen-test-7f3a9c1e5b";
const WRONG_KEY: &str = "sk-oxen-wrong-4d2b8e6f0a";

#[test]
fn the_api_key_is_sent_as_a_bearer_token() {
    let hub = FakeHub::start(&["--api-key", KEY]);
    let (_dir, schemas) = endpoints_only();
    let run = fetch_with_env(&hub.url, &schemas, &[("OXEN_API_KEY", KEY)], &[]);
    assert!(run.succeeded(), "{run:?}");
}

#[test]
fn a_refused_key_fails_at_once_without_retries_or_showing_the_key() {
    let hub = FakeHub::start(&["--api-key", KEY]);
    let (_dir, schemas) = older_copy();
    let before = Files::of(&schemas);
    let env = [("OXEN_API_KEY", WRONG_KEY)];
    let run = fetch_with_env(&hub.url, &schemas, &env, &["--verbose"]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(
        run.stderr.contains("the hub refused the API key (HTTP 401"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("retrying"), "{run:?}");
    assert_eq!(hub.stats().requests, 1, "one refused request, no retries");
    assert!(!run.output().contains(WRONG_KEY), "{run:?}");
    assert_eq!(Files::of(&schemas), before);
}

#[test]
fn the_key_appears_in_no_output_or_file_even_when_retrying_verbosely() {
    let hub = FakeHub::start(&["--api-key", KEY, "--fault", "500=*:3"]);
    let (dir, schemas) = endpoints_only();
    let run = fetch_with_env(&hub.url, &schemas, &[("OXEN_API_KEY", KEY)], &["--verbose"]);
    assert!(run.succeeded(), "{run:?}");
    assert!(run.stderr.contains("retrying"), "{run:?}");
    assert!(!run.output().contains(KEY), "{run:?}");
    let written = tree(dir.path());
    assert!(written.0.values().all(|text| !text.contains(KEY)));
}

/// A loopback listener standing in as every proxy, to prove that no request leaves.
struct ProxyTrap(TcpListener);

impl ProxyTrap {
    fn new() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind trap");
        listener.set_nonblocking(true).expect("non-blocking trap");
        Self(listener)
    }

    fn url(&self) -> String {
        format!("http://{}", self.0.local_addr().expect("trap address"))
    }

    fn was_contacted(&self) -> bool {
        self.0.accept().is_ok()
    }

    /// A fetch whose every proxy variable points at the trap.
    fn fetch(&self, base_url: &str, schemas: &Path, env: &[(&str, &str)]) -> Run {
        let url = self.url();
        let mut all = env.to_vec();
        for var in [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "https_proxy",
            "all_proxy",
        ] {
            all.push((var, &url));
        }
        fetch_with_env(base_url, schemas, &all, &[])
    }
}

#[test]
fn a_remote_hub_without_a_key_fails_before_any_request_with_a_how_to() {
    let trap = ProxyTrap::new();
    let (_dir, schemas) = committed_copy();
    let run = trap.fetch("https://hub.example.invalid", &schemas, &[]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(run.stderr.contains("OXEN_API_KEY is not set"), "{run:?}");
    assert!(
        run.stderr.contains("export OXEN_API_KEY=<your key>"),
        "{run:?}"
    );
    assert!(!trap.was_contacted());
}

#[test]
fn plain_http_to_a_remote_hub_is_refused_before_any_request() {
    let trap = ProxyTrap::new();
    let (_dir, schemas) = committed_copy();
    let run = trap.fetch(
        "http://hub.example.invalid",
        &schemas,
        &[("OXEN_API_KEY", KEY)],
    );
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(run.stderr.contains("refusing plain http://"), "{run:?}");
    assert!(!run.output().contains(KEY), "{run:?}");
    assert!(!trap.was_contacted());
}

#[test]
fn a_redirect_to_another_host_is_not_followed() {
    let hub = FakeHub::start(&["--api-key", KEY, "--fault", "redirect-away=flux-2-pro"]);
    let (_dir, schemas) = older_copy();
    let before = Files::of(&schemas);
    let run = fetch_with_env(&hub.url, &schemas, &[("OXEN_API_KEY", KEY)], &[]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(
        run.stderr.contains(
            "  - flux-2-pro: the hub redirected to http://127.0.0.2:1/elsewhere, outside its own address"
        ),
        "{run:?}"
    );
    assert_eq!(Files::of(&schemas), before);
}
