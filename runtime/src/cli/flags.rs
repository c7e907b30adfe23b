//! One flag per property of a model's request schema, built when the command runs from the
//! embedded schema ([`ModelInfo::schema`]) with clap's builder API, and the request body read
//! back from the parsed flags. Nothing here is written per model.
//!
//! A property's flag is its name in kebab case (`num_inference_steps` → `--num-inference-steps`).
//! Its value is parsed by the property's schema type: a string as it is, an `integer` or
//! `number` as a JSON number, a `boolean` as `true` or `false`, an `enum` as one of its values
//! (completed and checked by clap), an array of those by repeating the flag; anything else
//! (objects, unions, arrays of objects) as JSON. A property whose flag name would clash with
//! an option of the command itself, or with another property's, has no flag: `--set` reaches it.

use std::collections::BTreeSet;

use clap::builder::{PossibleValuesParser, TypedValueParser, ValueParser};
use clap::{Arg, ArgAction, ArgMatches};
use serde_json::{Map, Value};

use crate::cli::words;
use crate::{ModelInfo, Parameter};

/// How a flag's text becomes its property's JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// A JSON string, the text as it is.
    String,
    /// A JSON integer.
    Integer,
    /// A JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// One of the schema's `enum` (or `const`) values, `null` left out.
    OneOf(Vec<Value>),
    /// JSON text; where the schema also allows a string, text that is not JSON is that string.
    Json {
        /// Whether the schema allows a string here.
        string_allowed: bool,
    },
}

/// The flag of one property.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    /// The property's name in JSON, e.g. `num_inference_steps`.
    pub property: String,
    /// The flag without its dashes, e.g. `num-inference-steps`.
    pub long: String,
    /// How its value (or each item's, for an array) is read.
    pub kind: ValueKind,
    /// Whether the property is an array given by repeating the flag, one item each.
    pub repeated: bool,
    /// Whether the schema requires the property.
    pub required: bool,
}

impl Flag {
    /// The clap id of the flag: the property's name, apart from the command's own options.
    fn id(&self) -> String {
        format!("property:{}", self.property)
    }
}

/// The flags of `model`'s request schema, in the hub's display order (`x-order`, then by
/// name), leaving out the properties whose flag would be one of `reserved` or already taken.
pub fn flags_of(model: &ModelInfo, reserved: &[&str]) -> Vec<Flag> {
    let Ok(schema) = serde_json::from_str::<Value>(model.schema) else {
        return Vec::new();
    };
    let required: BTreeSet<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut ordered: Vec<(&String, &Value)> = properties.iter().collect();
    ordered.sort_by_key(|(name, property)| {
        let order = property.get("x-order").and_then(Value::as_i64);
        (order.is_none(), order, (*name).clone())
    });
    let mut taken: BTreeSet<String> = reserved.iter().map(|name| (*name).to_owned()).collect();
    let mut flags = Vec::new();
    for (name, property) in ordered {
        let Some(long) = words::flag_name(name) else {
            continue;
        };
        if !taken.insert(long.clone()) {
            continue;
        }
        let property = resolve(&schema, property);
        let (kind, repeated) = match array_items(property) {
            Some(items) => match kind_of(&schema, resolve(&schema, items)) {
                ValueKind::Json { .. } => (
                    ValueKind::Json {
                        string_allowed: false,
                    },
                    true,
                ),
                scalar => (scalar, true),
            },
            None => (kind_of(&schema, property), false),
        };
        flags.push(Flag {
            property: name.clone(),
            long,
            kind,
            repeated,
            required: required.contains(name.as_str()),
        });
    }
    flags
}

