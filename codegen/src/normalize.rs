//! Rewrites the dialects the hub mixes (OpenAPI 3.0 schema objects, draft-4 habits, hub
//! keywords) into one form: JSON Schema draft 2020-12, with the hub's display hints kept as
//! annotations (`x-order`, `basic`) that validators ignore.
//!
//! Rewrites:
//! - OpenAPI `nullable: true` → `null` added to `type` (and to `enum`), or `anyOf [.., null]`
//!   when there is no `type` to extend;
//! - OpenAPI `example` → `examples: [..]`;
//! - draft-4 boolean `exclusiveMinimum`/`exclusiveMaximum` → the numeric form (a warning);
//! - a `required` list naming a property twice → each name once (a warning);
//! - 2019-09 `$recursiveRef: "#"` → a `$ref` to the nearest schema holding it that has
//!   `$recursiveAnchor: true` (the root when none does), the anchor dropped (a warning);
//! - draft-4 `definitions` are left where they are (`$ref`s keep pointing at them);
//! - OpenAPI integer formats (`int8` … `int64`, `uint8` … `uint64`) → `minimum`/`maximum` of
//!   the format's range where the schema's own are looser: JSON Schema validators ignore those
//!   formats, and the generated Rust integer holds nothing outside the range.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::ir::IntType;
use crate::schema::{JsonPointer, keywords, walk};

/// A rewrite of something the draft 2020-12 meta-schema refuses but whose meaning is plain
/// (another draft's or OpenAPI's form): the schema's warning, not its refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// Where, in the schema as given.
    pub pointer: JsonPointer,
    pub keyword: &'static str,
    pub message: String,
}

/// Returns the normalized copy of `schema`.
pub fn normalize(schema: &Value) -> Value {
    normalize_reporting(schema).0
}

/// The normalized copy of `schema`, and the rewrites of forms the meta-schema refuses.
pub fn normalize_reporting(schema: &Value) -> (Value, Vec<Rewrite>) {
    let mut rewrites = Vec::new();
    let mut recursive_refs = Vec::new();
    let mut anchors = Vec::new();
    // Found first, on the schema as given: the pointers stay those of the hub's file.
    for (pointer, subschema) in walk::subschemas(schema) {
        let Value::Object(map) = subschema else {
            continue;
        };
        report_draft4_exclusive_bounds(map, &pointer, &mut rewrites);
        report_duplicate_required(map, &pointer, &mut rewrites);
        if map.get("$recursiveAnchor") == Some(&Value::Bool(true)) {
            anchors.push(pointer.clone());
        }
        if map.get("$recursiveRef") == Some(&json!("#")) {
            recursive_refs.push(pointer);
        }
    }
    let mut schema = schema.clone();
    for at in recursive_refs {
        let target = anchors
            .iter()
            .filter(|anchor| is_within(&at, anchor))
            .max_by_key(|anchor| anchor.as_str().len())
            .cloned()
            .unwrap_or_else(JsonPointer::root);
        let fragment = uri_fragment(&target);
        if let Some(Value::Object(map)) = schema.pointer_mut(at.as_str()) {
            map.remove("$recursiveRef");
            map.insert("$ref".to_owned(), Value::String(fragment.clone()));
        }
        rewrites.push(Rewrite {
            pointer: at.join("$recursiveRef"),
            keyword: "$recursiveRef",
            message: format!(
                "2019-09's `$recursiveRef: \"#\"` is read as `$ref: \"{fragment}\"`, the nearest schema holding it with `$recursiveAnchor: true` (or the root)"
            ),
        });
    }
    for anchor in &anchors {
        if let Some(Value::Object(map)) = schema.pointer_mut(anchor.as_str()) {
            map.remove("$recursiveAnchor");
        }
    }
    (normalized(schema), rewrites)
}

/// Whether `pointer` is `ancestor` or below it.
fn is_within(pointer: &JsonPointer, ancestor: &JsonPointer) -> bool {
    let (pointer, ancestor) = (pointer.as_str(), ancestor.as_str());
    pointer == ancestor
        || pointer
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// `#` and the pointer, percent-encoded where a URI fragment needs it (RFC 3986), as the
/// `$ref` resolver reads it back.
fn uri_fragment(pointer: &JsonPointer) -> String {
    let mut fragment = String::from("#");
    for byte in pointer.as_str().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte) {
            fragment.push(char::from(byte));
        } else {
            let _ = write!(fragment, "%{byte:02X}");
        }
    }
    fragment
}

fn report_draft4_exclusive_bounds(
    map: &Map<String, Value>,
    at: &JsonPointer,
    rewrites: &mut Vec<Rewrite>,
) {
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        let Some(Value::Bool(flag)) = map.get(exclusive) else {
            continue;
        };
        let message = match (flag, map.get(inclusive)) {
            (true, Some(bound)) => format!(
                "boolean `{exclusive}: true` beside `{inclusive}: {bound}` (OpenAPI 3.0, draft 4) is read as `{exclusive}: {bound}`"
            ),
            (true, None) => format!(
                "boolean `{exclusive}: true` without a `{inclusive}` (OpenAPI 3.0, draft 4) bounds nothing; dropped"
            ),
            (false, _) => format!(
                "boolean `{exclusive}: false` (OpenAPI 3.0, draft 4) keeps `{inclusive}` inclusive; dropped"
            ),
        };
        rewrites.push(Rewrite {
            pointer: at.join(exclusive),
            keyword: exclusive,
            message,
        });
    }
}

