//! Offline validation of request payloads (`serde_json::Value`s) against the embedded schemas.
//!
//! [`validate_payload`] checks a payload against the JSON Schema of a model: the embedded
//! normalized schema (draft 2020-12, OpenAPI `nullable` already rewritten, the hub-only
//! keywords `x-order`, `basic` and `renderType` kept as annotations that check nothing), with
//! `model` required and equal to the model's id, and `format` checked. Each model's validator
//! is compiled once, on first use, and reused.
//!
//! ```
//! // Any model of the catalog: its payload must name it.
//! let Some(model) = oxen_models::MODELS.first() else { return };
//! let payload = serde_json::json!({ "model": "no-such-model" });
//! let error = oxen_models::validate_payload(model.id, &payload).unwrap_err();
//! let wrong_model = error.violations().iter().find(|v| v.instance_path == "/model").unwrap();
//! assert_eq!(wrong_model.keyword, "const");
//! assert!(wrong_model.message.contains("is not this model's id"));
//! ```

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

use crate::runtime::{Request, write_violation};
use crate::{MODELS, Model, ModelInfo};

/// One way a payload breaks its model's schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct PayloadViolation {
    /// A JSON pointer into the payload, e.g. `/num_inference_steps` (`""` is the payload itself).
    pub instance_path: String,
    /// A JSON pointer into [`payload_schema`] of the model, e.g. `/properties/num_inference_steps/maximum`.
    pub schema_path: String,
    /// The JSON Schema keyword, e.g. `maximum`.
    pub keyword: String,
    /// The value and the rule in plain words, e.g. `80 is greater than the maximum of 50`.
    pub message: String,
}

impl fmt::Display for PayloadViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_violation(f, &self.instance_path, &self.message)
    }
}

/// A model id that the catalog does not have, with the nearest ids it does have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownModel {
    /// The id as given.
    pub id: String,
    /// The known ids nearest to `id`, nearest first (at most three; maybe none).
    pub suggestions: Vec<&'static str>,
}

impl fmt::Display for UnknownModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown model {:?}", self.id)?;
        match self.suggestions.as_slice() {
            [] => write!(f, "; none of the {} known ids is near it", MODELS.len()),
            [one] => write!(f, "; did you mean {one:?}?"),
            [init @ .., last] => {
                f.write_str("; did you mean ")?;
                for (i, id) in init.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{id:?}")?;
                }
                write!(f, " or {last:?}?")
            }
        }
    }
}

impl std::error::Error for UnknownModel {}

/// Why a payload was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadError {
    /// The model id names no model of the catalog.
    UnknownModel(UnknownModel),
    /// The payload breaks its model's schema: every violation, in schema order.
    Invalid(Vec<PayloadViolation>),
}

impl PayloadError {
    /// The violations (none for an unknown model).
    pub fn violations(&self) -> &[PayloadViolation] {
        match self {
            PayloadError::UnknownModel(_) => &[],
            PayloadError::Invalid(violations) => violations,
        }
    }
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadError::UnknownModel(unknown) => unknown.fmt(f),
            PayloadError::Invalid(violations) => {
                for (i, violation) in violations.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    violation.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for PayloadError {}

impl From<UnknownModel> for PayloadError {
    fn from(unknown: UnknownModel) -> Self {
        PayloadError::UnknownModel(unknown)
    }
}

/// The model with this id, or an error naming the nearest known ids.
pub fn find_model(id: &str) -> Result<&'static ModelInfo, UnknownModel> {
    index_of(id)
        .map(|i| &MODELS[i])
        .ok_or_else(|| UnknownModel {
            id: id.to_owned(),
            suggestions: suggestions(id),
        })
}

/// The position of the model `id` in [`MODELS`], from a map built once.
fn index_of(id: &str) -> Option<usize> {
    // Payloads come in runs of one model (a request log, a batch): try the last one first.
    thread_local!(static LAST: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) });
    let last = LAST.get();
    if MODELS.get(last).is_some_and(|model| model.id == id) {
        return Some(last);
    }
    static INDEX: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        MODELS
            .iter()
            .enumerate()
            .map(|(i, model)| (model.id, i))
            .collect()
    });
    let found = index.get(id).copied();
    if let Some(i) = found {
        LAST.set(i);
    }
    found
}

