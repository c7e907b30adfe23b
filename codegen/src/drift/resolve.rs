//! Brings a subschema into the shape the comparison walks, without changing what it accepts:
//! local `$ref`s are followed, and `allOf`/`anyOf`/`oneOf` wrappers that only spell a schema
//! another way are unwrapped. Two schemas that differ only in such spelling then compare equal,
//! and a change inside a referenced definition is reported where a payload meets it.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::keywords::is_annotation;

/// A subschema as compared: `true` and `false`, or the keywords of an object schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    Bool(bool),
    Object(Cow<'a, Map<String, Value>>),
}

/// A subschema and the local `$ref`s followed to reach it (for cycle detection).
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    pub node: Node<'a>,
    pub refs: Vec<String>,
}

/// More hops than any sane schema needs; a longer chain is a `$ref` loop and stays unresolved.
const MAX_HOPS: usize = 32;

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

/// Resolves `schema`, whose `$ref`s point into `root`.
pub fn resolve<'a>(schema: &'a Value, root: &'a Value) -> Resolved<'a> {
    let mut refs = Vec::new();
    let node = match schema {
        Value::Bool(b) => Node::Bool(*b),
        Value::Object(map) => simplify(Cow::Borrowed(map), root, &mut refs, 0),
        // Not a schema at all; compared as an empty one, its raw value is reported by the caller.
        _ => Node::Object(Cow::Borrowed(&EMPTY)),
    };
    Resolved { node, refs }
}

fn simplify<'a>(
    mut map: Cow<'a, Map<String, Value>>,
    root: &'a Value,
    refs: &mut Vec<String>,
    hops: usize,
) -> Node<'a> {
    if hops > MAX_HOPS {
        return Node::Object(map);
    }
    if let Some(Value::String(reference)) = map.get("$ref") {
        // A reference already on this chain is a loop: it stays a `$ref`, compared as text.
        let target = local_target(reference, root).filter(|_| !refs.contains(reference));
        if let Some(target) = target {
            let reference = reference.clone();
            refs.push(reference);
            let target = match target {
                Value::Bool(b) if map.keys().all(|k| k == "$ref" || is_annotation(k)) => {
                    return Node::Bool(*b);
                }
                Value::Object(target) => simplify(Cow::Borrowed(target), root, refs, hops + 1),
                _ => return Node::Object(map),
            };
            let mut siblings = map.into_owned();
            siblings.remove("$ref");
            return match target {
                Node::Object(target) => match merge(&siblings, &[target.as_ref()]) {
                    Some(merged) => simplify(Cow::Owned(merged), root, refs, hops + 1),
                    // The siblings constrain what the target does too: keep both, as `allOf`.
                    None => {
                        siblings.insert(
                            "allOf".to_owned(),
                            Value::Array(vec![Value::Object(target.into_owned())]),
                        );
                        Node::Object(Cow::Owned(siblings))
                    }
                },
                Node::Bool(b) => {
                    siblings.insert("allOf".to_owned(), Value::Array(vec![Value::Bool(b)]));
                    Node::Object(Cow::Owned(siblings))
                }
            };
        }
    }
    if let Some(hoisted) = hoist_wrapper(&map, root, refs, hops) {
        map = Cow::Owned(hoisted);
        return simplify(map, root, refs, hops + 1);
    }
    if let Some(typed) = union_of_types(&map, root) {
        return Node::Object(Cow::Owned(typed));
    }
    Node::Object(map)
}

/// `#/…` pointers into the same document; other references are compared as text.
fn local_target<'a>(reference: &str, root: &'a Value) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    root.pointer(fragment)
}

/// `allOf` merged into the parent when no keyword is set twice: then the merged schema
/// accepts exactly what the wrapper did. (A one-schema `anyOf` is left alone: a union meeting
/// a plain schema is compared variant by variant, see `walk`.)
fn hoist_wrapper(
    map: &Map<String, Value>,
    root: &Value,
    refs: &mut Vec<String>,
    hops: usize,
) -> Option<Map<String, Value>> {
    let parts = map
        .get("allOf")?
        .as_array()
        .filter(|parts| !parts.is_empty())?;
    // The parts' references extend this chain only if they are merged.
    let mut chain = refs.clone();
    let mut resolved = Vec::with_capacity(parts.len());
    for part in parts {
        let Node::Object(part) =
            simplify(Cow::Borrowed(part.as_object()?), root, &mut chain, hops + 1)
        else {
            return None;
        };
        resolved.push(part);
    }
    let mut parent = map.clone();
    parent.remove("allOf");
    let parts: Vec<&Map<String, Value>> = resolved.iter().map(|p| p.as_ref()).collect();
    let merged = merge(&parent, &parts)?;
    *refs = chain;
    Some(merged)
}

/// Keywords whose meaning depends on the `properties` and items beside them: merging them
/// with another subschema's `properties` would change what they allow.
const SIBLING_SENSITIVE: &[&str] = &[
    "additionalProperties",
    "unevaluatedProperties",
    "additionalItems",
    "unevaluatedItems",
];
const SIBLING_SOURCES: &[&str] = &["properties", "patternProperties", "items", "prefixItems"];

