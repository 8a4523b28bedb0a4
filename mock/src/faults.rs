//! Misbehaviour on purpose: Graph's throttling and transient errors, HTTP
//! 429, slow answers, cut connections, broken JSON, an expired token. A
//! rule applies to one operation or to every call, always or `n` times
//! (then the mock answers normally again).

use std::time::Duration;

use crate::graph_error::GraphError;

/// One way to misbehave.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Fault {
    /// Graph's throttling error `code` (80008 for a WhatsApp Business
    /// Account's calls, 130429 for Cloud API throughput, 4, 17, ...), with
    /// `X-Business-Use-Case-Usage` at 100% and
    /// `estimated_time_to_regain_access` of `wait_minutes`.
    Throttle { code: i64, wait_minutes: u64 },
    /// A transient server error with this status (500, 503): code 2,
    /// `is_transient: true`.
    ServerError { status: u16 },
    /// HTTP 429 with `Retry-After: retry_after_secs` and no Graph body.
    TooManyRequests { retry_after_secs: u64 },
    /// The answer starts only after this long: long enough, a client
    /// timeout.
    Delay(Duration),
    /// The head comes at once; the body's second half after this long.
    SlowBody(Duration),
    /// The connection is closed without an answer.
    ConnectionReset,
    /// A 200 whose body is not JSON.
    MalformedJson,
    /// A 200 whose JSON stops half way.
    TruncatedJson,
    /// Error 190, subcode 463: the token has expired.
    ExpiredToken,
    /// Any Graph error.
    Graph(GraphError),
}

impl Fault {
    /// Throttling with `code` and no wait announced.
    pub fn throttle(code: i64) -> Self {
        Fault::Throttle {
            code,
            wait_minutes: 0,
        }
    }

    /// Only for the operation named `operation` (`PhoneNumber.send_message`;
    /// the names are `MockServer::operations`).
    pub fn on(self, operation: &str) -> FaultRule {
        FaultRule::from(self).on(operation)
    }

    /// Only for the next `n` matching calls.
    pub fn times(self, n: u32) -> FaultRule {
        FaultRule::from(self).times(n)
    }
}

/// A fault, which calls it applies to, and how many times.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    pub fault: Fault,
    /// The operation it applies to; every call when `None`.
    pub operation: Option<String>,
    /// How many more calls it applies to; always when `None`.
    pub remaining: Option<u32>,
}

impl From<Fault> for FaultRule {
    fn from(fault: Fault) -> Self {
        FaultRule {
            fault,
            operation: None,
            remaining: None,
        }
    }
}

impl FaultRule {
    /// Only for the operation named `operation`.
    pub fn on(mut self, operation: &str) -> Self {
        self.operation = Some(operation.to_owned());
        self
    }

    /// Only for the next `n` matching calls.
    pub fn times(mut self, n: u32) -> Self {
        self.remaining = Some(n);
        self
    }
}

/// The rules in force.
#[derive(Debug, Default)]
pub struct Faults(Vec<FaultRule>);

impl Faults {
    pub fn add(&mut self, rule: FaultRule) {
        self.0.push(rule);
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The fault for a call to `operation` (`None`: a call no operation
    /// matched), using up one of its times. The first rule added wins.
    pub fn take(&mut self, operation: Option<&str>) -> Option<Fault> {
        let at = self.0.iter().position(|rule| match &rule.operation {
            Some(wanted) => Some(wanted.as_str()) == operation,
            None => true,
        })?;
        let rule = &mut self.0[at];
        let fault = rule.fault.clone();
        if let Some(remaining) = &mut rule.remaining {
            *remaining -= 1;
            if *remaining == 0 {
                self.0.remove(at);
            }
        }
        Some(fault)
    }
}
