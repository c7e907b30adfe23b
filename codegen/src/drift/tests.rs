//! One test per rule, each direction separately: the change a schema edit produces, its
//! pointer and its severity.

use serde_json::{Value, json};

use super::walk::Walker;
use super::*;
use crate::catalog::{
    Capabilities, CatalogEntry, Endpoint, EndpointBody, ModelId, SchemaSet, SchemaSource,
};

fn model() -> ModelId {
    ModelId::parse("test-model").expect("valid id")
}

fn walk(old: Value, new: Value) -> Vec<Change> {
    let id = model();
    Walker::new(&id, &old, &new).run()
}

/// The one change `old` → `new` produces.
fn only(old: Value, new: Value) -> Change {
    let changes = walk(old, new);
    assert_eq!(changes.len(), 1, "expected one change, got {changes:#?}");
    changes.into_iter().next().expect("one change")
}

fn assert_change(change: &Change, kind: &str, pointer: &str, severity: Severity) {
    assert_eq!(
        (
            change.kind.name().as_str(),
            change.pointer.as_str(),
            change.severity
        ),
        (kind, pointer, severity),
        "{change:#?}"
    );
}

fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required})
}

fn prop(schema: Value) -> Value {
    json!({"properties": {"size": schema}})
}

// Properties.

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

// Types.

#[test]
fn narrowing_a_type_union_is_breaking() {
    let change = only(
        prop(json!({"type": ["integer", "string"]})),
        prop(json!({"type": "integer"})),
    );
    assert_change(
        &change,
        "type-narrowed",
        "/properties/size/type",
        Severity::Breaking,
    );
    assert_eq!(
        change.message,
        "`size`: type narrowed from integer | string to integer"
    );
}

#[test]
fn widening_a_type_to_a_union_is_non_breaking() {
    let change = only(
        prop(json!({"type": "integer"})),
        prop(json!({"type": ["integer", "string"]})),
    );
    assert_change(
        &change,
        "type-widened",
        "/properties/size/type",
        Severity::NonBreaking,
    );
}

#[test]
fn changing_a_type_is_breaking() {
    let change = only(
        prop(json!({"type": "string"})),
        prop(json!({"type": "integer"})),
    );
    assert_change(
        &change,
        "type-changed",
        "/properties/size/type",
        Severity::Breaking,
    );
}

#[test]
fn changing_a_type_back_is_breaking_too() {
    let change = only(
        prop(json!({"type": "integer"})),
        prop(json!({"type": "string"})),
    );
    assert_change(
        &change,
        "type-changed",
        "/properties/size/type",
        Severity::Breaking,
    );
}

#[test]
fn integer_to_number_is_widening() {
    let change = only(
        prop(json!({"type": "integer"})),
        prop(json!({"type": "number"})),
    );
    assert_change(
        &change,
        "type-widened",
        "/properties/size/type",
        Severity::NonBreaking,
    );
}

#[test]
fn number_to_integer_is_narrowing() {
    let change = only(
        prop(json!({"type": "number"})),
        prop(json!({"type": "integer"})),
    );
    assert_change(
        &change,
        "type-narrowed",
        "/properties/size/type",
        Severity::Breaking,
    );
}

#[test]
fn setting_a_type_where_there_was_none_is_narrowing() {
    let change = only(prop(json!({})), prop(json!({"type": "string"})));
    assert_change(
        &change,
        "type-narrowed",
        "/properties/size/type",
        Severity::Breaking,
    );
}

#[test]
fn dropping_the_type_is_widening() {
    let change = only(prop(json!({"type": "string"})), prop(json!({})));
    assert_change(
        &change,
        "type-widened",
        "/properties/size/type",
        Severity::NonBreaking,
    );
}

#[test]
fn removing_nullable_is_breaking() {
    let change = only(
        prop(json!({"type": "string", "nullable": true})),
        prop(json!({"type": "string"})),
    );
    assert_change(
        &change,
        "nullable-removed",
        "/properties/size/nullable",
        Severity::Breaking,
    );
}

