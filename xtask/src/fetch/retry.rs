//! When to try a request again, and how long to wait first.
//!
//! Delays grow exponentially with jitter (from `backon`), a `Retry-After` from the hub is
//! honoured when it asks for longer, and both the number of attempts and the time spent on one
//! request are capped so a struggling hub cannot keep a CI job waiting forever.

use std::time::{Duration, Instant, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub max_attempts: u32,
    /// The first delay; later ones double up to `max_delay`, each plus up to 100 % jitter.
    pub min_delay: Duration,
    pub max_delay: Duration,
    /// The longest one request may take from its first attempt, waits included.
    pub max_total: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_total: Duration::from_secs(120),
        }
    }
}

/// Why a retry loop stopped with an error it could have retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GaveUp {
    /// Every allowed attempt was used.
    Attempts,
    /// Waiting once more would pass the time budget.
    TimeBudget,
}

/// One request's retry state.
pub struct Retrier {
    policy: RetryPolicy,
    backoff: backon::ExponentialBackoff,
    started: Instant,
    attempts: u32,
}

impl Retrier {
    pub fn new(policy: RetryPolicy) -> Self {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(policy.min_delay)
            .with_max_delay(policy.max_delay)
            .with_max_times(policy.max_attempts.saturating_sub(1) as usize)
            .with_jitter()
            .build();
        Self {
            policy,
            backoff,
            started: Instant::now(),
            attempts: 0,
        }
    }

    /// Counts an attempt about to be made; returns its number, starting at 1.
    pub fn attempt(&mut self) -> u32 {
        self.attempts += 1;
        self.attempts
    }

    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// How long to wait before the next attempt, or why there is none.
    pub fn next_delay(&mut self, retry_after: Option<Duration>) -> Result<Duration, GaveUp> {
        let backoff = self.backoff.next().ok_or(GaveUp::Attempts)?;
        let delay = retry_after.map_or(backoff, |asked| asked.max(backoff));
        if self.started.elapsed() + delay > self.policy.max_total {
            return Err(GaveUp::TimeBudget);
        }
        Ok(delay)
    }
}

/// Reads a `Retry-After` value: delay seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            min_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            max_total: Duration::from_secs(60),
        }
    }

    #[test]
    fn delays_grow_with_jitter_up_to_the_cap_and_stop_after_the_last_attempt() {
        let mut retrier = Retrier::new(policy());
        let delays: Vec<Duration> = (0..3)
            .map(|_| retrier.next_delay(None).expect("a retry is left"))
            .collect();
        let bounds = [(100, 200), (200, 400), (300, 600)];
        for (delay, (low, high)) in delays.iter().zip(bounds) {
            let millis = delay.as_millis();
            assert!((low..=high).contains(&millis), "{delays:?}");
        }
        assert_eq!(retrier.next_delay(None), Err(GaveUp::Attempts));
    }

    #[test]
    fn a_longer_retry_after_replaces_the_backoff_delay() {
        let mut retrier = Retrier::new(policy());
        let delay = retrier.next_delay(Some(Duration::from_secs(3)));
        assert_eq!(delay, Ok(Duration::from_secs(3)));
    }

    #[test]
    fn a_retry_after_beyond_the_time_budget_gives_up() {
        let mut retrier = Retrier::new(RetryPolicy {
            max_total: Duration::from_secs(5),
            ..policy()
        });
        let delay = retrier.next_delay(Some(Duration::from_secs(3600)));
        assert_eq!(delay, Err(GaveUp::TimeBudget));
    }

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
