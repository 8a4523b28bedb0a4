//! Every kind of message on the wire: media by ID or link, location,
//! reaction, templates with each kind of parameter (carousel and
//! limited-time offer included), the interactive kinds beyond buttons, and
//! read receipts with a typing indicator. Each test checks the exact JSON
//! body and decodes an answer that carries a field and a status this
//! version does not know.

use serde_json::{Value, json};
use waba::{
    ActionParameter, ButtonAction, CaptionedMedia, CatalogAction, CatalogMessage,
    CatalogParameters, CurrencyParameter, CurrencyValue, DocumentMedia, FlowAction, FlowActionKind,
    FlowActionPayload, FlowMessage, FlowParameters, ImageParameter, Interactive, InteractiveBody,
    InteractiveFooter, LimitedTimeOffer, LimitedTimeOfferParameter, ListAction, ListMessage,
    ListRow, ListSection, LocationContent, LocationRequestAction, LocationRequestMessage, MediaId,
    MessageContent, PayloadParameter, PlainMedia, ProductAction, ProductItem, ProductListAction,
    ProductListMessage, ProductMessage, ProductSection, ReactionContent, SentMessageStatus,
    TemplateButtonComponent, TemplateButtonParameter, TemplateButtonSubType, TemplateCarousel,
    TemplateCarouselCard, TemplateLanguage, TemplateLanguagePolicy, TemplateMessage,
    TemplateMessageComponent, TemplateParameter, TemplateParameters, TextParameter,
    TypingIndicator, TypingIndicatorType,
};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path};
use wiremock::{Mock, ResponseTemplate};

/// Graph's answer to a send, with a status and a field this version does
/// not know.
fn answer() -> Value {
    json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": "15550100", "wa_id": "15550100", "display_name": "new field"}],
        "messages": [{"id": "wamid.SENT", "message_status": "queued_for_review"}],
        "billing_preview": {"unknown": true}
    })
}

/// Sends `content` to `15550100` and checks the body is exactly `expected`
/// beside `messaging_product` and `to`.
async fn sends(content: MessageContent, expected: Value) {
    let (server, client) = server_and_client().await;
    let mut body = json!({"messaging_product": "whatsapp", "to": "15550100"});
    body.as_object_mut()
        .unwrap()
        .extend(expected.as_object().unwrap().clone());
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-NUMBER-ID/messages")))
        .and(header("content-type", "application/json"))
        .and(header("authorization", bearer().as_str()))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer()))
        .expect(1)
        .mount(&server)
        .await;
    let sent = client
        .phone_number("PHONE-NUMBER-ID")
        .send_message("15550100", content)
        .await
        .unwrap();
    assert_eq!(sent.messages[0].id, "wamid.SENT");
    let status = sent.messages[0].message_status.clone().unwrap();
    assert!(matches!(status, SentMessageStatus::Unknown(_)));
    assert_eq!(status.as_str(), "queued_for_review");
    let raw = String::from_utf8(server.received_requests().await.unwrap()[0].body.clone()).unwrap();
    assert!(!raw.contains("null"), "{raw}");
}

#[tokio::test]
async fn media_goes_by_id_or_by_link_under_a_key_named_like_its_type() {
    sends(
        MessageContent::Image(CaptionedMedia {
            id: Some(MediaId::new("1037543291543636")),
            caption: Some("The receipt".into()),
            ..CaptionedMedia::default()
        }),
        json!({"type": "image", "image": {"id": "1037543291543636", "caption": "The receipt"}}),
    )
    .await;
    sends(
        MessageContent::Document(DocumentMedia {
            link: Some("https://example.com/invoice.pdf".into()),
            filename: Some("invoice.pdf".into()),
            ..DocumentMedia::default()
        }),
        json!({"type": "document", "document": {"link": "https://example.com/invoice.pdf", "filename": "invoice.pdf"}}),
    )
    .await;
    sends(
        MessageContent::Sticker(PlainMedia {
            id: Some(MediaId::new("798882015472548")),
            ..PlainMedia::default()
        }),
        json!({"type": "sticker", "sticker": {"id": "798882015472548"}}),
    )
    .await;
    sends(
        MessageContent::Audio(PlainMedia {
            link: Some("https://example.com/note.ogg".into()),
            ..PlainMedia::default()
        }),
        json!({"type": "audio", "audio": {"link": "https://example.com/note.ogg"}}),
    )
    .await;
    sends(
        MessageContent::Video(CaptionedMedia {
            link: Some("https://example.com/clip.mp4".into()),
            ..CaptionedMedia::default()
        }),
        json!({"type": "video", "video": {"link": "https://example.com/clip.mp4"}}),
    )
    .await;
}

#[tokio::test]
async fn a_location_and_a_reaction_carry_their_fields() {
    sends(
        MessageContent::Location(LocationContent {
            name: Some("Head office".into()),
            ..LocationContent::new(37.4847, -122.1477)
        }),
        json!({"type": "location", "location": {"latitude": 37.4847, "longitude": -122.1477, "name": "Head office"}}),
    )
    .await;
    sends(
        MessageContent::Reaction(ReactionContent::new("wamid.EARLIER", "\u{1F44D}")),
        json!({"type": "reaction", "reaction": {"message_id": "wamid.EARLIER", "emoji": "\u{1F44D}"}}),
    )
    .await;
}