#[test]
fn adding_nullable_is_non_breaking() {
    let change = only(
        prop(json!({"type": "string"})),
        prop(json!({"type": "string", "nullable": true})),
    );
    assert_change(
        &change,
        "nullable-added",
        "/properties/size/nullable",
        Severity::NonBreaking,
    );
}

#[test]
fn keywords_of_a_type_no_longer_allowed_are_not_compared() {
    let change = only(
        prop(json!({"type": "string", "format": "uri", "maxLength": 2048})),
        prop(
            json!({"type": "array", "format": "uri", "items": {"type": "string"}, "maxItems": 14}),
        ),
    );
    assert_change(
        &change,
        "type-changed",
        "/properties/size/type",
        Severity::Breaking,
    );
}

#[test]
fn constraints_on_a_newly_allowed_type_break_nothing() {
    let change = only(
        prop(json!({"type": "string"})),
        prop(json!({"type": ["string", "array"], "items": {"type": "string"}, "maxItems": 3})),
    );
    assert_change(
        &change,
        "type-widened",
        "/properties/size/type",
        Severity::NonBreaking,
    );
}

// Enums and constants.

#[test]
fn removing_an_enum_value_is_breaking() {
    let change = only(
        prop(json!({"enum": ["1K", "2K"]})),
        prop(json!({"enum": ["1K"]})),
    );
    assert_change(
        &change,
        "enum-value-removed",
        "/properties/size/enum",
        Severity::Breaking,
    );
    assert_eq!((change.old, change.new), (json!("2K"), Value::Null));
}

#[test]
fn adding_an_enum_value_is_non_breaking() {
    let change = only(
        prop(json!({"enum": ["1K"]})),
        prop(json!({"enum": ["1K", "2K"]})),
    );
    assert_change(
        &change,
        "enum-value-added",
        "/properties/size/enum",
        Severity::NonBreaking,
    );
    assert_eq!((change.old, change.new), (Value::Null, json!("2K")));
}

#[test]
fn every_removed_and_added_enum_value_is_its_own_change() {
    let changes = walk(
        prop(json!({"enum": ["4s", "8s"]})),
        prop(json!({"enum": [4, 8]})),
    );
    let kinds: Vec<String> = changes.iter().map(|c| c.kind.name()).collect();
    assert_eq!(
        kinds,
        [
            "enum-value-removed",
            "enum-value-removed",
            "enum-value-added",
            "enum-value-added"
        ]
    );
}

#[test]
fn introducing_an_enum_is_breaking() {
    let change = only(
        prop(json!({"type": "string"})),
        prop(json!({"type": "string", "enum": ["a"]})),
    );
    assert_change(
        &change,
        "enum-introduced",
        "/properties/size/enum",
        Severity::Breaking,
    );
}

#[test]
fn removing_an_enum_is_non_breaking() {
    let change = only(
        prop(json!({"type": "string", "enum": ["a"]})),
        prop(json!({"type": "string"})),
    );
    assert_change(
        &change,
        "enum-removed",
        "/properties/size/enum",
        Severity::NonBreaking,
    );
}

#[test]
fn reordering_enum_values_is_cosmetic() {
    let change = only(
        prop(json!({"enum": ["9:16", "16:9"]})),
        prop(json!({"enum": ["16:9", "9:16"]})),
    );
    assert_change(
        &change,
        "enum-reordered",
        "/properties/size/enum",
        Severity::Cosmetic,
    );
}

#[test]
fn integral_floats_in_an_enum_are_the_same_values() {
    assert!(
        walk(
            prop(json!({"enum": [1, 2]})),
            prop(json!({"enum": [1.0, 2.0]}))
        )
        .is_empty()
    );
}

