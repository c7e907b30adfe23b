//! Rust items for one request type: the struct, its builder methods and the types it refers
//! to.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use self::enums::{literal_enum_items, union_items};
use self::structs::struct_items;
use crate::emit::docs;
use crate::ir::{FieldDef, IntType, RequestDef, TypeDef, TypeRef};
mod enums;
mod structs;

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
    let body = struct_items(&def.body, model, doc);
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
            struct_items(s, None, &doc)
        }
        TypeDef::LiteralEnum(e) => literal_enum_items(e),
        TypeDef::Union(u) => union_items(u),
    });
    quote! { #reuse #body #(#types)* }
}

pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = r".."]` per line, so prettyplease prints them as `///` comments.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = doc_safe(line);
        if line.is_empty() {
            raw_string(&line)
        } else {
            raw_string(&format!(" {line}"))
        }
    });
    quote! { #(#[doc = #lines])* }
}

/// `text` as a raw string literal (`r"text"`, `r#"te"xt"#`): syn and prettyplease read a doc
/// back as its text, and a raw literal is that text, not escaped here nor unescaped there.
/// `text` has no carriage return (see [`doc_safe`]), the one character a raw string cannot hold.
fn raw_string(text: &str) -> Literal {
    let mut longest = 0;
    for (at, _) in text.match_indices('"') {
        let run = text[at + 1..].len() - text[at + 1..].trim_start_matches('#').len();
        longest = longest.max(run);
    }
    let hashes = "#".repeat(longest + usize::from(longest > 0 || text.contains('"')));
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
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

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn text(tokens: TokenStream) -> String {
        tokens.to_string()
    }

    #[test]
    fn an_unbounded_integer_is_the_runtimes_wide_integer() {
        assert_eq!(
            text(type_tokens(&TypeRef::Integer(IntType::I128))),
            "crate :: WideInteger"
        );
        assert_eq!(text(type_tokens(&TypeRef::Integer(IntType::U8))), "u8");
    }

    #[test]
    fn containers_nest_their_types() {
        let ty = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::Optional(
            Box::new(TypeRef::Named("Part".into())),
        )))));
        assert_eq!(
            text(type_tokens(&ty)),
            ":: std :: collections :: BTreeMap < String , Vec < Option < Part > > >"
        );
    }

    #[test]
    fn a_keyword_field_name_is_a_raw_identifier() {
        assert_eq!(ident("r#type").to_string(), "r#type");
    }

    #[test]
    fn control_characters_in_doc_lines_are_escaped() {
        assert_eq!(doc_safe("a\rb"), "a\\rb");
        assert_eq!(doc_safe("plain"), "plain");
    }

    #[test]
    fn doc_attributes_keep_blank_lines_blank() {
        assert_eq!(
            text(doc_attrs("First.\n\nSecond.")),
            "# [doc = r\" First.\"] # [doc = r\"\"] # [doc = r\" Second.\"]"
        );
    }

    #[test]
    fn a_doc_line_reads_back_as_its_text_whatever_quotes_and_hashes_it_holds() {
        for line in [
            "",
            " plain",
            r#" a "quote""#,
            r##" "# closes r#"..."#"##,
            r###" "## and "# and # alone"###,
            " back\\slash and \\n",
            " ünïcödé 🦀",
        ] {
            let raw = raw_string(line);
            assert!(raw.to_string().starts_with('r'), "{raw}");
            let literal: syn::LitStr = syn::parse2(raw.into_token_stream()).expect("a literal");
            assert_eq!(literal.value(), line);
        }
    }
}
