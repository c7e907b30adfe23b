//! Brings a subschema into the shape the comparison walks, without changing what it accepts:
//! local `$ref`s are followed (as lowering follows them, [`crate::schema::reference`]), and
//! `allOf`/`anyOf`/`oneOf` wrappers that only spell a schema another way are unwrapped. Two
//! schemas that differ only in such spelling then compare equal, and a change inside a
//! referenced definition is reported where a payload meets it.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::schema::keywords::accepts_anything;
use crate::schema::merge::merge_disjoint;
use crate::schema::reference;

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
    if let Some(value @ Value::String(text)) = map.get("$ref") {
        // A reference already on this chain is a loop: it stays a `$ref`, compared as text;
        // so does one that does not resolve (external, or to nothing).
        let target = reference::resolve(value, root)
            .ok()
            .filter(|_| !refs.contains(text))
            .map(|target| target.schema);
        if let Some(target) = target {
            refs.push(text.clone());
            let target = match target {
                Value::Bool(b) if map.keys().all(|k| k == "$ref" || accepts_anything(k)) => {
                    return Node::Bool(*b);
                }
                Value::Object(target) => simplify(Cow::Borrowed(target), root, refs, hops + 1),
                _ => return Node::Object(map),
            };
            let mut siblings = map.into_owned();
            siblings.remove("$ref");
            return match target {
                Node::Object(target) => match merge_disjoint(&siblings, &[target.as_ref()]) {
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
    let merged = merge_disjoint(&parent, &parts)?;
    *refs = chain;
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
            if part.keys().any(|k| k != "type" && !accepts_anything(k)) {
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