/// Checks `payload` against the schema of the model `model_id`; lists every violation.
///
/// The payload's `model` must be `model_id`. Everything runs offline: the schemas are
/// embedded, and each model's validator is compiled once and reused.
pub fn validate_payload(model_id: &str, payload: &Value) -> Result<(), PayloadError> {
    let index = index_of(model_id).ok_or_else(|| {
        PayloadError::UnknownModel(UnknownModel {
            id: model_id.to_owned(),
            suggestions: suggestions(model_id),
        })
    })?;
    compiled_at(index)
        .check(payload)
        .map_err(PayloadError::Invalid)
}

/// A typed request's `validate()`: its JSON checked by [`validate_payload`]'s validator of
/// its model, with the same violations in the same order.
pub(crate) fn validate_request<R: Request>(request: &R) -> Result<(), crate::Violations> {
    let id = <R::Model as Model>::ID;
    let refused = |keyword: &str, message: String| {
        crate::Violations(vec![PayloadViolation {
            instance_path: String::new(),
            schema_path: String::new(),
            keyword: keyword.to_owned(),
            message,
        }])
    };
    let mut payload = serde_json::to_value(request)
        .map_err(|error| refused("json", format!("the request is not JSON: {error}")))?;
    crate::runtime::whole_numbers(&mut payload);
    let index = index_of(id).ok_or_else(|| {
        refused(
            "model",
            format!("the model {id:?} is not in this build's catalog"),
        )
    })?;
    compiled_at(index)
        .check(&payload)
        .map_err(crate::Violations)
}

/// The deepest nesting of arrays and objects a payload may have, the payload itself at depth
/// 1: the most `serde_json` reads from text (127 levels of nesting in a file; one more is its
/// "recursion limit exceeded").
///
/// The schema validator, the messages and dropping a [`Value`] recurse once per level, so a
/// deeper value built in memory could exhaust the stack: [`validate_payload`] refuses it
/// before anything else walks it (keyword `depth`, at the first value too deep). Measured in
/// the debug build: a 128-deep payload through a recursive schema is checked on a thread of
/// 256 KiB of stack (`runtime/tests/validate.rs`), an eighth of the 2 MiB Rust gives every
/// spawned thread, rayon's included.
pub const MAX_PAYLOAD_DEPTH: usize = 128;

/// The violation of a payload nested deeper than [`MAX_PAYLOAD_DEPTH`], at the first value past
/// it; `None` for any other. The walk carries its depth and stops at the limit, so its own
/// recursion is bounded.
fn too_deep(payload: &Value) -> Option<PayloadViolation> {
    /// Whether a value under `value` (at `depth`) is too deep; `path` then holds the way to it,
    /// last token first (built only then: a payload that passes allocates nothing here).
    fn first_too_deep(value: &Value, depth: usize, path: &mut Vec<String>) -> bool {
        let too_deep = |child: &Value, path: &mut Vec<String>| {
            (child.is_array() || child.is_object())
                && (depth == MAX_PAYLOAD_DEPTH || first_too_deep(child, depth + 1, path))
        };
        let found = match value {
            Value::Array(items) => (items.iter().enumerate())
                .find(|(_, child)| too_deep(child, path))
                .map(|(i, _)| i.to_string()),
            Value::Object(map) => map
                .iter()
                .find(|(_, child)| too_deep(child, path))
                .map(|(key, _)| escape_token(key)),
            _ => None,
        };
        found.map(|token| path.push(token)).is_some()
    }
    let mut path = Vec::new();
    if !first_too_deep(payload, 1, &mut path) {
        return None;
    }
    let instance_path: String = path.iter().rev().map(|token| format!("/{token}")).collect();
    Some(PayloadViolation {
        instance_path,
        schema_path: String::new(),
        keyword: "depth".to_owned(),
        message: format!(
            "the payload nests arrays and objects deeper than {MAX_PAYLOAD_DEPTH} levels here \
             (MAX_PAYLOAD_DEPTH), more than JSON read from text can hold; it is not checked"
        ),
    })
}

/// A JSON Pointer reference token (RFC 6901): `~` as `~0`, `/` as `~1`.
fn escape_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Checks `payload` against the schema of the model its own `model` field names.
///
/// Returns that model on success. A payload that is not an object or has no string `model` is
/// [`PayloadError::Invalid`]; a `model` that names no model is [`PayloadError::UnknownModel`].
pub fn validate_payload_by_model_field(
    payload: &Value,
) -> Result<&'static ModelInfo, PayloadError> {
    let info = model_of(payload)?;
    validate_payload(info.id, payload).map(|()| info)
}

