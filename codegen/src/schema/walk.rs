//! The subschemas of a schema, found through the keyword table ([`super::keywords::holds`]):
//! values of `default`, `enum`, `const` or an unknown keyword are never read as schemas, and
//! the names under `properties` are never read as keywords.

use serde_json::{Map, Value};

use super::keywords::{self, Holds};
use super::pointer::JsonPointer;

/// One subschema directly below a schema object.
#[derive(Debug, Clone, PartialEq)]
pub struct Child<'a> {
    /// The keyword it is under (`properties` for `/properties/name`).
    pub keyword: &'a str,
    pub pointer: JsonPointer,
    pub schema: &'a Value,
}

/// The subschemas directly below `schema` (which is at `at`), in document order.
pub fn children<'a>(schema: &'a Map<String, Value>, at: &JsonPointer) -> Vec<Child<'a>> {
    let mut out = Vec::new();
    for (keyword, value) in schema {
        let under = at.join(keyword);
        let mut push = |pointer, schema| {
            out.push(Child {
                keyword,
                pointer,
                schema,
            })
        };
        match (keywords::holds(keyword), value) {
            (Holds::Schemas | Holds::SchemaOrSchemas, Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    push(under.join(i), item);
                }
            }
            (Holds::SchemaMap, Value::Object(members)) => {
                for (name, member) in members {
                    push(under.join(name), member);
                }
            }
            (Holds::Schema | Holds::SchemaOrSchemas, value) => push(under, value),
            _ => {}
        }
    }
    out
}

/// The subschemas directly below `schema`, to rewrite in place.
pub fn children_mut(schema: &mut Map<String, Value>) -> Vec<&mut Value> {
    let mut out = Vec::new();
    for (keyword, value) in schema.iter_mut() {
        match (keywords::holds(keyword), value) {
            (Holds::Schemas | Holds::SchemaOrSchemas, Value::Array(items)) => out.extend(items),
            (Holds::SchemaMap, Value::Object(members)) => out.extend(members.values_mut()),
            (Holds::Schema | Holds::SchemaOrSchemas, value) => out.push(value),
            _ => {}
        }
    }
    out
}

/// `root` and every schema below it, depth first in document order, each with its pointer
/// (iterative: no nesting depth overflows the stack).
pub fn subschemas(root: &Value) -> impl Iterator<Item = (JsonPointer, &Value)> {
    let mut stack = vec![(JsonPointer::root(), root)];
    std::iter::from_fn(move || {
        let (pointer, schema) = stack.pop()?;
        if let Value::Object(map) = schema {
            let below = children(map, &pointer);
            stack.extend(below.into_iter().rev().map(|c| (c.pointer, c.schema)));
        }
        Some((pointer, schema))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pointers(schema: &Value) -> Vec<String> {
        subschemas(schema)
            .map(|(pointer, _)| pointer.as_str().to_owned())
            .collect()
    }

    #[test]
    fn every_kind_of_subschema_is_visited_in_document_order() {
        let schema = json!({
            "properties": {"a": {"items": {"type": "string"}}},
            "allOf": [{"not": true}],
            "$defs": {"D": {}}
        });
        assert_eq!(
            pointers(&schema),
            [
                "",
                "/$defs/D",
                "/allOf/0",
                "/allOf/0/not",
                "/properties/a",
                "/properties/a/items"
            ]
        );
    }

    #[test]
    fn values_of_annotations_and_validation_keywords_are_not_schemas() {
        let schema = json!({"default": {"type": "x"}, "enum": [{}], "const": {}, "x-hub": {}});
        assert_eq!(pointers(&schema), [""]);
    }

    #[test]
    fn property_names_are_names_not_keywords() {
        let schema = json!({"properties": {"items": {"default": 1}}});
        assert_eq!(pointers(&schema), ["", "/properties/items"]);
    }

    #[test]
    fn draft_4_tuple_items_are_each_a_schema() {
        let schema = json!({"items": [{"type": "string"}, {"type": "integer"}]});
        assert_eq!(pointers(&schema), ["", "/items/0", "/items/1"]);
    }

    #[test]
    fn children_name_the_keyword_they_are_under() {
        let schema = json!({"properties": {"a/b": true}});
        let map = schema.as_object().expect("an object");
        let below = children(map, &JsonPointer::root());
        assert_eq!(below.len(), 1);
        assert_eq!(below[0].keyword, "properties");
        assert_eq!(below[0].pointer.as_str(), "/properties/a~1b");
    }

    #[test]
    fn children_mut_reaches_every_subschema() {
        let mut schema =
            json!({"anyOf": [{}, {}], "properties": {"a": {}}, "not": {}, "type": "x"});
        let map = schema.as_object_mut().expect("an object");
        for child in children_mut(map) {
            *child = json!(true);
        }
        assert_eq!(
            schema,
            json!({"anyOf": [true, true], "properties": {"a": true}, "not": true, "type": "x"})
        );
    }
}
