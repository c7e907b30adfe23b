//! Every keyword the generator knows, by role and by where its subschemas are: JSON Schema
//! draft 2020-12 (core, applicator, unevaluated, validation, format, meta-data and content
//! vocabularies), the draft-4 spellings the hub still uses, OpenAPI 3.0's schema object
//! keywords and the hub's own display hints.

/// What a keyword does to the schema it stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Describes the schema without changing what it accepts: meta-data (`title`,
    /// `default`, ...), content, identifiers (`$id`, `$anchor`), `$comment`, and OpenAPI's
    /// documentation keywords (`example`, `discriminator`, `xml`, `externalDocs`).
    Annotation,
    /// Holds schemas that apply only where a `$ref` names them (`$defs`, draft-4
    /// `definitions`); accepts anything by itself.
    Definitions,
    /// Applies subschemas to the value or its parts (`properties`, `allOf`, `$ref`, ...).
    Applicator,
    /// Constrains the value itself (`type`, `minimum`, `required`, `format`, OpenAPI's
    /// `nullable`, ...).
    Validation,
    /// The hub's display hints (`basic`, `x-order`) and every `x-` vendor extension:
    /// validators ignore them.
    HubExtension,
}

/// Where the subschemas of a keyword are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Its value is not a schema (`type`, `enum`, `default`, ...).
    Nothing,
    /// Its value is one schema (`not`, `additionalProperties`, ...).
    Schema,
    /// Its value is an array of schemas (`allOf`, `prefixItems`, ...).
    Schemas,
    /// Its value is an object whose member values are schemas (`properties`, `$defs`, ...).
    SchemaMap,
    /// `items`: one schema, or (draft 4) an array of them.
    SchemaOrSchemas,
}

struct Keyword {
    name: &'static str,
    role: Role,
    holds: Holds,
}

const fn keyword(name: &'static str, role: Role, holds: Holds) -> Keyword {
    Keyword { name, role, holds }
}

use Holds::{Nothing, Schema, SchemaMap, SchemaOrSchemas, Schemas};
use Role::{Annotation, Applicator, Definitions, HubExtension, Validation};

/// The table. Keywords starting with `x-` are [`Role::HubExtension`] without being listed.
const KEYWORDS: &[Keyword] = &[
    // Core vocabulary.
    keyword("$schema", Annotation, Nothing),
    keyword("$id", Annotation, Nothing),
    keyword("$anchor", Annotation, Nothing),
    keyword("$dynamicAnchor", Annotation, Nothing),
    keyword("$vocabulary", Annotation, Nothing),
    keyword("$comment", Annotation, Nothing),
    keyword("$ref", Applicator, Nothing),
    keyword("$dynamicRef", Applicator, Nothing),
    keyword("$defs", Definitions, SchemaMap),
    keyword("definitions", Definitions, SchemaMap),
    // Applicator and unevaluated vocabularies (`additionalItems`: draft 4 to 2019-09).
    keyword("allOf", Applicator, Schemas),
    keyword("anyOf", Applicator, Schemas),
    keyword("oneOf", Applicator, Schemas),
    keyword("not", Applicator, Schema),
    keyword("if", Applicator, Schema),
    keyword("then", Applicator, Schema),
    keyword("else", Applicator, Schema),
    keyword("dependentSchemas", Applicator, SchemaMap),
    keyword("prefixItems", Applicator, Schemas),
    keyword("items", Applicator, SchemaOrSchemas),
    keyword("additionalItems", Applicator, Schema),
    keyword("contains", Applicator, Schema),
    keyword("properties", Applicator, SchemaMap),
    keyword("patternProperties", Applicator, SchemaMap),
    keyword("additionalProperties", Applicator, Schema),
    keyword("propertyNames", Applicator, Schema),
    keyword("unevaluatedItems", Applicator, Schema),
    keyword("unevaluatedProperties", Applicator, Schema),
    // Validation and format vocabularies, and OpenAPI's `nullable`.
    keyword("type", Validation, Nothing),
    keyword("enum", Validation, Nothing),
    keyword("const", Validation, Nothing),
    keyword("multipleOf", Validation, Nothing),
    keyword("maximum", Validation, Nothing),
    keyword("exclusiveMaximum", Validation, Nothing),
    keyword("minimum", Validation, Nothing),
    keyword("exclusiveMinimum", Validation, Nothing),
    keyword("maxLength", Validation, Nothing),
    keyword("minLength", Validation, Nothing),
    keyword("pattern", Validation, Nothing),
    keyword("maxItems", Validation, Nothing),
    keyword("minItems", Validation, Nothing),
    keyword("uniqueItems", Validation, Nothing),
    keyword("maxContains", Validation, Nothing),
    keyword("minContains", Validation, Nothing),
    keyword("maxProperties", Validation, Nothing),
    keyword("minProperties", Validation, Nothing),
    keyword("required", Validation, Nothing),
    keyword("dependentRequired", Validation, Nothing),
    keyword("format", Validation, Nothing),
    keyword("nullable", Validation, Nothing),
    // Meta-data and content vocabularies (`contentSchema` describes decoded content only).
    keyword("title", Annotation, Nothing),
    keyword("description", Annotation, Nothing),
    keyword("default", Annotation, Nothing),
    keyword("examples", Annotation, Nothing),
    keyword("deprecated", Annotation, Nothing),
    keyword("readOnly", Annotation, Nothing),
    keyword("writeOnly", Annotation, Nothing),
    keyword("contentMediaType", Annotation, Nothing),
    keyword("contentEncoding", Annotation, Nothing),
    keyword("contentSchema", Annotation, Schema),
    // OpenAPI 3.0 documentation keywords.
    keyword("example", Annotation, Nothing),
    keyword("discriminator", Annotation, Nothing),
    keyword("xml", Annotation, Nothing),
    keyword("externalDocs", Annotation, Nothing),
    // The hub: which properties its forms show first.
    keyword("basic", HubExtension, Nothing),
];

