//! The calling area on the wire: every call action is one JSON body whose
//! `action` decides its other keys, call permissions are read with the
//! user in the query, and the phone number's settings are read and written
//! as nested JSON. Answers keep values this version does not know and
//! ignore unknown fields.

use serde_json::json;
use waba::{
    CallAction, CallAnswer, CallConnect, CallHangup, CallIconVisibility, CallPermissionAction,
    CallPermissionStatus, CallingSettingsUpdate, CallingStatus, DataLocalizationRegion, SdpSession,
    SdpType, StorageConfigurationStatus, StorageConfigurationUpdate, Timestamp,
};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

const SDP: &str = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n";

#[tokio::test]
async fn placing_a_call_sends_connect_with_its_offer_and_decodes_the_call_id() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/calls")))
        .and(header("authorization", bearer().as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "messaging_product": "whatsapp",
            "action": "connect",
            "to": "15550110",
            "session": {"sdp_type": "offer", "sdp": SDP},
            "biz_opaque_callback_data": "ticket-8812"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "calls": [{"id": "wacid.HBgLMTU1NTAxMTAVAgARGBI"}],
            "routing": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let placed = client
        .phone_number("PHONE-ID")
        .call(CallAction::Connect(CallConnect {
            biz_opaque_callback_data: Some("ticket-8812".into()),
            ..CallConnect::new("15550110", SdpSession::new(SdpType::Offer, SDP))
        }))
        .await
        .unwrap();
    assert_eq!(
        placed.calls.unwrap()[0].id.as_deref(),
        Some("wacid.HBgLMTU1NTAxMTAVAgARGBI")
    );
    assert_eq!(placed.success, None);
}

#[tokio::test]
async fn answering_and_ending_a_call_send_the_call_id_beside_the_action() {
    let (server, client) = server_and_client().await;
    for body in [
        json!({"messaging_product": "whatsapp", "action": "accept", "call_id": "wacid.IN",
               "session": {"sdp_type": "answer", "sdp": SDP}}),
        json!({"messaging_product": "whatsapp", "action": "terminate", "call_id": "wacid.IN"}),
    ] {
        Mock::given(method("POST"))
            .and(url_path(path("PHONE-ID/calls")))
            .and(body_json(body))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let phone = client.phone_number("PHONE-ID");
    let accepted = phone
        .call(CallAction::Accept(CallAnswer::new(
            "wacid.IN",
            SdpSession::new(SdpType::Answer, SDP),
        )))
        .await
        .unwrap();
    assert_eq!(accepted.success, Some(true));
    let ended = phone
        .call(CallAction::Terminate(CallHangup::new("wacid.IN")))
        .await
        .unwrap();
    assert_eq!(ended.success, Some(true));
}

#[tokio::test]
async fn call_permissions_take_the_user_in_the_query_and_keep_unknown_values() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-ID/call_permissions")))
        .and(query_param("user_wa_id", "15550110"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "permission": {"status": "temporary", "expiration_time": 1_731_500_000},
            "actions": [
                {"action_name": "send_call_permission_request", "can_perform_action": true,
                 "limits": [{"time_period": "PT24H", "current_usage": 1, "max_allowed": 2,
                             "limit_expiration_time": 1_731_400_000}]},
                {"action_name": "start_call", "can_perform_action": false}
            ],
            "region": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let permissions = client
        .phone_number("PHONE-ID")
        .call_permissions("15550110")
        .await
        .unwrap();
    let permission = permissions.permission.unwrap();
    let status = permission.status.unwrap();
    assert!(matches!(status, CallPermissionStatus::Unknown(_)));
    assert_eq!(status.as_str(), "temporary");
    assert_eq!(
        permission.expiration_time,
        Some(Timestamp::from_unix(1_731_500_000))
    );
    let actions = permissions.actions.unwrap();
    assert_eq!(
        actions[0].action_name,
        Some(CallPermissionAction::SendCallPermissionRequest)
    );
    let limit = &actions[0].limits.as_ref().unwrap()[0];
    assert_eq!(limit.max_allowed, Some(2));
    assert_eq!(actions[1].can_perform_action, Some(false));
}

#[tokio::test]
async fn settings_are_read_and_written_as_nested_json() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("PHONE-ID/settings")))
        .and(query_param("include_sip_credentials", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "calling": {
                "status": "enabled",
                "call_icon_visibility": "visible",
                "callback_permission_status": "disabled",
                "srtp_key_exchange_protocol": "DTLS-SRTP",
                "sip": {"status": "enabled", "servers": [{"hostname": "sip.example.com", "port": 5061}]},
                "beta_feature": true
            },
            "storage_configuration": {"status": "in_region_only", "data_localization_region": "DE"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/settings")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "calling": {"status": "ENABLED", "call_icon_visibility": "DISABLE_ALL"},
            "storage_configuration": {"enabled": true, "region": "DE"}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let phone = client.phone_number("PHONE-ID");
    let settings = phone
        .settings()
        .include_sip_credentials(true)
        .await
        .unwrap();
    let calling = settings.calling.unwrap();
    // Meta's OpenAPI file spells the values in lower case and calls the
    // icon's `visible`/`hidden`; the call settings page has upper case and
    // `DEFAULT`/`DISABLE_ALL`. Both decode to the same variants.
    assert_eq!(calling.status, Some(CallingStatus::Enabled));
    assert_eq!(
        calling.call_icon_visibility,
        Some(CallIconVisibility::Default)
    );
    assert_eq!(
        calling.callback_permission_status,
        Some(CallingStatus::Disabled)
    );
    assert_eq!(calling.sip.unwrap()["servers"][0]["port"], 5061);
    let storage = settings.storage_configuration.unwrap();
    let status = storage.status.unwrap();
    assert!(matches!(status, StorageConfigurationStatus::Unknown(_)));
    assert_eq!(status.as_str(), "in_region_only");
    assert_eq!(
        storage.data_localization_region,
        Some(DataLocalizationRegion::De)
    );

    let done = phone
        .update_settings()
        .calling(CallingSettingsUpdate {
            call_icon_visibility: Some(CallIconVisibility::DisableAll),
            ..CallingSettingsUpdate::new(CallingStatus::Enabled)
        })
        .storage_configuration(StorageConfigurationUpdate {
            region: Some(DataLocalizationRegion::De),
            ..StorageConfigurationUpdate::new(true)
        })
        .await
        .unwrap();
    assert!(done.success);
}
