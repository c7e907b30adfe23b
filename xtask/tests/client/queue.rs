//! The queue: enqueue an image or video request, poll its generation, wait with a deadline.

use std::time::Duration;

use oxen_models::responses::queue_generation::QueueGenerationResponseStatusKnown;
use oxen_models::shared::chat_completions::Message;
use oxen_models::{ClientError, Flux2ProRequest, Gpt5_5_2026_04_23Request};

use crate::support::FakeHub;
use crate::{KEY_FLAGS, block_on, client_of};

const POLL: Duration = Duration::from_millis(10);

fn enqueued_id(hub: &FakeHub) -> String {
    let queued =
        block_on(client_of(hub).enqueue(&Flux2ProRequest::new("a lighthouse"))).expect("enqueued");
    assert_eq!(queued.generations.len(), 1);
    assert_eq!(queued.generations[0].status.to_string(), "queued");
    queued.generations[0].generation_id.clone()
}

#[test]
fn an_enqueued_generation_is_polled_until_it_succeeds() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let id = enqueued_id(&hub);
    let client = client_of(&hub);
    let first = block_on(client.generation(&id)).expect("a status");
    assert_eq!(first.status, QueueGenerationResponseStatusKnown::Queued);
    assert_eq!(first.model_name, "flux-2-pro");
    let done = block_on(client.wait(&id, Duration::from_secs(10), POLL)).expect("succeeds");
    assert_eq!(done.status, QueueGenerationResponseStatusKnown::Succeeded);
    assert!(done.result_url.is_some());
}

#[test]
fn waiting_past_the_deadline_is_a_deadline_error_with_the_last_status() {
    let hub = FakeHub::start(&["--queue-polls", "1000"]);
    let id = enqueued_id(&hub);
    let error = block_on(client_of(&hub).wait(&id, Duration::from_millis(200), POLL))
        .expect_err("still running");
    let ClientError::Deadline {
        status,
        generation_id,
        ..
    } = &error
    else {
        panic!("not a deadline: {error:?}");
    };
    assert_eq!(
        (status.as_str(), generation_id.as_str()),
        ("processing", id.as_str())
    );
}

#[test]
fn an_unknown_generation_is_a_404() {
    let hub = FakeHub::start(&[]);
    let error = block_on(client_of(&hub).generation("no/such id")).expect_err("unknown");
    assert!(
        matches!(error, ClientError::Status { status: 404, .. }),
        "{error:?}"
    );
}

#[test]
fn chat_models_are_not_queued_and_nothing_is_sent() {
    let hub = FakeHub::start(&[]);
    let chat = Gpt5_5_2026_04_23Request::new(vec![Message::user("hi")]);
    let error = block_on(client_of(&hub).enqueue(&chat)).expect_err("refused");
    assert!(
        matches!(error, ClientError::Unsupported { .. }),
        "{error:?}"
    );
    assert_eq!(hub.stats().requests, 0);
}

#[test]
fn with_serve_results_a_result_url_points_at_a_file_the_fake_hub_serves() {
    let hub = FakeHub::start(&["--serve-results"]);
    let id = enqueued_id(&hub);
    let done =
        block_on(client_of(&hub).wait(&id, Duration::from_secs(10), POLL)).expect("succeeds");
    let url = done.result_url.flatten().expect("a result URL");
    let prefix = format!("{}/_fake_hub/results/", hub.url);
    let path = url.strip_prefix(&prefix).expect("on the fake hub itself");
    let bytes = block_on(async { reqwest::get(&url).await?.bytes().await }).expect("downloaded");
    assert_eq!(bytes.as_ref(), format!("fake {path}").as_bytes());
}
