//! Chat messages as a conversation builds them: one constructor per role, a tool's result
//! answering its call, and the assistant's answer taken from a response into the next request.
//!
//! ```
//! use oxen_models::shared::chat_completions::{Message, MessageRole};
//!
//! let question = Message::user("What is the weather in Paris?");
//! assert_eq!(question.role, MessageRole::User);
//! let answer = Message::tool("call_01ABC", r#"{"temperature_c": 18}"#);
//! assert_eq!(
//!     serde_json::to_value(&answer).unwrap(),
//!     serde_json::json!({"role": "tool", "content": "{\"temperature_c\": 18}", "tool_call_id": "call_01ABC"})
//! );
//! ```

use crate::responses::chat_completion::ChatCompletionResponseChoiceMessage;
use crate::shared::chat_completions::{Message, MessageContent, MessageRole, MessageToolCall};

impl Message {
    /// A `system` message: how the model is to behave.
    pub fn system(content: impl Into<MessageContent>) -> Self {
        Self::new(MessageRole::System, Some(content.into()))
    }

    /// A `user` message: text, or parts (text, images, videos, audio, documents).
    pub fn user(content: impl Into<MessageContent>) -> Self {
        Self::new(MessageRole::User, Some(content.into()))
    }

    /// An `assistant` message: an earlier answer of the model, for a conversation's history.
    /// An answer the hub just gave is taken as it came with [`Message::from_response`].
    pub fn assistant(content: impl Into<MessageContent>) -> Self {
        Self::new(MessageRole::Assistant, Some(content.into()))
    }

    /// A `tool` message: the result (`content`, often JSON text) of the tool call `call_id`
    /// (the `id` of one of the assistant message's `tool_calls`), as the hub's tool-use page
    /// (Oxen-AI/docs `examples/inference/chat_completions.mdx`) sends it back.
    pub fn tool(call_id: impl Into<String>, content: impl Into<MessageContent>) -> Self {
        let mut message = Self::new(MessageRole::Tool, Some(content.into()));
        message.tool_call_id = Some(Some(call_id.into()));
        message
    }

    /// The tools an assistant message calls (none when `tool_calls` is absent or `null`).
    pub fn calls(&self) -> &[MessageToolCall] {
        self.tool_calls
            .as_ref()
            .and_then(Option::as_deref)
            .unwrap_or_default()
    }

    /// The message of a response (`choices[i].message`), as the next request's message: its
    /// role, content, `tool_calls` (each as the hub returned it, `index` included) and any
    /// property the response types do not declare, unchanged. A `content` the hub left out,
    /// as it may beside `tool_calls`, is sent as `null`, which the chat body requires.
    ///
    /// # Errors
    /// When the response message does not fit a request message: a `role` other than
    /// `system`, `user`, `assistant` or `tool`, or a tool call without its `id`, `type` or
    /// `function`; the error names the place.
    pub fn from_response(
        message: &ChatCompletionResponseChoiceMessage,
    ) -> Result<Self, serde_json::Error> {
        let mut value = serde_json::to_value(message)?;
        if let Some(object) = value.as_object_mut() {
            object.entry("content").or_insert(serde_json::Value::Null);
        }
        serde_json::from_value(value)
    }
}

impl TryFrom<&ChatCompletionResponseChoiceMessage> for Message {
    type Error = serde_json::Error;

    /// [`Message::from_response`].
    fn try_from(message: &ChatCompletionResponseChoiceMessage) -> Result<Self, Self::Error> {
        Self::from_response(message)
    }
}
