//! Checks on the finished request type: recursive fields boxed so every type has a finite
//! size, and refusals of types no finite value has or no deserializer can end on.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::SchemaSource;
use crate::error::SchemaError;
use crate::ir::{RequestDef, StructDef, TypeDef, TypeRef, UnionDef};
use crate::schema::JsonPointer;

/// Boxes every field and union variant whose type contains, without a `Vec` or map in
/// between, the type that holds it: otherwise the Rust type would have infinite size.
pub(super) fn box_recursive_fields(request: &mut RequestDef) {
    let direct = |ty: &TypeRef| ty.direct_name().map(str::to_owned);
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let all_structs =
        std::iter::once(&request.body).chain(request.types.iter().filter_map(|t| match t {
            TypeDef::Struct(s) => Some(s),
            _ => None,
        }));
    for def in all_structs {
        edges
            .entry(def.name.clone())
            .or_default()
            .extend(def.fields.iter().filter_map(|f| direct(&f.ty)));
    }
    for def in &request.types {
        if let TypeDef::Union(u) = def {
            edges
                .entry(u.name.clone())
                .or_default()
                .extend(u.variants.iter().filter_map(|v| direct(&v.ty)));
        }
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone())
                && let Some(next) = edges.get(&node)
            {
                stack.extend(next.iter().cloned());
            }
        }
        false
    };
    let mut memo: BTreeMap<(String, String), bool> = BTreeMap::new();
    let mut cyclic = |from: &str, to: &str| -> bool {
        *memo
            .entry((from.to_owned(), to.to_owned()))
            .or_insert_with(|| reaches(to, from))
    };
    let body_name = request.body.name.clone();
    for field in &mut request.body.fields {
        if let Some(target) = direct(&field.ty) {
            field.boxed = cyclic(&body_name, &target);
        }
    }
    for def in &mut request.types {
        match def {
            TypeDef::Struct(s) => {
                for field in &mut s.fields {
                    if let Some(target) = direct(&field.ty) {
                        field.boxed = cyclic(&s.name, &target);
                    }
                }
            }
            TypeDef::Union(u) => {
                for variant in &mut u.variants {
                    if let Some(target) = direct(&variant.ty) {
                        variant.boxed = cyclic(&u.name, &target);
                    }
                }
            }
            TypeDef::LiteralEnum(_) => {}
        }
    }
}

/// Refuses a type no finite value can have: a struct that requires itself with no way out
/// (no `null`, no other union variant, no empty array).
pub(super) fn check_finite(
    request: &RequestDef,
    pointers: &BTreeMap<String, JsonPointer>,
    source: &SchemaSource,
) -> Result<(), SchemaError> {
    let mut finite: BTreeSet<&str> = BTreeSet::new();
    fn holds(ty: &TypeRef, min_items: Option<u64>, finite: &BTreeSet<&str>) -> bool {
        match ty {
            TypeRef::Named(name) => finite.contains(name.as_str()),
            TypeRef::Array(inner) => min_items.unwrap_or(0) == 0 || holds(inner, None, finite),
            TypeRef::Optional(_) | TypeRef::Map(_) => true,
            _ => true,
        }
    }
    let struct_ok = |def: &StructDef, finite: &BTreeSet<&str>| {
        def.fields
            .iter()
            .filter(|f| f.required && !f.nullable)
            .all(|f| holds(&f.ty, f.checks.min_items, finite))
    };
    loop {
        let before = finite.len();
        for def in &request.types {
            let ok = match def {
                TypeDef::Struct(s) => struct_ok(s, &finite),
                TypeDef::Union(u) => u.variants.iter().any(|v| holds(&v.ty, None, &finite)),
                TypeDef::LiteralEnum(_) => true,
            };
            if ok {
                finite.insert(def.name());
            }
        }
        if finite.len() == before {
            break;
        }
    }
    let stuck = request
        .types
        .iter()
        .find(|t| !finite.contains(t.name()))
        .map(|t| t.name())
        .or_else(|| (!struct_ok(&request.body, &finite)).then_some(request.body.name.as_str()));
    match stuck {
        None => Ok(()),
        Some(name) => Err(SchemaError {
            source_file: source.clone(),
            pointer: pointers.get(name).cloned().unwrap_or_default(),
            keyword: "required".to_owned(),
            message: format!(
                "`{name}` requires a value of its own type (directly or through other required properties) with no `null`, alternative or empty array to stop at, so no finite value is valid; make one of those properties optional in an overlay"
            ),
        }),
    }
}

