//! `--ndjson` checking, on the stand-in catalog's one model.

use oxen_models::batch::{Input, Options, OutputFormat, run};

fn check(options: &Options, input: &str) -> (u8, String, String) {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let summary = run(
        options,
        &[Input::Stdin],
        &mut input.as_bytes(),
        &mut stdout,
        &mut stderr,
    );
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8 output");
    (summary.exit_code(), text(stdout), text(stderr))
}

const NDJSON: Options = Options {
    model: None,
    ndjson: true,
    format: OutputFormat::Text,
};

#[test]
fn a_malformed_line_is_an_invalid_payload_and_the_next_lines_are_checked() {
    let log = "{\"model\": \"flux-2-pro\", \"prompt\": \"a\"}\n{\"model\": \n{\"model\": \"flux-2-pro\", \"guidance\": 11, \"prompt\": \"b\"}\n";
    let (code, stdout, stderr) = check(&NDJSON, log);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "<stdin>:2: not JSON: EOF while parsing a value at line 1 column 9\n\
         <stdin>:3: flux-2-pro: /guidance: 11 is greater than the maximum of 10\n"
    );
    assert_eq!(stderr, "checked 3 payloads: 1 valid, 2 invalid\n");
}

#[test]
fn a_round_checked_on_every_core_reports_in_input_order() {
    // More payloads than a round checks on the calling thread.
    let lines: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                "{{\"model\": \"flux-2-pro\", \"prompt\": \"p\", \"guidance\": {}}}",
                i % 20
            )
        })
        .collect();
    let (code, stdout, _) = check(&NDJSON, &lines.join("\n"));
    assert_eq!(code, 1);
    let expected: Vec<String> = (0..1000)
        .filter(|i| i % 20 > 10)
        .map(|i| {
            format!(
                "<stdin>:{}: flux-2-pro: /guidance: {} is greater than the maximum of 10",
                i + 1,
                i % 20
            )
        })
        .collect();
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn json_format_gives_one_record_per_payload() {
    let options = Options {
        format: OutputFormat::Json,
        ..NDJSON
    };
    let (code, stdout, _) = check(&options, "{\"model\": \"flux-2-pro\", \"prompt\": \"a\"}\n");
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "{\"file\":\"<stdin>\",\"line\":1,\"model\":\"flux-2-pro\",\"valid\":true,\"errors\":[]}\n"
    );
}

#[test]
fn a_byte_order_mark_and_whitespace_around_a_line_are_not_part_of_the_payload() {
    let log = "\u{feff}  {\"model\": \"flux-2-pro\", \"prompt\": \"a\"}\r\n\t{\"model\": \"flux-2-pro\", \"guidance\": 11, \"prompt\": \"b\"}  \n\n   \n";
    let (code, stdout, stderr) = check(&NDJSON, log);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "<stdin>:2: flux-2-pro: /guidance: 11 is greater than the maximum of 10\n"
    );
    assert_eq!(stderr, "checked 2 payloads: 1 valid, 1 invalid\n");
}
