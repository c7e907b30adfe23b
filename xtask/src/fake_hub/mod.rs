//! `cargo xtask fake-hub`: a real HTTP server on loopback that serves a saved hub snapshot,
//! checks the bearer key, and injects faults on demand, so `fetch` can be tested end to end.
//! It also answers the inference endpoints and the queue for the snapshot's models (canned
//! answers of each response shape, server-sent events for a streamed chat), so the client of
//! `oxen-models` can be tested end to end as well.
//!
//! It prints the base URL it bound (`http://127.0.0.1:PORT`) as the first line of stdout, and
//! tells what it saw at `GET /_fake_hub/stats`: `{"requests": N, "inference_requests": I, "max_in_flight": M}`.

mod faults;
mod inference;
mod server;
mod snapshot;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};

pub use faults::{Fault, FaultKind, FaultPlan, FaultSpec, Target};
pub use inference::STREAMED_WORDS;
pub use server::{FakeHub, HubSettings, PagingQuirk, STATS_PATH};
pub use snapshot::Snapshot;

#[derive(clap::Args)]
pub struct Args {
    /// A snapshot directory: `models.json` and `models/<id>.json`.
    #[arg(long, value_name = "DIR")]
    snapshot: PathBuf,
    /// Address to bind; loopback only. Port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: SocketAddr,
    /// Require `Authorization: Bearer KEY` on every request.
    #[arg(long, value_name = "KEY")]
    api_key: Option<String>,
    /// Delay before every response, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    latency_ms: u64,
    /// Serve the list in pages of N (`page_num`/`page_size`).
    #[arg(long, value_name = "N")]
    page_size: Option<usize>,
    /// How paging departs from the plain case, with --page-size.
    #[arg(long, value_enum, default_value_t = PagingQuirk::None)]
    paging_quirk: PagingQuirk,
    /// Inject a fault: `KIND=TARGET[:COUNT]` (repeatable). KIND is `500`, `429` (with
    /// `Retry-After`), `slow` (answer after --slow-ms), `malformed` (a body that is not JSON),
    /// `truncated` (half the body, then the connection drops), `oversized` (--oversized-bytes
    /// of padding, no Content-Length), `invalid-schema` (a json_request_schema that is not a
    /// JSON Schema) or `redirect-away` (302 to another host). TARGET is `list`, `*` (every
    /// request) or a model id; COUNT is how many matching requests are hit (default: all).
    #[arg(long, value_name = "KIND=TARGET[:COUNT]")]
    fault: Vec<Fault>,
    /// The `Retry-After` seconds sent with a 429.
    #[arg(long, value_name = "SECS", default_value_t = 1)]
    retry_after: u64,
    /// How long a `slow` fault waits before answering.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    slow_ms: u64,
    /// How much padding an `oversized` fault sends.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    oversized_bytes: usize,
    /// List (and serve) an extra model with this id, e.g. `../../escape`.
    #[arg(long, value_name = "ID")]
    hostile_id: Vec<String>,
    /// Serve (not list) a model the build does not know, as a fine-tune's deploy step gives one:
    /// `ID=ENDPOINT`, e.g. `oxen:my-lora=/images/generate`. A chat endpoint's has no schema
    /// (`json_request_schema: null`); any other's requires a `prompt` and bounds a nullable
    /// `num_inference_steps` to 1..=50.
    #[arg(long, value_name = "ID=ENDPOINT", value_parser = deployed_model)]
    deployed_model: Vec<(String, String)>,
    /// Log every request and its status to stderr.
    #[arg(long)]
    log_requests: bool,
    /// Polls a queued generation answers `queued`/`processing` to before `succeeded`.
    #[arg(long, value_name = "N", default_value_t = 2)]
    queue_polls: u32,
    /// Serve the result files the answers point at (below `/_fake_hub/results/`, each holding
    /// `fake <path>`), rather than pointing them at a host that does not resolve.
    #[arg(long)]
    serve_results: bool,
    /// Exit when stdin closes, so a test's hub never outlives the test.
    #[arg(long)]
    exit_with_stdin: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if !args.addr.ip().is_loopback() {
        bail!("fake-hub binds loopback addresses only, not {}", args.addr);
    }
    let mut snapshot = Snapshot::read(&args.snapshot)?;
    for id in &args.hostile_id {
        let model = serde_json::json!({
            "id": id,
            "object": "model",
            "display_name": "Hostile",
            "endpoint": "/chat/completions",
            "json_request_schema": null,
        });
        snapshot.listed.push(model.clone());
        snapshot.models.insert(id.clone(), model);
    }
    for (id, endpoint) in &args.deployed_model {
        snapshot
            .models
            .insert(id.clone(), inference::deployed_model(id, endpoint));
    }
    let faults: Vec<_> = args
        .fault
        .iter()
        .map(|fault| (fault.kind, fault.spec.clone()))
        .collect();

    if args.exit_with_stdin {
        std::thread::spawn(|| {
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
            std::process::exit(0);
        });
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("binding {}", args.addr))?;
        let bound = listener.local_addr().context("reading the bound address")?;
        let hub = Arc::new(FakeHub::new(
            snapshot,
            HubSettings {
                api_key: args.api_key,
                latency: Duration::from_millis(args.latency_ms),
                page_size: args.page_size,
                paging_quirk: args.paging_quirk,
                retry_after_secs: args.retry_after,
                slow: Duration::from_millis(args.slow_ms),
                oversized_bytes: args.oversized_bytes,
                log_requests: args.log_requests,
                queue_polls: args.queue_polls,
                results_origin: args.serve_results.then(|| format!("http://{bound}")),
            },
            FaultPlan::new(faults),
        ));

        let mut stdout = std::io::stdout();
        writeln!(stdout, "http://{bound}").context("printing the address")?;
        stdout.flush().context("printing the address")?;
        hub.serve(listener).await.context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `ID=ENDPOINT` of `--deployed-model`.
fn deployed_model(text: &str) -> Result<(String, String), String> {
    let (id, endpoint) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("{text:?} is not ID=ENDPOINT"))?;
    if !inference::is_inference_post(endpoint) || endpoint == inference::QUEUE {
        return Err(format!("{endpoint:?} is not an inference endpoint"));
    }
    Ok((id.to_owned(), endpoint.to_owned()))
}
