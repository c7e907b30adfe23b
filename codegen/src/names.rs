//! Rust identifiers for schema names: valid, deterministic, unique within their scope, and
//! still reading like the original.

use std::collections::{BTreeMap, BTreeSet};

/// Words that cannot be identifiers at all, even as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names that generated code refers to unqualified (the prelude, the generic parameter
/// `M` of shared bodies) or that the crate root defines beside the re-exported model types: a
/// generated type must not shadow them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "String",
    "Vec",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Default",
    "Model",
    "M",
    "From",
    "Into",
    "IntoIterator",
    "Iterator",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "Extend",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "ToOwned",
    "ToString",
    "PartialEq",
    "PartialOrd",
    "Eq",
    "Ord",
    "AsRef",
    "AsMut",
    "Debug",
    "Hash",
    "Endpoint",
    "ModelInfo",
    "ModelTag",
    "Request",
    "RequestVisitor",
    "Violation",
    "Violations",
    "PayloadError",
    "PayloadViolation",
    "UnknownModel",
    "ValidateSchema",
];

/// Longest identifier generated (in characters); longer names are cut, and [`Scope`] keeps
/// the cut names apart.
pub const MAX_IDENT_LEN: usize = 64;

/// A piece of a name: a run of letters and digits, or a `.`/`:` that stood between two digits.
#[derive(Debug, PartialEq)]
enum Piece {
    Word(String),
    /// `0.5`: kept so that `0.5` and `05` stay apart.
    Dot,
    /// `16:9`: kept so that ratios read as `16x9`.
    Colon,
}

/// Splits on any character that is not a letter or digit, and at lower-to-upper case changes
/// (`fooBar` → `foo`, `Bar`).
fn pieces(name: &str) -> Vec<Piece> {
    let chars: Vec<char> = name.chars().collect();
    let mut pieces = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        if !c.is_ascii() && c.is_alphanumeric() {
            // Identifiers stay ASCII: Latin letters lose their accents (`größe` → `groesse`),
            // anything else becomes its code point (`名` → `u540d`), a word of its own.
            match transliterate(c) {
                Some(ascii) => current.push_str(ascii),
                None => {
                    if !current.is_empty() {
                        pieces.push(Piece::Word(std::mem::take(&mut current)));
                    }
                    pieces.push(Piece::Word(format!("u{:x}", c as u32)));
                }
            }
            continue;
        }
        if c.is_ascii_alphanumeric() {
            if prev.is_some_and(char::is_lowercase) && c.is_uppercase() && !current.is_empty() {
                pieces.push(Piece::Word(std::mem::take(&mut current)));
            }
            current.push(c);
            continue;
        }
        if !current.is_empty() {
            pieces.push(Piece::Word(std::mem::take(&mut current)));
        }
        let between_digits =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        match c {
            '.' if between_digits => pieces.push(Piece::Dot),
            ':' if between_digits => pieces.push(Piece::Colon),
            _ => {}
        }
    }
    if !current.is_empty() {
        pieces.push(Piece::Word(current));
    }
    pieces
}

/// ASCII for the Latin letters of Latin-1 and Latin Extended-A.
fn transliterate(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãåāăą", "a"),
        ("ÀÁÂÃÅĀĂĄ", "A"),
        ("äæ", "ae"),
        ("ÄÆ", "Ae"),
        ("çćĉċč", "c"),
        ("ÇĆĈĊČ", "C"),
        ("ďđð", "d"),
        ("ĎĐÐ", "D"),
        ("èéêëēĕėęě", "e"),
        ("ÈÉÊËĒĔĖĘĚ", "E"),
        ("ĝğġģ", "g"),
        ("ĜĞĠĢ", "G"),
        ("ĥħ", "h"),
        ("ĤĦ", "H"),
        ("ìíîïĩīĭįı", "i"),
        ("ÌÍÎÏĨĪĬĮİ", "I"),
        ("ĵ", "j"),
        ("Ĵ", "J"),
        ("ķ", "k"),
        ("Ķ", "K"),
        ("ĺļľŀł", "l"),
        ("ĹĻĽĿŁ", "L"),
        ("ñńņňŉ", "n"),
        ("ÑŃŅŇ", "N"),
        ("òóôõøōŏő", "o"),
        ("ÒÓÔÕØŌŎŐ", "O"),
        ("öœ", "oe"),
        ("ÖŒ", "Oe"),
        ("ŕŗř", "r"),
        ("ŔŖŘ", "R"),
        ("śŝşš", "s"),
        ("ŚŜŞŠ", "S"),
        ("ß", "ss"),
        ("ţťŧ", "t"),
        ("ŢŤŦ", "T"),
        ("þ", "th"),
        ("Þ", "Th"),
        ("ùúûũūŭůűų", "u"),
        ("ÙÚÛŨŪŬŮŰŲ", "U"),
        ("ü", "ue"),
        ("Ü", "Ue"),
        ("ŵ", "w"),
        ("Ŵ", "W"),
        ("ýÿŷ", "y"),
        ("ÝŶŸ", "Y"),
        ("źżž", "z"),
        ("ŹŻŽ", "Z"),
    ];
    TABLE
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}

