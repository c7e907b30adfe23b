//! What a fetch tells the person or CI log watching it.
//!
//! The library reports events to an [`Observer`]; the command picks a progress bar on a
//! terminal and plain lines otherwise, and a caller such as the drift check may stay [`Silent`].

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use oxen_codegen::ModelId;

use super::error::{ModelProblem, RequestError};

/// Events of a fetch, in the order they happen; every method defaults to doing nothing.
pub trait Observer: Send + Sync {
    /// The list is known: this many models will be fetched.
    fn listed(&self, _models: usize) {}
    /// An HTTP request is about to be sent (retries included).
    fn request_sent(&self) {}
    /// An attempt failed and another follows after `delay`.
    fn retrying(&self, _what: &str, _error: &RequestError, _attempt: u32, _delay: Duration) {}
    fn fetched(&self, _model: &ModelId) {}
    fn failed(&self, _model: &str, _problem: &ModelProblem) {}
    /// No more events follow.
    fn finished(&self) {}
}

/// Reports nothing.
pub struct Silent;

impl Observer for Silent {}

enum Output {
    Bar(ProgressBar),
    Lines { verbose: bool },
}

/// Progress on stderr: a bar on a terminal, lines in a log; counts requests and retries.
pub struct Console {
    output: Output,
    total: AtomicUsize,
    done: AtomicUsize,
    /// Of those done, the ones that failed: a progress line must not read as success.
    failed: AtomicUsize,
    requests: AtomicU64,
    retries: AtomicU64,
    started: Instant,
    /// Keeps line output whole when tasks report at once.
    lines: Mutex<()>,
}

impl Console {
    pub fn new(terminal: bool, verbose: bool) -> Self {
        let output = if terminal {
            // A spinner while listing; the bar appears once the number of models is known.
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(ProgressStyle::default_spinner());
            bar.set_message("listing models");
            bar.enable_steady_tick(Duration::from_millis(120));
            Output::Bar(bar)
        } else {
            Output::Lines { verbose }
        };
        Self {
            output,
            total: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            requests: AtomicU64::new(0),
            retries: AtomicU64::new(0),
            started: Instant::now(),
            lines: Mutex::new(()),
        }
    }

    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    fn line(&self, text: &str) {
        match &self.output {
            Output::Bar(bar) => bar.println(text),
            Output::Lines { .. } => {
                let _guard = self.lines.lock();
                eprintln!("{text}");
            }
        }
    }

    /// Counts a model as done, fetched or failed; returns how many are.
    fn advance(&self) -> usize {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.total.load(Ordering::Relaxed);
        match &self.output {
            Output::Bar(bar) => bar.inc(1),
            Output::Lines { verbose: true } => {}
            // About ten lines per run in a CI log, whatever the catalog's size.
            Output::Lines { verbose: false } => {
                if done == total || done.is_multiple_of(total.div_ceil(10).max(1)) {
                    let line = match self.failed.load(Ordering::Relaxed) {
                        0 => format!("{done}/{total} models fetched"),
                        failed => format!(
                            "{done}/{total} models answered: {} fetched, {failed} failed",
                            done - failed
                        ),
                    };
                    self.line(&line);
                }
            }
        }
        done
    }

    fn verbose(&self) -> bool {
        matches!(self.output, Output::Lines { verbose: true })
    }
}

impl Observer for Console {
    fn listed(&self, models: usize) {
        self.total.store(models, Ordering::Relaxed);
        match &self.output {
            Output::Bar(bar) => {
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} models")
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                );
                bar.set_length(models as u64);
                bar.set_message("fetching");
            }
            Output::Lines { .. } => self.line(&format!("fetching {models} model(s)")),
        }
    }

    fn request_sent(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    fn retrying(&self, what: &str, error: &RequestError, attempt: u32, delay: Duration) {
        self.retries.fetch_add(1, Ordering::Relaxed);
        self.line(&format!(
            "{what}: attempt {attempt} failed ({error}); retrying in {:.1} s",
            delay.as_secs_f64()
        ));
    }

    fn fetched(&self, model: &ModelId) {
        let done = self.advance();
        if self.verbose() {
            let total = self.total.load(Ordering::Relaxed);
            self.line(&format!("fetched {model} ({done}/{total})"));
        }
    }

    fn failed(&self, model: &str, problem: &ModelProblem) {
        self.failed.fetch_add(1, Ordering::Relaxed);
        self.advance();
        // The final error lists every failure; as they happen they are worth a line only when
        // asked for.
        if self.verbose() {
            self.line(&format!("failed: {model}: {problem}"));
        }
    }

    fn finished(&self) {
        if let Output::Bar(bar) = &self.output {
            bar.finish_and_clear();
        }
    }
}
