//! Rustdoc text for generated items, from the schema's own words.

use serde_json::Value;

use crate::canonical::compact;
use crate::ir::{Checks, FieldDef, RequestDef, SchemaRules, StructDef, TypeDef, TypeRef};

/// Doc lines of a field: description, then allowed range, format, default and examples.
pub fn field_doc(field: &FieldDef) -> String {
    let mut lines = Vec::new();
    match &field.docs.description {
        Some(description) => lines.push(escape(description)),
        None => lines.push(format!("The `{}` property.", field.json_name)),
    }
    let mut facts = Vec::new();
    if field.required {
        facts.push("Required.".to_owned());
    }
    facts.extend(check_facts(&field.checks));
    match (&field.docs.default, &field.docs.default_invalid) {
        (Some(default), None) => facts.push(format!("Default: `{}`.", compact(default))),
        (Some(default), Some(reason)) => facts.push(format!(
            "The hub's default, `{}`, is not valid for this schema ({}), so nothing here uses it.",
            code_safe(&compact(default)),
            escape(reason)
        )),
        (None, _) => {}
    }
    for example in &field.docs.examples {
        facts.push(format!("Example: `{}`.", compact(example)));
    }
    if !facts.is_empty() {
        lines.push(String::new());
        lines.extend(facts.into_iter().map(|fact| format!("- {fact}")));
    }
    lines.join("\n")
}

/// Plain sentences for every check of a value, rules of the schema validator included, as
/// rustdoc lists them.
pub fn check_facts(checks: &Checks) -> Vec<String> {
    let mut facts = own_value_facts(checks);
    if let Some(items) = &checks.items {
        facts.extend(
            check_facts(items)
                .into_iter()
                .map(|fact| format!("Each item: {fact}")),
        );
    }
    if let Some(values) = &checks.values {
        facts.extend(
            rule_facts(&values.schema_rules)
                .into_iter()
                .map(|fact| format!("Each value: {fact}")),
        );
    }
    facts.extend(rule_facts(&checks.schema_rules));
    facts
}

/// The checks of a value that are not rules of the schema validator (those the reference
/// pages list in a section of their own), in the words of [`check_facts`].
pub fn value_facts(checks: &Checks) -> Vec<String> {
    let mut facts = own_value_facts(checks);
    if let Some(items) = &checks.items {
        facts.extend(
            value_facts(items)
                .into_iter()
                .map(|fact| format!("Each item: {fact}")),
        );
    }
    facts
}

/// Bounds, lengths, pattern, format and item counts of the value itself.
fn own_value_facts(checks: &Checks) -> Vec<String> {
    let mut facts = Vec::new();
    let lower = checks
        .minimum
        .as_ref()
        .map(|m| format!("{} ≤", exact(m)))
        .or(checks
            .exclusive_minimum
            .as_ref()
            .map(|m| format!("{} <", exact(m))));
    let upper = checks
        .maximum
        .as_ref()
        .map(|m| format!("≤ {}", exact(m)))
        .or(checks
            .exclusive_maximum
            .as_ref()
            .map(|m| format!("< {}", exact(m))));
    match (lower, upper) {
        (Some(l), Some(u)) => facts.push(format!("Range: {l} value {u}.")),
        (Some(l), None) => facts.push(format!("Range: {l} value.")),
        (None, Some(u)) => facts.push(format!("Range: value {u}.")),
        (None, None) => {}
    }
    if let Some(m) = &checks.multiple_of {
        facts.push(format!("Multiple of {}.", exact(m)));
    }
    if checks.min_length.is_some() || checks.max_length.is_some() {
        facts.push(format!(
            "Length: {}.",
            span(checks.min_length, checks.max_length, "characters")
        ));
    }
    if let Some(pattern) = &checks.pattern {
        facts.push(format!("Pattern: `{}`.", pattern.replace('`', "\\`")));
    }
    if let Some(format) = &checks.format {
        facts.push(format!("Format: `{format}`."));
    }
    if checks.min_items.is_some() || checks.max_items.is_some() {
        facts.push(format!(
            "Items: {}.",
            span(checks.min_items, checks.max_items, "items")
        ));
    }
    if checks.unique_items {
        facts.push("Items must be unique.".to_owned());
    }
    facts
}

/// The JSON type of a field as the reference pages show it: `string`, `array<string>`,
/// `integer | string`, `object`, `string | null`.
pub fn type_label(ty: &TypeRef, types: &[TypeDef], nullable: bool) -> String {
    let label = json_type_label(ty, types, &mut Vec::new());
    if nullable {
        format!("{label} | null")
    } else {
        label
    }
}

