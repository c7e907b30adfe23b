//! `$ref`: followed when local, compared as text otherwise.

use super::*;

#[test]
fn an_enum_moved_behind_a_ref_is_no_change() {
    let old = prop(json!({"type": "string", "enum": ["a", "b"], "default": "a"}));
    let new = json!({
        "definitions": {"size": {"type": "string", "enum": ["a", "b"]}},
        "properties": {"size": {"allOf": [{"$ref": "#/definitions/size"}], "default": "a"}}
    });
    assert_eq!(walk(old, new), Vec::new());
}

#[test]
fn a_change_in_a_referenced_definition_is_reported_where_it_is_used() {
    let schema = |values: Value| {
        json!({
            "$defs": {"Size": {"enum": values}},
            "properties": {"a": {"$ref": "#/$defs/Size"}, "b": {"$ref": "#/$defs/Size"}}
        })
    };
    let changes = walk(schema(json!(["1K", "2K"])), schema(json!(["1K"])));
    let pointers: Vec<&str> = changes.iter().map(|c| c.pointer.as_str()).collect();
    assert_eq!(pointers, ["/properties/a/enum", "/properties/b/enum"]);
}

#[test]
fn a_recursive_schema_is_compared_once_per_level() {
    let schema = |leaf: &str| {
        json!({
            "$defs": {"Node": {"properties": {"name": {"type": leaf}, "children": {"items": {"$ref": "#/$defs/Node"}}}}},
            "$ref": "#/$defs/Node"
        })
    };
    let change = only(schema("string"), schema("integer"));
    assert_change(
        &change,
        "type-changed",
        "/properties/name/type",
        Severity::Breaking,
    );
}

#[test]
fn a_remote_ref_pointing_elsewhere_is_breaking() {
    let change = only(
        prop(json!({"$ref": "https://x/a.json"})),
        prop(json!({"$ref": "https://x/b.json"})),
    );
    assert_change(
        &change,
        "ref-changed",
        "/properties/size/$ref",
        Severity::Breaking,
    );
}