#[test]
fn adding_a_const_is_breaking() {
    let change = only(prop(json!({})), prop(json!({"const": "v1"})));
    assert_change(
        &change,
        "const-added",
        "/properties/size/const",
        Severity::Breaking,
    );
}

#[test]
fn removing_a_const_is_non_breaking() {
    let change = only(prop(json!({"const": "v1"})), prop(json!({})));
    assert_change(
        &change,
        "const-removed",
        "/properties/size/const",
        Severity::NonBreaking,
    );
}

#[test]
fn changing_a_const_is_breaking() {
    let change = only(prop(json!({"const": "v1"})), prop(json!({"const": "v2"})));
    assert_change(
        &change,
        "const-changed",
        "/properties/size/const",
        Severity::Breaking,
    );
}

// Bounds.

#[test]
fn raising_a_minimum_is_breaking() {
    let change = only(prop(json!({"minimum": 1})), prop(json!({"minimum": 2})));
    assert_change(
        &change,
        "minimum-raised",
        "/properties/size/minimum",
        Severity::Breaking,
    );
    assert_eq!(change.message, "`size`: minimum raised (1 → 2)");
}

#[test]
fn lowering_a_minimum_is_non_breaking() {
    let change = only(prop(json!({"minimum": 2})), prop(json!({"minimum": 1})));
    assert_change(
        &change,
        "minimum-lowered",
        "/properties/size/minimum",
        Severity::NonBreaking,
    );
}

#[test]
fn lowering_a_maximum_is_breaking() {
    let change = only(prop(json!({"maximum": 100})), prop(json!({"maximum": 50})));
    assert_change(
        &change,
        "maximum-lowered",
        "/properties/size/maximum",
        Severity::Breaking,
    );
}

#[test]
fn raising_a_maximum_is_non_breaking() {
    let change = only(prop(json!({"maximum": 50})), prop(json!({"maximum": 100})));
    assert_change(
        &change,
        "maximum-raised",
        "/properties/size/maximum",
        Severity::NonBreaking,
    );
}

#[test]
fn setting_a_bound_where_there_was_none_is_breaking() {
    let change = only(
        prop(json!({"type": "integer"})),
        prop(json!({"type": "integer", "maximum": 10})),
    );
    assert_change(
        &change,
        "maximum-added",
        "/properties/size/maximum",
        Severity::Breaking,
    );
}

#[test]
fn removing_a_bound_is_non_breaking() {
    let change = only(prop(json!({"minimum": 0})), prop(json!({})));
    assert_change(
        &change,
        "minimum-removed",
        "/properties/size/minimum",
        Severity::NonBreaking,
    );
}

#[test]
fn making_a_minimum_exclusive_raises_it() {
    let change = only(
        prop(json!({"minimum": 0})),
        prop(json!({"minimum": 0, "exclusiveMinimum": true})),
    );
    assert_change(
        &change,
        "minimum-raised",
        "/properties/size/minimum",
        Severity::Breaking,
    );
}

#[test]
fn an_exclusive_maximum_becoming_inclusive_raises_it() {
    let change = only(
        prop(json!({"exclusiveMaximum": 10})),
        prop(json!({"maximum": 10})),
    );
    assert_change(
        &change,
        "maximum-raised",
        "/properties/size/maximum",
        Severity::NonBreaking,
    );
}

#[test]
fn the_same_bound_spelled_by_another_draft_is_no_change() {
    assert!(
        walk(
            prop(json!({"minimum": 0, "exclusiveMinimum": true})),
            prop(json!({"exclusiveMinimum": 0}))
        )
        .is_empty()
    );
}

#[test]
fn raising_min_length_is_breaking() {
    let change = only(prop(json!({"minLength": 1})), prop(json!({"minLength": 3})));
    assert_change(
        &change,
        "min-length-raised",
        "/properties/size/minLength",
        Severity::Breaking,
    );
}

