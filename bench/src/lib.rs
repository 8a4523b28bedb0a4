//! Shared pieces of the `waba` benchmarks: realistic response bodies, the
//! hand-written floor types they are measured against, a loopback HTTP
//! server answering with fixed bodies, and a counting allocator.
//!
//! The benches themselves live in `benches/`; run them with `cargo bench -p
//! waba-bench`. See README.md, "Performance".

pub mod alloc;
pub mod fixtures;
pub mod floor;
pub mod server;
