//! What a newcomer reads when a fetch cannot start or fails: the cause, once, and what to do.

use crate::support::{FakeHub, committed_copy, fetch, fetch_with_env};

const KEY: &str = "sk-oxen-test-7f3a9c1e5b";

#[test]
fn an_empty_key_for_a_remote_hub_is_called_empty() {
    let (_dir, schemas) = committed_copy();
    let run = fetch_with_env(
        "https://hub.example.invalid",
        &schemas,
        &[("OXEN_API_KEY", "")],
        &[],
    );
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert_eq!(
        run.stderr,
        "error: OXEN_API_KEY is empty, and https://hub.example.invalid is not a loopback address. \
         Create an API key in your Oxen hub account settings, then run `export \
         OXEN_API_KEY=<your key>` before `cargo xtask fetch` (in CI, store the key as a secret \
         and pass it to the job's environment)\n"
    );
}

#[test]
fn an_empty_key_for_a_hub_that_asks_for_one_is_called_empty_not_refused() {
    let hub = FakeHub::start(&["--api-key", KEY]);
    let (_dir, schemas) = committed_copy();
    let run = fetch_with_env(&hub.url, &schemas, &[("OXEN_API_KEY", " ")], &[]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert_eq!(
        run.stderr.lines().last(),
        Some(
            format!(
                "error: nothing was written to {}: the hub asks for an API key (HTTP 401 \
                 Unauthorized) and OXEN_API_KEY is empty: run `export OXEN_API_KEY=<your key>` \
                 with a key from your Oxen hub account settings",
                schemas.display()
            )
            .as_str()
        ),
        "{run:?}"
    );
}

#[test]
fn a_base_url_without_a_scheme_gets_a_hint() {
    let (_dir, schemas) = committed_copy();
    let run = fetch_with_env("hub.oxen.ai", &schemas, &[], &[]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert_eq!(
        run.stderr,
        "error: base URL \"hub.oxen.ai\" is not usable: it has no scheme; did you mean \
         \"https://hub.oxen.ai\"?\n"
    );
}

#[test]
fn a_list_that_is_not_found_names_the_url_requested() {
    let hub = FakeHub::start(&[]);
    let (_dir, schemas) = committed_copy();
    let base = format!("{}/v2", hub.url);
    let run = fetch_with_env(&base, &schemas, &[], &[]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert_eq!(
        run.stderr.lines().last(),
        Some(
            format!(
                "error: nothing was written to {}: listing the hub's models (GET \
                 {base}/api/ai/models) failed: the hub answered HTTP 404 Not Found",
                schemas.display()
            )
            .as_str()
        ),
        "{run:?}"
    );
}

#[test]
fn a_mistyped_model_gets_the_nearest_listed_ids_and_progress_does_not_call_it_done() {
    let hub = FakeHub::start(&[]);
    let (_dir, schemas) = committed_copy();
    let run = fetch(&hub, &schemas, &["--model", "flux-2-prp"]);
    assert!(run.failed_with_exit_2(), "{run:?}");
    assert!(
        run.stderr
            .contains("\n  - flux-2-prp: the hub has no model with this id (HTTP 404); did you mean \"flux-2-pro\"?"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("1/1 models answered: 0 fetched, 1 failed\n"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("models done"), "{run:?}");
}