#[test]
fn lowering_max_length_is_breaking() {
    let change = only(
        prop(json!({"maxLength": 100})),
        prop(json!({"maxLength": 10})),
    );
    assert_change(
        &change,
        "max-length-lowered",
        "/properties/size/maxLength",
        Severity::Breaking,
    );
}

#[test]
fn raising_max_length_is_non_breaking() {
    let change = only(
        prop(json!({"maxLength": 10})),
        prop(json!({"maxLength": 100})),
    );
    assert_change(
        &change,
        "max-length-raised",
        "/properties/size/maxLength",
        Severity::NonBreaking,
    );
}

#[test]
fn lowering_max_items_is_breaking() {
    let change = only(prop(json!({"maxItems": 14})), prop(json!({"maxItems": 9})));
    assert_change(
        &change,
        "max-items-lowered",
        "/properties/size/maxItems",
        Severity::Breaking,
    );
}

#[test]
fn lowering_min_items_is_non_breaking() {
    let change = only(prop(json!({"minItems": 2})), prop(json!({"minItems": 1})));
    assert_change(
        &change,
        "min-items-lowered",
        "/properties/size/minItems",
        Severity::NonBreaking,
    );
}

#[test]
fn adding_a_multiple_of_is_breaking() {
    let change = only(prop(json!({})), prop(json!({"multipleOf": 8})));
    assert_change(
        &change,
        "multiple-of-added",
        "/properties/size/multipleOf",
        Severity::Breaking,
    );
}

#[test]
fn removing_a_multiple_of_is_non_breaking() {
    let change = only(prop(json!({"multipleOf": 8})), prop(json!({})));
    assert_change(
        &change,
        "multiple-of-removed",
        "/properties/size/multipleOf",
        Severity::NonBreaking,
    );
}

#[test]
fn a_multiple_of_that_divides_the_old_one_is_relaxed() {
    let change = only(
        prop(json!({"multipleOf": 16})),
        prop(json!({"multipleOf": 8})),
    );
    assert_change(
        &change,
        "multiple-of-relaxed",
        "/properties/size/multipleOf",
        Severity::NonBreaking,
    );
}

#[test]
fn a_multiple_of_that_does_not_divide_the_old_one_is_breaking() {
    let change = only(
        prop(json!({"multipleOf": 8})),
        prop(json!({"multipleOf": 16})),
    );
    assert_change(
        &change,
        "multiple-of-changed",
        "/properties/size/multipleOf",
        Severity::Breaking,
    );
}

// Strings and arrays.

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

// Unions.

fn content(variants: Value) -> Value {
    prop(json!({"oneOf": variants}))
}

#[test]
fn removing_a_one_of_variant_is_breaking() {
    let change = only(
        content(json!([{"type": "string", "minLength": 1}, {"type": "array", "minItems": 1}])),
        content(json!([{"type": "string", "minLength": 1}])),
    );
    assert_change(
        &change,
        "one-of-variant-removed",
        "/properties/size/oneOf/1",
        Severity::Breaking,
    );
}

#[test]
fn adding_an_any_of_variant_is_non_breaking() {
    let change = only(
        prop(json!({"anyOf": [{"type": "string", "minLength": 1}, {"type": "array"}]})),
        prop(
            json!({"anyOf": [{"type": "string", "minLength": 1}, {"type": "array"}, {"type": "object"}]}),
        ),
    );
    assert_change(
        &change,
        "any-of-variant-added",
        "/properties/size/anyOf/2",
        Severity::NonBreaking,
    );
}

#[test]
fn a_union_of_bare_types_compares_as_a_type_list() {
    let change = only(
        prop(json!({"anyOf": [{"type": "string"}, {"type": "array"}]})),
        prop(json!({"anyOf": [{"type": "string"}]})),
    );
    assert_change(
        &change,
        "type-narrowed",
        "/properties/size/type",
        Severity::Breaking,
    );
}

