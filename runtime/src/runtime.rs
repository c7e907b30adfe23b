//! Support shared by every generated request: the fixed `model` field, enums of JSON
//! literals, unions, and `validate()`, which asks the payload validator.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Endpoint;
use crate::validate::PayloadViolation;

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
    Serialize + serde::de::DeserializeOwned + schemars::JsonSchema + Clone + fmt::Debug + PartialEq
{
    /// The model whose id the request carries.
    type Model: Model;

    /// Checks the request against its model's schema; lists every violation, not just the
    /// first. The request's JSON checked by the validator behind
    /// [`validate_payload`](crate::validate_payload), as the request type's own `validate()`.
    fn validate(&self) -> Result<(), crate::Violations> {
        validate(self)
    }

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

/// One way to read a value as a variant of an untagged union.
pub type Alternative<T> = fn(serde_json::Value) -> Result<T, serde_json::Error>;

/// Deserializes an untagged union (`anyOf`/`oneOf` told apart by shape): the first of
/// `alternatives` that the value deserializes into *and* that serializes back to the same
/// JSON, so that the value keeps all of itself (a more specific alternative listed first
/// keeps every property, an integer is not read as a float); failing that, the first the
/// value deserializes into; else an error naming the union. Which alternative it is read as
/// does not decide validity: `validate()` checks the request's JSON.
pub fn deserialize_untagged<'de, D: Deserializer<'de>, T: Serialize>(
    deserializer: D,
    name: &str,
    alternatives: &[Alternative<T>],
) -> Result<T, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    let mut first = None;
    for alternative in alternatives {
        if let Ok(candidate) = alternative(value.clone()) {
            if serde_json::to_value(&candidate).is_ok_and(|back| same_json(&back, &value)) {
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

/// JSON equality with numbers compared by value (`2` and `2.0` are one number), integers
/// exactly.
pub fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let whole =
                |n: &serde_json::Number| n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
            match (whole(x), whole(y)) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
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

/// Reads a request body as JSON for its generated reader, every whole number written as a
/// float (`1.0`, `3e2`) turned into the integer it is within `i64`/`u64` (JSON Schema 2020-12
/// counts it as one), so that an integer field takes it. Numbers keep their value: the round
/// trip gives back JSON equal as numbers.
pub fn request_body<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<serde_json::Value, D::Error> {
    let mut body = serde_json::Value::deserialize(deserializer)?;
    whole_numbers(&mut body);
    Ok(body)
}

/// Turns every whole number written as a float in `value` into the integer it is, within
/// `i64`/`u64`: the number keeps its value. So a typed request's `11.0` (an `f64` field) is
/// shown as `11` in a violation, as in the payload a person writes.
pub(crate) fn whole_numbers(value: &mut serde_json::Value) {
    use serde_json::Value;
    // A stack, not recursion: a `Value` built in code may nest deeper than the stack allows.
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Number(number) => {
                if let Some(whole) = whole_integer(number) {
                    *number = whole;
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
}

/// A float with no fraction as the `i64` or `u64` it equals, if one does.
fn whole_integer(number: &serde_json::Number) -> Option<serde_json::Number> {
    // 2^63 and 2^64: every float below them (and at or above -2^63) converts exactly.
    const I64_END: f64 = 9_223_372_036_854_775_808.0;
    const U64_END: f64 = 18_446_744_073_709_551_616.0;
    let float = number.as_f64().filter(|_| number.is_f64())?;
    if float.fract() != 0.0 {
        return None;
    }
    if (-I64_END..I64_END).contains(&float) {
        Some((float as i64).into())
    } else if (0.0..U64_END).contains(&float) {
        Some((float as u64).into())
    } else {
        None
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

/// Every broken constraint of a request: what [`validate_payload`](crate::validate_payload)
/// reports for the request's JSON, in the same order and form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Violations(pub Vec<PayloadViolation>);

impl Violations {
    /// Whether nothing is broken.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The violations, in the hub's display order.
    pub fn iter(&self) -> std::slice::Iter<'_, PayloadViolation> {
        self.0.iter()
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
    type Item = &'a PayloadViolation;
    type IntoIter = std::slice::Iter<'a, PayloadViolation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
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

/// Every violation of `request`, or `Ok` when there is none: the verdict of the JSON Schema
/// validator behind [`validate_payload`](crate::validate_payload) on the request's JSON, with
/// the model's validator (compiled once, on first use).
pub fn validate<R: Request>(request: &R) -> Result<(), Violations> {
    crate::validate::validate_request(request)
}

/// An integer whose schema bounds it to neither `i64` nor `u64` (an unbounded one, say),
/// held exactly as an `i128`. Deserialized from a JSON integer, or from a whole float
/// (`1e37`; `serde_json`, without its `arbitrary_precision` feature, holds every integer past
/// `u64` as the nearest `f64`) that an `i128` holds. Serialized as a JSON integer within
/// `i64`/`u64`, past them as the float it equals when one does (so what was read from a
/// float goes back as that float), else as its digits (which a `serde_json::Value` cannot
/// hold: `validate()` then reports the request as not JSON). Unlike a bare `i128` it also
/// deserializes inside structs with a flattened map.
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
        } else if let Some(float) = exact_float(self.0) {
            serializer.serialize_f64(float)
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
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<WideInteger, E> {
                // 2^127: the floats below it in size, and whole, are `i128`s exactly.
                const END: f64 = 1.7014118346046923e38;
                if v.fract() == 0.0 && (-END..END).contains(&v) {
                    Ok(WideInteger(v as i128))
                } else {
                    Err(E::custom(format_args!(
                        "{v} is not an integer that an i128 holds"
                    )))
                }
            }
        }
        // `deserialize_any`: serde's buffered content (flattened structs, untagged enums)
        // cannot answer `deserialize_i128`.
        deserializer.deserialize_any(Visitor)
    }
}

/// The float equal to `value`, if one is.
fn exact_float(value: i128) -> Option<f64> {
    let float = value as f64;
    // `as` saturates: 2^127 (the rounding of i128::MAX) converts back to i128::MAX, not equal.
    (float.abs() < 1.7014118346046923e38 && float as i128 == value).then_some(float)
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
