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

#[test]
fn a_pydantic_style_schema_is_compared_by_meaning_not_spelling() {
    let old = json!({
        "$defs": {"AspectRatio": {"enum": ["1:1", "16:9", "21:9"], "title": "AspectRatio", "type": "string"}},
        "properties": {
            "aspect_ratio": {"allOf": [{"$ref": "#/$defs/AspectRatio"}], "default": "1:1"},
            "images": {"items": {"format": "uri", "type": "string"}, "maxItems": 4, "type": "array"},
            "prompt": {"title": "Prompt", "type": "string"},
            "seed": {"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "Seed"}
        },
        "required": ["prompt"],
        "type": "object"
    });
    let new = json!({
        "$defs": {"Ratio": {"enum": ["1:1", "16:9"], "title": "AspectRatio", "type": "string"}},
        "properties": {
            "aspect_ratio": {"$ref": "#/$defs/Ratio", "default": "1:1"},
            "images": {"items": {"format": "uri", "type": "string"}, "maxItems": 2, "type": "array"},
            "prompt": {"minLength": 1, "title": "Prompt", "type": "string"},
            "seed": {"title": "Seed", "type": ["integer", "null"]}
        },
        "required": ["prompt"],
        "type": "object"
    });
    let found: Vec<(String, String)> = walk(old, new)
        .iter()
        .map(|c| (c.kind.name(), c.pointer.to_string()))
        .collect();
    let expected = [
        ("enum-value-removed", "/properties/aspect_ratio/enum"),
        ("max-items-lowered", "/properties/images/maxItems"),
        ("min-length-added", "/properties/prompt/minLength"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, p)| ((*k).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_reference_loop_through_all_of_terminates_and_compares_equal() {
    let schema = json!({
        "$defs": {"A": {"allOf": [{"$ref": "#/$defs/B"}]}, "B": {"allOf": [{"$ref": "#/$defs/A"}]}},
        "properties": {"x": {"$ref": "#/$defs/A"}}
    });
    assert!(walk(schema.clone(), schema).is_empty());
}

#[test]
fn a_reference_into_nowhere_is_compared_as_text() {
    let change = only(
        prop(json!({"$ref": "#/$defs/Missing"})),
        prop(json!({"$ref": "#/$defs/Gone"})),
    );
    assert_change(
        &change,
        "ref-changed",
        "/properties/size/$ref",
        Severity::Breaking,
    );
}

/// A schema whose property `size` refers, as `reference`, to the enum `values` at `key`.
fn sizes_behind(reference: &str, key: &str, values: Value) -> Value {
    json!({
        "$defs": {key: {"$anchor": "sizes", "enum": values}},
        "properties": {"size": {"$ref": reference}}
    })
}

#[test]
fn a_change_behind_a_percent_encoded_ref_is_reported_where_it_is_used() {
    let (reference, key) = ("#/$defs/Aspect%20sizes", "Aspect sizes");
    let change = only(
        sizes_behind(reference, key, json!(["a", "b"])),
        sizes_behind(reference, key, json!(["a"])),
    );
    assert_change(
        &change,
        "enum-value-removed",
        "/properties/size/enum",
        Severity::Breaking,
    );
}

#[test]
fn a_change_behind_an_anchor_ref_is_reported_where_it_is_used() {
    let change = only(
        sizes_behind("#sizes", "Sizes", json!(["a", "b"])),
        sizes_behind("#sizes", "Sizes", json!(["a"])),
    );
    assert_change(
        &change,
        "enum-value-removed",
        "/properties/size/enum",
        Severity::Breaking,
    );
}

/// `$defs` `d0` … `d999`, each an object whose `next` is the following one.
fn ref_chain(leaf: Value) -> Value {
    let mut defs = serde_json::Map::new();
    for i in 0..1000 {
        let link = json!({"type": "object", "properties": {"next": {"$ref": format!("#/$defs/d{}", i + 1)}}});
        defs.insert(format!("d{i}"), if i == 999 { leaf.clone() } else { link });
    }
    json!({"properties": {"root": {"$ref": "#/$defs/d0"}}, "$defs": defs})
}

#[test]
fn a_change_below_the_depth_limit_is_one_change_there_on_an_eighth_of_the_worker_stack() {
    let (old, new) = (
        ref_chain(json!({"maxLength": 3})),
        ref_chain(json!({"maxLength": 4})),
    );
    let changes = crate::lower::on_small_stacks(move || walk(old, new));
    let change = changes.first().expect("a change");
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(change.kind, ChangeKind::KeywordChanged);
    assert!(
        change.message.contains("MAX_SCHEMA_DEPTH"),
        "{}",
        change.message
    );
}

#[test]
fn nothing_below_the_depth_limit_differing_is_no_change() {
    let (mut old, new) = (
        ref_chain(json!({"maxLength": 3})),
        ref_chain(json!({"maxLength": 3})),
    );
    old["description"] = json!("only the root differs");
    let changes = crate::lower::on_small_stacks(move || walk(old, new));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].kind, ChangeKind::DescriptionChanged);
}
