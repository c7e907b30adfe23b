//! When a 429 or 5xx answer is tried again, and how long the client waits first.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};

/// How the client retries a 429 (too many requests) or 5xx answer. Other 4xx answers, timeouts
/// and broken connections are never retried: the hub may already be doing the (paid) work.
///
/// Delays grow exponentially from `min_delay` to `max_delay`, each with up to 100 % jitter
/// (`backon`); a `Retry-After` asking for longer is honoured, but one asking for more than
/// `max_retry_after` ends the retries with the answer's error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per call, the first included; 1 turns retries off. Default 4.
    pub max_attempts: u32,
    /// The first delay. Default 500 ms.
    pub min_delay: Duration,
    /// The longest backoff delay. Default 8 s.
    pub max_delay: Duration,
    /// The longest `Retry-After` waited for. Default 60 s.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries: every answer is final.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }
}

/// One call's retry state.
pub(crate) struct Retrier {
    policy: RetryPolicy,
    backoff: backon::ExponentialBackoff,
    attempts: u32,
}

impl Retrier {
    pub(crate) fn new(policy: RetryPolicy) -> Self {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(policy.min_delay)
            .with_max_delay(policy.max_delay)
            .with_max_times(policy.max_attempts.saturating_sub(1) as usize)
            .with_jitter()
            .build();
        Self {
            policy,
            backoff,
            attempts: 0,
        }
    }

    /// Counts an attempt about to be made; returns its number, starting at 1.
    pub(crate) fn attempt(&mut self) -> u32 {
        self.attempts += 1;
        self.attempts
    }

    /// How long to wait before the next attempt; `None` when there is none.
    pub(crate) fn next_delay(&mut self, retry_after: Option<Duration>) -> Option<Duration> {
        let backoff = self.backoff.next()?;
        match retry_after {
            Some(asked) if asked > self.policy.max_retry_after => None,
            Some(asked) => Some(asked.max(backoff)),
            None => Some(backoff),
        }
    }
}

/// A `Retry-After` value: delay seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}
