//! Lowers a normalized schema into the [`ir`](crate::ir) of one request type.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::catalog::SchemaSource;
use crate::error::{JsonPointer, SchemaError};
use crate::ir::{
    Checks, FieldDef, FieldDocs, Format, Literal, LiteralEnumDef, LiteralVariant, RequestDef,
    StructDef, TypeDef, TypeRef, UnionDef, UnionVariant,
};
use crate::names::{self, Scope};

/// The property every request carries; the generator owns it, so a schema's own is skipped.
pub const MODEL_PROPERTY: &str = "model";

/// Keywords the generator refuses rather than silently ignoring, with what to do instead.
const UNSUPPORTED: &[(&str, &str)] = &[
    (
        "allOf",
        "merge the subschemas into one in an overlay, or file an issue",
    ),
    (
        "not",
        "drop the negation in an overlay; it cannot be expressed as a Rust type",
    ),
    (
        "if",
        "conditional schemas are not supported; describe each case in the description",
    ),
    (
        "dependentSchemas",
        "not supported; move the dependent properties into the object",
    ),
    (
        "dependentRequired",
        "not supported; list the properties as optional",
    ),
    (
        "patternProperties",
        "not supported yet; use additionalProperties with a schema",
    ),
    (
        "unevaluatedProperties",
        "not supported; use additionalProperties",
    ),
    ("prefixItems", "tuple arrays are not supported; use items"),
    ("$dynamicRef", "not supported"),
];

/// Lowers `schema` (already normalized) into the request type `name`.
///
/// `reserved` are names the module already uses (the model marker, for instance).
pub fn lower_request(
    schema: &Value,
    name: &str,
    source: &SchemaSource,
    reserved: &[&str],
) -> Result<RequestDef, SchemaError> {
    let mut scope = Scope::with_reserved(names::RESERVED_TYPE_NAMES);
    for name in reserved {
        scope.claim((*name).to_owned());
    }
    let name = scope.claim(name.to_owned());
    let mut lowerer = Lowerer {
        source,
        root: schema,
        scope,
        types: Vec::new(),
        refs: BTreeMap::new(),
    };
    let root = JsonPointer::root();
    let map = lowerer.object_schema(schema, &root)?;
    lowerer.require_object_type(map, &root)?;
    let body = lowerer.struct_def(map, &root, name.clone(), true)?;
    Ok(RequestDef {
        name,
        body,
        types: lowerer.types,
    })
}

struct Lowerer<'a> {
    source: &'a SchemaSource,
    root: &'a Value,
    scope: Scope,
    types: Vec<TypeDef>,
    /// `$ref` targets already lowered (or being lowered), by pointer: each becomes one type.
    refs: BTreeMap<String, String>,
}

/// The result of lowering one schema: its type, whether it admits `null`, its value checks.
struct Lowered {
    ty: TypeRef,
    nullable: bool,
    checks: Checks,
}

impl<'a> Lowerer<'a> {
    fn error(
        &self,
        pointer: &JsonPointer,
        keyword: &str,
        message: impl Into<String>,
    ) -> SchemaError {
        SchemaError {
            source_file: self.source.clone(),
            pointer: pointer.clone(),
            keyword: keyword.to_owned(),
            message: message.into(),
        }
    }

