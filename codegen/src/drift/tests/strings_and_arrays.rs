//! `pattern`, `format`, `uniqueItems`, items and `false` subschemas.

use super::*;

#[test]
fn adding_a_pattern_is_breaking() {
    let change = only(prop(json!({})), prop(json!({"pattern": "^[a-z]+$"})));
    assert_change(
        &change,
        "pattern-added",
        "/properties/size/pattern",
        Severity::Breaking,
    );
}

#[test]
fn changing_a_pattern_is_breaking() {
    let change = only(
        prop(json!({"pattern": "^a"})),
        prop(json!({"pattern": "^b"})),
    );
    assert_change(
        &change,
        "pattern-changed",
        "/properties/size/pattern",
        Severity::Breaking,
    );
}

#[test]
fn removing_a_pattern_is_non_breaking() {
    let change = only(prop(json!({"pattern": "^a"})), prop(json!({})));
    assert_change(
        &change,
        "pattern-removed",
        "/properties/size/pattern",
        Severity::NonBreaking,
    );
}

#[test]
fn adding_a_format_is_breaking() {
    let change = only(
        prop(json!({"type": "string"})),
        prop(json!({"type": "string", "format": "uri"})),
    );
    assert_change(
        &change,
        "format-added",
        "/properties/size/format",
        Severity::Breaking,
    );
}

#[test]
fn changing_a_format_is_breaking() {
    let change = only(
        prop(json!({"format": "uri"})),
        prop(json!({"format": "uuid"})),
    );
    assert_change(
        &change,
        "format-changed",
        "/properties/size/format",
        Severity::Breaking,
    );
}

#[test]
fn removing_a_format_is_non_breaking() {
    let change = only(prop(json!({"format": "uri"})), prop(json!({})));
    assert_change(
        &change,
        "format-removed",
        "/properties/size/format",
        Severity::NonBreaking,
    );
}

#[test]
fn requiring_unique_items_is_breaking() {
    let change = only(
        prop(json!({"type": "array"})),
        prop(json!({"type": "array", "uniqueItems": true})),
    );
    assert_change(
        &change,
        "unique-items-added",
        "/properties/size/uniqueItems",
        Severity::Breaking,
    );
}

#[test]
fn no_longer_requiring_unique_items_is_non_breaking() {
    let change = only(
        prop(json!({"uniqueItems": true})),
        prop(json!({"uniqueItems": false})),
    );
    assert_change(
        &change,
        "unique-items-removed",
        "/properties/size/uniqueItems",
        Severity::NonBreaking,
    );
}

#[test]
fn changes_inside_array_items_are_found() {
    let old = prop(
        json!({"type": "array", "items": object(json!({"role": {"enum": ["user", "tool"]}}), &[])}),
    );
    let new =
        prop(json!({"type": "array", "items": object(json!({"role": {"enum": ["user"]}}), &[])}));
    let change = only(old, new);
    assert_change(
        &change,
        "enum-value-removed",
        "/properties/size/items/properties/role/enum",
        Severity::Breaking,
    );
    assert_eq!(
        change.message,
        "`size[].role`: enum value \"tool\" was removed"
    );
}

#[test]
fn changes_inside_tuple_items_are_found_by_position() {
    let change = only(
        json!({"prefixItems": [{}, {"type": "string"}]}),
        json!({"prefixItems": [{}, {"type": "integer"}]}),
    );
    assert_change(
        &change,
        "type-changed",
        "/prefixItems/1/type",
        Severity::Breaking,
    );
}

#[test]
fn a_subschema_becoming_false_is_breaking() {
    let change = only(
        prop(json!({"items": {"type": "string"}})),
        prop(json!({"items": false})),
    );
    assert_change(
        &change,
        "schema-closed",
        "/properties/size/items",
        Severity::Breaking,
    );
}

#[test]
fn a_false_subschema_becoming_a_schema_is_non_breaking() {
    let change = only(prop(json!({"items": false})), prop(json!({"items": {}})));
    assert_change(
        &change,
        "schema-opened",
        "/properties/size/items",
        Severity::NonBreaking,
    );
}