/// Cuts an identifier to [`MAX_IDENT_LEN`] characters (all ASCII by then).
fn truncated(mut ident: String) -> String {
    if ident.len() > MAX_IDENT_LEN {
        ident.truncate(MAX_IDENT_LEN);
        while ident.ends_with('_') && ident.len() > 1 {
            ident.pop();
        }
    }
    ident
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

fn ends_with_digit(text: &str) -> bool {
    text.ends_with(|c: char| c.is_ascii_digit())
}

/// `UpperCamelCase`, with `_` between two digit runs (`gpt-5-5` → `Gpt5_5`, `0.5` → `0_5`) and
/// `x` for the colon of a ratio (`16:9` → `16x9`). Empty when the name has no letter or digit.
pub fn upper_camel(name: &str) -> String {
    let mut out = String::new();
    for piece in pieces(name) {
        match piece {
            Piece::Dot => out.push('_'),
            Piece::Colon => out.push('x'),
            Piece::Word(word) => {
                let digit_after_digit =
                    ends_with_digit(&out) && word.starts_with(|c: char| c.is_ascii_digit());
                if digit_after_digit {
                    out.push('_');
                }
                out.push_str(&capitalize(&word));
            }
        }
    }
    out
}

/// `snake_case`, with the same treatment of `.` and `:` between digits as [`upper_camel`].
pub fn snake(name: &str) -> String {
    let mut out = String::new();
    let mut glued = false;
    for piece in pieces(name) {
        match piece {
            Piece::Dot => {
                out.push('_');
                glued = true;
            }
            Piece::Colon => {
                out.push('x');
                glued = true;
            }
            Piece::Word(word) => {
                if !out.is_empty() && !glued {
                    out.push('_');
                }
                out.extend(word.chars().flat_map(char::to_lowercase));
                glued = false;
            }
        }
    }
    out
}

/// A field or module name: snake case, prefixed when it would not start with a letter, and a
/// raw identifier when it is a keyword.
pub fn field_ident(name: &str, fallback: &str) -> String {
    let mut ident = truncated(snake(name));
    if ident.is_empty() {
        ident = fallback.to_owned();
    } else if !ident.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        ident = format!("{fallback}_{ident}");
    }
    escape_keyword(ident)
}

/// A type or variant name: upper camel case, prefixed when it would not start with a letter.
pub fn type_ident(name: &str, prefix: &str) -> String {
    let ident = truncated(upper_camel(name));
    if ident.is_empty() {
        prefix.to_owned()
    } else if ident.starts_with(|c: char| c.is_alphabetic()) {
        if KEYWORDS.contains(&ident.as_str()) {
            // `Self`: prefixed, so that suffixes stay camel case (`ModelSelf`, `ModelSelfRequest`).
            format!("{prefix}{ident}")
        } else {
            ident
        }
    } else {
        format!("{prefix}{ident}")
    }
}

