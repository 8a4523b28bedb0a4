//! The generated client against a real HTTP server on loopback: the bytes
//! of every request, and the decoding of every documented response.

mod auth;
mod errors;
mod extended;
mod messages;
mod operations;
mod paging;
