//! `enum` and `const` of scalar values: a Rust enum with one variant per value, named after it
//! (`"16:9"` → `Ratio16x9`, `5` → `N5`) and serialized back to the exact value.

use serde_json::{Map, Value};

use super::limits::MAX_ENUM_VALUES;
use super::{Lowered, Lowerer, description_of};
use crate::error::{JsonPointer, SchemaError};
use crate::ir::{Checks, Literal, LiteralEnumDef, LiteralVariant, TypeDef, TypeRef};
use crate::names::{self, Scope};

pub(super) fn is_decimal(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '.')
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_enum(
        &mut self,
        values: &[Value],
        map: &Map<String, Value>,
        pointer: &JsonPointer,
        hint: &str,
        checks: Checks,
    ) -> Result<Lowered, SchemaError> {
        if values.len() > MAX_ENUM_VALUES {
            return Err(self.refusal(
                &pointer.join("enum"),
                "limit",
                format!(
                    "the enum has {} values, more than the limit of {MAX_ENUM_VALUES} (MAX_ENUM_VALUES); use a plain string with a `pattern` in an overlay",
                    values.len()
                ),
            ));
        }
        let keyword = if map.contains_key("const") {
            "const"
        } else {
            "enum"
        };
        let nullable = values.contains(&Value::Null);
        let mut variant_names = Scope::default();
        let mut variants = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let (literal, wanted) = match value {
                Value::Null => continue,
                Value::String(s) => {
                    let is_ratio = s
                        .split_once(':')
                        .is_some_and(|(a, b)| is_decimal(a) && is_decimal(b));
                    let name = if s.trim().is_empty() {
                        "Empty".to_owned()
                    } else {
                        names::type_ident(s, if is_ratio { "Ratio" } else { "V" })
                    };
                    (Literal::Str(s.clone()), name)
                }
                Value::Bool(b) => (
                    Literal::Bool(*b),
                    if *b { "True".into() } else { "False".into() },
                ),
                Value::Number(n) => {
                    let negative = n.as_f64().is_some_and(|f| f < 0.0);
                    let digits = n.to_string().trim_start_matches('-').to_owned();
                    let literal = match n.as_i64() {
                        Some(i) => Literal::Int(i),
                        None => Literal::Float(n.as_f64().unwrap_or_default()),
                    };
                    let name = names::type_ident(&digits, "N");
                    let name = match (negative, name.strip_prefix('N')) {
                        (true, Some(rest)) => format!("NMinus{rest}"),
                        (true, None) => format!("Minus{name}"),
                        (false, _) => name,
                    };
                    (literal, name)
                }
                Value::Array(_) | Value::Object(_) => {
                    let at = if keyword == "const" {
                        pointer.join("const")
                    } else {
                        pointer.join("enum").join(i)
                    };
                    return Err(self.error(
                        &at,
                        keyword,
                        format!("{keyword} values that are arrays or objects are not supported; describe the value in the description and drop the `{keyword}` in an overlay"),
                    ));
                }
            };
            variants.push(LiteralVariant {
                name: variant_names.claim(wanted),
                value: literal,
            });
        }
        if variants.is_empty() {
            return Err(self.error(
                &pointer.join(keyword),
                keyword,
                format!("`{keyword}` allows only null, which carries no information; remove the property in an overlay"),
            ));
        }
        let name = self.claim_type(hint, "Enum", pointer);
        self.types.push(TypeDef::LiteralEnum(LiteralEnumDef {
            name: name.clone(),
            description: description_of(map),
            variants,
        }));
        Ok(Lowered {
            ty: TypeRef::Named(name),
            nullable,
            checks,
        })
    }
}