fn escape_keyword(ident: String) -> String {
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// Hands out names unique within one scope: a repeat gets `2`, `3`, … appended.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// The next suffix to try per name, so that many repeats of one name stay linear.
    next: BTreeMap<String, usize>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            next: BTreeMap::new(),
        }
    }

    /// Whether `name` (without `r#`) is already handed out or reserved.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name.trim_start_matches("r#"))
    }

    pub fn claim(&mut self, wanted: String) -> String {
        let bare = wanted.trim_start_matches("r#").to_owned();
        if self.taken.insert(bare.clone()) {
            return wanted;
        }
        let separator = if bare.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut n = self.next.get(&bare).copied().unwrap_or(2);
        loop {
            let candidate = format!("{bare}{separator}{n}");
            n += 1;
            if self.taken.insert(candidate.clone()) {
                self.next.insert(bare, n);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_ids_become_readable_type_names() {
        assert_eq!(type_ident("flux-2-pro", "M"), "Flux2Pro");
        assert_eq!(type_ident("gpt-5-5-2026-04-23", "M"), "Gpt5_5_2026_04_23");
        assert_eq!(type_ident("happyhorse-1.0-i2v", "M"), "Happyhorse1_0I2v");
        assert_eq!(
            type_ident("ltx-2-3-pro-22b-IC-LoRA-Union-Control", "M"),
            "Ltx2_3Pro22bIcLoRaUnionControl"
        );
    }

    #[test]
    fn model_ids_become_module_names() {
        assert_eq!(field_ident("flux-2-pro", "m"), "flux_2_pro");
        assert_eq!(field_ident("happyhorse-1.0-i2v", "m"), "happyhorse_1_0_i2v");
        assert_eq!(field_ident("1password", "m"), "m_1password");
    }

    #[test]
    fn enum_values_become_readable_variant_names() {
        assert_eq!(type_ident("16:9", "Ratio"), "Ratio16x9");
        assert_eq!(type_ident("19.5:9", "Ratio"), "Ratio19_5x9");
        assert_eq!(type_ident("1 MP", "V"), "V1Mp");
        assert_eq!(type_ident("0.5 MP", "V"), "V0_5Mp");
        assert_eq!(type_ident("match_input_image", "V"), "MatchInputImage");
        assert_eq!(type_ident("4k", "V"), "V4k");
        assert_eq!(type_ident("", "Empty"), "Empty");
    }

    #[test]
    fn keywords_become_raw_or_suffixed_identifiers() {
        assert_eq!(field_ident("type", "f"), "r#type");
        assert_eq!(field_ident("self", "f"), "self_");
        assert_eq!(field_ident("Self", "f"), "self_");
    }

    #[test]
    fn names_that_collide_after_conversion_get_suffixes() {
        let mut scope = Scope::default();
        let names: Vec<String> = ["fooBar", "foo_bar", "foo-bar"]
            .iter()
            .map(|n| scope.claim(field_ident(n, "f")))
            .collect();
        assert_eq!(names, ["foo_bar", "foo_bar2", "foo_bar3"]);
    }

    #[test]
    fn non_ascii_names_become_ascii_identifiers() {
        assert_eq!(field_ident("größe", "f"), "groesse");
        assert_eq!(field_ident("名前", "f"), "u540d_u524d");
        assert_eq!(type_ident("Ärger", "V"), "Aerger");
        assert_eq!(field_ident("😀", "field"), "field");
    }

    #[test]
    fn long_names_are_cut_and_stay_unique() {
        let mut scope = Scope::default();
        let long = "y".repeat(300);
        let longer = "y".repeat(301);
        let a = scope.claim(field_ident(&long, "f"));
        let b = scope.claim(field_ident(&longer, "f"));
        assert_eq!(a.len(), MAX_IDENT_LEN);
        assert_ne!(a, b);
    }

    #[test]
    fn capitalized_keywords_are_prefixed_so_suffixes_stay_camel_case() {
        assert_eq!(type_ident("Self", "Model"), "ModelSelf");
        assert_eq!(type_ident("self", "V"), "VSelf");
    }

    #[test]
    fn many_repeats_of_one_name_get_consecutive_suffixes() {
        let mut scope = Scope::default();
        let names: Vec<String> = (0..5).map(|_| scope.claim("V".to_owned())).collect();
        assert_eq!(names, ["V", "V2", "V3", "V4", "V5"]);
        scope.claim("Empty3".to_owned());
        let empties: Vec<String> = (0..4).map(|_| scope.claim("Empty".to_owned())).collect();
        assert_eq!(empties, ["Empty", "Empty2", "Empty4", "Empty5"]);
    }
}
