//! Checks a normalized schema against the JSON Schema draft 2020-12 meta-schema.
//!
//! This runs after [`crate::normalize`]: the hub's OpenAPI 3.0 forms (`nullable`, boolean
//! `exclusiveMinimum`) are not valid 2020-12 until rewritten.

use serde_json::Value;

use crate::schema::JsonPointer;

/// Where a schema breaks the meta-schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaSchemaViolation {
    pub pointer: JsonPointer,
    pub keyword: String,
    pub message: String,
}

/// Every place `schema` breaks the draft 2020-12 meta-schema, empty when it is valid.
pub fn check_against_meta_schema(schema: &Value) -> Vec<MetaSchemaViolation> {
    let validator = jsonschema::draft202012::meta::validator();
    validator
        .iter_errors(schema)
        .map(|error| MetaSchemaViolation {
            pointer: JsonPointer::from(error.instance_path().as_str()),
            keyword: error.kind().keyword().to_owned(),
            message: error.to_string(),
        })
        .collect()
}