fn report_duplicate_required(
    map: &Map<String, Value>,
    at: &JsonPointer,
    rewrites: &mut Vec<Rewrite>,
) {
    let Some(Value::Array(names)) = map.get("required") else {
        return;
    };
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            rewrites.push(Rewrite {
                pointer: at.join("required").join(i),
                keyword: "required",
                message: format!("`required` names {name} again; the repeat is dropped"),
            });
        }
    }
}

/// `schema` normalized in place, its subschemas first.
fn normalized(mut schema: Value) -> Value {
    let Value::Object(map) = &mut schema else {
        return schema;
    };
    for child in walk::children_mut(map) {
        *child = normalized(std::mem::take(child));
    }
    let mut map = std::mem::take(map);
    rewrite_example(&mut map);
    rewrite_duplicate_required(&mut map);
    rewrite_draft4_exclusive_bounds(&mut map);
    rewrite_integer_format(&mut map);
    Value::Object(rewrite_nullable(map))
}

fn rewrite_example(map: &mut Map<String, Value>) {
    if let Some(example) = map.remove("example") {
        map.entry("examples")
            .or_insert_with(|| Value::Array(vec![example]));
    }
}

fn rewrite_duplicate_required(map: &mut Map<String, Value>) {
    if let Some(Value::Array(names)) = map.get_mut("required") {
        let mut seen = Vec::with_capacity(names.len());
        names.retain(|name| {
            let first = !seen.contains(name);
            if first {
                seen.push(name.clone());
            }
            first
        });
    }
}

fn rewrite_draft4_exclusive_bounds(map: &mut Map<String, Value>) {
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match map.get(exclusive) {
            Some(Value::Bool(true)) => {
                map.remove(exclusive);
                if let Some(bound) = map.remove(inclusive) {
                    map.insert(exclusive.to_owned(), bound);
                }
            }
            Some(Value::Bool(false)) => {
                map.remove(exclusive);
            }
            _ => {}
        }
    }
}

fn rewrite_integer_format(map: &mut Map<String, Value>) {
    let integer_only = match map.get("type") {
        Some(Value::String(t)) => t == "integer",
        Some(Value::Array(ts)) => ts.iter().all(|t| t == "integer" || t == "null"),
        _ => false,
    };
    let Some(range) = map
        .get("format")
        .and_then(Value::as_str)
        .and_then(IntType::from_format)
        .map(IntType::range)
    else {
        return;
    };
    if !integer_only {
        return;
    }
    let as_value = |bound: i128| {
        i64::try_from(bound)
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(u64::try_from(bound).unwrap_or(u64::MAX)))
    };
    let (low, high) = range;
    let own = |key: &str| map.get(key).and_then(Value::as_f64);
    let (raise, lower) = (
        own("minimum").is_none_or(|own| own < low as f64),
        own("maximum").is_none_or(|own| own > high as f64),
    );
    if raise {
        map.insert("minimum".to_owned(), as_value(low));
    }
    if lower {
        map.insert("maximum".to_owned(), as_value(high));
    }
}

fn rewrite_nullable(mut map: Map<String, Value>) -> Map<String, Value> {
    match map.remove("nullable") {
        Some(Value::Bool(true)) => {}
        Some(Value::Bool(false)) | None => return map,
        // Not OpenAPI's boolean: keep it as the unknown keyword it is.
        Some(other) => {
            map.insert("nullable".to_owned(), other);
            return map;
        }
    }
    if let Some(Value::Array(values)) = map.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    match map.get_mut("type") {
        Some(Value::String(single)) => {
            let single = std::mem::take(single);
            map.insert("type".to_owned(), json!([single, "null"]));
            map
        }
        Some(Value::Array(types)) => {
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
            map
        }
        _ => {
            // No type to extend (e.g. `oneOf` + `nullable`): allow null beside the whole schema.
            let annotations = take_annotations(&mut map);
            let mut wrapped = annotations;
            wrapped.insert(
                "anyOf".to_owned(),
                json!([Value::Object(map), {"type": "null"}]),
            );
            wrapped
        }
    }
}

