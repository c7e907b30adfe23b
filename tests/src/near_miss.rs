//! Near misses for the value keywords the generator supports beyond today's catalog: each
//! takes a payload the schema accepts and changes one place of it to just past, or exactly on,
//! one keyword's limit. Whether the result is valid is for the schema validator to say; the
//! tests check that the typed path says the same.
//!
//! Places are found by walking the payload with its schema, following `$ref`s (local ones),
//! `allOf` members, `anyOf`/`oneOf` alternatives of the value's type, `properties`, `items`
//! and `additionalProperties`, so keywords nested anywhere are reached.

use serde_json::{Map, Value, json};

/// A kind of near miss, named after the keyword it tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NearMiss {
    /// A string one character shorter than `minLength` or longer than `maxLength`, or exactly
    /// at either.
    Length,
    /// A string the `pattern` may not match.
    Pattern,
    /// An array one item short of `minItems` or past `maxItems`, or exactly at either.
    ItemCount,
    /// An array with its first item repeated, where `uniqueItems` is true.
    UniqueItems,
    /// A number that is a multiple of `multipleOf`, and one halfway between two multiples.
    MultipleOf,
    /// A property no schema names, in an object whose `additionalProperties` is `false`.
    ClosedObject,
    /// A number exactly on `exclusiveMinimum`/`exclusiveMaximum` (both drafts' spellings).
    ExclusiveBound,
}

impl NearMiss {
    pub const ALL: [NearMiss; 7] = [
        NearMiss::Length,
        NearMiss::Pattern,
        NearMiss::ItemCount,
        NearMiss::UniqueItems,
        NearMiss::MultipleOf,
        NearMiss::ClosedObject,
        NearMiss::ExclusiveBound,
    ];

    pub fn keyword(self) -> &'static str {
        match self {
            NearMiss::Length => "minLength/maxLength",
            NearMiss::Pattern => "pattern",
            NearMiss::ItemCount => "minItems/maxItems",
            NearMiss::UniqueItems => "uniqueItems",
            NearMiss::MultipleOf => "multipleOf",
            NearMiss::ClosedObject => "additionalProperties: false",
            NearMiss::ExclusiveBound => "exclusiveMinimum/exclusiveMaximum",
        }
    }
}

/// Every near miss of `payload` under `schema` (a request schema; its `$ref`s resolve against
/// it): the kind and the changed payload.
pub fn near_misses(schema: &Value, payload: &Value) -> Vec<(NearMiss, Value)> {
    let mut places = Vec::new();
    walk(schema, payload, schema, String::new(), 0, &mut places);
    let mut out = Vec::new();
    for (pointer, site) in &places {
        let Some(value) = payload.pointer(pointer) else {
            continue;
        };
        for (kind, replacement) in site_near_misses(site, value) {
            let mut changed = payload.clone();
            if let Some(slot) = changed.pointer_mut(pointer) {
                *slot = replacement;
                out.push((kind, changed));
            }
        }
    }
    out
}

/// How deep `$ref`s and `allOf`s are followed at one place of the payload (a schema that
/// refers to itself without going deeper into the value would not end).
const MAX_INDIRECTION: usize = 32;

/// Each place of `value` (by JSON pointer) with every schema that applies to it.
fn walk<'s>(
    root: &'s Value,
    value: &Value,
    schema: &'s Value,
    pointer: String,
    indirection: usize,
    out: &mut Vec<(String, &'s Value)>,
) {
    if indirection > MAX_INDIRECTION {
        return;
    }
    out.push((pointer.clone(), schema));
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| resolve(root, r))
    {
        walk(root, value, target, pointer.clone(), indirection + 1, out);
    }
    for member in array(schema, "allOf") {
        walk(root, value, member, pointer.clone(), indirection + 1, out);
    }
    for combinator in ["anyOf", "oneOf"] {
        for branch in array(schema, combinator) {
            if admits_type(branch, value) {
                walk(root, value, branch, pointer.clone(), indirection + 1, out);
            }
        }
    }
    match value {
        Value::Object(object) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            for (name, item) in object {
                let at = format!("{pointer}/{}", escape(name));
                match properties.and_then(|p| p.get(name)) {
                    Some(sub) => walk(root, item, sub, at, 0, out),
                    None => {
                        if let Some(extra @ Value::Object(_)) = schema.get("additionalProperties") {
                            walk(root, item, extra, at, 0, out);
                        }
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub @ Value::Object(_)) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    walk(root, item, sub, format!("{pointer}/{i}"), 0, out);
                }
            }
        }
        _ => {}
    }
}