    fn object_schema<'v>(
        &self,
        schema: &'v Value,
        pointer: &JsonPointer,
    ) -> Result<&'v Map<String, Value>, SchemaError> {
        schema
            .as_object()
            .ok_or_else(|| self.error(pointer, "type", "a request body must be an object schema"))
    }

    fn require_object_type(
        &self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
    ) -> Result<(), SchemaError> {
        match map.get("type") {
            None => Ok(()),
            Some(Value::String(t)) if t == "object" => Ok(()),
            Some(other) => Err(self.error(
                pointer,
                "type",
                format!("a request body must have type \"object\", not {other}"),
            )),
        }
    }

    fn struct_def(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        name: String,
        is_request: bool,
    ) -> Result<StructDef, SchemaError> {
        let required: Vec<&str> = match map.get("required") {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let basic: Vec<&str> = match map.get("basic") {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let empty = Map::new();
        let properties = match map.get("properties") {
            Some(Value::Object(properties)) => properties,
            Some(_) => {
                return Err(self.error(
                    &pointer.join("properties"),
                    "properties",
                    "must be an object",
                ));
            }
            None => &empty,
        };
        let mut ordered: Vec<(&String, &Value)> = properties.iter().collect();
        // The hub's display order; properties without one follow, required first, then by
        // name, so output never depends on map order.
        ordered.sort_by_key(|(name, schema)| {
            (
                order_of(schema).unwrap_or(i64::MAX),
                !required.contains(&name.as_str()),
                (*name).clone(),
            )
        });

        let mut field_names =
            Scope::with_reserved(if is_request { &[MODEL_PROPERTY] } else { &[] });
        let mut fields = Vec::new();
        for (json_name, schema) in ordered {
            if is_request && json_name == MODEL_PROPERTY {
                continue;
            }
            let at = pointer.join("properties").join(json_name);
            let type_hint = if is_request {
                names::type_ident(json_name, "Field")
            } else {
                format!("{name}{}", names::type_ident(json_name, "Field"))
            };
            let lowered = self.lower(schema, &at, &type_hint)?;
            let rust_name = field_names.claim(names::field_ident(json_name, "field"));
            let docs = self.field_docs(schema, basic.contains(&json_name.as_str()));
            fields.push(FieldDef {
                json_name: json_name.clone(),
                rust_name,
                ty: lowered.ty,
                required: required.contains(&json_name.as_str()),
                nullable: lowered.nullable,
                docs,
                checks: lowered.checks,
            });
        }
        Ok(StructDef {
            name,
            description: description_of(map),
            fields,
            deny_unknown_fields: map.get("additionalProperties") == Some(&Value::Bool(false)),
        })
    }

    fn field_docs(&self, schema: &Value, basic: bool) -> FieldDocs {
        let map = schema.as_object();
        let get = |key: &str| map.and_then(|m| m.get(key));
        FieldDocs {
            description: get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            default: get("default").cloned(),
            examples: get("examples")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            basic,
            order: order_of(schema),
        }
    }

    fn lower(
        &mut self,
        schema: &Value,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<Lowered, SchemaError> {
        let map = match schema {
            Value::Bool(true) => return Ok(plain(TypeRef::Json)),
            Value::Bool(false) => {
                return Err(self.error(
                    pointer,
                    "false",
                    "the schema `false` accepts no value; remove the property",
                ));
            }
            Value::Object(map) => map,
            _ => {
                return Err(self.error(pointer, "type", "a schema must be an object or a boolean"));
            }
        };
        for (keyword, advice) in UNSUPPORTED {
            if map.contains_key(*keyword) {
                return Err(self.error(
                    &pointer.join(keyword),
                    keyword,
                    format!("`{keyword}` is not supported: {advice}"),
                ));
            }
        }
        if let Some(reference) = map.get("$ref") {
            return self.lower_ref(reference, pointer);
        }
        let checks = self.checks(map, pointer)?;
        if let Some(constant) = map.get("const") {
            return self.lower_enum(std::slice::from_ref(constant), map, pointer, hint, checks);
        }
        if let Some(values) = map.get("enum") {
            let Value::Array(values) = values else {
                return Err(self.error(&pointer.join("enum"), "enum", "must be an array"));
            };
            return self.lower_enum(values, map, pointer, hint, checks);
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(alternatives) = map.get(keyword) {
                return self.lower_alternatives(alternatives, keyword, pointer, hint, checks);
            }
        }
        let (types, nullable) = self.types_of(map, pointer)?;
        let ty = match types.as_slice() {
            [] => TypeRef::Json,
            [single] => self.lower_single_type(single, map, pointer, hint)?,
            several => {
                let variants = several
                    .iter()
                    .map(|t| {
                        Ok((
                            t.clone(),
                            self.lower_single_type(
                                t,
                                map,
                                pointer,
                                &format!("{hint}{}", names::type_ident(t, "T")),
                            )?,
                        ))
                    })
                    .collect::<Result<Vec<_>, SchemaError>>()?;
                self.union(hint, map, variants)
            }
        };
        Ok(Lowered {
            ty,
            nullable,
            checks,
        })
    }

    /// The JSON types a schema allows, without `null`, and whether `null` is allowed.
    fn types_of(
        &self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
    ) -> Result<(Vec<String>, bool), SchemaError> {
        let mut types: Vec<String> = match map.get("type") {
            None => {
                if map.contains_key("properties") || map.contains_key("additionalProperties") {
                    vec!["object".to_owned()]
                } else if map.contains_key("items") {
                    vec!["array".to_owned()]
                } else {
                    Vec::new()
                }
            }
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(ts)) => ts
                .iter()
                .map(|t| {
                    t.as_str().map(str::to_owned).ok_or_else(|| {
                        self.error(&pointer.join("type"), "type", "type names must be strings")
                    })
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(self.error(
                    &pointer.join("type"),
                    "type",
                    "must be a string or an array of strings",
                ));
            }
        };
        let nullable = types.iter().any(|t| t == "null");
        types.retain(|t| t != "null");
        // "integer" is a subset of "number": one number field covers both.
        if types.iter().any(|t| t == "number") {
            types.retain(|t| t != "integer");
        }
        types.sort_by_key(|t| type_rank(t));
        types.dedup();
        Ok((types, nullable))
    }

    fn lower_single_type(
        &mut self,
        ty: &str,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<TypeRef, SchemaError> {
        Ok(match ty {
            "string" => TypeRef::String,
            "integer" => TypeRef::Integer,
            "number" => TypeRef::Number,
            "boolean" => TypeRef::Boolean,
            "array" => match map.get("items") {
                None => TypeRef::Array(Box::new(TypeRef::Json)),
                Some(items) => {
                    let lowered = self.lower(items, &pointer.join("items"), &singular(hint))?;
                    TypeRef::Array(Box::new(optional_if(lowered.nullable, lowered.ty)))
                }
            },
            "object" => self.lower_object(map, pointer, hint)?,
            other => {
                return Err(self.error(
                    &pointer.join("type"),
                    "type",
                    format!("unknown type \"{other}\""),
                ));
            }
        })
    }

    fn lower_object(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<TypeRef, SchemaError> {
        let has_properties =
            matches!(map.get("properties"), Some(Value::Object(p)) if !p.is_empty());
        if has_properties {
            let name = self.scope.claim(names::type_ident(hint, "Object"));
            let def = self.struct_def(map, pointer, name.clone(), false)?;
            self.types.push(TypeDef::Struct(def));
            return Ok(TypeRef::Named(name));
        }
        let values = match map.get("additionalProperties") {
            None | Some(Value::Bool(true)) => TypeRef::Json,
            Some(Value::Bool(false)) => {
                return Err(self.error(&pointer.join("additionalProperties"), "additionalProperties", "an object with no properties that allows none accepts only `{}`; remove the property"));
            }
            Some(schema) => {
                let lowered = self.lower(
                    schema,
                    &pointer.join("additionalProperties"),
                    &format!("{hint}Value"),
                )?;
                optional_if(lowered.nullable, lowered.ty)
            }
        };
        Ok(TypeRef::Map(Box::new(values)))
    }

    fn lower_enum(
        &mut self,
        values: &[Value],
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
        checks: Checks,
    ) -> Result<Lowered, SchemaError> {
        let nullable = values.contains(&Value::Null);
        let mut variant_names = Scope::default();
        let mut variants = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let (literal, wanted) = match value {
                Value::Null => continue,
                Value::String(s) => {
                    let is_ratio = s
                        .split_once(':')
                        .is_some_and(|(a, b)| is_decimal(a) && is_decimal(b));
                    let name = names::type_ident(s, if is_ratio { "Ratio" } else { "V" });
                    let name = if s.trim().is_empty() {
                        "Empty".to_owned()
                    } else {
                        name
                    };
                    (Literal::Str(s.clone()), name)
                }
                Value::Bool(b) => (
                    Literal::Bool(*b),
                    if *b { "True".into() } else { "False".into() },
                ),
                Value::Number(n) => {
                    let sign = if n.as_f64().is_some_and(|f| f < 0.0) {
                        "Minus"
                    } else {
                        ""
                    };
                    let digits = n.to_string().trim_start_matches('-').replace('.', "_");
                    let literal = match n.as_i64() {
                        Some(i) => Literal::Int(i),
                        None => Literal::Float(n.as_f64().unwrap_or_default()),
                    };
                    (literal, format!("N{sign}{digits}"))
                }
                Value::Array(_) | Value::Object(_) => {
                    return Err(self.error(
                        &pointer.join("enum").join(i),
                        "enum",
                        "enum values that are arrays or objects are not supported",
                    ));
                }
            };
            variants.push(LiteralVariant {
                name: variant_names.claim(wanted),
                value: literal,
            });
        }
        if variants.is_empty() {
            return Err(self.error(
                &pointer.join("enum"),
                "enum",
                "an enum needs at least one value other than null",
            ));
        }
        let name = self.scope.claim(names::type_ident(hint, "Enum"));
        self.types.push(TypeDef::LiteralEnum(LiteralEnumDef {
            name: name.clone(),
            description: description_of(map),
            variants,
        }));
        Ok(Lowered {
            ty: TypeRef::Named(name),
            nullable,
            checks,
        })
    }

    fn lower_alternatives(
        &mut self,
        alternatives: &Value,
        keyword: &str,
        pointer: &JsonPointer,
        hint: &str,
        checks: Checks,
    ) -> Result<Lowered, SchemaError> {
        let Value::Array(alternatives) = alternatives else {
            return Err(self.error(
                &pointer.join(keyword),
                keyword,
                "must be an array of schemas",
            ));
        };
        let is_null = |schema: &Value| {
            schema.get("type") == Some(&Value::String("null".into()))
                && schema.as_object().is_some_and(|m| m.len() == 1)
        };
        let mut nullable = alternatives.iter().any(is_null);
        let others: Vec<(usize, &Value)> = alternatives
            .iter()
            .enumerate()
            .filter(|(_, a)| !is_null(a))
            .collect();
        let mut variants = Vec::new();
        for &(i, alternative) in &others {
            let at = pointer.join(keyword).join(i);
            // A lone alternative beside `null` is the value itself: it keeps the property's name.
            let variant_name = if others.len() == 1 {
                hint.to_owned()
            } else {
                format!("{hint}{}", variant_hint(alternative))
            };
            let lowered = self.lower(alternative, &at, &variant_name)?;
            nullable |= lowered.nullable;
            variants.push((variant_hint(alternative), lowered.ty));
        }
        let ty = match variants.len() {
            0 => TypeRef::Json,
            1 => variants.remove(0).1,
            _ => self.union(hint, &Map::new(), variants),
        };
        Ok(Lowered {
            ty,
            nullable,
            checks,
        })
    }

    fn union(
        &mut self,
        hint: &str,
        map: &Map<String, Value>,
        variants: Vec<(String, TypeRef)>,
    ) -> TypeRef {
        let mut variant_names = Scope::default();
        let variants = variants
            .into_iter()
            .map(|(label, ty)| UnionVariant {
                name: variant_names.claim(names::type_ident(&label, "Variant")),
                ty,
            })
            .collect();
        let name = self.scope.claim(names::type_ident(hint, "Union"));
        self.types.push(TypeDef::Union(UnionDef {
            name: name.clone(),
            description: description_of(map),
            variants,
        }));
        TypeRef::Named(name)
    }

    fn lower_ref(
        &mut self,
        reference: &Value,
        pointer: &JsonPointer,
    ) -> Result<Lowered, SchemaError> {
        let at = pointer.join("$ref");
        let target = reference
            .as_str()
            .and_then(|r| r.strip_prefix('#'))
            .ok_or_else(|| self.error(&at, "$ref", "only local references (`#/$defs/...`) are supported; inline the referenced schema"))?;
        if let Some(name) = self.refs.get(target) {
            return Ok(plain(TypeRef::Named(name.clone())));
        }
        let resolved = self.root.pointer(target).ok_or_else(|| {
            self.error(
                &at,
                "$ref",
                format!("`#{target}` points at nothing in this schema"),
            )
        })?;
        let hint = target.rsplit('/').next().unwrap_or("Ref").to_owned();
        let Some(map) = resolved
            .as_object()
            .filter(|m| m.get("properties").is_some_and(Value::is_object))
        else {
            // Not a struct: lowered inline, so no recursion is possible through it.
            return self.lower(resolved, &JsonPointer::from(target), &hint);
        };
        // Registered before lowering, so a recursive reference finds the name.
        let name = self.scope.claim(names::type_ident(&hint, "Ref"));
        self.refs.insert(target.to_owned(), name.clone());
        let def = self.struct_def(map, &JsonPointer::from(target), name.clone(), false)?;
        self.types.push(TypeDef::Struct(def));
        Ok(plain(TypeRef::Named(name)))
    }

    fn checks(
        &self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
    ) -> Result<Checks, SchemaError> {
        let number = |key: &str| -> Result<Option<f64>, SchemaError> {
            match map.get(key) {
                None => Ok(None),
                Some(v) => v
                    .as_f64()
                    .map(Some)
                    .ok_or_else(|| self.error(&pointer.join(key), key, "must be a number")),
            }
        };
        let count = |key: &str| -> Result<Option<u64>, SchemaError> {
            match map.get(key) {
                None => Ok(None),
                Some(v) => v.as_u64().map(Some).ok_or_else(|| {
                    self.error(&pointer.join(key), key, "must be a non-negative integer")
                }),
            }
        };
        let items = match map.get("items") {
            Some(Value::Object(items)) => {
                let nested = self.checks(items, &pointer.join("items"))?;
                (!nested.is_empty()).then(|| Box::new(nested))
            }
            _ => None,
        };
        let pattern = match map.get("pattern") {
            None => None,
            Some(Value::String(p)) => Some(p.clone()),
            Some(_) => {
                return Err(self.error(&pointer.join("pattern"), "pattern", "must be a string"));
            }
        };
        let checks = Checks {
            minimum: number("minimum")?,
            maximum: number("maximum")?,
            exclusive_minimum: number("exclusiveMinimum")?,
            exclusive_maximum: number("exclusiveMaximum")?,
            multiple_of: number("multipleOf")?,
            min_length: count("minLength")?,
            max_length: count("maxLength")?,
            pattern,
            format: map
                .get("format")
                .and_then(Value::as_str)
                .and_then(Format::parse),
            min_items: count("minItems")?,
            max_items: count("maxItems")?,
            unique_items: map.get("uniqueItems") == Some(&Value::Bool(true)),
            items,
        };
        if let (Some(min), Some(max)) = (checks.minimum, checks.maximum)
            && min > max
        {
            return Err(self.error(
                &pointer.join("minimum"),
                "minimum",
                format!("minimum {min} is above maximum {max}: no value is valid"),
            ));
        }
        Ok(checks)
    }
}

fn plain(ty: TypeRef) -> Lowered {
    Lowered {
        ty,
        nullable: false,
        checks: Checks::default(),
    }
}

fn optional_if(nullable: bool, ty: TypeRef) -> TypeRef {
    if nullable {
        TypeRef::Optional(Box::new(ty))
    } else {
        ty
    }
}

fn order_of(schema: &Value) -> Option<i64> {
    schema.get("x-order").and_then(Value::as_i64)
}

fn description_of(map: &Map<String, Value>) -> Option<String> {
    map.get("description")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn is_decimal(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '.')
}

fn type_rank(ty: &str) -> u8 {
    match ty {
        "boolean" => 0,
        "integer" => 1,
        "number" => 2,
        "string" => 3,
        "array" => 4,
        "object" => 5,
        _ => 6,
    }
}

/// A label for one alternative of a `oneOf`/`anyOf`: its title, `$ref` name or type.
fn variant_hint(schema: &Value) -> String {
    if let Some(title) = schema.get("title").and_then(Value::as_str) {
        return title.to_owned();
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().unwrap_or("Ref").to_owned();
    }
    match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        _ if schema.get("enum").is_some() => "Enum".to_owned(),
        _ => "Value".to_owned(),
    }
}

/// `Messages` → `Message`, `InputImage` → `InputImageItem`: the name of one item of an array.
fn singular(hint: &str) -> String {
    match hint.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.is_empty() => stem.to_owned(),
        _ => format!("{hint}Item"),
    }
}
