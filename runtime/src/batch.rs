//! Checking payloads from files and standard input: what `oxen-validate` does once its
//! arguments are parsed (reading inputs, checking each payload, writing the results), callable
//! without the command line and without clap.
//!
//! ```
//! use oxen_models::batch::{Input, Options, run};
//!
//! // Any catalog: a payload without a model, and one naming a model there is not.
//! let log = "{\"prompt\": \"a cat\"}\n{\"model\": \"no-such-model\"}\n";
//! let options = Options { ndjson: true, ..Options::default() };
//! let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
//! let summary = run(&options, &[Input::Stdin], &mut log.as_bytes(), &mut stdout, &mut stderr);
//! assert_eq!((summary.valid, summary.invalid, summary.exit_code()), (0, 2, 1));
//! let stdout = String::from_utf8(stdout).unwrap();
//! assert!(stdout.starts_with("<stdin>:1: "), "{stdout}");
//! assert!(stdout.contains("the required property \"model\" is missing"), "{stdout}");
//! assert!(stdout.contains("<stdin>:2: no-such-model: /model: unknown model"), "{stdout}");
//! ```

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::path::PathBuf;

use serde_json::Value;

use crate::validate::{
    MAX_PAYLOAD_DEPTH, PayloadError, PayloadViolation, model_of, validate_payload,
};

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum OutputFormat {
    /// One line per violation, `FILE[:LINE]: MODEL: POINTER: MESSAGE`, and a summary on stderr.
    #[default]
    Text,
    /// One JSON object per payload, one per line (file, line, model, valid, errors).
    Json,
}

/// What to check and how to report it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// Check every payload against this model (a known id), whatever its `model` says.
    pub model: Option<&'static str>,
    /// One payload per line (request logs).
    pub ndjson: bool,
    /// How results are printed.
    pub format: OutputFormat,
}

/// One input: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input, named `<stdin>` in the results.
    Stdin,
    /// A file, named as given.
    File(PathBuf),
}

impl Input {
    /// `-` is standard input, anything else a file.
    pub fn from_arg(arg: PathBuf) -> Input {
        if arg.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(arg)
        }
    }

    /// The name used in the results.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(path) => path.display().to_string(),
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
    /// Inputs that could not be read or were not JSON at all.
    pub failed_inputs: u64,
    /// The results could not be written (a closed pipe stops the run quietly).
    pub output_failed: bool,
}

impl Summary {
    /// 0 all valid, 1 some payload invalid, 2 some input unreadable or the output failed.
    pub fn exit_code(&self) -> u8 {
        if self.failed_inputs > 0 || self.output_failed {
            2
        } else if self.invalid > 0 {
            1
        } else {
            0
        }
    }
}

/// Checks every input in order (standard input at most once) and writes the results to
/// `stdout`; errors about an input, and in text format the closing summary, go to `stderr`.
pub fn run(
    options: &Options,
    inputs: &[Input],
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Summary {
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout);
    let mut checker = Checker {
        options,
        out: &mut out,
        summary: Summary::default(),
    };
    let mut stdin_used = false;
    for input in inputs {
        let name = input.name();
        let result = match input {
            Input::Stdin if stdin_used => continue,
            Input::Stdin => {
                stdin_used = true;
                checker.check_input(&name, &mut *stdin)
            }
            Input::File(path) => match std::fs::File::open(path) {
                Ok(mut handle) => checker.check_input(&name, &mut handle),
                Err(error) => Err(InputError::Io(error)),
            },
        };
        match result {
            Ok(()) => {}
            Err(InputError::Output(error)) => {
                checker.summary.output_failed = true;
                output_failed(stderr, &error);
                return checker.summary;
            }
            Err(error) => {
                checker.summary.failed_inputs += 1;
                if let Err(output) = checker.report_failed_input(&name, &error) {
                    checker.summary.output_failed = true;
                    output_failed(stderr, &output);
                    return checker.summary;
                }
                let _ = checker.out.flush();
                let _ = writeln!(stderr, "error: {name}: {error}");
            }
        }
    }
    let mut summary = checker.summary;
    if let Err(error) = out.flush() {
        summary.output_failed = true;
        output_failed(stderr, &error);
        return summary;
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
    summary
}

/// Quiet when the reader has gone away (`oxen-validate --ndjson big.ndjson | head`), as other
/// command-line tools are.
fn output_failed(stderr: &mut dyn Write, error: &io::Error) {
    if error.kind() != io::ErrorKind::BrokenPipe {
        let _ = writeln!(stderr, "error: writing the results: {error}");
    }
}

/// Why an input could not be checked at all.
enum InputError {
    Io(io::Error),
    NotJson {
        error: serde_json::Error,
        /// The first line is a JSON value of its own: a request log read without `--ndjson`.
        one_per_line: bool,
    },
    Output(io::Error),
}

impl InputError {
    /// The keyword of its record in `--format json`.
    fn keyword(&self) -> &'static str {
        match self {
            InputError::NotJson { error, .. } => unreadable_json(error).1,
            InputError::Io(_) | InputError::Output(_) => "read",
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Io(error) | InputError::Output(error) => write!(f, "{error}"),
            InputError::NotJson {
                error,
                one_per_line: false,
            } => f.write_str(&unreadable_json(error).0),
            InputError::NotJson {
                error,
                one_per_line: true,
            } => write!(
                f,
                "not JSON: {error} (it looks like one payload per line: pass --ndjson)"
            ),
        }
    }
}