/// The replacements one schema suggests for the value at its place.
fn site_near_misses(schema: &Value, value: &Value) -> Vec<(NearMiss, Value)> {
    let mut out = Vec::new();
    let count = |key: &str| schema.get(key).and_then(Value::as_u64);
    let number = |key: &str| schema.get(key).and_then(Value::as_f64);
    for n in [count("minLength"), count("maxLength")]
        .into_iter()
        .flatten()
    {
        for len in [n.saturating_sub(1), n, n + 1] {
            out.push((NearMiss::Length, Value::String("a".repeat(len as usize))));
        }
    }
    if schema.get("pattern").is_some() {
        for text in ["", " ", "a", "A", "0", "#", "!?"] {
            out.push((NearMiss::Pattern, json!(text)));
        }
    }
    if let Value::Array(items) = value
        && let Some(first) = items.first()
    {
        for n in [count("minItems"), count("maxItems")].into_iter().flatten() {
            for len in [n.saturating_sub(1), n, n + 1] {
                let resized = items.iter().cycle().take(len as usize).cloned().collect();
                out.push((NearMiss::ItemCount, Value::Array(resized)));
            }
        }
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            let mut repeated = items.clone();
            repeated.push(first.clone());
            out.push((NearMiss::UniqueItems, Value::Array(repeated)));
        }
    }
    if let Some(step) = number("multipleOf") {
        out.push((NearMiss::MultipleOf, whole_if_integral(step * 3.0)));
        out.push((NearMiss::MultipleOf, whole_if_integral(step * 3.5)));
    }
    if schema.get("additionalProperties") == Some(&Value::Bool(false))
        && let Value::Object(object) = value
    {
        let mut extended: Map<String, Value> = object.clone();
        extended.insert("zz_unknown".to_owned(), json!("surprise"));
        out.push((NearMiss::ClosedObject, Value::Object(extended)));
    }
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        let bound = match schema.get(exclusive) {
            Some(Value::Number(n)) => n.as_f64(),
            // Draft 4: a flag on the inclusive bound.
            Some(Value::Bool(true)) => number(inclusive),
            _ => None,
        };
        if let Some(bound) = bound {
            out.push((NearMiss::ExclusiveBound, whole_if_integral(bound)));
        }
    }
    out
}

/// `12` rather than `12.0` for a whole number, so that integer schemas see an integer.
fn whole_if_integral(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        Value::from(x as i64)
    } else {
        Value::from(x)
    }
}

/// The schema a local `$ref` (`#`, `#/$defs/...`) points at; the fixtures need no
/// percent-decoding.
fn resolve<'s>(root: &'s Value, reference: &str) -> Option<&'s Value> {
    root.pointer(reference.strip_prefix('#')?)
}

fn array<'s>(schema: &'s Value, key: &str) -> &'s [Value] {
    schema
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Whether an alternative's `type` (if any) admits the value's JSON type.
fn admits_type(schema: &Value, value: &Value) -> bool {
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return true,
    };
    types.iter().any(|t| match (*t, value) {
        ("null", Value::Null) | ("boolean", Value::Bool(_)) | ("string", Value::String(_)) => true,
        ("array", Value::Array(_))
        | ("object", Value::Object(_))
        | ("number", Value::Number(_)) => true,
        ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
        _ => false,
    })
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(schema: Value, payload: Value) -> Vec<(NearMiss, Value)> {
        near_misses(&schema, &payload)
    }

    #[test]
    fn a_length_bound_gets_one_short_exact_and_one_long() {
        let misses = kinds(
            json!({"properties": {"s": {"type": "string", "minLength": 2}}}),
            json!({"s": "abc"}),
        );
        let lengths: Vec<&Value> = misses.iter().map(|(_, p)| &p["s"]).collect();
        assert_eq!(lengths, [&json!("a"), &json!("aa"), &json!("aaa")]);
    }

    #[test]
    fn keywords_behind_ref_all_of_and_additional_properties_are_reached() {
        let schema = json!({
            "properties": {
                "tags": {"$ref": "#/$defs/Tags"},
                "style": {"allOf": [{"properties": {"size": {"type": "integer", "multipleOf": 4}}}]},
                "labels": {"additionalProperties": {"type": "string", "pattern": "^[a-z]+$"}}
            },
            "$defs": {"Tags": {"type": "array", "uniqueItems": true}}
        });
        let payload = json!({"tags": ["a"], "style": {"size": 8}, "labels": {"x": "ok"}});
        let found: Vec<NearMiss> = kinds(schema, payload).into_iter().map(|(k, _)| k).collect();
        for kind in [
            NearMiss::UniqueItems,
            NearMiss::MultipleOf,
            NearMiss::Pattern,
        ] {
            assert!(found.contains(&kind), "{kind:?} not reached: {found:?}");
        }
    }

    #[test]
    fn a_closed_object_gets_an_unknown_property_and_an_exclusive_bound_its_limit() {
        let schema = json!({"properties": {"o": {"type": "object", "additionalProperties": false,
            "properties": {"n": {"type": "number", "minimum": 0, "exclusiveMinimum": true}}}}});
        let misses = kinds(schema, json!({"o": {"n": 1}}));
        assert!(misses.contains(&(
            NearMiss::ClosedObject,
            json!({"o": {"n": 1, "zz_unknown": "surprise"}})
        )));
        assert!(misses.contains(&(NearMiss::ExclusiveBound, json!({"o": {"n": 0}}))));
    }
}
