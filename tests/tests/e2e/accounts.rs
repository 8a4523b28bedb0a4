//! More of the accounts area on the wire: a business read on its ID, a
//! phone number added with a JSON body, an app's client businesses, a
//! user's assigned accounts, and an account's pending on-behalf requests,
//! keeping a status this version does not know and ignoring unknown fields.

use serde_json::json;
use waba::{BusinessField, OnBehalfRequestStatus, WhatsAppBusinessAccountField};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{body_json, header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn a_business_is_read_and_gets_a_phone_number() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("BUSINESS-ID")))
        .and(query_param("fields", "name,timezone_id"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "BUSINESS-ID", "name": "Corner Bakery", "timezone_id": 47, "vertical": "ignored"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("BUSINESS-ID/add_phone_numbers")))
        .and(header("authorization", bearer().as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"phone_number": "+15550112"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "BPN-ID"})))
        .expect(1)
        .mount(&server)
        .await;
    let business = client.business("BUSINESS-ID");
    let read = business
        .get()
        .fields([BusinessField::Name, BusinessField::TimezoneId])
        .await
        .unwrap();
    assert_eq!(read.name.as_deref(), Some("Corner Bakery"));
    assert_eq!(read.timezone_id, Some(47));
    assert_eq!(
        business.add_phone_number("+15550112").await.unwrap().id,
        "BPN-ID"
    );
}

#[tokio::test]
async fn client_businesses_and_assigned_accounts_are_pages() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("APP-ID/connected_client_businesses")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "CLIENT-BUSINESS", "name": "Bakery Client"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(path(
            "USER-ID/assigned_whatsapp_business_accounts",
        )))
        .and(query_param("fields", "name"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "WABA-ID", "name": "Bakery WABA", "permissions": ["MANAGE"]}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let businesses = client
        .application("APP-ID")
        .connected_client_businesses()
        .await
        .unwrap();
    assert_eq!(businesses.data[0].name.as_deref(), Some("Bakery Client"));
    let accounts = client
        .user("USER-ID")
        .assigned_whatsapp_business_accounts()
        .fields([WhatsAppBusinessAccountField::Name])
        .await
        .unwrap();
    assert_eq!(accounts.data[0].name.as_deref(), Some("Bakery WABA"));
}

#[tokio::test]
async fn pending_on_behalf_requests_keep_an_unknown_status() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("WABA-ID/in_progress_onbehalf_request")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {"id": "REQ-1", "status": "PENDING", "business_owned_object": "WABA-ID",
                 "receiving_business": {"id": "PARTNER-ID", "name": "Messaging Partner"},
                 "requesting_business": {"id": "BUSINESS-ID", "name": "Corner Bakery"}},
                {"id": "REQ-2", "status": "ON_HOLD", "business_owned_object": "WABA-ID",
                 "channel": "ignored"}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client
        .whatsapp_business_account("WABA-ID")
        .in_progress_onbehalf_requests()
        .await
        .unwrap();
    assert_eq!(page.data[0].status, Some(OnBehalfRequestStatus::Pending));
    let receiving = page.data[0].receiving_business.as_ref().unwrap();
    assert_eq!(receiving.id.as_ref().unwrap().as_str(), "PARTNER-ID");
    let status = page.data[1].status.clone().unwrap();
    assert!(matches!(status, OnBehalfRequestStatus::Unknown(_)));
    assert_eq!(status.as_str(), "ON_HOLD");
}

#[tokio::test]
async fn schedules_are_listed_sorted_and_created_with_json() {
    use waba::{DayOfWeek, ScheduleFrequency, ScheduleRecurrence, ScheduleSort, ScheduleType};
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("WABA-ID/schedules")))
        .and(query_param("sort", "created_time.desc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "SCHEDULE-ID", "name": "Opening hours", "status": "ACTIVE",
                      "schedule_type": "HOLIDAY_HOURS", "days_of_week": ["MONDAY", "TUESDAY"],
                      "start_time": "06:00", "end_time": "14:00", "owner": "ignored"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("WABA-ID/schedules")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "name": "Opening hours", "schedule_type": "BUSINESS_HOURS",
            "start_time": "06:00", "end_time": "14:00",
            "days_of_week": ["SATURDAY"],
            "recurrence_pattern": {"frequency": "WEEKLY", "interval": 1}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "SCHEDULE-2"})))
        .expect(1)
        .mount(&server)
        .await;
    let account = client.whatsapp_business_account("WABA-ID");
    let page = account
        .account_schedules()
        .sort(ScheduleSort::CreatedTimeDesc)
        .await
        .unwrap();
    let kind = page.data[0].schedule_type.clone().unwrap();
    assert!(matches!(kind, ScheduleType::Unknown(_)));
    assert_eq!(kind.as_str(), "HOLIDAY_HOURS");
    assert_eq!(
        page.data[0].days_of_week.as_deref(),
        Some(&[DayOfWeek::Monday, DayOfWeek::Tuesday][..])
    );
    let created = account
        .create_schedule(
            "Opening hours",
            ScheduleType::BusinessHours,
            "06:00",
            "14:00",
        )
        .days_of_week([DayOfWeek::Saturday])
        .recurrence_pattern(ScheduleRecurrence {
            frequency: Some(ScheduleFrequency::Weekly),
            interval: Some(1),
            ..ScheduleRecurrence::default()
        })
        .await
        .unwrap();
    assert_eq!(created.id, "SCHEDULE-2");
}
