//! Local `$ref` resolution, one policy for every stage: a reference is a URI fragment into
//! the schema's own document. `#` is the whole document, `#/…` a JSON pointer (its `%xx`
//! escapes decoded first, RFC 3986), `#name` the subschema whose `$anchor` is `name`. Anything
//! before the `#` (a file, a URL) is external: nothing is fetched, so it is refused.

use serde_json::Value;

use super::pointer::JsonPointer;
use super::walk;

/// Why a `$ref` does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    #[error("`$ref` must be a string")]
    NotAString,
    /// Not a fragment of this document: another file or a URL.
    #[error("`{0}` is not a local reference")]
    External(String),
    /// A well-formed local reference to nothing in the document.
    #[error("`{0}` points at nothing in this schema")]
    NotFound(String),
}

/// Where a local reference leads: the pointer of the target (escaped, percent-decoded) and
/// the target itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Target<'a> {
    pub pointer: JsonPointer,
    pub schema: &'a Value,
}

/// Resolves the value of a `$ref` keyword against `root`, the document it stands in.
pub fn resolve<'a>(reference: &Value, root: &'a Value) -> Result<Target<'a>, RefError> {
    let text = reference.as_str().ok_or(RefError::NotAString)?;
    let fragment = text
        .strip_prefix('#')
        .ok_or_else(|| RefError::External(text.to_owned()))?;
    let fragment = percent_decode(fragment);
    let pointer = if fragment.is_empty() || fragment.starts_with('/') {
        JsonPointer::parse(&fragment).ok()
    } else {
        find_anchor(root, &fragment)
    };
    pointer
        .and_then(|pointer| {
            let schema = root.pointer(pointer.as_str())?;
            Some(Target { pointer, schema })
        })
        .ok_or_else(|| RefError::NotFound(text.to_owned()))
}

/// The name a local reference gives its target, to name a type after: the last token of its
/// pointer (`#/$defs/Aspect%20ratio` is `Aspect ratio`, `#/$defs/a~1b` is `a/b`) or its anchor
/// (`#thing`); `None` for `#` and for an external reference.
pub fn target_name(reference: &str) -> Option<String> {
    let fragment = percent_decode(reference.strip_prefix('#')?);
    let name = if fragment.starts_with('/') {
        JsonPointer::parse(&fragment).ok()?.last()?.into_owned()
    } else {
        fragment
    };
    Some(name).filter(|name| !name.is_empty())
}

/// The subschema of `root` whose `$anchor` is `name`, if there is one.
fn find_anchor(root: &Value, name: &str) -> Option<JsonPointer> {
    walk::subschemas(root)
        .find(|(_, schema)| schema.get("$anchor").and_then(Value::as_str) == Some(name))
        .map(|(pointer, _)| pointer)
}

/// `%xx` escapes of a URI fragment, decoded (`/$defs/a%20b` is `/$defs/a b`). Text whose
/// escapes do not decode to UTF-8 is kept as it is.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_owned(), String::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn target(reference: &str, root: &Value) -> Result<String, RefError> {
        resolve(&json!(reference), root).map(|t| t.pointer.as_str().to_owned())
    }

    #[test]
    fn a_pointer_fragment_resolves_to_its_target() {
        let root = json!({"$defs": {"A": {"type": "string"}}});
        let found = resolve(&json!("#/$defs/A"), &root).expect("resolves");
        assert_eq!(found.pointer.as_str(), "/$defs/A");
        assert_eq!(found.schema, &json!({"type": "string"}));
    }

    #[test]
    fn percent_escapes_are_decoded_before_the_pointer_is_read() {
        let root = json!({"$defs": {"a b": {"type": "string"}}});
        assert_eq!(
            target("#/$defs/a%20b", &root).expect("resolves"),
            "/$defs/a b"
        );
    }

    #[test]
    fn pointer_escapes_stay_in_the_target_pointer() {
        let root = json!({"$defs": {"a/b": true}});
        assert_eq!(
            target("#/$defs/a~1b", &root).expect("resolves"),
            "/$defs/a~1b"
        );
    }

    #[test]
    fn a_bare_hash_is_the_whole_document() {
        assert_eq!(
            target("#", &json!({"type": "object"})).expect("resolves"),
            ""
        );
    }

    #[test]
    fn an_anchor_resolves_to_the_subschema_that_declares_it() {
        let root = json!({"$defs": {"Thing": {"$anchor": "thing", "type": "string"}}});
        assert_eq!(target("#thing", &root).expect("resolves"), "/$defs/Thing");
    }

    #[test]
    fn an_anchor_inside_a_value_that_is_not_a_schema_is_not_found() {
        let root = json!({"default": {"$anchor": "thing"}, "$defs": {}});
        assert_eq!(
            target("#thing", &root),
            Err(RefError::NotFound("#thing".to_owned()))
        );
    }

    #[test]
    fn a_reference_to_another_document_is_external() {
        assert_eq!(
            target("other.json#/$defs/A", &json!({})),
            Err(RefError::External("other.json#/$defs/A".to_owned()))
        );
    }

    #[test]
    fn a_pointer_to_nothing_is_not_found() {
        assert_eq!(
            target("#/$defs/Missing", &json!({})),
            Err(RefError::NotFound("#/$defs/Missing".to_owned()))
        );
    }

    #[test]
    fn a_target_is_named_by_its_last_token_decoded() {
        assert_eq!(
            target_name("#/$defs/Aspect%20ratio").as_deref(),
            Some("Aspect ratio")
        );
        assert_eq!(target_name("#/$defs/a~1b").as_deref(), Some("a/b"));
    }

    #[test]
    fn an_anchor_names_its_target() {
        assert_eq!(target_name("#thing").as_deref(), Some("thing"));
    }

    #[test]
    fn the_whole_document_and_an_external_reference_have_no_name() {
        assert_eq!(target_name("#"), None);
        assert_eq!(target_name("https://example.com/a.json"), None);
    }

    #[test]
    fn a_ref_that_is_not_a_string_is_refused() {
        assert_eq!(resolve(&json!(1), &json!({})), Err(RefError::NotAString));
    }
}
