//! The `oxen-validate` command (also `cargo xtask validate`): checks request payloads against
//! the models' schemas offline, for CI jobs over request logs.
//!
//! ```text
//! oxen-validate [--model ID] [--ndjson] [--format text|json] [FILE...|-]
//! ```
//!
//! Exit status: 0 when every payload is valid, 1 when at least one is not, 2 for a usage or
//! I/O error (an unreadable file, a payload file that is not JSON at all). A malformed line of
//! an `--ndjson` file is an invalid payload: it is reported, and the lines after it are checked.

use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, Read, Write};

use serde_json::Value;

use crate::validate::{PayloadError, PayloadViolation, find_model, model_of, validate_payload};

/// The usage text of `oxen-validate --help`.
pub const USAGE: &str = "\
Check Oxen hub request payloads against the models' JSON Schemas, offline.

Usage: oxen-validate [--model ID] [--ndjson] [--format text|json] [FILE...|-]

Arguments:
  [FILE...]            Payload files; `-`, or no file at all, reads standard input

Options:
  -m, --model <ID>     Check every payload against this model (default: the model that
                       each payload's own \"model\" field names)
      --ndjson         One payload per line (request logs); errors name the file and line,
                       and a malformed line is reported while the rest is still checked
      --format <FMT>   text (default): one line per violation, a summary on stderr;
                       json: one JSON result per payload (file, line, model, valid, errors)
  -h, --help           Print this help
      --list-models    Print every known model: id, endpoint, display name
  -V, --version        Print the version

Exit status: 0 every payload is valid, 1 at least one payload is invalid,
2 usage or I/O error (unreadable file, a file that is not JSON at all).
";

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// One line per violation, `FILE[:LINE]: MODEL: POINTER: MESSAGE`, and a summary on stderr.
    #[default]
    Text,
    /// One JSON object per payload, one per line.
    Json,
}

/// The parsed command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// `--model ID`: check every payload against this model, whatever its `model` says.
    pub model: Option<String>,
    /// `--ndjson`: one payload per line.
    pub ndjson: bool,
    /// `--format text|json`.
    pub format: OutputFormat,
    /// Files to read; `-` is standard input. Empty means standard input.
    pub files: Vec<String>,
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Check payloads.
    Validate(Options),
    /// `--help`.
    Help,
    /// `--version`.
    Version,
    /// `--list-models`.
    ListModels,
}

/// Parses the arguments after the program name.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    let mut only_files = false;
    while let Some(arg) = args.next() {
        if only_files || arg == "-" || !arg.starts_with('-') {
            options.files.push(arg);
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            match inline.clone().or_else(|| args.next()) {
                Some(value) => Ok(value),
                None => Err(format!("{name} needs {what}")),
            }
        };
        match name.as_str() {
            "--" => only_files = true,
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--list-models" if inline.is_none() => return Ok(Command::ListModels),
            "-m" | "--model" => options.model = Some(value("a model id")?),
            "--ndjson" if inline.is_none() => options.ndjson = true,
            "--format" => {
                options.format = match value("`text` or `json`")?.as_str() {
                    "text" => OutputFormat::Text,
                    "json" => OutputFormat::Json,
                    other => return Err(format!("--format takes `text` or `json`, not {other:?}")),
                }
            }
            _ => return Err(format!("unknown option {arg:?}")),
        }
    }
    Ok(Command::Validate(options))
}

