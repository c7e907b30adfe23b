//! `type` and `nullable`.

use super::*;

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

#[test]
fn a_type_that_names_no_json_type_is_still_reported_when_it_changes() {
    let change = only(prop(json!({"type": 5})), prop(json!({"type": 6})));
    assert_change(
        &change,
        "keyword-changed",
        "/properties/size/type",
        Severity::Breaking,
    );
}

#[test]
fn openapi_nullable_and_a_null_type_are_the_same() {
    assert!(
        walk(
            prop(json!({"type": "string", "nullable": true})),
            prop(json!({"type": ["string", "null"]}))
        )
        .is_empty()
    );
}

#[test]
fn dropping_null_from_a_type_list_rejects_null() {
    let change = only(
        prop(json!({"type": ["integer", "null"]})),
        prop(json!({"type": "integer"})),
    );
    assert_change(
        &change,
        "nullable-removed",
        "/properties/size/type",
        Severity::Breaking,
    );
}

#[test]
fn adding_null_to_a_type_list_accepts_null() {
    let change = only(
        prop(json!({"type": "integer"})),
        prop(json!({"type": ["integer", "null"]})),
    );
    assert_change(
        &change,
        "nullable-added",
        "/properties/size/type",
        Severity::NonBreaking,
    );
}

#[test]
fn dropping_the_type_of_a_nullable_union_is_only_widening() {
    let change = only(prop(json!({"type": ["string", "null"]})), prop(json!({})));
    assert_change(
        &change,
        "type-widened",
        "/properties/size/type",
        Severity::NonBreaking,
    );
}
