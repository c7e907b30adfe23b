//! Literal enums (one variant per value, serialized back to it) and unions (tagged by
//! serde, untagged through `crate::runtime::deserialize_untagged`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::structs::boxed_if;
use super::{doc_attrs, ident, type_tokens};
use crate::canonical::compact;
use crate::emit::docs;
use crate::ir::{Literal, LiteralEnumDef, TypeRef, UnionDef};

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
/// deserializes into and that gives the same JSON back (see
/// `crate::runtime::deserialize_untagged`).
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

pub(super) fn union_items(def: &UnionDef) -> TokenStream {
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
    }
}
