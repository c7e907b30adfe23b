//! Which JSON Schema keywords the comparison understands, and how it groups them.

use serde_json::Value;

/// Keywords that describe a schema without changing what it accepts.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "default",
    "examples",
    "example",
    "basic",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
    "contentMediaType",
    "contentEncoding",
    "discriminator",
    "xml",
    "externalDocs",
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
];

/// Whether `keyword` only annotates (documentation, hub presentation, vendor extensions).
pub fn is_annotation(keyword: &str) -> bool {
    keyword.starts_with("x-") || ANNOTATIONS.contains(&keyword)
}

/// Annotations with a change kind of their own rather than the generic one.
pub const DOCUMENTATION: &[&str] = &[
    "description",
    "title",
    "x-order",
    "basic",
    "examples",
    "example",
];

/// Definitions are reached through `$ref` at the places that use them, not compared as such.
pub const DEFINITIONS: &[&str] = &["$defs", "definitions"];

/// Subschemas compared like any other schema, an absent one meaning "anything".
pub const PLAIN_SUBSCHEMAS: &[&str] = &[
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
        || DEFINITIONS.contains(&keyword)
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

/// A short rendering of a value for messages: strings quoted, long values cut.
pub fn show(value: &Value) -> String {
    const LIMIT: usize = 80;
    let text = value.to_string();
    if text.chars().count() <= LIMIT {
        text
    } else {
        let cut: String = text.chars().take(LIMIT - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integral_floats_equal_integers() {
        assert!(same_value(&json!([1, {"a": 2}]), &json!([1.0, {"a": 2.0}])));
        assert!(!same_value(&json!(1), &json!("1")));
    }

    #[test]
    fn long_values_are_cut_for_messages() {
        let shown = show(&json!("x".repeat(200)));
        assert_eq!(shown.chars().count(), 80);
        assert!(shown.ends_with('…'));
    }
}
