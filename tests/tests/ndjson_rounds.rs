//! `oxen-validate --ndjson` on logs larger than one read round: every payload is checked once,
//! on every core, and the results come out in input order with the right counts.

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::rc::Rc;

use oxen_models::batch::{Input, Options, OutputFormat, Summary, run};
use serde_json::{Value, json};

fn check(log: &str, format: OutputFormat) -> (Summary, String) {
    let options = Options {
        ndjson: true,
        format,
        ..Options::default()
    };
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let summary = run(
        &options,
        &[Input::Stdin],
        &mut log.as_bytes(),
        &mut stdout,
        &mut stderr,
    );
    (summary, String::from_utf8(stdout).expect("UTF-8 results"))
}

/// What line `n` of the test log holds.
enum Line {
    Valid,
    Invalid,
    Malformed,
    Blank,
}

fn line_kind(n: u64) -> Line {
    match n {
        _ if n.is_multiple_of(13) => Line::Blank,
        _ if n.is_multiple_of(11) => Line::Malformed,
        _ if n.is_multiple_of(7) => Line::Invalid,
        _ => Line::Valid,
    }
}

/// 30,000 lines of about 110 bytes: two read rounds and more.
fn big_log() -> String {
    let mut log = String::new();
    for n in 1..=30_000u64 {
        let line = match line_kind(n) {
            Line::Valid => json!({"model": "flux-2-pro", "prompt": format!("a lighthouse, take {n}"), "num_inference_steps": 30}).to_string(),
            Line::Invalid => json!({"model": "flux-2-pro", "prompt": format!("take {n}"), "num_inference_steps": 80}).to_string(),
            Line::Malformed => format!("{{\"model\": \"flux-2-pro\", \"prompt\": \"take {n}\""),
            Line::Blank => String::new(),
        };
        log.push_str(&line);
        log.push('\n');
    }
    assert!(log.len() > 2 << 20, "{} bytes", log.len());
    log
}

#[test]
fn a_log_of_several_rounds_gets_one_result_per_payload_in_input_order() {
    let (summary, out) = check(&big_log(), OutputFormat::Json);

    let records: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect();
    let expected: Vec<u64> = (1..=30_000)
        .filter(|n| !matches!(line_kind(*n), Line::Blank))
        .collect();
    let numbers: Vec<u64> = records
        .iter()
        .map(|r| r["line"].as_u64().expect("a line number"))
        .collect();
    assert_eq!(numbers, expected);
    for record in &records {
        let n = record["line"].as_u64().expect("a line number");
        let valid = matches!(line_kind(n), Line::Valid);
        assert_eq!(record["valid"], valid, "line {n}: {record}");
    }
    let invalid = records.iter().filter(|r| r["valid"] == false).count() as u64;
    assert_eq!(
        (summary.valid, summary.invalid),
        (expected.len() as u64 - invalid, invalid)
    );
    assert_eq!(summary.exit_code(), 1);
}

#[test]
fn text_results_of_a_large_log_come_in_input_order() {
    let (summary, out) = check(&big_log(), OutputFormat::Text);

    let numbers: Vec<u64> = out
        .lines()
        .map(|l| {
            l.split(':')
                .nth(1)
                .and_then(|n| n.parse().ok())
                .expect("<stdin>:LINE: ...")
        })
        .collect();
    let expected: Vec<u64> = (1..=30_000)
        .filter(|n| matches!(line_kind(*n), Line::Invalid | Line::Malformed))
        .collect();
    assert_eq!(numbers, expected);
    assert_eq!(summary.invalid, expected.len() as u64);
}

#[test]
fn a_line_longer_than_a_read_round_is_checked_whole() {
    let long = json!({"model": "flux-2-pro", "prompt": "x".repeat(3 << 20)}).to_string();
    let log = format!("{long}\n{}\n", json!({"model": "flux-2-pro"}));

    let (summary, out) = check(&log, OutputFormat::Text);

    assert_eq!((summary.valid, summary.invalid), (1, 1));
    assert!(out.starts_with("<stdin>:2: flux-2-pro: "), "{out}");
}

/// A log cut into pieces at every possible offset: payloads of growing length, so that line
/// ends fall on, just before and just after every piece boundary.
#[test]
fn line_numbers_hold_across_piece_boundaries_and_a_last_line_without_newline() {
    let mut log = String::new();
    let mut invalid = Vec::new();
    let mut n = 0u64;
    while log.len() < 200 << 10 {
        n += 1;
        let steps = if n.is_multiple_of(97) { 80 } else { 30 };
        if steps == 80 {
            invalid.push(n);
        }
        let prompt = "p".repeat(n as usize % 300);
        log.push_str(
            &json!({"model": "flux-2-pro", "prompt": prompt, "num_inference_steps": steps})
                .to_string(),
        );
        log.push_str(if n.is_multiple_of(5) { "\r\n" } else { "\n" });
    }
    n += 1;
    invalid.push(n);
    log.push_str(r#"{"model": "flux-2-pro", "prompt": "last", "num_inference_steps": 80}"#);

    let (summary, out) = check(&log, OutputFormat::Text);

    let numbers: Vec<u64> = out
        .lines()
        .filter_map(|l| l.split(':').nth(1).and_then(|n| n.parse().ok()))
        .collect();
    assert_eq!(numbers, invalid);
    assert_eq!(
        (summary.valid, summary.invalid),
        (n - invalid.len() as u64, invalid.len() as u64)
    );
}

/// Standard input that notes, at each read, how many bytes of results had come out by then.
struct WatchedInput {
    log: Vec<u8>,
    at: usize,
    results: Rc<RefCell<Vec<u8>>>,
    seen: Vec<usize>,
}

impl Read for WatchedInput {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        self.seen.push(self.results.borrow().len());
        let n = buffer.len().min(self.log.len() - self.at);
        buffer[..n].copy_from_slice(&self.log[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

struct SharedOutput(Rc<RefCell<Vec<u8>>>);

impl Write for SharedOutput {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_rounds_results_are_written_out_before_the_next_round_is_read() {
    let results = Rc::new(RefCell::new(Vec::new()));
    // One invalid payload first, then 2.5 MB of valid ones: a few bytes of results, which a
    // buffer would hold back until the end.
    let mut log =
        json!({"model": "flux-2-pro", "prompt": "a", "num_inference_steps": 80}).to_string();
    for n in 0..50_000 {
        log.push('\n');
        log.push_str(&json!({"model": "flux-2-pro", "prompt": format!("take {n}")}).to_string());
    }
    assert!(log.len() > 1 << 20);
    let mut input = WatchedInput {
        log: log.into_bytes(),
        at: 0,
        results: Rc::clone(&results),
        seen: Vec::new(),
    };
    let options = Options {
        ndjson: true,
        ..Options::default()
    };

    run(
        &options,
        &[Input::Stdin],
        &mut input,
        &mut SharedOutput(Rc::clone(&results)),
        &mut io::sink(),
    );

    let before_the_last_read = input.seen[input.seen.len() - 2];
    assert!(before_the_last_read > 0, "reads saw {:?} bytes", input.seen);
}

#[test]
fn a_form_feed_before_a_payload_is_not_json_whitespace() {
    let log = "\u{c}{\"model\": \"flux-2-pro\", \"prompt\": \"a\"}\n \t{\"model\": \"flux-2-pro\", \"prompt\": \"b\"}\r\n";

    let (summary, out) = check(log, OutputFormat::Text);

    assert_eq!((summary.valid, summary.invalid), (1, 1), "{out}");
    assert!(out.starts_with("<stdin>:1: not JSON"), "{out}");
}
