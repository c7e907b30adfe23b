//! Objects: properties, `required` and `additionalProperties`.

use super::*;

#[test]
fn removing_a_property_is_breaking() {
    let change = only(
        object(json!({"a": {"type": "string"}, "b": {}}), &[]),
        object(json!({"a": {"type": "string"}}), &[]),
    );
    assert_change(
        &change,
        "property-removed",
        "/properties/b",
        Severity::Breaking,
    );
    assert_eq!(change.message, "`b` was removed");
}

#[test]
fn adding_an_optional_property_is_non_breaking() {
    let change = only(
        object(json!({}), &[]),
        object(json!({"seed": {"type": "integer"}}), &[]),
    );
    assert_change(
        &change,
        "property-added",
        "/properties/seed",
        Severity::NonBreaking,
    );
}

#[test]
fn adding_a_required_property_is_breaking_even_with_a_default() {
    let change = only(
        object(json!({}), &[]),
        object(
            json!({"mode": {"type": "string", "default": "fast"}}),
            &["mode"],
        ),
    );
    assert_change(
        &change,
        "required-property-added",
        "/properties/mode",
        Severity::Breaking,
    );
    assert!(
        change.message.contains("even though it has a default"),
        "{}",
        change.message
    );
}

#[test]
fn removing_a_required_property_is_breaking() {
    let change = only(
        object(json!({"mode": {}}), &["mode"]),
        object(json!({}), &[]),
    );
    assert_change(
        &change,
        "property-removed",
        "/properties/mode",
        Severity::Breaking,
    );
}

#[test]
fn an_optional_property_becoming_required_is_breaking() {
    let change = only(
        object(json!({"a": {}}), &[]),
        object(json!({"a": {}}), &["a"]),
    );
    assert_change(
        &change,
        "property-became-required",
        "/properties/a",
        Severity::Breaking,
    );
}

#[test]
fn a_required_property_becoming_optional_is_non_breaking() {
    let change = only(
        object(json!({"a": {}}), &["a"]),
        object(json!({"a": {}}), &[]),
    );
    assert_change(
        &change,
        "property-became-optional",
        "/properties/a",
        Severity::NonBreaking,
    );
}

#[test]
fn requiring_a_property_defined_elsewhere_is_breaking() {
    let change = only(json!({"required": []}), json!({"required": ["b"]}));
    assert_change(
        &change,
        "property-became-required",
        "/properties/b",
        Severity::Breaking,
    );
}

#[test]
fn closing_additional_properties_is_breaking() {
    let change = only(
        object(json!({}), &[]),
        json!({"type": "object", "properties": {}, "required": [], "additionalProperties": false}),
    );
    assert_change(
        &change,
        "additional-properties-closed",
        "/additionalProperties",
        Severity::Breaking,
    );
}

#[test]
fn opening_additional_properties_is_non_breaking() {
    let change = only(
        json!({"additionalProperties": false}),
        json!({"additionalProperties": true}),
    );
    assert_change(
        &change,
        "additional-properties-opened",
        "/additionalProperties",
        Severity::NonBreaking,
    );
}

#[test]
fn constraining_additional_properties_with_a_schema_is_compared_as_a_schema() {
    let change = only(
        json!({}),
        json!({"additionalProperties": {"type": "string"}}),
    );
    assert_change(
        &change,
        "type-narrowed",
        "/additionalProperties/type",
        Severity::Breaking,
    );
}
