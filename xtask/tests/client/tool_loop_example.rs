use std::collections::BTreeMap;

use oxen_models::Client;
use oxen_models::models::gpt_5_4_2026_03_05::Gpt5_4_2026_03_05Request;
use oxen_models::shared::chat_completions::{Message, Tool, ToolFunction, ToolType};

/// Asks for the weather with a `get_weather` tool, runs every call the model makes, and sends
/// the results back until the model answers in text; returns that text.
pub async fn weather(key: &str, url: &str) -> Result<String, Box<dyn std::error::Error>> {
    let client = Client::new(key).with_base_url(url);
    let parameters = serde_json::json!({
        "type": "object",
        "properties": {"city": {"type": "string", "description": "City name"}},
        "required": ["city"],
    });
    let get_weather = ToolFunction::new("get_weather")
        .description("Get current weather for a city")
        .parameters(serde_json::from_value::<BTreeMap<_, _>>(parameters)?);
    let tools = [Tool::new(ToolType::Function, get_weather)];

    let mut messages = vec![Message::user("What is the weather in Paris?")];
    loop {
        let request = Gpt5_4_2026_03_05Request::new(messages.clone()).tools(tools.clone());
        let response = client.send(&request).await?;
        let choices = response.choices.unwrap_or_default();
        let Some(answer) = choices.into_iter().find_map(|choice| choice.message) else {
            return Err("the answer has no message".into());
        };
        // The assistant's turn goes back as it came, tool calls and all.
        let turn = Message::from_response(&answer)?;
        let calls = turn.calls().to_vec();
        if calls.is_empty() {
            return Ok(answer.content.flatten().unwrap_or_default());
        }
        messages.push(turn);
        for call in calls {
            let arguments: serde_json::Value = serde_json::from_str(&call.function.arguments)?;
            let weather = serde_json::json!({"city": arguments["city"], "temperature_c": 18});
            messages.push(Message::tool(call.id, weather.to_string()));
        }
    }
}
