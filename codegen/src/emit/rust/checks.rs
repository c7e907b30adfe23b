//! The statements of `validate()`: value checks as `crate::runtime::Rule`s, and the rules
//! of the schema validator, for a field, its items and values, and the extra map.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use super::structs::numeric;
use crate::ir::{Checks, ExtraDef, FieldDef, SchemaRules, TypeDef, TypeRef};

/// The checks of the values and names in the flattened map.
pub(super) fn extra_check(extra: &ExtraDef, types: &[TypeDef]) -> Option<TokenStream> {
    let name = ident(&extra.rust_name);
    let mut statements: Vec<TokenStream> =
        map_checks(&extra.checks, quote!(self.#name.iter()), quote!(at))
            .into_iter()
            .map(|e| quote!(#e;))
            .collect();
    statements.extend(contained_rule_checks(
        &extra.checks,
        &TypeRef::Map(Box::new(extra.ty.clone())),
        &quote!(&self.#name),
        &quote!(at),
        0,
    ));
    if extra.ty.has_nested_checks(types) {
        statements.push(quote!(crate::runtime::Validate::validate_into(&self.#name, at, out);));
    }
    (!statements.is_empty()).then(|| quote!(#(#statements)*))
}

/// Statements checking `value` (found at `at`) against [`SchemaRules`]: the rules the schema
/// validator enforces, each compiled once (see `crate::validate::SchemaRules`).
pub(super) fn rule_checks(
    rules: &[SchemaRules],
    at: &TokenStream,
    value: &TokenStream,
) -> Vec<TokenStream> {
    rules
        .iter()
        .map(|rules| {
            let pointer = &rules.pointer;
            let keywords = rules.keywords.iter().map(|(keyword, _)| keyword);
            quote! {{
                static RULES: crate::validate::SchemaRules =
                    crate::validate::SchemaRules::new(SCHEMA, #pointer, &[#(#keywords),*]);
                RULES.check(#at, #value, out);
            }}
        })
        .collect()
}

/// [`rule_checks`] for what `container` (a reference to a value of type `ty`, found at `at`)
/// holds: every item of an array, every value of a map, the value of an `Option`, at any
/// depth; `checks` are the checks of the container.
pub(super) fn contained_rule_checks(
    checks: &Checks,
    ty: &TypeRef,
    container: &TokenStream,
    at: &TokenStream,
    depth: usize,
) -> Vec<TokenStream> {
    let item = format_ident!("item{depth}");
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => {
            let is_map = matches!(ty, TypeRef::Map(_));
            let each = if is_map {
                &checks.values
            } else {
                &checks.items
            };
            let Some(each) = each.as_deref().filter(|c| c.has_schema_rules()) else {
                return Vec::new();
            };
            let mut body = rule_checks(&each.schema_rules, &quote!(at), &quote!(#item));
            body.extend(contained_rule_checks(
                each,
                inner,
                &quote!(#item),
                &quote!(at),
                depth + 1,
            ));
            let iteration = if is_map {
                quote!((key, #item) in #container.iter())
            } else {
                quote!((key, #item) in #container.iter().enumerate())
            };
            vec![quote! {
                for #iteration {
                    let at = &#at.join(key);
                    #(#body)*
                }
            }]
        }
        TypeRef::Optional(inner) => {
            let body = contained_rule_checks(checks, inner, &quote!(#item), at, depth + 1);
            if body.is_empty() {
                return Vec::new();
            }
            vec![quote!(if let Some(#item) = #container { #(#body)* })]
        }
        _ => Vec::new(),
    }
}

/// `out.check_values(..)` and `out.check_keys(..)` for the entries of a map, as expressions.
pub(super) fn map_checks(
    checks: &Checks,
    entries: TokenStream,
    at: TokenStream,
) -> Vec<TokenStream> {
    let mut statements = Vec::new();
    let value_rules = checks.values.as_deref().map(rules_of).unwrap_or_default();
    if !value_rules.is_empty() {
        statements.push(quote!(out.check_values(#at, #entries, &[#(#value_rules),*])));
    }
    if !checks.key_patterns.is_empty() {
        let patterns = &checks.key_patterns;
        statements.push(quote!(out.check_keys(#at, #entries, &[#(#patterns),*])));
    }
    if !checks.forbidden_keys.is_empty() {
        let names = &checks.forbidden_keys;
        statements.push(quote!(out.check_absent(#at, #entries, &[#(#names),*])));
    }
    statements
}

/// The `validate_into` statement for one field, if it has anything to check.
pub(super) fn check_call(field: &FieldDef, types: &[TypeDef]) -> Option<TokenStream> {
    let name = ident(&field.rust_name);
    let json_name = &field.json_name;
    let rules = rules_of(&field.checks);
    let item_rules = field
        .checks
        .items
        .as_deref()
        .map(rules_of)
        .unwrap_or_default();
    let nested = field.ty.has_nested_checks(types);
    let at = quote!(&at.join(#json_name));
    // The field's items or entries, whether it is an `Option` or not.
    let contents = if field.three_states() {
        quote!(self.#name.iter().flatten().flatten())
    } else if field.required && !field.nullable {
        quote!(self.#name.iter())
    } else {
        quote!(self.#name.iter().flatten())
    };
    let mut map_statements: Vec<TokenStream> = match &field.ty {
        TypeRef::Map(_) => map_checks(&field.checks, contents.clone(), at.clone())
            .into_iter()
            .map(|e| quote!(#e;))
            .collect(),
        _ => Vec::new(),
    };
    let held = if field.required && !field.nullable {
        field.ty.clone()
    } else {
        TypeRef::Optional(Box::new(field.ty.clone()))
    };
    map_statements.extend(contained_rule_checks(
        &field.checks,
        &held,
        &quote!(&self.#name),
        &at,
        0,
    ));
    // A present value: an unset optional property is not sent, so no rule sees it.
    let value_rules = if field.required {
        rule_checks(&field.checks.schema_rules, &at, &quote!(&self.#name))
    } else {
        let each = rule_checks(&field.checks.schema_rules, &at, &quote!(value));
        if each.is_empty() {
            Vec::new()
        } else {
            vec![quote!(if let Some(value) = &self.#name { #(#each)* })]
        }
    };
    map_statements.extend(value_rules);
    if rules.is_empty() && item_rules.is_empty() && map_statements.is_empty() && !nested {
        return None;
    }
    let mut statements = Vec::new();
    if !rules.is_empty() {
        statements.push(quote!(out.check(#at, &self.#name, &[#(#rules),*]);));
    }
    if !item_rules.is_empty() && matches!(field.ty, TypeRef::Array(_)) {
        statements.push(quote!(out.check_items(#at, #contents, &[#(#item_rules),*]);));
    }
    statements.extend(map_statements);
    if nested {
        statements.push(quote!(crate::runtime::Validate::validate_into(&self.#name, #at, out);));
    }
    Some(quote!(#(#statements)*))
}

pub(super) fn rules_of(checks: &Checks) -> Vec<TokenStream> {
    let mut rules = Vec::new();
    for (bound, rule) in [
        (&checks.minimum, "Minimum"),
        (&checks.maximum, "Maximum"),
        (&checks.exclusive_minimum, "ExclusiveMinimum"),
        (&checks.exclusive_maximum, "ExclusiveMaximum"),
        (&checks.multiple_of, "MultipleOf"),
    ] {
        if let Some(bound) = bound {
            let rule = ident(rule);
            let bound = numeric(bound);
            rules.push(quote!(crate::runtime::Rule::#rule(#bound)));
        }
    }
    if let Some(v) = checks.min_length {
        rules.push(quote!(crate::runtime::Rule::MinLength(#v)));
    }
    if let Some(v) = checks.max_length {
        rules.push(quote!(crate::runtime::Rule::MaxLength(#v)));
    }
    if let Some(pattern) = &checks.pattern {
        rules.push(quote!(crate::runtime::Rule::Pattern(#pattern)));
    }
    if let Some(format) = &checks.format {
        rules.push(quote!(crate::runtime::Rule::Format(#format)));
    }
    if let Some(v) = checks.min_items {
        rules.push(quote!(crate::runtime::Rule::MinItems(#v)));
    }
    if let Some(v) = checks.max_items {
        rules.push(quote!(crate::runtime::Rule::MaxItems(#v)));
    }
    if checks.unique_items {
        rules.push(quote!(crate::runtime::Rule::UniqueItems));
    }
    rules
}