/// The clap arguments of `flags`, their help from the model's parameter table.
pub fn args_of<'f>(model: &ModelInfo, flags: &'f [Flag]) -> impl Iterator<Item = Arg> + use<'f> {
    let parameters = model.parameters;
    flags.iter().map(move |flag| {
        let parameter = parameters
            .iter()
            .find(|p| p.parent.is_empty() && p.name == flag.property);
        let (short, long) = help_of(flag, parameter);
        let mut arg = Arg::new(flag.id())
            .long(flag.long.clone())
            .value_name(value_name(flag))
            .help(short)
            .long_help(long)
            .action(if flag.repeated {
                ArgAction::Append
            } else {
                ArgAction::Set
            })
            .value_parser(parser(&flag.kind));
        if flag.required {
            arg = arg.help_heading("Required parameters");
        } else {
            arg = arg.help_heading("Parameters");
        }
        arg
    })
}

/// The one-line and the long help of a flag: the description, then the type, default and
/// constraints, in the words of the reference page.
fn help_of(flag: &Flag, parameter: Option<&Parameter>) -> (String, String) {
    let Some(parameter) = parameter else {
        return (String::new(), String::new());
    };
    let mut facts = vec![parameter.type_label.to_owned()];
    if let Some(default) = parameter.default {
        if parameter.default_invalid {
            facts.push(format!("hub default {default}, not valid, unused"));
        } else {
            facts.push(format!("default {default}"));
        }
    }
    if !parameter.constraints.is_empty() {
        facts.push(plain(parameter.constraints));
    }
    if flag.repeated {
        facts.push("repeat the flag for each item".to_owned());
    }
    let facts = format!("[{}]", facts.join("; "));
    let description = plain(parameter.description);
    let first = description.lines().next().unwrap_or_default();
    let short = format!("{first} {facts}").trim().to_owned();
    let long = format!("{description}\n{facts}").trim().to_owned();
    (short, long)
}

/// Reference-page text for a terminal: code spans without their backticks.
pub fn plain(text: &str) -> String {
    text.replace('`', "")
}

fn value_name(flag: &Flag) -> &'static str {
    match flag.kind {
        ValueKind::String => "TEXT",
        ValueKind::Integer => "INTEGER",
        ValueKind::Number => "NUMBER",
        ValueKind::Boolean => "BOOL",
        ValueKind::OneOf(_) => "VALUE",
        ValueKind::Json { .. } => "JSON",
    }
}

fn parser(kind: &ValueKind) -> ValueParser {
    match kind {
        ValueKind::String => ValueParser::new(|text: &str| Ok::<_, String>(Value::from(text))),
        ValueKind::Integer => ValueParser::new(|text: &str| match serde_json::from_str(text) {
            Ok(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Value::Number(n)),
            _ => Err(format!("{text:?} is not an integer")),
        }),
        ValueKind::Number => ValueParser::new(|text: &str| match serde_json::from_str(text) {
            Ok(Value::Number(n)) => Ok(Value::Number(n)),
            _ => Err(format!("{text:?} is not a number")),
        }),
        ValueKind::Boolean => ValueParser::new(|text: &str| match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("{text:?} is not true or false")),
        }),
        ValueKind::OneOf(values) => {
            let names: Vec<String> = values.iter().map(literal_text).collect();
            let values = values.clone();
            PossibleValuesParser::new(names)
                .map(move |text: String| {
                    values
                        .iter()
                        .find(|value| literal_text(value) == text)
                        .cloned()
                        .unwrap_or(Value::String(text))
                })
                .into()
        }
        ValueKind::Json { string_allowed } => {
            let string_allowed = *string_allowed;
            ValueParser::new(
                move |text: &str| match serde_json::from_str::<Value>(text) {
                    Ok(value) => Ok(value),
                    Err(_) if string_allowed => Ok(Value::from(text)),
                    Err(error) => Err(format!("not JSON: {error}")),
                },
            )
        }
    }
}

/// An enum value as typed on the command line: a string as it is, anything else as JSON.
pub fn literal_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The target of a local `$ref` (`#/$defs/...`), followed a few times; the schema itself
/// otherwise.
fn resolve<'s>(root: &'s Value, mut schema: &'s Value) -> &'s Value {
    for _ in 0..8 {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(target) = reference
            .strip_prefix('#')
            .and_then(|pointer| root.pointer(pointer))
        else {
            break;
        };
        schema = target;
    }
    schema
}

