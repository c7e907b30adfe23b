//! Objects: a schema with `properties` becomes a struct (fields in the hub's display order,
//! required ones in the constructor), one without becomes a map; undeclared properties go to a
//! flattened `extra` map unless `additionalProperties: false` closes the object.

use serde_json::{Map, Value};

use super::checks::has_uncompilable_pattern;
use super::{Lowered, Lowerer, MODEL_PROPERTY, description_of, optional_if, order_of, plain};
use crate::error::SchemaError;
use crate::ir::{Checks, ExtraDef, FieldDef, FieldDocs, SchemaRules, StructDef, TypeDef, TypeRef};
use crate::names::{self, Scope};
use crate::overlay::OVERLAY_KEYWORD;
use crate::schema::JsonPointer;

/// Adds rules to a struct. Rules may look at any property, so an open struct keeps the
/// undeclared ones (in a flattened map of JSON values) for them to see.
pub(super) fn add_struct_rules(def: &mut StructDef, rules: Vec<SchemaRules>) {
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

pub(super) fn has_properties(map: &Map<String, Value>) -> bool {
    matches!(map.get("properties"), Some(Value::Object(p)) if !p.is_empty())
}

impl<'a> Lowerer<'a> {
    pub(super) fn object_schema<'v>(
        &self,
        schema: &'v Value,
        pointer: &JsonPointer,
    ) -> Result<&'v Map<String, Value>, SchemaError> {
        schema
            .as_object()
            .ok_or_else(|| self.refusal(pointer, "type", "a request body must be an object schema"))
    }

    pub(super) fn require_object_type(
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

    pub(super) fn struct_def(
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
                // Never allowed: no field (the validator refuses it in an open object's map).
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
        let (extra, deny_unknown_fields) = self.extra_def(map, pointer, &name, &mut field_names)?;
        // `clear_<field>` must not take another field's setter either.
        let mut methods = field_names;
        for field in &mut fields {
            let bare = field.rust_name.trim_start_matches("r#").to_owned();
            if !field.required || field.nullable {
                field.clear_name = Some(methods.claim(format!("clear_{bare}")));
            }
            if !field.required && field.nullable {
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
    pub(super) fn extra_def(
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
    pub(super) fn map_values(
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

    pub(super) fn field_docs(
        &self,
        schema: &Value,
        pointer: &JsonPointer,
        basic: bool,
    ) -> FieldDocs {
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
            overlay: get(OVERLAY_KEYWORD)
                .and_then(Value::as_str)
                .map(str::to_owned),
        }
    }

    pub(super) fn lower_object(
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
    pub(super) fn lower_plain_map(
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
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::TypeRef;
    use crate::lower::test_support::{
        enum_def, field, lowered, lowered_response, refusal, struct_def,
    };

    #[test]
    fn fields_follow_x_order_then_required_then_name() {
        let lowered = lowered(json!({
            "type": "object",
            "required": ["zeta", "prompt"],
            "properties": {
                "alpha": {"type": "string"},
                "prompt": {"type": "string"},
                "zeta": {"type": "string"},
                "steps": {"type": "integer", "x-order": 0}
            }
        }));
        let order: Vec<&str> = lowered
            .request
            .body
            .fields
            .iter()
            .map(|f| f.json_name.as_str())
            .collect();
        assert_eq!(order, ["steps", "zeta", "prompt", "alpha"]);
    }

    #[test]
    fn required_properties_are_required_fields() {
        let lowered = lowered(json!({
            "required": ["prompt"],
            "properties": {"prompt": {"type": "string"}, "seed": {"type": "integer"}}
        }));
        assert!(field(&lowered.request.body, "prompt").required);
        assert!(!field(&lowered.request.body, "seed").required);
    }

    #[test]
    fn the_model_property_is_the_generators_own() {
        let lowered = lowered(json!({"properties": {"model": {"type": "string"}}}));
        assert!(lowered.request.body.fields.is_empty());
    }

    #[test]
    fn a_response_keeps_its_model_property() {
        let lowered = lowered_response(json!({"properties": {"model": {"type": "string"}}}));
        assert_eq!(field(&lowered.request.body, "model").ty, TypeRef::String);
    }

    #[test]
    fn additional_properties_false_denies_unknown_fields() {
        let lowered = lowered(json!({
            "properties": {"prompt": {"type": "string"}},
            "additionalProperties": false
        }));
        assert!(lowered.request.body.deny_unknown_fields);
        assert!(lowered.request.body.extra.is_none());
    }

    #[test]
    fn an_open_object_keeps_undeclared_properties_as_json() {
        let lowered = lowered(json!({"properties": {"prompt": {"type": "string"}}}));
        let extra = lowered.request.body.extra.as_ref().expect("an extra map");
        assert_eq!(
            (extra.rust_name.as_str(), &extra.ty),
            ("extra", &TypeRef::Json)
        );
        assert!(!lowered.request.body.deny_unknown_fields);
    }

    #[test]
    fn typed_additional_properties_type_the_extra_values() {
        let lowered = lowered(json!({
            "properties": {"prompt": {"type": "string"}},
            "additionalProperties": {"type": "integer", "minimum": 0}
        }));
        let extra = lowered.request.body.extra.as_ref().expect("an extra map");
        assert!(matches!(extra.ty, TypeRef::Integer(_)));
        let values = extra.checks.values.as_ref().expect("value checks");
        assert_eq!(values.minimum, Some(0.into()));
    }

    #[test]
    fn a_false_property_is_no_field() {
        let lowered = lowered(json!({
            "properties": {"prompt": {"type": "string"}, "legacy": false}
        }));
        let body = &lowered.request.body;
        assert!(body.fields.iter().all(|f| f.json_name != "legacy"));
    }

    #[test]
    fn a_required_false_property_is_refused() {
        let error = refusal(json!({"required": ["legacy"], "properties": {"legacy": false}}));
        assert_eq!(error.pointer.as_str(), "/properties/legacy");
        assert_eq!(error.keyword, "false");
    }

    #[test]
    fn an_object_without_properties_is_a_map() {
        let lowered = lowered(json!({
            "properties": {"tags": {"type": "object", "additionalProperties": {"type": "string"}}}
        }));
        assert_eq!(
            field(&lowered.request.body, "tags").ty,
            TypeRef::Map(Box::new(TypeRef::String))
        );
    }

    #[test]
    fn a_nested_object_with_properties_is_a_struct_named_after_its_property() {
        let lowered = lowered(json!({
            "properties": {"size": {"type": "object", "properties": {"width": {"type": "integer"}}}}
        }));
        assert_eq!(
            field(&lowered.request.body, "size").ty,
            TypeRef::Named("Size".into())
        );
        assert_eq!(struct_def(&lowered, "Size").fields.len(), 1);
    }

    #[test]
    fn optional_nullable_fields_of_requests_and_responses_have_three_states() {
        let schema = json!({"properties": {"seed": {"type": ["integer", "null"]}}});
        for lowered in [lowered(schema.clone()), lowered_response(schema)] {
            let seed = field(&lowered.request.body, "seed");
            assert!(seed.nullable);
            assert_eq!(seed.null_name.as_deref(), Some("null_seed"));
            assert_eq!(seed.clear_name.as_deref(), Some("clear_seed"));
        }
    }

    #[test]
    fn a_response_s_enum_keeps_values_it_does_not_list_and_a_request_s_does_not() {
        let schema = json!({"properties": {"status": {"enum": ["queued", "done"]}}});
        let response = lowered_response(schema.clone());
        assert_eq!(
            enum_def(&response, "RespStatus").known_name.as_deref(),
            Some("RespStatusKnown")
        );
        assert_eq!(enum_def(&lowered(schema), "Status").known_name, None);
    }

    #[test]
    fn field_names_never_take_the_builders_methods() {
        let lowered = lowered(json!({"properties": {"new": {"type": "string"}}}));
        assert_ne!(field(&lowered.request.body, "new").rust_name, "new");
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused() {
        let error = refusal(json!({"type": "string"}));
        assert_eq!(
            (error.pointer.as_str(), error.keyword.as_str()),
            ("", "type")
        );
    }
}
