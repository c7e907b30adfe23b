//! The `allOf` merge policies, side by side. Both turn an `allOf` (or a `$ref` with
//! keywords beside it) into one schema object that accepts the same values, and refuse when
//! they cannot; they differ in how much they know:
//! - [`merge_disjoint`], for comparing two schemas (`cargo xtask check`): merges only
//!   schemas that share no constraining keyword, so the result is the `allOf` spelled
//!   another way and two spellings compare equal;
//! - [`merge_for_type`], for lowering: intersects what the members say keyword by keyword
//!   (bounds, types, enums, properties), so that one Rust type stands for the whole `allOf`.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::keywords;

/// Why two `allOf` members cannot be merged into one schema: the keyword (relative to the
/// member) and what is wrong, with advice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{keyword}`: {message}")]
pub struct MergeConflict {
    pub keyword: String,
    pub message: String,
}

impl MergeConflict {
    fn new(keyword: String, message: String) -> Self {
        Self { keyword, message }
    }
}

/// For comparing: `parent` and `parts` as one schema, or `None` unless that schema accepts
/// exactly what their `allOf` does: no constraining keyword set twice with different values,
/// and no keyword that reads its siblings ([`keywords::reads_siblings`]) moved beside another
/// part's properties or items. The parent's annotations win: they describe this use of the
/// schema.
pub fn merge_disjoint(
    parent: &Map<String, Value>,
    parts: &[&Map<String, Value>],
) -> Option<Map<String, Value>> {
    let all: Vec<&Map<String, Value>> = std::iter::once(parent)
        .chain(parts.iter().copied())
        .collect();
    let sensitive = all
        .iter()
        .filter(|m| m.keys().any(|k| keywords::reads_siblings(k)))
        .count();
    let sources = all
        .iter()
        .filter(|m| m.keys().any(|k| keywords::declares_for_siblings(k)))
        .count();
    if sensitive > 0 && (sensitive > 1 || sources > 1) {
        return None;
    }
    let mut merged = parent.clone();
    for part in parts {
        for (key, value) in *part {
            match merged.get(key) {
                None => {
                    merged.insert(key.clone(), value.clone());
                }
                Some(existing) if existing == value || keywords::accepts_anything(key) => {}
                Some(_) => return None,
            }
        }
    }
    if sensitive == 1 && sources == 1 {
        // Both in one part (or the parent) only: make sure they were together already.
        let together = all.iter().any(|m| {
            m.keys().any(|k| keywords::reads_siblings(k))
                && m.keys().any(|k| keywords::declares_for_siblings(k))
        });
        if !together {
            return None;
        }
    }
    Some(merged)
}

