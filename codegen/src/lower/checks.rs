//! The value constraints a Rust type cannot state (bounds, lengths, patterns, item counts,
//! `format`) and the rules no Rust type has a shape for ([`SHAPELESS`]), as facts for the
//! documentation and the derived JSON Schema (`validate()` asks the schema validator, which
//! checks every keyword); and the `default`s that break their own schema (warnings).

use serde_json::{Map, Value};

use super::Lowerer;
use super::merging::needs_merge;
use crate::error::SchemaError;
use crate::ir::{Checks, SchemaRules};
use crate::schema::keywords::{self, Role};
use crate::schema::{JsonPointer, walk};

/// Keywords that no Rust type can state. The type is generated from the rest of the schema,
/// and the documentation lists these as rules of the schema validator (see [`SchemaRules`]).
///
/// Also listed that way, depending on the schema: `oneOf`/`anyOf` beside `properties`,
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

/// Rules of array items go with the item checks.
pub(super) fn add_item_rules(checks: &mut Checks, rules: Vec<SchemaRules>) {
    if !rules.is_empty() {
        checks
            .items
            .get_or_insert_with(Default::default)
            .schema_rules
            .extend(rules);
    }
}

/// An object or array: no Rust literal enum can hold it.
pub(super) fn is_structured(value: &Value) -> bool {
    matches!(value, Value::Object(_) | Value::Array(_))
}

/// Whether the `regex` crate that `validate()` uses compiles `pattern`; the schema validator
/// checks the others (look-around, back-references).
pub(super) fn pattern_compiles(pattern: &str) -> bool {
    regex::Regex::new(pattern).is_ok()
}

pub(super) fn has_uncompilable_pattern(map: &Map<String, Value>) -> bool {
    map.get("patternProperties")
        .and_then(Value::as_object)
        .is_some_and(|patterns| patterns.keys().any(|p| !pattern_compiles(p)))
}