/// Runs the command line `args` (without the program name); returns the exit status.
pub fn main_with<I: IntoIterator<Item = String>>(
    args: I,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    match parse_args(args) {
        Ok(Command::Help) => {
            let _ = stdout.write_all(USAGE.as_bytes());
            0
        }
        Ok(Command::Version) => {
            let _ = writeln!(stdout, "oxen-validate {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Ok(Command::ListModels) => {
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
        Ok(Command::Validate(options)) => run(&options, stdin, stdout, stderr),
        Err(error) => {
            let _ = writeln!(
                stderr,
                "error: {error}\n\nUsage: oxen-validate [--model ID] [--ndjson] [--format text|json] [FILE...|-]\nFor more, try --help."
            );
            2
        }
    }
}

/// Counts of what was checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Payloads that passed.
    pub valid: u64,
    /// Payloads with at least one violation (malformed `--ndjson` lines included).
    pub invalid: u64,
    /// Files that could not be read or were not JSON at all (exit status 2).
    pub failed_inputs: u64,
}

impl Summary {
    /// 0 all valid, 1 some payload invalid, 2 some input unreadable.
    pub fn exit_code(&self) -> u8 {
        if self.failed_inputs > 0 {
            2
        } else if self.invalid > 0 {
            1
        } else {
            0
        }
    }
}

/// Checks every input of `options`; returns the exit status.
pub fn run(
    options: &Options,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let model = match options.model.as_deref().map(find_model) {
        None => None,
        Some(Ok(info)) => Some(info.id),
        Some(Err(unknown)) => {
            let _ = writeln!(
                stderr,
                "error: --model: {unknown} (`oxen-validate --list-models` lists them all)"
            );
            return 2;
        }
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout);
    let mut checker = Checker {
        options,
        model,
        out: &mut out,
        summary: Summary::default(),
        line: String::new(),
    };
    let stdin_only = [String::from("-")];
    let files = if options.files.is_empty() {
        &stdin_only[..]
    } else {
        &options.files[..]
    };
    let mut stdin_used = false;
    for file in files {
        let result = if file == "-" {
            if stdin_used {
                continue;
            }
            stdin_used = true;
            checker.check_input("<stdin>", &mut *stdin)
        } else {
            match std::fs::File::open(file) {
                Ok(mut handle) => checker.check_input(file, &mut handle),
                Err(error) => Err(InputError::Io(error)),
            }
        };
        match result {
            Ok(()) => {}
            Err(InputError::Output(error)) => return output_failed(stderr, &error),
            Err(error) => {
                checker.summary.failed_inputs += 1;
                let _ = checker.out.flush();
                let name = if file == "-" {
                    "<stdin>"
                } else {
                    file.as_str()
                };
                let _ = writeln!(stderr, "error: {name}: {error}");
            }
        }
    }
    let summary = checker.summary;
    if let Err(error) = out.flush() {
        return output_failed(stderr, &error);
    }
    if options.format == OutputFormat::Text {
        let total = summary.valid + summary.invalid;
        let _ = writeln!(
            stderr,
            "checked {total} payload{}: {} valid, {} invalid{}",
            if total == 1 { "" } else { "s" },
            summary.valid,
            summary.invalid,
            match summary.failed_inputs {
                0 => String::new(),
                1 => ", 1 input unreadable".to_owned(),
                n => format!(", {n} inputs unreadable"),
            }
        );
    }
    summary.exit_code()
}

/// Exit status 2 when the results cannot be written; quietly when the reader has gone away
/// (`oxen-validate --ndjson big.ndjson | head`), as other command-line tools do.
fn output_failed(stderr: &mut dyn Write, error: &io::Error) -> u8 {
    if error.kind() != io::ErrorKind::BrokenPipe {
        let _ = writeln!(stderr, "error: writing the results: {error}");
    }
    2
}

enum InputError {
    Io(io::Error),
    NotJson(serde_json::Error),
    Output(io::Error),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Io(error) | InputError::Output(error) => write!(f, "{error}"),
            InputError::NotJson(error) => write!(f, "not JSON: {error}"),
        }
    }
}

struct Checker<'a> {
    options: &'a Options,
    /// The model of `--model`.
    model: Option<&'static str>,
    out: &'a mut dyn Write,
    summary: Summary,
    /// Reused buffer for one output line.
    line: String,
}

/// One line of `--format json`.
#[derive(serde::Serialize)]
struct Record<'a> {
    file: &'a str,
    line: Option<u64>,
    model: Option<&'a str>,
    valid: bool,
    errors: &'a [PayloadViolation],
}