/// The model that a payload's `model` field names.
pub fn model_of(payload: &Value) -> Result<&'static ModelInfo, PayloadError> {
    let violation = |instance_path: &str, keyword: &str, message: String| {
        PayloadError::Invalid(vec![PayloadViolation {
            instance_path: instance_path.to_owned(),
            schema_path: if instance_path.is_empty() {
                format!("/{keyword}")
            } else {
                format!("/properties/model/{keyword}")
            },
            keyword: keyword.to_owned(),
            message,
        }])
    };
    let Value::Object(object) = payload else {
        return Err(violation(
            "",
            "type",
            format!("{} is not an object", shown(payload)),
        ));
    };
    match object.get("model") {
        None => Err(violation(
            "",
            "required",
            "the required property \"model\" is missing; it names the model whose schema applies"
                .to_owned(),
        )),
        Some(Value::String(id)) => Ok(find_model(id)?),
        Some(other) => Err(violation(
            "/model",
            "type",
            format!("{} is not a string", shown(other)),
        )),
    }
}

/// The JSON Schema that payloads of the model `model_id` are checked against: the model's
/// embedded schema ([`ModelInfo::schema`]) with `model` required and equal to the id, and
/// `type: object` when the schema states no type (a request body is an object).
/// Schema paths in [`PayloadViolation`]s point into it.
pub fn payload_schema(model_id: &str) -> Result<Value, UnknownModel> {
    find_model(model_id).map(payload_schema_of)
}

fn payload_schema_of(info: &ModelInfo) -> Value {
    with_model_property(info.schema, Some(info.id))
}

/// An embedded schema with the `model` property every request has: a string, required and
/// equal to `id` when it is given.
fn with_model_property(embedded: &str, id: Option<&str>) -> Value {
    match serde_json::from_str(embedded) {
        Ok(schema) => with_model_property_value(schema, id),
        Err(error) => panic!("an embedded schema is not JSON ({error}): a generator bug"),
    }
}

/// [`with_model_property`] of a parsed schema.
fn with_model_property_value(mut schema: Value, id: Option<&str>) -> Value {
    // A request body is an object (the generator refuses any other type): the schema `true`
    // is the empty object schema, and a schema without a `type` gets `object`.
    if schema == Value::Bool(true) {
        schema = Value::Object(Default::default());
    }
    let Value::Object(root) = &mut schema else {
        return schema;
    };
    root.entry("type").or_insert_with(|| Value::from("object"));
    let properties = root
        .entry("properties")
        .or_insert_with(|| Value::Object(Default::default()));
    if let Value::Object(properties) = properties {
        let model = properties
            .entry("model")
            .or_insert_with(|| serde_json::json!({ "type": "string" }));
        if let (Value::Object(model), Some(id)) = (model, id) {
            model.insert("const".to_owned(), Value::String(id.to_owned()));
        }
    }
    if id.is_some() {
        let required = root
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(required) = required
            && !required.iter().any(|r| r == "model")
        {
            required.insert(0, Value::String("model".to_owned()));
        }
    }
    schema
}

/// Compiles a payload schema the way [`validate_payload`] does: draft 2020-12, `format` checked,
/// nothing fetched (an `$ref` to anything outside the schema is an error).
pub fn compile_payload_schema(schema: &Value) -> Result<jsonschema::Validator, String> {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .map_err(|error| error.to_string())
}

/// A model's payload schema and its validator, built once.
struct Compiled {
    validator: jsonschema::Validator,
    schema: Value,
}

impl Compiled {
    /// Every violation of `payload`, in the schema's display order.
    fn check(&self, payload: &Value) -> Result<(), Vec<PayloadViolation>> {
        if let Some(too_deep) = too_deep(payload) {
            return Err(vec![too_deep]);
        }
        if self.validator.is_valid(payload) {
            return Ok(());
        }
        let mut violations = Vec::new();
        for error in self.validator.iter_errors(payload) {
            push_violations(&error, &mut violations);
        }
        in_display_order(&self.schema, &mut violations);
        Err(violations)
    }
}

/// A request schema the hub returned at run time (`json_request_schema` of
/// `GET /api/ai/models/<id>`), for a model this crate may not have: checked the way
/// [`validate_payload`] checks the embedded ones (draft 2020-12, `format` checked, `model`
/// required and equal to the id, every violation in plain words).
pub struct HubSchema(Compiled);

impl fmt::Debug for HubSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("HubSchema").field(&self.0.schema).finish()
    }
}

