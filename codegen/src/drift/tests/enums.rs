//! `enum` and `const`.

use super::*;

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
