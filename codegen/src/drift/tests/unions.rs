//! `anyOf`, `oneOf` and `allOf`.

use super::*;

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
    assert_eq!(
        change.message,
        "`size`: oneOf variant #1 (array) was removed"
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

#[test]
fn each_combinator_judges_added_and_removed_variants_by_what_it_requires() {
    let a = json!({"type": "string", "minLength": 1});
    let b = json!({"type": "array", "minItems": 1});
    for (combinator, added, removed) in [
        (Combinator::AnyOf, Severity::NonBreaking, Severity::Breaking),
        (Combinator::OneOf, Severity::NonBreaking, Severity::Breaking),
        (Combinator::AllOf, Severity::Breaking, Severity::NonBreaking),
    ] {
        let keyword = combinator.keyword();
        // A second `allOf` part setting `minLength` again keeps the wrapper from being merged.
        let one = prop(json!({ keyword: [a.clone(), {"minLength": 2}] }));
        let two = prop(json!({ keyword: [a.clone(), {"minLength": 2}, b.clone()] }));
        let pointer = format!("/properties/size/{keyword}/2");
        let grown = only(one.clone(), two.clone());
        assert_change(
            &grown,
            &ChangeKind::VariantAdded(combinator).name(),
            &pointer,
            added,
        );
        let shrunk = only(two, one);
        assert_change(
            &shrunk,
            &ChangeKind::VariantRemoved(combinator).name(),
            &pointer,
            removed,
        );
    }
}

#[test]
fn introducing_any_combinator_is_breaking_and_removing_it_is_not() {
    // Two `allOf` parts both setting `minLength` keep it from being merged into its parent.
    let variants = json!([{"type": "string", "minLength": 1}, {"minLength": 3}]);
    for combinator in Combinator::ALL {
        let keyword = combinator.keyword();
        let pointer = format!("/properties/size/{keyword}");
        let with = prop(json!({ keyword: variants.clone(), "maximum": 9 }));
        let without = prop(json!({"maximum": 9}));
        let introduced = only(without.clone(), with.clone());
        let name = ChangeKind::UnionIntroduced(combinator).name();
        assert_change(&introduced, &name, &pointer, Severity::Breaking);
        let removed = only(with, without);
        let name = ChangeKind::UnionRemoved(combinator).name();
        assert_change(&removed, &name, &pointer, Severity::NonBreaking);
    }
}

#[test]
fn an_all_of_that_merges_into_its_parent_is_compared_as_plain_constraints() {
    let change = only(
        prop(json!({"type": "string"})),
        prop(json!({"type": "string", "allOf": [{"maxLength": 64}]})),
    );
    assert_change(
        &change,
        "max-length-added",
        "/properties/size/maxLength",
        Severity::Breaking,
    );
}
