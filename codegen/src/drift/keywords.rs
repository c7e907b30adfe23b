//! Which keywords the comparison has a rule of its own for (what each keyword is:
//! [`crate::schema::keywords`]), and how values are shown in messages.

use serde_json::Value;

use crate::schema::keywords::{self, Role};

/// Annotations with a change kind of their own rather than the generic one.
pub const DOCUMENTATION: &[&str] = &[
    "description",
    "title",
    "x-order",
    "basic",
    "examples",
    "example",
];

/// Subschemas compared like any other schema, an absent one meaning "anything".
const PLAIN_SUBSCHEMAS: &[&str] = &[
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
    "propertyNames",
];

/// Keywords handled by a dedicated comparison in the walker.
pub const ANALYSED: &[&str] = &[
    "type",
    "nullable",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
    "multipleOf",
    "pattern",
    "format",
    "uniqueItems",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
    "anyOf",
    "oneOf",
    "allOf",
    "$ref",
    "default",
];

/// Whether the walker compares `keyword` through a dedicated rule (anything else that differs
/// is reported generically).
pub fn is_analysed(keyword: &str) -> bool {
    ANALYSED.contains(&keyword)
        || PLAIN_SUBSCHEMAS.contains(&keyword)
        || DOCUMENTATION.contains(&keyword)
        // Definitions are reached through `$ref` where they are used, not compared as such.
        || keywords::role(keyword) == Some(Role::Definitions)
}

/// JSON equality where `1` and `1.0` are the same number, as they are to a validator.
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

/// Longest rendering of one value in a message, in characters.
const LIMIT: usize = 80;
/// A common beginning this long is elided when two strings are shown side by side.
const LONG_PREFIX: usize = 24;

/// A short rendering of a value for messages: JSON, long values cut (strings stay quoted).
pub fn show(value: &Value) -> String {
    match value {
        Value::String(text) => quoted(text, false),
        other => cut(&other.to_string(), false),
    }
}

/// Both sides of a change; when two strings share a long beginning it is elided, so the
/// part that differs is what the message shows.
pub fn show_both(old: &Value, new: &Value) -> (String, String) {
    if let (Value::String(a), Value::String(b)) = (old, new) {
        let common = a
            .char_indices()
            .zip(b.chars())
            .take_while(|((_, x), y)| x == y)
            .last()
            .map_or(0, |((i, x), _)| i + x.len_utf8());
        if common >= LONG_PREFIX {
            // Start at the word the difference is in.
            let start = a[..common].rfind(' ').map_or(common, |i| i + 1);
            return (quoted(&a[start..], true), quoted(&b[start..], true));
        }
    }
    (show(old), show(new))
}

fn quoted(text: &str, elided_start: bool) -> String {
    let inner = Value::String(text.to_owned()).to_string();
    let inner = &inner[1..inner.len() - 1];
    format!("\"{}\"", cut(inner, elided_start))
}

fn cut(text: &str, elided_start: bool) -> String {
    let lead = if elided_start { "…" } else { "" };
    if text.chars().count() <= LIMIT {
        format!("{lead}{text}")
    } else {
        let kept: String = text.chars().take(LIMIT - 1).collect();
        format!("{lead}{kept}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_keyword_with_a_rule_is_in_the_keyword_table() {
        let with_rule = ANALYSED.iter().chain(PLAIN_SUBSCHEMAS).chain(DOCUMENTATION);
        for keyword in with_rule {
            assert!(keywords::role(keyword).is_some(), "{keyword}");
        }
    }

    #[test]
    fn integral_floats_equal_integers() {
        assert!(same_value(&json!([1, {"a": 2}]), &json!([1.0, {"a": 2.0}])));
        assert!(!same_value(&json!(1), &json!("1")));
    }

    #[test]
    fn long_strings_are_cut_and_stay_quoted() {
        let shown = show(&json!("x".repeat(200)));
        assert_eq!(shown, format!("\"{}…\"", "x".repeat(79)));
    }

    #[test]
    fn a_long_common_beginning_is_elided_from_the_word_that_differs() {
        let (old, new) = show_both(
            &json!("Text description of the image to generate"),
            &json!("Text description of the image to render"),
        );
        assert_eq!(
            (old.as_str(), new.as_str()),
            ("\"…generate\"", "\"…render\"")
        );
    }

    #[test]
    fn short_or_different_strings_are_shown_whole() {
        let (old, new) = show_both(&json!("8s"), &json!(8));
        assert_eq!((old.as_str(), new.as_str()), ("\"8s\"", "8"));
    }
}
