//! Asynchronous generations through the hub's queue: `POST /api/ai/queue` enqueues an image
//! or video request, `GET /api/ai/queue/{generation_id}` tells how it is going.

use std::time::{Duration, Instant};

use super::{Client, ClientError, path_segment};
use crate::responses::queue_generation::QueueGenerationResponseStatusKnown as Status;
use crate::responses::{QueueCreateResponse, QueueGenerationResponse};
use crate::{Endpoint, Model, Request};

const QUEUE: &str = "/api/ai/queue";

impl Client {
    /// Enqueues `request` (an image or video model's) and returns the queued generations, one
    /// per `num_generations`, each with its `generation_id`.
    ///
    /// # Errors
    /// As [`Client::send`]; [`ClientError::Unsupported`] (nothing sent) for a model that is not
    /// an image or video model: the hub queues only those.
    pub async fn enqueue<R: Request>(
        &self,
        request: &R,
    ) -> Result<QueueCreateResponse, ClientError> {
        if !matches!(
            R::Model::ENDPOINT,
            Endpoint::ImagesGenerate | Endpoint::ImagesEdit | Endpoint::VideosGenerate
        ) {
            return Err(ClientError::Unsupported {
                model: R::Model::ID,
                what: "the queue takes image and video models only",
            });
        }
        let body = self.body_of(request)?;
        self.call(reqwest::Method::POST, QUEUE, Some(body)).await
    }

    /// The status of one queued generation: `queued`, `processing`, `succeeded` (with its
    /// `result_url`), `failed` (with its `error_message`) or `cancelled`.
    ///
    /// # Errors
    /// As [`Client::send`]; an unknown id is a [`ClientError::Status`] 404.
    pub async fn generation(
        &self,
        generation_id: &str,
    ) -> Result<QueueGenerationResponse, ClientError> {
        let endpoint = format!("{QUEUE}/{}", path_segment(generation_id));
        self.call(reqwest::Method::GET, &endpoint, None).await
    }

    /// Polls a queued generation every `poll_every` until it is done, for at most `deadline`.
    ///
    /// # Errors
    /// [`ClientError::GenerationFailed`] when it ends `failed` or `cancelled`;
    /// [`ClientError::Deadline`] when it is still queued or processing at the deadline (it may
    /// still finish: ask again later); the errors of [`Client::generation`].
    pub async fn wait(
        &self,
        generation_id: &str,
        deadline: Duration,
        poll_every: Duration,
    ) -> Result<QueueGenerationResponse, ClientError> {
        let started = Instant::now();
        loop {
            let generation = self.generation(generation_id).await?;
            let status = generation.status.clone();
            match status.known() {
                Some(Status::Succeeded) => return Ok(generation),
                Some(Status::Failed | Status::Cancelled) => {
                    return Err(ClientError::GenerationFailed {
                        generation_id: generation_id.to_owned(),
                        status: status.to_string(),
                        message: generation
                            .error_message
                            .flatten()
                            .unwrap_or_else(|| "no message".to_owned()),
                    });
                }
                // A status this crate does not know (a newer hub's) is not an end: wait on.
                Some(Status::Queued | Status::Processing) | None => {}
            }
            let waited = started.elapsed();
            if waited + poll_every > deadline {
                return Err(ClientError::Deadline {
                    generation_id: generation_id.to_owned(),
                    status: status.to_string(),
                    waited,
                });
            }
            tokio::time::sleep(poll_every).await;
        }
    }
}