/// The union of `parent` and `parts`, or `None` when a validation keyword appears twice or a
/// sibling-sensitive keyword would meet another part's properties. The parent's annotations
/// win: they describe this use of the schema.
fn merge(parent: &Map<String, Value>, parts: &[&Map<String, Value>]) -> Option<Map<String, Value>> {
    let all: Vec<&Map<String, Value>> = std::iter::once(parent)
        .chain(parts.iter().copied())
        .collect();
    let sensitive = all
        .iter()
        .filter(|m| SIBLING_SENSITIVE.iter().any(|k| m.contains_key(*k)))
        .count();
    let sources = all
        .iter()
        .filter(|m| SIBLING_SOURCES.iter().any(|k| m.contains_key(*k)))
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
                Some(existing) if existing == value || is_annotation(key) => {}
                Some(_) => return None,
            }
        }
    }
    if sensitive == 1 && sources == 1 {
        // Both in one part (or the parent) only: make sure they were together already.
        let together = all.iter().any(|m| {
            SIBLING_SENSITIVE.iter().any(|k| m.contains_key(*k))
                && SIBLING_SOURCES.iter().any(|k| m.contains_key(*k))
        });
        if !together {
            return None;
        }
    }
    Some(merged)
}

/// `anyOf: [{type: a}, {type: b}]` (how Pydantic spells `Optional[a]`) as `type: [a, b]`,
/// when the parent sets no type of its own.
fn union_of_types(map: &Map<String, Value>, root: &Value) -> Option<Map<String, Value>> {
    if map.contains_key("type") {
        return None;
    }
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(parts)) = map.get(keyword) else {
            continue;
        };
        let mut types: Vec<Value> = Vec::new();
        for part in parts {
            let Node::Object(part) = resolve(part, root).node else {
                return None;
            };
            if part.keys().any(|k| k != "type" && !is_annotation(k)) {
                return None;
            }
            match part.get("type")? {
                Value::String(t) => types.push(Value::String(t.clone())),
                Value::Array(ts) => types.extend(ts.iter().cloned()),
                _ => return None,
            }
        }
        let has = |t: &str| types.iter().any(|v| v == t);
        // `oneOf` rejects a value two branches accept; integers are numbers too.
        if keyword == "oneOf" && has("integer") && has("number") {
            return None;
        }
        types.dedup();
        let mut typed = map.clone();
        typed.remove(keyword);
        typed.insert("type".to_owned(), Value::Array(types));
        return Some(typed);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(node: Node<'_>) -> Value {
        match node {
            Node::Object(map) => Value::Object(map.into_owned()),
            Node::Bool(b) => Value::Bool(b),
        }
    }

    #[test]
    fn a_local_ref_is_replaced_by_its_target_with_the_referencing_annotations() {
        let root = json!({"$defs": {"Ratio": {"type": "string", "enum": ["1:1"], "description": "An enumeration."}}});
        let schema = json!({"$ref": "#/$defs/Ratio", "description": "Aspect ratio"});
        let resolved = resolve(&schema, &root);
        assert_eq!(
            object(resolved.node),
            json!({"type": "string", "enum": ["1:1"], "description": "Aspect ratio"})
        );
        assert_eq!(resolved.refs, vec!["#/$defs/Ratio".to_owned()]);
    }

    #[test]
    fn a_single_all_of_wrapper_is_merged_into_its_parent() {
        let root = json!({"definitions": {"Mode": {"enum": ["a", "b"]}}});
        let schema = json!({"allOf": [{"$ref": "#/definitions/Mode"}], "default": "a"});
        assert_eq!(
            object(resolve(&schema, &root).node),
            json!({"enum": ["a", "b"], "default": "a"})
        );
    }

    #[test]
    fn an_all_of_whose_parts_set_the_same_keyword_is_kept() {
        let schema = json!({"allOf": [{"maximum": 3}, {"maximum": 5}]});
        assert_eq!(object(resolve(&schema, &json!({})).node), schema);
    }

    #[test]
    fn additional_properties_is_not_merged_with_another_parts_properties() {
        let schema = json!({"allOf": [{"properties": {"a": {}}}, {"additionalProperties": false}]});
        assert_eq!(object(resolve(&schema, &json!({})).node), schema);
    }

    #[test]
    fn an_optional_spelled_as_any_of_with_null_becomes_a_type_list() {
        let schema = json!({"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Name"});
        assert_eq!(
            object(resolve(&schema, &json!({})).node),
            json!({"type": ["string", "null"], "title": "Name"})
        );
    }

    #[test]
    fn a_ref_loop_stops_instead_of_overflowing() {
        let root = json!({"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}}});
        let schema = json!({"$ref": "#/$defs/A"});
        let resolved = resolve(&schema, &root);
        assert_eq!(object(resolved.node), json!({"$ref": "#/$defs/A"}));
        assert_eq!(
            resolved.refs,
            vec!["#/$defs/A".to_owned(), "#/$defs/B".to_owned()]
        );
    }

    #[test]
    fn a_remote_ref_is_left_as_it_is() {
        let schema = json!({"$ref": "https://example.com/schema.json"});
        assert_eq!(object(resolve(&schema, &json!({})).node), schema);
    }
}
