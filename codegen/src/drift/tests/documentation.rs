//! Documentation changes are cosmetic.

use super::*;

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
