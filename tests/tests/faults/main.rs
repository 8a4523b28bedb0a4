//! Fault injection on loopback: every hostile or broken response, for each
//! kind of operation, yields a typed error (never a panic, never a hang),
//! and the retry policy does what it promises.
//!
//! Scenario count (stated in the README): `hostile.rs` checks 42 fault ×
//! operation cells (11 faults × 4 operation kinds, less "`id` a number" for
//! the two writes, whose `Success` result has no `id`), and `retries.rs`
//! has 10 retry scenarios: 52 in all.

mod hostile;
mod ops;
mod retries;
