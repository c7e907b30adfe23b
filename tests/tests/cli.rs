//! `oxen run`'s commands come from the catalog: every model's renders its help, the `oxen run`
//! line of every reference page reads back into that page's minimal example, and a model
//! added to a catalog gets flags from its schema with no code of its own.

use clap::error::ErrorKind;
use oxen_models::cli::Streams;
use oxen_models::cli::oxen::{Session, command};
use oxen_models::cli::run::{dry_run, model_command, prepare};
use oxen_models::{MODELS, ModelInfo};
use oxen_tests::{catalog_of, repo_root};
use serde_json::{Value, json};

#[test]
fn the_whole_command_with_every_model_passes_clap_s_own_checks() {
    command(MODELS.iter()).debug_assert();
}

#[test]
fn every_model_s_run_help_renders_with_a_flag_per_parameter() {
    for model in &MODELS {
        let error = model_command(model)
            .try_get_matches_from([model.id, "--help"])
            .expect_err("--help stops");
        assert_eq!(error.kind(), ErrorKind::DisplayHelp, "{}", model.id);
        let help = error.render().to_string();
        for parameter in model.parameters.iter().filter(|p| p.parent.is_empty()) {
            assert!(
                help.contains(parameter.name) || help.contains(&parameter.name.replace('_', "-")),
                "{}: --help does not mention {}:\n{help}",
                model.id,
                parameter.name
            );
        }
    }
}

/// `text` split as a POSIX shell splits words made of plain characters and single quotes.
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut in_word = false;
    for c in text.chars() {
        match (c, quoted) {
            ('\'', _) => {
                quoted = !quoted;
                in_word = true;
            }
            (' ', false) => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                }
                in_word = false;
            }
            (c, _) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The first three code blocks of the page's minimal example: JSON, the `oxen run` line, curl.
fn minimal_example(model: &ModelInfo) -> (Value, String, String) {
    let path = repo_root().join(format!("generated/docs/{}.md", model.id));
    let page = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let minimal = page.split("### Minimal").nth(1).expect("a minimal example");
    let minimal = minimal.split("\n### ").next().unwrap_or(minimal);
    let block = |lang: &str, nth: usize| {
        minimal
            .split(&format!("```{lang}\n"))
            .nth(nth)
            .and_then(|rest| rest.split("\n```").next())
            .unwrap_or_else(|| panic!("{}: no {lang} block {nth}", model.id))
            .to_owned()
    };
    let json = serde_json::from_str(&block("json", 1)).expect("the JSON example parses");
    (json, block("sh", 1), block("sh", 2))
}

fn session<'a>(
    stdin: &'a mut &'static [u8],
    out: &'a mut Vec<u8>,
    err: &'a mut Vec<u8>,
) -> Session<'a> {
    Session {
        streams: Streams {
            stdin,
            stdin_is_terminal: true,
            stdout: out,
            stderr: err,
        },
        stderr_is_terminal: false,
        api_key: None,
        base_url: None,
    }
}

#[test]
fn the_oxen_run_line_of_every_page_reads_back_into_its_minimal_example_and_its_curl() {
    for model in &MODELS {
        let (json, line, curl) = minimal_example(model);
        let words = shell_words(&line);
        assert_eq!(words[..3], ["oxen", "run", model.id], "{line}");
        let matches = model_command(model)
            .try_get_matches_from(&words[2..])
            .unwrap_or_else(|e| panic!("{}: {line}: {e}", model.id));
        let (mut stdin, mut out, mut err) = (&b""[..], Vec::new(), Vec::new());
        let run = prepare(
            model,
            &matches,
            &mut session(&mut stdin, &mut out, &mut err),
        )
        .unwrap_or_else(|failure| panic!("{}: {line}: {failure:?}", model.id));
        assert_eq!(run.body, json, "{}: {line}", model.id);
        let printed = dry_run(&run, "https://hub.oxen.ai");
        assert_eq!(
            printed.split_once("\n\n").map(|(_, c)| c.trim_end()),
            Some(curl.as_str()),
            "{}",
            model.id
        );
    }
}

#[test]
fn a_model_added_to_a_catalog_gets_a_flag_per_property_of_its_schema() {
    let schema = json!({
        "type": "object",
        "required": ["canvas"],
        "properties": {
            "canvas": {"type": "string", "description": "What to paint on.", "x-order": 0},
            "brushSize": {"type": "integer", "minimum": 1, "maximum": 9, "x-order": 1},
            "palette": {"type": "array", "items": {"type": "string", "enum": ["ochre", "umber"]}, "x-order": 2},
            "varnish": {"type": "boolean", "x-order": 3}
        }
    });
    let generated =
        oxen_codegen::generate::generate_crate(&catalog_of(&[("acme-painter", schema)]))
            .unwrap_or_else(|e| panic!("{e}"));
    let embedded = generated
        .0
        .get(std::path::Path::new("schemas/models/acme-painter.json"))
        .expect("the embedded schema");
    let model: &'static ModelInfo = Box::leak(Box::new(ModelInfo {
        id: "acme-painter",
        display_name: "Acme painter",
        summary: None,
        endpoint: oxen_models::Endpoint::ImagesGenerate,
        schema_file: "models/acme-painter.json",
        overlays: &[],
        schema: Box::leak(embedded.clone().into_boxed_str()),
        parameters: &[],
    }));
    let help = model_command(model).render_long_help().to_string();
    for flag in [
        "--canvas <TEXT>",
        "--brush-size <INTEGER>",
        "--palette <VALUE>",
        "--varnish <BOOL>",
    ] {
        assert!(help.contains(flag), "{flag} in\n{help}");
    }
    let matches = model_command(model)
        .try_get_matches_from([
            "acme-painter",
            "--canvas",
            "linen",
            "--brush-size",
            "3",
            "--palette",
            "ochre",
            "--palette",
            "umber",
            "--varnish",
            "true",
        ])
        .expect("its flags parse");
    let flags = oxen_models::cli::run::model_flags(model);
    let body = oxen_models::cli::flags::values_of(&flags, &matches);
    assert_eq!(
        Value::Object(body),
        json!({"canvas": "linen", "brushSize": 3, "palette": ["ochre", "umber"], "varnish": true})
    );
    let refused = model_command(model).try_get_matches_from(["acme-painter", "--palette", "teal"]);
    assert_eq!(
        refused.expect_err("not in the enum").kind(),
        ErrorKind::InvalidValue
    );
}
