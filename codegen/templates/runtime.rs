//! Support shared by every generated request: the fixed `model` field, enums of JSON
//! literals, and the value checks behind `validate()`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Mutex, OnceLock};

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Endpoint;

/// A model of the catalog, as a type: every request type names one.
pub trait Model: Copy + Default + fmt::Debug + PartialEq + 'static {
    /// The id sent as the request's `model`.
    const ID: &'static str;
    /// The endpoint the request is posted to.
    const ENDPOINT: Endpoint;
    /// The hub's name for the model, e.g. `FLUX.2 [pro]`.
    const DISPLAY_NAME: &'static str;
    /// What [`ENDPOINT`](Model::ENDPOINT) answers with, e.g.
    /// [`ImageGenerateResponse`](crate::responses), generated from `schemas/responses/`;
    /// `serde_json::Value` when the catalog has no response schema for the endpoint.
    type Response: serde::de::DeserializeOwned
        + Serialize
        + Clone
        + fmt::Debug
        + PartialEq
        + Send
        + 'static;
}

/// A request type of the catalog: what generic code (validators, tests) needs of one.
pub trait Request:
    Serialize
    + serde::de::DeserializeOwned
    + schemars::JsonSchema
    + Validate
    + Clone
    + fmt::Debug
    + PartialEq
{
    /// The model whose id the request carries.
    type Model: Model;
}

/// Code generic over request types, run for one model chosen at run time by
/// [`visit_request`](crate::visit_request).
pub trait RequestVisitor {
    /// What the visit returns.
    type Output;
    /// Runs with `R`, the request type of the chosen model.
    fn visit<R: Request>(self) -> Self::Output;
}

/// The `model` field of a request: always `M::ID` when serialized, and only `M::ID` accepted
/// when deserialized.
pub struct ModelTag<M>(PhantomData<M>);

impl<M: Model> ModelTag<M> {
    /// The tag of `M`.
    pub fn new() -> Self {
        Self(PhantomData)
    }

    /// The id it serializes to.
    pub fn id(&self) -> &'static str {
        M::ID
    }
}

impl<M: Model> Default for ModelTag<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M: Model> Clone for ModelTag<M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M: Model> Copy for ModelTag<M> {}

impl<M: Model> PartialEq for ModelTag<M> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<M: Model> fmt::Debug for ModelTag<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", M::ID)
    }
}

impl<M: Model> Serialize for ModelTag<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(M::ID)
    }
}

impl<'de, M: Model> Deserialize<'de> for ModelTag<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = Cow::<'de, str>::deserialize(deserializer)?;
        if id == M::ID {
            Ok(Self::new())
        } else {
            Err(D::Error::custom(format_args!(
                "expected model \"{}\", found \"{id}\"",
                M::ID
            )))
        }
    }
}

impl<M: Model> schemars::JsonSchema for ModelTag<M> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("ModelId")
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "const": M::ID })
    }
}

/// One value of a schema's `enum`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Literal {
    /// A string.
    Str(&'static str),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl Literal {
    /// The literal as a JSON value.
    pub fn to_json(self) -> serde_json::Value {
        match self {
            Literal::Str(s) => s.into(),
            Literal::Int(i) => i.into(),
            Literal::Float(f) => f.into(),
            Literal::Bool(b) => b.into(),
        }
    }

    /// JSON Schema equality: numbers compare by value, so `24` matches `24.0`.
    fn matches(self, value: &serde_json::Value) -> bool {
        match (self, value) {
            (Literal::Str(s), serde_json::Value::String(v)) => s == v,
            (Literal::Bool(b), serde_json::Value::Bool(v)) => b == *v,
            (Literal::Int(i), serde_json::Value::Number(n)) => {
                n.as_i64() == Some(i) || n.as_f64() == Some(i as f64)
            }
            (Literal::Float(f), serde_json::Value::Number(n)) => n.as_f64() == Some(f),
            _ => false,
        }
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Str(s) => f.write_str(s),
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Float(x) => write!(f, "{x}"),
            Literal::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A Rust enum standing for a schema's `enum` of JSON literals.
pub trait LiteralEnum: Copy + 'static {
    /// The Rust name of the enum, which its JSON Schema is named after.
    const NAME: &'static str;
    /// Every variant, in the schema's order.
    const ALL: &'static [Self];
    /// The JSON value a variant stands for.
    fn literal(self) -> Literal;
}

/// Serializes a [`LiteralEnum`] as its JSON value.
pub fn serialize_literal<E: LiteralEnum, S: Serializer>(
    value: E,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value.literal() {
        Literal::Str(s) => serializer.serialize_str(s),
        Literal::Int(i) => serializer.serialize_i64(i),
        Literal::Float(f) => serializer.serialize_f64(f),
        Literal::Bool(b) => serializer.serialize_bool(b),
    }
}

/// Deserializes a [`LiteralEnum`] from its JSON value; any other value is an error listing the
/// allowed ones.
pub fn deserialize_literal<'de, E: LiteralEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    E::ALL
        .iter()
        .copied()
        .find(|e| e.literal().matches(&value))
        .ok_or_else(|| {
            let allowed: Vec<String> = E::ALL
                .iter()
                .map(|e| e.literal().to_json().to_string())
                .collect();
            D::Error::custom(format_args!("{value} is not one of {}", allowed.join(", ")))
        })
}

