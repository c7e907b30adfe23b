//! Wall time of a whole-catalog fetch from the fake hub with 50 ms latency per request, next to
//! the ideal: requests x latency / concurrency. Target: within 1.5x of the ideal.
//!
//! `cargo bench -p xtask --bench fetch_wall_time` (add `--profile dev` to skip the release
//! build: the fetch waits on the network, so the profile barely moves the figure).
//! A report, not a test: it never fails on the figure.

#[path = "../tests/fetch/support.rs"]
mod support;

use std::time::Duration;

use support::{FakeHub, endpoints_only, fetch};

const LATENCY: Duration = Duration::from_millis(50);
const CONCURRENCY: u32 = 8;
const RUNS: usize = 5;
const TARGET: f64 = 1.5;

fn main() {
    let latency_ms = LATENCY.as_millis().to_string();
    let hub = FakeHub::start(&["--latency-ms", &latency_ms]);
    let concurrency = CONCURRENCY.to_string();
    let mut times = Vec::new();
    let mut requests = 0;
    for _ in 0..RUNS {
        let (_dir, schemas) = endpoints_only();
        let run = fetch(&hub, &schemas, &["--concurrency", &concurrency]);
        assert!(run.succeeded(), "fetch failed: {run:?}");
        requests = requests_of(&run.stdout);
        times.push(run.elapsed);
    }
    times.sort();
    let median = times[RUNS / 2];
    let ideal = LATENCY * requests / CONCURRENCY;
    let ratio = median.as_secs_f64() / ideal.as_secs_f64();
    println!(
        "fetch of the whole catalog: {requests} requests, {} ms latency, concurrency {CONCURRENCY}, \
         {} cores",
        LATENCY.as_millis(),
        std::thread::available_parallelism().map_or(0, usize::from)
    );
    println!(
        "wall time (median of {RUNS}, process start to exit): {:.3} s  [runs: {}]",
        median.as_secs_f64(),
        times
            .iter()
            .map(|time| format!("{:.3}", time.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "ideal (requests x latency / concurrency): {:.3} s",
        ideal.as_secs_f64()
    );
    println!(
        "ratio: {ratio:.2}x of the ideal (target: within {TARGET}x) -> {}",
        if ratio <= TARGET { "met" } else { "MISSED" }
    );
}

/// The request count from fetch's summary line: `(155 requests, 0 retries)`.
fn requests_of(stdout: &str) -> u32 {
    stdout
        .split_once(" requests,")
        .and_then(|(before, _)| before.rsplit_once('('))
        .and_then(|(_, count)| count.parse().ok())
        .unwrap_or_else(|| panic!("no request count in {stdout:?}"))
}
