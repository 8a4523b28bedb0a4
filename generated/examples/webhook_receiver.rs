//! A webhook receiver: answers Graph's subscription handshake and prints
//! every verified delivery, typed.
//!
//! ```sh
//! WABA_APP_SECRET=... WABA_VERIFY_TOKEN=... \
//!   cargo run -p waba --example webhook_receiver --features axum
//! ```
//!
//! It listens on `127.0.0.1:8080` (or `WABA_LISTEN`), path `/webhooks`;
//! put it behind the HTTPS URL you give Meta as the callback URL. To try it
//! without Meta, sign a sample delivery with the same secret and post it:
//!
//! ```sh
//! body=tests/fixtures/webhooks/message_text.json
//! sig=$(openssl dgst -sha256 -hmac "$WABA_APP_SECRET" < $body | sed 's/.*= //')
//! curl -i localhost:8080/webhooks -H "X-Hub-Signature-256: sha256=$sig" --data-binary @$body
//! ```

use waba::webhooks::{Change, Notification, WebhookReceiver, router};
use waba::{InboundContent, InteractiveReply};

fn env(name: &str) -> Result<String, Box<dyn std::error::Error>> {
    std::env::var(name).map_err(|_| format!("set {name}").into())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let receiver = WebhookReceiver::new(env("WABA_APP_SECRET")?, env("WABA_VERIFY_TOKEN")?);
    let listen = std::env::var("WABA_LISTEN").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());

    // The router answers Graph at once; the deliveries are printed here,
    // off the request path.
    let (events, mut inbox) = tokio::sync::mpsc::unbounded_channel();
    let app = axum::Router::new().nest(
        "/webhooks",
        router(receiver, move |delivery| {
            let _ = events.send(delivery);
        }),
    );
    tokio::spawn(async move {
        while let Some(delivery) = inbox.recv().await {
            print_delivery(&delivery);
        }
    });

    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("listening on http://{listen}/webhooks");
    axum::serve(listener, app).await?;
    Ok(())
}

fn print_delivery(delivery: &Notification) {
    for entry in &delivery.entry {
        for change in &entry.changes {
            print!("account {} / {}: ", entry.id, change.field());
            match change {
                Change::Messages(value) => {
                    for message in value.messages.iter().flatten() {
                        print!("message {} from {}: ", message.id, message.from);
                        match &message.content {
                            InboundContent::Text(text) => println!("{:?}", text.body),
                            InboundContent::Image(media) | InboundContent::Document(media) => {
                                println!("media {} ({:?})", media.id, media.mime_type)
                            }
                            InboundContent::Interactive(InteractiveReply::ButtonReply(choice)) => {
                                println!("tapped {:?}", choice.id)
                            }
                            InboundContent::Interactive(InteractiveReply::NfmReply(flow)) => {
                                println!("flow answered: {}", flow.response_json)
                            }
                            InboundContent::Unknown(other) => {
                                println!("a `{}` message, kept as {}", other.tag(), other.raw())
                            }
                            other => println!("{other:?}"),
                        }
                    }
                    for status in value.statuses.iter().flatten() {
                        println!("message {} is now {}", status.id, status.status);
                    }
                    for error in value.errors.iter().flatten() {
                        println!("error {}: {:?}", error.code, error.message);
                    }
                }
                Change::MessageTemplateStatusUpdate(update) => println!(
                    "template {} ({:?}): {}",
                    update.message_template_id, update.message_template_name, update.event
                ),
                Change::PhoneNumberQualityUpdate(update) => println!(
                    "{:?}: {} (limit {:?})",
                    update.display_phone_number, update.event, update.current_limit
                ),
                Change::Unknown(unknown) => {
                    println!("not known to this version: {}", unknown.raw())
                }
                other => println!("{other:?}"),
            }
        }
    }
}
