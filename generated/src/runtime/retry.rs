//! When and how long to wait before trying a failed request again: the
//! [`RetryStrategy`] trait the request loop asks, and [`RetryPolicy`], its
//! default implementation: exponential backoff with full jitter, capped, and
//! the wait Graph itself asks for.
//!
//! A small module rather than a backoff crate: the one rule no such crate
//! has, honouring `estimated_time_to_regain_access` and giving up when it is
//! too long, is most of the logic.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::error::Error;
use super::usage::RateLimitUsage;

const DEFAULT_MAX_ATTEMPTS: u32 = 3;
const DEFAULT_INITIAL_DELAY: Duration = Duration::from_millis(500);
const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(30);
const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(60);

/// Decides whether a failed attempt is tried again, and after how long.
///
/// The client asks its strategy after each failure it may retry: a
/// retryable error ([`Error::is_retryable`]), on a GET or DELETE, or on a
/// POST whose builder called `allow_retry()`. Other failures are returned
/// without asking. Whatever the strategy decides, the call's deadline
/// ([`ClientBuilder::deadline`](crate::ClientBuilder::deadline)) comes first:
/// a wait that would end past it is not taken, and the call returns the
/// error at once instead.
///
/// [`RetryPolicy`] is the default implementation. Implement this trait for
/// anything else, such as a fixed schedule or a budget shared across calls;
/// pass it to [`ClientBuilder::retry`](crate::ClientBuilder::retry) or to a
/// request builder's `retry`.
///
/// ```
/// use std::time::Duration;
///
/// use waba::{FailedAttempt, RetryDecision, RetryStrategy};
///
/// /// Retries throttling only, once, after whatever Graph asks for.
/// #[derive(Debug)]
/// struct ThrottlingOnce;
///
/// impl RetryStrategy for ThrottlingOnce {
///     fn decide(&self, failed: &FailedAttempt<'_>) -> RetryDecision {
///         if failed.attempt == 1 && failed.error.is_throttling() {
///             RetryDecision::RetryAfter(failed.server_wait.unwrap_or(Duration::from_secs(1)))
///         } else {
///             RetryDecision::GiveUp
///         }
///     }
/// }
///
/// let client = waba::Client::builder()
///     .access_token("EAAG...")
///     .retry(ThrottlingOnce)
///     .build()?;
/// # let _ = client;
/// # Ok::<(), waba::Error>(())
/// ```
pub trait RetryStrategy: Send + Sync + fmt::Debug {
    /// After a failed attempt the client may retry: wait and try again, or
    /// give up and return the error.
    fn decide(&self, failed: &FailedAttempt<'_>) -> RetryDecision;
}

/// A shared strategy, such as one whose state spans several clients.
impl<S: RetryStrategy + ?Sized> RetryStrategy for Arc<S> {
    fn decide(&self, failed: &FailedAttempt<'_>) -> RetryDecision {
        (**self).decide(failed)
    }
}

/// What a [`RetryStrategy`] knows about a failed attempt.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct FailedAttempt<'a> {
    /// The number of the attempt that failed, 1 for the first.
    pub attempt: u32,
    /// Its error: retryable, with the HTTP status and rate-limit usage
    /// when there was a response.
    pub error: &'a Error,
    /// The time since the call started, waits included.
    pub elapsed: Duration,
    /// The time left before the call's deadline, `None` without one. A
    /// wait of this long or longer is not taken.
    pub remaining: Option<Duration>,
    /// How long the server asked to wait: the longer of
    /// `estimated_time_to_regain_access` in `X-Business-Use-Case-Usage`
    /// and `Retry-After` ([`RateLimitUsage::server_wait`]).
    pub server_wait: Option<Duration>,
}

