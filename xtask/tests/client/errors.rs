//! Each way a call fails is its own `ClientError`, and none of them shows the key.

use std::time::Duration;

use oxen_models::{Client, ClientError, Flux2ProRequest};

use crate::support::FakeHub;
use crate::{KEY, KEY_FLAGS, block_on, client_of};

#[test]
fn an_invalid_request_is_refused_locally_with_every_violation_and_nothing_is_sent() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let request = Flux2ProRequest::new("x")
        .num_inference_steps(80)
        .guidance(11);
    let error = block_on(client_of(&hub).send(&request)).expect_err("refused");
    let ClientError::Refused { model, violations } = &error else {
        panic!("not a local refusal: {error:?}");
    };
    assert_eq!(*model, "flux-2-pro");
    assert_eq!(violations.iter().count(), 2, "{violations}");
    assert_eq!(hub.stats().requests, 0, "the hub received a request");
}

#[test]
fn with_validation_off_an_invalid_request_is_sent() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let request = Flux2ProRequest::new("x").num_inference_steps(80);
    let client = client_of(&hub).with_validation(false);
    block_on(client.send(&request)).expect("the fake hub does not check values");
    assert_eq!(hub.stats().requests, 1);
}

#[test]
fn a_wrong_key_surfaces_the_401_and_never_prints_the_key() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let wrong = "sk-wrong-9d2e4b6a1c";
    let client = Client::new(wrong).with_base_url(&hub.url);
    let error = block_on(client.send(&Flux2ProRequest::new("x"))).expect_err("refused");
    assert!(
        matches!(
            error,
            ClientError::Status {
                status: 401,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    // The fake hub echoes the key it got, as sloppy servers do; the client redacts it.
    assert!(
        error.to_string().contains("invalid API key: [redacted]"),
        "{error}"
    );
    for shown in [
        error.to_string(),
        format!("{error:?}"),
        format!("{client:?}"),
    ] {
        assert!(!shown.contains(wrong), "the key is shown: {shown}");
    }
}

#[test]
fn the_client_debug_output_redacts_the_key() {
    let client = Client::new(KEY);
    let shown = format!("{client:?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
}

#[test]
fn a_client_error_status_other_than_429_is_not_retried() {
    let hub = FakeHub::start(&[]);
    // The fake hub serves nothing below another prefix: a 404.
    let client = client_of(&hub).with_base_url(format!("{}/nowhere", hub.url));
    let error = block_on(client.send(&Flux2ProRequest::new("x"))).expect_err("404");
    assert!(
        matches!(
            error,
            ClientError::Status {
                status: 404,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(hub.stats().requests, 1);
}

#[test]
fn a_hub_slower_than_the_timeout_is_a_timeout() {
    let hub = FakeHub::start(&["--fault", "slow=flux-2-pro", "--slow-ms", "3000"]);
    let client = client_of(&hub).with_timeout(Duration::from_millis(300));
    let error = block_on(client.send(&Flux2ProRequest::new("x"))).expect_err("too slow");
    assert!(matches!(error, ClientError::Timeout { .. }), "{error:?}");
    assert_eq!(hub.stats().requests, 1, "a timeout is not retried");
}

#[test]
fn an_answer_that_is_not_the_response_type_is_a_decode_error_with_status_and_start() {
    let hub = FakeHub::start(&["--fault", "malformed=flux-2-pro"]);
    let error = block_on(client_of(&hub).send(&Flux2ProRequest::new("x"))).expect_err("bad");
    let ClientError::Decode {
        status,
        expected,
        snippet,
        ..
    } = &error
    else {
        panic!("not a decode error: {error:?}");
    };
    assert_eq!(*status, 200);
    assert_eq!(*expected, "ImageGenerateResponse");
    assert!(snippet.starts_with("{\"created\""), "{snippet}");
    assert!(snippet.ends_with("<html>oops"), "{snippet}");
}

#[test]
fn an_answer_cut_short_is_a_transport_error() {
    let hub = FakeHub::start(&["--fault", "truncated=flux-2-pro"]);
    let error = block_on(client_of(&hub).send(&Flux2ProRequest::new("x"))).expect_err("cut");
    assert!(matches!(error, ClientError::Transport { .. }), "{error:?}");
}

#[test]
fn plain_http_to_a_remote_host_is_refused_before_sending_the_key() {
    let client = Client::new(KEY).with_base_url("http://hub.example.com");
    let error = block_on(client.send(&Flux2ProRequest::new("x"))).expect_err("refused");
    assert!(matches!(error, ClientError::Config(_)), "{error:?}");
    assert!(error.to_string().contains("https://"), "{error}");
}

#[test]
fn a_documented_error_body_decodes_into_code_and_message_with_the_body_kept() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let wrong = "sk-wrong-9d2e4b6a1c";
    let client = Client::new(wrong).with_base_url(&hub.url);
    let error = block_on(client.send(&Flux2ProRequest::new("x"))).expect_err("refused");
    let ClientError::Status {
        code,
        message,
        param,
        body,
        ..
    } = &error
    else {
        panic!("not a status error: {error:?}");
    };
    assert_eq!(code.as_deref(), Some("unauthenticated"));
    assert_eq!(message.as_deref(), Some("invalid API key: [redacted]"));
    assert_eq!(*param, None);
    assert!(
        body.contains(r#""status_message":"unauthenticated""#),
        "{body}"
    );
    assert!(!body.contains(wrong), "{body}");
    assert!(
        error
            .to_string()
            .ends_with("HTTP 401 after 1 attempt(s): unauthenticated: invalid API key: [redacted]"),
        "{error}"
    );
}
