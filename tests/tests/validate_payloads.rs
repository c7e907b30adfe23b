//! Offline payload validation: the library call (`oxen_models::validate_payload`) and the
//! `oxen-validate` command line (run in-process through `oxen_models::cli::main_with`, the
//! function the binary and `cargo xtask validate` run).

use std::path::Path;

use oxen_models::cli::Streams;
use oxen_models::validate::{
    PayloadError, check_typed, find_model, payload_schema, validate_payload_by_model_field,
};
use oxen_models::{Flux2ProRequest, ValidateSchema, validate_payload};
use serde_json::{Value, json};

fn violations(model: &str, payload: &Value) -> Vec<(String, String, String)> {
    match validate_payload(model, payload) {
        Ok(()) => Vec::new(),
        Err(error) => error
            .violations()
            .iter()
            .map(|v| {
                (
                    v.instance_path.clone(),
                    v.keyword.clone(),
                    v.message.clone(),
                )
            })
            .collect(),
    }
}

fn owned(path: &str, keyword: &str, message: &str) -> (String, String, String) {
    (path.to_owned(), keyword.to_owned(), message.to_owned())
}

#[test]
fn a_valid_payload_passes() {
    let payload = json!({"model": "flux-2-pro", "prompt": "a cat", "num_inference_steps": 50, "guidance": 2.5});
    assert_eq!(validate_payload("flux-2-pro", &payload), Ok(()));
}