/// `seen`: unions being labelled, so that one holding itself through another ends.
fn json_type_label<'t>(ty: &'t TypeRef, types: &'t [TypeDef], seen: &mut Vec<&'t str>) -> String {
    match ty {
        TypeRef::String => "string".to_owned(),
        TypeRef::Integer(_) => "integer".to_owned(),
        TypeRef::Number => "number".to_owned(),
        TypeRef::Boolean => "boolean".to_owned(),
        TypeRef::Json => "any".to_owned(),
        TypeRef::Map(_) => "object".to_owned(),
        TypeRef::Array(items) => format!("array<{}>", json_type_label(items, types, seen)),
        TypeRef::Optional(inner) => format!("{} | null", json_type_label(inner, types, seen)),
        TypeRef::Named(name) => match types.iter().find(|t| t.name() == name) {
            Some(TypeDef::LiteralEnum(def)) => {
                let types: Vec<&str> = def.variants.iter().map(|v| v.value.json_type()).collect();
                // An integer is a number: a mix of the two is a number.
                let number = types.contains(&"number");
                distinct(
                    types
                        .into_iter()
                        .filter(|t| !(number && *t == "integer"))
                        .map(str::to_owned),
                )
            }
            Some(TypeDef::Union(def)) if !seen.contains(&def.name.as_str()) => {
                seen.push(&def.name);
                let labels: Vec<String> = def
                    .variants
                    .iter()
                    .map(|v| json_type_label(&v.ty, types, seen))
                    .collect();
                seen.pop();
                distinct(labels)
            }
            _ => "object".to_owned(),
        },
    }
}

/// `a | b`, each label once, in the order first met.
fn distinct(labels: impl IntoIterator<Item = String>) -> String {
    let mut seen: Vec<String> = Vec::new();
    for label in labels {
        if !seen.contains(&label) {
            seen.push(label);
        }
    }
    seen.join(" | ")
}