/// The JSON Schema of a [`LiteralEnum`]: an `enum` of its values.
pub fn literal_schema<E: LiteralEnum>() -> schemars::Schema {
    let values: Vec<serde_json::Value> = E::ALL.iter().map(|e| e.literal().to_json()).collect();
    schemars::json_schema!({ "enum": values })
}

/// Serde, schemars and `Display` impls of a [`LiteralEnum`].
// With every endpoint family's feature off no generated enum exists to use it.
#[cfg_attr(
    not(any(
        feature = "chat",
        feature = "image",
        feature = "video",
        feature = "audio"
    )),
    allow(unused_macros)
)]
macro_rules! literal_enum_impls {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                crate::runtime::serialize_literal(*self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                crate::runtime::deserialize_literal(deserializer)
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(<Self as crate::runtime::LiteralEnum>::NAME)
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                crate::runtime::literal_schema::<Self>()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&crate::runtime::LiteralEnum::literal(*self), f)
            }
        }

        impl crate::runtime::Inspect for $name {
            fn view(&self) -> crate::runtime::View<'_> {
                crate::runtime::View::Other
            }
        }

        impl crate::runtime::Validate for $name {
            fn validate_into(&self, _: &crate::runtime::Pointer, _: &mut crate::Violations) {}
        }
    };
}
#[cfg_attr(
    not(any(
        feature = "chat",
        feature = "image",
        feature = "video",
        feature = "audio"
    )),
    allow(unused_imports)
)]
pub(crate) use literal_enum_impls;

/// For optional properties that do not admit `null`: a present `null` is an error.
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// For required properties that admit `null`: the key must be there, its value may be `null`.
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)
}

/// A JSON pointer into a payload, naming where a violation is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer one level deeper, escaping `~` and `/` in `token`.
    pub fn join(&self, token: impl fmt::Display) -> Pointer {
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{token}", self.0))
    }

    /// The pointer as text, `""` for the whole value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One broken constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// A JSON pointer into the request, e.g. `/num_inference_steps`.
    pub instance_path: String,
    /// The JSON Schema keyword, e.g. `maximum`.
    pub keyword: &'static str,
    /// A sentence naming the value and the rule, e.g. `80 is greater than the maximum of 50`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.instance_path.is_empty() {
            "/"
        } else {
            &self.instance_path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Every broken constraint of a request, in field order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// Whether nothing is broken.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The violations, in field order.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }

    fn push(&mut self, at: &Pointer, keyword: &'static str, message: String) {
        self.0.push(Violation {
            instance_path: at.as_str().to_owned(),
            keyword,
            message,
        });
    }

    /// Applies `rules` to `value` (nothing to check when it is absent).
    pub fn check<T: Inspect + ?Sized>(&mut self, at: &Pointer, value: &T, rules: &[Rule]) {
        let view = value.view();
        for rule in rules {
            rule.apply(&view, at, self);
        }
    }

    /// Applies `rules` to every item of an array value.
    pub fn check_items<'a, T: Inspect + 'a>(
        &mut self,
        at: &Pointer,
        items: impl IntoIterator<Item = &'a T>,
        rules: &[Rule],
    ) {
        for (i, item) in items.into_iter().enumerate() {
            self.check(&at.join(i), item, rules);
        }
    }

    /// Applies `rules` to every value of a map.
    pub fn check_values<'a, T: Inspect + 'a>(
        &mut self,
        at: &Pointer,
        entries: impl IntoIterator<Item = (&'a String, &'a T)>,
        rules: &[Rule],
    ) {
        for (key, value) in entries {
            self.check(&at.join(key), value, rules);
        }
    }

    /// Every key of a map must match one of `patterns` (`patternProperties` of an object that
    /// allows no other properties).
    pub fn check_keys<'a, T: 'a>(
        &mut self,
        at: &Pointer,
        entries: impl IntoIterator<Item = (&'a String, &'a T)>,
        patterns: &[&'static str],
    ) {
        for (key, _) in entries {
            if !patterns
                .iter()
                .any(|p| matches_pattern(p, key) == Some(true))
            {
                let shown: Vec<String> = patterns.iter().map(|p| format!("{p:?}")).collect();
                self.push(
                    &at.join(key),
                    "additionalProperties",
                    format!(
                        "the property name {key:?} matches none of the patterns {}",
                        shown.join(", ")
                    ),
                );
            }
        }
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A value constraint of the schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// `minimum`: the number is at least this.
    Minimum(f64),
    /// `maximum`: the number is at most this.
    Maximum(f64),
    /// `exclusiveMinimum`: the number is above this.
    ExclusiveMinimum(f64),
    /// `exclusiveMaximum`: the number is below this.
    ExclusiveMaximum(f64),
    /// `multipleOf`: the number is a whole multiple of this.
    MultipleOf(f64),
    /// `minLength`: the string has at least this many characters.
    MinLength(u64),
    /// `maxLength`: the string has at most this many characters.
    MaxLength(u64),
    /// `pattern`: the string matches this regular expression.
    Pattern(&'static str),
    /// `format`: the string is of this form.
    Format(Format),
    /// `minItems`: the array has at least this many items.
    MinItems(u64),
    /// `maxItems`: the array has at most this many items.
    MaxItems(u64),
    /// `uniqueItems`: no item repeats another.
    UniqueItems,
}

/// The `format`s that are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An absolute URI (RFC 3986), e.g. `https://example.com/a.png`.
    Uri,
    /// An RFC 3339 date and time, e.g. `2026-01-01T00:00:00Z`.
    DateTime,
    /// An email address.
    Email,
    /// A UUID in its hyphenated form.
    Uuid,
}

/// What a value looks like to the rules.
pub enum View<'a> {
    /// An unset optional property: nothing to check.
    Absent,
    /// A number.
    Number(f64),
    /// A string.
    Text(&'a str),
    /// An array, its items as JSON (for counts and uniqueness).
    Items(Vec<serde_json::Value>),
    /// A value no rule applies to (a boolean, an object, an enum).
    Other,
}

/// Values the rules can look at.
pub trait Inspect {
    /// What the value looks like to the rules.
    fn view(&self) -> View<'_>;
}

impl Inspect for i64 {
    fn view(&self) -> View<'_> {
        View::Number(*self as f64)
    }
}

impl Inspect for f64 {
    fn view(&self) -> View<'_> {
        View::Number(*self)
    }
}