#[test]
fn every_violation_is_listed_with_path_keyword_and_plain_message() {
    let payload = json!({
        "model": "flux-2-pro",
        "num_inference_steps": 80,
        "guidance": "high",
        "aspect_ratio": "5:4",
        "input_image": ["https://example.com/a.png", 7],
    });
    assert_eq!(
        violations("flux-2-pro", &payload),
        vec![
            owned(
                "",
                "required",
                r#"the required property "prompt" is missing"#
            ),
            owned("/input_image/1", "type", "7 is not a string"),
            owned(
                "/aspect_ratio",
                "enum",
                r#""5:4" is not one of "1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3" or "match_input_image""#
            ),
            owned(
                "/num_inference_steps",
                "maximum",
                "80 is greater than the maximum of 50"
            ),
            owned("/guidance", "type", r#""high" is not a number"#),
        ]
    );
}

#[test]
fn violations_come_in_the_hubs_display_order_as_validate_lists_them() {
    // By name, the schema validator would list guidance, num_inference_steps, output_quality;
    // the hub's display order (x-order) is the order of the fields.
    let request = Flux2ProRequest::new("x")
        .guidance(11)
        .num_inference_steps(80)
        .output_quality(101);
    let typed: Vec<String> = request
        .validate()
        .expect_err("invalid")
        .0
        .iter()
        .map(|v| v.instance_path.clone())
        .collect();
    assert_eq!(
        typed,
        ["/num_inference_steps", "/guidance", "/output_quality"]
    );
    let schema: Vec<String> = request
        .validate_schema()
        .expect_err("invalid")
        .violations()
        .iter()
        .map(|v| v.instance_path.clone())
        .collect();
    assert_eq!(schema, typed);
}

#[test]
fn schema_paths_point_into_the_payload_schema() {
    let payload =
        json!({"model": "flux-2-pro", "prompt": "x", "num_inference_steps": 0, "seed": null});
    let schema = payload_schema("flux-2-pro").expect("known");
    let error = validate_payload("flux-2-pro", &payload).expect_err("invalid");
    assert_eq!(error.violations().len(), 2);
    for violation in error.violations() {
        let rule = schema.pointer(&violation.schema_path);
        assert!(
            rule.is_some(),
            "{} is not in the schema",
            violation.schema_path
        );
        assert!(
            violation.schema_path.ends_with(&violation.keyword),
            "{violation:?}"
        );
    }
}

#[test]
fn the_model_field_must_name_the_model() {
    let payload = json!({"model": "flux-2-flex", "prompt": "a cat"});
    assert_eq!(
        violations("flux-2-pro", &payload),
        vec![owned(
            "/model",
            "const",
            r#""flux-2-flex" is not this model's id "flux-2-pro""#
        )]
    );
    let payload = json!({"prompt": "a cat"});
    assert_eq!(
        violations("flux-2-pro", &payload),
        vec![owned(
            "",
            "required",
            r#"the required property "model" is missing"#
        )]
    );
}

#[test]
fn an_unknown_model_suggests_the_nearest_ids() {
    let error = validate_payload("flux-2-prp", &json!({})).expect_err("unknown");
    let PayloadError::UnknownModel(unknown) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(unknown.suggestions.first(), Some(&"flux-2-pro"));
    assert!(
        error
            .to_string()
            .starts_with(r#"unknown model "flux-2-prp"; did you mean "flux-2-pro""#),
        "{error}"
    );
    let nothing_near = find_model("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz").expect_err("unknown");
    assert!(nothing_near.suggestions.is_empty());
    assert!(
        nothing_near.to_string().contains("known ids is near it"),
        "{nothing_near}"
    );
}

#[test]
fn the_payloads_own_model_field_picks_the_schema() {
    let payload =
        json!({"model": "gpt-5-5-2026-04-23", "messages": [{"role": "user", "content": "hi"}]});
    assert_eq!(
        validate_payload_by_model_field(&payload).map(|m| m.id),
        Ok("gpt-5-5-2026-04-23")
    );
    let error = validate_payload_by_model_field(&json!({"model": "gpt-5-5"})).expect_err("unknown");
    assert!(matches!(error, PayloadError::UnknownModel(_)), "{error:?}");
    let error = validate_payload_by_model_field(&json!({"prompt": "x"})).expect_err("no model");
    assert_eq!(error.violations()[0].keyword, "required");
}

#[test]
fn openapi_nullable_is_honoured_and_hub_keywords_check_nothing() {
    let chat = json!({
        "model": "gpt-5-5-2026-04-23",
        "messages": [{"role": "user", "content": "hi", "name": null}],
        "temperature": null,
        "tool_choice": null,
    });
    assert_eq!(validate_payload("gpt-5-5-2026-04-23", &chat), Ok(()));
    // `null` where the schema does not say nullable is a type error.
    let flux = json!({"model": "flux-2-pro", "prompt": "x", "seed": null});
    assert_eq!(
        violations("flux-2-pro", &flux),
        vec![owned("/seed", "type", "null is not an integer")]
    );
    // flux-2-pro's schema has `basic` and `x-order`: a payload without the "basic" inputs is valid.
    assert!(
        payload_schema("flux-2-pro")
            .expect("known")
            .get("basic")
            .is_some()
    );
}

#[test]
fn format_uri_is_checked() {
    let payload = json!({"model": "google-veo-3-1", "prompt": "x", "input_image": "not a uri"});
    assert_eq!(
        violations("google-veo-3-1", &payload),
        vec![owned(
            "/input_image",
            "format",
            r#""not a uri" is not a valid URI"#
        )]
    );
}

#[test]
fn long_values_are_cut_short_in_messages() {
    let prompt = "a".repeat(500);
    let payload = json!({"model": "flux-2-pro", "prompt": prompt, "aspect_ratio": prompt});
    let message = &violations("flux-2-pro", &payload)[0].2;
    assert!(message.len() < 250, "{message}");
    assert!(
        message.starts_with("\"aaaa") && message.contains("…\" is not one of"),
        "{message}"
    );
}

#[test]
fn the_schema_check_is_reachable_from_a_typed_request() {
    let request = Flux2ProRequest::new("a cat").num_inference_steps(80);
    let error = request.validate_schema().expect_err("80 steps");
    assert_eq!(
        error.to_string(),
        "/num_inference_steps: 80 is greater than the maximum of 50"
    );
    assert!(request.validate().is_err());
    let request = Flux2ProRequest::new("a cat").num_inference_steps(40);
    assert_eq!(request.validate_schema(), Ok(()));
    assert_eq!(request.to_payload()["model"], "flux-2-pro");
    assert!(
        check_typed("flux-2-pro", &request.to_payload())
            .expect("known")
            .is_ok()
    );
}

// ---- the command line ----

struct Run {
    code: u8,
    stdout: String,
    stderr: String,
}

fn run_cli(args: &[&str], stdin: &str) -> Run {
    run_cli_on(args, stdin, false)
}

fn run_cli_on(args: &[&str], stdin: &str, stdin_is_terminal: bool) -> Run {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = oxen_models::cli::main_with(
        args.iter().copied(),
        Streams {
            stdin: &mut stdin.as_bytes(),
            stdin_is_terminal,
            stdout: &mut stdout,
            stderr: &mut stderr,
        },
    );
    Run {
        code,
        stdout: String::from_utf8(stdout).expect("utf-8"),
        stderr: String::from_utf8(stderr).expect("utf-8"),
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("utf-8 path").to_owned()
}

#[test]
fn cli_valid_payload_exits_0() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "ok.json",
        r#"{"model": "flux-2-pro", "prompt": "a cat"}"#,
    );
    let run = run_cli(&[&file], "");
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(run.stderr, "checked 1 payload: 1 valid, 0 invalid\n");
}

#[test]
fn cli_invalid_payload_exits_1_naming_the_field_and_the_rule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "bad.json",
        r#"{"model": "flux-2-pro", "prompt": "a cat", "num_inference_steps": 80}"#,
    );
    let run = run_cli(&[&file], "");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        format!("{file}: flux-2-pro: /num_inference_steps: 80 is greater than the maximum of 50\n")
    );
}

