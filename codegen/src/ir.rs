//! The typed intermediate model: what one schema becomes before any Rust is written.
//!
//! Names here are already final Rust identifiers; JSON names are kept beside them for serde.

use serde_json::Value;

/// One request type: a model's own schema, or an endpoint body shared by several models.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestDef {
    /// The request struct, e.g. `Flux2ProRequest` or `ChatCompletionsRequest`.
    pub name: String,
    pub body: StructDef,
    /// Types the request refers to (nested structs, enums, unions), in a stable order.
    pub types: Vec<TypeDef>,
}

impl RequestDef {
    /// Whether any of its types has [`SchemaRules`] (its emitted checks then need the
    /// embedded schema).
    pub fn has_schema_rules(&self) -> bool {
        let structs =
            std::iter::once(&self.body).chain(self.types.iter().filter_map(|t| match t {
                TypeDef::Struct(s) => Some(s),
                _ => None,
            }));
        let unions = self.types.iter().filter_map(|t| match t {
            TypeDef::Union(u) => Some(u),
            _ => None,
        });
        structs.into_iter().any(|s| {
            !s.schema_rules.is_empty()
                || s.fields.iter().any(|f| f.checks.has_schema_rules())
                || s.extra
                    .as_ref()
                    .is_some_and(|e| e.checks.has_schema_rules())
        }) || unions
            .into_iter()
            .any(|u| u.variants.iter().any(|v| v.checks.has_schema_rules()))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    pub name: String,
    pub description: Option<String>,
    pub fields: Vec<FieldDef>,
    /// `additionalProperties: false`: unknown fields are an error when deserializing.
    pub deny_unknown_fields: bool,
    /// Properties beyond the declared ones (`additionalProperties` with a schema,
    /// `patternProperties`): a flattened map.
    pub extra: Option<Box<ExtraDef>>,
    /// Rules of the object that no Rust type states, checked by the schema validator.
    pub schema_rules: Vec<SchemaRules>,
}

/// The flattened map of a struct's undeclared properties, typed by their schema.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraDef {
    /// The map field, e.g. `extra`.
    pub rust_name: String,
    /// The builder method adding one entry, e.g. `insert_extra`.
    pub insert_name: String,
    /// The type of every value.
    pub ty: TypeRef,
    /// Checks of the values (`values`) and of the keys (`key_patterns`).
    pub checks: Checks,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    pub json_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    /// `null` is an accepted value (the field is an `Option` even when required).
    pub nullable: bool,
    pub docs: FieldDocs,
    pub checks: Checks,
    /// Held in a `Box`: the field's type contains the struct itself.
    pub boxed: bool,
    /// The builder method unsetting the field (`clear_<field>`), for optional or nullable ones.
    pub clear_name: Option<String>,
}

/// What the rustdoc (and the Markdown reference) says about a field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldDocs {
    pub description: Option<String>,
    pub default: Option<Value>,
    /// Why the hub's `default` does not satisfy its own schema: shown, never used.
    pub default_invalid: Option<String>,
    pub examples: Vec<Value>,
    /// Listed in the hub's `basic`: shown by default on the hub's page.
    pub basic: bool,
    /// The hub's display position.
    pub order: Option<i64>,
}

/// The Rust type of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Integer,
    Number,
    Boolean,
    /// Any JSON value (the empty schema, or one with no type the generator can narrow).
    Json,
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    Array(Box<TypeRef>),
    /// A generated type of the same module, by name.
    Named(String),
    /// A value that may also be `null` (array items, map values).
    Optional(Box<TypeRef>),
}

impl TypeRef {
    /// Whether values of this type are generated structs that validate themselves.
    pub fn has_nested_checks(&self, types: &[TypeDef]) -> bool {
        self.nested_checks(types, &mut Vec::new())
    }

    /// `seen`: unions already asked about, so that recursive unions end.
    fn nested_checks<'t>(&'t self, types: &'t [TypeDef], seen: &mut Vec<&'t str>) -> bool {
        match self {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Optional(inner) => {
                inner.nested_checks(types, seen)
            }
            TypeRef::Named(name) => types.iter().any(|t| match t {
                TypeDef::Struct(s) => &s.name == name,
                TypeDef::Union(u) if &u.name == name => {
                    if seen.contains(&name.as_str()) {
                        return false;
                    }
                    seen.push(name);
                    u.variants.iter().any(|v| v.ty.nested_checks(types, seen))
                }
                _ => false,
            }),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    Struct(StructDef),
    LiteralEnum(LiteralEnumDef),
    Union(UnionDef),
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::LiteralEnum(e) => &e.name,
            TypeDef::Union(u) => &u.name,
        }
    }
}

/// An `enum` of JSON literals: strings, numbers, booleans, possibly mixed.
#[derive(Debug, Clone, PartialEq)]
pub struct LiteralEnumDef {
    pub name: String,
    pub description: Option<String>,
    pub variants: Vec<LiteralVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LiteralVariant {
    pub name: String,
    pub value: Literal,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// A value of one of several shapes: told apart by its JSON type (`type: [..]`, `oneOf`,
/// `anyOf`), or by a discriminating property when every shape is an object with its own
/// constant value of that property (`tag`).
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    pub name: String,
    pub description: Option<String>,
    pub variants: Vec<UnionVariant>,
    /// The discriminating property (`#[serde(tag = "..")]`); each variant has its `tag_value`.
    pub tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Held in a `Box`: the variant's type contains the union itself.
    pub boxed: bool,
    /// The value of the union's `tag` property that selects this variant.
    pub tag_value: Option<String>,
    /// The checks of the alternative this variant comes from (`anyOf: [{maxLength: 3}, ..]`).
    pub checks: Checks,
}

/// Value constraints that the type system cannot express, checked by `validate()`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub format: Option<Format>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    /// Checks on every item of an array.
    pub items: Option<Box<Checks>>,
    /// Checks on every value of a map.
    pub values: Option<Box<Checks>>,
    /// Every key of a map must match one of these (`patternProperties` with
    /// `additionalProperties: false`).
    pub key_patterns: Vec<String>,
    /// Rules that no Rust type states, checked by the schema validator.
    pub schema_rules: Vec<SchemaRules>,
}

/// Keywords of one subschema that have no Rust shape (`not`, `if`/`then`/`else`,
/// `dependentRequired`, ...): `validate()` enforces them with the JSON Schema validator behind
/// `validate_payload`, against the model's embedded schema.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaRules {
    /// The subschema holding the keywords, as a JSON pointer into the normalized schema.
    pub pointer: String,
    /// The keywords and their values, in schema order. Empty: the whole subschema is enforced
    /// this way (the value's type is then plain JSON).
    pub keywords: Vec<(String, Value)>,
}

impl Checks {
    pub fn is_empty(&self) -> bool {
        self == &Checks::default()
    }

    /// Whether these checks, or those of the items or values inside, have [`SchemaRules`].
    pub fn has_schema_rules(&self) -> bool {
        !self.schema_rules.is_empty()
            || self.items.as_ref().is_some_and(|c| c.has_schema_rules())
            || self.values.as_ref().is_some_and(|c| c.has_schema_rules())
    }
}

/// `format` values that `validate()` checks; others are documented only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Uri,
    DateTime,
    Email,
    Uuid,
}

impl Format {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "uri" => Some(Format::Uri),
            "date-time" => Some(Format::DateTime),
            "email" => Some(Format::Email),
            "uuid" => Some(Format::Uuid),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Uri => "uri",
            Format::DateTime => "date-time",
            Format::Email => "email",
            Format::Uuid => "uuid",
        }
    }
}