/// The JSON types a schema allows, `null` left out; `None` when it does not say.
fn types_of(schema: &Value) -> Option<Vec<&str>> {
    let types: Vec<&str> = match schema.get("type")? {
        Value::String(ty) => vec![ty.as_str()],
        Value::Array(types) => types.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    Some(types.into_iter().filter(|ty| *ty != "null").collect())
}

/// The non-null alternatives of an `anyOf`/`oneOf`, when the schema is one.
fn alternatives(schema: &Value) -> Option<Vec<&Value>> {
    let list = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))?
        .as_array()?;
    Some(
        list.iter()
            .filter(|alternative| types_of(alternative).is_none_or(|types| !types.is_empty()))
            .collect(),
    )
}

/// The `items` of an array property (one given by repeating its flag).
fn array_items(schema: &Value) -> Option<&Value> {
    let single = match alternatives(schema) {
        Some(alternatives) if alternatives.len() == 1 => alternatives[0],
        Some(_) => return None,
        None => schema,
    };
    (types_of(single)? == ["array"]).then(|| single.get("items"))?
}

fn kind_of(root: &Value, schema: &Value) -> ValueKind {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return one_of(values.iter());
    }
    if let Some(value) = schema.get("const") {
        return one_of(std::iter::once(value));
    }
    if let Some(alternatives) = alternatives(schema) {
        if let [only] = alternatives.as_slice() {
            return kind_of(root, resolve(root, only));
        }
        let string_allowed = alternatives.iter().any(|alternative| {
            types_of(resolve(root, alternative)).is_some_and(|t| t.contains(&"string"))
        });
        return ValueKind::Json { string_allowed };
    }
    match types_of(schema).as_deref() {
        Some(["string"]) => ValueKind::String,
        Some(["integer"]) => ValueKind::Integer,
        Some(["number"]) => ValueKind::Number,
        Some(["boolean"]) => ValueKind::Boolean,
        Some(types) => ValueKind::Json {
            string_allowed: types.contains(&"string"),
        },
        None => ValueKind::Json {
            string_allowed: true,
        },
    }
}

/// An enumeration's kind: its non-null scalar values, or JSON when it holds objects or arrays.
fn one_of<'v>(values: impl Iterator<Item = &'v Value>) -> ValueKind {
    let values: Vec<Value> = values.filter(|value| !value.is_null()).cloned().collect();
    let scalars = values.iter().all(|v| !v.is_object() && !v.is_array());
    // Two values typed alike (`5` and `"5"`) cannot be told apart on a command line.
    let distinct = values
        .iter()
        .map(literal_text)
        .collect::<BTreeSet<_>>()
        .len()
        == values.len();
    if scalars && distinct && !values.is_empty() {
        ValueKind::OneOf(values)
    } else {
        ValueKind::Json {
            string_allowed: values.iter().any(Value::is_string),
        }
    }
}

/// The properties the flags in `matches` give, as JSON.
pub fn values_of(flags: &[Flag], matches: &ArgMatches) -> Map<String, Value> {
    let mut body = Map::new();
    for flag in flags {
        let Some(values) = matches.get_many::<Value>(&flag.id()) else {
            continue;
        };
        let values: Vec<Value> = values.cloned().collect();
        let value = if flag.repeated {
            Value::Array(values)
        } else {
            values.into_iter().next_back().unwrap_or(Value::Null)
        };
        body.insert(flag.property.clone(), value);
    }
    body
}

/// The flag (`--num-inference-steps`) and the rest of a JSON pointer into the payload
/// (`/num_inference_steps/0` → `--x` and `/0`), when its first token is a property with a flag.
pub fn flag_of_pointer<'p>(flags: &[Flag], pointer: &'p str) -> Option<(String, &'p str)> {
    let rest = pointer.strip_prefix('/')?;
    let (token, rest) = match rest.find('/') {
        Some(end) => (&rest[..end], &rest[end..]),
        None => (rest, ""),
    };
    let property = token.replace("~1", "/").replace("~0", "~");
    let flag = flags.iter().find(|flag| flag.property == property)?;
    Some((format!("--{}", flag.long), rest))
}
