//! The `oxen` command: `models`, `describe`, `run`, `validate` and `completions`.
//!
//! ```text
//! oxen models [--endpoint PATH] [--json]
//! oxen describe MODEL
//! oxen run MODEL [--PARAM VALUE]... [--set NAME=JSON]... [--body FILE|-] [--dry-run] [--json]
//! oxen validate [--model ID] [--ndjson] [--format text|json] [FILE...|-]
//! oxen completions bash|zsh|fish|elvish|powershell
//! ```
//!
//! Exit status: 0 done; 1 the request was refused, locally (nothing sent) or by the hub (an
//! HTTP 4xx); 2 a usage error, or the network or the hub failing (timeouts, 5xx, a failed
//! generation). `validate` keeps `oxen-validate`'s statuses.

use std::ffi::OsString;
use std::io::Write;

use clap::{Arg, ArgAction, ArgMatches, Command, CommandFactory, FromArgMatches};

use super::{Streams, describe, run, send, validate};
use crate::client::ClientError;
use crate::validate::find_model;
use crate::{MODELS, ModelInfo};

/// What the command works with besides its arguments: the standard streams and the
/// environment (`OXEN_API_KEY`, `OXEN_BASE_URL`), passed in so that tests need no process.
pub struct Session<'a> {
    /// The standard streams.
    pub streams: Streams<'a>,
    /// Whether standard error is a terminal: then the queue's progress is drawn as bars.
    pub stderr_is_terminal: bool,
    /// `OXEN_API_KEY`.
    pub api_key: Option<String>,
    /// `OXEN_BASE_URL`.
    pub base_url: Option<String>,
}

/// Why `oxen` did not finish its work.
#[derive(Debug)]
pub enum Failure {
    /// The request breaks its model's schema: each violation, named by flag. Nothing was sent.
    Refused(Vec<String>),
    /// The command line, a file or the environment is not usable.
    Usage(String),
    /// The call to the hub failed.
    Hub(ClientError),
    /// Writing the output or a downloaded file failed.
    Io(String),
}