#[test]
fn cli_ndjson_names_file_and_line_and_goes_on_after_a_malformed_line() {
    let log = [
        r#"{"model": "flux-2-pro", "prompt": "ok"}"#,
        r#"{"model": "flux-2-pro", "prompt": "x", "guidance": 11}"#,
        r#"{"model": "flux-2-pro", "prompt": "#,
        "",
        r#"{"model": "flux-2-prp", "prompt": "x"}"#,
        r#"{"model": "gpt-5-5-2026-04-23", "messages": [{"role": "user", "content": "hi"}]}"#,
        r#"{"model": "gpt-5-5-2026-04-23", "messages": [{"role": "robot", "content": "hi"}]}"#,
    ]
    .join("\n");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "requests.ndjson", &log);
    let run = run_cli(&["--ndjson", &file], "");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = [
        format!("{file}:2: flux-2-pro: /guidance: 11 is greater than the maximum of 10"),
        format!("{file}:3: not JSON: EOF while parsing a value at line 1 column 33"),
        format!(
            "{file}:5: flux-2-prp: /model: unknown model \"flux-2-prp\"; did you mean \"flux-2-pro\"?"
        ),
        format!(
            "{file}:7: gpt-5-5-2026-04-23: /messages/0/role: \"robot\" is not one of \"system\", \"user\", \"assistant\" or \"tool\""
        ),
    ];
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), expected);
    assert_eq!(run.stderr, "checked 6 payloads: 2 valid, 4 invalid\n");
}

