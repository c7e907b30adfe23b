//! The struct of a request or object: fields with their serde attributes and the builder
//! (constructor, setters, `clear_`/`null_`/`extra` methods; `validate()`/`build()` for a
//! request).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ModelParam, doc_attrs, doc_safe, field_type, ident, type_tokens};
use crate::emit::docs;
use crate::ir::{Checks, ExtraDef, FieldDef, StructDef, TypeRef};

pub(super) fn struct_items(
    def: &StructDef,
    model: Option<&ModelParam<'_>>,
    doc: &str,
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
                }
            }
        }
        Some(ModelParam::Generic) => {
            quote! {
                impl<M: crate::Model> crate::Request for #name<M> {
                    type Model = M;
                }
            }
        }
        None => quote!(),
    };
    let (generics, bounds, type_args) = generics_of(model);
    let model_field = model_tag(model).map(|tag| {
        quote! {
            #[doc = " The model id; always serialized, and checked when deserializing."]
            model: #tag,
        }
    });
    let model_init = model.map(|_| quote!(model: crate::ModelTag::new(),));
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
    // Only a request has a schema of its own to be checked against.
    let validate = model.map(|_| {
        quote! {
            /// Checks the request against its model's schema, with the validator behind
            /// `validate_payload`; lists every violation, not just the first.
            pub fn validate(&self) -> Result<(), crate::Violations> {
                crate::runtime::validate(self)
            }

            /// The request, once [`validate`](Self::validate) has found nothing wrong.
            pub fn build(self) -> Result<Self, crate::Violations> {
                self.validate().map(|()| self)
            }
        }
    });
    let deserialize = object_deserialize(def, model);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::schemars::JsonSchema)]
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
            #validate
        }

        #deserialize
        #request_impl
    }
}

/// The struct's generic parameters, their serde and schemars bounds, and its type arguments:
/// `<M: crate::Model>` for a request type several models share, nothing otherwise.
fn generics_of(model: Option<&ModelParam<'_>>) -> (TokenStream, TokenStream, TokenStream) {
    match model {
        Some(ModelParam::Generic) => (
            quote!(<M: crate::Model>),
            quote! {
                #[serde(bound = "M: crate::Model")]
                #[schemars(bound = "M: crate::Model")]
            },
            quote!(<M>),
        ),
        _ => (quote!(), quote!(), quote!()),
    }
}