/// For lowering: merges one `allOf` member into the schema merged so far, so that one Rust
/// type can stand for the whole `allOf`. Keyword by keyword: `properties` joined (a property
/// both declare becomes the `allOf` of the two), `required` joined, `type` and `enum`
/// intersected, the tighter bound kept, `multipleOf` the multiple of the other, `items` and
/// `additionalProperties` the `allOf` of the two; a keyword that only describes keeps the
/// first value. `Err(MergeConflict::new(keyword, message))` when the two cannot be one schema.
pub fn merge_for_type(
    merged: &mut Map<String, Value>,
    member: Map<String, Value>,
) -> Result<(), MergeConflict> {
    for (key, value) in member {
        let Some(existing) = merged.get_mut(&key) else {
            merged.insert(key, value);
            continue;
        };
        if *existing == value || keywords::accepts_anything(&key) {
            continue;
        }
        let shown = compact(existing);
        let conflict = |what: &str| {
            Err(MergeConflict::new(
                key.clone(),
                format!(
                    "`{key}` {what} in two `allOf` members ({shown} and {}), which cannot be merged: merge them by hand in an overlay",
                    compact(&value)
                ),
            ))
        };
        match key.as_str() {
            "properties" | "patternProperties" => {
                let (Value::Object(ours), Value::Object(theirs)) = (existing, value) else {
                    return Err(MergeConflict::new(
                        key.clone(),
                        format!("`{key}` must be an object"),
                    ));
                };
                for (name, schema) in theirs {
                    match ours.get_mut(&name) {
                        None => {
                            ours.insert(name, schema);
                        }
                        Some(same) if *same == schema => {}
                        Some(ours_schema) => {
                            let both = json!({"allOf": [ours_schema.clone(), schema]});
                            *ours_schema = both;
                        }
                    }
                }
            }
            "required" => {
                let (Value::Array(ours), Value::Array(theirs)) = (existing, value) else {
                    return Err(MergeConflict::new(
                        key.clone(),
                        "`required` must be an array".to_owned(),
                    ));
                };
                for name in theirs {
                    if !ours.contains(&name) {
                        ours.push(name);
                    }
                }
            }
            "type" => {
                let as_set = |v: &Value| -> BTreeSet<String> {
                    match v {
                        Value::String(s) => BTreeSet::from([s.clone()]),
                        Value::Array(a) => a
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                        _ => BTreeSet::new(),
                    }
                };
                let (ours, theirs) = (as_set(existing), as_set(&value));
                let mut both: BTreeSet<String> = ours.intersection(&theirs).cloned().collect();
                // An integer is a number: `integer` and `number` meet in `integer`.
                if (ours.contains("integer") && theirs.contains("number"))
                    || (ours.contains("number") && theirs.contains("integer"))
                {
                    both.insert("integer".to_owned());
                }
                if both.is_empty() {
                    return Err(MergeConflict::new(
                        key.clone(),
                        format!(
                            "the `allOf` members allow no common type ({} and {}), so no value is valid; fix the schema in an overlay",
                            compact(existing),
                            compact(&value)
                        ),
                    ));
                }
                let mut both: Vec<Value> = both.into_iter().map(Value::from).collect();
                *existing = if both.len() == 1 {
                    both.remove(0)
                } else {
                    Value::Array(both)
                };
            }
            "minimum" | "exclusiveMinimum" | "minLength" | "minItems" => {
                if let (Some(a), Some(b)) = (existing.as_f64(), value.as_f64())
                    && b > a
                {
                    *existing = value;
                }
            }
            "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" => {
                if let (Some(a), Some(b)) = (existing.as_f64(), value.as_f64())
                    && b < a
                {
                    *existing = value;
                }
            }
            "uniqueItems" => {
                if value == Value::Bool(true) {
                    *existing = value;
                }
            }
            "multipleOf" => match (existing.as_f64(), value.as_f64()) {
                (Some(a), Some(b)) if is_whole(a / b) => {}
                (Some(a), Some(b)) if is_whole(b / a) => *existing = value,
                _ => return conflict("has values that are not multiples of each other"),
            },
            "enum" => {
                let (Value::Array(ours), Value::Array(theirs)) = (&*existing, &value) else {
                    return Err(MergeConflict::new(
                        key.clone(),
                        "`enum` must be an array".to_owned(),
                    ));
                };
                let both: Vec<Value> = ours
                    .iter()
                    .filter(|v| theirs.contains(v))
                    .cloned()
                    .collect();
                if both.is_empty() {
                    return Err(MergeConflict::new(key.clone(), "the `enum`s of two `allOf` members have no value in common, so no value is valid; fix the schema in an overlay".to_owned()));
                }
                *existing = Value::Array(both);
            }
            "items" | "additionalProperties" => {
                let both = json!({"allOf": [existing.clone(), value]});
                *existing = both;
            }
            _ => return conflict("differs"),
        }
    }
    if let (Some(Value::Array(values)), Some(constant)) = (merged.get("enum"), merged.get("const"))
        && !values.contains(constant)
    {
        return Err(MergeConflict::new("const".to_owned(), "the `const` of one `allOf` member is not in the `enum` of another, so no value is valid; fix the schema in an overlay".to_owned()));
    }
    Ok(())
}

