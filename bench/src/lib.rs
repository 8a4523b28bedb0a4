//! Shared pieces of the `waba` benchmarks: realistic response bodies, the
//! hand-written floor types they are measured against, a loopback HTTP
//! server answering with fixed bodies, and a counting allocator.
//!
//! The benches themselves live in `benches/`; run them with `cargo bench -p
//! waba-bench`. See README.md, "Performance".

pub mod alloc;
pub mod client;
pub mod fixtures;
pub mod floor;
pub mod server;
pub mod webhook_floor;

use std::time::Duration;

/// Criterion settings every bench shares: short runs, so the whole
/// `cargo bench` takes minutes on two cores.
pub fn short_runs() -> criterion::Criterion {
    criterion::Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}
