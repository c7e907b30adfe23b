//! The queue's progress: a spinner per generation on a terminal (indicatif, drawn on standard
//! error), otherwise a line on standard error whenever a generation's status changes.

use std::cell::RefCell;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::oxen::Session;

/// The progress of the generations of one enqueued request.
pub struct Progress {
    ids: Vec<String>,
    bars: Option<Vec<ProgressBar>>,
    last: RefCell<Vec<String>>,
}

impl Progress {
    /// Bars on a terminal, plain lines otherwise.
    pub fn new(session: &Session<'_>, ids: &[String]) -> Self {
        let bars = session.stderr_is_terminal.then(|| {
            let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{spinner} {prefix} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            ids.iter()
                .enumerate()
                .map(|(index, id)| {
                    let bar = multi.add(ProgressBar::new_spinner());
                    bar.set_style(style.clone());
                    bar.set_prefix(format!("generation {}/{} {id}", index + 1, ids.len()));
                    bar.set_message("enqueued");
                    bar.enable_steady_tick(Duration::from_millis(120));
                    bar
                })
                .collect()
        });
        Self {
            ids: ids.to_vec(),
            bars,
            last: RefCell::new(vec![String::new(); ids.len()]),
        }
    }

    /// Generation `index` is now `status`.
    pub fn status(&self, session: &mut Session<'_>, index: usize, status: &str) {
        let mut last = self.last.borrow_mut();
        let Some(seen) = last.get_mut(index) else {
            return;
        };
        if seen == status {
            return;
        }
        *seen = status.to_owned();
        match &self.bars {
            Some(bars) => bars[index].set_message(status.to_owned()),
            None => {
                let _ = writeln!(
                    session.streams.stderr,
                    "generation {}/{} {}: {status}",
                    index + 1,
                    self.ids.len(),
                    self.ids[index]
                );
            }
        }
    }

    /// Generation `index` is done, well or not.
    pub fn finish(&self, index: usize, succeeded: bool) {
        if let Some(bars) = &self.bars {
            let status = self.last.borrow().get(index).cloned().unwrap_or_default();
            if succeeded {
                bars[index].finish_with_message(status);
            } else {
                bars[index].abandon_with_message(status);
            }
        }
    }
}
