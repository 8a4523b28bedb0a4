//! The generated client against a real HTTP server on loopback: the bytes
//! of every request, and the decoding of every documented response.

mod accounts;
mod analytics;
mod auth;
mod batch;
mod billing;
mod block_users;
mod business_profiles;
mod calling;
mod commerce;
mod errors;
mod extended;
mod flows;
mod groups;
mod marketing_messages;
mod media;
mod message_history;
mod message_kinds;
mod messages;
mod mobility;
mod operations;
mod paging;
mod paths;
mod phone_numbers;
mod preverified_numbers;
mod solutions;
mod templates;