impl Inspect for bool {
    fn view(&self) -> View<'_> {
        View::Other
    }
}

impl Inspect for String {
    fn view(&self) -> View<'_> {
        View::Text(self)
    }
}

impl Inspect for serde_json::Value {
    fn view(&self) -> View<'_> {
        match self {
            serde_json::Value::Number(n) => n.as_f64().map_or(View::Other, View::Number),
            serde_json::Value::String(s) => View::Text(s),
            serde_json::Value::Array(items) => View::Items(items.clone()),
            _ => View::Other,
        }
    }
}

impl<T: Serialize> Inspect for Vec<T> {
    fn view(&self) -> View<'_> {
        View::Items(
            self.iter()
                .map(|item| serde_json::to_value(item).unwrap_or_default())
                .collect(),
        )
    }
}

impl<T> Inspect for BTreeMap<String, T> {
    fn view(&self) -> View<'_> {
        View::Other
    }
}

impl<T: Inspect + ?Sized> Inspect for Box<T> {
    fn view(&self) -> View<'_> {
        (**self).view()
    }
}

impl<T: Inspect> Inspect for Option<T> {
    fn view(&self) -> View<'_> {
        self.as_ref().map_or(View::Absent, Inspect::view)
    }
}

impl Rule {
    fn apply(self, view: &View<'_>, at: &Pointer, out: &mut Violations) {
        match (self, view) {
            (Rule::Minimum(min), View::Number(n)) if *n < min => out.push(
                at,
                "minimum",
                format!("{} is less than the minimum of {}", number(*n), number(min)),
            ),
            (Rule::Maximum(max), View::Number(n)) if *n > max => out.push(
                at,
                "maximum",
                format!(
                    "{} is greater than the maximum of {}",
                    number(*n),
                    number(max)
                ),
            ),
            (Rule::ExclusiveMinimum(min), View::Number(n)) if *n <= min => out.push(
                at,
                "exclusiveMinimum",
                format!(
                    "{} is less than or equal to the exclusive minimum of {}",
                    number(*n),
                    number(min)
                ),
            ),
            (Rule::ExclusiveMaximum(max), View::Number(n)) if *n >= max => out.push(
                at,
                "exclusiveMaximum",
                format!(
                    "{} is greater than or equal to the exclusive maximum of {}",
                    number(*n),
                    number(max)
                ),
            ),
            (Rule::MultipleOf(step), View::Number(n)) if !is_multiple(*n, step) => out.push(
                at,
                "multipleOf",
                format!("{} is not a multiple of {}", number(*n), number(step)),
            ),
            (Rule::MinLength(min), View::Text(s)) if (s.chars().count() as u64) < min => out.push(
                at,
                "minLength",
                format!("{s:?} is shorter than {min} characters"),
            ),
            (Rule::MaxLength(max), View::Text(s)) if (s.chars().count() as u64) > max => out.push(
                at,
                "maxLength",
                format!("{s:?} is longer than {max} characters"),
            ),
            (Rule::Pattern(pattern), View::Text(s)) => match matches_pattern(pattern, s) {
                Some(true) => {}
                Some(false) => out.push(
                    at,
                    "pattern",
                    format!("{s:?} does not match the pattern {pattern:?}"),
                ),
                None => out.push(
                    at,
                    "pattern",
                    format!("the pattern {pattern:?} is not a valid regular expression"),
                ),
            },
            (Rule::Format(format), View::Text(s)) if !format.accepts(s) => out.push(
                at,
                "format",
                format!("{s:?} is not a valid {}", format.name()),
            ),
            (Rule::MinItems(min), View::Items(items)) if (items.len() as u64) < min => out.push(
                at,
                "minItems",
                format!("{} items are fewer than the minimum of {min}", items.len()),
            ),
            (Rule::MaxItems(max), View::Items(items)) if (items.len() as u64) > max => out.push(
                at,
                "maxItems",
                format!("{} items are more than the maximum of {max}", items.len()),
            ),
            (Rule::UniqueItems, View::Items(items)) => {
                if let Some(i) = (1..items.len())
                    .find(|&i| items[..i].iter().any(|seen| json_equal(seen, &items[i])))
                {
                    out.push(
                        at,
                        "uniqueItems",
                        format!("item {i} repeats an earlier item"),
                    );
                }
            }
            _ => {}
        }
    }
}