/// Refuses a union that is one of its own alternatives (directly or through other unions,
/// with no object between): deserializing it would try that alternative on the same value
/// forever, a stack overflow.
pub(super) fn check_unions_consume_input(
    request: &RequestDef,
    pointers: &BTreeMap<String, JsonPointer>,
    source: &SchemaSource,
) -> Result<(), SchemaError> {
    let unions: BTreeMap<&str, &UnionDef> = request
        .types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Union(u) => Some((u.name.as_str(), u)),
            _ => None,
        })
        .collect();
    for (name, union) in &unions {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut next = union_alternatives(union, &unions);
        while let Some(reached) = next.pop() {
            if reached == *name {
                return Err(SchemaError {
                    source_file: source.clone(),
                    pointer: pointers.get(*name).cloned().unwrap_or_default(),
                    keyword: "$ref".to_owned(),
                    message: format!(
                        "`{name}` is one of its own alternatives (an `anyOf`/`oneOf` member that refers back to it with no object between), so no value can be told apart from the one it stands for; remove that alternative in an overlay"
                    ),
                });
            }
            if seen.insert(reached)
                && let Some(union) = unions.get(reached)
            {
                next.extend(union_alternatives(union, &unions));
            }
        }
    }
    Ok(())
}

/// The unions among a union's alternatives, reached without reading any of the value.
pub(super) fn union_alternatives<'u>(
    union: &'u UnionDef,
    unions: &BTreeMap<&str, &UnionDef>,
) -> Vec<&'u str> {
    union
        .variants
        .iter()
        .filter_map(|v| v.ty.direct_name())
        .filter(|n| unions.contains_key(n))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::TypeRef;
    use crate::lower::test_support::{field, lowered, refusal, struct_def};

    #[test]
    fn a_field_holding_its_own_struct_is_boxed() {
        let lowered = lowered(json!({
            "$defs": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/Node"}}}},
            "properties": {"head": {"$ref": "#/$defs/Node"}}
        }));
        assert!(field(struct_def(&lowered, "Node"), "next").boxed);
        assert!(!field(&lowered.request.body, "head").boxed);
    }

    #[test]
    fn a_field_holding_its_own_struct_through_an_array_is_not_boxed() {
        let lowered = lowered(json!({
            "$defs": {"Node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}
            }}},
            "properties": {"head": {"$ref": "#/$defs/Node"}}
        }));
        let children = field(struct_def(&lowered, "Node"), "children");
        assert!(matches!(children.ty, TypeRef::Array(_)));
        assert!(!children.boxed);
    }

    #[test]
    fn a_struct_that_requires_itself_is_refused() {
        let error = refusal(json!({
            "$defs": {"Node": {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/$defs/Node"}}}},
            "properties": {"head": {"$ref": "#/$defs/Node"}}
        }));
        assert_eq!(error.keyword, "required");
        assert_eq!(error.pointer.as_str(), "/$defs/Node");
    }

    #[test]
    fn a_struct_that_requires_itself_or_null_is_finite() {
        let lowered = lowered(json!({
            "$defs": {"Node": {"type": "object", "required": ["next"], "properties": {
                "next": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]}
            }}},
            "properties": {"head": {"$ref": "#/$defs/Node"}}
        }));
        assert!(field(struct_def(&lowered, "Node"), "next").nullable);
    }

    #[test]
    fn a_union_that_is_its_own_alternative_is_refused() {
        let error = refusal(json!({
            "$defs": {"Value": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Value"}]}},
            "properties": {"value": {"$ref": "#/$defs/Value"}}
        }));
        assert_eq!(error.keyword, "$ref");
        assert!(
            error.message.contains("one of its own alternatives"),
            "{}",
            error.message
        );
    }
}
