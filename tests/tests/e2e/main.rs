//! The generated client against a real HTTP server on loopback: the bytes
//! of every request, and the decoding of every documented response.

mod analytics;
mod auth;
mod batch;
mod block_users;
mod calling;
mod commerce;
mod errors;
mod extended;
mod flows;
mod groups;
mod media;
mod message_kinds;
mod messages;
mod operations;
mod paging;
mod paths;
mod phone_numbers;
mod templates;
