//! Catalog entries, and the order of the whole report.

use super::*;

fn compare_ok(old: &SchemaSet, new: &SchemaSet) -> Vec<Change> {
    compare(old, new).expect("both catalogs hold every schema they name")
}

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
    let changes = compare_ok(&set(vec![image("a"), image("b")]), &set(vec![image("a")]));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_change(&changes[0], "model-removed", "", Severity::Breaking);
    assert_eq!(changes[0].model.as_str(), "b");
}

#[test]
fn adding_a_model_is_non_breaking() {
    let changes = compare_ok(&set(vec![image("a")]), &set(vec![image("a"), image("b")]));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_change(&changes[0], "model-added", "", Severity::NonBreaking);
}

#[test]
fn changing_a_models_endpoint_is_breaking() {
    let (mut moved, schema) = image("a");
    moved.endpoint = Endpoint::ImagesEdit;
    let changes = compare_ok(&set(vec![image("a")]), &set(vec![(moved, schema)]));
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
    let changes = compare_ok(&set(vec![image("a")]), &set(vec![(renamed, schema)]));
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
    let changes = compare_ok(&set(vec![(before, schema)]), &new);
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
    let changes = compare_ok(
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

#[test]
fn a_schema_missing_from_a_catalog_is_an_error_not_drift() {
    let (entry, schema) = image("a");
    let mut broken = set(vec![(entry, schema)]);
    broken.schemas.clear();
    let error = compare(&set(vec![image("a")]), &broken).expect_err("missing schema");
    assert_eq!(
        error.to_string(),
        "model \"a\" in the new catalog is described by models/a.json, which is not in that catalog"
    );
}

/// `set` with `id` moved from its models to its left-out entries, as fetch marks a model.
fn left_out(mut set: SchemaSet, id: &str) -> SchemaSet {
    use crate::catalog::LeftOutEntry;
    let id = ModelId::parse(id).expect("valid id");
    set.catalog.models.retain(|entry| entry.id != id);
    set.schemas.remove(&SchemaSource::Model(id.clone()));
    let file = SchemaSource::LeftOut(id.clone());
    set.schemas.insert(
        file.clone(),
        json!({"id": id.as_str(), "endpoint": "/embeddings"}),
    );
    set.catalog.left_out.push(LeftOutEntry {
        id,
        endpoint: "/embeddings".to_owned(),
        file,
        pointer: "/endpoint".to_owned(),
        keyword: "endpoint".to_owned(),
        reason: "unknown endpoint \"/embeddings\"".to_owned(),
    });
    set
}

#[test]
fn a_model_the_new_catalog_leaves_out_is_one_breaking_change_with_its_reason() {
    let old = set(vec![image("a"), image("b")]);
    let changes = compare_ok(&old, &left_out(old.clone(), "b"));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_change(&changes[0], "model-left-out", "", Severity::Breaking);
    assert!(
        changes[0].message.contains("unknown endpoint"),
        "{}",
        changes[0].message
    );
}

#[test]
fn a_model_left_out_on_both_sides_is_no_change() {
    let old = left_out(set(vec![image("a"), image("b")]), "b");
    assert_eq!(compare_ok(&old, &old.clone()), Vec::new());
}

#[test]
fn a_model_file_the_new_catalog_cannot_read_is_left_out() {
    let old = set(vec![image("a")]);
    let mut new = old.clone();
    let source = own("a");
    new.schemas.remove(&source);
    let error = crate::error::SchemaError {
        source_file: source.clone(),
        pointer: crate::schema::JsonPointer::root(),
        keyword: "json".to_owned(),
        message: "not valid JSON".to_owned(),
    };
    new.unreadable.insert(source, error);
    let changes = compare_ok(&old, &new);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_change(&changes[0], "model-left-out", "", Severity::Breaking);
}
