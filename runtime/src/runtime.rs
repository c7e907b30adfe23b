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

    /// Checks every value constraint of the schema; lists every violation, not just the first.
    /// The same as the request type's own `validate()`, for code generic over requests.
    fn validate(&self) -> Result<(), crate::Violations>;

    /// The request, once [`validate`](Self::validate) has found nothing wrong.
    fn build(self) -> Result<Self, crate::Violations> {
        Request::validate(&self).map(|()| self)
    }
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
// A catalog (or every endpoint family turned off) may have no enum to use it.
#[allow(unused_macros)]
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
#[allow(unused_imports)]
pub(crate) use literal_enum_impls;

/// A response's enumerated value: one the schema lists (`Known`), or one it does not, kept as
/// the hub sent it (`Unknown`), so that an answer of a newer hub (a new status, a new media
/// type) still decodes, and serializes back unchanged. Requests use the strict enum itself.
///
/// A value is `Known` when it is exactly the JSON of a variant (`24.0` is not the variant
/// `24`: it would not serialize back as it came).
#[derive(Debug, Clone, PartialEq)]
pub enum Open<E> {
    /// A value the schema lists.
    Known(E),
    /// A value the schema does not list, as sent.
    Unknown(serde_json::Value),
}

impl<E: LiteralEnum> Open<E> {
    /// The listed value, if it is one.
    pub fn known(&self) -> Option<E> {
        match self {
            Open::Known(known) => Some(*known),
            Open::Unknown(_) => None,
        }
    }

    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Open::Known(known) => known.literal().to_json(),
            Open::Unknown(value) => value.clone(),
        }
    }
}

impl<E> From<E> for Open<E> {
    fn from(known: E) -> Self {
        Open::Known(known)
    }
}

impl<E: PartialEq> PartialEq<E> for Open<E> {
    fn eq(&self, other: &E) -> bool {
        matches!(self, Open::Known(known) if known == other)
    }
}

impl<E: LiteralEnum> Serialize for Open<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Open::Known(known) => serialize_literal(*known, serializer),
            Open::Unknown(value) => value.serialize(serializer),
        }
    }
}

impl<'de, E: LiteralEnum> Deserialize<'de> for Open<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(E::ALL
            .iter()
            .copied()
            .find(|e| e.literal().to_json() == value)
            .map_or(Open::Unknown(value), Open::Known))
    }
}

impl<E: LiteralEnum> schemars::JsonSchema for Open<E> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Owned(format!("Open{}", E::NAME))
    }

    /// The listed values, and any other: what a newer hub may send.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let values: Vec<serde_json::Value> = E::ALL.iter().map(|e| e.literal().to_json()).collect();
        schemars::json_schema!({ "anyOf": [{ "enum": values }, true] })
    }
}

impl<E: LiteralEnum> fmt::Display for Open<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Open::Known(known) => fmt::Display::fmt(&known.literal(), f),
            Open::Unknown(value) => write!(f, "{value}"),
        }
    }
}

impl<E> Inspect for Open<E> {
    fn view(&self) -> View<'_> {
        View::Other
    }
}

impl<E> Validate for Open<E> {
    fn validate_into(&self, _: &Pointer, _: &mut crate::Violations) {}
}

/// One way to read a value as a variant of an untagged union.
pub type Alternative<T> = fn(serde_json::Value) -> Result<T, serde_json::Error>;

/// Deserializes an untagged union (`anyOf`/`oneOf` told apart by shape): the first of
/// `alternatives` that the value deserializes into *and* that passes `validate()`, so that a
/// value keeps every property when a more specific alternative is listed first and an
/// alternative whose checks fail gives way to one the value satisfies, as JSON Schema decides;
/// failing that, the first the value deserializes into (its `validate()` then reports why);
/// else an error naming the union.
pub fn deserialize_untagged<'de, D: Deserializer<'de>, T: Validate>(
    deserializer: D,
    name: &str,
    alternatives: &[Alternative<T>],
) -> Result<T, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    let mut first = None;
    for alternative in alternatives {
        if let Ok(candidate) = alternative(value.clone()) {
            if validate(&candidate).is_ok() {
                return Ok(candidate);
            }
            first.get_or_insert(candidate);
        }
    }
    first.ok_or_else(|| {
        D::Error::custom(format_args!(
            "{value} matches none of the shapes of `{name}`"
        ))
    })
}

