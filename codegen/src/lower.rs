//! Lowers a normalized schema into the [`ir`](crate::ir) of one request type.
//!
//! Every valid JSON Schema (draft 2020-12) of an object lowers. Three things are refused, with
//! the JSON pointer, the keyword and advice: a request body that is not an object, an external
//! `$ref` (nothing is fetched) and a `$ref` that points at nothing; so is a schema past one of
//! the size limits below. What is lowered:
//! - local `$ref`s (`#/$defs/..`, `#/definitions/..`, `#`), recursive ones included: each
//!   target becomes one named type, fields that contain their own struct are boxed;
//! - `allOf`, merged into one schema (properties, `required`, bounds intersected);
//! - `oneOf`/`anyOf`: `Option` beside `null`, a tagged enum when every alternative is an object
//!   with its own constant value of one required property, an untagged enum otherwise;
//! - `type` arrays, `enum` and `const` (also mixed and with `null`), boolean schemas;
//! - `additionalProperties` and `patternProperties`, as maps or a flattened map beside the
//!   declared properties;
//! - value checks (`validate()`);
//! - keywords without a Rust shape ([`SHAPELESS`]): the type comes from the rest of the schema
//!   and the keywords become [`SchemaRules`], which `validate()` enforces with the schema
//!   validator; a subschema that cannot be given a type at all (an `allOf` whose members
//!   conflict, a `$ref` cycle through an array) becomes plain JSON enforced the same way, with
//!   a warning.
//!
//! Annotations never refuse a model: a `default` that breaks its own schema is a warning, and
//! is documented as such but used nowhere.
//!
//! Inputs are bounded: see [`MAX_SCHEMA_BYTES`], [`MAX_SCHEMA_DEPTH`], [`MAX_ENUM_VALUES`] and
//! [`MAX_SUBSCHEMAS`].

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::catalog::SchemaSource;
use crate::error::{JsonPointer, SchemaError};
use crate::ir::{
    Checks, ExtraDef, FieldDef, FieldDocs, IntType, Literal, LiteralEnumDef, LiteralVariant,
    RequestDef, SchemaRules, StructDef, TypeDef, TypeRef, UnionDef, UnionVariant,
};
use crate::names::{self, Scope};

/// The property every request carries; the generator owns it, so a schema's own is skipped.
pub const MODEL_PROPERTY: &str = "model";

/// Largest schema accepted, as compact JSON. The largest of the hub's is about 30 KiB.
pub const MAX_SCHEMA_BYTES: usize = 2 * 1024 * 1024;
/// Deepest nesting of JSON arrays and objects in a schema accepted; `serde_json` refuses
/// deeper files when reading (at 128), so a schema in memory is held to the same.
pub const MAX_SCHEMA_DEPTH: usize = 128;
/// Most values one `enum` may have.
pub const MAX_ENUM_VALUES: usize = 10_000;
/// Most subschemas lowered for one schema, counting each use of a `$ref` target and each
/// member of an `allOf`: bounds the work of schemas that expand exponentially.
pub const MAX_SUBSCHEMAS: usize = 50_000;
/// Deepest chain of `$ref`s followed within `allOf`s (a longer one is a cycle).
const MAX_MERGE_DEPTH: usize = 32;

/// Keywords that no Rust type can state. The type is generated from the rest of the schema,
/// and `validate()` enforces these with the JSON Schema validator behind `validate_payload`,
/// against the model's embedded schema (see [`SchemaRules`]).
///
/// Also enforced that way, depending on the schema: `oneOf`/`anyOf` beside `properties`,
/// `enum`/`const` with object or array values, a `pattern` (or `patternProperties` name) the
/// `regex` crate cannot compile, and `items` beside `prefixItems`.
pub const SHAPELESS: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "prefixItems",
    "$dynamicRef",
];

/// Keywords that describe without constraining: kept from the outermost schema when merging.
fn is_annotation(keyword: &str) -> bool {
    keyword.starts_with("x-")
        || matches!(
            keyword,
            "title"
                | "description"
                | "default"
                | "examples"
                | "deprecated"
                | "readOnly"
                | "writeOnly"
                | "$comment"
                | "basic"
                | "contentMediaType"
                | "contentEncoding"
                | "$schema"
                | "$id"
                | "$anchor"
                | "$defs"
                | "definitions"
                | "discriminator"
        )
}

