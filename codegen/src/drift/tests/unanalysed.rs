//! Keywords the check does not analyse fail closed.

use super::*;

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
