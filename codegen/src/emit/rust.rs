//! Rust items for one request type: the struct, its builder methods, its checks and the
//! types it refers to.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::emit::docs;
use crate::ir::{
    Checks, ExtraDef, FieldDef, IntType, Literal, LiteralEnumDef, RequestDef, SchemaRules,
    StructDef, TypeDef, TypeRef, UnionDef,
};

/// How the request struct names its model.
pub enum ModelParam<'a> {
    /// One model: `model: crate::ModelTag<Marker>`.
    Concrete(&'a str),
    /// Several models share the schema: the struct is generic over `M: crate::Model`.
    Generic,
}

/// The request struct with everything it needs, as items of one module.
pub fn request_items(def: &RequestDef, model: ModelParam<'_>, doc: &str) -> TokenStream {
    request_items_reusing(def, model, doc, &[], "")
}

/// A type that names no model (a response body) with the types it refers to.
pub fn value_items(def: &RequestDef, doc: &str) -> TokenStream {
    items(def, None, doc, &[], "")
}

/// [`request_items`], except that types equal to one of `shared` (the types of
/// `crate::shared::<shared_module>`) are re-exported from there rather than repeated: an
/// overlaid chat model keeps the chat body's messages and tools.
pub fn request_items_reusing(
    def: &RequestDef,
    model: ModelParam<'_>,
    doc: &str,
    shared: &[TypeDef],
    shared_module: &str,
) -> TokenStream {
    items(def, Some(&model), doc, shared, shared_module)
}

fn items(
    def: &RequestDef,
    model: Option<&ModelParam<'_>>,
    doc: &str,
    shared: &[TypeDef],
    shared_module: &str,
) -> TokenStream {
    let body = struct_items(&def.body, model, doc, &def.types);
    let (reused, own): (Vec<&TypeDef>, Vec<&TypeDef>) =
        def.types.iter().partition(|t| shared.contains(t));
    let reuse = if reused.is_empty() {
        quote!()
    } else {
        let module = ident(shared_module);
        let names = reused.iter().map(|t| ident(t.name()));
        quote!(pub use crate::shared::#module::{#(#names),*};)
    };
    let types = own.into_iter().map(|t| match t {
        TypeDef::Struct(s) => {
            let doc = s
                .description
                .clone()
                .map(|d| docs::escape(&d))
                .unwrap_or_else(|| format!("The `{}` object.", s.name));
            struct_items(s, None, &doc, &def.types)
        }
        TypeDef::LiteralEnum(e) => literal_enum_items(e),
        TypeDef::Union(u) => union_items(u, &def.types),
    });
    quote! { #reuse #body #(#types)* }
}

pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = ".."]` per line, so prettyplease prints them as `///` comments.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = doc_safe(line);
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #(#[doc = #lines])* }
}

/// One line of doc text as a `///` comment can hold it: control characters (a bare carriage
/// return is an error in a doc comment) are written as escapes.
pub fn doc_safe(line: &str) -> String {
    if line.chars().any(char::is_control) {
        line.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        line.to_owned()
    }
}

pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer(IntType::I128) => quote!(crate::WideInteger),
        TypeRef::Integer(int) => {
            let int = ident(int.as_str());
            quote!(#int)
        }
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Map(values) => {
            let values = type_tokens(values);
            quote!(::std::collections::BTreeMap<String, #values>)
        }
        TypeRef::Array(items) => {
            let items = type_tokens(items);
            quote!(Vec<#items>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Optional(inner) => {
            let inner = type_tokens(inner);
            quote!(Option<#inner>)
        }
    }
}

fn field_type(field: &FieldDef) -> TokenStream {
    let ty = type_tokens(&field.ty);
    let ty = if field.boxed { quote!(Box<#ty>) } else { ty };
    if field.three_states() {
        quote!(Option<Option<#ty>>)
    } else if field.required && !field.nullable {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn struct_items(
    def: &StructDef,
    model: Option<&ModelParam<'_>>,
    doc: &str,
    types: &[TypeDef],
) -> TokenStream {
    let name = ident(&def.name);
    let rules = docs::rule_facts(&def.schema_rules);
    let doc = if rules.is_empty() {
        doc_attrs(doc)
    } else {
        let listed: Vec<String> = rules.iter().map(|fact| format!("- {fact}")).collect();
        doc_attrs(&format!(
            "{doc}\n\n# Rules\n\n`validate()` also checks these with the schema validator:\n\n{}",
            listed.join("\n")
        ))
    };
    let deny = def
        .deny_unknown_fields
        .then(|| quote!(#[serde(deny_unknown_fields)]));
    let request_impl = match model {
        Some(ModelParam::Concrete(marker)) => {
            let marker = ident(marker);
            quote! {
                impl crate::Request for #name {
                    type Model = #marker;
                    fn validate(&self) -> Result<(), crate::Violations> {
                        Self::validate(self)
                    }
                }
            }
        }
        Some(ModelParam::Generic) => {
            quote! {
                impl<M: crate::Model> crate::Request for #name<M> {
                    type Model = M;
                    fn validate(&self) -> Result<(), crate::Violations> {
                        Self::validate(self)
                    }
                }
            }
        }
        None => quote!(),
    };
    let (generics, bounds, model_field, model_init) = match model {
        Some(ModelParam::Concrete(marker)) => {
            let marker = ident(marker);
            (
                quote!(),
                quote!(),
                quote! {
                    #[doc = " The model id; always serialized, and checked when deserializing."]
                    model: crate::ModelTag<#marker>,
                },
                quote!(model: crate::ModelTag::new(),),
            )
        }
        Some(ModelParam::Generic) => (
            quote!(<M: crate::Model>),
            quote! {
                #[serde(bound = "M: crate::Model")]
                #[schemars(bound = "M: crate::Model")]
            },
            quote! {
                #[doc = " The model id; always serialized, and checked when deserializing."]
                model: crate::ModelTag<M>,
            },
            quote!(model: crate::ModelTag::new(),),
        ),
        None => (quote!(), quote!(), quote!(), quote!()),
    };
    let type_args = if matches!(model, Some(ModelParam::Generic)) {
        quote!(<M>)
    } else {
        quote!()
    };
    let fields = def.fields.iter().map(field_decl);
    let required: Vec<&FieldDef> = def.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        if f.nullable {
            let ty = field_type(f);
            quote!(#name: #ty)
        } else {
            let ty = accepted(&f.ty);
            quote!(#name: #ty)
        }
    });
    let inits = def.fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        match (f.required, f.nullable) {
            (true, false) => {
                let value = boxed_if(f.boxed, converted(&f.ty, quote!(#name)));
                quote!(#name: #value,)
            }
            (true, true) => quote!(#name,),
            (false, _) => quote!(#name: None,),
        }
    });
    let extra_field = def.extra.as_deref().map(extra_decl);
    let extra_init = def.extra.as_ref().map(|extra| {
        let name = ident(&extra.rust_name);
        quote!(#name: ::std::collections::BTreeMap::new(),)
    });
    let extra_insert = def.extra.as_deref().map(extra_insert);
    let what = if model.is_some() { "request" } else { "value" };
    // With nothing required, `new()` takes no argument, and `Default` gives the same value.
    let default = required.is_empty().then(|| quote!(#[derive(Default)]));
    let new_doc = if required.is_empty() {
        format!(" A {what} with every optional property unset.")
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|f| format!("`{}`", f.json_name))
            .collect();
        format!(
            " A request with its required properties: {}.",
            names.join(", ")
        )
    };
    let setters = def.fields.iter().map(setter);
    let mut checks = rule_checks(&def.schema_rules, &quote!(at), &quote!(self));
    checks.extend(def.fields.iter().filter_map(|f| check_call(f, types)));
    checks.extend(
        def.extra
            .as_ref()
            .and_then(|extra| extra_check(extra, types)),
    );
    let validate_body = if checks.is_empty() {
        quote!(
            fn validate_into(&self, _at: &crate::runtime::Pointer, _out: &mut crate::Violations) {}
        )
    } else {
        quote! {
            fn validate_into(&self, at: &crate::runtime::Pointer, out: &mut crate::Violations) {
                #(#checks)*
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
        #default
        #deny
        #bounds
        pub struct #name #generics {
            #model_field
            #(#fields)*
            #extra_field
        }

        impl #generics #name #type_args {
            #[doc = #new_doc]
            pub fn new(#(#params),*) -> Self {
                Self { #model_init #(#inits)* #extra_init }
            }

            #(#setters)*
            #extra_insert

            /// Checks every value constraint of the schema; lists every violation, not just the first.
            pub fn validate(&self) -> Result<(), crate::Violations> {
                crate::runtime::validate(self)
            }

            /// The request, once [`validate`](Self::validate) has found nothing wrong.
            pub fn build(self) -> Result<Self, crate::Violations> {
                self.validate().map(|()| self)
            }
        }

        impl #generics crate::runtime::Validate for #name #type_args {
            #validate_body
        }

        #request_impl
    }
}

fn field_decl(field: &FieldDef) -> TokenStream {
    let doc = doc_attrs(&docs::field_doc(field));
    let name = ident(&field.rust_name);
    let ty = field_type(field);
    let bare = field.rust_name.trim_start_matches("r#");
    let json_name = &field.json_name;
    let rename = (bare != json_name).then(|| quote!(#[serde(rename = #json_name)]));
    let serde = match (field.required, field.nullable) {
        (true, false) => quote!(),
        // Present, but possibly null: a missing key is an error, as the schema says.
        (true, true) => quote!(#[serde(deserialize_with = "crate::runtime::nullable")]),
        // Absent or `null` (`None`), or a value: a response's nullable property.
        (false, true) if !field.three_states() => {
            quote!(#[serde(default, skip_serializing_if = "Option::is_none")])
        }
        // Absent (`None`) or what is there wrapped in `Some`: a value, or for a nullable
        // property `null` (`Some(None)`); a `null` where none is allowed is an error.
        (false, _) => {
            quote!(#[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::runtime::present")])
        }
    };
    let schema = schema_extensions(&field.checks);
    quote! {
        #doc
        #rename
        #serde
        #schema
        pub #name: #ty,
    }
}

/// The bounds of a field in its derived JSON Schema, as the source schema states them.
fn schema_extensions(checks: &Checks) -> TokenStream {
    let mut pairs = Vec::new();
    let mut number = |key: &str, value: &Option<serde_json::Number>| {
        if let Some(value) = value {
            let value = number_literal(value);
            pairs.push(quote!(#key = #value));
        }
    };
    number("minimum", &checks.minimum);
    number("maximum", &checks.maximum);
    number("exclusiveMinimum", &checks.exclusive_minimum);
    number("exclusiveMaximum", &checks.exclusive_maximum);
    number("multipleOf", &checks.multiple_of);
    let mut count = |key: &str, value: Option<u64>| {
        if let Some(value) = value {
            pairs.push(quote!(#key = #value));
        }
    };
    count("minLength", checks.min_length);
    count("maxLength", checks.max_length);
    count("minItems", checks.min_items);
    count("maxItems", checks.max_items);
    if let Some(pattern) = &checks.pattern {
        pairs.push(quote!("pattern" = #pattern));
    }
    if let Some(format) = &checks.format {
        pairs.push(quote!("format" = #format));
    }
    if checks.unique_items {
        pairs.push(quote!("uniqueItems" = true));
    }
    if pairs.is_empty() {
        quote!()
    } else {
        quote!(#[schemars(extend(#(#pairs),*))])
    }
}

/// A number as the schema writes it (`50`, `0.5`), so derived schemas state integer bounds
/// as integers.
fn number_literal(value: &serde_json::Number) -> TokenStream {
    if let Some(whole) = value.as_i64() {
        quote!(#whole)
    } else if let Some(whole) = value.as_u64() {
        quote!(#whole)
    } else {
        let float = value.as_f64().unwrap_or_default();
        quote!(#float)
    }
}

/// A bound of a rule: `crate::runtime::Numeric::Int(50)` or `..::Float(0.5)`.
fn numeric(value: &serde_json::Number) -> TokenStream {
    let whole = value
        .as_i64()
        .map(i128::from)
        .or(value.as_u64().map(i128::from));
    match whole {
        Some(whole) => {
            let whole = proc_macro2::Literal::i128_unsuffixed(whole);
            quote!(crate::runtime::Numeric::Int(#whole))
        }
        None => {
            let float = value.as_f64().unwrap_or_default();
            quote!(crate::runtime::Numeric::Float(#float))
        }
    }
}

/// The flattened map of undeclared properties.
fn extra_decl(extra: &ExtraDef) -> TokenStream {
    let name = ident(&extra.rust_name);
    let ty = type_tokens(&extra.ty);
    let doc = doc_attrs(&format!(
        "Properties beyond the declared ones, by name: kept from a received payload, and sent \
         as they are (also the way to send a property the schema does not document).{}",
        if extra.checks.key_patterns.is_empty() {
            String::new()
        } else {
            format!(
                "\n\nEvery name must match one of: {}.",
                extra
                    .checks
                    .key_patterns
                    .iter()
                    .map(|p| format!("`{}`", p.replace('`', "\\`")))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ));
    quote! {
        #doc
        #[serde(flatten)]
        pub #name: ::std::collections::BTreeMap<String, #ty>,
    }
}

fn extra_insert(extra: &ExtraDef) -> TokenStream {
    let field = ident(&extra.rust_name);
    let method = ident(&extra.insert_name);
    let accepted = accepted(&extra.ty);
    let value = converted(&extra.ty, quote!(value));
    quote! {
        #[doc = " Adds a property beyond the declared ones (sent as it is)."]
        pub fn #method(mut self, name: impl Into<String>, value: #accepted) -> Self {
            self.#field.insert(name.into(), #value);
            self
        }
    }
}

/// The checks of the values and names in the flattened map.
fn extra_check(extra: &ExtraDef, types: &[TypeDef]) -> Option<TokenStream> {
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
fn rule_checks(rules: &[SchemaRules], at: &TokenStream, value: &TokenStream) -> Vec<TokenStream> {
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
fn contained_rule_checks(
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
fn map_checks(checks: &Checks, entries: TokenStream, at: TokenStream) -> Vec<TokenStream> {
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

fn boxed_if(boxed: bool, value: TokenStream) -> TokenStream {
    if boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}

/// What a constructor or setter takes for a value of `ty`: anything that converts, and for
/// arrays anything iterable whose items convert (`["a", "b"]` for a `Vec<String>`).
fn accepted(ty: &TypeRef) -> TokenStream {
    match ty {
        // `impl Into<u8>` would refuse an unsuffixed literal (an `i32`): take the type itself.
        TypeRef::Integer(int) if !int.takes_literals() => type_tokens(ty),
        TypeRef::Array(items) => {
            let items = type_tokens(items);
            quote!(impl IntoIterator<Item = impl Into<#items>>)
        }
        _ => {
            let ty = type_tokens(ty);
            quote!(impl Into<#ty>)
        }
    }
}

/// The expression turning an [`accepted`] argument into the field's value.
fn converted(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Array(_) => quote!(#value.into_iter().map(Into::into).collect()),
        _ => quote!(#value.into()),
    }
}

fn setter(field: &FieldDef) -> TokenStream {
    let name = ident(&field.rust_name);
    let bare = field.rust_name.trim_start_matches("r#");
    let accepted = accepted(&field.ty);
    let value = boxed_if(field.boxed, converted(&field.ty, quote!(value)));
    let doc = doc_safe(&format!(" Sets `{}`.", field.json_name));
    if field.required && !field.nullable {
        return quote! {
            #[doc = #doc]
            pub fn #name(mut self, value: #accepted) -> Self {
                self.#name = #value;
                self
            }
        };
    }
    let clear = match &field.clear_name {
        Some(clear) => ident(clear),
        None => format_ident!("clear_{}", bare),
    };
    let clear_doc = doc_safe(&format!(
        " Unsets `{}`{}.",
        field.json_name,
        if field.required {
            " (sends `null`)"
        } else {
            ""
        }
    ));
    let set = if field.three_states() {
        quote!(Some(Some(#value)))
    } else {
        quote!(Some(#value))
    };
    let null = field.null_name.as_deref().map(|null| {
        let null = ident(null);
        let doc = doc_safe(&format!(" Sends `{}` as `null`.", field.json_name));
        quote! {
            #[doc = #doc]
            pub fn #null(mut self) -> Self {
                self.#name = Some(None);
                self
            }
        }
    });
    quote! {
        #[doc = #doc]
        pub fn #name(mut self, value: #accepted) -> Self {
            self.#name = #set;
            self
        }

        #[doc = #clear_doc]
        pub fn #clear(mut self) -> Self {
            self.#name = None;
            self
        }

        #null
    }
}

/// The `validate_into` statement for one field, if it has anything to check.
fn check_call(field: &FieldDef, types: &[TypeDef]) -> Option<TokenStream> {
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

fn rules_of(checks: &Checks) -> Vec<TokenStream> {
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

fn literal_enum_items(def: &LiteralEnumDef) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(
        &def.description
            .as_deref()
            .map(docs::escape)
            .unwrap_or_else(|| format!("Values of `{}`.", def.name)),
    );
    let variants: Vec<Ident> = def.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_docs = def
        .variants
        .iter()
        .map(|v| format!(" `{}`", literal_json(&v.value)));
    let literals = def.variants.iter().map(|v| match &v.value {
        Literal::Str(s) => quote!(crate::runtime::Literal::Str(#s)),
        Literal::Int(i) => quote!(crate::runtime::Literal::Int(#i)),
        Literal::Float(f) => quote!(crate::runtime::Literal::Float(#f)),
        Literal::Bool(b) => quote!(crate::runtime::Literal::Bool(#b)),
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #variant_docs] #variants,)*
        }

        impl crate::runtime::LiteralEnum for #name {
            const NAME: &'static str = stringify!(#name);
            const ALL: &'static [Self] = &[#(Self::#variants),*];

            fn literal(self) -> crate::runtime::Literal {
                match self {
                    #(Self::#variants => #literals,)*
                }
            }
        }

        crate::runtime::literal_enum_impls!(#name);
    }
}

fn literal_json(literal: &Literal) -> String {
    match literal {
        Literal::Str(s) => serde_json::to_string(s).unwrap_or_default(),
        Literal::Int(i) => i.to_string(),
        Literal::Float(f) => f.to_string(),
        Literal::Bool(b) => b.to_string(),
    }
}

/// `Deserialize` of an untagged union: the first variant, in order, that the value
/// deserializes into and that passes `validate()` (see `crate::runtime::deserialize_untagged`).
fn untagged_deserialize(def: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let alternatives = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        if v.boxed {
            quote!(|value| ::serde_json::from_value(value).map(|value| Self::#variant(Box::new(value))))
        } else {
            quote!(|value| ::serde_json::from_value(value).map(Self::#variant))
        }
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::deserialize_untagged(deserializer, #type_name, &[#(#alternatives),*])
            }
        }
    }
}

fn union_items(def: &UnionDef, types: &[TypeDef]) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(
        &def.description
            .as_deref()
            .map(docs::escape)
            .unwrap_or_else(|| format!("One of several shapes of `{}`.", def.name)),
    );
    let variants = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = type_tokens(&v.ty);
        let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
        let rename = v
            .tag_value
            .as_ref()
            .map(|value| quote!(#[serde(rename = #value)]));
        let doc = match (&def.tag, &v.tag_value) {
            (Some(tag), Some(value)) => format!(" The shape with `\"{tag}\": \"{value}\"`."),
            _ => {
                let ty = type_tokens(&v.ty).to_string().replace(' ', "");
                format!(
                    " A `{}` value.",
                    ty.replace("::std::collections::", "")
                        .replace("::serde_json::", "serde_json::")
                )
            }
        };
        quote!(#[doc = #doc] #rename #variant(#ty),)
    });
    let (tagging, derive_de, untagged_de) = match &def.tag {
        Some(tag) => (
            quote!(#[serde(tag = #tag)]),
            quote!(::serde::Deserialize,),
            quote!(),
        ),
        None => (
            quote!(#[serde(untagged)]),
            quote!(),
            untagged_deserialize(def),
        ),
    };
    let view_arms = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        if matches!(v.ty, TypeRef::Named(_)) {
            quote!(Self::#variant(_) => crate::runtime::View::Other,)
        } else {
            quote!(Self::#variant(value) => crate::runtime::Inspect::view(value),)
        }
    });
    // Per variant: the checks of its alternative, then those of the structs inside.
    let checked: Vec<(Ident, Vec<TokenStream>)> = def
        .variants
        .iter()
        .filter_map(|v| {
            let mut statements = Vec::new();
            let rules = rules_of(&v.checks);
            if !rules.is_empty() {
                statements.push(quote!(out.check(at, value, &[#(#rules),*])));
            }
            let item_rules = v.checks.items.as_deref().map(rules_of).unwrap_or_default();
            if !item_rules.is_empty() && matches!(v.ty, TypeRef::Array(_)) {
                statements.push(quote!(out.check_items(at, value.iter(), &[#(#item_rules),*])));
            }
            if matches!(v.ty, TypeRef::Map(_)) {
                statements.extend(map_checks(&v.checks, quote!(value.iter()), quote!(at)));
            }
            statements.extend(contained_rule_checks(
                &v.checks,
                &v.ty,
                &quote!(value),
                &quote!(at),
                0,
            ));
            statements.extend(rule_checks(
                &v.checks.schema_rules,
                &quote!(at),
                &quote!(value),
            ));
            if v.ty.has_nested_checks(types) {
                statements.push(quote!(crate::runtime::Validate::validate_into(
                    value, at, out
                )));
            }
            (!statements.is_empty()).then(|| (ident(&v.name), statements))
        })
        .collect();
    let validate_body = match checked.as_slice() {
        [] => quote!(
            fn validate_into(&self, _at: &crate::runtime::Pointer, _out: &mut crate::Violations) {}
        ),
        // One variant to check: `if let`, as clippy would have a one-armed match written.
        [(only, statements)] if def.variants.len() > 1 => quote! {
            fn validate_into(&self, at: &crate::runtime::Pointer, out: &mut crate::Violations) {
                if let Self::#only(value) = self {
                    #(#statements;)*
                }
            }
        },
        several => {
            let rest = (several.len() < def.variants.len()).then(|| quote!(_ => {}));
            let arms = several
                .iter()
                .map(|(variant, statements)| match statements.as_slice() {
                    [one] => quote!(Self::#variant(value) => #one,),
                    many => quote!(Self::#variant(value) => { #(#many;)* }),
                });
            quote! {
                fn validate_into(&self, at: &crate::runtime::Pointer, out: &mut crate::Violations) {
                    match self {
                        #(#arms)*
                        #rest
                    }
                }
            }
        }
    };
    // `From` only where a type stands for one variant, or the impls would overlap.
    let type_texts: Vec<String> = def
        .variants
        .iter()
        .map(|v| type_tokens(&v.ty).to_string())
        .collect();
    let from_impls = def
        .variants
        .iter()
        .zip(&type_texts)
        .filter(|(_, text)| type_texts.iter().filter(|t| t == text).count() == 1)
        .map(|(v, _)| {
            let variant = ident(&v.name);
            let ty = type_tokens(&v.ty);
            let value = boxed_if(v.boxed, quote!(value));
            quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#variant(#value)
                    }
                }
            }
        });
    let from_str = def
        .variants
        .iter()
        .zip(&type_texts)
        .find(|(v, text)| {
            v.ty == TypeRef::String && type_texts.iter().filter(|t| t == text).count() == 1
        })
        .map(|(v, _)| {
            let variant = ident(&v.name);
            quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#variant(value.to_owned())
                    }
                }
            }
        });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, #derive_de ::schemars::JsonSchema)]
        #tagging
        pub enum #name {
            #(#variants)*
        }

        #untagged_de

        #(#from_impls)*
        #from_str

        impl crate::runtime::Inspect for #name {
            fn view(&self) -> crate::runtime::View<'_> {
                match self {
                    #(#view_arms)*
                }
            }
        }

        impl crate::runtime::Validate for #name {
            #validate_body
        }
    }
}
