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

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use self::merging::needs_merge;
use self::objects::add_struct_rules;
use self::recursion::{box_recursive_fields, check_finite, check_unions_consume_input};
use crate::catalog::SchemaSource;
use crate::error::SchemaError;
use crate::ir::{Checks, RequestDef, SchemaRules, TypeDef, TypeRef};
use crate::names::{self, Scope};
use crate::schema::JsonPointer;

mod checks;
mod enums;
mod limits;
mod merging;
mod objects;
mod recursion;
mod references;
mod types;
mod unions;

pub use checks::SHAPELESS;
#[cfg(test)]
pub(crate) use limits::on_small_stacks;
pub use limits::{
    MAX_ENUM_VALUES, MAX_SCHEMA_BYTES, MAX_SCHEMA_DEPTH, MAX_SUBSCHEMAS, WORKER_STACK_BYTES,
    check_limits, on_worker_stacks,
};

/// The property every request carries; the generator owns it, so a schema's own is skipped.
pub const MODEL_PROPERTY: &str = "model";

/// A request type, with the warnings met on the way (bad defaults, subschemas left as JSON).
#[derive(Debug, Clone)]
pub struct LoweredRequest {
    pub request: RequestDef,
    pub warnings: Vec<SchemaError>,
}

/// Lowers `schema` (already normalized, its size limits checked by [`check_limits`] on the raw
/// schema, as `generate` does once per schema) into the request type `name`.
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
        open_enums: !is_request,
        typeless_is_json: is_request,
        fatal: std::cell::Cell::new(false),
        carried: Vec::new(),
        bad_defaults: BTreeMap::new(),
        warnings: Vec::new(),
    };
    lowerer.check_defaults(schema);
    let root = JsonPointer::root();
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
    refs: BTreeMap<JsonPointer, RefState>,
    /// Names claimed for `$ref` targets being lowered, by the hint their type is lowered with:
    /// the target's own type takes it, so that recursive references find it.
    pending: Vec<(String, String)>,
    /// Subschemas left to lower before [`MAX_SUBSCHEMAS`] is reached.
    budget: usize,
    ref_depth: usize,
    /// Where each generated type comes from, for errors found after lowering.
    pointers: BTreeMap<String, JsonPointer>,
    /// Structs of `$ref`ed alternatives of tagged unions, by target and tag property.
    tagged_refs: BTreeMap<(JsonPointer, String), String>,
    /// `$ref` targets whose content is merged into the schema being lowered.
    inlining: Vec<JsonPointer>,
    /// `$ref` targets being merged, outermost first: meeting one again is a cycle. Siblings
    /// (two mixins of one base, or one target twice in an `allOf`) are not on each other's path.
    merging: Vec<JsonPointer>,
    /// `$ref` targets merged by the `merge` under way, opened (moved to `inlining`) when it ends.
    merged: Vec<JsonPointer>,
    /// How deep `lower` is.
    depth: usize,
    /// Enums keep the values they do not list (responses: a newer hub's answers decode).
    open_enums: bool,
    /// A subschema without `type` is plain JSON, whatever its applicators (`properties`,
    /// `items`, ...) say of objects and arrays: it also accepts every other JSON type
    /// (requests, whose typed path must refuse nothing the schema accepts; a response's is
    /// read as the type its applicators describe).
    typeless_is_json: bool,
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

/// Lowering one schema in a unit test, and finding things in what it became.
#[cfg(test)]
mod test_support {
    use serde_json::Value;

    use super::{LoweredRequest, lower_request, lower_response};
    use crate::catalog::{ModelId, SchemaSource};
    use crate::error::SchemaError;
    use crate::ir::{FieldDef, LiteralEnumDef, StructDef, TypeDef, UnionDef};

    pub(super) fn source() -> SchemaSource {
        SchemaSource::Model(ModelId::parse("unit-test").expect("a valid model id"))
    }

    /// Lowers `schema` (taken as normalized) into the request type `Req`.
    pub(super) fn lower(schema: Value) -> Result<LoweredRequest, SchemaError> {
        lower_request(&schema, "Req", &source(), &[])
    }

    pub(super) fn lowered(schema: Value) -> LoweredRequest {
        lower(schema).expect("the schema lowers")
    }

    pub(super) fn lowered_response(schema: Value) -> LoweredRequest {
        lower_response(&schema, "Resp", &source()).expect("the schema lowers")
    }

    pub(super) fn refusal(schema: Value) -> SchemaError {
        lower(schema).expect_err("the schema is refused")
    }

    pub(super) fn field<'s>(def: &'s StructDef, json_name: &str) -> &'s FieldDef {
        def.fields
            .iter()
            .find(|f| f.json_name == json_name)
            .unwrap_or_else(|| panic!("no field `{json_name}` in {}", def.name))
    }

    pub(super) fn type_def<'r>(lowered: &'r LoweredRequest, name: &str) -> &'r TypeDef {
        lowered
            .request
            .types
            .iter()
            .find(|t| t.name() == name)
            .unwrap_or_else(|| panic!("no type `{name}` among {:?}", names(lowered)))
    }

    pub(super) fn struct_def<'r>(lowered: &'r LoweredRequest, name: &str) -> &'r StructDef {
        match type_def(lowered, name) {
            TypeDef::Struct(def) => def,
            other => panic!("`{name}` is not a struct: {other:?}"),
        }
    }

    pub(super) fn enum_def<'r>(lowered: &'r LoweredRequest, name: &str) -> &'r LiteralEnumDef {
        match type_def(lowered, name) {
            TypeDef::LiteralEnum(def) => def,
            other => panic!("`{name}` is not a literal enum: {other:?}"),
        }
    }

    pub(super) fn union_def<'r>(lowered: &'r LoweredRequest, name: &str) -> &'r UnionDef {
        match type_def(lowered, name) {
            TypeDef::Union(def) => def,
            other => panic!("`{name}` is not a union: {other:?}"),
        }
    }

    pub(super) fn names(lowered: &LoweredRequest) -> Vec<&str> {
        lowered.request.types.iter().map(TypeDef::name).collect()
    }
}