#[test]
fn making_a_field_nullable_with_any_of_adds_a_variant() {
    let change = only(
        prop(json!({"type": "string", "minLength": 1, "description": "Name"})),
        prop(
            json!({"anyOf": [{"type": "string", "minLength": 1}, {"type": "null"}], "description": "Name"}),
        ),
    );
    assert_change(
        &change,
        "any-of-variant-added",
        "/properties/size/anyOf/1",
        Severity::NonBreaking,
    );
}

#[test]
fn dropping_a_union_down_to_one_of_its_variants_removes_the_others() {
    let change = only(
        prop(json!({"anyOf": [{"type": "string", "minLength": 1}, {"type": "null"}]})),
        prop(json!({"type": "string", "minLength": 1})),
    );
    assert_change(
        &change,
        "any-of-variant-removed",
        "/properties/size/anyOf/1",
        Severity::Breaking,
    );
}

#[test]
fn reordering_union_variants_is_no_change() {
    assert!(
        walk(
            content(json!([{"type": "string"}, {"type": "array"}])),
            content(json!([{"type": "array"}, {"type": "string"}]))
        )
        .is_empty()
    );
}

#[test]
fn changes_inside_a_union_variant_are_found_in_the_variant_of_the_same_type() {
    let change = only(
        content(json!([{"type": "string"}, {"type": "array", "items": {"type": "object"}}])),
        content(json!([{"type": "array", "items": {"type": "string"}}, {"type": "string"}])),
    );
    assert_change(
        &change,
        "type-changed",
        "/properties/size/oneOf/1/items/type",
        Severity::Breaking,
    );
}

#[test]
fn adding_an_all_of_schema_is_breaking() {
    let change = only(
        prop(json!({"allOf": [{"minimum": 1}, {"minimum": 2}]})),
        prop(json!({"allOf": [{"minimum": 1}, {"minimum": 2}, {"maximum": 9}]})),
    );
    assert_change(
        &change,
        "all-of-variant-added",
        "/properties/size/allOf/2",
        Severity::Breaking,
    );
}

#[test]
fn removing_an_all_of_schema_is_non_breaking() {
    let change = only(
        prop(json!({"allOf": [{"minimum": 1}, {"minimum": 2}, {"maximum": 9}]})),
        prop(json!({"allOf": [{"minimum": 1}, {"minimum": 2}]})),
    );
    assert_change(
        &change,
        "all-of-variant-removed",
        "/properties/size/allOf/2",
        Severity::NonBreaking,
    );
}

#[test]
fn introducing_a_union_is_breaking() {
    let change = only(
        prop(json!({})),
        prop(json!({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]})),
    );
    assert_change(
        &change,
        "any-of-introduced",
        "/properties/size/anyOf",
        Severity::Breaking,
    );
}

#[test]
fn removing_a_union_is_non_breaking() {
    let change = only(
        prop(json!({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]})),
        prop(json!({})),
    );
    assert_change(
        &change,
        "any-of-removed",
        "/properties/size/anyOf",
        Severity::NonBreaking,
    );
}

#[test]
fn an_optional_spelled_as_any_of_null_equals_a_type_list() {
    assert!(
        walk(
            prop(json!({"anyOf": [{"type": "string"}, {"type": "null"}]})),
            prop(json!({"type": ["string", "null"]}))
        )
        .is_empty()
    );
}

// References.

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

// Keywords the check does not analyse.

#[test]
fn adding_an_unanalysed_keyword_is_breaking() {
    let change = only(prop(json!({})), prop(json!({"not": {"const": 0}})));
    assert_change(
        &change,
        "keyword-changed",
        "/properties/size/not",
        Severity::Breaking,
    );
}

#[test]
fn removing_an_unanalysed_keyword_is_breaking_too() {
    let change = only(
        prop(json!({"dependentRequired": {"a": ["b"]}})),
        prop(json!({})),
    );
    assert_change(
        &change,
        "keyword-changed",
        "/properties/size/dependentRequired",
        Severity::Breaking,
    );
}