/// The values an enumerated field (or the items of an enumerated array) may take, as JSON.
pub fn allowed_values(ty: &TypeRef, types: &[TypeDef], nullable: bool) -> Vec<String> {
    let name = match ty {
        TypeRef::Named(name) => name,
        TypeRef::Array(items) | TypeRef::Optional(items) => match items.as_ref() {
            TypeRef::Named(name) => name,
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    let Some(TypeDef::LiteralEnum(def)) = types.iter().find(|t| t.name() == name) else {
        return Vec::new();
    };
    let mut values: Vec<String> = def
        .variants
        .iter()
        .map(|v| compact(&v.value.to_json()))
        .collect();
    if nullable {
        values.push("null".to_owned());
    }
    values
}

/// One row of a model's parameter tables: what the reference page and `oxen describe` (from
/// the catalog's `Parameter`, which holds these texts) say about one property.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterRow {
    /// Where the property is: `""` for the body, `messages[].` for a message's properties.
    pub parent: String,
    /// The property's name in JSON.
    pub name: String,
    pub required: bool,
    /// The JSON type in words ([`type_label`]).
    pub type_label: String,
    /// The hub's default as compact JSON.
    pub default: Option<String>,
    /// Whether that default breaks its own schema (shown, never used).
    pub default_invalid: bool,
    /// The allowed values as JSON ([`allowed_values`]).
    pub allowed: Vec<String>,
    /// The value checks in words ([`value_facts`]), with Markdown code spans.
    pub constraints: String,
    /// The schema's description.
    pub description: String,
    /// The overlay that added or changed the property.
    pub overlay: Option<String>,
}

/// The rows of every table of a request's reference: for each struct of
/// [`documented_structs`], its required properties, then its optional ones, each group with
/// the hub's basic properties first and otherwise in the order lowering gave the fields.
pub fn parameter_rows(request: &RequestDef) -> Vec<ParameterRow> {
    let mut rows = Vec::new();
    for (parent, def) in documented_structs(request) {
        let mut fields: Vec<&FieldDef> = def.fields.iter().collect();
        fields.sort_by_key(|field| (!field.required, !field.docs.basic));
        rows.extend(fields.into_iter().map(|field| ParameterRow {
            parent: parent.clone(),
            name: field.json_name.clone(),
            required: field.required,
            type_label: type_label(&field.ty, &request.types, field.nullable),
            default: field.docs.default.as_ref().map(compact),
            default_invalid: field.docs.default_invalid.is_some(),
            allowed: allowed_values(&field.ty, &request.types, field.nullable),
            constraints: value_facts(&field.checks).join(" "),
            description: field.docs.description.clone().unwrap_or_default(),
            overlay: field.docs.overlay.clone(),
        }));
    }
    rows
}

/// Every struct a request's documentation describes, with the path of the property holding it
/// (`""` for the body, `messages[].` for the items of `messages`): the body, then the structs
/// its fields hold directly or as array items, depth first, each once.
pub fn documented_structs(request: &RequestDef) -> Vec<(String, &StructDef)> {
    let mut out = Vec::new();
    let mut seen = vec![request.body.name.as_str()];
    collect_structs(
        &request.body,
        &request.types,
        String::new(),
        &mut seen,
        &mut out,
    );
    out
}

fn collect_structs<'r>(
    def: &'r StructDef,
    types: &'r [TypeDef],
    prefix: String,
    seen: &mut Vec<&'r str>,
    out: &mut Vec<(String, &'r StructDef)>,
) {
    out.push((prefix.clone(), def));
    for field in &def.fields {
        let (ty, path) = match &field.ty {
            TypeRef::Array(items) => (items.as_ref(), format!("{prefix}{}[].", field.json_name)),
            other => (other, format!("{prefix}{}.", field.json_name)),
        };
        let Some(name) = ty.direct_name() else {
            continue;
        };
        if seen.contains(&name) {
            continue;
        }
        if let Some(TypeDef::Struct(held)) = types.iter().find(|t| t.name() == name) {
            seen.push(&held.name);
            collect_structs(held, types, path, seen, out);
        }
    }
}

/// The rules no Rust type states, in words: each is checked by `validate()` with the schema
/// validator (they are marked so).
pub fn rule_facts(rules: &[SchemaRules]) -> Vec<String> {
    let mut facts = Vec::new();
    for rules in rules {
        if rules.keywords.is_empty() {
            let at = if rules.pointer.is_empty() {
                "/"
            } else {
                &rules.pointer
            };
            facts.push(format!(
                "Checked by the schema validator against the whole schema at `{at}`: no Rust type holds it."
            ));
            continue;
        }
        let get = |keyword: &str| {
            rules
                .keywords
                .iter()
                .find(|(k, _)| k == keyword)
                .map(|(_, v)| v)
        };
        for (keyword, value) in &rules.keywords {
            let shown = || format!("`{}`", code_safe(&compact(value)));
            let sentence = match keyword.as_str() {
                "not" => format!("Must not match {}.", shown()),
                "if" => {
                    let mut sentence = format!("If it matches {}", shown());
                    if let Some(then) = get("then") {
                        sentence.push_str(&format!(
                            ", it must also match `{}`",
                            code_safe(&compact(then))
                        ));
                    }
                    if let Some(otherwise) = get("else") {
                        sentence.push_str(&format!(
                            "; otherwise it must match `{}`",
                            code_safe(&compact(otherwise))
                        ));
                    }
                    sentence + "."
                }
                // Read with `if`; without it they apply to nothing.
                "then" | "else" | "minContains" | "maxContains" => continue,
                "dependentRequired" => match value.as_object() {
                    Some(map) => map
                        .iter()
                        .map(|(name, needed)| {
                            let needed: Vec<String> = needed
                                .as_array()
                                .map(|n| {
                                    n.iter()
                                        .map(|v| format!("`{}`", code_safe(&compact(v))))
                                        .collect()
                                })
                                .unwrap_or_default();
                            format!(
                                "When `{}` is present, so must be {}.",
                                code_safe(name),
                                needed.join(", ")
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                    None => continue,
                },
                "dependentSchemas" => match value.as_object() {
                    Some(map) => map
                        .iter()
                        .map(|(name, schema)| {
                            format!(
                                "When `{}` is present, the object must also match `{}`.",
                                code_safe(name),
                                code_safe(&compact(schema))
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                    None => continue,
                },
                "minProperties" => format!("At least {} properties.", compact(value)),
                "maxProperties" => format!("At most {} properties.", compact(value)),
                "propertyNames" => format!("Every property name must match {}.", shown()),
                "contains" => {
                    let min = get("minContains").map_or("1".to_owned(), compact);
                    let max = get("maxContains")
                        .map(|m| format!(" and at most {}", compact(m)))
                        .unwrap_or_default();
                    format!("At least {min}{max} items must match {}.", shown())
                }
                "unevaluatedProperties" => match value {
                    Value::Bool(false) => {
                        "No properties beyond those its other keywords evaluate.".to_owned()
                    }
                    _ => format!(
                        "Properties its other keywords do not evaluate must match {}.",
                        shown()
                    ),
                },
                "unevaluatedItems" => match value {
                    Value::Bool(false) => {
                        "No items beyond those its other keywords evaluate.".to_owned()
                    }
                    _ => format!(
                        "Items its other keywords do not evaluate must match {}.",
                        shown()
                    ),
                },
                "prefixItems" => {
                    format!("The first items must match, in order: {}.", list_of(value))
                }
                "items" => match value {
                    Value::Bool(false) => "No items after those.".to_owned(),
                    _ => format!("Later items must match {}.", shown()),
                },
                "oneOf" => format!("Must match exactly one of: {}.", list_of(value)),
                "anyOf" => format!("Must match at least one of: {}.", list_of(value)),
                "enum" => format!("Must be one of: {}.", list_of(value)),
                "const" => format!("Must equal {}.", shown()),
                "pattern" => format!(
                    "Must match the pattern {} (ECMA-262; the `regex` crate cannot compile it).",
                    shown()
                ),
                "patternProperties" => format!(
                    "Properties whose names match a pattern must match its schema: {}.",
                    shown()
                ),
                "additionalProperties" => match value {
                    Value::Bool(false) => {
                        "No properties beyond the declared ones and those matching a pattern."
                            .to_owned()
                    }
                    _ => format!("Other properties must match {}.", shown()),
                },
                other => format!("Must satisfy `{other}`: {}.", shown()),
            };
            facts.push(format!("{sentence} (Checked by the schema validator.)"));
        }
    }
    facts
}

/// `` `a`, `b` `` for the items of an array value.
fn list_of(value: &Value) -> String {
    match value.as_array() {
        Some(items) => items
            .iter()
            .map(|item| format!("`{}`", code_safe(&compact(item))))
            .collect::<Vec<_>>()
            .join(", "),
        None => format!("`{}`", code_safe(&compact(value))),
    }
}

/// Text for inside a Markdown code span: a backtick would end it.
fn code_safe(text: &str) -> String {
    text.replace('`', "'")
}

fn span(min: Option<u64>, max: Option<u64>, unit: &str) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a} to {b} {unit}"),
        (Some(a), None) => format!("at least {a} {unit}"),
        (None, Some(b)) => format!("at most {b} {unit}"),
        (None, None) => String::new(),
    }
}

/// `50` rather than `50.0` for whole bounds.
/// A schema's number: an integer exactly, a float as [`number`] shows it.
pub fn exact(value: &serde_json::Number) -> String {
    if value.is_f64() {
        number(value.as_f64().unwrap_or_default())
    } else {
        value.to_string()
    }
}

pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// Hub descriptions are prose, not Markdown: keep rustdoc from reading `[x]` as a link or
/// `<x>` as HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' | ']' | '<' | '>' | '*' | '_' | '`' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::Number;

    use super::*;
    use crate::ir::{IntType, Literal, LiteralEnumDef, LiteralVariant, UnionDef, UnionVariant};

    fn literal_enum(name: &str, values: Vec<Literal>) -> TypeDef {
        TypeDef::LiteralEnum(LiteralEnumDef {
            name: name.to_owned(),
            known_name: None,
            description: None,
            variants: values
                .into_iter()
                .enumerate()
                .map(|(i, value)| LiteralVariant {
                    name: format!("V{i}"),
                    value,
                })
                .collect(),
        })
    }

    fn union(name: &str, variants: Vec<TypeRef>) -> TypeDef {
        TypeDef::Union(UnionDef {
            name: name.to_owned(),
            description: None,
            variants: variants
                .into_iter()
                .enumerate()
                .map(|(i, ty)| UnionVariant {
                    name: format!("V{i}"),
                    ty,
                    boxed: false,
                    tag_value: None,
                    checks: Checks::default(),
                })
                .collect(),
            tag: None,
        })
    }

    fn strukt(name: &str, fields: Vec<(&str, TypeRef)>) -> StructDef {
        StructDef {
            name: name.to_owned(),
            description: None,
            fields: fields
                .into_iter()
                .map(|(json_name, ty)| FieldDef {
                    json_name: json_name.to_owned(),
                    rust_name: json_name.to_owned(),
                    ty,
                    required: false,
                    nullable: false,
                    docs: Default::default(),
                    checks: Checks::default(),
                    boxed: false,
                    clear_name: None,
                    null_name: None,
                })
                .collect(),
            deny_unknown_fields: false,
            extra: None,
            schema_rules: Vec::new(),
        }
    }

    #[test]
    fn type_labels_name_json_types_not_rust_types() {
        let types = [];
        let label = |ty: TypeRef, nullable| type_label(&ty, &types, nullable);
        assert_eq!(label(TypeRef::Integer(IntType::U8), false), "integer");
        assert_eq!(
            label(TypeRef::Map(Box::new(TypeRef::String)), false),
            "object"
        );
        assert_eq!(
            label(TypeRef::Array(Box::new(TypeRef::Json)), true),
            "array<any> | null"
        );
        assert_eq!(
            label(
                TypeRef::Array(Box::new(TypeRef::Optional(Box::new(TypeRef::Number)))),
                false
            ),
            "array<number | null>"
        );
    }

    #[test]
    fn a_union_is_labelled_by_its_variants_each_type_once() {
        let types = [
            union(
                "U",
                vec![
                    TypeRef::Named("S".into()),
                    TypeRef::String,
                    TypeRef::Named("S".into()),
                ],
            ),
            TypeDef::Struct(strukt("S", vec![])),
        ];
        assert_eq!(
            type_label(&TypeRef::Named("U".into()), &types, false),
            "object | string"
        );
    }

    #[test]
    fn a_union_holding_itself_is_labelled_without_end() {
        let types = [union(
            "U",
            vec![
                TypeRef::String,
                TypeRef::Array(Box::new(TypeRef::Named("U".into()))),
            ],
        )];
        assert_eq!(
            type_label(&TypeRef::Named("U".into()), &types, false),
            "string | array<object>"
        );
    }

    #[test]
    fn an_enum_is_labelled_by_the_types_of_its_values() {
        let types = [
            literal_enum("Mixed", vec![Literal::Str("auto".into()), Literal::Int(5)]),
            literal_enum("Fps", vec![Literal::Int(24), Literal::Float(29.97)]),
        ];
        assert_eq!(
            type_label(&TypeRef::Named("Mixed".into()), &types, false),
            "string | integer"
        );
        assert_eq!(
            type_label(&TypeRef::Named("Fps".into()), &types, false),
            "number"
        );
    }

    #[test]
    fn allowed_values_are_the_enums_values_as_json() {
        let types = [literal_enum(
            "E",
            vec![Literal::Str("16:9".into()), Literal::Float(2.5)],
        )];
        let named = TypeRef::Named("E".into());
        assert_eq!(allowed_values(&named, &types, false), ["\"16:9\"", "2.5"]);
        assert_eq!(
            allowed_values(&named, &types, true),
            ["\"16:9\"", "2.5", "null"]
        );
        let array = TypeRef::Array(Box::new(named));
        assert_eq!(allowed_values(&array, &types, false), ["\"16:9\"", "2.5"]);
        assert!(allowed_values(&TypeRef::String, &types, false).is_empty());
    }

    #[test]
    fn documented_structs_follow_fields_and_array_items_each_once() {
        let node = TypeRef::Named("Node".into());
        let request = RequestDef {
            name: "Req".into(),
            body: strukt(
                "Req",
                vec![
                    (
                        "messages",
                        TypeRef::Array(Box::new(TypeRef::Named("Message".into()))),
                    ),
                    ("root", node.clone()),
                ],
            ),
            types: vec![
                TypeDef::Struct(strukt("Message", vec![("role", TypeRef::String)])),
                TypeDef::Struct(strukt(
                    "Node",
                    vec![("next", TypeRef::Optional(Box::new(node)))],
                )),
            ],
        };
        let paths: Vec<(String, &str)> = documented_structs(&request)
            .into_iter()
            .map(|(path, def)| (path, def.name.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                (String::new(), "Req"),
                ("messages[].".to_owned(), "Message"),
                ("root.".to_owned(), "Node"),
            ]
        );
    }

    #[test]
    fn value_facts_leave_out_the_rules_check_facts_list() {
        let checks = Checks {
            minimum: Some(Number::from(1)),
            maximum: Some(Number::from(50)),
            schema_rules: vec![SchemaRules {
                pointer: "/properties/x".into(),
                keywords: vec![("not".into(), serde_json::json!({"const": 3}))],
            }],
            ..Checks::default()
        };
        assert_eq!(value_facts(&checks), ["Range: 1 ≤ value ≤ 50."]);
        assert_eq!(
            check_facts(&checks),
            [
                "Range: 1 ≤ value ≤ 50.",
                "Must not match `{\"const\":3}`. (Checked by the schema validator.)"
            ]
        );
    }
}
