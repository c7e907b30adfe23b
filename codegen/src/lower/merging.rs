//! `allOf` (and a `$ref` beside other keywords, which draft 2020-12 applies together): the
//! members merged into one schema, properties and `required` united, bounds intersected, or an
//! error naming what cannot be merged.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::limits::MAX_MERGE_DEPTH;
use super::objects::{add_struct_rules, has_properties};
use super::{Lowered, Lowerer};
use crate::error::SchemaError;
use crate::ir::{SchemaRules, TypeDef, TypeRef};
use crate::schema::JsonPointer;
use crate::schema::keywords;
use crate::schema::merge::merge_for_type;

/// Whether a schema has an `allOf` to merge, or a `$ref` beside constraining keywords (which
/// 2020-12 applies together, as an `allOf` would).
pub(super) fn needs_merge(map: &Map<String, Value>) -> bool {
    map.contains_key("allOf")
        || (map.contains_key("$ref")
            && map
                .keys()
                .any(|k| k != "$ref" && !keywords::accepts_anything(k)))
}

impl<'a> Lowerer<'a> {
    /// [`Self::merge`] from outside any merge; the `$ref` targets merged in are then open (in
    /// `inlining`) until the caller truncates it, so that meeting one inside its own merged
    /// content is refused as the cycle it is.
    pub(super) fn merge_open(
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
    pub(super) fn merge(
        &mut self,
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        depth: usize,
    ) -> Result<Map<String, Value>, SchemaError> {
        if depth > MAX_MERGE_DEPTH {
            return Err(self.refusal(
                pointer,
                "allOf",
                format!("`allOf` members and their `$ref`s nest more than {MAX_MERGE_DEPTH} deep (MAX_MERGE_DEPTH): is there a cycle? Merge the schemas in an overlay"),
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
            merge_for_type(&mut merged, member).map_err(|conflict| {
                self.error(
                    &at.join(&conflict.keyword),
                    &conflict.keyword,
                    conflict.message,
                )
            })?;
        }
        Ok(merged)
    }

    /// Adds rules carried from a merge to what the merged map became: its struct, or the
    /// checks of its value.
    pub(super) fn attach_rules(
        &mut self,
        mut lowered: Lowered,
        rules: Vec<SchemaRules>,
    ) -> Lowered {
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
    pub(super) fn merged_target(
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
                format!("`#{}` contains itself through `allOf` (or a `$ref` beside other keywords), which cannot be merged into a finite schema; give the recursion an object with properties in an overlay", target.as_str()),
            ));
        }
        self.merging.push(target.clone());
        let merged = self.merge_target_content(resolved, &target, at, depth);
        self.merging.pop();
        if !self.merged.contains(&target) {
            self.merged.push(target.clone());
        }
        merged.map(|merged| (target, merged))
    }

    /// A `$ref` target's schema as one map, its own `allOf` merged.
    pub(super) fn merge_target_content(
        &mut self,
        resolved: &Value,
        target: &JsonPointer,
        at: &JsonPointer,
        depth: usize,
    ) -> Result<Map<String, Value>, SchemaError> {
        match resolved {
            Value::Bool(true) => Ok(Map::new()),
            Value::Object(target_map) => {
                if target_map.contains_key("allOf") || target_map.contains_key("$ref") {
                    self.merge(target_map, target, depth + 1)
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
    pub(super) fn check_closed_members(
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
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::TypeRef;
    use crate::lower::test_support::{field, lowered};

    #[test]
    fn an_all_of_through_a_reference_lowers_to_one_struct() {
        let lowered = lowered(json!({
            "$defs": {"Base": {"required": ["prompt"], "properties": {"prompt": {"type": "string"}}}},
            "allOf": [{"$ref": "#/$defs/Base"}, {"properties": {"steps": {"type": "integer"}}}]
        }));
        let body = &lowered.request.body;
        assert!(field(body, "prompt").required);
        assert!(matches!(field(body, "steps").ty, TypeRef::Integer(_)));
    }

    #[test]
    fn a_reference_beside_other_keywords_is_merged_with_them() {
        let lowered = lowered(json!({
            "$defs": {"Steps": {"type": "integer", "minimum": 1}},
            "properties": {"steps": {"$ref": "#/$defs/Steps", "maximum": 50}}
        }));
        let checks = &field(&lowered.request.body, "steps").checks;
        assert_eq!(
            (checks.minimum.clone(), checks.maximum.clone()),
            (Some(1.into()), Some(50.into()))
        );
    }

    #[test]
    fn members_that_conflict_leave_the_property_as_checked_json() {
        let lowered = lowered(json!({
            "properties": {"x": {"allOf": [{"type": "string"}, {"type": "integer"}]}}
        }));
        let x = field(&lowered.request.body, "x");
        assert_eq!(x.ty, TypeRef::Json);
        assert_eq!(x.checks.schema_rules[0].pointer, "/properties/x");
        assert_eq!(lowered.warnings.len(), 1);
    }

    #[test]
    fn a_closed_member_beside_another_members_property_cannot_be_merged() {
        let lowered = lowered(json!({"properties": {"x": {"allOf": [
            {"properties": {"a": {"type": "string"}}, "additionalProperties": false},
            {"properties": {"b": {"type": "string"}}}
        ]}}}));
        assert_eq!(field(&lowered.request.body, "x").ty, TypeRef::Json);
        assert_eq!(
            lowered.warnings[0].pointer.as_str(),
            "/properties/x/allOf/0/additionalProperties"
        );
    }

    #[test]
    fn members_differing_only_in_documentation_keywords_are_merged() {
        let lowered = lowered(json!({"properties": {"name": {"allOf": [
            {"type": "string", "externalDocs": {"url": "https://a.example"}, "xml": {"name": "a"}},
            {"maxLength": 5, "externalDocs": {"url": "https://b.example"}, "$dynamicAnchor": "b"}
        ]}}}));
        let name = field(&lowered.request.body, "name");
        assert_eq!(name.ty, TypeRef::String);
        assert_eq!(name.checks.max_length, Some(5));
        assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);
    }
}
