//! Which Rust type a subschema gets: the entry point [`Lowerer::lower`] (with its fallback to
//! plain JSON), dispatch on `$ref`, `enum`/`const`, `oneOf`/`anyOf` and `type`, and the scalar
//! and array types.

use serde_json::{Map, Value};

use super::checks::{add_item_rules, is_structured};
use super::limits::MAX_SCHEMA_DEPTH;
use super::merging::needs_merge;
use super::objects::has_properties;
use super::{Lowered, Lowerer, optional_if, plain};
use crate::error::SchemaError;
use crate::ir::{Checks, IntType, SchemaRules, TypeRef};
use crate::names;
use crate::schema::JsonPointer;

/// The Rust integer of an `integer` schema: see [`IntType`]. The normalizer has already
/// turned an OpenAPI integer `format` into bounds, so the bounds are the whole story but for
/// the name the format gives.
pub(super) fn integer_type(map: &Map<String, Value>) -> IntType {
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

pub(super) fn type_rank(ty: &str) -> u8 {
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

/// `Messages` → `Message`, `InputImage` → `InputImageItem`: the name of one item of an array.
pub(super) fn singular(hint: &str) -> String {
    match hint.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.is_empty() => stem.to_owned(),
        _ => format!("{hint}Item"),
    }
}

impl<'a> Lowerer<'a> {
    /// Lowers one subschema; one that cannot be given a Rust type (and is not refused) becomes
    /// plain JSON that `validate()` checks against the whole subschema, with a warning.
    pub(super) fn lower(
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

    pub(super) fn lower_shaped(
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

    pub(super) fn lower_map(
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
        let structured =
            has_properties(map) && (map.contains_key("type") || !self.typeless_is_json);
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
    pub(super) fn types_of(
        &self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
    ) -> Result<(Vec<String>, bool), SchemaError> {
        let mut types: Vec<String> = match map.get("type") {
            None if self.typeless_is_json => Vec::new(),
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
    pub(super) fn lower_single_type(
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
    pub(super) fn lower_array(
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
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::singular;
    use crate::ir::{IntType, TypeRef};
    use crate::lower::test_support::{field, lowered};

    fn type_of(schema: serde_json::Value) -> TypeRef {
        field(
            &lowered(json!({"properties": {"x": schema}})).request.body,
            "x",
        )
        .ty
        .clone()
    }

    #[test]
    fn scalar_types_map_to_rust_scalars() {
        assert_eq!(type_of(json!({"type": "string"})), TypeRef::String);
        assert_eq!(type_of(json!({"type": "number"})), TypeRef::Number);
        assert_eq!(type_of(json!({"type": "boolean"})), TypeRef::Boolean);
    }

    #[test]
    fn an_integer_format_names_the_rust_integer() {
        assert_eq!(
            type_of(json!({"type": "integer", "format": "uint8"})),
            TypeRef::Integer(IntType::U8)
        );
    }

    #[test]
    fn integer_bounds_pick_the_narrowest_of_i64_u64_and_wide() {
        assert_eq!(
            type_of(json!({"type": "integer", "minimum": 1, "maximum": 50})),
            TypeRef::Integer(IntType::I64)
        );
        assert_eq!(
            type_of(json!({"type": "integer", "minimum": 0, "maximum": 18446744073709551615u64})),
            TypeRef::Integer(IntType::U64)
        );
        assert_eq!(
            type_of(json!({"type": "integer"})),
            TypeRef::Integer(IntType::I128)
        );
    }

    #[test]
    fn a_schema_without_a_type_is_json() {
        assert_eq!(type_of(json!({"description": "anything"})), TypeRef::Json);
        assert_eq!(type_of(json!(true)), TypeRef::Json);
    }

    #[test]
    fn applicators_without_a_type_keep_every_json_type() {
        // `items` constrains arrays only, `properties` objects only: anything else passes.
        assert_eq!(type_of(json!({"items": {"type": "string"}})), TypeRef::Json);
        assert_eq!(
            type_of(json!({"properties": {"a": {"type": "string"}}})),
            TypeRef::Json
        );
    }

    #[test]
    fn nullable_items_are_optional() {
        assert_eq!(
            type_of(json!({"type": "array", "items": {"type": ["string", "null"]}})),
            TypeRef::Array(Box::new(TypeRef::Optional(Box::new(TypeRef::String))))
        );
    }

    #[test]
    fn items_beside_prefix_items_are_json_checked_by_the_rules() {
        let lowered = lowered(json!({"properties": {"x": {
            "type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "integer"}
        }}}));
        let x = field(&lowered.request.body, "x");
        assert_eq!(x.ty, TypeRef::Array(Box::new(TypeRef::Json)));
        let keywords: Vec<&str> = x.checks.schema_rules[0]
            .keywords
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keywords, ["items", "prefixItems"]);
    }

    #[test]
    fn an_unknown_type_leaves_the_property_as_checked_json() {
        let lowered = lowered(json!({"properties": {"x": {"type": "decimal"}}}));
        assert_eq!(field(&lowered.request.body, "x").ty, TypeRef::Json);
        assert_eq!(lowered.warnings[0].pointer.as_str(), "/properties/x/type");
    }

    #[test]
    fn an_array_property_names_its_items_in_the_singular() {
        assert_eq!(singular("Messages"), "Message");
        assert_eq!(singular("Glass"), "GlassItem");
        assert_eq!(singular("InputImage"), "InputImageItem");
    }
}