#[test]
fn cli_json_format_prints_one_result_per_payload() {
    let log = "{\"model\": \"flux-2-pro\", \"prompt\": \"ok\"}\n{\"model\": \"flux-2-pro\", \"output_quality\": 101, \"prompt\": \"x\"}\nnot json\n";
    let run = run_cli(&["--ndjson", "--format", "json", "-"], log);
    assert_eq!(run.code, 1);
    let results: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(
        results,
        vec![
            json!({"file": "<stdin>", "line": 1, "model": "flux-2-pro", "valid": true, "errors": []}),
            json!({"file": "<stdin>", "line": 2, "model": "flux-2-pro", "valid": false, "errors": [{
                "instance_path": "/output_quality",
                "schema_path": "/properties/output_quality/maximum",
                "keyword": "maximum",
                "message": "101 is greater than the maximum of 100",
            }]}),
            json!({"file": "<stdin>", "line": 3, "model": null, "valid": false, "errors": [{
                "instance_path": "",
                "schema_path": "",
                "keyword": "json",
                "message": "not JSON: expected ident at line 1 column 2",
            }]}),
        ]
    );
    assert_eq!(run.stderr, "", "json output keeps stderr for errors");
}

#[test]
fn cli_model_flag_checks_every_payload_against_that_model() {
    let run = run_cli(&["--model", "flux-2-pro"], r#"{"prompt": "a cat"}"#);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "<stdin>: flux-2-pro: /: the required property \"model\" is missing\n"
    );
    let run = run_cli(
        &["--model=flux-2-pro"],
        r#"{"model": "flux-2-flex", "prompt": "a cat"}"#,
    );
    assert_eq!(
        run.stdout,
        "<stdin>: flux-2-pro: /model: \"flux-2-flex\" is not this model's id \"flux-2-pro\"\n"
    );
    let run = run_cli(
        &["-m", "flux-2-pro"],
        r#"{"model": "flux-2-pro", "prompt": "a cat"}"#,
    );
    assert_eq!(run.code, 0);
}

#[test]
fn cli_unknown_model_flag_is_a_usage_error_with_suggestions() {
    let run = run_cli(&["--model", "flux2-pro"], "{}");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: --model: unknown model \"flux2-pro\"; did you mean \"flux-2-pro\""
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn cli_io_and_not_json_errors_exit_2_and_the_other_files_are_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = write(
        dir.path(),
        "bad.json",
        r#"{"model": "flux-2-pro", "prompt": 1}"#,
    );
    let garbage = write(dir.path(), "garbage.json", "this is not json");
    let missing = dir
        .path()
        .join("missing.json")
        .to_str()
        .expect("utf-8")
        .to_owned();
    let run = run_cli(&[&missing, &garbage, &bad], "");
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stdout,
        format!("{bad}: flux-2-pro: /prompt: 1 is not a string\n")
    );
    assert!(
        run.stderr.contains(&format!("error: {missing}: ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("error: {garbage}: not JSON: expected ident")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("checked 1 payload: 0 valid, 1 invalid, 2 inputs unreadable\n")
    );
}

#[test]
fn cli_usage_errors_exit_2() {
    for args in [
        &["--bogus"][..],
        &["--format", "xml"],
        &["--model"],
        &["--ndjson=yes"],
    ] {
        let run = run_cli(args, "");
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .ends_with("For more information, try '--help'.\n"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let help = run_cli(&["--help"], "");
    assert_eq!(help.code, 0);
    assert!(
        help.stdout.contains(
            "Usage: oxen-validate [--model ID] [--ndjson] [--format text|json] [FILE...|-]"
        )
    );
    assert!(help.stdout.contains("Exit status: 0"));
}

#[test]
fn cli_an_empty_ndjson_log_is_valid_and_files_after_double_dash_are_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = write(dir.path(), "empty.ndjson", "\n\n");
    let run = run_cli(&["--ndjson", "--", &empty], "");
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "checked 0 payloads: 0 valid, 0 invalid\n")
    );
}

#[test]
fn hub_keywords_are_annotations_that_check_nothing() {
    // `renderType` appears in no catalog schema today; a schema that has it compiles the same way.
    let schema = json!({
        "type": "object",
        "basic": ["prompt"],
        "properties": {
            "prompt": {"type": "string", "x-order": 0, "renderType": "textarea"},
        },
    });
    let validator = oxen_models::validate::compile_payload_schema(&schema).expect("compiles");
    assert!(validator.is_valid(&json!({})));
    assert!(validator.is_valid(&json!({"prompt": "x"})));
    assert!(!validator.is_valid(&json!({"prompt": 1})));
}