/// Checks the size limits of a raw schema before anything else walks it (without recursion,
/// so that no input can overflow the stack here).
pub fn check_limits(schema: &Value, source: &SchemaSource) -> Result<(), SchemaError> {
    let error = |keyword: &str, message: String| SchemaError {
        source_file: source.clone(),
        pointer: JsonPointer::root(),
        keyword: keyword.to_owned(),
        message,
    };
    let mut stack = vec![(schema, 1usize)];
    let mut deepest = 0;
    while let Some((value, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if depth > MAX_SCHEMA_DEPTH {
            return Err(error(
                "limit",
                format!(
                    "the schema nests deeper than {MAX_SCHEMA_DEPTH} levels of JSON arrays and objects (MAX_SCHEMA_DEPTH); flatten it with `$defs` and `$ref`s"
                ),
            ));
        }
        match value {
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    let bytes = serde_json::to_vec(schema).map(|b| b.len()).unwrap_or(0);
    if bytes > MAX_SCHEMA_BYTES {
        return Err(error(
            "limit",
            format!(
                "the schema is {bytes} bytes, more than the limit of {MAX_SCHEMA_BYTES} (MAX_SCHEMA_BYTES); split it or move repeated parts into `$defs`"
            ),
        ));
    }
    Ok(())
}

/// A request type, with the warnings met on the way (bad defaults, subschemas left as JSON).
#[derive(Debug, Clone)]
pub struct LoweredRequest {
    pub request: RequestDef,
    pub warnings: Vec<SchemaError>,
}

/// Lowers `schema` (already normalized) into the request type `name`.
///
/// `reserved` are names the module already uses (the model marker, for instance).
pub fn lower_request(
    schema: &Value,
    name: &str,
    source: &SchemaSource,
    reserved: &[&str],
) -> Result<LoweredRequest, SchemaError> {
    lower_body(schema, name, source, reserved, true)
}

/// Lowers `schema` (already normalized) into the response type `name`: as a request, except
/// that its `model` is a plain field, not the request's fixed model id.
pub fn lower_response(
    schema: &Value,
    name: &str,
    source: &SchemaSource,
) -> Result<LoweredRequest, SchemaError> {
    lower_body(schema, name, source, &[], false)
}

fn lower_body(
    schema: &Value,
    name: &str,
    source: &SchemaSource,
    reserved: &[&str],
    is_request: bool,
) -> Result<LoweredRequest, SchemaError> {
    check_limits(schema, source)?;
    let mut scope = Scope::with_reserved(names::RESERVED_TYPE_NAMES);
    for name in reserved {
        scope.claim((*name).to_owned());
    }
    let name = scope.claim(name.to_owned());
    let empty = json!({});
    let schema = match schema {
        Value::Bool(true) => &empty,
        other => other,
    };
    let mut lowerer = Lowerer {
        source,
        root: schema,
        scope,
        types: Vec::new(),
        refs: BTreeMap::new(),
        pending: Vec::new(),
        budget: MAX_SUBSCHEMAS,
        ref_depth: 0,
        pointers: BTreeMap::new(),
        tagged_refs: BTreeMap::new(),
        inlining: Vec::new(),
        merging: Vec::new(),
        merged: Vec::new(),
        depth: 0,
        keep_null: is_request,
        fatal: std::cell::Cell::new(false),
        carried: Vec::new(),
        bad_defaults: BTreeMap::new(),
        warnings: Vec::new(),
    };
    let root = JsonPointer::root();
    lowerer.check_defaults(schema, &root);
    let map = lowerer.object_schema(schema, &root)?;
    let merged;
    let mut whole_body_rule = false;
    let map = if needs_merge(map) {
        match lowerer.merge_open(map, &root, 0) {
            Ok(map) => merged = map,
            // Members that cannot be one schema: the body's own properties are typed, and
            // the whole schema is the rule of the schema validator.
            Err(error) if !lowerer.fatal.get() => {
                lowerer.carried.clear();
                lowerer.warnings.push(SchemaError {
                    message: format!(
                        "{}; only the body's own properties are typed, and `validate()` checks the request against the whole schema",
                        error.message
                    ),
                    ..error
                });
                whole_body_rule = true;
                let mut own = map.clone();
                own.remove("allOf");
                own.remove("$ref");
                merged = own;
            }
            Err(error) => return Err(error),
        }
        &merged
    } else {
        map
    };
    lowerer.require_object_type(map, &root)?;
    let mut carried = std::mem::take(&mut lowerer.carried);
    let mut body = lowerer.struct_def(map, &root, name.clone(), is_request, None)?;
    if whole_body_rule {
        body.schema_rules.clear();
        body.deny_unknown_fields = false;
        carried = vec![SchemaRules {
            pointer: String::new(),
            keywords: Vec::new(),
        }];
    }
    add_struct_rules(&mut body, carried);
    let mut request = RequestDef {
        name,
        body,
        types: lowerer.types,
    };
    box_recursive_fields(&mut request);
    check_finite(&request, &lowerer.pointers, source)?;
    check_unions_consume_input(&request, &lowerer.pointers, source)?;
    let mut warnings: Vec<SchemaError> = lowerer
        .bad_defaults
        .into_iter()
        .map(|(pointer, reason)| SchemaError {
            source_file: source.clone(),
            pointer,
            keyword: "default".to_owned(),
            message: format!(
                "the default does not satisfy its own schema ({reason}); it is documented as given and used nowhere; fix it in an overlay"
            ),
        })
        .collect();
    warnings.extend(lowerer.warnings);
    Ok(LoweredRequest { request, warnings })
}

/// One variant of a union to be: its label, type, tag value and checks.
type UnionParts = (String, TypeRef, Option<String>, Checks);

/// An alternative's object schema, with the `$ref` target it came from and the rules of the
/// members merged into it.
type ResolvedObject = (Option<String>, Map<String, Value>, Vec<SchemaRules>);

/// What became of a `$ref` target.
#[derive(Clone)]
enum RefState {
    /// Being lowered: a reference met now is recursive and names the type to be.
    InProgress {
        name: String,
        used: bool,
    },
    Done(Box<Lowered>),
}

struct Lowerer<'a> {
    source: &'a SchemaSource,
    root: &'a Value,
    scope: Scope,
    types: Vec<TypeDef>,
    /// `$ref` targets by pointer: each becomes one type, lowered once.
    refs: BTreeMap<String, RefState>,
    /// Names claimed for `$ref` targets being lowered, by the hint their type is lowered with:
    /// the target's own type takes it, so that recursive references find it.
    pending: Vec<(String, String)>,
    /// Subschemas left to lower before [`MAX_SUBSCHEMAS`] is reached.
    budget: usize,
    ref_depth: usize,
    /// Where each generated type comes from, for errors found after lowering.
    pointers: BTreeMap<String, JsonPointer>,
    /// Structs of `$ref`ed alternatives of tagged unions, by target and tag property.
    tagged_refs: BTreeMap<(String, String), String>,
    /// `$ref` targets whose content is merged into the schema being lowered.
    inlining: Vec<String>,
    /// `$ref` targets being merged, outermost first: meeting one again is a cycle. Siblings
    /// (two mixins of one base, or one target twice in an `allOf`) are not on each other's path.
    merging: Vec<String>,
    /// `$ref` targets merged by the `merge` under way, opened (moved to `inlining`) when it ends.
    merged: Vec<String>,
    /// How deep `lower` is.
    depth: usize,
    /// Optional nullable properties keep `null` apart from absent (requests; a response's
    /// are one `Option`, as a client reads them).
    keep_null: bool,
    /// Set by an error no fallback may hide (external or dangling `$ref`, a size limit).
    fatal: std::cell::Cell<bool>,
    /// Rules of `allOf` members and `$ref` targets merged away, for the schema they merge into.
    carried: Vec<SchemaRules>,
    /// Defaults that break their own schema: where, and why.
    bad_defaults: BTreeMap<JsonPointer, String>,
    /// Subschemas left as plain JSON, and why.
    warnings: Vec<SchemaError>,
}

/// The result of lowering one schema: its type, whether it admits `null`, its value checks.
#[derive(Debug, Clone)]
struct Lowered {
    ty: TypeRef,
    nullable: bool,
    checks: Checks,
}

/// Whether a schema has an `allOf` to merge, or a `$ref` beside constraining keywords (which
/// 2020-12 applies together, as an `allOf` would).
fn needs_merge(map: &Map<String, Value>) -> bool {
    map.contains_key("allOf")
        || (map.contains_key("$ref") && map.keys().any(|k| k != "$ref" && !is_annotation(k)))
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

    /// An error that refuses the model: no fallback to plain JSON hides it.
    fn refusal(
        &self,
        pointer: &JsonPointer,
        keyword: &str,
        message: impl Into<String>,
    ) -> SchemaError {
        self.fatal.set(true);
        self.error(pointer, keyword, message)
    }

    /// Counts one subschema against [`MAX_SUBSCHEMAS`].
    fn spend(&mut self, pointer: &JsonPointer) -> Result<(), SchemaError> {
        if self.budget == 0 {
            return Err(self.refusal(
                pointer,
                "limit",
                format!(
                    "the schema expands to more than {MAX_SUBSCHEMAS} subschemas (MAX_SUBSCHEMAS), counting every use of a `$ref` target and every `allOf` member; simplify it"
                ),
            ));
        }
        self.budget -= 1;
        Ok(())
    }

    /// A type name for `hint`: the name a `$ref` target being lowered with this hint has
    /// claimed, else a new one.
    fn claim_type(&mut self, hint: &str, prefix: &str, pointer: &JsonPointer) -> String {
        let name = match self.pending.iter().rposition(|(h, _)| h == hint) {
            Some(i) => self.pending.remove(i).1,
            None => self.scope.claim(names::type_ident(hint, prefix)),
        };
        self.pointers.insert(name.clone(), pointer.clone());
        name
    }

    fn object_schema<'v>(
        &self,
        schema: &'v Value,
        pointer: &JsonPointer,
    ) -> Result<&'v Map<String, Value>, SchemaError> {
        schema
            .as_object()
            .ok_or_else(|| self.refusal(pointer, "type", "a request body must be an object schema"))
    }

    fn require_object_type(
        &self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
    ) -> Result<(), SchemaError> {
        match map.get("type") {
            None => Ok(()),
            Some(Value::String(t)) if t == "object" => Ok(()),
            Some(Value::Array(ts)) if ts.iter().any(|t| t == "object") && ts.len() == 1 => Ok(()),
            Some(other) => Err(self.refusal(
                pointer,
                "type",
                format!("a request body must have type \"object\", not {other}"),
            )),
        }
    }

    /// The keywords of `map` that no Rust type states, as rules for `validate()`.
    /// `as_struct`: the map becomes a struct, which cannot state `oneOf`/`anyOf`, `enum` or
    /// `const` either.
    fn shapeless_rules(
        &self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        as_struct: bool,
    ) -> Option<SchemaRules> {
        let keywords: Vec<(String, Value)> = map
            .iter()
            .filter(|(keyword, value)| match keyword.as_str() {
                k if SHAPELESS.contains(&k) => true,
                "oneOf" | "anyOf" | "enum" | "const" if as_struct => true,
                "enum" => value
                    .as_array()
                    .is_some_and(|values| values.iter().any(is_structured)),
                "const" => is_structured(value),
                "pattern" => value.as_str().is_some_and(|p| !pattern_compiles(p)),
                "patternProperties" => has_uncompilable_pattern(map),
                "additionalProperties" => has_uncompilable_pattern(map),
                "items" => map.contains_key("prefixItems"),
                _ => false,
            })
            .map(|(keyword, value)| (keyword.clone(), value.clone()))
            .collect();
        (!keywords.is_empty()).then(|| SchemaRules {
            pointer: pointer.as_str().to_owned(),
            keywords,
        })
    }

    fn struct_def(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        name: String,
        is_request: bool,
        skip: Option<&str>,
    ) -> Result<StructDef, SchemaError> {
        let schema_rules: Vec<SchemaRules> = self
            .shapeless_rules(map, pointer, true)
            .into_iter()
            .collect();
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
        // The hub's display order; properties without one follow, required ones in the order
        // `required` lists them, then the rest by name, so output never depends on map order.
        ordered.sort_by_key(|(name, schema)| {
            let required_at = required
                .iter()
                .position(|r| r == name)
                .unwrap_or(usize::MAX);
            (
                order_of(schema).unwrap_or(i64::MAX),
                required_at,
                (*name).clone(),
            )
        });

        // Field names double as setter names: they must not take the builder's own methods.
        let mut reserved = vec!["new", "validate", "build"];
        if is_request {
            reserved.push(MODEL_PROPERTY);
        }
        let mut field_names = Scope::with_reserved(&reserved);
        let mut fields = Vec::new();
        let mut forbidden = Vec::new();
        for (json_name, schema) in ordered {
            if (is_request && json_name == MODEL_PROPERTY) || Some(json_name.as_str()) == skip {
                continue;
            }
            let at = pointer.join("properties").join(json_name);
            let is_required = required.contains(&json_name.as_str());
            if schema == &Value::Bool(false) {
                if is_required {
                    return Err(self.error(
                        &at,
                        "false",
                        "a required property whose schema is `false` can never be valid; remove it from `required` in an overlay",
                    ));
                }
                // Never allowed: no field, and an open object's map must not hold it either.
                forbidden.push(json_name.clone());
                continue;
            }
            let type_hint = if is_request {
                names::type_ident(json_name, "Field")
            } else {
                format!("{name}{}", names::type_ident(json_name, "Field"))
            };
            let lowered = self.lower(schema, &at, &type_hint)?;
            let rust_name = field_names.claim(names::field_ident(json_name, "field"));
            let docs = self.field_docs(schema, &at, basic.contains(&json_name.as_str()));
            fields.push(FieldDef {
                json_name: json_name.clone(),
                rust_name,
                ty: lowered.ty,
                required: is_required,
                nullable: lowered.nullable,
                docs,
                checks: lowered.checks,
                boxed: false,
                clear_name: None,
                null_name: None,
            });
        }
        let (mut extra, deny_unknown_fields) =
            self.extra_def(map, pointer, &name, &mut field_names)?;
        if let Some(extra) = &mut extra {
            extra.checks.forbidden_keys = forbidden;
        }
        // `clear_<field>` must not take another field's setter either.
        let mut methods = field_names;
        for field in &mut fields {
            let bare = field.rust_name.trim_start_matches("r#").to_owned();
            if !field.required || field.nullable {
                field.clear_name = Some(methods.claim(format!("clear_{bare}")));
            }
            if self.keep_null && !field.required && field.nullable {
                field.null_name = Some(methods.claim(format!("null_{bare}")));
            }
        }
        Ok(StructDef {
            name,
            description: description_of(map),
            fields,
            deny_unknown_fields,
            extra,
            schema_rules,
        })
    }

    /// The map of undeclared properties of an object with declared ones, and whether unknown
    /// properties are refused instead.
    fn extra_def(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        name: &str,
        field_names: &mut Scope,
    ) -> Result<(Option<Box<ExtraDef>>, bool), SchemaError> {
        let values = match self.map_values(map, pointer, &format!("{name}Extra"))? {
            Some(values) => values,
            None if map.get("additionalProperties") == Some(&Value::Bool(false)) => {
                return Ok((None, true));
            }
            // An open object: its undeclared properties are kept, not dropped (rules may
            // look at them too).
            None => plain(TypeRef::Json),
        };
        // The map's setter shares its name: `extra("key", value)`.
        let rust_name = field_names.claim("extra".to_owned());
        Ok((
            Some(Box::new(ExtraDef {
                insert_name: rust_name.clone(),
                rust_name,
                ty: values.ty,
                checks: values.checks,
            })),
            false,
        ))
    }

    /// The value type and checks of an object's undeclared properties, if they are typed
    /// (`additionalProperties` with a schema, or `patternProperties`).
    fn map_values(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<Option<Lowered>, SchemaError> {
        let additional = map.get("additionalProperties");
        let patterns: Vec<(&String, &Value)> = match map.get("patternProperties") {
            Some(Value::Object(patterns)) => patterns.iter().collect(),
            _ => Vec::new(),
        };
        if has_uncompilable_pattern(map) {
            // The schema validator checks the names and values (see `shapeless_rules`).
            return Ok(Some(plain(TypeRef::Json)));
        }
        let mut schemas: Vec<(&Value, JsonPointer)> = patterns
            .iter()
            .map(|(p, s)| (*s, pointer.join("patternProperties").join(p)))
            .collect();
        match additional {
            None | Some(Value::Bool(_)) => {}
            Some(schema) => schemas.push((schema, pointer.join("additionalProperties"))),
        }
        if schemas.is_empty() {
            return Ok(None);
        }
        let closed = additional == Some(&Value::Bool(false));
        let all_same = schemas.iter().all(|(s, _)| *s == schemas[0].0);
        // Keys matching no pattern may hold anything unless `additionalProperties` says
        // otherwise: then values are typed only when every schema agrees.
        let open_beside_patterns =
            !patterns.is_empty() && additional.is_none_or(|a| a == &Value::Bool(true));
        let mut values = if all_same && !open_beside_patterns {
            let (schema, at) = &schemas[0];
            if *schema == &Value::Bool(false) {
                return Ok(None);
            }
            let lowered = self.lower(schema, at, hint)?;
            Lowered {
                ty: optional_if(lowered.nullable, lowered.ty),
                nullable: false,
                checks: Checks {
                    values: (!lowered.checks.is_empty()).then(|| Box::new(lowered.checks)),
                    ..Checks::default()
                },
            }
        } else {
            plain(TypeRef::Json)
        };
        if closed {
            values.checks.key_patterns = patterns.iter().map(|(p, _)| (*p).clone()).collect();
        }
        Ok(Some(values))
    }

    fn field_docs(&self, schema: &Value, pointer: &JsonPointer, basic: bool) -> FieldDocs {
        let map = schema.as_object();
        let get = |key: &str| map.and_then(|m| m.get(key));
        FieldDocs {
            description: get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            default: get("default").cloned(),
            default_invalid: self.bad_defaults.get(&pointer.join("default")).cloned(),
            examples: get("examples")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            basic,
            order: order_of(schema),
        }
    }

    /// Lowers one subschema; one that cannot be given a Rust type (and is not refused) becomes
    /// plain JSON that `validate()` checks against the whole subschema, with a warning.
    fn lower(
        &mut self,
        schema: &Value,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<Lowered, SchemaError> {
        let types = self.types.len();
        let refs = self.refs.clone();
        let tagged_refs = self.tagged_refs.clone();
        let (pending, inlining, carried, depth, ref_depth) = (
            self.pending.len(),
            self.inlining.len(),
            self.carried.len(),
            self.depth,
            self.ref_depth,
        );
        match self.lower_shaped(schema, pointer, hint) {
            Err(error) if !self.fatal.get() => {
                // Forget what the failed attempt made: nothing may refer to it.
                self.types.truncate(types);
                self.refs = refs;
                self.tagged_refs = tagged_refs;
                self.pending.truncate(pending);
                self.inlining.truncate(inlining);
                self.carried.truncate(carried);
                self.depth = depth;
                self.ref_depth = ref_depth;
                self.warnings.push(SchemaError {
                    message: format!(
                        "{}; the value is plain JSON, checked by `validate()` against the whole subschema at {pointer}",
                        error.message
                    ),
                    ..error
                });
                Ok(Lowered {
                    ty: TypeRef::Json,
                    nullable: false,
                    checks: Checks {
                        schema_rules: vec![SchemaRules {
                            pointer: pointer.as_str().to_owned(),
                            keywords: Vec::new(),
                        }],
                        ..Checks::default()
                    },
                })
            }
            result => result,
        }
    }

    fn lower_shaped(
        &mut self,
        schema: &Value,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<Lowered, SchemaError> {
        self.spend(pointer)?;
        let map = match schema {
            Value::Bool(true) => return Ok(plain(TypeRef::Json)),
            Value::Bool(false) => {
                return Err(self.error(
                    pointer,
                    "false",
                    "the schema `false` accepts no value; remove it in an overlay",
                ));
            }
            Value::Object(map) => map,
            _ => {
                return Err(self.error(pointer, "type", "a schema must be an object or a boolean"));
            }
        };
        if self.depth >= MAX_SCHEMA_DEPTH {
            return Err(self.refusal(
                pointer,
                "limit",
                format!("subschemas nest more than {MAX_SCHEMA_DEPTH} deep once `$ref`s and `allOf`s are expanded (MAX_SCHEMA_DEPTH); flatten the schema"),
            ));
        }
        self.depth += 1;
        let result = if needs_merge(map) {
            // The `$ref` targets merged in stay open while their content is lowered: meeting
            // one again inside is a cycle no merge can end.
            let open = self.inlining.len();
            let carried = self.carried.len();
            let merged = self.merge_open(map, pointer, 0);
            let rules = self.carried.split_off(carried.min(self.carried.len()));
            let result = merged
                .and_then(|merged| self.lower_map(&merged, pointer, hint))
                .map(|lowered| self.attach_rules(lowered, rules));
            self.inlining.truncate(open);
            result
        } else {
            self.lower_map(map, pointer, hint)
        };
        self.depth -= 1;
        result
    }

    fn lower_map(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<Lowered, SchemaError> {
        if let Some(reference) = map.get("$ref") {
            return self.lower_ref(reference, pointer);
        }
        let mut checks = self.checks(map, pointer)?;
        // An object with properties is a struct, which holds its own rules.
        let structured = has_properties(map);
        if !structured {
            checks
                .schema_rules
                .extend(self.shapeless_rules(map, pointer, false));
        }
        // Enums of objects or arrays are rules of the schema validator, not Rust enums.
        match (map.get("const"), map.get("enum")) {
            (Some(constant), _) if !structured && !is_structured(constant) => {
                return self.lower_enum(std::slice::from_ref(constant), map, pointer, hint, checks);
            }
            (None, Some(Value::Array(values)))
                if !structured && !values.iter().any(is_structured) =>
            {
                return self.lower_enum(values, map, pointer, hint, checks);
            }
            _ => {}
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(alternatives) = map.get(keyword)
                && !structured
            {
                return self.lower_alternatives(alternatives, keyword, map, pointer, hint, checks);
            }
        }
        let (types, nullable) = self.types_of(map, pointer)?;
        let ty = match types.as_slice() {
            [] => TypeRef::Json,
            // A map keeps the checks of its values and names.
            [single] if single == "object" && !has_properties(map) => {
                let (ty, map_checks) = self.lower_plain_map(map, pointer, hint)?;
                checks.values = map_checks.values;
                checks.key_patterns = map_checks.key_patterns;
                ty
            }
            [single] => {
                let (ty, item_rules) = self.lower_single_type(single, map, pointer, hint)?;
                add_item_rules(&mut checks, item_rules);
                ty
            }
            several => {
                let mut variants = Vec::new();
                for t in several {
                    let (ty, item_rules) = self.lower_single_type(
                        t,
                        map,
                        pointer,
                        &format!("{hint}{}", names::type_ident(t, "T")),
                    )?;
                    let mut variant_checks = Checks::default();
                    add_item_rules(&mut variant_checks, item_rules);
                    variants.push((t.clone(), ty, None, variant_checks));
                }
                self.union(hint, map, pointer, variants, None)
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
                if ["properties", "additionalProperties", "patternProperties"]
                    .iter()
                    .any(|k| map.contains_key(*k))
                {
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
        types.sort_by_key(|t| type_rank(t));
        types.dedup();
        Ok((types, nullable))
    }

    /// The type of one JSON type of a schema, and the rules of its array items (which the
    /// item checks carry).
    fn lower_single_type(
        &mut self,
        ty: &str,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<(TypeRef, Vec<SchemaRules>), SchemaError> {
        Ok((
            match ty {
                "string" => TypeRef::String,
                "integer" => TypeRef::Integer(integer_type(map)),
                "number" => TypeRef::Number,
                "boolean" => TypeRef::Boolean,
                "array" => return self.lower_array(map, pointer, hint),
                "object" => self.lower_object(map, pointer, hint)?,
                other => {
                    return Err(self.error(
                        &pointer.join("type"),
                        "type",
                        format!("unknown type \"{other}\""),
                    ));
                }
            },
            Vec::new(),
        ))
    }

    /// An array; its items are plain JSON beside `prefixItems` (the first items then have
    /// schemas of their own, checked by the rules of the array).
    fn lower_array(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<(TypeRef, Vec<SchemaRules>), SchemaError> {
        let any = || TypeRef::Array(Box::new(TypeRef::Json));
        if map.contains_key("prefixItems") {
            return Ok((any(), Vec::new()));
        }
        Ok(match map.get("items") {
            None | Some(Value::Bool(true)) => (any(), Vec::new()),
            // No item is allowed: an array that must stay empty.
            Some(Value::Bool(false)) => (any(), Vec::new()),
            Some(items) => {
                let lowered = self.lower(items, &pointer.join("items"), &singular(hint))?;
                (
                    TypeRef::Array(Box::new(optional_if(lowered.nullable, lowered.ty))),
                    lowered.checks.schema_rules,
                )
            }
        })
    }

    fn lower_object(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<TypeRef, SchemaError> {
        if has_properties(map) {
            let name = self.claim_type(hint, "Object", pointer);
            let def = self.struct_def(map, pointer, name.clone(), false, None)?;
            self.types.push(TypeDef::Struct(def));
            return Ok(TypeRef::Named(name));
        }
        self.lower_plain_map(map, pointer, hint).map(|(ty, _)| ty)
    }

    /// An object without declared properties: a map, with the checks of its values and names.
    fn lower_plain_map(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<(TypeRef, Checks), SchemaError> {
        if map.get("additionalProperties") == Some(&Value::Bool(false))
            && !map.contains_key("patternProperties")
        {
            return Err(self.error(&pointer.join("additionalProperties"), "additionalProperties", "an object with no properties that allows none accepts only `{}`; remove the property in an overlay"));
        }
        match self.map_values(map, pointer, &format!("{hint}Value"))? {
            Some(values) => Ok((TypeRef::Map(Box::new(values.ty)), values.checks)),
            None => Ok((TypeRef::Map(Box::new(TypeRef::Json)), Checks::default())),
        }
    }

    fn lower_enum(
        &mut self,
        values: &[Value],
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
        checks: Checks,
    ) -> Result<Lowered, SchemaError> {
        if values.len() > MAX_ENUM_VALUES {
            return Err(self.refusal(
                &pointer.join("enum"),
                "limit",
                format!(
                    "the enum has {} values, more than the limit of {MAX_ENUM_VALUES} (MAX_ENUM_VALUES); use a plain string with a `pattern` in an overlay",
                    values.len()
                ),
            ));
        }
        let keyword = if map.contains_key("const") {
            "const"
        } else {
            "enum"
        };
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
                    let name = if s.trim().is_empty() {
                        "Empty".to_owned()
                    } else {
                        names::type_ident(s, if is_ratio { "Ratio" } else { "V" })
                    };
                    (Literal::Str(s.clone()), name)
                }
                Value::Bool(b) => (
                    Literal::Bool(*b),
                    if *b { "True".into() } else { "False".into() },
                ),
                Value::Number(n) => {
                    let negative = n.as_f64().is_some_and(|f| f < 0.0);
                    let digits = n.to_string().trim_start_matches('-').to_owned();
                    let literal = match n.as_i64() {
                        Some(i) => Literal::Int(i),
                        None => Literal::Float(n.as_f64().unwrap_or_default()),
                    };
                    let name = names::type_ident(&digits, "N");
                    let name = match (negative, name.strip_prefix('N')) {
                        (true, Some(rest)) => format!("NMinus{rest}"),
                        (true, None) => format!("Minus{name}"),
                        (false, _) => name,
                    };
                    (literal, name)
                }
                Value::Array(_) | Value::Object(_) => {
                    let at = if keyword == "const" {
                        pointer.join("const")
                    } else {
                        pointer.join("enum").join(i)
                    };
                    return Err(self.error(
                        &at,
                        keyword,
                        format!("{keyword} values that are arrays or objects are not supported; describe the value in the description and drop the `{keyword}` in an overlay"),
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
                &pointer.join(keyword),
                keyword,
                format!("`{keyword}` allows only null, which carries no information; remove the property in an overlay"),
            ));
        }
        let name = self.claim_type(hint, "Enum", pointer);
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
        map: &Map<String, Value>,
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
            .filter(|(_, a)| !is_null(a) && **a != Value::Bool(false))
            .collect();
        if others.len() > 1
            && let Some(tagged) = self.tagged_union(&others, keyword, map, pointer, hint)?
        {
            return Ok(Lowered {
                ty: tagged,
                nullable,
                checks,
            });
        }
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
            if others.len() == 1 {
                return Ok(Lowered {
                    ty: lowered.ty,
                    nullable,
                    checks: merge_checks(checks, lowered.checks),
                });
            }
            variants.push((variant_hint(alternative), lowered.ty, None, lowered.checks));
        }
        let ty = match variants.len() {
            0 => TypeRef::Json,
            _ => self.union(hint, map, pointer, variants, None),
        };
        Ok(Lowered {
            ty,
            nullable,
            checks,
        })
    }

    /// A tagged enum, when every alternative is an object that requires one property (the
    /// same for all) with a constant string value of its own.
    fn tagged_union(
        &mut self,
        alternatives: &[(usize, &Value)],
        keyword: &str,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
    ) -> Result<Option<TypeRef>, SchemaError> {
        let mut objects = Vec::new();
        let mut targets = Vec::new();
        for &(i, alternative) in alternatives {
            let at = pointer.join(keyword).join(i);
            let Some((target, object, rules)) = self.resolved_object(alternative, &at)? else {
                return Ok(None);
            };
            // A `$ref`ed object's rules are where its target is.
            let in_document = target.as_deref().map_or(at, JsonPointer::from);
            objects.push((in_document, object, rules));
            targets.push(target);
        }
        let tag_of = |object: &Map<String, Value>, property: &str| -> Option<String> {
            let required = object.get("required")?.as_array()?;
            if !required.iter().any(|r| r == property) {
                return None;
            }
            let schema = object.get("properties")?.get(property)?;
            match (schema.get("const"), schema.get("enum")) {
                (Some(Value::String(s)), _) => Some(s.clone()),
                (None, Some(Value::Array(values))) => match values.as_slice() {
                    [Value::String(s)] => Some(s.clone()),
                    _ => None,
                },
                _ => None,
            }
        };
        let Some(candidates) = objects[0].1.get("properties").and_then(Value::as_object) else {
            return Ok(None);
        };
        let mut candidates: Vec<&String> = candidates.keys().collect();
        candidates.sort();
        let found = candidates.into_iter().find_map(|property| {
            let values: Option<Vec<String>> = objects
                .iter()
                .map(|(_, o, _)| tag_of(o, property))
                .collect();
            let values = values?;
            let distinct: BTreeSet<&String> = values.iter().collect();
            (distinct.len() == values.len()).then(|| (property.clone(), values))
        });
        let Some((tag, values)) = found else {
            return Ok(None);
        };
        let mut variants = Vec::new();
        for (((at, object, rules), value), target) in objects.iter().zip(values).zip(targets) {
            // A `$ref`ed alternative becomes one struct (without the tag) however often it is
            // met, which also ends recursion through it.
            let key = target.map(|t| (t, tag.clone()));
            if let Some(name) = key.as_ref().and_then(|k| self.tagged_refs.get(k)) {
                variants.push((
                    value.clone(),
                    TypeRef::Named(name.clone()),
                    Some(value),
                    Checks::default(),
                ));
                continue;
            }
            let struct_name = self.claim_type(
                &format!("{hint}{}", names::type_ident(&value, "V")),
                "Variant",
                at,
            );
            if let Some(key) = key {
                self.tagged_refs.insert(key, struct_name.clone());
            }
            let mut def = self.struct_def(object, at, struct_name.clone(), false, Some(&tag))?;
            add_struct_rules(&mut def, rules.clone());
            self.types.push(TypeDef::Struct(def));
            variants.push((
                value.clone(),
                TypeRef::Named(struct_name),
                Some(value),
                Checks::default(),
            ));
        }
        Ok(Some(self.union(hint, map, pointer, variants, Some(tag))))
    }

    /// The object schema an alternative stands for (following `$ref`s and merging `allOf`s),
    /// when it is an object with properties.
    fn resolved_object(
        &mut self,
        schema: &Value,
        pointer: &JsonPointer,
    ) -> Result<Option<ResolvedObject>, SchemaError> {
        let Value::Object(map) = schema else {
            return Ok(None);
        };
        let mut target_pointer = None;
        let open = self.inlining.len();
        let carried = self.carried.len();
        let map = if needs_merge(map) {
            self.merge_open(map, pointer, 0)?
        } else if let Some(reference) = map.get("$ref") {
            let (pointer_text, target) = self.resolve(reference, &pointer.join("$ref"))?;
            target_pointer = Some(pointer_text.clone());
            match target {
                Value::Object(target) if !needs_merge(target) => target.clone(),
                Value::Object(target) => {
                    self.merge_open(target, &JsonPointer::from(pointer_text.as_str()), 1)?
                }
                _ => return Ok(None),
            }
        } else {
            map.clone()
        };
        self.inlining.truncate(open);
        let rules = self.carried.split_off(carried.min(self.carried.len()));
        let is_object = matches!(map.get("type"), None | Some(Value::String(_)))
            && map.get("type").is_none_or(|t| t == "object")
            && matches!(map.get("properties"), Some(Value::Object(p)) if !p.is_empty())
            && !map.contains_key("oneOf")
            && !map.contains_key("anyOf");
        Ok(is_object.then_some((target_pointer, map, rules)))
    }

    fn union(
        &mut self,
        hint: &str,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        variants: Vec<UnionParts>,
        tag: Option<String>,
    ) -> TypeRef {
        let mut variant_names = Scope::with_reserved(&["Self"]);
        let mut variants = variants;
        if tag.is_none() {
            // Tried in this order when deserializing (see `deserialize_untagged`).
            variants.sort_by_key(|(_, ty, _, _)| self.specificity(ty));
        }
        let variants = variants
            .into_iter()
            .map(|(label, ty, tag_value, checks)| UnionVariant {
                name: variant_names.claim(names::type_ident(&label, "Variant")),
                ty,
                boxed: false,
                tag_value,
                checks,
            })
            .collect();
        let name = self.claim_type(hint, "Union", pointer);
        self.types.push(TypeDef::Union(UnionDef {
            name: name.clone(),
            description: description_of(map),
            variants,
            tag,
        }));
        TypeRef::Named(name)
    }

    /// The rank of an untagged union's variant, the one that keeps the whole value first: an
    /// integer before a number (which would round it), an object shape requiring more
    /// properties before one requiring fewer, any object or value last.
    fn specificity(&self, ty: &TypeRef) -> (u8, std::cmp::Reverse<usize>) {
        let required = |name: &str| {
            self.types.iter().find_map(|t| match t {
                TypeDef::Struct(s) if s.name == name => {
                    Some(s.fields.iter().filter(|f| f.required).count())
                }
                _ => None,
            })
        };
        match ty {
            TypeRef::Integer(_) => (0, std::cmp::Reverse(0)),
            TypeRef::Number => (1, std::cmp::Reverse(0)),
            TypeRef::Json | TypeRef::Map(_) => (3, std::cmp::Reverse(0)),
            TypeRef::Named(name) => (2, std::cmp::Reverse(required(name).unwrap_or(0))),
            _ => (2, std::cmp::Reverse(0)),
        }
    }

    /// The pointer a local `$ref` names and the schema there.
    fn resolve(
        &self,
        reference: &Value,
        at: &JsonPointer,
    ) -> Result<(String, &'a Value), SchemaError> {
        let Some(text) = reference.as_str() else {
            return Err(self.error(at, "$ref", "must be a string"));
        };
        let Some(fragment) = text.strip_prefix('#') else {
            return Err(self.refusal(
                at,
                "$ref",
                format!("`{text}` is not a local reference, and nothing is fetched; only `#/$defs/..`, other pointers into this schema and `#anchor`s are followed: copy the referenced schema into `$defs` in an overlay"),
            ));
        };
        let root = self.root;
        let found = if fragment.is_empty() || fragment.starts_with('/') {
            let target = percent_decode(fragment);
            root.pointer(&target).map(|resolved| (target, resolved))
        } else {
            find_anchor(root, &percent_decode(fragment))
                .and_then(|target| root.pointer(&target).map(|resolved| (target, resolved)))
        };
        found.ok_or_else(|| {
            self.refusal(
                at,
                "$ref",
                format!("`{text}` points at nothing in this schema; point it at a schema under `$defs` in an overlay"),
            )
        })
    }

    fn lower_ref(
        &mut self,
        reference: &Value,
        pointer: &JsonPointer,
    ) -> Result<Lowered, SchemaError> {
        let at = pointer.join("$ref");
        let (target, resolved) = self.resolve(reference, &at)?;
        match self.refs.get_mut(&target) {
            Some(RefState::Done(lowered)) => return Ok((**lowered).clone()),
            Some(RefState::InProgress { name, used }) => {
                *used = true;
                return Ok(plain(TypeRef::Named(name.clone())));
            }
            None => {}
        }
        if self.ref_depth >= MAX_SCHEMA_DEPTH {
            return Err(self.refusal(
                &at,
                "limit",
                format!("`$ref`s nest more than {MAX_SCHEMA_DEPTH} deep (MAX_SCHEMA_DEPTH); flatten the definitions"),
            ));
        }
        let hint = ref_hint(&target);
        let name = self.scope.claim(names::type_ident(&hint, "Ref"));
        self.pending.push((hint.clone(), name.clone()));
        self.refs.insert(
            target.clone(),
            RefState::InProgress {
                name: name.clone(),
                used: false,
            },
        );
        self.ref_depth += 1;
        let result = self.lower(resolved, &JsonPointer::from(target.as_str()), &hint);
        self.ref_depth -= 1;
        // Still pending: no type of the target's own took the name.
        let unclaimed = self.pending.iter().any(|(_, n)| n == &name);
        self.pending.retain(|(_, n)| n != &name);
        let lowered = result?;
        let used = matches!(
            self.refs.get(&target),
            Some(RefState::InProgress { used: true, .. })
        );
        if used && (unclaimed || lowered.ty != TypeRef::Named(name.clone())) {
            return Err(self.error(
                &at,
                "$ref",
                format!("`#{target}` contains itself through a schema that is not an object with properties, an enum or a union (an array or map of itself, say); Rust cannot name that infinitely nested type: wrap it in an object in an overlay"),
            ));
        }
        self.refs
            .insert(target, RefState::Done(Box::new(lowered.clone())));
        Ok(lowered)
    }

    /// [`Self::merge`] from outside any merge; the `$ref` targets merged in are then open (in
    /// `inlining`) until the caller truncates it, so that meeting one inside its own merged
    /// content is refused as the cycle it is.
    fn merge_open(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        depth: usize,
    ) -> Result<Map<String, Value>, SchemaError> {
        let merged = self.merge(map, pointer, depth);
        // An error leaves the path as it was when it happened.
        self.merging.clear();
        let targets = std::mem::take(&mut self.merged);
        self.inlining.extend(targets);
        merged
    }

    /// One schema from an `allOf` (and a `$ref` beside other keywords): the members merged
    /// into one map, or an error naming what cannot be merged. The keywords of members that
    /// become rules stay where they are in the document: they go to [`Self::carried`] with the
    /// member's pointer, for the type the merged map becomes.
    fn merge(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        depth: usize,
    ) -> Result<Map<String, Value>, SchemaError> {
        if depth > MAX_MERGE_DEPTH {
            return Err(self.refusal(
                pointer,
                "allOf",
                format!("`allOf` members and their `$ref`s nest more than {MAX_MERGE_DEPTH} deep: is there a cycle? Merge the schemas in an overlay"),
            ));
        }
        self.spend(pointer)?;
        let mut base = map.clone();
        base.remove("allOf");
        let reference = base.remove("$ref");
        // (pointer for errors, pointer in the document, member)
        let mut members: Vec<(JsonPointer, JsonPointer, Map<String, Value>)> =
            vec![(pointer.clone(), pointer.clone(), base)];
        if let Some(reference) = reference {
            let at = pointer.join("$ref");
            let (target, member) = self.merged_target(&reference, &at, depth)?;
            members.push((at, target, member));
        }
        match map.get("allOf") {
            None => {}
            Some(Value::Array(all)) => {
                for (i, member) in all.iter().enumerate() {
                    let at = pointer.join("allOf").join(i);
                    self.spend(&at)?;
                    match member {
                        Value::Bool(true) => {}
                        Value::Object(member) => {
                            let member =
                                if member.contains_key("allOf") || member.contains_key("$ref") {
                                    self.merge(member, &at, depth + 1)?
                                } else {
                                    member.clone()
                                };
                            members.push((at.clone(), at, member));
                        }
                        _ => {
                            return Err(self.error(
                                &at,
                                "allOf",
                                "an `allOf` member is `false`, so no value is valid; remove the property in an overlay",
                            ));
                        }
                    }
                }
            }
            Some(_) => {
                return Err(self.error(&pointer.join("allOf"), "allOf", "must be an array"));
            }
        }
        let as_struct = members.iter().any(|(_, _, m)| has_properties(m));
        for (_, in_document, member) in members.iter_mut().skip(1) {
            if let Some(rules) = self.shapeless_rules(member, in_document, as_struct) {
                for (keyword, _) in &rules.keywords {
                    member.remove(keyword);
                }
                self.carried.push(rules);
            }
        }
        let members: Vec<(JsonPointer, Map<String, Value>)> =
            members.into_iter().map(|(at, _, m)| (at, m)).collect();
        self.check_closed_members(&members)?;
        let mut members = members.into_iter();
        let (_, mut merged) = members.next().unwrap_or_default();
        for (at, member) in members {
            merge_into(&mut merged, member)
                .map_err(|(keyword, message)| self.error(&at.join(&keyword), &keyword, message))?;
        }
        Ok(merged)
    }

    /// Adds rules carried from a merge to what the merged map became: its struct, or the
    /// checks of its value.
    fn attach_rules(&mut self, mut lowered: Lowered, rules: Vec<SchemaRules>) -> Lowered {
        if rules.is_empty() {
            return lowered;
        }
        if let TypeRef::Named(name) = &lowered.ty
            && let Some(TypeDef::Struct(def)) = self.types.iter_mut().find(|t| t.name() == name)
        {
            add_struct_rules(def, rules);
            return lowered;
        }
        lowered.checks.schema_rules.extend(rules);
        lowered
    }

    /// The schema a `$ref` points at, merged if it has an `allOf` of its own, with its pointer.
    fn merged_target(
        &mut self,
        reference: &Value,
        at: &JsonPointer,
        depth: usize,
    ) -> Result<(JsonPointer, Map<String, Value>), SchemaError> {
        let (target, resolved) = self.resolve(reference, at)?;
        if self.inlining.contains(&target) || self.merging.contains(&target) {
            return Err(self.error(
                at,
                "$ref",
                format!("`#{target}` contains itself through `allOf` (or a `$ref` beside other keywords), which cannot be merged into a finite schema; give the recursion an object with properties in an overlay"),
            ));
        }
        self.merging.push(target.clone());
        let merged = self.merge_target_content(resolved, &target, at, depth);
        self.merging.pop();
        if !self.merged.contains(&target) {
            self.merged.push(target.clone());
        }
        merged.map(|merged| (JsonPointer::from(target.as_str()), merged))
    }

    /// A `$ref` target's schema as one map, its own `allOf` merged.
    fn merge_target_content(
        &mut self,
        resolved: &Value,
        target: &str,
        at: &JsonPointer,
        depth: usize,
    ) -> Result<Map<String, Value>, SchemaError> {
        match resolved {
            Value::Bool(true) => Ok(Map::new()),
            Value::Object(target_map) => {
                if target_map.contains_key("allOf") || target_map.contains_key("$ref") {
                    self.merge(target_map, &JsonPointer::from(target), depth + 1)
                } else {
                    Ok(target_map.clone())
                }
            }
            _ => Err(self.error(
                at,
                "$ref",
                "the referenced schema accepts no value, so neither does this one",
            )),
        }
    }

    /// JSON Schema applies each `allOf` member on its own: an `additionalProperties` of one
    /// member does not see the properties another declares, which merging would hide.
    fn check_closed_members(
        &self,
        members: &[(JsonPointer, Map<String, Value>)],
    ) -> Result<(), SchemaError> {
        let declared = |m: &Map<String, Value>| -> BTreeSet<String> {
            m.get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default()
        };
        for (at, member) in members {
            let closed = matches!(member.get("additionalProperties"), Some(a) if a != &Value::Bool(true))
                || member.contains_key("patternProperties");
            if !closed {
                continue;
            }
            let own = declared(member);
            for (_, other) in members {
                if let Some(name) = declared(other).difference(&own).next() {
                    return Err(self.error(
                        &at.join("additionalProperties"),
                        "allOf",
                        format!("this `allOf` member restricts undeclared properties, and another member declares `{name}`, which this one does not; JSON Schema checks each member alone, so that property could never be valid: merge the members by hand in an overlay"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn checks(
        &self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
    ) -> Result<Checks, SchemaError> {
        let number = |key: &str| -> Result<Option<serde_json::Number>, SchemaError> {
            match map.get(key) {
                None => Ok(None),
                Some(Value::Number(n)) => Ok(Some(n.clone())),
                Some(_) => Err(self.error(&pointer.join(key), key, "must be a number")),
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
            Some(Value::Object(items))
                if !items.contains_key("$ref")
                    && !needs_merge(items)
                    && !map.contains_key("prefixItems") =>
            {
                let nested = self.checks(items, &pointer.join("items"))?;
                (!nested.is_empty()).then(|| Box::new(nested))
            }
            _ => None,
        };
        let pattern = match map.get("pattern") {
            None => None,
            // One the `regex` crate cannot compile is a rule of the schema validator.
            Some(Value::String(p)) => pattern_compiles(p).then(|| p.clone()),
            Some(_) => {
                return Err(self.error(&pointer.join("pattern"), "pattern", "must be a string"));
            }
        };
        let max_items = match map.get("items") {
            Some(Value::Bool(false)) if !map.contains_key("prefixItems") => Some(0),
            _ => count("maxItems")?,
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
            format: map.get("format").and_then(Value::as_str).map(str::to_owned),
            min_items: count("minItems")?,
            max_items,
            unique_items: map.get("uniqueItems") == Some(&Value::Bool(true)),
            items,
            values: None,
            key_patterns: Vec::new(),
            schema_rules: Vec::new(),
            forbidden_keys: Vec::new(),
        };
        if let (Some(min), Some(max)) = (&checks.minimum, &checks.maximum)
            && min.as_f64() > max.as_f64()
        {
            return Err(self.error(
                &pointer.join("minimum"),
                "minimum",
                format!("minimum {min} is above maximum {max}: no value is valid"),
            ));
        }
        for (min_key, max_key, min, max) in [
            (
                "minLength",
                "maxLength",
                checks.min_length,
                checks.max_length,
            ),
            ("minItems", "maxItems", checks.min_items, checks.max_items),
        ] {
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                return Err(self.error(
                    &pointer.join(min_key),
                    min_key,
                    format!("{min_key} {min} is above {max_key} {max}: no value is valid"),
                ));
            }
        }
        Ok(checks)
    }

    /// Finds every `default` that breaks the schema it stands in. Such a default is only an
    /// annotation the hub got wrong: a warning, documented as given, used by no example.
    fn check_defaults(&mut self, schema: &Value, pointer: &JsonPointer) {
        let mut stack = vec![(schema, pointer.clone())];
        while let Some((schema, at)) = stack.pop() {
            let Value::Object(map) = schema else { continue };
            if let Some(default) = map.get("default")
                && let Some(reason) = self.default_violation(map, default)
            {
                self.bad_defaults.insert(at.join("default"), reason);
            }
            for (key, value) in map {
                match (key.as_str(), value) {
                    (
                        "properties" | "patternProperties" | "$defs" | "definitions",
                        Value::Object(children),
                    ) => {
                        stack.extend(children.iter().map(|(k, v)| (v, at.join(key).join(k))));
                    }
                    ("allOf" | "anyOf" | "oneOf", Value::Array(children)) => {
                        stack.extend(
                            children
                                .iter()
                                .enumerate()
                                .map(|(i, v)| (v, at.join(key).join(i))),
                        );
                    }
                    ("items" | "additionalProperties", child) => stack.push((child, at.join(key))),
                    _ => {}
                }
            }
        }
    }

    /// Why `default` breaks `schema`, if it does. Only `$ref`s into `$defs`/`definitions` can
    /// be followed outside the root; a default whose schema has others is not checked.
    fn default_violation(&self, schema: &Map<String, Value>, default: &Value) -> Option<String> {
        let text = serde_json::to_string(schema).ok()?;
        if text.contains("\"$ref\":\"#\"") || text.contains("\"$ref\":\"#/properties") {
            return None;
        }
        let mut document = schema.clone();
        document.remove("default");
        for defs in ["$defs", "definitions"] {
            if let Some(Value::Object(root_defs)) = self.root.get(defs) {
                let mut all = root_defs.clone();
                if let Some(Value::Object(own)) = document.get(defs) {
                    all.extend(own.clone());
                }
                document.insert(defs.to_owned(), Value::Object(all));
            }
        }
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&Value::Object(document))
            .ok()?;
        let error = validator.iter_errors(default).next()?;
        Some(error.to_string())
    }
}

/// Merges one `allOf` member into the schema merged so far; `Err((keyword, message))` when
/// the two cannot be one schema.
fn merge_into(
    merged: &mut Map<String, Value>,
    member: Map<String, Value>,
) -> Result<(), (String, String)> {
    for (key, value) in member {
        let Some(existing) = merged.get_mut(&key) else {
            merged.insert(key, value);
            continue;
        };
        if *existing == value || is_annotation(&key) {
            continue;
        }
        let shown = crate::emit::docs::compact(existing);
        let conflict = |what: &str| {
            Err((
                key.clone(),
                format!(
                    "`{key}` {what} in two `allOf` members ({shown} and {}), which cannot be merged: merge them by hand in an overlay",
                    crate::emit::docs::compact(&value)
                ),
            ))
        };
        match key.as_str() {
            "properties" | "patternProperties" => {
                let (Value::Object(ours), Value::Object(theirs)) = (existing, value) else {
                    return Err((key.clone(), format!("`{key}` must be an object")));
                };
                for (name, schema) in theirs {
                    match ours.get_mut(&name) {
                        None => {
                            ours.insert(name, schema);
                        }
                        Some(same) if *same == schema => {}
                        Some(ours_schema) => {
                            let both = json!({"allOf": [ours_schema.clone(), schema]});
                            *ours_schema = both;
                        }
                    }
                }
            }
            "required" => {
                let (Value::Array(ours), Value::Array(theirs)) = (existing, value) else {
                    return Err((key.clone(), "`required` must be an array".to_owned()));
                };
                for name in theirs {
                    if !ours.contains(&name) {
                        ours.push(name);
                    }
                }
            }
            "type" => {
                let as_set = |v: &Value| -> BTreeSet<String> {
                    match v {
                        Value::String(s) => BTreeSet::from([s.clone()]),
                        Value::Array(a) => a
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                        _ => BTreeSet::new(),
                    }
                };
                let (ours, theirs) = (as_set(existing), as_set(&value));
                let mut both: BTreeSet<String> = ours.intersection(&theirs).cloned().collect();
                // An integer is a number: `integer` and `number` meet in `integer`.
                if (ours.contains("integer") && theirs.contains("number"))
                    || (ours.contains("number") && theirs.contains("integer"))
                {
                    both.insert("integer".to_owned());
                }
                if both.is_empty() {
                    return Err((
                        key.clone(),
                        format!(
                            "the `allOf` members allow no common type ({} and {}), so no value is valid; fix the schema in an overlay",
                            crate::emit::docs::compact(existing),
                            crate::emit::docs::compact(&value)
                        ),
                    ));
                }
                let mut both: Vec<Value> = both.into_iter().map(Value::from).collect();
                *existing = if both.len() == 1 {
                    both.remove(0)
                } else {
                    Value::Array(both)
                };
            }
            "minimum" | "exclusiveMinimum" | "minLength" | "minItems" => {
                if let (Some(a), Some(b)) = (existing.as_f64(), value.as_f64())
                    && b > a
                {
                    *existing = value;
                }
            }
            "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" => {
                if let (Some(a), Some(b)) = (existing.as_f64(), value.as_f64())
                    && b < a
                {
                    *existing = value;
                }
            }
            "uniqueItems" => {
                if value == Value::Bool(true) {
                    *existing = value;
                }
            }
            "multipleOf" => match (existing.as_f64(), value.as_f64()) {
                (Some(a), Some(b)) if is_whole(a / b) => {}
                (Some(a), Some(b)) if is_whole(b / a) => *existing = value,
                _ => return conflict("has values that are not multiples of each other"),
            },
            "enum" => {
                let (Value::Array(ours), Value::Array(theirs)) = (&*existing, &value) else {
                    return Err((key.clone(), "`enum` must be an array".to_owned()));
                };
                let both: Vec<Value> = ours
                    .iter()
                    .filter(|v| theirs.contains(v))
                    .cloned()
                    .collect();
                if both.is_empty() {
                    return Err((key.clone(), "the `enum`s of two `allOf` members have no value in common, so no value is valid; fix the schema in an overlay".to_owned()));
                }
                *existing = Value::Array(both);
            }
            "items" | "additionalProperties" => {
                let both = json!({"allOf": [existing.clone(), value]});
                *existing = both;
            }
            _ => return conflict("differs"),
        }
    }
    if let (Some(Value::Array(values)), Some(constant)) = (merged.get("enum"), merged.get("const"))
        && !values.contains(constant)
    {
        return Err(("const".to_owned(), "the `const` of one `allOf` member is not in the `enum` of another, so no value is valid; fix the schema in an overlay".to_owned()));
    }
    Ok(())
}

/// The Rust integer of an `integer` schema: see [`IntType`]. The normalizer has already
/// turned an OpenAPI integer `format` into bounds, so the bounds are the whole story but for
/// the name the format gives.
fn integer_type(map: &Map<String, Value>) -> IntType {
    if let Some(named) = map
        .get("format")
        .and_then(Value::as_str)
        .and_then(IntType::from_format)
    {
        return named;
    }
    let bound = |inclusive: &str, exclusive: &str, step: i128| {
        let whole = |v: &Value| match v {
            Value::Number(n) => n
                .as_i64()
                .map(i128::from)
                .or(n.as_u64().map(i128::from))
                .or(n.as_f64().filter(|f| f.abs() < 1e38).map(|f| f as i128)),
            _ => None,
        };
        map.get(inclusive)
            .and_then(whole)
            .or(map.get(exclusive).and_then(whole).map(|b| b + step))
    };
    IntType::for_bounds(
        bound("minimum", "exclusiveMinimum", 1),
        bound("maximum", "exclusiveMaximum", -1),
    )
}

fn is_whole(x: f64) -> bool {
    x.is_finite() && (x - x.round()).abs() < 1e-9
}

/// The checks of an alternative that stands alone beside `null`, added to those of the schema
/// holding the `anyOf`: the value checks of one of them, the rules of both.
fn merge_checks(mut outer: Checks, mut inner: Checks) -> Checks {
    let mut rules = std::mem::take(&mut outer.schema_rules);
    rules.append(&mut inner.schema_rules);
    let mut merged = if outer.is_empty() { inner } else { outer };
    merged.schema_rules = rules;
    merged
}

/// Adds rules to a struct. Rules may look at any property, so an open struct keeps the
/// undeclared ones (in a flattened map of JSON values) for them to see.
fn add_struct_rules(def: &mut StructDef, rules: Vec<SchemaRules>) {
    def.schema_rules.extend(rules);
    if def.schema_rules.is_empty() || def.extra.is_some() || def.deny_unknown_fields {
        return;
    }
    let mut taken: Vec<&str> = vec!["new", "validate", "build", MODEL_PROPERTY];
    for field in &def.fields {
        taken.push(&field.rust_name);
        taken.extend(field.clear_name.as_deref());
    }
    let mut methods = Scope::with_reserved(&taken);
    let rust_name = methods.claim("extra".to_owned());
    let insert_name = methods.claim(format!("insert_{rust_name}"));
    def.extra = Some(Box::new(ExtraDef {
        rust_name,
        insert_name,
        ty: TypeRef::Json,
        checks: Checks::default(),
    }));
}

/// Rules of array items go with the item checks.
fn add_item_rules(checks: &mut Checks, rules: Vec<SchemaRules>) {
    if !rules.is_empty() {
        checks
            .items
            .get_or_insert_with(Default::default)
            .schema_rules
            .extend(rules);
    }
}

/// An object or array: no Rust literal enum can hold it.
fn is_structured(value: &Value) -> bool {
    matches!(value, Value::Object(_) | Value::Array(_))
}

/// Whether the `regex` crate that `validate()` uses compiles `pattern`; the schema validator
/// checks the others (look-around, back-references).
fn pattern_compiles(pattern: &str) -> bool {
    regex::Regex::new(pattern).is_ok()
}

fn has_uncompilable_pattern(map: &Map<String, Value>) -> bool {
    map.get("patternProperties")
        .and_then(Value::as_object)
        .is_some_and(|patterns| patterns.keys().any(|p| !pattern_compiles(p)))
}

/// Boxes every field and union variant whose type contains, without a `Vec` or map in
/// between, the type that holds it: otherwise the Rust type would have infinite size.
fn box_recursive_fields(request: &mut RequestDef) {
    let direct = |ty: &TypeRef| -> Option<String> {
        match ty {
            TypeRef::Named(name) => Some(name.clone()),
            TypeRef::Optional(inner) => match inner.as_ref() {
                TypeRef::Named(name) => Some(name.clone()),
                _ => None,
            },
            _ => None,
        }
    };
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let all_structs =
        std::iter::once(&request.body).chain(request.types.iter().filter_map(|t| match t {
            TypeDef::Struct(s) => Some(s),
            _ => None,
        }));
    for def in all_structs {
        edges
            .entry(def.name.clone())
            .or_default()
            .extend(def.fields.iter().filter_map(|f| direct(&f.ty)));
    }
    for def in &request.types {
        if let TypeDef::Union(u) = def {
            edges
                .entry(u.name.clone())
                .or_default()
                .extend(u.variants.iter().filter_map(|v| direct(&v.ty)));
        }
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone())
                && let Some(next) = edges.get(&node)
            {
                stack.extend(next.iter().cloned());
            }
        }
        false
    };
    let mut memo: BTreeMap<(String, String), bool> = BTreeMap::new();
    let mut cyclic = |from: &str, to: &str| -> bool {
        *memo
            .entry((from.to_owned(), to.to_owned()))
            .or_insert_with(|| reaches(to, from))
    };
    let body_name = request.body.name.clone();
    for field in &mut request.body.fields {
        if let Some(target) = direct(&field.ty) {
            field.boxed = cyclic(&body_name, &target);
        }
    }
    for def in &mut request.types {
        match def {
            TypeDef::Struct(s) => {
                for field in &mut s.fields {
                    if let Some(target) = direct(&field.ty) {
                        field.boxed = cyclic(&s.name, &target);
                    }
                }
            }
            TypeDef::Union(u) => {
                for variant in &mut u.variants {
                    if let Some(target) = direct(&variant.ty) {
                        variant.boxed = cyclic(&u.name, &target);
                    }
                }
            }
            TypeDef::LiteralEnum(_) => {}
        }
    }
}

/// Refuses a type no finite value can have: a struct that requires itself with no way out
/// (no `null`, no other union variant, no empty array).
fn check_finite(
    request: &RequestDef,
    pointers: &BTreeMap<String, JsonPointer>,
    source: &SchemaSource,
) -> Result<(), SchemaError> {
    let mut finite: BTreeSet<&str> = BTreeSet::new();
    fn holds(ty: &TypeRef, min_items: Option<u64>, finite: &BTreeSet<&str>) -> bool {
        match ty {
            TypeRef::Named(name) => finite.contains(name.as_str()),
            TypeRef::Array(inner) => min_items.unwrap_or(0) == 0 || holds(inner, None, finite),
            TypeRef::Optional(_) | TypeRef::Map(_) => true,
            _ => true,
        }
    }
    let struct_ok = |def: &StructDef, finite: &BTreeSet<&str>| {
        def.fields
            .iter()
            .filter(|f| f.required && !f.nullable)
            .all(|f| holds(&f.ty, f.checks.min_items, finite))
    };
    loop {
        let before = finite.len();
        for def in &request.types {
            let ok = match def {
                TypeDef::Struct(s) => struct_ok(s, &finite),
                TypeDef::Union(u) => u.variants.iter().any(|v| holds(&v.ty, None, &finite)),
                TypeDef::LiteralEnum(_) => true,
            };
            if ok {
                finite.insert(def.name());
            }
        }
        if finite.len() == before {
            break;
        }
    }
    let stuck = request
        .types
        .iter()
        .find(|t| !finite.contains(t.name()))
        .map(|t| t.name())
        .or_else(|| (!struct_ok(&request.body, &finite)).then_some(request.body.name.as_str()));
    match stuck {
        None => Ok(()),
        Some(name) => Err(SchemaError {
            source_file: source.clone(),
            pointer: pointers.get(name).cloned().unwrap_or_default(),
            keyword: "required".to_owned(),
            message: format!(
                "`{name}` requires a value of its own type (directly or through other required properties) with no `null`, alternative or empty array to stop at, so no finite value is valid; make one of those properties optional in an overlay"
            ),
        }),
    }
}

/// Refuses a union that is one of its own alternatives (directly or through other unions,
/// with no object between): deserializing it would try that alternative on the same value
/// forever, a stack overflow.
fn check_unions_consume_input(
    request: &RequestDef,
    pointers: &BTreeMap<String, JsonPointer>,
    source: &SchemaSource,
) -> Result<(), SchemaError> {
    let unions: BTreeMap<&str, &UnionDef> = request
        .types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Union(u) => Some((u.name.as_str(), u)),
            _ => None,
        })
        .collect();
    for (name, union) in &unions {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut next = union_alternatives(union, &unions);
        while let Some(reached) = next.pop() {
            if reached == *name {
                return Err(SchemaError {
                    source_file: source.clone(),
                    pointer: pointers.get(*name).cloned().unwrap_or_default(),
                    keyword: "$ref".to_owned(),
                    message: format!(
                        "`{name}` is one of its own alternatives (an `anyOf`/`oneOf` member that refers back to it with no object between), so no value can be told apart from the one it stands for; remove that alternative in an overlay"
                    ),
                });
            }
            if seen.insert(reached)
                && let Some(union) = unions.get(reached)
            {
                next.extend(union_alternatives(union, &unions));
            }
        }
    }
    Ok(())
}

/// The unions among a union's alternatives, reached without reading any of the value.
fn union_alternatives<'u>(union: &'u UnionDef, unions: &BTreeMap<&str, &UnionDef>) -> Vec<&'u str> {
    union
        .variants
        .iter()
        .filter_map(|v| match &v.ty {
            TypeRef::Named(n) => Some(n.as_str()),
            TypeRef::Optional(inner) => match inner.as_ref() {
                TypeRef::Named(n) => Some(n.as_str()),
                _ => None,
            },
            _ => None,
        })
        .filter(|n| unions.contains_key(n))
        .collect()
}

fn has_properties(map: &Map<String, Value>) -> bool {
    matches!(map.get("properties"), Some(Value::Object(p)) if !p.is_empty())
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

/// The name hint of a `$ref` target: its last pointer token, `Root` for the whole schema.
fn ref_hint(target: &str) -> String {
    match target.rsplit('/').next() {
        Some(last) if !target.is_empty() && !last.is_empty() => last.to_owned(),
        _ => "Root".to_owned(),
    }
}

/// The pointer of the subschema whose `$anchor` is `name`, if there is one.
fn find_anchor(root: &Value, name: &str) -> Option<String> {
    let mut stack = vec![(root, JsonPointer::root())];
    while let Some((value, at)) = stack.pop() {
        match value {
            Value::Object(map) => {
                if map.get("$anchor").and_then(Value::as_str) == Some(name) {
                    return Some(at.as_str().to_owned());
                }
                stack.extend(map.iter().map(|(k, v)| (v, at.join(k))));
            }
            Value::Array(items) => {
                stack.extend(items.iter().enumerate().map(|(i, v)| (v, at.join(i))));
            }
            _ => {}
        }
    }
    None
}

/// `%xx` escapes of a URI fragment, decoded (`#/$defs/a%20b`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
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
