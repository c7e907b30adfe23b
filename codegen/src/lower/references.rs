//! Local `$ref`s: each target lowered once into one named type, recursive references naming
//! the type being lowered; external and dangling references are refused.

use serde_json::Value;

use super::limits::MAX_SCHEMA_DEPTH;
use super::{Lowered, Lowerer, RefState, plain};
use crate::error::SchemaError;
use crate::ir::TypeRef;
use crate::names;
use crate::schema::JsonPointer;
use crate::schema::reference::{self, RefError};

/// The name hint of a `$ref` target: its last pointer token, `Root` for the whole schema.
pub(super) fn ref_hint(target: &JsonPointer) -> String {
    match target.last() {
        Some(last) if !last.is_empty() => last.into_owned(),
        _ => "Root".to_owned(),
    }
}

impl<'a> Lowerer<'a> {
    /// The pointer a local `$ref` names and the schema there ([`reference::resolve`]).
    pub(super) fn resolve(
        &self,
        reference: &Value,
        at: &JsonPointer,
    ) -> Result<(JsonPointer, &'a Value), SchemaError> {
        match reference::resolve(reference, self.root) {
            Ok(target) => Ok((target.pointer, target.schema)),
            Err(RefError::NotAString) => Err(self.error(at, "$ref", "must be a string")),
            Err(RefError::External(text)) => Err(self.refusal(
                at,
                "$ref",
                format!("`{text}` is not a local reference, and nothing is fetched; only `#/$defs/..`, other pointers into this schema and `#anchor`s are followed: copy the referenced schema into `$defs` in an overlay"),
            )),
            Err(RefError::NotFound(text)) => Err(self.refusal(
                at,
                "$ref",
                format!("`{text}` points at nothing in this schema; point it at a schema under `$defs` in an overlay"),
            )),
        }
    }

    pub(super) fn lower_ref(
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
        let result = self.lower(resolved, &target, &hint);
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
                format!("`#{}` contains itself through a schema that is not an object with properties, an enum or a union (an array or map of itself, say); Rust cannot name that infinitely nested type: wrap it in an object in an overlay", target.as_str()),
            ));
        }
        self.refs
            .insert(target, RefState::Done(Box::new(lowered.clone())));
        Ok(lowered)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::TypeRef;
    use crate::lower::test_support::{field, lowered, names, refusal};

    #[test]
    fn a_target_used_twice_is_one_type() {
        let lowered = lowered(json!({
            "$defs": {"Size": {"type": "object", "properties": {"width": {"type": "integer"}}}},
            "properties": {"input": {"$ref": "#/$defs/Size"}, "output": {"$ref": "#/$defs/Size"}}
        }));
        let body = &lowered.request.body;
        assert_eq!(field(body, "input").ty, TypeRef::Named("Size".into()));
        assert_eq!(field(body, "output").ty, field(body, "input").ty);
        assert_eq!(names(&lowered), ["Size"]);
    }

    #[test]
    fn a_percent_encoded_reference_is_decoded() {
        let lowered = lowered(json!({
            "$defs": {"a b": {"enum": ["x", "y"]}},
            "properties": {"choice": {"$ref": "#/$defs/a%20b"}}
        }));
        assert_eq!(names(&lowered), ["AB"]);
    }

    #[test]
    fn an_escaped_pointer_token_is_unescaped() {
        let lowered = lowered(json!({
            "$defs": {"a/b": {"enum": ["x"]}},
            "properties": {"choice": {"$ref": "#/$defs/a~1b"}}
        }));
        assert_eq!(lowered.request.types.len(), 1);
    }

    #[test]
    fn an_anchor_reference_finds_its_schema() {
        let lowered = lowered(json!({
            "$defs": {"mode": {"$anchor": "mode", "enum": ["fast", "slow"]}},
            "properties": {"mode": {"$ref": "#mode"}}
        }));
        assert_eq!(lowered.request.types.len(), 1);
    }

    #[test]
    fn an_external_reference_is_refused() {
        let error = refusal(json!({
            "properties": {"size": {"$ref": "https://example.com/size.json"}}
        }));
        assert_eq!(error.pointer.as_str(), "/properties/size/$ref");
        assert_eq!(error.keyword, "$ref");
    }

    #[test]
    fn a_reference_to_nothing_is_refused() {
        let error = refusal(json!({"properties": {"size": {"$ref": "#/$defs/Missing"}}}));
        assert_eq!(error.pointer.as_str(), "/properties/size/$ref");
        assert!(
            error.message.contains("points at nothing"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_recursive_reference_names_the_type_being_lowered() {
        let lowered = lowered(json!({
            "$defs": {"Node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}
            }}},
            "properties": {"tree": {"$ref": "#/$defs/Node"}}
        }));
        let node = crate::lower::test_support::struct_def(&lowered, "Node");
        assert_eq!(
            field(node, "children").ty,
            TypeRef::Array(Box::new(TypeRef::Named("Node".into())))
        );
    }

    #[test]
    fn a_target_containing_itself_through_an_array_alone_is_plain_json() {
        let lowered = lowered(json!({
            "$defs": {"Nested": {"type": "array", "items": {"$ref": "#/$defs/Nested"}}},
            "properties": {"nested": {"$ref": "#/$defs/Nested"}}
        }));
        assert_eq!(field(&lowered.request.body, "nested").ty, TypeRef::Json);
        assert_eq!(lowered.warnings[0].keyword, "$ref");
    }
}