#[test]
fn cli_a_byte_order_mark_and_crlf_line_ends_are_accepted() {
    let run = run_cli(
        &[],
        "\u{feff}{\"model\": \"flux-2-pro\", \"prompt\": \"a cat\"}",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = "\u{feff}{\"model\": \"flux-2-pro\", \"prompt\": \"a\"}\r\n{\"model\": \"flux-2-pro\", \"prompt\": \"b\"}\r\n";
    let run = run_cli(&["--ndjson"], log);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "checked 2 payloads: 2 valid, 0 invalid\n")
    );
}

#[test]
fn cli_lists_the_models() {
    let run = run_cli(&["--list-models"], "");
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), oxen_models::MODELS.len());
    assert!(
        lines.contains(&"flux-2-pro\t/images/edit\tFLUX.2 [pro]"),
        "{lines:?}"
    );
    let run = run_cli(&["--model", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"], "");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`oxen-validate --list-models` lists them all"),
        "{}",
        run.stderr
    );
}

#[test]
fn cli_a_closed_output_stops_quietly_with_status_2() {
    struct Closed;
    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }
    let log = "{\"model\": \"flux-2-pro\"}\n".repeat(10_000);
    let mut stderr = Vec::new();
    let code = oxen_models::cli::main_with(
        ["--ndjson"],
        Streams {
            stdin: &mut log.as_bytes(),
            stdin_is_terminal: false,
            stdout: &mut Closed,
            stderr: &mut stderr,
        },
    );
    assert_eq!((code, String::from_utf8_lossy(&stderr).as_ref()), (2, ""));
}

#[test]
fn cli_without_a_file_on_a_terminal_prints_the_usage_instead_of_waiting() {
    let run = run_cli_on(&[], "", true);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert!(
        run.stderr.starts_with(
            "error: no payload to check: name a file, or pipe one in (`-` reads what you type)\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Usage: oxen-validate [--model ID]"));
    // `-` asks for standard input on purpose: what is typed is read.
    let typed = run_cli_on(&["-"], r#"{"model": "flux-2-pro", "prompt": "x"}"#, true);
    assert_eq!(typed.code, 0, "{}", typed.stderr);
}

#[test]
fn cli_a_request_log_without_ndjson_gets_a_hint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = write(
        dir.path(),
        "requests.ndjson",
        "{\"model\": \"flux-2-pro\", \"prompt\": \"a\"}\n{\"model\": \"flux-2-pro\", \"prompt\": \"b\"}\n",
    );
    let run = run_cli(&[&log], "");
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: {log}: not JSON: trailing characters at line 2 column 1 (it looks like one payload per line: pass --ndjson)\n\
             checked 0 payloads: 0 valid, 0 invalid, 1 input unreadable\n"
        )
    );
}

#[test]
fn cli_json_format_gives_one_record_per_input_also_for_a_file_that_is_not_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let garbage = write(dir.path(), "garbage.json", "this is not json");
    let ok = write(
        dir.path(),
        "ok.json",
        r#"{"model": "flux-2-pro", "prompt": "a"}"#,
    );
    let run = run_cli(&["--format", "json", &garbage, &ok], "");
    assert_eq!(run.code, 2);
    let records: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(
        records,
        vec![
            json!({"file": garbage, "line": null, "model": null, "valid": false, "errors": [{
                "instance_path": "",
                "schema_path": "",
                "keyword": "json",
                "message": "not JSON: expected ident at line 1 column 2",
            }]}),
            json!({"file": ok, "line": null, "model": "flux-2-pro", "valid": true, "errors": []}),
        ]
    );
    assert_eq!(
        run.stderr,
        format!("error: {garbage}: not JSON: expected ident at line 1 column 2\n")
    );
}
