//! Commerce settings and conversational automation on the wire: the
//! commerce switches go in the query string of a POST, the settings are
//! read from `data`, and the automation is one JSON body.

use serde_json::json;
use waba::{BotCommand, BusinessBotField};
use waba_tests::{path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn commerce_settings_are_written_in_the_query_and_read_from_data() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/whatsapp_commerce_settings")))
        .and(query_param("is_catalog_visible", "true"))
        .and(query_param("is_cart_enabled", "false"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-ID/whatsapp_commerce_settings")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "COMMERCE-ID", "is_catalog_visible": true, "is_cart_enabled": false,
                      "checkout_mode": "ignored"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let phone = client.phone_number("PHONE-ID");
    let done = phone
        .update_commerce_settings()
        .is_catalog_visible(true)
        .is_cart_enabled(false)
        .await
        .unwrap();
    assert!(done.success);
    let received = server.received_requests().await.unwrap();
    assert!(received[0].body.is_empty(), "the switches go in the query");
    let settings = phone.commerce_settings().await.unwrap();
    assert_eq!(settings[0].is_catalog_visible, Some(true));
    assert_eq!(settings[0].is_cart_enabled, Some(false));
}

#[tokio::test]
async fn conversational_automation_is_one_json_body() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/conversational_automation")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "enable_welcome_message": true,
            "prompts": ["What are today's specials?", "Can I order for tomorrow?"],
            "commands": [{"command_name": "hours", "command_description": "Opening hours"}]
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let done = client
        .phone_number("PHONE-ID")
        .configure_conversational_automation()
        .enable_welcome_message(true)
        .prompts(["What are today's specials?", "Can I order for tomorrow?"])
        .commands([BotCommand::new("hours", "Opening hours")])
        .await
        .unwrap();
    assert!(done.success);
}

#[tokio::test]
async fn the_stored_automation_is_read_on_its_id() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("BOT-ID")))
        .and(query_param("fields", "prompts,commands"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "BOT-ID",
            "prompts": ["What are today's specials?"],
            "commands": [{"command_name": "hours", "command_description": "Opening hours"}],
            "locale": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let bot = client
        .business_bot("BOT-ID")
        .get()
        .fields([BusinessBotField::Prompts, BusinessBotField::Commands])
        .await
        .unwrap();
    assert_eq!(bot.prompts.unwrap(), ["What are today's specials?"]);
    assert_eq!(
        bot.commands.unwrap()[0],
        BotCommand::new("hours", "Opening hours")
    );
}
