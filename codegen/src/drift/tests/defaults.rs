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

#[test]
fn the_default_of_a_required_property_is_documentation() {
    let change = only(
        object(
            json!({"prompt": {"type": "string", "default": "An ox"}}),
            &["prompt"],
        ),
        object(json!({"prompt": {"type": "string"}}), &["prompt"]),
    );
    assert_change(
        &change,
        "required-default-changed",
        "/properties/prompt/default",
        Severity::Cosmetic,
    );
}

#[test]
fn a_default_inside_a_required_property_still_changes_behaviour() {
    let item = |default: i64| {
        object(
            json!({"size": {"type": "object", "properties": {"n": {"default": default}}}}),
            &["size"],
        )
    };
    let change = only(item(1), item(2));
    assert_change(
        &change,
        "default-changed",
        "/properties/size/properties/n/default",
        Severity::Behaviour,
    );
}

#[test]
fn the_default_of_a_property_that_became_optional_changes_behaviour() {
    let change = walk(
        object(json!({"mode": {"default": "a"}}), &["mode"]),
        object(json!({"mode": {"default": "b"}}), &[]),
    );
    let kinds: Vec<String> = change.iter().map(|c| c.kind.name()).collect();
    assert_eq!(kinds, ["default-changed", "property-became-optional"]);
}
