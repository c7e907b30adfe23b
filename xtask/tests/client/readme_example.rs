use futures_util::StreamExt;
use oxen_models::shared::chat_completions::Message;
use oxen_models::{Client, ClientError, Flux2ProRequest, Gpt5_5_2026_04_23Request};

/// Makes an image, then streams a chat answer; returns what it would print.
pub async fn lighthouse(key: &str, url: &str) -> Result<String, ClientError> {
    let client = Client::new(key).with_base_url(url);
    let mut out = String::new();

    let images = client.send(&Flux2ProRequest::new("a lighthouse")).await?;
    for image in images.images.unwrap_or_default() {
        out += &format!("image: {}\n", image.url.unwrap_or_default());
    }

    let messages = vec![Message::user("What is a lighthouse for?")];
    let mut chunks = client.stream(&Gpt5_5_2026_04_23Request::new(messages)).await?;
    while let Some(chunk) = chunks.next().await {
        for choice in chunk?.choices.unwrap_or_default() {
            out += &choice.delta.and_then(|delta| delta.content.flatten()).unwrap_or_default();
        }
    }
    Ok(out)
}