// Defaults.

#[test]
fn changing_a_default_changes_behaviour() {
    let change = only(
        prop(json!({"default": false})),
        prop(json!({"default": true})),
    );
    assert_change(
        &change,
        "default-changed",
        "/properties/size/default",
        Severity::Behaviour,
    );
}

#[test]
fn adding_a_default_changes_behaviour() {
    let change = only(prop(json!({})), prop(json!({"default": 8})));
    assert_change(
        &change,
        "default-added",
        "/properties/size/default",
        Severity::Behaviour,
    );
}

#[test]
fn removing_a_default_changes_behaviour() {
    let change = only(prop(json!({"default": 8})), prop(json!({})));
    assert_change(
        &change,
        "default-removed",
        "/properties/size/default",
        Severity::Behaviour,
    );
}

// Documentation.

#[test]
fn documentation_changes_are_cosmetic() {
    let cases = [
        (
            "description",
            json!("old"),
            json!("new"),
            "description-changed",
        ),
        ("title", json!("Old"), json!("New"), "title-changed"),
        ("x-order", json!(1), json!(2), "order-changed"),
        ("examples", json!(["a"]), json!(["b"]), "example-changed"),
        ("example", json!("a"), json!("b"), "example-changed"),
        (
            "deprecated",
            json!(false),
            json!(true),
            "annotation-changed",
        ),
        ("x-hub-tier", json!("a"), json!("b"), "extension-changed"),
    ];
    for (keyword, before, after, kind) in cases {
        let change = only(
            prop(json!({ keyword: before })),
            prop(json!({ keyword: after })),
        );
        assert_change(
            &change,
            kind,
            &format!("/properties/size/{keyword}"),
            Severity::Cosmetic,
        );
    }
}

#[test]
fn the_basic_list_is_cosmetic() {
    let change = only(json!({"basic": ["a", "b"]}), json!({"basic": ["a"]}));
    assert_change(&change, "basic-changed", "/basic", Severity::Cosmetic);
}

#[test]
fn adding_and_removing_a_description_is_cosmetic() {
    let added = only(prop(json!({})), prop(json!({"description": "Size"})));
    assert_change(
        &added,
        "description-changed",
        "/properties/size/description",
        Severity::Cosmetic,
    );
    let removed = only(prop(json!({"description": "Size"})), prop(json!({})));
    assert_change(
        &removed,
        "description-changed",
        "/properties/size/description",
        Severity::Cosmetic,
    );
}

// The catalog.

fn entry(id: &str, endpoint: Endpoint, schema: SchemaSource) -> CatalogEntry {
    CatalogEntry {
        id: ModelId::parse(id).expect("valid id"),
        display_name: id.to_owned(),
        summary: None,
        description: None,
        endpoint,
        capabilities: Capabilities::default(),
        schema,
    }
}

fn own(id: &str) -> SchemaSource {
    SchemaSource::Model(ModelId::parse(id).expect("valid id"))
}

fn set(entries: Vec<(CatalogEntry, Value)>) -> SchemaSet {
    let mut set = SchemaSet::default();
    for (entry, schema) in entries {
        set.schemas.insert(entry.schema.clone(), schema);
        set.catalog.models.push(entry);
    }
    set.catalog.models.sort_by(|a, b| a.id.cmp(&b.id));
    set
}

fn image(id: &str) -> (CatalogEntry, Value) {
    (
        entry(id, Endpoint::ImagesGenerate, own(id)),
        object(json!({"prompt": {"type": "string"}}), &["prompt"]),
    )
}

#[test]
fn removing_a_model_is_breaking() {
    let changes = compare(&set(vec![image("a"), image("b")]), &set(vec![image("a")]));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_change(&changes[0], "model-removed", "", Severity::Breaking);
    assert_eq!(changes[0].model.as_str(), "b");
}

