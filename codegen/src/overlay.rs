//! Hand-maintained overlays: committed patches in `schemas/overlays/` that add or tighten
//! properties the hub's schema leaves out (GPT-5 reasoning effort, output-token ceilings, a
//! typed chat body). They live apart from fetched data, so `cargo xtask fetch` never touches
//! them, and are merged into a model's schema before normalization, at generation and (through
//! the embedded schema) validation time.
//!
//! ```json
//! {
//!   "$comment": "where the facts come from",
//!   "applies_to": {"models": ["gpt-5-5-2026-04-23", "gpt-5-4-*"]},
//!   "schema": {"properties": {"reasoning_effort": {"type": "string", "enum": ["low", "high"]}}}
//! }
//! ```
//!
//! `applies_to` names model ids (a `*` matches any run of characters) or one endpoint body
//! (`{"endpoint_body": "chat-completions"}`), which patches the body every model of that
//! endpoint shares. Merging: `properties` are merged by name, recursively through
//! `properties` and `items`; `required` lists are joined; any other keyword of the overlay
//! replaces the base's. Every property an overlay adds or changes carries `x-overlay`, the
//! overlay's name, so rustdoc and the reference pages can say where it came from.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::check::check_against_meta_schema;
use crate::error::SchemaError;
use crate::ids::{EndpointBody, ModelId, SchemaSource};
use crate::normalize::normalize;
use crate::schema::{JsonPointer, walk};

/// The directory below `schemas/`.
pub const OVERLAY_DIR: &str = "overlays";
/// The annotation naming the overlay a property comes from.
pub const OVERLAY_KEYWORD: &str = "x-overlay";

/// One `schemas/overlays/<name>.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// The file stem, e.g. `gpt-5-reasoning-effort`.
    pub name: String,
    pub source: String,
    pub applies_to: AppliesTo,
    pub schema: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AppliesTo {
    /// Model ids; `*` matches any run of characters.
    Models(Vec<String>),
    /// The shared body of an endpoint, e.g. `chat-completions`.
    EndpointBody(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverlayFile {
    #[serde(rename = "$comment")]
    source: String,
    applies_to: AppliesTo,
    schema: Value,
}

/// An overlay that cannot be used, located by file and JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: at {pointer}: {message}", file.display())]
pub struct OverlayError {
    pub file: PathBuf,
    pub pointer: JsonPointer,
    pub message: String,
}

impl OverlayError {
    /// The error as one of the schema it was merged into: the pointer and its last token as
    /// the keyword, the overlay's file in the message.
    pub fn into_schema_error(self, source: &SchemaSource) -> SchemaError {
        let keyword = self.pointer.last().unwrap_or_default().into_owned();
        SchemaError {
            source_file: source.clone(),
            message: format!("{}: {}", self.file.display(), self.message),
            pointer: self.pointer,
            keyword,
        }
    }
}

impl Overlay {
    pub fn file(&self) -> PathBuf {
        Path::new(OVERLAY_DIR).join(format!("{}.json", self.name))
    }

    fn error(&self, pointer: JsonPointer, message: impl Into<String>) -> OverlayError {
        OverlayError {
            file: self.file(),
            pointer,
            message: message.into(),
        }
    }

    /// Parses an overlay file's text and checks it on its own: the shape, and that its schema
    /// is valid JSON Schema.
    pub fn parse(name: &str, text: &str) -> Result<Overlay, OverlayError> {
        let file = Path::new(OVERLAY_DIR).join(format!("{name}.json"));
        let parsed: OverlayFile = serde_json::from_str(text).map_err(|error| OverlayError {
            file: file.clone(),
            pointer: JsonPointer::root(),
            message: format!(
                "not an overlay ({{\"$comment\", \"applies_to\", \"schema\"}}): {error}"
            ),
        })?;
        let overlay = Overlay {
            name: name.to_owned(),
            source: parsed.source,
            applies_to: parsed.applies_to,
            schema: parsed.schema,
        };
        if !overlay.schema.is_object() {
            return Err(overlay.error(
                JsonPointer::root().join("schema"),
                "the schema must be an object",
            ));
        }
        if let AppliesTo::EndpointBody(body) = &overlay.applies_to
            && EndpointBody::parse(body).is_none()
        {
            return Err(overlay.error(
                JsonPointer::root().join("applies_to"),
                format!("unknown endpoint body \"{body}\""),
            ));
        }
        if let Some(violation) = check_against_meta_schema(&normalize(&overlay.schema))
            .into_iter()
            .next()
        {
            return Err(overlay.error(
                JsonPointer::from(format!("/schema{}", violation.pointer.as_str()).as_str()),
                format!("not valid JSON Schema: {}", violation.message),
            ));
        }
        Ok(overlay)
    }

    pub fn applies_to_model(&self, id: &ModelId) -> bool {
        match &self.applies_to {
            AppliesTo::Models(patterns) => patterns.iter().any(|p| glob_match(p, id.as_str())),
            AppliesTo::EndpointBody(_) => false,
        }
    }

    pub fn applies_to_body(&self, body: EndpointBody) -> bool {
        matches!(&self.applies_to, AppliesTo::EndpointBody(b) if b == body.as_str())
    }

    /// `base` with this overlay merged in; an error when the result leaves no valid value
    /// somewhere (a minimum above the maximum, an enum with no value of the allowed type).
    pub fn apply(&self, base: &Value) -> Result<Value, OverlayError> {
        let mut merged = base.clone();
        merge_schema(&mut merged, &self.schema, &self.name);
        if let Some((pointer, message)) = contradiction(&normalize(&merged), &JsonPointer::root()) {
            return Err(self.error(
                pointer,
                format!("merged into the base schema, this leaves no valid value: {message}"),
            ));
        }
        Ok(merged)
    }

    /// The top-level properties this overlay defines.
    pub fn property_names(&self) -> Vec<&str> {
        self.schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }
}

/// Reads every overlay of `schemas_dir/overlays/` (none when the directory is missing), sorted
/// by name.
pub fn read_overlays(schemas_dir: &Path) -> Result<Vec<Overlay>, OverlayError> {
    let dir = schemas_dir.join(OVERLAY_DIR);
    let io_error = |path: &Path, error: std::io::Error| OverlayError {
        file: path.to_owned(),
        pointer: JsonPointer::root(),
        message: error.to_string(),
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(io_error(&dir, error)),
    };
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| io_error(&dir, e))?;
    paths.retain(|p| p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Overlay::parse(&name, &text)
        })
        .collect()
}

