//! The one JSON formatting used for every committed file: keys sorted, two-space indent,
//! trailing newline. Fetching the same data twice therefore changes no byte, and a diff
//! shows only real changes.

use serde_json::Value;

/// The nesting of arrays and objects `serde_json` reads from text (its recursion limit: the
/// 128th level is "recursion limit exceeded"). The generator's depth limit is the same
/// ([`MAX_SCHEMA_DEPTH`](crate::lower::MAX_SCHEMA_DEPTH)).
pub const SERDE_JSON_DEPTH: usize = 128;

/// Whether a `serde_json` error is its recursion limit: valid JSON, nested too deep to read.
pub fn is_too_deep(error: &serde_json::Error) -> bool {
    error.to_string().starts_with("recursion limit exceeded")
}

/// `value` on one line, as written in messages and documentation (`{"a":1}`).
pub fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Pretty-prints `value` with object keys sorted at every depth.
pub fn to_string(value: &Value) -> String {
    let mut out = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
    out.push('\n');
    out
}

/// A copy of `value` whose objects list their keys in sorted order, whatever map type
/// serde_json was built with.
pub fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_depth() {
        let value = json!({"b": {"z": 1, "a": 2}, "a": [{"y": 1, "x": 2}]});
        assert_eq!(
            to_string(&value),
            "{\n  \"a\": [\n    {\n      \"x\": 2,\n      \"y\": 1\n    }\n  ],\n  \"b\": {\n    \"a\": 2,\n    \"z\": 1\n  }\n}\n"
        );
    }
}
