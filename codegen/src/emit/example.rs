//! Example requests, built from the intermediate model: one value tree, written out both as
//! the JSON a client sends and as the Rust builder code that produces it.

use serde_json::{Map, Value, json};

use crate::emit::docs;
use crate::emit::rust::type_tokens;
use crate::ir::{Checks, FieldDef, IntType, RequestDef, StructDef, TypeDef, TypeRef};

/// How much of a request an example sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleSize {
    /// Only the required properties.
    Minimal,
    /// Required, plus the ones the hub shows by default (`basic`).
    Basic,
    /// Required, basic, plus every property that has a default.
    Full,
}

impl ExampleSize {
    pub const ALL: [ExampleSize; 3] = [ExampleSize::Minimal, ExampleSize::Basic, ExampleSize::Full];

    pub fn title(self) -> &'static str {
        match self {
            ExampleSize::Minimal => "Minimal: required properties only",
            ExampleSize::Basic => "Basic: plus the properties the hub shows by default",
            ExampleSize::Full => "Full: plus every property with a default",
        }
    }

    fn includes(self, field: &FieldDef) -> bool {
        field.required
            || match self {
                ExampleSize::Minimal => false,
                ExampleSize::Basic => field.docs.basic,
                ExampleSize::Full => field.docs.basic || usable_default(field).is_some(),
            }
    }
}

/// The hub's default of a field, unless it breaks its own schema.
fn usable_default(field: &FieldDef) -> Option<&Value> {
    field
        .docs
        .default
        .as_ref()
        .filter(|_| field.docs.default_invalid.is_none())
}

/// Why the example payload `example` of the model `id` breaks its schema (`schema`, the
/// normalized one), if it does. Examples are built from the types; a rule only the schema
/// validator checks (see [`crate::ir::SchemaRules`]) may still reject one.
pub fn example_violation(schema: &Value, id: &str, example: &Value) -> Option<String> {
    let mut schema = schema.clone();
    if let Value::Object(root) = &mut schema
        && let Value::Object(properties) = root.entry("properties").or_insert_with(|| json!({}))
    {
        properties.insert("model".to_owned(), json!({ "const": id }));
    }
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .ok()?;
    let error = validator.iter_errors(example).next()?;
    let at = error.instance_path().as_str().to_owned();
    Some(format!(
        "{}: {error}",
        if at.is_empty() { "/" } else { &at }
    ))
}

/// One example value with the Rust expression that builds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub json: Value,
    pub rust: String,
    /// The order of the top-level keys when `json` is an object: the schema's, not sorted.
    pub keys: Vec<String>,
}

impl Example {
    fn new(json: Value, rust: String) -> Self {
        Self {
            json,
            rust,
            keys: Vec::new(),
        }
    }

    /// Pretty JSON with the top-level keys in schema order (`model` first).
    pub fn pretty_json(&self) -> String {
        let Value::Object(map) = &self.json else {
            return serde_json::to_string_pretty(&self.json).unwrap_or_default();
        };
        let fields: Vec<String> = self
            .keys
            .iter()
            .filter_map(|key| {
                let value = serde_json::to_string_pretty(map.get(key)?)
                    .ok()?
                    .replace('\n', "\n  ");
                Some(format!("  {}: {value}", Value::from(key.as_str())))
            })
            .collect();
        if fields.is_empty() {
            "{}".to_owned()
        } else {
            format!("{{\n{}\n}}", fields.join(",\n"))
        }
    }
}

/// An example request of `size`: the JSON body (with `model`) and a Rust expression building
/// it with `request_type::new(..)` and setters.
pub fn request_example(
    def: &RequestDef,
    request_type: &str,
    model_id: &str,
    size: ExampleSize,
) -> Example {
    let builder = Builder {
        types: &def.types,
        depth: std::cell::Cell::new(0),
    };
    let mut example = builder.structure(&def.body, request_type, size);
    if let Value::Object(map) = &mut example.json {
        map.insert("model".to_owned(), json!(model_id));
        example.keys.insert(0, "model".to_owned());
    }
    example
}

struct Builder<'a> {
    types: &'a [TypeDef],
    /// How many nested structs deep the example is: recursive types stop at empty arrays and
    /// non-recursive union variants (lowering refuses types with no finite value).
    depth: std::cell::Cell<usize>,
}

/// Nesting from which arrays are left empty where allowed and unions prefer a variant that
/// is not a struct or union.
const SHALLOW: usize = 3;
/// Nesting at which an example gives up (only reachable for types no finite value has).
const GIVE_UP: usize = 48;

