//! The baseline of `tests/scripts/bench-validate.sh`: the least a request-log checker can do
//! on one thread. Each line is parsed with serde_json and checked with the `jsonschema`
//! validator of its model (compiled once per model, reused) with `is_valid`; no error is
//! collected or printed. Prints `<valid> valid, <invalid> invalid` on stdout.
//!
//! `cargo run --release -p oxen-tests --example bare_ndjson_loop -- requests.ndjson`

use std::collections::HashMap;
use std::io::{BufRead, BufReader};

use oxen_models::validate::{compile_payload_schema, payload_schema};
use serde_json::Value;

pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: bare_ndjson_loop FILE")?;
    let reader = BufReader::with_capacity(1 << 16, std::fs::File::open(&path)?);
    let mut validators: HashMap<String, jsonschema::Validator> = HashMap::new();
    let (mut valid, mut invalid) = (0u64, 0u64);
    for line in reader.split(b'\n') {
        let line = line?;
        if line.trim_ascii().is_empty() {
            continue;
        }
        let ok = match serde_json::from_slice::<Value>(&line) {
            Ok(payload) => match payload.get("model").and_then(Value::as_str) {
                Some(id) => match validators.get(id) {
                    Some(validator) => validator.is_valid(&payload),
                    None => match payload_schema(id) {
                        Ok(schema) => {
                            let validator = compile_payload_schema(&schema)?;
                            let ok = validator.is_valid(&payload);
                            validators.insert(id.to_owned(), validator);
                            ok
                        }
                        Err(_) => false,
                    },
                },
                None => false,
            },
            Err(_) => false,
        };
        if ok {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    println!("{valid} valid, {invalid} invalid");
    Ok(())
}
