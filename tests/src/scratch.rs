//! Generated crates built outside the workspace: the fixtures of `tests/fixtures/` generate
//! models that `oxen-models` does not have, so tests generate a crate from them, build it next
//! to this workspace (pinned to its lock file, offline) and run a program in it that reports,
//! for every payload, what the schema validator and the typed path make of it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use oxen_codegen::tree::FileTree;
use serde_json::{Value, json};

use crate::{repo_root, scratch_cargo, scratch_workspace};

/// One fixture: a request schema and payloads (`tests/fixtures/<set>/<id>.json`).
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The file name without `.json`: the model id it is generated as.
    pub id: String,
    pub schema: Value,
    /// A valid payload, for fixtures that generate (those that do not have none).
    pub payload: Option<Value>,
    /// More valid payloads (every value of an enum, say).
    pub also: Vec<Value>,
    /// Payloads the schema rejects.
    pub rejected: Vec<Value>,
}

impl Fixture {
    /// The valid payloads: `payload`, then `also`.
    pub fn valid(&self) -> Vec<Value> {
        self.payload.iter().chain(&self.also).cloned().collect()
    }

    /// The valid payloads, then the rejected ones, each with its `model`.
    pub fn all_with_model(&self) -> Vec<Value> {
        let all = self
            .valid()
            .into_iter()
            .chain(self.rejected.iter().cloned());
        all.map(|p| with_model(&self.id, p)).collect()
    }
}

/// Every fixture of `tests/fixtures/<set>/`, by file name.
pub fn fixtures(set: &str) -> Vec<Fixture> {
    let dir = repo_root().join("tests/fixtures").join(set);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths.iter().map(|path| read_fixture(path)).collect()
}

fn read_fixture(path: &Path) -> Fixture {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let fixture: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
    let list = |key: &str| {
        fixture
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    Fixture {
        id: path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .to_owned(),
        schema: fixture["schema"].clone(),
        payload: fixture.get("payload").cloned(),
        also: list("also"),
        rejected: list("rejected"),
    }
}

/// What the generated crate made of one payload (a line of the program's output).
#[derive(Debug, Clone)]
pub struct Verdict {
    pub id: String,
    pub payload: Value,
    /// `validate_payload` accepted it.
    pub schema_ok: bool,
    /// Why the typed path refused it (deserializing into the request type, then
    /// `Request::validate`), or `None` when it accepted it.
    pub typed_error: Option<String>,
    /// The request serialized back, when it deserialized.
    pub back: Option<Value>,
}

impl Verdict {
    /// The typed path accepted the payload.
    pub fn typed_ok(&self) -> bool {
        self.typed_error.is_none()
    }

    /// Deserializing and serializing again gave the payload back (numbers by value, exactly).
    pub fn round_trips(&self) -> bool {
        self.back
            .as_ref()
            .is_some_and(|back| same_value(back, &self.payload))
    }
}

/// JSON equality with numbers compared by value, exactly: `2` and `2.0` are one number,
/// `9007199254740993` and `9007199254740992` are two.
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (exact(x), exact(y)) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

/// A number as an exact integer: an integer, or a float with no fraction within `i128`.
fn exact(n: &serde_json::Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or(n.as_u64().map(i128::from))
        .or_else(|| {
            let f = n.as_f64()?;
            (f.fract() == 0.0 && f.abs() < 1e38).then_some(f as i128)
        })
}

/// `payload` with `"model": id` (fixtures leave the model out).
pub fn with_model(id: &str, mut payload: Value) -> Value {
    if let Value::Object(map) = &mut payload {
        map.insert("model".to_owned(), Value::from(id));
    }
    payload
}

/// Writes `files` as a crate in a [`scratch_workspace`], adds [`PROGRAM`], and runs it on
/// `payloads` (model id → payloads, each with its `model`): one [`Verdict`] per payload, in
/// order. Panics when the crate does not build, has warnings, or the program fails.
pub fn verdicts(files: &FileTree, payloads: &[(String, Vec<Value>)]) -> Vec<Verdict> {
    let dir = scratch_workspace(files);
    let krate = dir.path().join("oxen-models");
    std::fs::write(krate.join("src/bin/check-payloads.rs"), PROGRAM).expect("program");
    let input: String = payloads
        .iter()
        .flat_map(|(id, payloads)| payloads.iter().map(move |p| json!([id, p]).to_string()))
        .map(|line| line + "\n")
        .collect();
    std::fs::write(dir.path().join("payloads.ndjson"), input).expect("payloads");
    let started = Instant::now();
    let output = scratch_cargo(
        dir.path(),
        &[
            "run",
            "--quiet",
            "--bin",
            "check-payloads",
            "--",
            "payloads.ndjson",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    eprintln!(
        "scratch crate built and checked in {:.1?}",
        started.elapsed()
    );
    assert!(
        output.status.success(),
        "the scratch crate failed:\n{stderr}\n{stdout}"
    );
    assert!(
        !stderr.contains("warning"),
        "the generated crate has warnings:\n{stderr}"
    );
    stdout
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("a verdict line");
            Verdict {
                id: v["id"].as_str().expect("id").to_owned(),
                payload: v["payload"].clone(),
                schema_ok: v["schema_ok"].as_bool().expect("schema_ok"),
                typed_error: v["typed_error"].as_str().map(str::to_owned),
                back: v.get("back").filter(|b| !b.is_null()).cloned(),
            }
        })
        .collect()
}

/// For each line `[id, payload]` of its input: the schema's
/// verdict, the typed path's (through the `Request` trait only, as generic code sees it) and
/// the request serialized back, as one JSON line.
const PROGRAM: &str = r#"
use oxen_models::{Model, Request, RequestVisitor};
use serde_json::{Value, json};

struct Check(Value);

impl RequestVisitor for Check {
    type Output = Value;
    fn visit<R: Request>(self) -> Value {
        let id = <R::Model as Model>::ID;
        let payload = self.0;
        let schema_ok = oxen_models::validate_payload(id, &payload).is_ok();
        let (typed_error, back) = match serde_json::from_value::<R>(payload.clone()) {
            Err(e) => (Some(format!("does not deserialize: {e}")), Value::Null),
            Ok(request) => {
                let back = serde_json::to_value(&request).expect("serializes");
                (request.build().err().map(|v| v.to_string()), back)
            }
        };
        json!({"id": id, "payload": payload, "schema_ok": schema_ok, "typed_error": typed_error, "back": back})
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("payload file");
    let text = std::fs::read_to_string(path).expect("payload file readable");
    for line in text.lines() {
        let [id, payload]: [Value; 2] = serde_json::from_str(line).expect("[id, payload]");
        let id = id.as_str().expect("an id");
        match oxen_models::visit_request(id, Check(payload)) {
            Some(verdict) => println!("{verdict}"),
            None => panic!("{id}: no such model"),
        }
    }
}
"#;
