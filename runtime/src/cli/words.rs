//! How a request is written as an `oxen run` command line and as a `curl` command: the flag
//! name of a property and the shell quoting. The reference pages (written by `oxen-codegen`,
//! which compiles this file as it is) and the `oxen` command use this one copy, so a page's
//! `oxen run` line is what the command reads back into the page's JSON.

use serde_json::Value;

/// The options of `oxen run` itself, for a model posted to `endpoint` (e.g. `/images/edit`):
/// a property whose flag name is one of these has no flag and is given with `--set`.
pub fn own_flags(endpoint: &str) -> &'static [&'static str] {
    match endpoint {
        "/chat/completions" | "/audio/transcriptions" => &[
            "body", "set", "dry-run", "json", "base-url", "help", "system", "stream",
        ],
        "/images/generate" | "/images/edit" | "/videos/generate" => &[
            "body",
            "set",
            "dry-run",
            "json",
            "base-url",
            "help",
            "out",
            "queue",
            "wait",
            "poll-every",
        ],
        _ => &["body", "set", "dry-run", "json", "base-url", "help", "out"],
    }
}

/// `num_inference_steps` → `num-inference-steps`, `aspectRatio` → `aspect-ratio`: lower case,
/// words joined by `-`; `None` for a name with no letter or digit in it.
pub fn flag_name(property: &str) -> Option<String> {
    let mut out = String::with_capacity(property.len() + 4);
    let mut after_lower = false;
    for c in property.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && after_lower {
                out.push('-');
            }
            out.extend(c.to_lowercase());
            after_lower = c.is_lowercase() || c.is_numeric();
        } else {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            after_lower = false;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    (!out.is_empty()).then_some(out)
}

/// `text` as one word of a POSIX shell: in single quotes unless it needs none.
pub fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.,:/@%+=".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// `oxen run <id> --flag value ...` giving the properties of `body` (a request payload; its
/// `model` is the id): a string as it is, other scalars as JSON, an array by repeating the flag
/// once per item, an object as JSON; `--set name=<json>` for a property with no flag of its own
/// and for a value the flag would read as another JSON type (the string `"5"`).
pub fn run_line(id: &str, endpoint: &str, body: &Value) -> String {
    let mut words = vec!["oxen".to_owned(), "run".to_owned(), shell_word(id)];
    let own = own_flags(endpoint);
    let mut taken: Vec<String> = Vec::new();
    for (name, value) in body.as_object().into_iter().flatten() {
        if name == "model" {
            continue;
        }
        let flag =
            flag_name(name).filter(|flag| !own.contains(&flag.as_str()) && !taken.contains(flag));
        let items: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        let typed = items
            .iter()
            .all(|item| !item.is_null() && !is_json_text(item));
        match flag {
            Some(flag) if typed && !(value.is_array() && items.is_empty()) => {
                for item in items {
                    words.push(format!("--{flag}"));
                    words.push(shell_word(&flag_text(item)));
                }
                taken.push(flag);
            }
            _ => {
                words.push("--set".to_owned());
                words.push(shell_word(&format!("{name}={value}")));
            }
        }
    }
    words.join(" ")
}

/// A value as its flag's text: a string as it is, anything else as compact JSON.
fn flag_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A string that also reads as JSON (`"5"`, `"true"`, `"[1]"`), which a flag taking JSON
/// would read as that.
fn is_json_text(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|text| serde_json::from_str::<Value>(text).is_ok())
}

/// The `curl` command posting `body` to `<base_url><path>` (e.g. `/api/ai/images/edit`), the
/// key written as `$OXEN_API_KEY` for the shell to fill in, never as its value; `-N` for a
/// stream.
pub fn curl_command(base_url: &str, path: &str, body: &Value, stream: bool) -> String {
    let url = format!("{}{path}", base_url.trim_end_matches('/'));
    format!(
        "curl -sS{} -X POST {} \\\n  -H \"Authorization: Bearer $OXEN_API_KEY\" \\\n  -H 'Content-Type: application/json' \\\n  -d {}",
        if stream { "N" } else { "" },
        shell_word(&url),
        shell_word(&body.to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_is_the_property_name_in_kebab_case() {
        assert_eq!(
            flag_name("num_inference_steps").as_deref(),
            Some("num-inference-steps")
        );
        assert_eq!(flag_name("aspectRatio").as_deref(), Some("aspect-ratio"));
        assert_eq!(flag_name("image_urls2").as_deref(), Some("image-urls2"));
        assert_eq!(flag_name("Größe").as_deref(), Some("größe"));
        assert_eq!(flag_name("__"), None);
    }

    #[test]
    fn a_shell_word_is_quoted_only_when_it_needs_it() {
        assert_eq!(shell_word("16:9"), "16:9");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn a_string_that_reads_as_json_and_a_property_without_a_flag_go_through_set() {
        let body =
            serde_json::json!({"model": "m", "prompt": "5", "stream": true, "tags": ["a", "b"]});
        assert_eq!(
            run_line("m", "/chat/completions", &body),
            "oxen run m --set 'prompt=\"5\"' --set stream=true --tags a --tags b"
        );
    }
}
