//! A call's time budget: when it started, when its deadline falls, and
//! whether an attempt or a wait still fits before it.
//!
//! One clock runs per call, started before the first attempt, so that every
//! attempt and every wait between attempts counts against the same deadline.
//! A stream starts one per page request.

use std::time::Duration;

use tokio::time::Instant;

use super::error::CallStats;

/// The clock of one call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallClock {
    started: Instant,
    /// When the deadline falls: `None` without a deadline, or with one too
    /// far away for the clock to represent (such as `Duration::MAX`), which
    /// amounts to none.
    ends: Option<Instant>,
}

impl CallClock {
    /// Starts the clock of a call that must end within `deadline`, if any.
    pub(crate) fn start(deadline: Option<Duration>) -> Self {
        let started = Instant::now();
        Self {
            started,
            ends: deadline.and_then(|deadline| started.checked_add(deadline)),
        }
    }

    /// The time since the call started.
    pub(crate) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The time left before the deadline: `None` without one, zero once it
    /// has passed.
    pub(crate) fn remaining(&self) -> Option<Duration> {
        self.ends
            .map(|ends| ends.saturating_duration_since(Instant::now()))
    }

    /// Whether waiting `delay` would still leave time for another attempt.
    /// A wait that ends at or past the deadline is pointless: the attempt
    /// after it would be abandoned before it started.
    pub(crate) fn leaves_time_after(&self, delay: Duration) -> bool {
        self.remaining().is_none_or(|left| delay < left)
    }

    /// When the deadline falls, if it can: an attempt still running then
    /// is abandoned. The attempt's own timeout still applies; this only
    /// makes it shorter when the deadline comes first.
    pub(crate) fn ends(&self) -> Option<Instant> {
        self.ends
    }

    /// What the call went through so far, after `attempts` attempts.
    pub(crate) fn stats(&self, attempts: u32) -> CallStats {
        CallStats::new(attempts, self.elapsed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_deadline_everything_fits() {
        let clock = CallClock::start(None);
        assert_eq!(clock.remaining(), None);
        assert!(clock.leaves_time_after(Duration::MAX));
        // Too far away to represent: the same as none, never an overflow.
        let far = CallClock::start(Some(Duration::MAX));
        assert_eq!(far.remaining(), None);
        assert!(far.leaves_time_after(Duration::from_secs(3600)));
    }

    #[test]
    fn a_wait_must_end_before_the_deadline() {
        let clock = CallClock::start(Some(Duration::from_secs(60)));
        let left = clock.remaining().unwrap();
        assert!(left <= Duration::from_secs(60) && left > Duration::from_secs(50));
        assert!(clock.leaves_time_after(Duration::ZERO));
        assert!(clock.leaves_time_after(Duration::from_secs(1)));
        assert!(!clock.leaves_time_after(Duration::from_secs(60)));
        assert!(!clock.leaves_time_after(Duration::from_secs(61)));
    }

    #[tokio::test]
    async fn a_passed_deadline_leaves_nothing() {
        let clock = CallClock::start(Some(Duration::from_millis(1)));
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert_eq!(clock.remaining(), Some(Duration::ZERO));
        assert!(!clock.leaves_time_after(Duration::ZERO));
        assert!(clock.elapsed() >= Duration::from_millis(5));
        let stats = clock.stats(2);
        assert_eq!(stats.attempts, 2);
        assert!(stats.elapsed >= Duration::from_millis(5));
    }

    #[test]
    fn the_deadline_falls_that_long_after_the_start() {
        let clock = CallClock::start(Some(Duration::from_millis(20)));
        assert_eq!(
            clock.ends(),
            Some(clock.started + Duration::from_millis(20))
        );
        assert_eq!(CallClock::start(None).ends(), None);
        assert_eq!(CallClock::start(Some(Duration::MAX)).ends(), None);
    }
}