impl<'a> Lowerer<'a> {
    /// The keywords of `map` that no Rust type states, as rules for `validate()`.
    /// `as_struct`: the map becomes a struct, which cannot state `oneOf`/`anyOf`, `enum` or
    /// `const` either.
    pub(super) fn shapeless_rules(
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

    pub(super) fn checks(
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
    pub(super) fn check_defaults(&mut self, schema: &Value) {
        for (at, subschema) in walk::subschemas(schema) {
            if let Value::Object(map) = subschema
                && let Some(default) = map.get("default")
                && let Some(reason) = self.default_violation(map, default)
            {
                self.bad_defaults.insert(at.join("default"), reason);
            }
        }
    }

    /// Why `default` breaks `schema`, if it does. Only `$ref`s into `$defs`/`definitions` can
    /// be followed outside the root; a default whose schema has others is not checked.
    pub(super) fn default_violation(
        &self,
        schema: &Map<String, Value>,
        default: &Value,
    ) -> Option<String> {
        let text = serde_json::to_string(schema).ok()?;
        if text.contains("\"$ref\":\"#\"") || text.contains("\"$ref\":\"#/properties") {
            return None;
        }
        let mut document = schema.clone();
        document.remove("default");
        for defs in keywords::with_role(Role::Definitions) {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::TypeRef;
    use crate::lower::test_support::{field, lowered};
    use crate::schema::keywords::{self, Role};

    #[test]
    fn every_shapeless_keyword_constrains_by_the_keyword_table() {
        for keyword in super::SHAPELESS {
            let role = keywords::role(keyword);
            assert!(
                matches!(role, Some(Role::Applicator | Role::Validation)),
                "{keyword}: {role:?}"
            );
        }
    }

    #[test]
    fn value_keywords_become_checks_of_the_field() {
        let lowered = lowered(json!({"properties": {
            "prompt": {"type": "string", "minLength": 1, "maxLength": 10, "pattern": "^a", "format": "uri"},
            "steps": {"type": "integer", "minimum": 1, "exclusiveMaximum": 51, "multipleOf": 5}
        }}));
        let body = &lowered.request.body;
        let prompt = &field(body, "prompt").checks;
        assert_eq!((prompt.min_length, prompt.max_length), (Some(1), Some(10)));
        assert_eq!(prompt.pattern.as_deref(), Some("^a"));
        assert_eq!(prompt.format.as_deref(), Some("uri"));
        let steps = &field(body, "steps").checks;
        assert_eq!(steps.minimum, Some(1.into()));
        assert_eq!(steps.exclusive_maximum, Some(51.into()));
        assert_eq!(steps.multiple_of, Some(5.into()));
    }

    #[test]
    fn item_checks_go_with_the_items() {
        let lowered = lowered(json!({"properties": {"tags": {
            "type": "array", "minItems": 1, "uniqueItems": true,
            "items": {"type": "string", "maxLength": 8}
        }}}));
        let tags = &field(&lowered.request.body, "tags").checks;
        assert_eq!(tags.min_items, Some(1));
        assert!(tags.unique_items);
        assert_eq!(tags.items.as_ref().and_then(|i| i.max_length), Some(8));
    }

    #[test]
    fn items_false_allows_only_an_empty_array() {
        let lowered = lowered(json!({"properties": {"none": {"type": "array", "items": false}}}));
        assert_eq!(
            field(&lowered.request.body, "none").checks.max_items,
            Some(0)
        );
    }

    #[test]
    fn a_shapeless_keyword_is_a_rule_at_its_subschema() {
        let lowered = lowered(json!({"properties": {
            "prompt": {"type": "string", "not": {"const": "forbidden"}}
        }}));
        let prompt = field(&lowered.request.body, "prompt");
        assert_eq!(prompt.ty, TypeRef::String);
        let rule = &prompt.checks.schema_rules[0];
        assert_eq!(rule.pointer, "/properties/prompt");
        assert_eq!(
            rule.keywords,
            [("not".to_owned(), json!({"const": "forbidden"}))]
        );
    }

    #[test]
    fn a_rule_of_the_object_is_the_structs() {
        let lowered = lowered(json!({
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "dependentRequired": {"a": ["b"]}
        }));
        let rules = &lowered.request.body.schema_rules;
        assert_eq!(rules[0].pointer, "");
        assert_eq!(rules[0].keywords[0].0, "dependentRequired");
    }

    #[test]
    fn a_pattern_regex_cannot_compile_is_left_to_the_schema_validator() {
        let lowered = lowered(json!({"properties": {
            "word": {"type": "string", "pattern": "^(?!bad)"}
        }}));
        let checks = &field(&lowered.request.body, "word").checks;
        assert_eq!(checks.pattern, None);
        assert_eq!(checks.schema_rules[0].keywords[0].0, "pattern");
    }

    #[test]
    fn a_minimum_above_the_maximum_leaves_the_property_as_checked_json() {
        let lowered = lowered(json!({"properties": {
            "steps": {"type": "integer", "minimum": 10, "maximum": 1}
        }}));
        assert_eq!(field(&lowered.request.body, "steps").ty, TypeRef::Json);
        assert_eq!(
            lowered.warnings[0].pointer.as_str(),
            "/properties/steps/minimum"
        );
    }

    #[test]
    fn a_default_that_breaks_its_schema_is_a_warning_shown_in_the_docs() {
        let lowered = lowered(json!({"properties": {
            "steps": {"type": "integer", "maximum": 50, "default": 80}
        }}));
        let warning = &lowered.warnings[0];
        assert_eq!(warning.pointer.as_str(), "/properties/steps/default");
        assert_eq!(warning.keyword, "default");
        let docs = &field(&lowered.request.body, "steps").docs;
        assert_eq!(docs.default, Some(json!(80)));
        assert!(docs.default_invalid.is_some());
    }

    #[test]
    fn a_default_that_satisfies_its_schema_is_no_warning() {
        let lowered = lowered(json!({"properties": {
            "steps": {"type": "integer", "maximum": 50, "default": 28}
        }}));
        assert!(lowered.warnings.is_empty());
        assert_eq!(
            field(&lowered.request.body, "steps").docs.default_invalid,
            None
        );
    }
}
