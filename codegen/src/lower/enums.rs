//! `enum` and `const` of scalar values: a Rust enum with one variant per value, named after it
//! (`"16:9"` → `Ratio16x9`, `5` → `N5`) and serialized back to the exact value.

use serde_json::{Map, Value};

use super::limits::MAX_ENUM_VALUES;
use super::{Lowered, Lowerer, description_of};
use crate::error::SchemaError;
use crate::ir::{Checks, Literal, LiteralEnumDef, LiteralVariant, TypeDef, TypeRef};
use crate::names::{self, Scope};
use crate::schema::JsonPointer;

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
        let known_name = self
            .open_enums
            .then(|| self.scope.claim(format!("{name}Known")));
        self.types.push(TypeDef::LiteralEnum(LiteralEnumDef {
            name: name.clone(),
            known_name,
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::{Literal, TypeRef};
    use crate::lower::MAX_ENUM_VALUES;
    use crate::lower::test_support::{enum_def, field, lowered, refusal};

    fn variant_names(schema: serde_json::Value) -> Vec<String> {
        let lowered = lowered(json!({"properties": {"choice": schema}}));
        enum_def(&lowered, "Choice")
            .variants
            .iter()
            .map(|v| v.name.clone())
            .collect()
    }

    #[test]
    fn string_variants_are_named_after_their_values() {
        assert_eq!(
            variant_names(json!({"enum": ["16:9", "1 MP", "auto", ""]})),
            ["Ratio16x9", "V1Mp", "Auto", "Empty"]
        );
    }

    #[test]
    fn number_variants_are_named_after_their_digits_and_sign() {
        assert_eq!(
            variant_names(json!({"enum": [5, -1, 2.5]})),
            ["N5", "NMinus1", "N2_5"]
        );
    }

    #[test]
    fn a_mixed_enum_keeps_each_values_json_type() {
        let lowered = lowered(json!({"properties": {"choice": {"enum": ["auto", 5, true]}}}));
        let values: Vec<&Literal> = enum_def(&lowered, "Choice")
            .variants
            .iter()
            .map(|v| &v.value)
            .collect();
        assert_eq!(
            values,
            [
                &Literal::Str("auto".into()),
                &Literal::Int(5),
                &Literal::Bool(true)
            ]
        );
    }

    #[test]
    fn a_const_is_an_enum_of_one_value() {
        assert_eq!(variant_names(json!({"const": "fixed"})), ["Fixed"]);
    }

    #[test]
    fn null_among_the_values_makes_the_property_nullable() {
        let lowered = lowered(json!({"properties": {"choice": {"enum": ["a", null]}}}));
        let choice = field(&lowered.request.body, "choice");
        assert!(choice.nullable);
        assert_eq!(choice.ty, TypeRef::Named("Choice".into()));
    }

    #[test]
    fn an_enum_of_only_null_is_plain_json_with_a_warning() {
        let lowered = lowered(json!({"properties": {"choice": {"enum": [null]}}}));
        assert_eq!(field(&lowered.request.body, "choice").ty, TypeRef::Json);
        assert_eq!(lowered.warnings[0].keyword, "enum");
    }

    #[test]
    fn an_enum_past_the_limit_is_refused() {
        let values: Vec<usize> = (0..=MAX_ENUM_VALUES).collect();
        let error = refusal(json!({"properties": {"choice": {"enum": values}}}));
        assert_eq!(error.pointer.as_str(), "/properties/choice/enum");
        assert_eq!(error.keyword, "limit");
    }
}
