//! The floor for receiving a webhook: what a careful hand-written receiver
//! would do with the same delivery. HMAC-SHA256 of the body checked with
//! `hmac` (as the crate does), then plain `#[derive(Deserialize)]` structs:
//! the change as serde's own adjacently tagged enum, the message's payload
//! as one optional field per type, IDs, timestamps and enums as `String`.

// The fields exist to be decoded; nothing reads them back.
#![allow(dead_code)]

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// Checks `sha256=<hex>` against the body, then decodes it.
pub fn receive(secret: &[u8], header: &[u8], body: &[u8]) -> Option<Notification> {
    let hex_digits = header.strip_prefix(b"sha256=")?;
    let mut expected = [0u8; 32];
    hex::decode_to_slice(hex_digits, &mut expected).ok()?;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).ok()?;
    mac.update(body);
    mac.verify_slice(&expected).ok()?;
    serde_json::from_slice(body).ok()
}

#[derive(Debug, Deserialize)]
pub struct Notification {
    pub object: String,
    pub entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
pub struct Entry {
    pub id: String,
    pub time: Option<i64>,
    pub changes: Vec<Change>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum Change {
    Messages(MessagesValue),
}

#[derive(Debug, Deserialize)]
pub struct MessagesValue {
    pub messaging_product: Option<String>,
    pub metadata: Option<Metadata>,
    pub contacts: Option<Vec<Contact>>,
    pub messages: Option<Vec<Message>>,
}

#[derive(Debug, Deserialize)]
pub struct Metadata {
    pub display_phone_number: Option<String>,
    pub phone_number_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Contact {
    pub wa_id: Option<String>,
    pub profile: Option<Profile>,
}

#[derive(Debug, Deserialize)]
pub struct Profile {
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Message {
    pub from: String,
    pub id: String,
    pub timestamp: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub text: Option<Text>,
    pub image: Option<Media>,
    pub context: Option<Context>,
}

#[derive(Debug, Deserialize)]
pub struct Text {
    pub body: String,
}

#[derive(Debug, Deserialize)]
pub struct Media {
    pub id: String,
    pub mime_type: Option<String>,
    pub sha256: Option<String>,
    pub caption: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Context {
    pub from: Option<String>,
    pub id: Option<String>,
}