impl<'a> FailedAttempt<'a> {
    /// Attempt number `attempt` failed with `error`, `elapsed` into the
    /// call, with `remaining` left before its deadline. The server's wait is
    /// read from the error's rate-limit usage. For testing a strategy, the
    /// fields can be changed afterwards.
    pub fn new(
        attempt: u32,
        error: &'a Error,
        elapsed: Duration,
        remaining: Option<Duration>,
    ) -> Self {
        Self {
            attempt,
            error,
            elapsed,
            remaining,
            server_wait: error.usage().and_then(RateLimitUsage::server_wait),
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryDecision {
    /// Wait this long, then try again (unless the wait would end past the
    /// call's deadline: then the call returns the error at once).
    RetryAfter(Duration),
    /// Return the error.
    GiveUp,
}

/// How a request is retried after a retryable failure (see
/// [`Error::is_retryable`]): the default [`RetryStrategy`].
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

impl RetryStrategy for RetryPolicy {
    /// Gives up after the last attempt or when the server asks for a wait
    /// over [`max_wait`](Self::max_wait); otherwise waits what the server
    /// asked for, or the jittered backoff when it asked for nothing.
    fn decide(&self, failed: &FailedAttempt<'_>) -> RetryDecision {
        if failed.attempt >= self.max_attempts {
            return RetryDecision::GiveUp;
        }
        match failed.server_wait {
            Some(wait) if wait > self.max_wait => RetryDecision::GiveUp,
            Some(wait) => RetryDecision::RetryAfter(wait),
            None => RetryDecision::RetryAfter(self.backoff(failed.attempt)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::error::GraphError;

    /// A retryable failure: HTTP 503 without a Graph body.
    fn unavailable() -> Error {
        Error::Decode {
            status: 503,
            message: "unexpected HTTP status 503 Service Unavailable".into(),
            body_excerpt: String::new(),
            usage: None,
            call: None,
        }
    }

    fn decide(
        strategy: &dyn RetryStrategy,
        attempt: u32,
        server_wait: Option<Duration>,
    ) -> RetryDecision {
        let error = unavailable();
        let mut failed = FailedAttempt::new(attempt, &error, Duration::ZERO, None);
        failed.server_wait = server_wait;
        strategy.decide(&failed)
    }

    #[test]
    fn gives_up_after_the_last_attempt() {
        let policy = RetryPolicy::default();
        assert!(matches!(
            decide(&policy, 1, None),
            RetryDecision::RetryAfter(_)
        ));
        assert!(matches!(
            decide(&policy, 2, None),
            RetryDecision::RetryAfter(_)
        ));
        assert_eq!(decide(&policy, 3, None), RetryDecision::GiveUp);
        assert_eq!(decide(&policy, 4, None), RetryDecision::GiveUp);
        assert_eq!(decide(&RetryPolicy::none(), 1, None), RetryDecision::GiveUp);
        let one = RetryPolicy::default().max_attempts(1);
        assert_eq!(decide(&one, 1, None), RetryDecision::GiveUp);
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
            let RetryDecision::RetryAfter(delay) = decide(&policy, 2, None) else {
                panic!("attempt 2 of 100 is retried")
            };
            assert!(delay <= Duration::from_millis(200));
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
            decide(&policy, 1, Some(Duration::from_secs(60))),
            RetryDecision::RetryAfter(Duration::from_secs(60))
        );
        assert_eq!(
            decide(&policy, 1, Some(Duration::from_secs(61))),
            RetryDecision::GiveUp
        );
        // The last attempt is the last, whatever the server says.
        assert_eq!(
            decide(&policy, 3, Some(Duration::from_secs(1))),
            RetryDecision::GiveUp
        );
    }

    #[test]
    fn the_server_wait_is_read_from_the_error() {
        let usage = RateLimitUsage {
            retry_after: Some(Duration::from_secs(5)),
            ..RateLimitUsage::default()
        };
        let throttled = Error::Decode {
            status: 429,
            message: String::new(),
            body_excerpt: String::new(),
            usage: Some(Box::new(usage)),
            call: None,
        };
        let failed = FailedAttempt::new(
            1,
            &throttled,
            Duration::from_millis(10),
            Some(Duration::from_secs(2)),
        );
        assert_eq!(failed.server_wait, Some(Duration::from_secs(5)));
        assert_eq!(failed.remaining, Some(Duration::from_secs(2)));
        // The policy asks for the wait; the request loop, not the policy,
        // refuses one that ends past the deadline.
        assert_eq!(
            RetryPolicy::default().decide(&failed),
            RetryDecision::RetryAfter(Duration::from_secs(5))
        );

        let graph = GraphError::from_json(400, &serde_json::json!({"code": 4})).unwrap();
        let plain = Error::from(graph);
        let failed = FailedAttempt::new(1, &plain, Duration::ZERO, None);
        assert_eq!(failed.server_wait, None);
    }

    #[test]
    fn a_shared_strategy_decides_like_the_strategy_it_shares() {
        #[derive(Debug)]
        struct Fixed;
        impl RetryStrategy for Fixed {
            fn decide(&self, failed: &FailedAttempt<'_>) -> RetryDecision {
                if failed.attempt < 2 {
                    RetryDecision::RetryAfter(Duration::from_millis(7))
                } else {
                    RetryDecision::GiveUp
                }
            }
        }
        let shared: Arc<dyn RetryStrategy> = Arc::new(Fixed);
        assert_eq!(
            decide(&shared, 1, None),
            RetryDecision::RetryAfter(Duration::from_millis(7))
        );
        assert_eq!(decide(&shared, 2, None), RetryDecision::GiveUp);
        let policy = Arc::new(RetryPolicy::none());
        assert_eq!(decide(&policy, 1, None), RetryDecision::GiveUp);
    }
}
