//! Unions: `anyOf`, `oneOf` and `allOf` compared variant by variant.

use serde_json::{Map, Value};

use super::{Slot, Walker, map_of, type_set};
use crate::drift::change::{ChangeKind, Combinator};
use crate::drift::field;
use crate::drift::keywords::show;
use crate::drift::resolve::resolve;
use crate::schema::JsonPointer;
use crate::schema::keywords as schema_keywords;
use crate::schema::reference;

impl Walker<'_> {
    pub(super) fn union(
        &mut self,
        combinator: Combinator,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        at: &JsonPointer,
    ) {
        let keyword = combinator.keyword();
        let here = at.join(keyword);
        let name = field::name(at);
        match (old.get(keyword), new.get(keyword)) {
            (None, None) => {}
            (None, Some(n)) => {
                let message = format!("{name}: must match {keyword} {} now", count_of(n));
                self.push(
                    ChangeKind::UnionIntroduced(combinator),
                    here,
                    Value::Null,
                    n.clone(),
                    message,
                );
            }
            (Some(o), None) => {
                let message = format!("{name}: the {keyword} of {} was removed", count_of(o));
                self.push(
                    ChangeKind::UnionRemoved(combinator),
                    here,
                    o.clone(),
                    Value::Null,
                    message,
                );
            }
            (Some(Value::Array(o)), Some(Value::Array(n))) => {
                let pairs = pair_variants(o, n, self.old_root, self.new_root);
                for (i, j) in &pairs.matched {
                    self.schema(&o[*i], &n[*j], &here.join(i), Slot::Other);
                }
                for i in pairs.removed {
                    let message = format!(
                        "{name}: {keyword} variant #{i}{} was removed",
                        outline(&o[i], self.old_root)
                    );
                    self.push(
                        ChangeKind::VariantRemoved(combinator),
                        here.join(i),
                        o[i].clone(),
                        Value::Null,
                        message,
                    );
                }
                for j in pairs.added {
                    let message = format!(
                        "{name}: {keyword} variant #{j}{} was added",
                        outline(&n[j], self.new_root)
                    );
                    self.push(
                        ChangeKind::VariantAdded(combinator),
                        here.join(j),
                        Value::Null,
                        n[j].clone(),
                        message,
                    );
                }
            }
            _ => self.generic(keyword, old, new, at),
        }
    }
}

/// A few words on what a variant is, for messages: ` (array)`, ` (Message)`, or nothing.
fn outline(variant: &Value, root: &Value) -> String {
    let title = variant
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(reference::target_name)
        .or_else(|| {
            let resolved = resolve(variant, root);
            let map = map_of(&resolved.node);
            let title = map.get("title").and_then(Value::as_str).map(str::to_owned);
            title.or_else(|| type_set(map).map(|t| t.into_iter().collect::<Vec<_>>().join(" | ")))
        });
    title.map(|t| format!(" ({t})")).unwrap_or_default()
}

/// A plain schema meeting an `anyOf`/`oneOf` is compared as a union of itself: making a
/// field nullable with `anyOf: [{…}, {type: null}]` then reads as one variant added. Only
/// keywords the union side does not set beside its union move into the variant, and only if
/// that variant pairs with one of the union's; otherwise the union was introduced or removed.
pub(super) fn lift_into_union(
    plain: &Map<String, Value>,
    union: &Map<String, Value>,
    plain_root: &Value,
    union_root: &Value,
) -> Option<Map<String, Value>> {
    if plain.contains_key("anyOf") || plain.contains_key("oneOf") {
        return None;
    }
    let keyword = ["anyOf", "oneOf"]
        .into_iter()
        .find(|k| union.get(*k).is_some_and(Value::is_array))?;
    let (mut lifted, mut variant) = (Map::new(), Map::new());
    for (key, value) in plain {
        if schema_keywords::accepts_anything(key) || union.contains_key(key) {
            lifted.insert(key.clone(), value.clone());
        } else {
            variant.insert(key.clone(), value.clone());
        }
    }
    // Nothing to move: the plain side accepts anything there, so the union is new (or gone).
    if variant.is_empty() {
        return None;
    }
    let variants = union.get(keyword)?.as_array()?;
    let variant = Value::Object(variant);
    let pairs = pair_variants(
        std::slice::from_ref(&variant),
        variants,
        plain_root,
        union_root,
    );
    if pairs.matched.is_empty() {
        return None;
    }
    lifted.insert(keyword.to_owned(), Value::Array(vec![variant]));
    Some(lifted)
}

/// Which old union variant became which new one.
#[derive(Debug, Default, PartialEq, Eq)]
struct Pairs {
    matched: Vec<(usize, usize)>,
    removed: Vec<usize>,
    added: Vec<usize>,
}

/// Pairs identical variants first, then variants of the same shape (type, reference, title),
/// then variants whose types overlap, in order; what is left was removed or added. Position alone never pairs, so a reordered
/// union reports nothing.
fn pair_variants(old: &[Value], new: &[Value], old_root: &Value, new_root: &Value) -> Pairs {
    let mut taken = vec![false; new.len()];
    let mut matched: Vec<Option<usize>> = vec![None; old.len()];
    for (i, variant) in old.iter().enumerate() {
        if let Some(j) = (0..new.len()).find(|&j| !taken[j] && new[j] == *variant) {
            taken[j] = true;
            matched[i] = Some(j);
        }
    }
    let old_shapes: Vec<String> = old.iter().map(|v| shape(v, old_root)).collect();
    let new_shapes: Vec<String> = new.iter().map(|v| shape(v, new_root)).collect();
    for i in 0..old.len() {
        if matched[i].is_some() {
            continue;
        }
        if let Some(j) = (0..new.len()).find(|&j| !taken[j] && new_shapes[j] == old_shapes[i]) {
            taken[j] = true;
            matched[i] = Some(j);
        }
    }
    // Last, a variant whose types overlap (a union of types narrowed to one of them).
    for i in 0..old.len() {
        if matched[i].is_some() {
            continue;
        }
        let old_types = type_set(map_of(&resolve(&old[i], old_root).node));
        let overlaps = |j: usize| {
            let new_types = type_set(map_of(&resolve(&new[j], new_root).node));
            match (&old_types, &new_types) {
                (Some(o), Some(n)) => !o.is_disjoint(n),
                _ => false,
            }
        };
        if let Some(j) = (0..new.len()).find(|&j| !taken[j] && overlaps(j)) {
            taken[j] = true;
            matched[i] = Some(j);
        }
    }
    Pairs {
        matched: matched
            .iter()
            .enumerate()
            .filter_map(|(i, j)| j.map(|j| (i, j)))
            .collect(),
        removed: matched
            .iter()
            .enumerate()
            .filter(|(_, j)| j.is_none())
            .map(|(i, _)| i)
            .collect(),
        added: taken
            .iter()
            .enumerate()
            .filter(|(_, t)| !**t)
            .map(|(j, _)| j)
            .collect(),
    }
}

fn shape(variant: &Value, root: &Value) -> String {
    let reference = variant
        .get("$ref")
        .map(Value::to_string)
        .unwrap_or_default();
    let resolved = resolve(variant, root);
    let map = map_of(&resolved.node);
    let title = map.get("title").map(Value::to_string).unwrap_or_default();
    format!("{:?}|{reference}|{title}", type_set(map))
}

fn count_of(value: &Value) -> String {
    match value.as_array().map(Vec::len) {
        Some(1) => "1 schema".to_owned(),
        Some(n) => format!("{n} schemas"),
        None => show(value),
    }
}
