//! A 429 or 5xx answer is retried with backoff, as long as `Retry-After` asks, up to the cap.

use std::time::{Duration, Instant};

use oxen_models::client::RetryPolicy;
use oxen_models::{ClientError, Flux2ProRequest};

use crate::support::FakeHub;
use crate::{block_on, client_of};

#[test]
fn a_429_is_retried_after_the_retry_after_it_asks_for() {
    let hub = FakeHub::start(&["--fault", "429=flux-2-pro:1", "--retry-after", "1"]);
    let started = Instant::now();
    block_on(client_of(&hub).send(&Flux2ProRequest::new("x"))).expect("the retry succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "did not wait for Retry-After"
    );
    assert_eq!(hub.stats().requests, 2);
}

#[test]
fn a_500_is_retried_and_the_call_succeeds() {
    let hub = FakeHub::start(&["--fault", "500=flux-2-pro:2"]);
    block_on(client_of(&hub).send(&Flux2ProRequest::new("x"))).expect("the third attempt succeeds");
    assert_eq!(hub.stats().requests, 3);
}

#[test]
fn retries_stop_at_the_attempt_cap_with_the_last_status_and_body() {
    let hub = FakeHub::start(&["--fault", "500=flux-2-pro"]);
    let error = block_on(client_of(&hub).send(&Flux2ProRequest::new("x"))).expect_err("fails");
    let ClientError::Status {
        status,
        attempts,
        body,
        ..
    } = &error
    else {
        panic!("not a status error: {error:?}");
    };
    assert_eq!((*status, *attempts), (500, 3));
    assert!(body.contains("injected fault"), "{body}");
    assert_eq!(hub.stats().requests, 3);
}

#[test]
fn a_retry_after_beyond_the_cap_is_not_waited_for() {
    let hub = FakeHub::start(&["--fault", "429=flux-2-pro", "--retry-after", "3600"]);
    let started = Instant::now();
    let error = block_on(client_of(&hub).send(&Flux2ProRequest::new("x"))).expect_err("gives up");
    assert!(
        matches!(
            error,
            ClientError::Status {
                status: 429,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn retries_can_be_turned_off() {
    let hub = FakeHub::start(&["--fault", "500=flux-2-pro:1"]);
    let client = client_of(&hub).with_retries(RetryPolicy::none());
    let error = block_on(client.send(&Flux2ProRequest::new("x"))).expect_err("no retry");
    assert!(
        matches!(
            error,
            ClientError::Status {
                status: 500,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(hub.stats().requests, 1);
}