impl HubSchema {
    /// `request_schema` as the payload schema of `model_id`. The OpenAPI 3.0 and draft-4
    /// forms the hub writes are read as the generator reads them: `nullable: true` admits
    /// `null`, a boolean `exclusiveMinimum`/`exclusiveMaximum` makes its bound exclusive.
    ///
    /// # Errors
    /// The validator's message when the schema is not a JSON Schema it can compile.
    pub fn new(model_id: &str, request_schema: &Value) -> Result<Self, String> {
        let mut schema = request_schema.clone();
        openapi_as_2020_12(&mut schema);
        let schema = with_model_property_value(schema, Some(model_id));
        let validator = compile_payload_schema(&schema)?;
        Ok(Self(Compiled { validator, schema }))
    }

    /// The payload schema violations are reported against.
    pub fn schema(&self) -> &Value {
        &self.0.schema
    }

    /// Checks `payload`; every violation, in the schema's display order.
    pub fn validate(&self, payload: &Value) -> Result<(), Vec<PayloadViolation>> {
        self.0.check(payload)
    }
}

/// Keywords whose values are instances, not schemas: left as they are.
const INSTANCE_KEYWORDS: &[&str] = &["const", "default", "enum", "example", "examples"];

/// Rewrites OpenAPI 3.0 `nullable` and draft-4 boolean exclusive bounds, everywhere in
/// `schema`, into draft 2020-12 (what `oxen-codegen`'s normalize step does for the embedded
/// schemas). serde_json's recursion limit bounds the depth of any parsed value.
fn openapi_as_2020_12(schema: &mut Value) {
    match schema {
        Value::Array(items) => items.iter_mut().for_each(openapi_as_2020_12),
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if !INSTANCE_KEYWORDS.contains(&key.as_str()) {
                    openapi_as_2020_12(child);
                }
            }
            for (exclusive, inclusive) in [
                ("exclusiveMinimum", "minimum"),
                ("exclusiveMaximum", "maximum"),
            ] {
                if let Some(Value::Bool(is_exclusive)) = map.get(exclusive) {
                    let is_exclusive = *is_exclusive;
                    map.remove(exclusive);
                    if is_exclusive && let Some(bound) = map.remove(inclusive) {
                        map.insert(exclusive.to_owned(), bound);
                    }
                }
            }
            if map.get("nullable") != Some(&Value::Bool(true)) {
                if map.get("nullable") == Some(&Value::Bool(false)) {
                    map.remove("nullable");
                }
                return;
            }
            map.remove("nullable");
            if let Some(Value::Array(values)) = map.get_mut("enum")
                && !values.contains(&Value::Null)
            {
                values.push(Value::Null);
            }
            match map.get_mut("type") {
                Some(Value::String(single)) => {
                    let single = std::mem::take(single);
                    map.insert("type".to_owned(), serde_json::json!([single, "null"]));
                }
                Some(Value::Array(types)) => {
                    if !types.contains(&Value::from("null")) {
                        types.push(Value::from("null"));
                    }
                }
                _ => {
                    // No type to extend: null beside the whole schema, its definitions kept
                    // where `$ref`s find them.
                    let mut outer = serde_json::Map::new();
                    for key in ["$defs", "definitions"] {
                        if let Some(definitions) = map.remove(key) {
                            outer.insert(key.to_owned(), definitions);
                        }
                    }
                    let inner = Value::Object(std::mem::take(map));
                    outer.insert(
                        "anyOf".to_owned(),
                        serde_json::json!([inner, {"type": "null"}]),
                    );
                    *map = outer;
                }
            }
        }
        _ => {}
    }
}

fn compiled_at(index: usize) -> &'static Compiled {
    static COMPILED: OnceLock<Box<[OnceLock<Compiled>]>> = OnceLock::new();
    let slots = COMPILED.get_or_init(|| MODELS.iter().map(|_| OnceLock::new()).collect());
    slots[index].get_or_init(|| {
        let info = &MODELS[index];
        let schema = payload_schema_of(info);
        match compile_payload_schema(&schema) {
            Ok(validator) => Compiled { validator, schema },
            Err(error) => panic!(
                "the embedded schema of {} does not compile ({error}): a generator bug",
                info.id
            ),
        }
    })
}

/// Sorts violations into the order `validate()` reports them in: properties in the hub's
/// display order (`x-order`; then required ones as `required` lists them, then by name, as
/// the generated fields are), array items by index, level by level; the payload itself first.
/// The schema validator's own order is by property name.
fn in_display_order(schema: &Value, violations: &mut [PayloadViolation]) {
    violations.sort_by_cached_key(|violation| display_key(schema, &violation.instance_path));
}

