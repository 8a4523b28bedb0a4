//! When and how long to wait before trying a failed request again:
//! [`RetryPolicy`], exponential backoff with full jitter, capped, and the
//! wait Graph itself asks for.
//!
//! A small module rather than a backoff crate: the one rule no such crate
//! has, honouring `estimated_time_to_regain_access` and giving up when it is
//! too long, is most of the logic.

use std::time::Duration;

const DEFAULT_MAX_ATTEMPTS: u32 = 3;
const DEFAULT_INITIAL_DELAY: Duration = Duration::from_millis(500);
const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(30);
const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(60);

/// How a request is retried after a retryable failure (see
/// [`Error::is_retryable`](crate::Error::is_retryable)).
///
/// The `n`th retry waits a random time between zero and
/// `min(max_delay, initial_delay × 2ⁿ⁻¹)` ("full jitter", so that many
/// clients throttled together do not retry together). When Graph reports
/// `estimated_time_to_regain_access` in `X-Business-Use-Case-Usage`, that
/// wait is used instead, unless it exceeds [`max_wait`](Self::max_wait): then
/// the call fails at once with the throttling error.
///
/// Only GET and DELETE requests are retried by default; a POST is retried
/// only when its builder's `allow_retry()` says repeating it is safe.
///
/// The default: 3 attempts in all, 500 ms initial delay, 30 s maximum
/// delay, 60 s maximum server-requested wait. [`RetryPolicy::none`] turns
/// retrying off.
///
/// ```
/// use std::time::Duration;
///
/// let policy = waba::RetryPolicy::default()
///     .max_attempts(5)
///     .initial_delay(Duration::from_millis(200))
///     .max_delay(Duration::from_secs(10))
///     .max_wait(Duration::from_secs(120));
/// assert_eq!(policy.attempts(), 5);
/// assert_eq!(waba::RetryPolicy::none().attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_delay: DEFAULT_INITIAL_DELAY,
            max_delay: DEFAULT_MAX_DELAY,
            max_wait: DEFAULT_MAX_WAIT,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Sleep this long, then try again.
    RetryAfter(Duration),
    /// Return the error.
    GiveUp,
}

impl RetryPolicy {
    /// A policy that never retries: one attempt only.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// The number of attempts in all, the first included (default 3). `0`
    /// is taken as `1`.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The upper bound of the first retry's random delay (default 500 ms);
    /// it doubles with each retry up to [`max_delay`](Self::max_delay).
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The cap on the backoff delay (default 30 s).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest wait Graph may ask for through
    /// `estimated_time_to_regain_access` (default 60 s). Asked to wait
    /// longer, the call gives up and returns the throttling error at once.
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// The number of attempts in all, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// After failed attempt number `attempt` (1-based) of a retryable
    /// failure: how long to wait, or to give up. `server_wait` is what Graph
    /// asked for, if anything.
    pub(crate) fn decide(&self, attempt: u32, server_wait: Option<Duration>) -> Decision {
        if attempt >= self.max_attempts {
            return Decision::GiveUp;
        }
        match server_wait {
            Some(wait) if wait > self.max_wait => Decision::GiveUp,
            Some(wait) => Decision::RetryAfter(wait),
            None => Decision::RetryAfter(self.backoff(attempt)),
        }
    }

    /// Full jitter: uniform in `[0, min(max_delay, initial × 2^(attempt-1))]`.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        let ceiling = self
            .initial_delay
            .saturating_mul(factor)
            .min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_up_after_the_last_attempt() {
        let policy = RetryPolicy::default();
        assert!(matches!(policy.decide(1, None), Decision::RetryAfter(_)));
        assert!(matches!(policy.decide(2, None), Decision::RetryAfter(_)));
        assert_eq!(policy.decide(3, None), Decision::GiveUp);
        assert_eq!(RetryPolicy::none().decide(1, None), Decision::GiveUp);
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }

    #[test]
    fn backoff_is_jittered_below_a_doubling_capped_ceiling() {
        let policy = RetryPolicy::default()
            .max_attempts(100)
            .initial_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(350));
        for _ in 0..200 {
            assert!(policy.backoff(1) <= Duration::from_millis(100));
            assert!(policy.backoff(2) <= Duration::from_millis(200));
            assert!(policy.backoff(3) <= Duration::from_millis(350));
            assert!(policy.backoff(99) <= Duration::from_millis(350));
        }
        // Extreme settings saturate instead of overflowing.
        let huge = RetryPolicy::default()
            .initial_delay(Duration::MAX)
            .max_delay(Duration::MAX);
        let _ = huge.backoff(u32::MAX);
    }

    #[test]
    fn honours_the_server_wait_up_to_the_maximum() {
        let policy = RetryPolicy::default().max_wait(Duration::from_secs(60));
        assert_eq!(
            policy.decide(1, Some(Duration::from_secs(60))),
            Decision::RetryAfter(Duration::from_secs(60))
        );
        assert_eq!(
            policy.decide(1, Some(Duration::from_secs(61))),
            Decision::GiveUp
        );
    }
}