/// The short JSON of a value, for conflict messages.
fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn is_whole(x: f64) -> bool {
    x.is_finite() && (x - x.round()).abs() < 1e-9
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    fn disjoint(parent: Value, parts: &[Value]) -> Option<Value> {
        let parts: Vec<Map<String, Value>> = parts.iter().cloned().map(map).collect();
        let parts: Vec<&Map<String, Value>> = parts.iter().collect();
        merge_disjoint(&map(parent), &parts).map(Value::Object)
    }

    /// `members` merged for lowering, in order.
    fn merged(members: &[Value]) -> Result<Value, MergeConflict> {
        let mut merged = Map::new();
        for member in members {
            merge_for_type(&mut merged, map(member.clone()))?;
        }
        Ok(Value::Object(merged))
    }

    #[test]
    fn disjoint_parts_merge_into_their_parent() {
        assert_eq!(
            disjoint(json!({"default": "a"}), &[json!({"enum": ["a", "b"]})]),
            Some(json!({"default": "a", "enum": ["a", "b"]}))
        );
    }

    #[test]
    fn disjoint_keeps_the_parents_annotation() {
        assert_eq!(
            disjoint(json!({"title": "Outer"}), &[json!({"title": "Inner"})]),
            Some(json!({"title": "Outer"}))
        );
    }

    #[test]
    fn disjoint_refuses_a_constraint_set_twice() {
        assert_eq!(
            disjoint(json!({}), &[json!({"maximum": 3}), json!({"maximum": 5})]),
            None
        );
    }

    #[test]
    fn disjoint_refuses_to_move_additional_properties_beside_other_properties() {
        let parts = [
            json!({"properties": {"a": {}}}),
            json!({"additionalProperties": false}),
        ];
        assert_eq!(disjoint(json!({}), &parts), None);
    }

    #[test]
    fn for_type_keeps_the_first_value_of_a_keyword_that_only_describes() {
        assert_eq!(
            merged(&[
                json!({"externalDocs": {"url": "https://a.example"}}),
                json!({"externalDocs": {"url": "https://b.example"}})
            ]),
            Ok(json!({"externalDocs": {"url": "https://a.example"}}))
        );
    }

    #[test]
    fn for_type_refuses_a_const_outside_the_other_enum() {
        let conflict =
            merged(&[json!({"enum": ["a"]}), json!({"const": "b"})]).expect_err("a conflict");
        assert_eq!(conflict.keyword, "const");
    }
    #[test]
    fn for_type_bounds_are_intersected() {
        let merged = merged(&[
            json!({"minimum": 1, "maximum": 10}),
            json!({"minimum": 3, "maximum": 20}),
        ]);
        assert_eq!(merged, Ok(json!({"minimum": 3, "maximum": 10})));
    }

    #[test]
    fn for_type_properties_and_required_are_united() {
        let merged = merged(&[
            json!({"required": ["a"], "properties": {"a": {"type": "string"}}}),
            json!({"required": ["b"], "properties": {"b": {"type": "integer"}}}),
        ])
        .expect("mergeable");
        assert_eq!(merged["required"], json!(["a", "b"]));
        assert_eq!(merged["properties"].as_object().map(Map::len), Some(2));
    }

    #[test]
    fn for_type_one_property_declared_twice_is_both_schemas() {
        let merged = merged(&[
            json!({"properties": {"a": {"minimum": 1}}}),
            json!({"properties": {"a": {"maximum": 5}}}),
        ])
        .expect("mergeable");
        assert_eq!(
            merged["properties"]["a"],
            json!({"allOf": [{"minimum": 1}, {"maximum": 5}]})
        );
    }

    #[test]
    fn for_type_integer_and_number_meet_in_integer() {
        let merged = merged(&[json!({"type": "number"}), json!({"type": "integer"})]);
        assert_eq!(merged, Ok(json!({"type": "integer"})));
    }

    #[test]
    fn for_type_types_with_nothing_in_common_cannot_be_merged() {
        let error = merged(&[json!({"type": "string"}), json!({"type": "integer"})]);
        assert_eq!(
            error.map_err(|conflict| conflict.keyword),
            Err("type".to_owned())
        );
    }

    #[test]
    fn for_type_multiple_of_keeps_the_multiple_of_both() {
        let merged = merged(&[json!({"multipleOf": 2}), json!({"multipleOf": 6})]);
        assert_eq!(merged, Ok(json!({"multipleOf": 6})));
    }

    #[test]
    fn for_type_enums_keep_their_common_values() {
        let merged = merged(&[
            json!({"enum": ["a", "b", "c"]}),
            json!({"enum": ["c", "b"]}),
        ]);
        assert_eq!(merged, Ok(json!({"enum": ["b", "c"]})));
    }

    #[test]
    fn for_type_annotations_of_the_first_member_win() {
        let merged = merged(&[
            json!({"description": "outer"}),
            json!({"description": "inner"}),
        ]);
        assert_eq!(merged, Ok(json!({"description": "outer"})));
    }
}