/// One rank per token of `pointer`, read along the schema; past what the schema describes
/// (a union, an open map), the tokens themselves.
fn display_key(root: &Value, pointer: &str) -> Vec<(i64, usize, String)> {
    let mut key = Vec::new();
    let mut node = Some(root);
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let here = node.map(|schema| resolved(root, schema));
        if let Ok(index) = token.parse::<usize>()
            && let Some(items) = here.and_then(|schema| branch_with(root, schema, "items", None))
        {
            key.push((i64::try_from(index).unwrap_or(i64::MAX), 0, String::new()));
            node = items.get("items");
            continue;
        }
        let object = here.and_then(|schema| branch_with(root, schema, "properties", Some(&token)));
        let property = object.and_then(|schema| schema.get("properties")?.get(&token));
        let required_at = object
            .and_then(|schema| schema.get("required")?.as_array())
            .and_then(|required| required.iter().position(|name| name == token.as_str()))
            .unwrap_or(usize::MAX);
        let order = property
            .map(|p| resolved(root, p))
            .and_then(|p| p.get("x-order")?.as_i64())
            .unwrap_or(i64::MAX);
        key.push((order, required_at, token));
        node = property;
    }
    key
}

/// `schema` itself, or the first of its `anyOf`/`oneOf`/`allOf` alternatives, that has
/// `keyword` (and, for `properties`, the property `name`).
fn branch_with<'a>(
    root: &'a Value,
    schema: &'a Value,
    keyword: &str,
    name: Option<&str>,
) -> Option<&'a Value> {
    let has = |candidate: &Value| match (candidate.get(keyword), name) {
        (Some(found), Some(name)) => found.get(name).is_some(),
        (Some(_), None) => true,
        (None, _) => false,
    };
    if has(schema) {
        return Some(schema);
    }
    ["anyOf", "oneOf", "allOf"]
        .iter()
        .filter_map(|union| schema.get(union)?.as_array())
        .flatten()
        .map(|branch| resolved(root, branch))
        .find(|branch| has(branch))
}

/// Follows a local `$ref` (`#/$defs/...`, `#/definitions/...`) to its target.
fn resolved<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    let mut current = schema;
    // A chain of references ends; a cycle of bare references is cut short.
    for _ in 0..16 {
        let Some(target) = current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|pointer| root.pointer(pointer))
        else {
            break;
        };
        current = target;
    }
    current
}

/// One jsonschema error as violations (one per unexpected property for `additionalProperties`).
///
/// A `oneOf`/`anyOf` whose alternatives are told apart (by the `const` of one property, such
/// as a content part's `type`, or by the JSON type of the value) reports the violations of the
/// alternative the value names only; a value naming none gets one violation at that property
/// listing the values it may take (see [`Alternatives`]).
fn push_violations(error: &jsonschema::ValidationError<'_>, out: &mut Vec<PayloadViolation>) {
    use jsonschema::error::ValidationErrorKind as Kind;
    let instance_path = error.instance_path().as_str();
    let schema_path = error.schema_path().as_str();
    let keyword = error.kind().keyword();
    match error.kind() {
        Kind::AdditionalProperties { unexpected } | Kind::UnevaluatedProperties { unexpected } => {
            for name in unexpected {
                out.push(PayloadViolation {
                    instance_path: format!(
                        "{instance_path}/{}",
                        name.replace('~', "~0").replace('/', "~1")
                    ),
                    schema_path: schema_path.to_owned(),
                    keyword: keyword.to_owned(),
                    message: format!("the property {name:?} is not allowed here"),
                });
            }
        }
        Kind::AnyOf { context } | Kind::OneOfNotValid { context } => {
            match Alternatives::of(instance_path, context) {
                Alternatives::Named(branch) => {
                    for reason in branch {
                        push_violations(reason, out);
                    }
                }
                Alternatives::NoneNamed { property, allowed } => {
                    let mut message = String::with_capacity(64);
                    if let Some(value) = error.instance().get(property) {
                        show(&mut message, value);
                    }
                    message.push_str(" is not one of ");
                    or_list(&mut message, allowed.len(), |out, i| show(out, allowed[i]));
                    out.push(PayloadViolation {
                        instance_path: format!(
                            "{instance_path}/{}",
                            property.replace('~', "~0").replace('/', "~1")
                        ),
                        schema_path: schema_path.to_owned(),
                        keyword: keyword.to_owned(),
                        message,
                    });
                }
                Alternatives::Undecided => out.push(plain_violation(error)),
            }
        }
        _ => out.push(plain_violation(error)),
    }
}

fn plain_violation(error: &jsonschema::ValidationError<'_>) -> PayloadViolation {
    let mut message = String::with_capacity(64);
    write_message(&mut message, error);
    PayloadViolation {
        instance_path: error.instance_path().as_str().to_owned(),
        schema_path: error.schema_path().as_str().to_owned(),
        keyword: error.kind().keyword().to_owned(),
        message,
    }
}

