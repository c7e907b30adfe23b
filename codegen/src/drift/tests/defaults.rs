//! Defaults change what a payload means.

use super::*;

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
