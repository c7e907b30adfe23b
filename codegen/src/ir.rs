//! The typed intermediate model: what one schema becomes before any Rust is written.
//!
//! Names here are already final Rust identifiers; JSON names are kept beside them for serde.

use serde_json::{Number, Value};

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
    /// Whether any of its types has [`SchemaRules`] (the reference page then lists them).
    pub fn has_schema_rules(&self) -> bool {
        self.has_schema_rules_beside(&[])
    }

    /// Whether the body or a type other than the `shared` ones (re-exported from a shared
    /// body's module, whose own rules read that body's schema) has rules.
    pub fn has_schema_rules_beside(&self, shared: &[TypeDef]) -> bool {
        let own = || self.types.iter().filter(|t| !shared.contains(t));
        let structs = std::iter::once(&self.body).chain(own().filter_map(|t| match t {
            TypeDef::Struct(s) => Some(s),
            _ => None,
        }));
        let unions = own().filter_map(|t| match t {
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
    /// The builder method adding one entry: the map's own name, e.g. `extra("key", value)`.
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
    /// The builder method sending `null` (`null_<field>`), for optional nullable ones: they have
    /// three states (absent, `null`, a value), as an `Option<Option<T>>`.
    pub null_name: Option<String>,
}

impl FieldDef {
    /// Absent, `null` and a value are three states: `Option<Option<T>>` (set on the optional
    /// nullable properties of requests; a response's are one `Option`).
    pub fn three_states(&self) -> bool {
        self.null_name.is_some()
    }
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
    /// The overlay that added or changed the property (`x-overlay`), by name.
    pub overlay: Option<String>,
}

/// The Rust type of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Integer(IntType),
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
    /// The generated type a value of this type is, itself or as an `Option`: the type it holds
    /// without a `Vec` or map in between.
    pub fn direct_name(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Optional(inner) => match inner.as_ref() {
                TypeRef::Named(name) => Some(name),
                _ => None,
            },
            _ => None,
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
    /// The name values of this enum are referred to by.
    pub name: String,
    /// For a response's enum, which keeps values it does not list: the name of the enum of
    /// the listed values, `name` being `crate::runtime::Open<known_name>`.
    pub known_name: Option<String>,
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

impl Literal {
    /// The value as JSON.
    pub fn to_json(&self) -> Value {
        match self {
            Literal::Str(s) => Value::from(s.as_str()),
            Literal::Int(i) => Value::from(*i),
            Literal::Float(f) => Value::from(*f),
            Literal::Bool(b) => Value::from(*b),
        }
    }

    /// The JSON type of the value: `string`, `integer`, `number` or `boolean`.
    pub fn json_type(&self) -> &'static str {
        match self {
            Literal::Str(_) => "string",
            Literal::Int(_) => "integer",
            Literal::Float(_) => "number",
            Literal::Bool(_) => "boolean",
        }
    }
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

/// The Rust integer holding an `integer`: the one its `format` names (OpenAPI `int32`,
/// `uint64`, ...), else `i64` when its bounds fit it, `u64` when they fit that, and otherwise
/// (unbounded included) the runtime's `WideInteger` (an `i128` that also deserializes inside
/// flattened structs, which serde's `i128` does not), so that every integer the schema
/// accepts keeps its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntType {
    I8,
    I16,
    I32,
    I64,
    I128,
    U8,
    U16,
    U32,
    U64,
}

impl IntType {
    /// The type a `format` names (`int8` … `int64`, `uint8` … `uint64`).
    pub fn from_format(format: &str) -> Option<Self> {
        Some(match format {
            "int8" => IntType::I8,
            "int16" => IntType::I16,
            "int32" => IntType::I32,
            "int64" => IntType::I64,
            "uint8" => IntType::U8,
            "uint16" => IntType::U16,
            "uint32" => IntType::U32,
            "uint64" => IntType::U64,
            _ => return None,
        })
    }

    /// The narrowest of `i64`, `u64` and `i128` holding every integer in `[minimum, maximum]`
    /// (`None`: unbounded on that side).
    pub fn for_bounds(minimum: Option<i128>, maximum: Option<i128>) -> Self {
        let fits = |t: IntType| {
            let (low, high) = t.range();
            minimum.is_some_and(|m| m >= low) && maximum.is_some_and(|m| m <= high)
        };
        [IntType::I64, IntType::U64]
            .into_iter()
            .find(|t| fits(*t))
            .unwrap_or(IntType::I128)
    }

    /// The smallest and largest value.
    pub fn range(self) -> (i128, i128) {
        match self {
            IntType::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntType::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntType::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntType::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntType::I128 => (i128::MIN, i128::MAX),
            IntType::U8 => (0, u8::MAX.into()),
            IntType::U16 => (0, u16::MAX.into()),
            IntType::U32 => (0, u32::MAX.into()),
            IntType::U64 => (0, u64::MAX.into()),
        }
    }

    /// The Rust type's name.
    pub fn as_str(self) -> &'static str {
        match self {
            IntType::I8 => "i8",
            IntType::I16 => "i16",
            IntType::I32 => "i32",
            IntType::I64 => "i64",
            IntType::I128 => "WideInteger",
            IntType::U8 => "u8",
            IntType::U16 => "u16",
            IntType::U32 => "u32",
            IntType::U64 => "u64",
        }
    }

    /// Whether an unsuffixed literal (an `i32` by default) converts into it with `Into`, so a
    /// setter may take `impl Into<_>`; other integers are taken as they are.
    pub fn takes_literals(self) -> bool {
        matches!(self, IntType::I32 | IntType::I64 | IntType::I128)
    }
}

/// Value constraints that the type system cannot express, checked by `validate()`. Bounds
/// are kept as the schema wrote them (an integer stays an integer), so that they are checked
/// exactly.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    pub minimum: Option<Number>,
    pub maximum: Option<Number>,
    pub exclusive_minimum: Option<Number>,
    pub exclusive_maximum: Option<Number>,
    pub multiple_of: Option<Number>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    /// Any `format`: `validate()` checks it with the schema validator's own format check, so
    /// it checks exactly the formats `validate_payload` checks.
    pub format: Option<String>,
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
/// `dependentRequired`, ...): the documentation states them as rules the schema validator
/// checks (it checks every keyword: `validate()` is its verdict on the request's JSON).
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
