//! `oxen run <model>`: the command of one model (its flags from the schema, the options of
//! `run` itself), the request body read from them, checked offline by `validate_payload`, then
//! printed (`--dry-run`) or sent ([`send`](super::send)).

use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use serde_json::{Map, Value, json};

use super::flags::{self, Flag};
use super::oxen::{Failure, Session};
use super::words;
use crate::validate::{PayloadError, PayloadViolation, validate_payload};
use crate::{Endpoint, ModelInfo};

/// Whether the model takes a chat body (a prompt, `--system`, `--stream`).
pub fn is_chat(model: &ModelInfo) -> bool {
    matches!(
        model.endpoint,
        Endpoint::ChatCompletions | Endpoint::AudioTranscriptions
    )
}

/// Whether the hub's queue takes the model (image and video models).
pub fn is_queued(model: &ModelInfo) -> bool {
    matches!(
        model.endpoint,
        Endpoint::ImagesGenerate | Endpoint::ImagesEdit | Endpoint::VideosGenerate
    )
}

/// The flags of `model`'s properties.
pub fn model_flags(model: &ModelInfo) -> Vec<Flag> {
    flags::flags_of(model, words::own_flags(model.endpoint.as_str()))
}

/// `oxen run <model>`'s command: the options of `run`, then a flag per property.
pub fn model_command(model: &'static ModelInfo) -> Command {
    let about = match model.summary {
        Some(summary) => format!("{}: {summary}", model.display_name),
        None => model.display_name.to_owned(),
    };
    let mut command = Command::new(model.id)
        .about(about)
        .after_help(format!(
            "POST /api/ai{}. `oxen describe {}` lists every parameter; `--set NAME=JSON` gives any property.",
            model.endpoint.as_str(),
            model.id
        ))
        .args(own_args(model));
    let flags = model_flags(model);
    command = command.args(flags::args_of(model, &flags));
    command
}

fn own_args(model: &ModelInfo) -> Vec<Arg> {
    let mut args = vec![
        Arg::new("body")
            .long("body")
            .value_name("FILE")
            .value_parser(value_parser!(PathBuf))
            .help(
                "Start from this JSON body (`-` reads standard input); flags and --set override it",
            ),
        Arg::new("set")
            .long("set")
            .value_name("NAME=JSON")
            .action(ArgAction::Append)
            .help("Set any property to a JSON value, e.g. --set seed=7 (repeatable)"),
        Arg::new("dry-run")
            .long("dry-run")
            .action(ArgAction::SetTrue)
            .help("Print the checked JSON body and the equivalent curl command; send nothing"),
        Arg::new("json")
            .long("json")
            .action(ArgAction::SetTrue)
            .help("Print the hub's typed response as JSON"),
        Arg::new("base-url")
            .long("base-url")
            .value_name("URL")
            .help("The hub (default: OXEN_BASE_URL, else https://hub.oxen.ai)"),
    ];
    if is_chat(model) {
        args.push(
            Arg::new("prompt")
                .value_name("PROMPT")
                .help("The user's message (default: standard input when it is not a terminal)"),
        );
        args.push(
            Arg::new("system")
                .long("system")
                .value_name("TEXT")
                .help("A system message, sent first"),
        );
        args.push(
            Arg::new("stream")
                .long("stream")
                .action(ArgAction::SetTrue)
                .help("Print the answer as it arrives (server-sent events)"),
        );
    } else {
        args.push(
            Arg::new("out")
                .long("out")
                .value_name("DIR")
                .value_parser(value_parser!(PathBuf))
                .help("Download every result into DIR (as <model>-<index>.<ext>); without it the URLs are printed"),
        );
    }
    if is_queued(model) {
        args.push(
            Arg::new("queue")
                .long("queue")
                .action(ArgAction::SetTrue)
                .help(
                    "Go through the hub's queue: enqueue, show progress, wait for every generation",
                ),
        );
        args.push(
            Arg::new("wait")
                .long("wait")
                .value_name("SECS")
                .value_parser(value_parser!(f64))
                .default_value("900")
                .help("With --queue: how long to wait for the generations"),
        );
        args.push(
            Arg::new("poll-every")
                .long("poll-every")
                .value_name("SECS")
                .value_parser(value_parser!(f64))
                .default_value("2")
                .help("With --queue: how often to ask how a generation is going"),
        );
    }
    args
}