/// Which alternatives of a failed `oneOf`/`anyOf` a value meant, read from each alternative's
/// violations (`context`, one list per alternative, in order).
enum Alternatives<'e, 'a> {
    /// One alternative alone is not ruled out by what tells them apart: its violations.
    Named(&'e [jsonschema::ValidationError<'a>]),
    /// Every alternative wants its own `const` value of `property`, and the value has none
    /// of them: those values, in the alternatives' order.
    NoneNamed {
        property: &'e str,
        allowed: Vec<&'e Value>,
    },
    /// Nothing tells the alternatives apart (or more than one fits): report the union whole.
    Undecided,
}

impl<'e, 'a> Alternatives<'e, 'a> {
    fn of(at: &str, context: &'e [Vec<jsonschema::ValidationError<'a>>]) -> Self {
        use jsonschema::error::ValidationErrorKind as Kind;
        if context.len() < 2 {
            return Alternatives::Undecided;
        }
        // The `const` an alternative puts on a property of the value itself, and whether it
        // wants another JSON type than the value's.
        let tag_of = |branch: &'e [jsonschema::ValidationError<'a>]| {
            branch.iter().find_map(|reason| {
                let Kind::Constant { expected_value } = reason.kind() else {
                    return None;
                };
                let property = reason.instance_path().as_str().strip_prefix(at)?;
                let property = property.strip_prefix('/').filter(|p| !p.contains('/'))?;
                Some((property, &**expected_value))
            })
        };
        let wrong_type = |branch: &[jsonschema::ValidationError<'a>]| {
            branch.iter().any(|reason| {
                matches!(reason.kind(), Kind::Type { .. }) && reason.instance_path().as_str() == at
            })
        };
        let tags: Vec<Option<(&'e str, &'e Value)>> =
            context.iter().map(|branch| tag_of(branch)).collect();
        let property = tags.iter().flatten().map(|(p, _)| *p).next();
        if let Some(property) = property {
            let ruled_out = |i: usize| tags[i].is_some_and(|(p, _)| p == property);
            let open: Vec<usize> = (0..context.len()).filter(|&i| !ruled_out(i)).collect();
            match open.as_slice() {
                [] => {
                    return Alternatives::NoneNamed {
                        property,
                        allowed: tags.iter().flatten().map(|(_, v)| *v).collect(),
                    };
                }
                [only] if !wrong_type(&context[*only]) => {
                    return Alternatives::Named(&context[*only]);
                }
                _ => {}
            }
        }
        let open: Vec<usize> = (0..context.len())
            .filter(|&i| !wrong_type(&context[i]))
            .collect();
        match open.as_slice() {
            [only] => Alternatives::Named(&context[*only]),
            _ => Alternatives::Undecided,
        }
    }
}