impl Builder<'_> {
    fn structure(&self, def: &StructDef, type_path: &str, size: ExampleSize) -> Example {
        let mut json = Map::new();
        let mut keys = Vec::new();
        let mut arguments = Vec::new();
        let mut setters = String::new();
        for field in def.fields.iter().filter(|f| size.includes(f)) {
            let value = self.field_value(field);
            json.insert(field.json_name.clone(), value.json.clone());
            keys.push(field.json_name.clone());
            if field.required {
                arguments.push(if field.nullable {
                    format!("Some({})", value.rust)
                } else {
                    value.rust
                });
            } else {
                setters.push_str(&format!("\n    .{}({})", field.rust_name, value.rust));
            }
        }
        Example {
            json: Value::Object(json),
            rust: format!("{type_path}::new({}){setters}", arguments.join(", ")),
            keys,
        }
    }

    /// The property's default or first example when it has one, else a value its checks accept.
    fn field_value(&self, field: &FieldDef) -> Example {
        let known = usable_default(field)
            .into_iter()
            .chain(&field.docs.examples);
        known
            .filter_map(|value| self.known_value(&field.ty, value))
            .next()
            .unwrap_or_else(|| self.placeholder(&field.ty, &field.checks, &field.json_name))
    }

    /// A Rust expression for a known JSON value of type `ty`, if the value fits the type.
    fn known_value(&self, ty: &TypeRef, value: &Value) -> Option<Example> {
        let rust = match (ty, value) {
            (TypeRef::String, Value::String(s)) => rust_string(s),
            (TypeRef::Integer(int), Value::Number(n)) if !n.is_f64() => int_literal(*int, n),
            // Serialized from an f64: `2` goes out as `2.0`, so the example shows it that way.
            (TypeRef::Number, Value::Number(n)) => {
                let value = n.as_f64()?;
                return Some(Example::new(json!(value), rust_float(value)));
            }
            (TypeRef::Boolean, Value::Bool(b)) => b.to_string(),
            (TypeRef::Named(name), _) => match self.named(name)? {
                TypeDef::LiteralEnum(e) => {
                    let variant = e.variants.iter().find(|v| v.value.to_json() == *value)?;
                    format!("{}::{}", e.name, variant.name)
                }
                _ => return None,
            },
            (TypeRef::Array(item_type), Value::Array(values)) => {
                let items: Option<Vec<Example>> = values
                    .iter()
                    .map(|v| self.known_value(item_type, v))
                    .collect();
                let items = items?;
                let json = Value::Array(items.iter().map(|e| e.json.clone()).collect());
                return Some(Example::new(json, array_expression(item_type, &items)));
            }
            _ => return None,
        };
        Some(Example::new(value.clone(), rust))
    }

    fn placeholder(&self, ty: &TypeRef, checks: &Checks, name: &str) -> Example {
        match ty {
            TypeRef::String => {
                let text = match checks.format.as_deref() {
                    Some(format) => format_example(format, name),
                    None => format!("<{name}>"),
                };
                Example::new(json!(text), rust_string(&text))
            }
            TypeRef::Integer(int) => {
                let value = number_in_range(checks).round() as i64;
                Example::new(json!(value), int_literal(*int, &value.into()))
            }
            TypeRef::Number => {
                let value = number_in_range(checks);
                Example::new(json!(value), rust_float(value))
            }
            TypeRef::Boolean => Example::new(json!(true), "true".to_owned()),
            TypeRef::Json => Example::new(json!({}), "serde_json::json!({})".to_owned()),
            TypeRef::Map(_) => {
                Example::new(json!({}), "std::collections::BTreeMap::new()".to_owned())
            }
            TypeRef::Optional(inner) => self.placeholder(inner, checks, name),
            TypeRef::Array(item_type) => {
                let item_checks = checks.items.as_deref().cloned().unwrap_or_default();
                let item = self.placeholder(item_type, &item_checks, name);
                let count = if self.depth.get() >= SHALLOW {
                    checks.min_items.unwrap_or(0) as usize
                } else {
                    checks.min_items.unwrap_or(1).max(1) as usize
                };
                let items = vec![item; count];
                let json = Value::Array(items.iter().map(|e| e.json.clone()).collect());
                Example::new(json, array_expression(item_type, &items))
            }
            TypeRef::Named(type_name) => match self.named(type_name) {
                Some(TypeDef::LiteralEnum(e)) => {
                    let first = &e.variants[0];
                    Example::new(first.value.to_json(), format!("{}::{}", e.name, first.name))
                }
                // Nested objects carry only their required properties, whatever the size.
                Some(_) if self.depth.get() >= GIVE_UP => {
                    Example::new(json!({}), "Default::default()".to_owned())
                }
                Some(TypeDef::Struct(s)) => {
                    self.depth.set(self.depth.get() + 1);
                    let example = self.structure(s, &s.name, ExampleSize::Minimal);
                    self.depth.set(self.depth.get() - 1);
                    example
                }
                Some(TypeDef::Union(u)) => {
                    let leaf = || {
                        u.variants
                            .iter()
                            .find(|v| !matches!(v.ty, TypeRef::Named(_)))
                    };
                    let first = match leaf() {
                        Some(leaf) if self.depth.get() >= SHALLOW => leaf,
                        _ => &u.variants[0],
                    };
                    self.depth.set(self.depth.get() + 1);
                    let mut inner = self.placeholder(&first.ty, checks, name);
                    self.depth.set(self.depth.get() - 1);
                    let value = owned(&first.ty, inner.rust);
                    let value = if first.boxed {
                        format!("Box::new({value})")
                    } else {
                        value
                    };
                    if let (Some(tag), Some(tag_value), Value::Object(map)) =
                        (&u.tag, &first.tag_value, &mut inner.json)
                    {
                        map.insert(tag.clone(), json!(tag_value));
                    }
                    let rust = format!("{}::{}({value})", u.name, first.name);
                    Example::new(inner.json, rust)
                }
                None => Example::new(json!({}), "Default::default()".to_owned()),
            },
        }
    }

    fn named(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name() == name)
    }
}

