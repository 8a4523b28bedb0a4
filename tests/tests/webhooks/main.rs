//! Receiving webhooks: every sample delivery decodes into its typed change
//! and round-trips through serde; forward compatibility; the signature and
//! handshake checks; and a real axum server on loopback fed by reqwest.

mod handshake;
mod samples;
mod server;
mod signature;
