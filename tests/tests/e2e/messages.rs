//! Sending messages: a JSON body on the wire (no `null`s, the content's
//! `type` and payload beside `to`, nested unions in each layout), and the
//! decoding of the answer and of union values.

use serde_json::json;
use waba::{
    ButtonMessage, ButtonReply, CtaUrlAction, CtaUrlMessage, CtaUrlParameters, Error, Interactive,
    InteractiveBody, InteractiveFooter, InteractiveHeader, InteractiveHeaderType, MessageContent,
    MessageContext, RecipientType, ReplyButton, ReplyButtons, SentMessageStatus, TextContent,
};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_json, body_string, header, method, path as url_path};
use wiremock::{Mock, ResponseTemplate};

fn sent(status: Option<&str>) -> serde_json::Value {
    let mut message = json!({"id": "wamid.HBgLMTU1NTAxMDA="});
    if let Some(status) = status {
        message["message_status"] = json!(status);
    }
    json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": "15550100", "wa_id": "15550100"}],
        "messages": [message]
    })
}

#[tokio::test]
async fn a_text_message_puts_type_and_text_beside_to_and_sends_no_nulls() {
    let (server, client) = server_and_client().await;
    let expected =
        r#"{"messaging_product":"whatsapp","to":"15550100","type":"text","text":{"body":"Hello"}}"#;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-NUMBER-ID/messages")))
        .and(header("content-type", "application/json"))
        .and(header("authorization", bearer().as_str()))
        .and(body_string(expected))
        .and(body_json(json!({
            "messaging_product": "whatsapp",
            "to": "15550100",
            "type": "text",
            "text": {"body": "Hello"}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(sent(None)))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client
        .phone_number("PHONE-NUMBER-ID")
        .send_message("15550100", MessageContent::Text(TextContent::new("Hello")))
        .await
        .unwrap();
    assert_eq!(answer.messages.len(), 1);
    assert_eq!(answer.messages[0].id, "wamid.HBgLMTU1NTAxMDA=");
    assert_eq!(answer.messages[0].message_status, None);
    let contacts = answer.contacts.unwrap();
    assert_eq!(contacts[0].wa_id.as_deref(), Some("15550100"));
}

#[tokio::test]
async fn a_reply_button_message_nests_an_internal_union_in_a_keyed_one_and_replies() {
    let (server, client) = server_and_client().await;
    let expected = json!({
        "messaging_product": "whatsapp",
        "to": "15550100",
        "type": "interactive",
        "interactive": {
            "type": "button",
            "header": {"type": "text", "text": "Order 42"},
            "body": {"text": "Is this right?"},
            "footer": {"text": "Reply within a day"},
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                {"type": "reply", "reply": {"id": "no", "title": "No"}}
            ]}
        },
        "recipient_type": "individual",
        "context": {"message_id": "wamid.EARLIER"}
    });
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-NUMBER-ID/messages")))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(sent(Some("accepted"))))
        .expect(1)
        .mount(&server)
        .await;

    let buttons = ButtonMessage {
        header: Some(InteractiveHeader {
            text: Some("Order 42".into()),
            ..InteractiveHeader::new(InteractiveHeaderType::Text)
        }),
        footer: Some(InteractiveFooter::new("Reply within a day")),
        ..ButtonMessage::new(
            InteractiveBody::new("Is this right?"),
            ReplyButtons::new([
                ReplyButton::Reply(ButtonReply::new("yes", "Yes")),
                ReplyButton::Reply(ButtonReply::new("no", "No")),
            ]),
        )
    };
    let answer = client
        .phone_number("PHONE-NUMBER-ID")
        .send_message(
            "15550100",
            MessageContent::Interactive(Interactive::Button(buttons)),
        )
        .recipient_type(RecipientType::Individual)
        .context(MessageContext::new("wamid.EARLIER"))
        .await
        .unwrap();
    assert_eq!(
        answer.messages[0].message_status,
        Some(SentMessageStatus::Accepted)
    );

    let requests = server.received_requests().await.unwrap();
    let raw = String::from_utf8(requests[0].body.clone()).unwrap();
    assert!(!raw.contains("null"), "{raw}");
    // The content's keys sit in the body itself, after the parameters set before it.
    assert!(
        raw.starts_with(r#"{"messaging_product":"whatsapp","to":"15550100","type":"interactive","interactive":{"type":"button","#),
        "{raw}"
    );
}

#[tokio::test]
async fn a_link_button_message_puts_its_button_under_parameters() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-NUMBER-ID/messages")))
        .and(body_json(json!({
            "messaging_product": "whatsapp",
            "to": "15550100",
            "type": "interactive",
            "interactive": {
                "type": "cta_url",
                "body": {"text": "Your receipt"},
                "action": {
                    "name": "cta_url",
                    "parameters": {"display_text": "Open", "url": "https://example.com/r/1"}
                }
            }
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(sent(None)))
        .expect(1)
        .mount(&server)
        .await;

    let link = CtaUrlMessage::new(
        InteractiveBody::new("Your receipt"),
        CtaUrlAction::CtaUrl(CtaUrlParameters::new("Open", "https://example.com/r/1")),
    );
    client
        .phone_number("PHONE-NUMBER-ID")
        .send_message(
            "15550100",
            MessageContent::Interactive(Interactive::CtaUrl(link)),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn an_answer_without_the_sent_messages_is_a_decode_error() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-NUMBER-ID/messages")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"messaging_product": "whatsapp"})),
        )
        .mount(&server)
        .await;
    let error = client
        .phone_number("PHONE-NUMBER-ID")
        .send_message("15550100", MessageContent::Text(TextContent::new("Hi")))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[test]
fn unions_decode_in_each_layout_and_round_trip() {
    let text: MessageContent = serde_json::from_value(
        json!({"type": "text", "text": {"body": "Hi", "preview_url": true}}),
    )
    .unwrap();
    assert_eq!(
        text,
        MessageContent::Text(TextContent {
            preview_url: Some(true),
            ..TextContent::new("Hi")
        })
    );
    let link = json!({
        "type": "cta_url",
        "body": {"text": "Go"},
        "action": {"name": "cta_url", "parameters": {"display_text": "Open", "url": "https://e.x"}}
    });
    let decoded: Interactive = serde_json::from_value(link.clone()).unwrap();
    assert!(matches!(&decoded, Interactive::CtaUrl(m) if m.body.text == "Go"));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), link);
}

#[test]
fn an_unknown_tag_decodes_to_unknown_keeping_the_raw_json() {
    let raw = json!({"type": "poll", "poll": {"question": "Lunch?"}});
    let content: MessageContent = serde_json::from_value(raw.clone()).unwrap();
    let MessageContent::Unknown(unknown) = &content else {
        panic!("{content:?}");
    };
    assert_eq!(unknown.tag(), "poll");
    assert_eq!(unknown.raw(), &raw);
    // Sent back as it came.
    assert_eq!(serde_json::to_value(&content).unwrap(), raw);
}

#[test]
fn a_known_tag_with_a_bad_payload_or_no_tag_is_an_error() {
    for bad in [
        json!({"type": "text", "text": {"preview_url": true}}),
        json!({"type": "text"}),
        json!({"text": {"body": "Hi"}}),
        json!({"type": 7}),
        json!("text"),
    ] {
        assert!(
            serde_json::from_value::<MessageContent>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}