/// `50` rather than `50.0` for whole numbers.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

fn is_multiple(value: f64, step: f64) -> bool {
    if step == 0.0 {
        return true;
    }
    let quotient = value / step;
    (quotient - quotient.round()).abs() < 1e-9
}

fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    match (a, b) {
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => x.as_f64() == y.as_f64(),
        (serde_json::Value::Array(x), serde_json::Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// `None` when the pattern does not compile. Compiled patterns are kept: each is used again
/// for every request of its model.
fn matches_pattern(pattern: &'static str, text: &str) -> Option<bool> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<regex::Regex>>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let regex = cache
        .entry(pattern)
        .or_insert_with(|| regex::Regex::new(pattern).ok());
    regex.as_ref().map(|r| r.is_match(text))
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Uri => "URI",
            Format::DateTime => "RFC 3339 date-time",
            Format::Email => "email address",
            Format::Uuid => "UUID",
        }
    }

    /// Decided by the schema validator's own format check (`jsonschema`, the one behind
    /// [`validate_payload`](crate::validate_payload)), so that `validate()` and the schema
    /// agree on every string; the `agreement` test holds them to it.
    fn accepts(self, text: &str) -> bool {
        static CHECKS: [OnceLock<Option<jsonschema::Validator>>; 4] =
            [const { OnceLock::new() }; 4];
        let (slot, format) = match self {
            Format::Uri => (0, "uri"),
            Format::DateTime => (1, "date-time"),
            Format::Email => (2, "email"),
            Format::Uuid => (3, "uuid"),
        };
        let check = CHECKS[slot].get_or_init(|| {
            jsonschema::draft202012::options()
                .should_validate_formats(true)
                .build(&serde_json::json!({ "type": "string", "format": format }))
                .ok()
        });
        check
            .as_ref()
            .is_some_and(|check| check.is_valid(&serde_json::Value::String(text.to_owned())))
    }
}

/// Values that check their own constraints (generated structs), and the containers of them.
pub trait Validate {
    /// Adds every broken constraint of `self`, found at `at`, to `out`.
    fn validate_into(&self, at: &Pointer, out: &mut Violations);
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, at: &Pointer, out: &mut Violations) {
        if let Some(value) = self {
            value.validate_into(at, out);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, at: &Pointer, out: &mut Violations) {
        for (i, item) in self.iter().enumerate() {
            item.validate_into(&at.join(i), out);
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_into(&self, at: &Pointer, out: &mut Violations) {
        for (key, value) in self {
            value.validate_into(&at.join(key), out);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_into(&self, at: &Pointer, out: &mut Violations) {
        (**self).validate_into(at, out);
    }
}

/// Every violation of `value`, or `Ok` when there is none.
pub fn validate<T: Validate>(value: &T) -> Result<(), Violations> {
    let mut out = Violations::default();
    value.validate_into(&Pointer::default(), &mut out);
    if out.is_empty() { Ok(()) } else { Err(out) }
}