/// The error in plain words, naming the value and the rule.
fn write_message(out: &mut String, error: &jsonschema::ValidationError<'_>) {
    use jsonschema::error::{TypeKind, ValidationErrorKind as Kind};
    let instance = error.instance();
    let value = |out: &mut String| show(out, instance);
    // Writing into a `String` cannot fail.
    match error.kind() {
        Kind::Required { property } => {
            let _ = write!(out, "the required property {property} is missing");
        }
        Kind::Type {
            kind: TypeKind::Single(ty),
        } => {
            value(out);
            let _ = write!(out, " is not {}", type_name(ty.as_str()));
        }
        Kind::Type {
            kind: TypeKind::Multiple(types),
        } => {
            value(out);
            out.push_str(" is not ");
            let names: Vec<&str> = types.iter().map(|ty| type_name(ty.as_str())).collect();
            or_list(out, names.len(), |out, i| out.push_str(names[i]));
        }
        Kind::Enum { options } => {
            value(out);
            out.push_str(" is not one of ");
            let options = options.as_array().map_or(&[][..], Vec::as_slice);
            or_list(out, options.len(), |out, i| show(out, &options[i]));
        }
        Kind::Constant { expected_value } => {
            value(out);
            if error.instance_path().as_str() == "/model" {
                out.push_str(" is not this model's id ");
            } else {
                out.push_str(" is not ");
            }
            show(out, expected_value);
        }
        Kind::Format { format } => {
            value(out);
            let _ = write!(out, " is not a valid {}", format_name(format));
        }
        Kind::ExclusiveMaximum { limit } => {
            value(out);
            let _ = write!(
                out,
                " is greater than or equal to the exclusive maximum of {limit}"
            );
        }
        Kind::ExclusiveMinimum { limit } => {
            value(out);
            let _ = write!(
                out,
                " is less than or equal to the exclusive minimum of {limit}"
            );
        }
        Kind::MinItems { limit } => {
            let count = instance.as_array().map_or(0, Vec::len);
            let _ = write!(out, "{count} items are fewer than the minimum of {limit}");
        }
        Kind::MaxItems { limit } => {
            let count = instance.as_array().map_or(0, Vec::len);
            let _ = write!(out, "{count} items are more than the maximum of {limit}");
        }
        Kind::AnyOf { context } | Kind::OneOfNotValid { context }
            if context.len() > 1 && context.iter().all(|branch| missing_one(branch).is_some()) =>
        {
            // Alternatives that each require one property: the value has none of them.
            value(out);
            out.push_str(if matches!(error.kind(), Kind::AnyOf { .. }) {
                " needs one of the properties "
            } else {
                " needs exactly one of the properties "
            });
            or_list(out, context.len(), |out, i| {
                if let Some(property) = missing_one(&context[i]) {
                    show(out, property);
                }
            });
        }
        Kind::AnyOf { context } | Kind::OneOfNotValid { context } => {
            value(out);
            out.push_str(" matches none of the allowed forms");
            let reasons: Vec<_> = context.iter().filter_map(|branch| branch.first()).collect();
            for (i, reason) in reasons.iter().enumerate() {
                out.push_str(if i == 0 { ": " } else { "; " });
                write_message(out, reason);
            }
        }
        Kind::OneOfMultipleValid { .. } => {
            value(out);
            out.push_str(" matches more than one of the allowed forms (exactly one must match)");
        }
        Kind::FalseSchema => {
            value(out);
            out.push_str(" is not allowed here");
        }
        // A `not` that describes what it forbids says so in its own words.
        Kind::Not { schema } if schema.get("description").is_some_and(Value::is_string) => {
            out.push_str(schema["description"].as_str().unwrap_or_default());
        }
        _ => {
            let mut shown = String::new();
            show(&mut shown, instance);
            let _ = write!(out, "{}", error.masked_with(shown));
        }
    }
}

/// The property an alternative's only violation says is missing.
fn missing_one<'e>(branch: &'e [jsonschema::ValidationError<'_>]) -> Option<&'e Value> {
    match branch {
        [only] => match only.kind() {
            jsonschema::error::ValidationErrorKind::Required { property } => Some(property),
            _ => None,
        },
        _ => None,
    }
}

fn type_name(ty: &str) -> &'static str {
    match ty {
        "null" => "null",
        "boolean" => "a boolean",
        "integer" => "an integer",
        "number" => "a number",
        "string" => "a string",
        "array" => "an array",
        "object" => "an object",
        _ => "of the expected type",
    }
}

pub(crate) fn format_name(format: &str) -> &str {
    match format {
        "uri" => "URI",
        "uri-reference" => "URI reference",
        "date-time" => "RFC 3339 date-time",
        "date" => "RFC 3339 date",
        "email" => "email address",
        "uuid" => "UUID",
        other => other,
    }
}

/// `a`, `a or b`, `a, b or c`: item `i` written by `item`.
fn or_list(out: &mut String, len: usize, mut item: impl FnMut(&mut String, usize)) {
    for i in 0..len {
        if i > 0 {
            out.push_str(if i + 1 == len { " or " } else { ", " });
        }
        item(out, i);
    }
}

fn shown(value: &Value) -> String {
    let mut out = String::new();
    show(&mut out, value);
    out
}

/// Writes a value as JSON, cut short when long (a whole prompt would drown the message).
fn show(out: &mut String, value: &Value) {
    const LIMIT: usize = 60;
    let start = out.len();
    let _ = write!(out, "{value}");
    if out.len() - start <= LIMIT {
        return;
    }
    let Some((cut, _)) = out[start..].char_indices().nth(LIMIT) else {
        return;
    };
    out.truncate(start + cut);
    out.push_str(match value {
        Value::String(_) => "…\"",
        Value::Array(_) => "…]",
        Value::Object(_) => "…}",
        _ => "…",
    });
}

/// Mistaken ids whose suggestions [`suggestions`] keeps: memory stays bounded whatever the log.
const SUGGESTIONS_KEPT: usize = 1024;

