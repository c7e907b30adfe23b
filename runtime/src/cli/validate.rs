//! The `oxen-validate` command line (also `oxen validate` and `cargo xtask validate`): its
//! arguments, parsed with clap, turned into a [`batch`](crate::batch) run.
//!
//! ```text
//! oxen-validate [--model ID] [--ndjson] [--format text|json] [FILE...|-]
//! ```
//!
//! Exit status: 0 when every payload is valid, 1 when at least one is not, 2 for a usage or
//! I/O error (an unreadable file, a payload file that is not JSON at all). A malformed line of
//! an `--ndjson` file is an invalid payload: it is reported, and the lines after it are checked.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::Parser;

use super::Streams;
use crate::batch::{self, Input, Options, OutputFormat};
use crate::validate::find_model;

/// The arguments of `oxen-validate`.
#[derive(Debug, Parser)]
#[command(
    name = "oxen-validate",
    version,
    about = "Check Oxen hub request payloads against the models' JSON Schemas, offline.",
    override_usage = "oxen-validate [--model ID] [--ndjson] [--format text|json] [FILE...|-]",
    after_help = "Exit status: 0 every payload is valid, 1 at least one payload is invalid,\n\
2 usage or I/O error (unreadable file, a file that is not JSON at all)."
)]
pub struct Args {
    /// Payload files; `-` reads standard input, as does no file when input is piped in.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Check every payload against this model (default: the model that each payload's own
    /// "model" field names).
    #[arg(short, long, value_name = "ID")]
    pub model: Option<String>,
    /// One payload per line (request logs); errors name the file and line, and a malformed line
    /// is reported while the rest is still checked.
    #[arg(long)]
    pub ndjson: bool,
    /// How results are printed.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text, value_name = "FMT")]
    pub format: OutputFormat,
    /// Print every known model: id, endpoint, display name.
    #[arg(long, exclusive = true)]
    pub list_models: bool,
}

/// Runs the command line `args` (without the program name); returns the exit status.
pub fn main_with<I, T>(args: I, streams: Streams<'_>) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let program = std::iter::once(OsString::from("oxen-validate"));
    match Args::try_parse_from(program.chain(args.into_iter().map(Into::into))) {
        Ok(args) => run(args, "oxen-validate", streams),
        Err(error) => {
            // --help and --version are "errors" that print to stdout and succeed.
            let (out, code) = if error.use_stderr() {
                (streams.stderr, 2)
            } else {
                (streams.stdout, 0)
            };
            let _ = write!(out, "{}", error.render());
            code
        }
    }
}

/// Runs parsed `args` as `program` (`oxen-validate` or `oxen validate`, for the messages);
/// returns the exit status.
pub fn run(args: Args, program: &str, streams: Streams<'_>) -> u8 {
    if args.list_models {
        return list_models(streams.stdout);
    }
    let model = match args.model.as_deref().map(find_model) {
        None => None,
        Some(Ok(info)) => Some(info.id),
        Some(Err(unknown)) => {
            let _ = writeln!(
                streams.stderr,
                "error: --model: {unknown} (`{program} --list-models` lists them all)"
            );
            return 2;
        }
    };
    if args.files.is_empty() && streams.stdin_is_terminal {
        let _ = writeln!(
            streams.stderr,
            "error: no payload to check: name a file, or pipe one in (`-` reads what you type)\n\n{}",
            Args::command_usage()
        );
        return 2;
    }
    let inputs: Vec<Input> = if args.files.is_empty() {
        vec![Input::Stdin]
    } else {
        args.files.into_iter().map(Input::from_arg).collect()
    };
    let options = Options {
        model,
        ndjson: args.ndjson,
        format: args.format,
    };
    batch::run(
        &options,
        &inputs,
        streams.stdin,
        streams.stdout,
        streams.stderr,
    )
    .exit_code()
}

impl Args {
    /// The usage and help text, as `--help` prints it.
    fn command_usage() -> String {
        <Args as clap::CommandFactory>::command()
            .render_help()
            .to_string()
    }
}

fn list_models(stdout: &mut dyn Write) -> u8 {
    let mut out = io::BufWriter::new(stdout);
    for model in &crate::MODELS {
        let _ = writeln!(
            out,
            "{}\t{}\t{}",
            model.id,
            model.endpoint.as_str(),
            model.display_name
        );
    }
    if out.flush().is_err() { 2 } else { 0 }
}
