//! Numeric, length, count and `multipleOf` limits.

use super::*;

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

#[test]
fn every_bound_breaks_when_tightened_and_not_when_relaxed() {
    for bound in Bound::ALL {
        let keyword = bound.keyword();
        let (low, high) = (json!({ keyword: 2 }), json!({ keyword: 5 }));
        let pointer = format!("/properties/size/{keyword}");
        let raised = only(prop(low.clone()), prop(high.clone()));
        let lowered = only(prop(high), prop(low));
        let (raise_severity, lower_severity) = if bound.is_lower() {
            (Severity::Breaking, Severity::NonBreaking)
        } else {
            (Severity::NonBreaking, Severity::Breaking)
        };
        let kind = |change: BoundChange| ChangeKind::Bound(bound, change).name();
        assert_change(
            &raised,
            &kind(BoundChange::Raised),
            &pointer,
            raise_severity,
        );
        assert_change(
            &lowered,
            &kind(BoundChange::Lowered),
            &pointer,
            lower_severity,
        );
    }
}

#[test]
fn every_bound_breaks_when_set_and_not_when_removed() {
    for bound in Bound::ALL {
        let keyword = bound.keyword();
        let pointer = format!("/properties/size/{keyword}");
        let kind = |change: BoundChange| ChangeKind::Bound(bound, change).name();
        let added = only(prop(json!({})), prop(json!({ keyword: 3 })));
        assert_change(
            &added,
            &kind(BoundChange::Added),
            &pointer,
            Severity::Breaking,
        );
        let removed = only(prop(json!({ keyword: 3 })), prop(json!({})));
        assert_change(
            &removed,
            &kind(BoundChange::Removed),
            &pointer,
            Severity::NonBreaking,
        );
    }
}
