//! Literal enums (one variant per value, serialized back to it) and unions (tagged by
//! serde, untagged through `crate::runtime::deserialize_untagged`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::checks::{contained_rule_checks, map_checks, rule_checks, rules_of};
use super::structs::boxed_if;
use super::{doc_attrs, ident, type_tokens};
use crate::canonical::compact;
use crate::emit::docs;
use crate::ir::{Literal, LiteralEnumDef, TypeDef, TypeRef, UnionDef};

pub(super) fn literal_enum_items(def: &LiteralEnumDef) -> TokenStream {
    let name = ident(def.known_name.as_deref().unwrap_or(&def.name));
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
        .map(|v| format!(" `{}`", compact(&v.value.to_json())));
    let literals = def.variants.iter().map(|v| match &v.value {
        Literal::Str(s) => quote!(crate::runtime::Literal::Str(#s)),
        Literal::Int(i) => quote!(crate::runtime::Literal::Int(#i)),
        Literal::Float(f) => quote!(crate::runtime::Literal::Float(#f)),
        Literal::Bool(b) => quote!(crate::runtime::Literal::Bool(#b)),
    });
    // A response's enum: the listed values, and any other as sent.
    let open = def.known_name.as_ref().map(|_| {
        let alias = ident(&def.name);
        let alias_doc = format!(
            " `{}`, or a value the schema does not list, kept as the hub sent it.",
            def.known_name.as_deref().unwrap_or_default()
        );
        quote! {
            #[doc = #alias_doc]
            pub type #alias = crate::runtime::Open<#name>;
        }
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

        #open
    }
}

/// `Deserialize` of an untagged union: the first variant, in order, that the value
/// deserializes into and that passes `validate()` (see `crate::runtime::deserialize_untagged`).
pub(super) fn untagged_deserialize(def: &UnionDef) -> TokenStream {
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

pub(super) fn union_items(def: &UnionDef, types: &[TypeDef]) -> TokenStream {
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
