//! `oneOf`/`anyOf`: `Option` beside `null`, a tagged enum when every alternative is an object
//! with a constant value of its own for one required property, an untagged enum otherwise
//! (its variants ordered so that deserializing keeps the whole value).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::merging::needs_merge;
use super::objects::add_struct_rules;
use super::{Lowered, Lowerer, description_of};
use crate::error::SchemaError;
use crate::ir::{Checks, SchemaRules, TypeDef, TypeRef, UnionDef, UnionVariant};
use crate::names::{self, Scope};
use crate::schema::JsonPointer;
use crate::schema::reference;

/// One variant of a union to be: its label, type, tag value and checks.
pub(super) type UnionParts = (String, TypeRef, Option<String>, Checks);

/// An alternative's object schema, with the `$ref` target it came from and the rules of the
/// members merged into it.
pub(super) type ResolvedObject = (Option<JsonPointer>, Map<String, Value>, Vec<SchemaRules>);

/// The checks of an alternative that stands alone beside `null`, added to those of the schema
/// holding the `anyOf`: the value checks of one of them, the rules of both.
pub(super) fn merge_checks(mut outer: Checks, mut inner: Checks) -> Checks {
    let mut rules = std::mem::take(&mut outer.schema_rules);
    rules.append(&mut inner.schema_rules);
    let mut merged = if outer.is_empty() { inner } else { outer };
    merged.schema_rules = rules;
    merged
}

/// A label for one alternative of a `oneOf`/`anyOf`: its title, `$ref` name or type.
pub(super) fn variant_hint(schema: &Value) -> String {
    if let Some(title) = schema.get("title").and_then(Value::as_str) {
        return title.to_owned();
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference::target_name(reference).unwrap_or_else(|| "Ref".to_owned());
    }
    match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        _ if schema.get("enum").is_some() => "Enum".to_owned(),
        _ => "Value".to_owned(),
    }
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_alternatives(
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
    pub(super) fn tagged_union(
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
            let in_document = target.clone().unwrap_or(at);
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
    pub(super) fn resolved_object(
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
                Value::Object(target) => self.merge_open(target, &pointer_text, 1)?,
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

    pub(super) fn union(
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
    pub(super) fn specificity(&self, ty: &TypeRef) -> (u8, std::cmp::Reverse<usize>) {
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
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::{IntType, TypeRef};
    use crate::lower::test_support::{field, lowered, struct_def, union_def};

    #[test]
    fn one_alternative_beside_null_is_a_nullable_value() {
        let lowered = lowered(json!({
            "properties": {"seed": {"anyOf": [{"type": "integer"}, {"type": "null"}]}}
        }));
        let seed = field(&lowered.request.body, "seed");
        assert!(seed.nullable);
        assert!(matches!(seed.ty, TypeRef::Integer(_)));
    }

    #[test]
    fn objects_with_a_constant_required_property_are_a_tagged_union() {
        let lowered = lowered(json!({"properties": {"source": {"oneOf": [
            {"required": ["kind"], "properties": {"kind": {"const": "url"}, "url": {"type": "string"}}},
            {"required": ["kind"], "properties": {"kind": {"const": "file"}, "id": {"type": "string"}}}
        ]}}}));
        let union = union_def(&lowered, "Source");
        assert_eq!(union.tag.as_deref(), Some("kind"));
        let tags: Vec<Option<&str>> = union
            .variants
            .iter()
            .map(|v| v.tag_value.as_deref())
            .collect();
        assert_eq!(tags, [Some("url"), Some("file")]);
        // The tag is the union's: the variant structs do not repeat it.
        assert!(
            struct_def(&lowered, "SourceUrl")
                .fields
                .iter()
                .all(|f| f.json_name != "kind")
        );
    }

    #[test]
    fn alternatives_without_a_tag_are_an_untagged_union() {
        let lowered = lowered(json!({"properties": {"size": {"oneOf": [
            {"type": "string"}, {"type": "integer"}
        ]}}}));
        let union = union_def(&lowered, "Size");
        assert_eq!(union.tag, None);
        assert_eq!(union.variants.len(), 2);
    }

    #[test]
    fn an_untagged_union_tries_an_integer_before_a_number() {
        let lowered = lowered(json!({"properties": {"scale": {"anyOf": [
            {"type": "number"}, {"type": "integer"}
        ]}}}));
        let types: Vec<&TypeRef> = union_def(&lowered, "Scale")
            .variants
            .iter()
            .map(|v| &v.ty)
            .collect();
        assert_eq!(types, [&TypeRef::Integer(IntType::I128), &TypeRef::Number]);
    }

    #[test]
    fn an_untagged_union_tries_the_object_requiring_more_first() {
        let lowered = lowered(json!({"properties": {"frame": {"anyOf": [
            {"title": "Loose", "type": "object", "properties": {"a": {"type": "string"}}},
            {"title": "Strict", "type": "object", "required": ["a", "b"], "properties": {
                "a": {"type": "string"}, "b": {"type": "string"}
            }}
        ]}}}));
        let first = &union_def(&lowered, "Frame").variants[0];
        assert_eq!(first.name, "Strict");
    }

    #[test]
    fn a_type_array_is_a_union_of_its_types() {
        let lowered = lowered(json!({"properties": {"value": {"type": ["string", "boolean"]}}}));
        let names: Vec<&str> = union_def(&lowered, "Value")
            .variants
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(names, ["Boolean", "String"]);
    }

    #[test]
    fn an_alternatives_checks_stay_with_its_variant() {
        let lowered = lowered(json!({"properties": {"size": {"anyOf": [
            {"type": "string", "maxLength": 3}, {"type": "integer"}
        ]}}}));
        let string = union_def(&lowered, "Size")
            .variants
            .iter()
            .find(|v| v.ty == TypeRef::String)
            .expect("a string variant");
        assert_eq!(string.checks.max_length, Some(3));
    }
}