#[tokio::test]
async fn a_template_fills_header_body_and_button_parameters_of_each_kind() {
    let template = TemplateMessage {
        components: Some(vec![
            TemplateMessageComponent::Header(TemplateParameters::new([TemplateParameter::Image(
                ImageParameter::new(CaptionedMedia {
                    link: Some("https://example.com/banner.png".into()),
                    ..CaptionedMedia::default()
                }),
            )])),
            TemplateMessageComponent::Body(TemplateParameters::new([
                TemplateParameter::Text(TextParameter {
                    parameter_name: Some("first_name".into()),
                    ..TextParameter::new("Ada")
                }),
                TemplateParameter::Currency(CurrencyParameter::new(CurrencyValue::new(
                    "$12.34", "USD", 12_340,
                ))),
            ])),
            TemplateMessageComponent::Button(TemplateButtonComponent {
                parameters: Some(vec![TemplateButtonParameter::Payload(
                    PayloadParameter::new("STOP"),
                )]),
                ..TemplateButtonComponent::new(TemplateButtonSubType::QuickReply, "0")
            }),
            TemplateMessageComponent::Button(TemplateButtonComponent {
                parameters: Some(vec![TemplateButtonParameter::Action(ActionParameter::new(
                    ButtonAction {
                        flow_token: Some("FLOW-TOKEN".into()),
                        ..ButtonAction::default()
                    },
                ))]),
                ..TemplateButtonComponent::new(TemplateButtonSubType::Flow, "1")
            }),
        ]),
        ..TemplateMessage::new(
            "order_update",
            TemplateLanguage {
                policy: Some(TemplateLanguagePolicy::Deterministic),
                ..TemplateLanguage::new("en_US")
            },
        )
    };
    sends(
        MessageContent::Template(template),
        json!({"type": "template", "template": {
            "name": "order_update",
            "language": {"code": "en_US", "policy": "deterministic"},
            "components": [
                {"type": "header", "parameters": [
                    {"type": "image", "image": {"link": "https://example.com/banner.png"}}
                ]},
                {"type": "body", "parameters": [
                    {"type": "text", "text": "Ada", "parameter_name": "first_name"},
                    {"type": "currency", "currency": {"fallback_value": "$12.34", "code": "USD", "amount_1000": 12340}}
                ]},
                {"type": "button", "sub_type": "quick_reply", "index": "0", "parameters": [
                    {"type": "payload", "payload": "STOP"}
                ]},
                {"type": "button", "sub_type": "flow", "index": "1", "parameters": [
                    {"type": "action", "action": {"flow_token": "FLOW-TOKEN"}}
                ]}
            ]
        }}),
    )
    .await;
}

#[tokio::test]
async fn a_carousel_and_a_limited_time_offer_nest_their_components() {
    let card = |index: u32, image: &str| {
        TemplateCarouselCard::new(
            index,
            [
                TemplateMessageComponent::Header(TemplateParameters::new([
                    TemplateParameter::Image(ImageParameter::new(CaptionedMedia {
                        id: Some(MediaId::new(image)),
                        ..CaptionedMedia::default()
                    })),
                ])),
                TemplateMessageComponent::Button(TemplateButtonComponent {
                    parameters: Some(vec![TemplateButtonParameter::Text(TextParameter::new(
                        format!("sku-{index}"),
                    ))]),
                    ..TemplateButtonComponent::new(TemplateButtonSubType::Url, "0")
                }),
            ],
        )
    };
    let carousel = TemplateMessage {
        components: Some(vec![
            TemplateMessageComponent::LimitedTimeOffer(TemplateParameters::new([
                TemplateParameter::LimitedTimeOffer(LimitedTimeOfferParameter::new(
                    LimitedTimeOffer::new(1_767_225_599_000),
                )),
            ])),
            TemplateMessageComponent::Carousel(TemplateCarousel::new([
                card(0, "111"),
                card(1, "222"),
            ])),
        ]),
        ..TemplateMessage::new("summer_sale", TemplateLanguage::new("en"))
    };
    let card_json = |index: u32, image: &str| {
        json!({"card_index": index, "components": [
            {"type": "header", "parameters": [{"type": "image", "image": {"id": image}}]},
            {"type": "button", "sub_type": "url", "index": "0", "parameters": [
                {"type": "text", "text": format!("sku-{index}")}
            ]}
        ]})
    };
    sends(
        MessageContent::Template(carousel),
        json!({"type": "template", "template": {
            "name": "summer_sale",
            "language": {"code": "en"},
            "components": [
                {"type": "limited_time_offer", "parameters": [
                    {"type": "limited_time_offer", "limited_time_offer": {"expiration_time_ms": 1_767_225_599_000_i64}}
                ]},
                {"type": "carousel", "cards": [card_json(0, "111"), card_json(1, "222")]}
            ]
        }}),
    )
    .await;
}