/// Input bytes read per round of `--ndjson`: the round's lines are checked and their results
/// written before the next round is read, so memory stays bounded whatever the log's size.
const ROUND_BYTES: usize = 1 << 20;

/// Bytes of whole lines per piece of a round: the unit of work handed to a core (about 80
/// payloads of a typical request log). A round of one piece is checked on the calling thread:
/// handing a few lines to other threads costs more than it saves.
const PIECE_BYTES: usize = 32 << 10;

struct Checker<'a> {
    options: &'a Options,
    out: &'a mut dyn Write,
    summary: Summary,
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

impl Outcome<'_> {
    /// Appends the outcome's results in `format`: a line per violation, or one JSON record.
    fn render(&self, format: OutputFormat, file: &str, line: Option<u64>, out: &mut String) {
        match format {
            OutputFormat::Text => {
                for violation in &self.violations {
                    let _ = write!(out, "{file}");
                    if let Some(line) = line {
                        let _ = write!(out, ":{line}");
                    }
                    if let Some(model) = self.model {
                        let _ = write!(out, ": {model}");
                    }
                    if violation.keyword == "json" {
                        // A malformed line has no place in a payload to point at.
                        let _ = writeln!(out, ": {}", violation.message);
                    } else {
                        let _ = writeln!(out, ": {violation}");
                    }
                }
            }
            OutputFormat::Json => push_record(out, file, line, self.model, &self.violations),
        }
    }
}

fn push_record(
    out: &mut String,
    file: &str,
    line: Option<u64>,
    model: Option<&str>,
    errors: &[PayloadViolation],
) {
    let record = Record {
        file,
        line,
        model,
        valid: errors.is_empty(),
        errors,
    };
    if let Ok(json) = serde_json::to_string(&record) {
        out.push_str(&json);
    }
    out.push('\n');
}

/// The results of some payloads, rendered, with their counts.
#[derive(Default)]
struct Checked {
    valid: u64,
    invalid: u64,
    text: String,
}

impl Checked {
    fn add(&mut self, outcome: &Outcome<'_>, format: OutputFormat, file: &str, line: Option<u64>) {
        if outcome.violations.is_empty() {
            self.valid += 1;
        } else {
            self.invalid += 1;
        }
        outcome.render(format, file, line, &mut self.text);
    }
}

/// Editors on Windows start UTF-8 files with a byte order mark, which JSON does not allow.
fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// `text` without the whitespace JSON allows around a value (space, tab, CR, LF); other
/// control characters (a form feed) stay, for the parser to refuse.
fn trim_json_whitespace(text: &[u8]) -> &[u8] {
    let is_whitespace = |byte: &u8| matches!(byte, b' ' | b'\t' | b'\r' | b'\n');
    let start = text
        .iter()
        .position(|b| !is_whitespace(b))
        .unwrap_or(text.len());
    let end = text
        .iter()
        .rposition(|b| !is_whitespace(b))
        .map_or(start, |last| last + 1);
    &text[start..end]
}

/// Whether text that is not one JSON value starts with a whole JSON value on its first line.
fn first_line_is_json(bytes: &[u8]) -> bool {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let first = trim_json_whitespace(first);
    !first.is_empty() && serde_json::from_slice::<Value>(first).is_ok()
}

/// What a parse error says of the input, and its keyword: JSON nested past what `serde_json`
/// reads (its "recursion limit exceeded") is too deep to check, not "not JSON".
fn unreadable_json(error: &serde_json::Error) -> (String, &'static str) {
    if error.to_string().starts_with("recursion limit exceeded") {
        let message = format!(
            "the payload nests arrays and objects deeper than {MAX_PAYLOAD_DEPTH} levels \
             (MAX_PAYLOAD_DEPTH), the most JSON parsing reads (at line {} column {}); it is not \
             checked",
            error.line(),
            error.column()
        );
        (message, "depth")
    } else {
        (format!("not JSON: {error}"), "json")
    }
}

fn not_json_violation(message: String, keyword: &str) -> PayloadViolation {
    PayloadViolation {
        instance_path: String::new(),
        schema_path: String::new(),
        keyword: keyword.to_owned(),
        message,
    }
}

fn check_payload<'p>(options: &Options, payload: &'p Value) -> Outcome<'p> {
    let model = match options.model {
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

/// Whole lines of a `--ndjson` round, and the number of the first.
struct Piece<'a> {
    first_line: u64,
    bytes: &'a [u8],
}