/// `*` matches any run of characters; everything else matches itself.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((prefix, rest)) => {
            let Some(remaining) = text.strip_prefix(prefix) else {
                return false;
            };
            (0..=remaining.len())
                .filter(|&i| remaining.is_char_boundary(i))
                .any(|i| glob_match(rest, &remaining[i..]))
        }
    }
}

fn merge_schema(base: &mut Value, overlay: &Value, name: &str) {
    let (Value::Object(base), Value::Object(overlay)) = (base, overlay) else {
        return;
    };
    for (key, value) in overlay {
        match (key.as_str(), base.get_mut(key)) {
            ("properties", Some(Value::Object(properties))) => {
                let Value::Object(overlay_properties) = value else {
                    continue;
                };
                for (property, overlay_schema) in overlay_properties {
                    let merged = properties
                        .entry(property.clone())
                        .or_insert_with(|| Value::Object(Map::new()));
                    merge_schema(merged, overlay_schema, name);
                    if let Value::Object(merged) = merged {
                        merged.insert(OVERLAY_KEYWORD.to_owned(), Value::from(name));
                    }
                }
            }
            ("items", Some(items)) => merge_schema(items, value, name),
            ("required", Some(Value::Array(required))) => {
                for item in value.as_array().into_iter().flatten() {
                    if !required.contains(item) {
                        required.push(item.clone());
                    }
                }
            }
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The keywords [`merge_schema`] merges an overlay through: where a merge can contradict.
const MERGED_THROUGH: &[&str] = &["properties", "items"];

/// The first place in a (normalized) schema that no value can satisfy, looked for where an
/// overlay is merged ([`MERGED_THROUGH`]): a contradiction elsewhere is the hub's own.
fn contradiction(schema: &Value, at: &JsonPointer) -> Option<(JsonPointer, String)> {
    let map = schema.as_object()?;
    let number = |key: &str| map.get(key).and_then(Value::as_f64);
    let pairs = [
        ("minimum", "maximum"),
        ("minLength", "maxLength"),
        ("minItems", "maxItems"),
        ("minProperties", "maxProperties"),
    ];
    for (low, high) in pairs {
        if let (Some(l), Some(h)) = (number(low), number(high))
            && l > h
        {
            return Some((at.join(low), format!("{low} {l} is above {high} {h}")));
        }
    }
    if let (Some(l), Some(h)) = (
        number("exclusiveMinimum").or(number("minimum")),
        number("exclusiveMaximum").or(number("maximum")),
    ) && l >= h
        && (map.contains_key("exclusiveMinimum") || map.contains_key("exclusiveMaximum"))
    {
        return Some((
            at.join("exclusiveMinimum"),
            format!("no number lies between {l} and {h}"),
        ));
    }
    if let (Some(Value::Array(values)), Some(types)) = (map.get("enum"), map.get("type")) {
        let allowed: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !allowed.is_empty()
            && !values
                .iter()
                .any(|v| allowed.iter().any(|t| is_of_type(v, t)))
        {
            return Some((
                at.join("enum"),
                format!("no enum value is of type {}", allowed.join(" or ")),
            ));
        }
    }
    walk::children(map, at)
        .into_iter()
        .filter(|child| MERGED_THROUGH.contains(&child.keyword))
        .find_map(|child| contradiction(child.schema, &child.pointer))
}

fn is_of_type(value: &Value, ty: &str) -> bool {
    match ty {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(schema: Value) -> Overlay {
        let text = json!({"$comment": "test", "applies_to": {"models": ["m"]}, "schema": schema})
            .to_string();
        Overlay::parse("test-overlay", &text).expect("valid overlay")
    }

    #[test]
    fn an_added_property_is_marked_with_its_overlay() {
        let merged =
            overlay(json!({"properties": {"effort": {"type": "string", "enum": ["low"]}}}))
                .apply(&json!({"type": "object", "properties": {"prompt": {"type": "string"}}}))
                .expect("merges");
        assert_eq!(
            merged["properties"]["effort"],
            json!({"type": "string", "enum": ["low"], "x-overlay": "test-overlay"})
        );
        assert_eq!(merged["properties"]["prompt"], json!({"type": "string"}));
    }

    #[test]
    fn a_bound_tightens_an_existing_property_and_keeps_its_other_keywords() {
        let merged = overlay(json!({"properties": {"max_tokens": {"maximum": 128000}}}))
            .apply(&json!({"properties": {"max_tokens": {"type": "integer", "nullable": true}}}))
            .expect("merges");
        assert_eq!(
            merged["properties"]["max_tokens"],
            json!({"type": "integer", "nullable": true, "maximum": 128000, "x-overlay": "test-overlay"})
        );
    }

    #[test]
    fn required_lists_are_joined() {
        let merged = overlay(json!({"required": ["b"]}))
            .apply(&json!({"required": ["a"]}))
            .expect("merges");
        assert_eq!(merged["required"], json!(["a", "b"]));
    }

    #[test]
    fn a_minimum_above_the_maximum_is_an_error_naming_file_and_pointer() {
        let error = overlay(json!({"properties": {"steps": {"minimum": 60}}}))
            .apply(&json!({"properties": {"steps": {"type": "integer", "maximum": 50}}}))
            .expect_err("contradiction");
        assert_eq!(error.file, Path::new("overlays/test-overlay.json"));
        assert_eq!(error.pointer.as_str(), "/properties/steps/minimum");
    }

    #[test]
    fn an_enum_with_no_value_of_the_base_type_is_an_error() {
        let error = overlay(json!({"properties": {"n": {"enum": ["a"]}}}))
            .apply(&json!({"properties": {"n": {"type": "integer"}}}))
            .expect_err("contradiction");
        assert_eq!(error.pointer.as_str(), "/properties/n/enum");
    }

    #[test]
    fn an_overlay_that_is_not_json_schema_is_an_error_naming_the_pointer() {
        let text = json!({"$comment": "x", "applies_to": {"models": ["m"]}, "schema": {"properties": {"n": {"minimum": "one"}}}}).to_string();
        let error = Overlay::parse("bad", &text).expect_err("invalid");
        assert_eq!(error.pointer.as_str(), "/schema/properties/n/minimum");
    }

    #[test]
    fn an_overlay_without_its_source_comment_is_refused() {
        let text = json!({"applies_to": {"models": ["m"]}, "schema": {}}).to_string();
        assert!(Overlay::parse("bad", &text).is_err());
    }

    #[test]
    fn globs_match_runs_of_characters() {
        assert!(glob_match("gpt-5-*", "gpt-5-5-2026-04-23"));
        assert!(glob_match("*-2026-*", "gpt-5-5-2026-04-23"));
        assert!(!glob_match("gpt-4*", "gpt-5-5"));
        assert!(glob_match("exact", "exact"));
    }
}
