//! JSON Pointer (RFC 6901): `/properties/a~1b` names the member `a/b` of `properties`.

use std::borrow::Cow;
use std::fmt;

/// A JSON pointer into a schema or a payload, kept in its escaped text form (`""` is the
/// whole document, every other pointer starts with `/`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonPointer(String);

/// Text that is not a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a JSON pointer: {reason}")]
pub struct InvalidPointer {
    pub text: String,
    pub reason: &'static str,
}

impl JsonPointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// Reads a pointer in its escaped form: empty, or `/` followed by tokens in which `~` is
    /// always `~0` or `~1`.
    pub fn parse(text: &str) -> Result<Self, InvalidPointer> {
        let invalid = |reason| InvalidPointer {
            text: text.to_owned(),
            reason,
        };
        if !text.is_empty() && !text.starts_with('/') {
            return Err(invalid("it neither is empty nor starts with `/`"));
        }
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
                return Err(invalid("`~` is not followed by `0` or `1`"));
            }
        }
        Ok(Self(text.to_owned()))
    }

    /// The pointer one level deeper, escaping `~` and `/` in `token`.
    pub fn join(&self, token: impl fmt::Display) -> Self {
        Self(format!("{}/{}", self.0, escape(&token.to_string())))
    }

    /// The tokens from the root down, unescaped; none for the root.
    pub fn tokens(&self) -> impl Iterator<Item = Cow<'_, str>> {
        self.0.split('/').skip(1).map(unescape)
    }

    /// The pointer one level up and the last token (unescaped); `None` for the root.
    pub fn parent(&self) -> Option<(JsonPointer, Cow<'_, str>)> {
        let (parent, last) = self.0.rsplit_once('/')?;
        Some((Self(parent.to_owned()), unescape(last)))
    }

    /// The last token, unescaped; `None` for the root.
    pub fn last(&self) -> Option<Cow<'_, str>> {
        self.parent().map(|(_, last)| last)
    }

    /// The escaped text, `""` for the root (what `serde_json::Value::pointer` takes).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A token as it is written in a pointer: `~` as `~0`, `/` as `~1`.
pub fn escape(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// A token as written in a pointer, back to its text: `~1` is `/`, `~0` is `~` (in that
/// order, so `~01` is `~1`).
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// The whole document is shown as `/`, so that a message never ends in an empty location.
impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("/")
        } else {
            f.write_str(&self.0)
        }
    }
}

/// A pointer the caller knows to be well formed (one a validator or this crate produced);
/// text from a schema goes through [`JsonPointer::parse`].
impl From<&str> for JsonPointer {
    fn from(raw: &str) -> Self {
        Self(raw.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_escapes_tilde_and_slash() {
        let pointer = JsonPointer::root().join("properties").join("a/b~c");
        assert_eq!(pointer.as_str(), "/properties/a~1b~0c");
    }

    #[test]
    fn tokens_are_unescaped() {
        let pointer = JsonPointer::parse("/properties/a~1b~0c/items").expect("a pointer");
        assert_eq!(
            pointer.tokens().collect::<Vec<_>>(),
            ["properties", "a/b~c", "items"]
        );
    }

    #[test]
    fn tilde_zero_one_unescapes_to_tilde_one_not_slash() {
        assert_eq!(unescape("~01"), "~1");
    }

    #[test]
    fn the_root_has_no_tokens_and_no_parent() {
        assert_eq!(JsonPointer::root().tokens().count(), 0);
        assert_eq!(JsonPointer::root().parent(), None);
    }

    #[test]
    fn parent_splits_off_the_last_token_unescaped() {
        let pointer = JsonPointer::parse("/$defs/a~1b").expect("a pointer");
        let (parent, last) = pointer.parent().expect("not the root");
        assert_eq!((parent.as_str(), last.as_ref()), ("/$defs", "a/b"));
    }

    #[test]
    fn an_empty_last_token_is_a_token() {
        let pointer = JsonPointer::parse("/properties/").expect("a pointer");
        assert_eq!(pointer.last().as_deref(), Some(""));
    }

    #[test]
    fn parse_refuses_text_without_a_leading_slash() {
        assert!(JsonPointer::parse("properties/a").is_err());
    }

    #[test]
    fn parse_refuses_a_tilde_that_escapes_nothing() {
        assert!(JsonPointer::parse("/a~2").is_err());
    }

    #[test]
    fn the_root_displays_as_a_slash() {
        assert_eq!(JsonPointer::root().to_string(), "/");
    }
}
