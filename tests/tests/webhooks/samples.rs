//! The sample deliveries of `tests/fixtures/webhooks/`, written for these
//! tests (our values): each decodes after its signature is checked,
//! round-trips through serde, and is pinned by a snapshot of its typed
//! value. Together they cover every field of the spec's `[[webhook]]` and
//! every message type.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use waba::webhooks::{Change, Field, Notification, WebhookReceiver, sign};
use waba::{
    DeliveryStatus, InboundContent, InteractiveReply, QualityUpdateEvent, TemplateStatusEvent,
};

const SECRET: &str = "sample-app-secret";

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/webhooks");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn receive(body: &[u8]) -> Notification {
    let receiver = WebhookReceiver::new(SECRET, "token");
    let signature = sign(&SECRET.into(), body);
    receiver
        .receive(Some(signature.as_bytes()), body)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn changes(delivery: &Notification) -> impl Iterator<Item = &Change> {
    delivery.entry.iter().flat_map(|e| &e.changes)
}

#[test]
fn every_sample_decodes_round_trips_and_matches_its_snapshot() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 40, "{} samples", fixtures.len());
    for (name, body) in fixtures {
        let delivery = receive(&body);
        assert_eq!(delivery.object, "whatsapp_business_account", "{name}");
        assert!(!delivery.entry.is_empty(), "{name}");
        // Known samples hold no unknown change; the unknown one holds one.
        let unknown = changes(&delivery)
            .filter(|c| matches!(c, Change::Unknown(_)))
            .count();
        assert_eq!(unknown, usize::from(name.starts_with("unknown")), "{name}");
        // Encoded and decoded again, the value is the same.
        let encoded = serde_json::to_vec(&delivery).unwrap();
        let again: Notification = serde_json::from_slice(&encoded).unwrap();
        assert_eq!(again, delivery, "{name} does not round-trip");
        insta::assert_debug_snapshot!(name, delivery);
    }
}

#[test]
fn the_samples_cover_every_field_and_every_message_type() {
    let mut fields = BTreeSet::new();
    let mut types = BTreeSet::new();
    for (_, body) in fixtures() {
        for change in changes(&receive(&body)) {
            fields.insert(change.field().as_str().to_owned());
            if let Change::Messages(value) = change {
                for message in value.messages.iter().flatten() {
                    let raw = serde_json::to_value(&message.content).unwrap();
                    types.insert(raw["type"].as_str().unwrap().to_owned());
                }
            }
        }
    }
    // Every field the spec declares.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let source = waba_codegen::read_spec(root).unwrap();
    let spec = waba_codegen::parse::parse(&source).unwrap();
    for field in spec.webhook.iter().flat_map(|w| &w.field) {
        assert!(
            fields.contains(field.name.get_ref()),
            "no sample for the field `{}`",
            field.name.get_ref()
        );
    }
    // Every message type the issue lists, and every union variant.
    let union = spec
        .unions
        .iter()
        .find(|u| u.name.get_ref() == "InboundContent")
        .unwrap();
    for variant in &union.variant {
        assert!(
            types.contains(variant.value.get_ref()),
            "no sample of a `{}` message",
            variant.value.get_ref()
        );
    }
}

/// Forward compatible: a field, a message type, an interactive type and
/// enum values this version does not know, beside known changes in the
/// same delivery, all decode, keep what was sent, and fail nothing else.
#[test]
fn unknown_fields_types_and_values_are_kept_and_fail_nothing() {
    let body = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/webhooks/unknown_field_type_and_values.json"),
    )
    .unwrap();
    let delivery = receive(&body);
    let changes: Vec<&Change> = changes(&delivery).collect();
    assert_eq!(changes.len(), 4);

    let Change::Unknown(drone) = changes[0] else {
        panic!("{:?}", changes[0])
    };
    assert_eq!(drone.tag(), "business_drones_update");
    assert_eq!(drone.raw()["value"]["drone"], "DR-7");
    assert_eq!(changes[0].field(), Field::from("business_drones_update"));
    assert_eq!(changes[0].field().as_str(), "business_drones_update");

    let Change::Messages(messages) = changes[1] else {
        panic!("{:?}", changes[1])
    };
    let list = messages.messages.as_ref().unwrap();
    let InboundContent::Unknown(hologram) = &list[0].content else {
        panic!("{:?}", list[0].content)
    };
    assert_eq!(hologram.tag(), "hologram");
    assert_eq!(hologram.raw()["hologram"]["frames"], 24);
    // The common fields of the message still decode.
    assert_eq!(list[0].id, "wamid.VW5rbm93blR5cGUwMDE=");
    let InboundContent::Interactive(InteractiveReply::Unknown(carousel)) = &list[1].content else {
        panic!("{:?}", list[1].content)
    };
    assert_eq!(carousel.tag(), "carousel_reply");
    let status = &messages.statuses.as_ref().unwrap()[0];
    assert!(matches!(status.status, DeliveryStatus::Unknown(_)));
    assert_eq!(status.status.as_str(), "teleported");
    let pricing = status.pricing.as_ref().unwrap();
    assert_eq!(
        pricing.pricing_model.as_ref().unwrap().as_str(),
        "FUTURE_MODEL"
    );

    let Change::PhoneNumberQualityUpdate(quality) = changes[2] else {
        panic!("{:?}", changes[2])
    };
    assert!(matches!(quality.event, QualityUpdateEvent::Unknown(_)));
    assert_eq!(quality.event.as_str(), "SIDEGRADE");

    let Change::MessageTemplateStatusUpdate(template) = changes[3] else {
        panic!("{:?}", changes[3])
    };
    assert_eq!(template.event.as_str(), "HIBERNATED");
    assert!(matches!(template.event, TemplateStatusEvent::Unknown(_)));
    // An ID sent as a string decodes like one sent as a number.
    assert_eq!(template.message_template_id.as_str(), "1402286645917720");
}

/// IDs in payloads are the client's own types: a phone number ID from a
/// webhook goes straight to `client.phone_number(..)`.
#[test]
fn ids_in_payloads_are_the_clients_own_types() {
    let body = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/webhooks/message_image.json"),
    )
    .unwrap();
    let delivery = receive(&body);
    let entry = &delivery.entry[0];
    let _: &waba::WhatsAppBusinessAccountId = &entry.id;
    let Change::Messages(value) = &entry.changes[0] else {
        panic!()
    };
    let phone: waba::PhoneNumberId = value
        .metadata
        .as_ref()
        .unwrap()
        .phone_number_id
        .clone()
        .unwrap();
    let client = waba::Client::builder()
        .access_token("test-token")
        .build()
        .unwrap();
    let _handle = client.phone_number(phone);
    let InboundContent::Image(image) = &value.messages.as_ref().unwrap()[0].content else {
        panic!()
    };
    let _media: &waba::MediaId = &image.id;
    let _ = client.media(image.id.clone());
}
