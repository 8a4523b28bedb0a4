//! Fault injection on loopback: every hostile or broken response, for each
//! kind of operation, yields a typed error (never a panic, never a hang),
//! the retry policy does what it promises, and the deadline bounds a call.
//!
//! Scenario count (stated in the README): `hostile.rs` checks 42 fault ×
//! operation cells (11 faults × 4 operation kinds, less "`id` a number" for
//! the two writes, whose `Success` result has no `id`), `retries.rs` has 17
//! retry scenarios and `deadline.rs` 6 deadline scenarios: 65 in all.

mod deadline;
mod hostile;
mod ops;
mod retries;