fn find(name: &str) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.name == name)
}

/// The role of `keyword`; `None` for one the table does not know (validators ignore those).
pub fn role(keyword: &str) -> Option<Role> {
    if keyword.starts_with("x-") {
        return Some(HubExtension);
    }
    find(keyword).map(|k| k.role)
}

/// Every keyword of the table with `role`, in table order (`x-` extensions are not listed).
pub fn with_role(role: Role) -> impl Iterator<Item = &'static str> {
    KEYWORDS
        .iter()
        .filter(move |k| k.role == role)
        .map(|k| k.name)
}

/// Where the subschemas of `keyword` are ([`Holds::Nothing`] for an unknown keyword: its
/// value is not read as a schema).
pub fn holds(keyword: &str) -> Holds {
    find(keyword).map_or(Nothing, |k| k.holds)
}

/// Whether `keyword` leaves what a schema accepts as it is: an annotation, a hub extension,
/// or definitions. Merging two schemas keeps one side's value of such a keyword; a `$ref`
/// beside only these is the referenced schema.
pub fn accepts_anything(keyword: &str) -> bool {
    matches!(role(keyword), Some(Annotation | Definitions | HubExtension))
}

/// Whether the meaning of `keyword` depends on the properties or items declared beside it
/// in the same schema object (so it cannot move into another schema without them).
pub fn reads_siblings(keyword: &str) -> bool {
    SIBLING_READERS.contains(&keyword)
}

/// Whether `keyword` declares the properties or items that [`reads_siblings`] keywords read.
pub fn declares_for_siblings(keyword: &str) -> bool {
    SIBLING_SOURCES.contains(&keyword)
}

const SIBLING_READERS: &[&str] = &[
    "additionalProperties",
    "unevaluatedProperties",
    "additionalItems",
    "unevaluatedItems",
];
const SIBLING_SOURCES: &[&str] = &["properties", "patternProperties", "items", "prefixItems"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_is_listed_once() {
        for (i, keyword) in KEYWORDS.iter().enumerate() {
            assert!(
                KEYWORDS[i + 1..].iter().all(|k| k.name != keyword.name),
                "{} twice",
                keyword.name
            );
        }
    }

    #[test]
    fn vendor_extensions_are_hub_extensions() {
        assert_eq!(role("x-order"), Some(Role::HubExtension));
        assert_eq!(role("x-anything"), Some(Role::HubExtension));
    }

    #[test]
    fn openapi_documentation_keywords_are_annotations() {
        for keyword in ["example", "discriminator", "xml", "externalDocs"] {
            assert_eq!(role(keyword), Some(Role::Annotation), "{keyword}");
        }
    }

    #[test]
    fn the_definitions_are_defs_and_draft_4_definitions() {
        assert_eq!(
            with_role(Role::Definitions).collect::<Vec<_>>(),
            ["$defs", "definitions"]
        );
    }

    #[test]
    fn definitions_accept_anything_but_are_not_annotations() {
        assert_eq!(role("$defs"), Some(Role::Definitions));
        assert!(accepts_anything("$defs") && accepts_anything("definitions"));
    }

    #[test]
    fn validation_and_applicator_keywords_constrain() {
        for keyword in ["type", "nullable", "required", "$ref", "allOf", "not"] {
            assert!(!accepts_anything(keyword), "{keyword}");
        }
    }

    #[test]
    fn an_unknown_keyword_has_no_role_and_holds_no_schema() {
        assert_eq!(role("dependencies"), None);
        assert_eq!(holds("dependencies"), Holds::Nothing);
    }

    #[test]
    fn items_holds_a_schema_or_a_draft_4_tuple() {
        assert_eq!(holds("items"), Holds::SchemaOrSchemas);
        assert_eq!(holds("prefixItems"), Holds::Schemas);
    }

    #[test]
    fn additional_properties_reads_the_properties_beside_it() {
        assert!(reads_siblings("additionalProperties"));
        assert!(declares_for_siblings("properties"));
        assert!(!reads_siblings("properties"));
    }
}