/// Cuts whole lines (`round` ends at a line's end or at the input's) into pieces of about
/// [`PIECE_BYTES`], numbering from `first_line`; returns them and the number of the line after.
fn cut_pieces(round: &[u8], first_line: u64) -> (Vec<Piece<'_>>, u64) {
    let mut pieces = Vec::with_capacity(round.len() / PIECE_BYTES + 1);
    let (mut rest, mut line) = (round, first_line);
    while !rest.is_empty() {
        let end = match rest.get(PIECE_BYTES - 1..) {
            Some(tail) => memchr::memchr(b'\n', tail).map_or(rest.len(), |at| PIECE_BYTES + at),
            None => rest.len(),
        };
        let (bytes, after) = rest.split_at(end);
        pieces.push(Piece {
            first_line: line,
            bytes,
        });
        // Counting is vectorized; a line without its `\n` ends the input.
        line += memchr::memchr_iter(b'\n', bytes).count() as u64;
        if bytes.last() != Some(&b'\n') {
            line += 1;
        }
        rest = after;
    }
    (pieces, line)
}

/// Checks the payloads of a piece, one per line (blank lines skipped), in order.
fn check_piece(options: &Options, file: &str, piece: &Piece<'_>) -> Checked {
    let mut checked = Checked::default();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', piece.bytes).chain([piece.bytes.len()]);
    for (number, end) in (piece.first_line..).zip(ends) {
        let text = trim_json_whitespace(&piece.bytes[start..end]);
        start = end + 1;
        let text = if number == 1 { without_bom(text) } else { text };
        if text.is_empty() {
            continue;
        }
        let line = Some(number);
        match serde_json::from_slice::<Value>(text) {
            Ok(payload) => checked.add(
                &check_payload(options, &payload),
                options.format,
                file,
                line,
            ),
            Err(error) => {
                let (message, keyword) = unreadable_json(&error);
                let outcome = Outcome {
                    model: None,
                    violations: vec![not_json_violation(message, keyword)],
                };
                checked.add(&outcome, options.format, file, line);
            }
        }
    }
    checked
}

/// [`check_piece`] over each piece of a round, spread over the cores when there are several;
/// the results come back in input order.
fn check_round(options: &Options, file: &str, pieces: &[Piece<'_>]) -> Vec<Checked> {
    #[cfg(feature = "parallel")]
    if pieces.len() > 1 {
        use rayon::prelude::*;
        return pieces
            .par_iter()
            .map(|piece| check_piece(options, file, piece))
            .collect();
    }
    pieces
        .iter()
        .map(|piece| check_piece(options, file, piece))
        .collect()
}

impl Checker<'_> {
    fn check_input(&mut self, name: &str, input: &mut dyn Read) -> Result<(), InputError> {
        if self.options.ndjson {
            return self.check_ndjson(name, input);
        }
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes).map_err(InputError::Io)?;
        let bytes = without_bom(&bytes);
        let payload: Value =
            serde_json::from_slice(bytes).map_err(|error| InputError::NotJson {
                one_per_line: error.line() > 1 && first_line_is_json(bytes),
                error,
            })?;
        let mut checked = Checked::default();
        checked.add(
            &check_payload(self.options, &payload),
            self.options.format,
            name,
            None,
        );
        self.write(checked)
    }

    /// Reads `input` a round of whole lines at a time (about [`ROUND_BYTES`]), checks the
    /// round and writes its results in input order before reading on.
    fn check_ndjson(&mut self, name: &str, input: &mut dyn Read) -> Result<(), InputError> {
        let mut buffer = Vec::with_capacity(ROUND_BYTES);
        let mut first_line = 1u64;
        loop {
            let wanted = ROUND_BYTES.saturating_sub(buffer.len()).max(1 << 16) as u64;
            let before = buffer.len();
            let read = (&mut *input)
                .take(wanted)
                .read_to_end(&mut buffer)
                .map_err(InputError::Io)?;
            let at_end = (read as u64) < wanted;
            // Whole lines only: a line longer than a round makes the round longer. What was
            // there before this read holds no line end, so only the new bytes are searched.
            let end = match memchr::memrchr(b'\n', &buffer[before..]) {
                _ if at_end => buffer.len(),
                Some(last) => before + last + 1,
                None => continue,
            };
            let (pieces, next_line) = cut_pieces(&buffer[..end], first_line);
            for checked in check_round(self.options, name, &pieces) {
                self.write(checked)?;
            }
            // A round's results are out before the next round is read: `| head` can stop early.
            self.out.flush().map_err(InputError::Output)?;
            first_line = next_line;
            if at_end {
                return Ok(());
            }
            buffer.drain(..end);
        }
    }

    fn write(&mut self, checked: Checked) -> Result<(), InputError> {
        self.summary.valid += checked.valid;
        self.summary.invalid += checked.invalid;
        self.out
            .write_all(checked.text.as_bytes())
            .map_err(InputError::Output)
    }

    /// In `--format json`, an input that could not be checked still gets its one record.
    fn report_failed_input(&mut self, name: &str, error: &InputError) -> io::Result<()> {
        if self.options.format != OutputFormat::Json {
            return Ok(());
        }
        let mut record = String::new();
        let violation = not_json_violation(error.to_string(), error.keyword());
        push_record(
            &mut record,
            name,
            None,
            None,
            std::slice::from_ref(&violation),
        );
        self.out.write_all(record.as_bytes())
    }
}