/// A deserializer that lets a generated struct be read from a JSON object only.
///
/// serde's derived `Deserialize` of a struct also reads it from a sequence of its fields in
/// declaration order (`["flux-2-pro", "A lighthouse"]`), which `type: object` refuses. Each
/// generated struct's `Deserialize` hands its derived reader this wrapper, which passes on
/// the struct's visitor with only its map form: any other value is an error such as
/// `invalid type: sequence, expected struct Flux2ProRequest`, wherever the struct is (request
/// body, field, array item, map value, union alternative, response).
pub struct ObjectOnly<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, MapOnly(visitor))
    }

    // A struct with a flattened map (the `extra` properties) is read as a map.
    fn deserialize_map<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(MapOnly(visitor))
    }

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(MapOnly(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct enum identifier ignored_any
    }
}

/// A visitor that accepts what its inner visitor accepts as a map, and nothing else (serde's
/// default for every other form is the "invalid type" error, in the inner visitor's words).
struct MapOnly<V>(V);

impl<'de, V: serde::de::Visitor<'de>> serde::de::Visitor<'de> for MapOnly<V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(formatter)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(map)
    }
}

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
        write_violation(f, &self.instance_path, &self.message)
    }
}

/// How a violation reads, of a typed request as of a payload: `POINTER: MESSAGE`, the whole
/// request (the empty pointer) shown as `/`.
pub(crate) fn write_violation(
    f: &mut fmt::Formatter<'_>,
    instance_path: &str,
    message: &str,
) -> fmt::Result {
    let path = if instance_path.is_empty() {
        "/"
    } else {
        instance_path
    };
    write!(f, "{path}: {message}")
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

impl Violations {
    /// No key of a map is one of `names` (properties whose schema is `false`).
    pub fn check_absent<'a, T: 'a>(
        &mut self,
        at: &Pointer,
        entries: impl IntoIterator<Item = (&'a String, &'a T)>,
        names: &[&'static str],
    ) {
        for (key, _) in entries {
            if names.contains(&key.as_str()) {
                self.push(
                    &at.join(key),
                    "false",
                    format!("the property {key:?} is not allowed here"),
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
    Minimum(Numeric),
    /// `maximum`: the number is at most this.
    Maximum(Numeric),
    /// `exclusiveMinimum`: the number is above this.
    ExclusiveMinimum(Numeric),
    /// `exclusiveMaximum`: the number is below this.
    ExclusiveMaximum(Numeric),
    /// `multipleOf`: the number is a whole multiple of this, as the schema validator decides
    /// it (for a decimal step, within the precision of a float).
    MultipleOf(Numeric),
    /// `minLength`: the string has at least this many characters.
    MinLength(u64),
    /// `maxLength`: the string has at most this many characters.
    MaxLength(u64),
    /// `pattern`: the string matches this regular expression.
    Pattern(&'static str),
    /// `format`: the string is of this form (any format name; those the schema validator does
    /// not know accept every string, as in [`validate_payload`](crate::validate_payload)).
    Format(&'static str),
    /// `minItems`: the array has at least this many items.
    MinItems(u64),
    /// `maxItems`: the array has at most this many items.
    MaxItems(u64),
    /// `uniqueItems`: no item repeats another.
    UniqueItems,
}

/// A number as the rules compare it: an integer exactly, or a float. Bounds are written the
/// way the schema writes them, so that `9007199254740993` is above a maximum of
/// `9007199254740992` although both are the same `f64`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Numeric {
    /// A whole number, exactly.
    Int(i128),
    /// A number written with a fraction or an exponent.
    Float(f64),
}

impl Numeric {
    /// A JSON number: an integer exactly, anything else as its float.
    pub fn of(n: &serde_json::Number) -> Self {
        n.as_i64()
            .map(i128::from)
            .or(n.as_u64().map(i128::from))
            .map_or_else(
                || Numeric::Float(n.as_f64().unwrap_or(f64::NAN)),
                Numeric::Int,
            )
    }

    /// The order of two numbers by value, exact across integers and floats; `None` for NaN.
    pub fn compare(self, other: Numeric) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Numeric::Int(a), Numeric::Int(b)) => Some(a.cmp(&b)),
            (Numeric::Float(a), Numeric::Float(b)) => a.partial_cmp(&b),
            (Numeric::Int(a), Numeric::Float(b)) => int_float(a, b),
            (Numeric::Float(a), Numeric::Int(b)) => {
                int_float(b, a).map(std::cmp::Ordering::reverse)
            }
        }
    }

    /// The number as JSON (an integer outside `i64` and `u64` as the nearest float, as
    /// `serde_json` holds it).
    pub fn to_json(self) -> serde_json::Value {
        match self {
            Numeric::Int(i) => i64::try_from(i)
                .map(serde_json::Value::from)
                .or_else(|_| u64::try_from(i).map(serde_json::Value::from))
                .unwrap_or_else(|_| serde_json::Value::from(i as f64)),
            Numeric::Float(f) => serde_json::Value::from(f),
        }
    }
}

/// `a` compared with `b`, exactly (no rounding of `a` to a float).
fn int_float(a: i128, b: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if b.is_nan() {
        return None;
    }
    // 2^127: every i128 is below it, and every float at or above it is above every i128.
    if b >= 1.7014118346046923e38 {
        return Some(Ordering::Less);
    }
    if b < -1.7014118346046923e38 {
        return Some(Ordering::Greater);
    }
    let whole = b.floor();
    match a.cmp(&(whole as i128)) {
        Ordering::Equal if b > whole => Some(Ordering::Less),
        order => Some(order),
    }
}

impl fmt::Display for Numeric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Numeric::Int(i) => write!(f, "{i}"),
            Numeric::Float(x) => f.write_str(&number(*x)),
        }
    }
}

/// An integer whose schema bounds it to neither `i64` nor `u64` (an unbounded one, say),
/// held exactly as an `i128`. Serialized as a JSON integer; deserialized from one (not from a
/// number with a fraction or an exponent, which `serde_json` reads as a float). Unlike a bare
/// `i128` it also deserializes inside structs with a flattened map.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WideInteger(pub i128);

impl WideInteger {
    /// The value.
    pub fn get(self) -> i128 {
        self.0
    }
}

macro_rules! wide_from {
    ($($int:ty),*) => {$(
        impl From<$int> for WideInteger {
            fn from(value: $int) -> Self {
                Self(i128::from(value))
            }
        }
    )*};
}
wide_from!(i8, i16, i32, i64, i128, u8, u16, u32, u64);

impl fmt::Display for WideInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for WideInteger {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Ok(small) = i64::try_from(self.0) {
            serializer.serialize_i64(small)
        } else if let Ok(large) = u64::try_from(self.0) {
            serializer.serialize_u64(large)
        } else {
            serializer.serialize_i128(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for WideInteger {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = WideInteger;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<WideInteger, E> {
                Ok(WideInteger(v.into()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<WideInteger, E> {
                Ok(WideInteger(v.into()))
            }
            fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<WideInteger, E> {
                Ok(WideInteger(v))
            }
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<WideInteger, E> {
                i128::try_from(v)
                    .map(WideInteger)
                    .map_err(|_| E::custom(format_args!("{v} is too large")))
            }
        }
        // `deserialize_any`: serde's buffered content (flattened structs, untagged enums)
        // cannot answer `deserialize_i128`.
        deserializer.deserialize_any(Visitor)
    }
}

impl schemars::JsonSchema for WideInteger {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("WideInteger")
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer" })
    }
}

impl Inspect for WideInteger {
    fn view(&self) -> View<'_> {
        View::Number(Numeric::Int(self.0))
    }
}

/// What a value looks like to the rules.
pub enum View<'a> {
    /// An unset optional property: nothing to check.
    Absent,
    /// A number.
    Number(Numeric),
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

macro_rules! inspect_integers {
    ($($int:ty),*) => {$(
        impl Inspect for $int {
            fn view(&self) -> View<'_> {
                View::Number(Numeric::Int(i128::from(*self)))
            }
        }
    )*};
}
inspect_integers!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Inspect for f64 {
    fn view(&self) -> View<'_> {
        View::Number(Numeric::Float(*self))
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
            serde_json::Value::Number(n) => View::Number(Numeric::of(n)),
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
        use std::cmp::Ordering::{Equal, Greater, Less};
        match (self, view) {
            (Rule::Minimum(min), View::Number(n)) if n.compare(min) == Some(Less) => out.push(
                at,
                "minimum",
                format!("{n} is less than the minimum of {min}"),
            ),
            (Rule::Maximum(max), View::Number(n)) if n.compare(max) == Some(Greater) => out.push(
                at,
                "maximum",
                format!("{n} is greater than the maximum of {max}"),
            ),
            (Rule::ExclusiveMinimum(min), View::Number(n))
                if matches!(n.compare(min), Some(Less | Equal)) =>
            {
                out.push(
                    at,
                    "exclusiveMinimum",
                    format!("{n} is less than or equal to the exclusive minimum of {min}"),
                )
            }
            (Rule::ExclusiveMaximum(max), View::Number(n))
                if matches!(n.compare(max), Some(Greater | Equal)) =>
            {
                out.push(
                    at,
                    "exclusiveMaximum",
                    format!("{n} is greater than or equal to the exclusive maximum of {max}"),
                )
            }
            (Rule::MultipleOf(step), View::Number(n))
                if !schema_accepts("multipleOf", step.to_json(), &n.to_json()) =>
            {
                out.push(at, "multipleOf", format!("{n} is not a multiple of {step}"))
            }
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
            (Rule::Format(format), View::Text(s))
                if !schema_accepts(
                    "format",
                    format.into(),
                    &serde_json::Value::String((*s).to_owned()),
                ) =>
            {
                out.push(
                    at,
                    "format",
                    format!(
                        "{s:?} is not a valid {}",
                        crate::validate::format_name(format)
                    ),
                )
            }
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

fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    match (a, b) {
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => {
            Numeric::of(x).compare(Numeric::of(y)) == Some(std::cmp::Ordering::Equal)
        }
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

/// Whether `instance` satisfies the one-keyword schema `{keyword: argument}`, decided by the
/// schema validator behind [`validate_payload`](crate::validate_payload), compiled the same
/// way ([`compile_payload_schema`](crate::validate::compile_payload_schema)): `format` and
/// `multipleOf` have one implementation, not two. Each schema is compiled once.
fn schema_accepts(
    keyword: &'static str,
    argument: serde_json::Value,
    instance: &serde_json::Value,
) -> bool {
    type Cache = HashMap<(&'static str, String), Option<jsonschema::Validator>>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let check = cache
        .entry((keyword, argument.to_string()))
        .or_insert_with(|| {
            let schema =
                serde_json::Value::Object([(keyword.to_owned(), argument)].into_iter().collect());
            crate::validate::compile_payload_schema(&schema).ok()
        });
    check.as_ref().is_some_and(|check| check.is_valid(instance))
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
