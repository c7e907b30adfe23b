//! The line of a canonical JSON file (see [`crate::canonical`]) on which a pointer's value
//! starts, for annotations that point reviewers at the committed file.
//!
//! The layout of pretty-printed JSON is fixed: a scalar, `{}` or `[]` takes one line, a
//! non-empty container its opening line, its members, and its closing line. Line numbers are
//! therefore counted from the value itself rather than searched for in text.

use serde_json::Value;

use crate::schema::JsonPointer;

/// The 1-based line where the value at `pointer` starts in `canonical::to_string(document)`.
///
/// A pointer into something the document does not have (an added property, a path through a
/// followed `$ref`) gives the line of the deepest part of it that exists.
pub fn line_of(document: &Value, pointer: &JsonPointer) -> usize {
    let mut line = 1;
    let mut node = document;
    for token in pointer.tokens() {
        let (offset, child) = match node {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                let Some(position) = entries.iter().position(|(key, _)| **key == token) else {
                    break;
                };
                let before: usize = entries[..position].iter().map(|(_, v)| height(v)).sum();
                (before, entries[position].1)
            }
            Value::Array(items) => {
                let Some(child) = token
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i).map(|c| (i, c)))
                else {
                    break;
                };
                (items[..child.0].iter().map(height).sum(), child.1)
            }
            _ => break,
        };
        line += 1 + offset;
        node = child;
    }
    line
}

/// How many lines `value` takes when pretty-printed.
fn height(value: &Value) -> usize {
    match value {
        Value::Object(map) if !map.is_empty() => 2 + map.values().map(height).sum::<usize>(),
        Value::Array(items) if !items.is_empty() => 2 + items.iter().map(height).sum::<usize>(),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical;
    use serde_json::json;

    fn document() -> Value {
        json!({
            "type": "object",
            "required": ["prompt"],
            "properties": {
                "size": {"enum": ["1K", "2K"], "type": "string"},
                "empty": {},
                "prompt": {"type": "string", "default": ""}
            }
        })
    }

    fn line_text(document: &Value, pointer: &str) -> String {
        let text = canonical::to_string(document);
        let line = line_of(document, &JsonPointer::from(pointer));
        text.lines()
            .nth(line - 1)
            .unwrap_or_default()
            .trim()
            .to_owned()
    }

    #[test]
    fn the_root_is_line_one() {
        assert_eq!(line_of(&document(), &JsonPointer::root()), 1);
    }

    #[test]
    fn a_member_is_found_on_the_line_that_names_it() {
        let doc = document();
        assert_eq!(line_text(&doc, "/properties/size/enum"), "\"enum\": [");
        assert_eq!(
            line_text(&doc, "/properties/prompt/default"),
            "\"default\": \"\","
        );
        assert_eq!(line_text(&doc, "/properties/size/enum/1"), "\"2K\"");
        assert_eq!(line_text(&doc, "/required"), "\"required\": [");
    }

    #[test]
    fn empty_containers_take_one_line() {
        let doc = document();
        assert_eq!(line_text(&doc, "/properties/prompt"), "\"prompt\": {");
    }

    #[test]
    fn a_missing_member_gives_the_line_of_its_deepest_existing_parent() {
        let doc = document();
        assert_eq!(
            line_text(&doc, "/properties/added/type"),
            "\"properties\": {"
        );
    }
}
