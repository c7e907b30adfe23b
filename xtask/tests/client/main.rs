//! The client of `oxen-models` (feature `client`) end to end, against `cargo xtask fake-hub` on
//! an ephemeral loopback port: every endpoint family, streaming, the queue, retries, local
//! refusal, a wrong key, timeouts, and answers that are cut short or do not decode.

#[path = "../fetch/support.rs"]
mod support;

mod cli;
mod dynamic;
mod errors;
mod queue;
mod readme;
mod retries;
mod send;
mod stream;

use std::future::Future;
use std::time::Duration;

use oxen_models::Client;
use oxen_models::client::RetryPolicy;
use support::FakeHub;

/// The key tests send; any fake hub started with [`KEY_FLAGS`] requires it.
pub const KEY: &str = "sk-test-3f9a1c7e5b";
pub const KEY_FLAGS: [&str; 2] = ["--api-key", KEY];

/// Runs `future` to completion on a runtime of its own.
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(future)
}

/// Retries that keep tests quick: up to 3 attempts, 10–50 ms apart, a `Retry-After` of up to 5 s.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_retry_after: Duration::from_secs(5),
    }
}

/// A client of `hub` with the right key and quick retries.
pub fn client_of(hub: &FakeHub) -> Client {
    Client::new(KEY)
        .with_base_url(&hub.url)
        .with_retries(quick_retries())
}