/// The type of a request's `model` field; `None` for a type that names no model.
fn model_tag(model: Option<&ModelParam<'_>>) -> Option<TokenStream> {
    match model? {
        ModelParam::Concrete(marker) => {
            let marker = ident(marker);
            Some(quote!(crate::ModelTag<#marker>))
        }
        ModelParam::Generic => Some(quote!(crate::ModelTag<M>)),
    }
}

/// `Deserialize` of a struct, from a JSON object only. serde's derived reader of a struct
/// also takes a JSON array of its fields, which `type: object` refuses; so the derive is
/// made on a private copy of the fields (serde's `remote` form, which builds the struct
/// itself) and reads through `crate::runtime::ObjectOnly`, which hands it objects only.
fn object_deserialize(def: &StructDef, model: Option<&ModelParam<'_>>) -> TokenStream {
    let name = ident(&def.name);
    let remote = &def.name;
    let (generics, _, type_args) = generics_of(model);
    let (impl_generics, bound) = match model {
        Some(ModelParam::Generic) => (
            quote!(<'de, M: crate::Model>),
            quote!(#[serde(bound = "M: crate::Model")]),
        ),
        _ => (quote!(<'de>), quote!()),
    };
    let deny = def
        .deny_unknown_fields
        .then(|| quote!(#[serde(deny_unknown_fields)]));
    let model_field = model_tag(model).map(|tag| quote!(model: #tag,));
    // A request body is read as JSON first, its whole floats made integers (see
    // `crate::runtime::request_body`); the objects inside are read as part of it.
    let read = match model {
        Some(_) => quote! {
            let body = crate::runtime::request_body(deserializer)?;
            // Read from `&Value`, the one reader `visit_request`'s callers already instantiate.
            __Fields::deserialize(crate::runtime::ObjectOnly(&body))
                .map_err(<D::Error as ::serde::de::Error>::custom)
        },
        None => quote!(__Fields::deserialize(crate::runtime::ObjectOnly(
            deserializer
        ))),
    };
    let fields = def.fields.iter().map(|field| {
        let serde = field_serde(field, false);
        let name = ident(&field.rust_name);
        let ty = field_type(field);
        quote!(#serde #name: #ty,)
    });
    let extra = def.extra.as_deref().map(|extra| {
        let name = ident(&extra.rust_name);
        let ty = extra_type(extra);
        quote!(#[serde(flatten)] #name: #ty,)
    });
    quote! {
        impl #impl_generics ::serde::Deserialize<'de> for #name #type_args {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                #[serde(remote = #remote, rename = #remote)]
                #deny
                #bound
                struct __Fields #generics {
                    #model_field
                    #(#fields)*
                    #extra
                }
                #read
            }
        }
    }
}

pub(super) fn field_decl(field: &FieldDef) -> TokenStream {
    let doc = doc_attrs(&docs::field_doc(field));
    let name = ident(&field.rust_name);
    let ty = field_type(field);
    let serde = field_serde(field, true);
    let schema = schema_extensions(&field.checks);
    quote! {
        #doc
        #serde
        #schema
        pub #name: #ty,
    }
}

/// A field's serde attributes: its JSON name, how absence and `null` read, and (with
/// `serializing`, for the struct itself rather than its reader) that an absent value is left
/// out.
fn field_serde(field: &FieldDef, serializing: bool) -> TokenStream {
    let bare = field.rust_name.trim_start_matches("r#");
    let json_name = &field.json_name;
    let rename = (bare != json_name).then(|| quote!(#[serde(rename = #json_name)]));
    let skip = serializing.then(|| quote!(skip_serializing_if = "Option::is_none"));
    let items: Vec<TokenStream> = match (field.required, field.nullable) {
        (true, false) => vec![],
        // Present, but possibly null: a missing key is an error, as the schema says.
        (true, true) => vec![quote!(deserialize_with = "crate::runtime::nullable")],
        // Absent or `null` (`None`), or a value: a response's nullable property.
        (false, true) if !field.three_states() => [Some(quote!(default)), skip]
            .into_iter()
            .flatten()
            .collect(),
        // Absent (`None`) or what is there wrapped in `Some`: a value, or for a nullable
        // property `null` (`Some(None)`); a `null` where none is allowed is an error.
        (false, _) => [
            Some(quote!(default)),
            skip,
            Some(quote!(deserialize_with = "crate::runtime::present")),
        ]
        .into_iter()
        .flatten()
        .collect(),
    };
    let serde = (!items.is_empty()).then(|| quote!(#[serde(#(#items),*)]));
    quote!(#rename #serde)
}

/// The bounds of a field in its derived JSON Schema, as the source schema states them.
pub(super) fn schema_extensions(checks: &Checks) -> TokenStream {
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
pub(super) fn number_literal(value: &serde_json::Number) -> TokenStream {
    if let Some(whole) = value.as_i64() {
        quote!(#whole)
    } else if let Some(whole) = value.as_u64() {
        quote!(#whole)
    } else {
        let float = value.as_f64().unwrap_or_default();
        quote!(#float)
    }
}

/// The flattened map of undeclared properties.
pub(super) fn extra_decl(extra: &ExtraDef) -> TokenStream {
    let name = ident(&extra.rust_name);
    let ty = extra_type(extra);
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
        pub #name: #ty,
    }
}

fn extra_type(extra: &ExtraDef) -> TokenStream {
    let ty = type_tokens(&extra.ty);
    quote!(::std::collections::BTreeMap<String, #ty>)
}

pub(super) fn extra_insert(extra: &ExtraDef) -> TokenStream {
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

pub(super) fn boxed_if(boxed: bool, value: TokenStream) -> TokenStream {
    if boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}

/// What a constructor or setter takes for a value of `ty`: anything that converts, and for
/// arrays anything iterable whose items convert (`["a", "b"]` for a `Vec<String>`).
pub(super) fn accepted(ty: &TypeRef) -> TokenStream {
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
pub(super) fn converted(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Array(_) => quote!(#value.into_iter().map(Into::into).collect()),
        _ => quote!(#value.into()),
    }
}

pub(super) fn setter(field: &FieldDef) -> TokenStream {
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
