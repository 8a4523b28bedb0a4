//! Webhooks for what happens in the mock's state, in Graph's documented
//! shape and signed as Meta signs them (`X-Hub-Signature-256: sha256=`
//! HMAC-SHA256 of the body keyed with the app secret):
//!
//! - a sent message (an answer carrying `messages[].id`) is followed by its
//!   `sent`, `delivered` and `read` statuses on the `messages` field;
//! - a created message template is approved, with a
//!   `message_template_status_update`.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::store::Store;

/// Meta's type name of message templates.
const TEMPLATE_TYPE: &str = "WhatsAppBusinessHSM";

/// Where to deliver, and the secret to sign with.
#[derive(Debug, Clone)]
pub struct WebhookTarget {
    pub url: String,
    pub app_secret: String,
}

/// A webhook the mock sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// The change's `field` (`messages`, `message_template_status_update`).
    pub field: String,
    /// The whole payload as sent.
    pub payload: Value,
    /// `X-Hub-Signature-256` as sent.
    pub signature: String,
    /// The receiver's status, or `None` when it could not be reached.
    pub status: Option<u16>,
}

/// `sha256=<hex>` of `body` keyed with `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The payloads a call's outcome causes, in delivery order. `owner` is
/// the ID in the call's path, `answer` what was answered, `created` the
/// node the call made. May change the state (a template is approved).
pub fn events(
    store: &mut Store,
    owner: &str,
    answer: &Value,
    created: Option<&str>,
) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let account =
        |store: &Store, id: &str| store.owner_of(id, "phone_numbers").unwrap_or(id).to_owned();
    if let Some(messages) = answer.get("messages").and_then(Value::as_array) {
        let phone = store.get(owner);
        let display = phone
            .and_then(|p| p.fields.get("display_phone_number"))
            .cloned()
            .unwrap_or(Value::Null);
        let recipient = answer
            .pointer("/contacts/0/wa_id")
            .cloned()
            .unwrap_or(Value::Null);
        let waba = account(store, owner);
        for message in messages {
            let Some(wamid) = message.get("id") else {
                continue;
            };
            for status in ["sent", "delivered", "read"] {
                let value = json!({
                    "messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": display, "phone_number_id": owner},
                    "statuses": [{
                        "id": wamid,
                        "status": status,
                        "timestamp": now(),
                        "recipient_id": recipient,
                    }],
                });
                out.push(("messages".to_owned(), envelope(&waba, "messages", value)));
            }
        }
    }
    if let Some(id) = created
        && let Some(node) = store.get_mut(id)
        && crate::image::Image::get()
            .node(&node.node_type)
            .is_some_and(|def| def.graph_type == TEMPLATE_TYPE)
    {
        node.fields
            .insert("status".to_owned(), Value::from("APPROVED"));
        let name = node.fields.get("name").cloned().unwrap_or(Value::Null);
        let language = node.fields.get("language").cloned().unwrap_or(Value::Null);
        let value = json!({
            "event": "APPROVED",
            "message_template_id": id.parse::<u64>().map_or(Value::from(id), Value::from),
            "message_template_name": name,
            "message_template_language": language,
            "reason": "NONE",
        });
        let field = "message_template_status_update";
        out.push((field.to_owned(), envelope(owner, field, value)));
    }
    out
}

fn envelope(account: &str, field: &str, value: Value) -> Value {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": account, "changes": [{"field": field, "value": value}]}],
    })
}

fn now() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .to_string()
}

/// Sends `payloads` in order to `target`, recording each delivery.
pub async fn deliver(
    client: reqwest::Client,
    target: WebhookTarget,
    payloads: Vec<(String, Value)>,
    log: Arc<Mutex<Vec<Delivery>>>,
) {
    for (field, payload) in payloads {
        let body = payload.to_string();
        let signature = signature(&target.app_secret, body.as_bytes());
        let status = client
            .post(&target.url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", &signature)
            .body(body)
            .send()
            .await
            .ok()
            .map(|r| r.status().as_u16());
        if let Ok(mut log) = log.lock() {
            log.push(Delivery {
                field,
                payload,
                signature,
                status,
            });
        }
    }
}