/// `[a, b]`; an empty array names its item type, which nothing else would tell the compiler.
fn array_expression(item_type: &TypeRef, items: &[Example]) -> String {
    if items.is_empty() {
        return format!("Vec::<{}>::new()", type_tokens(item_type));
    }
    format!(
        "[{}]",
        items
            .iter()
            .map(|e| e.rust.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A union variant holds its value as is: a string literal needs `.to_owned()`.
fn owned(ty: &TypeRef, rust: String) -> String {
    if *ty == TypeRef::String {
        format!("{rust}.to_owned()")
    } else {
        rust
    }
}

/// An integer literal for a setter of `int`: one taking `impl Into<_>` sees an unsuffixed
/// literal as an `i32`, so a larger one says `i64`.
fn int_literal(int: IntType, n: &serde_json::Number) -> String {
    let fits_i32 = n.as_i64().is_some_and(|i| i32::try_from(i).is_ok());
    if int.takes_literals() && !fits_i32 && n.as_i64().is_some() {
        format!("{n}i64")
    } else {
        n.to_string()
    }
}

/// A string of the `format`, for every format the schema validator checks (others get a
/// placeholder, which they accept).
fn format_example(format: &str, name: &str) -> String {
    match format {
        "uri" | "iri" => format!("https://example.com/{name}"),
        "uri-reference" | "iri-reference" => format!("/{name}"),
        "uri-template" => format!("https://example.com/{{{name}}}"),
        "date-time" => "2026-01-01T00:00:00Z".to_owned(),
        "date" => "2026-01-01".to_owned(),
        "time" => "12:00:00Z".to_owned(),
        "duration" => "P1D".to_owned(),
        "email" | "idn-email" => "user@example.com".to_owned(),
        "hostname" | "idn-hostname" => "example.com".to_owned(),
        "ipv4" => "192.0.2.1".to_owned(),
        "ipv6" => "2001:db8::1".to_owned(),
        "uuid" => "00000000-0000-4000-8000-000000000000".to_owned(),
        "json-pointer" => format!("/{name}"),
        "relative-json-pointer" => "0".to_owned(),
        "regex" => "^.*$".to_owned(),
        _ => format!("<{name}>"),
    }
}

/// A value the bounds accept: the minimum, or between exclusive bounds, or 1 when unbounded.
fn number_in_range(checks: &Checks) -> f64 {
    let float = |n: &Option<serde_json::Number>| n.as_ref().and_then(serde_json::Number::as_f64);
    let upper = float(&checks.maximum).or(float(&checks.exclusive_maximum));
    match (
        float(&checks.minimum),
        float(&checks.exclusive_minimum),
        upper,
    ) {
        (Some(min), _, _) => min,
        (None, Some(min), Some(max)) => (min + max) / 2.0,
        (None, Some(min), None) => min + 1.0,
        (None, None, Some(max)) if checks.exclusive_maximum.is_some() => (max - 1.0).min(1.0),
        (None, None, Some(max)) => max.min(1.0),
        (None, None, None) => 1.0,
    }
}

fn rust_string(text: &str) -> String {
    format!("{text:?}")
}

fn rust_float(value: f64) -> String {
    let text = docs::number(value);
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}