/// What `oxen run` was asked to do, once its flags are read.
pub struct Run {
    /// The model.
    pub model: &'static ModelInfo,
    /// The request body, `model` included.
    pub body: Value,
    /// `--dry-run`.
    pub dry_run: bool,
    /// `--json`.
    pub json: bool,
    /// `--stream`.
    pub stream: bool,
    /// `--queue`.
    pub queue: bool,
    /// `--out DIR`.
    pub out: Option<PathBuf>,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--wait`, in seconds.
    pub wait: f64,
    /// `--poll-every`, in seconds.
    pub poll_every: f64,
}

/// Reads `oxen run <model>`'s matches into a [`Run`] whose body passed `validate_payload`.
///
/// # Errors
/// [`Failure::Refused`] with every violation named by its flag; [`Failure::Usage`] for a body
/// file that cannot be read or is not a JSON object, a `--set` that is not `NAME=JSON`, or a
/// chat model with no prompt.
pub fn prepare(
    model: &'static ModelInfo,
    matches: &ArgMatches,
    session: &mut Session<'_>,
) -> Result<Run, Failure> {
    let flags = model_flags(model);
    let mut body = match matches.get_one::<PathBuf>("body") {
        Some(path) => read_body(path, session)?,
        None => Map::new(),
    };
    body.extend(flags::values_of(&flags, matches));
    for set in matches.get_many::<String>("set").into_iter().flatten() {
        let (name, value) = parse_set(set)?;
        body.insert(name, value);
    }
    let stream = matches.get_flag_or_false("stream");
    if is_chat(model) {
        add_messages(matches, &mut body, session)?;
        if stream {
            body.insert("stream".to_owned(), Value::Bool(true));
        }
    }
    match body.get("model") {
        Some(Value::String(id)) if id == model.id => {}
        None => {}
        Some(other) => {
            return Err(Failure::Usage(format!(
                "the body names the model {other}, not {:?}",
                model.id
            )));
        }
    }
    let mut payload = Map::new();
    payload.insert("model".to_owned(), Value::from(model.id));
    payload.extend(body);
    let body = Value::Object(payload);
    match validate_payload(model.id, &body) {
        Ok(()) => {}
        Err(PayloadError::Invalid(violations)) => {
            return Err(Failure::Refused(
                violations.iter().map(|v| by_flag(&flags, v)).collect(),
            ));
        }
        Err(other) => return Err(Failure::Usage(other.to_string())),
    }
    Ok(Run {
        model,
        body,
        dry_run: matches.get_flag("dry-run"),
        json: matches.get_flag("json"),
        stream,
        queue: matches.get_flag_or_false("queue"),
        out: matches
            .try_get_one::<PathBuf>("out")
            .ok()
            .flatten()
            .cloned(),
        base_url: matches.get_one::<String>("base-url").cloned(),
        wait: matches
            .try_get_one::<f64>("wait")
            .ok()
            .flatten()
            .copied()
            .unwrap_or(900.0),
        poll_every: matches
            .try_get_one::<f64>("poll-every")
            .ok()
            .flatten()
            .copied()
            .unwrap_or(2.0),
    })
}

/// `get_flag` for an option only some models' commands have.
trait FlagOrFalse {
    fn get_flag_or_false(&self, id: &str) -> bool;
}

impl FlagOrFalse for ArgMatches {
    fn get_flag_or_false(&self, id: &str) -> bool {
        self.try_get_one::<bool>(id)
            .ok()
            .flatten()
            .copied()
            .unwrap_or(false)
    }
}

fn read_body(path: &PathBuf, session: &mut Session<'_>) -> Result<Map<String, Value>, Failure> {
    let (name, text) = if path.as_os_str() == "-" {
        let mut text = String::new();
        session
            .streams
            .stdin
            .read_to_string(&mut text)
            .map_err(|error| Failure::Usage(format!("--body -: {error}")))?;
        ("standard input".to_owned(), text)
    } else {
        let text = std::fs::read_to_string(path)
            .map_err(|error| Failure::Usage(format!("--body {}: {error}", path.display())))?;
        (path.display().to_string(), text)
    };
    match serde_json::from_str(&text) {
        Ok(Value::Object(body)) => Ok(body),
        Ok(_) => Err(Failure::Usage(format!("--body {name}: not a JSON object"))),
        Err(error) => Err(Failure::Usage(format!("--body {name}: not JSON: {error}"))),
    }
}

/// `NAME=JSON`, e.g. `seed=7` or `style="vivid"`.
fn parse_set(set: &str) -> Result<(String, Value), Failure> {
    let Some((name, json)) = set.split_once('=') else {
        return Err(Failure::Usage(format!(
            "--set {set}: expected NAME=JSON, e.g. --set seed=7"
        )));
    };
    let value = serde_json::from_str(json).map_err(|error| {
        Failure::Usage(format!(
            "--set {set}: the value is not JSON ({error}); a string needs quotes: --set '{name}=\"{json}\"'"
        ))
    })?;
    Ok((name.to_owned(), value))
}

/// A chat body's messages: `--system` first, then those of the body and `--messages`, then the
/// prompt (the argument, else standard input when it is not a terminal and not the body).
fn add_messages(
    matches: &ArgMatches,
    body: &mut Map<String, Value>,
    session: &mut Session<'_>,
) -> Result<(), Failure> {
    let mut prompt = matches.get_one::<String>("prompt").cloned();
    let body_from_stdin = matches
        .get_one::<PathBuf>("body")
        .is_some_and(|path| path.as_os_str() == "-");
    if prompt.is_none()
        && !body.contains_key("messages")
        && !session.streams.stdin_is_terminal
        && !body_from_stdin
    {
        let mut text = String::new();
        session
            .streams
            .stdin
            .read_to_string(&mut text)
            .map_err(|error| Failure::Usage(format!("reading the prompt: {error}")))?;
        let text = text.trim_end_matches(['\n', '\r']);
        if !text.is_empty() {
            prompt = Some(text.to_owned());
        }
    }
    let system = matches.get_one::<String>("system");
    if prompt.is_none() && system.is_none() {
        if !body.contains_key("messages") {
            return Err(Failure::Usage(
                "no prompt: give it as an argument or on standard input (or --messages JSON)"
                    .to_owned(),
            ));
        }
        return Ok(());
    }
    let mut messages = match body.remove("messages") {
        Some(Value::Array(messages)) => messages,
        Some(other) => vec![other],
        None => Vec::new(),
    };
    if let Some(system) = system {
        messages.insert(0, json!({"role": "system", "content": system}));
    }
    if let Some(prompt) = prompt {
        messages.push(json!({"role": "user", "content": prompt}));
    }
    body.insert("messages".to_owned(), Value::Array(messages));
    Ok(())
}

/// A violation named by the flag that gives the value (`--num-inference-steps: 80 is greater
/// than the maximum of 50`), by its JSON pointer where no flag does.
fn by_flag(flags: &[Flag], violation: &PayloadViolation) -> String {
    let pointer = if violation.keyword == "required" && violation.instance_path.is_empty() {
        missing_property(&violation.message)
            .map(|name| format!("/{}", name.replace('~', "~0").replace('/', "~1")))
    } else {
        None
    };
    let pointer = pointer.as_deref().unwrap_or(&violation.instance_path);
    match flags::flag_of_pointer(flags, pointer) {
        Some((flag, "")) => format!("{flag}: {}", violation.message),
        Some((flag, rest)) => format!("{flag} (at {rest}): {}", violation.message),
        None => violation.to_string(),
    }
}

/// The property of `the required property "NAME" is missing`, the validator's message.
fn missing_property(message: &str) -> Option<String> {
    let quoted = message
        .strip_prefix("the required property ")?
        .strip_suffix(" is missing")?;
    serde_json::from_str(quoted).ok()
}

/// `--dry-run`: the body, a blank line, and the `curl` command that sends it.
pub fn dry_run(run: &Run, base_url: &str) -> String {
    let path = if run.queue {
        "/api/ai/queue".to_owned()
    } else {
        format!("/api/ai{}", run.model.endpoint.as_str())
    };
    let pretty = serde_json::to_string_pretty(&run.body).unwrap_or_default();
    format!(
        "{pretty}\n\n{}\n",
        words::curl_command(base_url, &path, &run.body, run.stream)
    )
}