/// The outcome for one payload.
struct Outcome<'a> {
    model: Option<&'a str>,
    violations: Vec<PayloadViolation>,
}

/// Editors on Windows start UTF-8 files with a byte order mark, which JSON does not allow.
fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

impl Checker<'_> {
    fn check_input(&mut self, name: &str, input: &mut dyn Read) -> Result<(), InputError> {
        if !self.options.ndjson {
            let mut bytes = Vec::new();
            input.read_to_end(&mut bytes).map_err(InputError::Io)?;
            let payload: Value =
                serde_json::from_slice(without_bom(&bytes)).map_err(InputError::NotJson)?;
            let outcome = self.check_payload(&payload);
            return self
                .report(name, None, &outcome)
                .map_err(InputError::Output);
        }
        let mut reader = BufReader::with_capacity(1 << 16, input);
        let mut buffer = Vec::new();
        let mut number = 0u64;
        loop {
            buffer.clear();
            if reader
                .read_until(b'\n', &mut buffer)
                .map_err(InputError::Io)?
                == 0
            {
                return Ok(());
            }
            number += 1;
            let text = buffer.trim_ascii();
            let text = if number == 1 { without_bom(text) } else { text };
            if text.is_empty() {
                continue;
            }
            let reported = match serde_json::from_slice::<Value>(text) {
                Ok(payload) => {
                    let outcome = self.check_payload(&payload);
                    self.report(name, Some(number), &outcome)
                }
                Err(error) => {
                    let outcome = Outcome {
                        model: None,
                        violations: vec![PayloadViolation {
                            instance_path: String::new(),
                            schema_path: String::new(),
                            keyword: "json".to_owned(),
                            message: format!("not JSON: {error}"),
                        }],
                    };
                    self.report(name, Some(number), &outcome)
                }
            };
            reported.map_err(InputError::Output)?;
        }
    }

    fn check_payload<'p>(&self, payload: &'p Value) -> Outcome<'p> {
        let model = match self.model {
            Some(id) => Ok(id),
            None => model_of(payload).map(|info| info.id),
        };
        match model {
            Ok(id) => Outcome {
                model: Some(id),
                violations: match validate_payload(id, payload) {
                    Ok(()) => Vec::new(),
                    Err(error) => error.violations().to_vec(),
                },
            },
            Err(PayloadError::Invalid(violations)) => Outcome {
                model: None,
                violations,
            },
            Err(PayloadError::UnknownModel(unknown)) => Outcome {
                model: payload.get("model").and_then(Value::as_str),
                violations: vec![PayloadViolation {
                    instance_path: "/model".to_owned(),
                    schema_path: String::new(),
                    keyword: "model".to_owned(),
                    message: unknown.to_string(),
                }],
            },
        }
    }

    fn report(&mut self, file: &str, line: Option<u64>, outcome: &Outcome<'_>) -> io::Result<()> {
        if outcome.violations.is_empty() {
            self.summary.valid += 1;
        } else {
            self.summary.invalid += 1;
        }
        self.line.clear();
        match self.options.format {
            OutputFormat::Text => {
                for violation in &outcome.violations {
                    let _ = write!(self.line, "{file}");
                    if let Some(line) = line {
                        let _ = write!(self.line, ":{line}");
                    }
                    if let Some(model) = outcome.model {
                        let _ = write!(self.line, ": {model}");
                    }
                    if violation.keyword == "json" {
                        // A malformed line has no place in a payload to point at.
                        let _ = writeln!(self.line, ": {}", violation.message);
                    } else {
                        let _ = writeln!(self.line, ": {violation}");
                    }
                }
            }
            OutputFormat::Json => {
                let record = Record {
                    file,
                    line,
                    model: outcome.model,
                    valid: outcome.violations.is_empty(),
                    errors: &outcome.violations,
                };
                if let Ok(json) = serde_json::to_string(&record) {
                    self.line.push_str(&json);
                }
                self.line.push('\n');
            }
        }
        self.out.write_all(self.line.as_bytes())
    }
}