/// The three [`nearest_ids`] of an unknown id, remembered: a request log repeats its mistakes,
/// and each costs an edit distance to every known id (before, a quarter of the CPU of
/// `oxen-validate --ndjson` on the log of `tests/scripts/bench-validate.sh`, where about one
/// payload in a hundred names an unknown model).
fn suggestions(id: &str) -> Vec<&'static str> {
    static KEPT: OnceLock<Mutex<HashMap<String, Vec<&'static str>>>> = OnceLock::new();
    let kept = KEPT.get_or_init(Default::default);
    if let Some(found) = kept.lock().ok().and_then(|map| map.get(id).cloned()) {
        return found;
    }
    let found = nearest_ids(id, 3);
    if let Ok(mut map) = kept.lock()
        && map.len() < SUGGESTIONS_KEPT
    {
        map.insert(id.to_owned(), found.clone());
    }
    found
}

/// The known ids nearest to `id` by edit distance, nearest first; ids that contain `id` (or
/// that `id` contains) count as near.
pub fn nearest_ids(id: &str, limit: usize) -> Vec<&'static str> {
    let wanted = id.to_ascii_lowercase();
    let threshold = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &'static str)> = MODELS
        .iter()
        .filter_map(|m| {
            let distance = strsim::levenshtein(&wanted, m.id);
            let contains =
                !wanted.is_empty() && (m.id.contains(wanted.as_str()) || wanted.contains(m.id));
            (distance <= threshold || contains).then_some((
                if contains {
                    distance.min(threshold)
                } else {
                    distance
                },
                m.id,
            ))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(limit).map(|(_, id)| id).collect()
}

/// The schema check of [`validate_payload`], reachable from a typed request, with its
/// [`PayloadError`]; `validate()` is the same check.
///
/// ```
/// use oxen_models::{Request, ValidateSchema};
///
/// /// One judge: the request's own check is the payload validator's.
/// fn checks_agree<R: Request>(request: &R) -> bool {
///     request.validate_schema().is_ok() == oxen_models::runtime::validate(request).is_ok()
/// }
/// ```
pub trait ValidateSchema {
    /// The request as the JSON payload that is sent.
    fn to_payload(&self) -> Value;
    /// Checks [`to_payload`](Self::to_payload) against the model's schema, like
    /// [`validate_payload`].
    fn validate_schema(&self) -> Result<(), PayloadError>;
}

impl<R: Request> ValidateSchema for R {
    fn to_payload(&self) -> Value {
        // Serializing a request to a `Value` cannot fail: its maps have string keys.
        let mut payload = serde_json::to_value(self).unwrap_or(Value::Null);
        crate::runtime::whole_numbers(&mut payload);
        payload
    }

    fn validate_schema(&self) -> Result<(), PayloadError> {
        validate_payload(<R::Model as Model>::ID, &self.to_payload())
    }
}

/// Why a payload did not pass the typed path: serde rejected it, or `validate()` did.
#[derive(Debug)]
pub enum TypedError {
    /// The payload does not deserialize into the request type.
    Deserialize(serde_json::Error),
    /// It deserializes, but `validate()` finds violations.
    Invalid(crate::Violations),
}

impl fmt::Display for TypedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypedError::Deserialize(error) => write!(f, "does not deserialize: {error}"),
            TypedError::Invalid(violations) => violations.fmt(f),
        }
    }
}

impl std::error::Error for TypedError {}

/// The typed path for one payload: deserializes it into `R` and runs `R`'s `validate()`. A
/// payload nested past [`MAX_PAYLOAD_DEPTH`] is a [`TypedError::Deserialize`], as
/// [`validate_payload`] refuses it.
pub fn check_typed_as<R: Request>(payload: &Value) -> Result<R, TypedError> {
    // Deserializing recurses once per level, as the schema validator does.
    if let Some(too_deep) = too_deep(payload) {
        let message = format!("{}: {}", too_deep.instance_path, too_deep.message);
        return Err(TypedError::Deserialize(serde::de::Error::custom(message)));
    }
    let request =
        <R as serde::Deserialize>::deserialize(payload).map_err(TypedError::Deserialize)?;
    request.validate().map_err(TypedError::Invalid)?;
    Ok(request)
}

/// [`check_typed_as`] for the request type of the model `model_id`: `None` when the id is
/// unknown or its endpoint family's feature is off.
pub fn check_typed(model_id: &str, payload: &Value) -> Option<Result<(), TypedError>> {
    struct Check<'a>(&'a Value);
    impl crate::RequestVisitor for Check<'_> {
        type Output = Result<(), TypedError>;
        fn visit<R: Request>(self) -> Self::Output {
            check_typed_as::<R>(self.0).map(drop)
        }
    }
    crate::visit_request(model_id, Check(payload))
}
