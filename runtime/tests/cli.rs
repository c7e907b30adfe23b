//! The `oxen-validate` command line, on the stand-in catalog's one model.
#![cfg(feature = "cli")]

use oxen_models::cli::{Streams, main_with};

fn oxen_validate(args: &[&str], stdin: &str) -> (u8, String, String) {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = main_with(
        args.iter().copied(),
        Streams {
            stdin: &mut stdin.as_bytes(),
            stdin_is_terminal: false,
            stdout: &mut stdout,
            stderr: &mut stderr,
        },
    );
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8 output");
    (code, text(stdout), text(stderr))
}

#[test]
fn list_models_prints_id_endpoint_and_display_name() {
    let (code, stdout, _) = oxen_validate(&["--list-models"], "");
    assert_eq!(
        (code, stdout.as_str()),
        (0, "flux-2-pro\t/images/edit\tFLUX.2 [pro]\n")
    );
}

#[test]
fn an_unknown_model_option_is_a_usage_error_naming_the_nearest_id() {
    let (code, stdout, stderr) = oxen_validate(&["--model", "flux-2-prp", "-"], "{}");
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: --model: unknown model \"flux-2-prp\"; did you mean \"flux-2-pro\"? \
         (`oxen-validate --list-models` lists them all)\n"
    );
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let (code, _, stderr) = oxen_validate(&["--frobnicate"], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("--frobnicate"), "{stderr}");
}

#[test]
fn a_payload_checked_against_the_model_option_must_still_name_it() {
    let (code, stdout, _) = oxen_validate(&["--model", "flux-2-pro"], "{\"prompt\": \"a\"}");
    assert_eq!(
        (code, stdout.as_str()),
        (
            1,
            "<stdin>: flux-2-pro: /: the required property \"model\" is missing\n"
        )
    );
}

#[test]
fn a_payload_nested_past_what_json_parsing_reads_is_one_clear_error() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (code, stdout, stderr) = oxen_validate(&["-"], &deep);
    assert_eq!((code, stdout.as_str()), (2, ""));
    let said = |text: &str| {
        text.matches("nests arrays and objects deeper than 128 levels")
            .count()
    };
    assert_eq!(said(&stderr), 1, "{stderr}");
    let (code, stdout, _) = oxen_validate(&["--ndjson", "-"], &format!("{deep}\n"));
    assert_eq!(code, 1);
    assert_eq!(said(&stdout), 1, "{stdout}");
}
