//! Rustdoc text for generated items, from the schema's own words.

use serde_json::Value;

use crate::ir::{Checks, FieldDef, SchemaRules};

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

/// Plain sentences for every value check, as they appear in rustdoc and the reference pages.
pub fn check_facts(checks: &Checks) -> Vec<String> {
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

pub fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
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