#[tokio::test]
async fn list_flow_product_catalog_and_location_request_messages() {
    let list = ListMessage {
        footer: Some(InteractiveFooter::new("Open until 6pm")),
        ..ListMessage::new(
            InteractiveBody::new("Pick a slot"),
            ListAction::new(
                "Slots",
                [ListSection {
                    title: Some("Tomorrow".into()),
                    ..ListSection::new([ListRow {
                        description: Some("Morning".into()),
                        ..ListRow::new("slot-9", "9:00")
                    }])
                }],
            ),
        )
    };
    sends(
        MessageContent::Interactive(Interactive::List(list)),
        json!({"type": "interactive", "interactive": {
            "type": "list",
            "body": {"text": "Pick a slot"},
            "footer": {"text": "Open until 6pm"},
            "action": {"button": "Slots", "sections": [
                {"title": "Tomorrow", "rows": [{"id": "slot-9", "title": "9:00", "description": "Morning"}]}
            ]}
        }}),
    )
    .await;

    let flow = FlowMessage::new(
        InteractiveBody::new("Book a table"),
        FlowAction::Flow(FlowParameters {
            flow_id: Some(waba::FlowId::new("1234567890")),
            flow_token: Some("FLOW-TOKEN".into()),
            flow_action: Some(FlowActionKind::Navigate),
            flow_action_payload: Some(FlowActionPayload {
                data: Some(json!({"party": 2})),
                ..FlowActionPayload::new("BOOKING")
            }),
            ..FlowParameters::new("3", "Book")
        }),
    );
    sends(
        MessageContent::Interactive(Interactive::Flow(flow)),
        json!({"type": "interactive", "interactive": {
            "type": "flow",
            "body": {"text": "Book a table"},
            "action": {"name": "flow", "parameters": {
                "flow_message_version": "3",
                "flow_id": "1234567890",
                "flow_cta": "Book",
                "flow_token": "FLOW-TOKEN",
                "flow_action": "navigate",
                "flow_action_payload": {"screen": "BOOKING", "data": {"party": 2}}
            }}
        }}),
    )
    .await;

    let product = ProductMessage::new(ProductAction::new(
        waba::ProductCatalogId::new("CATALOG-ID"),
        "sku-1",
    ));
    sends(
        MessageContent::Interactive(Interactive::Product(product)),
        json!({"type": "interactive", "interactive": {
            "type": "product",
            "action": {"catalog_id": "CATALOG-ID", "product_retailer_id": "sku-1"}
        }}),
    )
    .await;

    let products = ProductListMessage::new(
        waba::InteractiveHeader {
            text: Some("Summer".into()),
            ..waba::InteractiveHeader::new(waba::InteractiveHeaderType::Text)
        },
        InteractiveBody::new("Our picks"),
        ProductListAction::new(
            waba::ProductCatalogId::new("CATALOG-ID"),
            [ProductSection::new([
                ProductItem::new("sku-1"),
                ProductItem::new("sku-2"),
            ])],
        ),
    );
    sends(
        MessageContent::Interactive(Interactive::ProductList(products)),
        json!({"type": "interactive", "interactive": {
            "type": "product_list",
            "header": {"type": "text", "text": "Summer"},
            "body": {"text": "Our picks"},
            "action": {"catalog_id": "CATALOG-ID", "sections": [
                {"product_items": [{"product_retailer_id": "sku-1"}, {"product_retailer_id": "sku-2"}]}
            ]}
        }}),
    )
    .await;

    let catalog = CatalogMessage::new(
        InteractiveBody::new("Browse the shop"),
        CatalogAction::CatalogMessage(CatalogParameters {
            thumbnail_product_retailer_id: Some("sku-1".into()),
        }),
    );
    sends(
        MessageContent::Interactive(Interactive::CatalogMessage(catalog)),
        json!({"type": "interactive", "interactive": {
            "type": "catalog_message",
            "body": {"text": "Browse the shop"},
            "action": {"name": "catalog_message", "parameters": {"thumbnail_product_retailer_id": "sku-1"}}
        }}),
    )
    .await;

    let where_are_you = LocationRequestMessage::new(
        InteractiveBody::new("Where should we deliver?"),
        LocationRequestAction::SendLocation,
    );
    sends(
        MessageContent::Interactive(Interactive::LocationRequestMessage(where_are_you)),
        json!({"type": "interactive", "interactive": {
            "type": "location_request_message",
            "body": {"text": "Where should we deliver?"},
            "action": {"name": "send_location"}
        }}),
    )
    .await;
}

#[tokio::test]
async fn marking_as_read_sends_the_status_and_can_show_a_typing_indicator() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-NUMBER-ID/messages")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": "wamid.INBOUND",
            "typing_indicator": {"type": "text"}
        })))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "extra": 1})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let done = client
        .phone_number("PHONE-NUMBER-ID")
        .mark_as_read("wamid.INBOUND")
        .typing_indicator(TypingIndicator::new(TypingIndicatorType::Text))
        .await
        .unwrap();
    assert!(done.success);
}
