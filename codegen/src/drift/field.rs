//! Names a schema location the way a client sees it in a payload, for messages:
//! `/properties/messages/items/properties/role` is `messages[].role`.

use crate::schema::JsonPointer;

/// The payload field a schema pointer describes, in backticks, or "the request body".
pub fn name(pointer: &JsonPointer) -> String {
    let mut out = String::new();
    let mut rest = pointer.tokens().peekable();
    while let Some(token) = rest.next() {
        match token.as_ref() {
            "properties" => {
                if let Some(property) = rest.next() {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&property);
                }
            }
            "items" | "prefixItems" => match rest.peek().and_then(|t| t.parse::<usize>().ok()) {
                Some(index) => {
                    rest.next();
                    out.push_str(&format!("[{index}]"));
                }
                None => out.push_str("[]"),
            },
            "additionalItems" | "unevaluatedItems" => out.push_str("[…]"),
            "additionalProperties" | "unevaluatedProperties" => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('*');
            }
            "anyOf" | "oneOf" | "allOf" => {
                let index = rest.next().unwrap_or(std::borrow::Cow::Borrowed("?"));
                out.push_str(&format!(" ({token} #{index})"));
            }
            other => out.push_str(&format!(" <{other}>")),
        }
    }
    let out = out.trim_start().to_owned();
    if out.is_empty() {
        "the request body".to_owned()
    } else {
        format!("`{out}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(pointer: &str) -> String {
        name(&JsonPointer::from(pointer))
    }

    #[test]
    fn the_root_is_the_request_body() {
        assert_eq!(named(""), "the request body");
    }

    #[test]
    fn nested_properties_and_items_read_as_a_payload_path() {
        assert_eq!(
            named("/properties/messages/items/properties/role"),
            "`messages[].role`"
        );
        assert_eq!(named("/properties/pair/prefixItems/1"), "`pair[1]`");
        assert_eq!(named("/properties/meta/additionalProperties"), "`meta.*`");
    }

    #[test]
    fn union_variants_are_numbered() {
        assert_eq!(
            named("/properties/content/oneOf/1/items"),
            "`content (oneOf #1)[]`"
        );
    }

    #[test]
    fn escaped_property_names_are_unescaped() {
        assert_eq!(named("/properties/a~1b~0c"), "`a/b~c`");
    }
}