#[test]
fn adding_a_model_is_non_breaking() {
    let changes = compare(&set(vec![image("a")]), &set(vec![image("a"), image("b")]));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_change(&changes[0], "model-added", "", Severity::NonBreaking);
}

#[test]
fn changing_a_models_endpoint_is_breaking() {
    let (mut moved, schema) = image("a");
    moved.endpoint = Endpoint::ImagesEdit;
    let changes = compare(&set(vec![image("a")]), &set(vec![(moved, schema)]));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_change(&changes[0], "endpoint-changed", "", Severity::Breaking);
}

#[test]
fn catalog_metadata_changes_are_cosmetic() {
    let (mut renamed, schema) = image("a");
    renamed.display_name = "A, renamed".to_owned();
    renamed.summary = Some("Now with a summary".to_owned());
    renamed.description = Some("Described".to_owned());
    renamed.capabilities.input.push("image".to_owned());
    let changes = compare(&set(vec![image("a")]), &set(vec![(renamed, schema)]));
    let kinds: Vec<(String, Severity)> = changes
        .iter()
        .map(|c| (c.kind.name(), c.severity))
        .collect();
    assert_eq!(
        kinds,
        [
            ("display-name-changed".to_owned(), Severity::Cosmetic),
            ("summary-changed".to_owned(), Severity::Cosmetic),
            ("model-description-changed".to_owned(), Severity::Cosmetic),
            ("capabilities-changed".to_owned(), Severity::Cosmetic),
        ]
    );
}

#[test]
fn a_model_switching_to_an_endpoint_body_is_compared_by_content() {
    let body = SchemaSource::Endpoint(EndpointBody::ImagesGenerate);
    let (before, schema) = image("a");
    let mut after = before.clone();
    after.schema = body.clone();
    let mut new = set(vec![]);
    new.catalog.models.push(after);
    let mut wider = schema.clone();
    wider["properties"]["n"] = json!({"type": "integer"});
    new.schemas.insert(body, wider);
    let changes = compare(&set(vec![(before, schema)]), &new);
    let kinds: Vec<String> = changes.iter().map(|c| c.kind.name()).collect();
    assert_eq!(kinds, ["schema-source-changed", "property-added"]);
}

#[test]
fn changes_are_sorted_by_model_then_pointer() {
    let (a, a_schema) = image("a");
    let (b, b_schema) = image("b");
    let mut a_new = a_schema.clone();
    a_new["properties"]["z"] = json!({});
    a_new["properties"]["prompt"]["description"] = json!("Prompt");
    let changes = compare(
        &set(vec![(b.clone(), b_schema.clone()), (a.clone(), a_schema)]),
        &set(vec![(a, a_new)]),
    );
    let order: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c.model.as_str(), c.pointer.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("a", "/properties/prompt/description"),
            ("a", "/properties/z"),
            ("b", ""),
        ]
    );
}

#[test]
fn every_kind_has_a_distinct_name() {
    let mut kinds = vec![
        ChangeKind::ModelRemoved,
        ChangeKind::ModelAdded,
        ChangeKind::PropertyRemoved,
        ChangeKind::KeywordChanged,
    ];
    for bound in Bound::ALL {
        for change in [
            BoundChange::Added,
            BoundChange::Removed,
            BoundChange::Raised,
            BoundChange::Lowered,
        ] {
            kinds.push(ChangeKind::Bound(bound, change));
        }
    }
    for combinator in Combinator::ALL {
        kinds.extend([
            ChangeKind::UnionIntroduced(combinator),
            ChangeKind::UnionRemoved(combinator),
            ChangeKind::VariantAdded(combinator),
            ChangeKind::VariantRemoved(combinator),
        ]);
    }
    let names: std::collections::BTreeSet<String> = kinds.iter().map(|k| k.name()).collect();
    assert_eq!(names.len(), kinds.len());
}