impl Failure {
    /// The exit status: 1 for a refusal, local or the hub's (HTTP 4xx but 408 and 429), 2 for
    /// everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Refused(_) => 1,
            Failure::Hub(error) => match error {
                ClientError::Refused { .. } | ClientError::Unsupported { .. } => 1,
                ClientError::Status { status, .. }
                    if (400..500).contains(status) && *status != 408 && *status != 429 =>
                {
                    1
                }
                _ => 2,
            },
            Failure::Usage(_) | Failure::Io(_) => 2,
        }
    }

    fn report(&self, stderr: &mut dyn Write) {
        let _ = match self {
            Failure::Refused(violations) => writeln!(
                stderr,
                "error: request refused locally, nothing was sent:\n{}",
                violations
                    .iter()
                    .map(|v| format!("  {v}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            Failure::Usage(message) | Failure::Io(message) => writeln!(stderr, "error: {message}"),
            Failure::Hub(error) => writeln!(stderr, "error: {error}"),
        };
    }
}

/// The `oxen` command, with `run`'s commands for `models`.
pub fn command(models: impl IntoIterator<Item = &'static ModelInfo>) -> Command {
    let run = Command::new("run")
        .about("Send a request to a model: a flag per parameter of its schema, checked before it is sent")
        .subcommand_required(true)
        .subcommand_value_name("MODEL")
        .subcommand_help_heading("Models")
        .subcommands(models.into_iter().map(run::model_command));
    let validate = <validate::Args as CommandFactory>::command()
        .name("validate")
        .override_usage("oxen validate [--model ID] [--ndjson] [--format text|json] [FILE...|-]")
        .about("Check request payloads against the models' JSON Schemas, offline");
    Command::new("oxen")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Every model of the Oxen.ai inference hub from the terminal")
        .subcommand_required(true)
        .after_help("Exit status: 0 done, 1 the request was refused (locally, nothing sent, or by the hub),\n2 usage, network or the hub failing.")
        .subcommand(
            Command::new("models")
                .about("List the models: id, display name, endpoint, summary")
                .arg(
                    Arg::new("endpoint")
                        .long("endpoint")
                        .value_name("PATH")
                        .help("Only the models of this endpoint, e.g. /images/edit"),
                )
                .arg(
                    Arg::new("json")
                        .long("json")
                        .action(ArgAction::SetTrue)
                        .help("One JSON object per line"),
                ),
        )
        .subcommand(
            Command::new("describe")
                .about("A model's parameters, as its reference page lists them")
                .arg(Arg::new("model").value_name("MODEL").required(true)),
        )
        .subcommand(run)
        .subcommand(validate)
        .subcommand(
            Command::new("completions")
                .about("Print the shell completion script")
                .arg(
                    Arg::new("shell")
                        .value_name("SHELL")
                        .required(true)
                        .value_parser(clap::value_parser!(clap_complete::Shell)),
                ),
        )
}

/// Runs `oxen ARGS` (without the program name) in `session`; returns the exit status.
pub fn main_with<I, T>(args: I, mut session: Session<'_>) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // `oxen run MODEL ...` needs that one model's command only.
    let models: Vec<&'static ModelInfo> = match (args.first(), args.get(1)) {
        (Some(first), Some(id)) if first == "run" && !id.to_string_lossy().starts_with('-') => {
            match find_model(&id.to_string_lossy()) {
                Ok(model) => vec![model],
                Err(unknown) => {
                    let _ = writeln!(
                        session.streams.stderr,
                        "error: {unknown} (`oxen models` lists them all)"
                    );
                    return 2;
                }
            }
        }
        _ => MODELS.iter().collect(),
    };
    let program = std::iter::once(OsString::from("oxen"));
    let matches = match command(models).try_get_matches_from(program.chain(args)) {
        Ok(matches) => matches,
        Err(error) => {
            let (out, code) = if error.use_stderr() {
                (&mut session.streams.stderr, 2)
            } else {
                (&mut session.streams.stdout, 0)
            };
            let _ = write!(out, "{}", error.render());
            return code;
        }
    };
    match dispatch(&matches, &mut session) {
        Ok(code) => code,
        Err(failure) => {
            failure.report(session.streams.stderr);
            failure.exit_code()
        }
    }
}

fn dispatch(matches: &ArgMatches, session: &mut Session<'_>) -> Result<u8, Failure> {
    let io = |error: std::io::Error| Failure::Io(error.to_string());
    match matches.subcommand() {
        Some(("models", sub)) => {
            describe::list(
                session.streams.stdout,
                sub.get_one::<String>("endpoint").map(String::as_str),
                sub.get_flag("json"),
            )
            .map_err(io)?;
            Ok(0)
        }
        Some(("describe", sub)) => {
            let id = sub
                .get_one::<String>("model")
                .map(String::as_str)
                .unwrap_or_default();
            let model = find_model(id).map_err(|unknown| Failure::Usage(unknown.to_string()))?;
            describe::describe(session.streams.stdout, model, &run::model_flags(model))
                .map_err(io)?;
            Ok(0)
        }
        Some(("run", sub)) => {
            let Some((id, flags)) = sub.subcommand() else {
                return Err(Failure::Usage("name a model: oxen run MODEL".to_owned()));
            };
            let model = find_model(id).map_err(|unknown| Failure::Usage(unknown.to_string()))?;
            let prepared = run::prepare(model, flags, session)?;
            let base_url = prepared
                .base_url
                .clone()
                .or_else(|| {
                    session
                        .base_url
                        .clone()
                        .filter(|url| !url.trim().is_empty())
                })
                .unwrap_or_else(|| crate::client::DEFAULT_BASE_URL.to_owned());
            if prepared.dry_run {
                write!(
                    session.streams.stdout,
                    "{}",
                    run::dry_run(&prepared, &base_url)
                )
                .map_err(io)?;
                return Ok(0);
            }
            send::send(&prepared, &base_url, session)?;
            Ok(0)
        }
        Some(("validate", sub)) => {
            let args = validate::Args::from_arg_matches(sub)
                .map_err(|error| Failure::Usage(error.to_string()))?;
            Ok(validate::run(args, "oxen validate", streams_of(session)))
        }
        Some(("completions", sub)) => {
            let Some(shell) = sub.get_one::<clap_complete::Shell>("shell").copied() else {
                return Err(Failure::Usage("name a shell".to_owned()));
            };
            clap_complete::generate(
                shell,
                &mut command(MODELS.iter()),
                "oxen",
                session.streams.stdout,
            );
            Ok(0)
        }
        _ => Err(Failure::Usage("no command: see oxen --help".to_owned())),
    }
}

/// The session's streams, lent again.
fn streams_of<'s>(session: &'s mut Session<'_>) -> Streams<'s> {
    Streams {
        stdin: &mut *session.streams.stdin,
        stdin_is_terminal: session.streams.stdin_is_terminal,
        stdout: &mut *session.streams.stdout,
        stderr: &mut *session.streams.stderr,
    }
}