/// Moves the keywords that do not constrain ([`keywords::accepts_anything`]: annotations,
/// hub extensions, `$defs`) out of `map`, so that they stay on the outer schema when it is
/// wrapped (and `#/$defs/..` keeps pointing at the definitions of a wrapped root).
fn take_annotations(map: &mut Map<String, Value>) -> Map<String, Value> {
    let keys: Vec<String> = map
        .keys()
        .filter(|k| keywords::accepts_anything(k))
        .cloned()
        .collect();
    keys.into_iter()
        .filter_map(|key| map.remove(&key).map(|value| (key, value)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_adds_null_to_the_type() {
        assert_eq!(
            normalize(&json!({"type": "integer", "nullable": true})),
            json!({"type": ["integer", "null"]})
        );
    }

    #[test]
    fn nullable_adds_null_to_an_enum() {
        assert_eq!(
            normalize(&json!({"type": "string", "enum": ["a"], "nullable": true})),
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
    }

    #[test]
    fn nullable_without_type_wraps_the_schema_and_keeps_annotations_outside() {
        assert_eq!(
            normalize(
                &json!({"description": "d", "nullable": true, "oneOf": [{"type": "string"}]})
            ),
            json!({"description": "d", "anyOf": [{"oneOf": [{"type": "string"}]}, {"type": "null"}]})
        );
    }

    #[test]
    fn nullable_without_type_keeps_extensions_and_definitions_outside() {
        assert_eq!(
            normalize(&json!({
                "nullable": true,
                "x-overlay": "o",
                "$defs": {"A": {"type": "string"}},
                "oneOf": [{"$ref": "#/$defs/A"}]
            })),
            json!({
                "x-overlay": "o",
                "$defs": {"A": {"type": "string"}},
                "anyOf": [{"oneOf": [{"$ref": "#/$defs/A"}]}, {"type": "null"}]
            })
        );
    }

    #[test]
    fn nullable_false_is_dropped() {
        assert_eq!(
            normalize(&json!({"type": "string", "nullable": false})),
            json!({"type": "string"})
        );
    }

    #[test]
    fn example_becomes_examples() {
        assert_eq!(
            normalize(&json!({"type": "string", "example": "gpt-4o"})),
            json!({"type": "string", "examples": ["gpt-4o"]})
        );
    }

    #[test]
    fn draft4_exclusive_bounds_become_numeric() {
        assert_eq!(
            normalize(
                &json!({"minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": false})
            ),
            json!({"exclusiveMinimum": 0, "maximum": 1})
        );
    }

    #[test]
    fn draft4_exclusive_bounds_are_reported_where_the_hub_wrote_them() {
        let (_, rewrites) = normalize_reporting(
            &json!({"properties": {"n": {"minimum": 0, "exclusiveMinimum": true}}}),
        );
        assert_eq!(rewrites.len(), 1, "{rewrites:?}");
        assert_eq!(
            rewrites[0].pointer.as_str(),
            "/properties/n/exclusiveMinimum"
        );
        assert_eq!(rewrites[0].keyword, "exclusiveMinimum");
        assert!(
            rewrites[0]
                .message
                .contains("read as `exclusiveMinimum: 0`")
        );
    }

    #[test]
    fn a_required_name_given_twice_is_kept_once_with_a_warning() {
        let schema = json!({"required": ["prompt", "seed", "prompt"]});
        let (normalized, rewrites) = normalize_reporting(&schema);
        assert_eq!(normalized, json!({"required": ["prompt", "seed"]}));
        assert_eq!(rewrites.len(), 1);
        assert_eq!(rewrites[0].pointer.as_str(), "/required/2");
    }

    #[test]
    fn a_recursive_ref_points_at_the_nearest_schema_with_a_recursive_anchor() {
        let schema = json!({
            "$defs": {"Node": {
                "$recursiveAnchor": true,
                "properties": {"children": {"items": {"$recursiveRef": "#"}}}
            }},
            "properties": {"tree": {"$ref": "#/$defs/Node"}, "again": {"$recursiveRef": "#"}}
        });
        let (normalized, rewrites) = normalize_reporting(&schema);
        assert_eq!(
            normalized,
            json!({
                "$defs": {"Node": {"properties": {"children": {"items": {"$ref": "#/$defs/Node"}}}}},
                "properties": {"tree": {"$ref": "#/$defs/Node"}, "again": {"$ref": "#"}}
            })
        );
        assert_eq!(rewrites.len(), 2);
        assert!(rewrites.iter().all(|r| r.keyword == "$recursiveRef"));
    }

    #[test]
    fn a_recursive_ref_target_is_percent_encoded_as_a_fragment() {
        let schema =
            json!({"$defs": {"a b%": {"$recursiveAnchor": true, "items": {"$recursiveRef": "#"}}}});
        let (normalized, _) = normalize_reporting(&schema);
        assert_eq!(
            normalized["$defs"]["a b%"]["items"]["$ref"],
            "#/$defs/a%20b%25"
        );
    }

    #[test]
    fn nested_schemas_are_normalized() {
        assert_eq!(
            normalize(
                &json!({"properties": {"a": {"items": {"type": "string", "nullable": true}}}})
            ),
            json!({"properties": {"a": {"items": {"type": ["string", "null"]}}}})
        );
    }

    #[test]
    fn property_names_that_look_like_keywords_are_not_rewritten() {
        let schema =
            json!({"properties": {"nullable": {"type": "boolean"}, "example": {"type": "string"}}});
        assert_eq!(normalize(&schema), schema);
    }
}
