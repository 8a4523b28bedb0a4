//! Graph batch requests: the bytes of the one POST that carries the items,
//! each item decoded on its own, references between items, splitting past
//! 50 items, and the failures of the batch request itself.

use serde_json::{Value, json};
use waba::{Client, Error, TemplateCategory, WabaTask, WhatsAppBusinessAccountField as F};
use waba_tests::{TOKEN, VERSION, bearer, client_for, fast_retry, path, server_and_client};
use wiremock::matchers::{header, method, path as url_path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// `/{VERSION}/`: where batches go.
fn root() -> String {
    path("")
}

/// Percent-decoding of a form value (`+` is a space).
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text.get(index + 1..index + 3).expect("two hex digits");
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                index += 2;
            }
            other => out.push(other),
        }
        index += 1;
    }
    String::from_utf8(out).expect("UTF-8")
}

/// The fields of a form body, decoded, in order.
fn form(body: &[u8]) -> Vec<(String, String)> {
    std::str::from_utf8(body)
        .expect("a form body is ASCII")
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(name), form_decode(value))
        })
        .collect()
}

/// The `batch` form field of a received request, as JSON.
fn batch_field(request: &Request) -> Value {
    let fields = form(&request.body);
    let (_, batch) = fields
        .iter()
        .find(|(name, _)| name == "batch")
        .expect("a batch field");
    serde_json::from_str(batch).expect("the batch field is JSON")
}

/// A batch response entry with a JSON body.
fn entry(code: u16, body: &Value) -> Value {
    json!({"code": code, "headers": [], "body": body.to_string()})
}

/// Answers a batch POST with `entries`.
async fn answer(server: &MockServer, entries: Value) {
    Mock::given(method("POST"))
        .and(url_path(root()))
        .respond_with(ResponseTemplate::new(200).set_body_json(entries))
        .mount(server)
        .await;
}

#[tokio::test]
async fn batch_sends_each_item_as_it_would_be_sent_alone_in_one_form_post() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .access_token(TOKEN)
        .app_secret("APP-SECRET")
        .api_version(VERSION)
        .base_url(server.uri())
        .build()
        .unwrap();
    let waba = client.whatsapp_business_account("WABA-ID");
    let builders = (
        waba.get().fields([F::Name, F::TimezoneId]),
        waba.assigned_users("BUSINESS-ID").limit(2),
        waba.add_assigned_user("USER-ID", [WabaTask::Manage, WabaTask::Develop]),
        waba.remove_assigned_user("USER-ID"),
        waba.subscribe_app(),
    );
    Mock::given(method("POST"))
        .and(url_path(root()))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            entry(200, &json!({"id": "WABA-ID"})),
            entry(200, &json!({"data": []})),
            entry(200, &json!({"success": true})),
            entry(200, &json!({"success": true})),
            entry(200, &json!({"success": true})),
        ])))
        .expect(1)
        .mount(&server)
        .await;

    let mut batch = client.batch();
    batch.add(builders.0.clone());
    batch.add(builders.1.clone());
    batch.add(builders.2.clone());
    batch.add(builders.3.clone());
    batch.add(builders.4.clone());
    assert_eq!(batch.len(), 5);
    let results = batch.send().await.unwrap();
    assert_eq!((results.len(), results.requests()), (5, 1));

    let received = server.received_requests().await.unwrap();
    let request = &received[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v23.0/");
    // Credentials on the batch request only: the proof in its query, the
    // token in its header.
    let query = request.url.query().unwrap_or_default();
    assert!(query.starts_with("appsecret_proof="), "{query}");
    assert!(!query.contains("access_token"), "{query}");
    let names: Vec<String> = form(&request.body).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["batch"], "include_headers is Graph's default");
    let batch = batch_field(request);
    assert_eq!(
        batch,
        json!([
            {"method": "GET", "relative_url": "v23.0/WABA-ID?fields=name%2Ctimezone_id"},
            {"method": "GET", "relative_url": "v23.0/WABA-ID/assigned_users?business=BUSINESS-ID&limit=2"},
            {"method": "POST", "relative_url": "v23.0/WABA-ID/assigned_users",
             "body": "user=USER-ID&tasks=%5B%22MANAGE%22%2C%22DEVELOP%22%5D"},
            {"method": "DELETE", "relative_url": "v23.0/WABA-ID/assigned_users?user=USER-ID"},
            {"method": "POST", "relative_url": "v23.0/WABA-ID/subscribed_apps"},
        ])
    );
    let text = batch.to_string();
    assert!(
        !text.contains(TOKEN)
            && !text.contains("appsecret_proof")
            && !text.contains("access_token"),
        "{text}"
    );

    // The same builders sent alone put the same bytes on the wire.
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "WABA-ID", "data": [], "success": true
        })))
        .mount(&server)
        .await;
    builders.0.send().await.unwrap();
    builders.1.send().await.unwrap();
    builders.2.send().await.unwrap();
    builders.3.send().await.unwrap();
    builders.4.send().await.unwrap();
    let alone = server.received_requests().await.unwrap();
    for (index, (request, item)) in alone[1..].iter().zip(batch.as_array().unwrap()).enumerate() {
        assert_eq!(request.method.as_str(), item["method"], "{index}");
        // The query minus the proof, which only the outer request carries.
        let query: Vec<&str> = request
            .url
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.starts_with("appsecret_proof="))
            .collect();
        let mut url = request.url.path().trim_start_matches('/').to_owned();
        if !query.is_empty() {
            url = format!("{url}?{}", query.join("&"));
        }
        assert_eq!(url, item["relative_url"], "{index}");
        let body = String::from_utf8(request.body.clone()).unwrap();
        assert_eq!(body, item["body"].as_str().unwrap_or_default(), "{index}");
    }
}

#[tokio::test]
async fn include_headers_false_is_sent_as_a_form_field() {
    let (server, client) = server_and_client().await;
    answer(&server, json!([entry(200, &json!({"id": "W"}))])).await;
    let mut batch = client.batch().include_headers(false);
    let read = batch.add(client.whatsapp_business_account("W").get());
    let results = batch.send().await.unwrap();
    assert_eq!(results.get(&read).unwrap().id.unwrap().as_str(), "W");

    let received = server.received_requests().await.unwrap();
    let fields = form(&received[0].body);
    assert_eq!(fields[1], ("include_headers".into(), "false".into()));
    assert_eq!(fields.len(), 2);
}

#[tokio::test]
async fn every_item_decodes_on_its_own_next_to_the_failures_of_others() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        json!([
            {"code": 200, "headers": [
                {"name": "X-Business-Use-Case-Usage",
                 "value": "{\"WABA-ID\":[{\"type\":\"whatsapp_business_management\",\"call_count\":12,\"total_cputime\":3,\"total_time\":4,\"estimated_time_to_regain_access\":0}]}"},
                {"name": "X-App-Usage", "value": "{\"call_count\":5,\"total_cputime\":1,\"total_time\":2}"},
                {"name": "x-fb-trace-id", "value": "ITEM-TRACE"},
                {"name": "Content-Type", "value": "text/javascript; charset=UTF-8"}
             ],
             "body": "{\"id\":\"WABA-ID\",\"name\":\"Acme\"}"},
            entry(200, &json!({
                "data": [{"id": "U1", "name": "Ann", "tasks": ["MANAGE"]}],
                "paging": {"cursors": {"before": "B", "after": "A"}, "next": "https://graph.facebook.com/next"}
            })),
            entry(200, &json!({"success": true})),
            entry(400, &json!({"error": {
                "message": "Invalid parameter", "type": "OAuthException", "code": 100,
                "error_subcode": 2_388_093, "fbtrace_id": "ITEM-ERROR-TRACE"
            }})),
            null,
            {"code": 200, "headers": [], "body": "<html>oops</html>"},
            {"code": 500, "headers": [], "body": ""},
        ]),
    )
    .await;
    let waba = client.whatsapp_business_account("WABA-ID");
    let mut batch = client.batch();
    let read = batch.add(waba.get().fields([F::Id, F::Name]));
    let users = batch.add(waba.assigned_users("BUSINESS-ID"));
    let added = batch.add(waba.add_assigned_user("USER-ID", [WabaTask::Manage]));
    let refused = batch.add(waba.remove_assigned_user("USER-ID"));
    let skipped = batch.add(waba.get());
    let garbled = batch.add(waba.get());
    let broken = batch.add(waba.subscribe_app());
    let results = batch.send().await.unwrap();

    let full = results.get_full(&read).unwrap();
    assert_eq!(full.value.name.as_deref(), Some("Acme"));
    assert_eq!(full.status, 200);
    assert_eq!(full.attempts, 1);
    assert_eq!(full.fbtrace_id.as_deref(), Some("ITEM-TRACE"));
    let buc = &full.usage.business_use_case[0];
    assert_eq!(buc.business_id, "WABA-ID");
    assert_eq!(
        buc.use_case.as_deref(),
        Some("whatsapp_business_management")
    );
    assert_eq!(buc.call_count, Some(12));
    assert_eq!(
        full.usage.app.as_ref().and_then(|app| app.call_count),
        Some(5)
    );
    // Decoding again gives the same value.
    assert_eq!(results.get(&read).unwrap(), full.value);

    let page = results.get(&users).unwrap();
    assert_eq!(page.data[0].name.as_deref(), Some("Ann"));
    assert_eq!(page.next_cursor(), Some("A"));
    assert!(page.has_next());

    assert!(results.get(&added).unwrap().success);

    let error = results.get(&refused).unwrap_err();
    let Error::Graph(graph) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(graph.status, 400);
    assert_eq!(graph.code.code(), 100);
    assert_eq!(graph.subcode, Some(2_388_093));
    assert_eq!(graph.fbtrace_id.as_deref(), Some("ITEM-ERROR-TRACE"));
    assert_eq!(graph.error_type.as_deref(), Some("OAuthException"));
    assert!(!error.is_retryable());

    let error = results.get(&skipped).unwrap_err();
    assert!(matches!(error, Error::BatchItemNotProcessed), "{error:?}");
    assert!(error.is_retryable());
    assert!(error.to_string().contains("did not process"), "{error}");

    let error = results.get(&garbled).unwrap_err();
    let Error::Decode {
        status,
        body_excerpt,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((*status, body_excerpt.as_str()), (200, "<html>oops</html>"));

    let error = results.get(&broken).unwrap_err();
    assert!(
        matches!(error, Error::Decode { status: 500, .. }),
        "{error:?}"
    );
    assert!(error.is_transient());
}

#[tokio::test]
async fn a_result_reference_and_depends_on_round_trip_by_name() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        json!([
            entry(
                200,
                &json!({"id": "594425479261596", "status": "PENDING", "category": "UTILITY"})
            ),
            entry(200, &json!({"success": true})),
            entry(200, &json!({"id": "WABA-ID"})),
        ]),
    )
    .await;
    let waba = client.whatsapp_business_account("WABA-ID");
    let mut batch = client.batch();
    let created =
        batch.add(waba.create_message_template("order_update", "en_US", TemplateCategory::Utility));
    let id: String = batch.result_ref(&created, "$.id");
    assert_eq!(id, "{result=item0:$.id}");
    let deleted = batch.add(waba.delete_message_template_by_id(id.as_str(), "order_update"));
    let read = batch.add_after(&deleted, waba.get());
    let results = batch.send().await.unwrap();

    assert_eq!(
        results.get(&created).unwrap().id.as_str(),
        "594425479261596"
    );
    assert!(results.get(&deleted).unwrap().success);
    assert!(results.get(&read).is_ok());

    let received = server.received_requests().await.unwrap();
    assert_eq!(
        batch_field(&received[0]),
        json!([
            {"method": "POST", "relative_url": "v23.0/WABA-ID/message_templates",
             "body": "name=order_update&language=en_US&category=UTILITY", "name": "item0",
             "omit_response_on_success": false},
            {"method": "DELETE",
             "relative_url": "v23.0/WABA-ID/message_templates?hsm_id={result=item0:$.id}&name=order_update",
             "name": "item1", "omit_response_on_success": false},
            {"method": "GET", "relative_url": "v23.0/WABA-ID", "depends_on": "item1"},
        ])
    );
}

#[tokio::test]
async fn a_reference_to_another_batch_fails_before_sending() {
    let (server, client) = server_and_client().await;
    let waba = client.whatsapp_business_account("WABA-ID");
    let mut other = client.batch();
    let foreign = other.add(waba.get());
    let mut batch = client.batch();
    batch.add(waba.get());
    let id = batch.result_ref(&foreign, "$.id");
    batch.add(client.whatsapp_business_account(id).get());
    let error = batch.send().await.unwrap_err();
    let Error::InvalidRequest(message) = &error else {
        panic!("{error:?}")
    };
    assert!(message.contains("another batch"), "{message}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// Answers every batch with one `{"id": <the item's path>}` per item.
fn echo_ids(request: &Request) -> ResponseTemplate {
    let entries: Vec<Value> = batch_field(request)
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let url = item["relative_url"].as_str().unwrap();
            let id = url.trim_start_matches("v23.0/");
            entry(200, &json!({"id": id}))
        })
        .collect();
    ResponseTemplate::new(200).set_body_json(entries)
}

#[tokio::test]
async fn a_hundred_and_twenty_items_go_in_three_requests_of_fifty_fifty_and_twenty() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(root()))
        .respond_with(echo_ids)
        .expect(3)
        .mount(&server)
        .await;
    let mut batch = client.batch();
    let slots: Vec<_> = (0..120)
        .map(|index| batch.add(client.whatsapp_business_account(format!("W{index}")).get()))
        .collect();
    let results = batch.send().await.unwrap();
    assert_eq!((results.len(), results.requests()), (120, 3));
    for (index, slot) in slots.iter().enumerate() {
        assert_eq!(slot.index(), index);
        let waba = results.get(slot).unwrap();
        assert_eq!(waba.id.unwrap().as_str(), format!("W{index}"));
    }

    let received = server.received_requests().await.unwrap();
    let sizes: Vec<usize> = received
        .iter()
        .map(|request| batch_field(request).as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [50, 50, 20]);
    let first_of_each: Vec<Value> = received
        .iter()
        .map(|request| batch_field(request)[0]["relative_url"].clone())
        .collect();
    assert_eq!(first_of_each, ["v23.0/W0", "v23.0/W50", "v23.0/W100"]);
}

#[tokio::test]
async fn dependent_items_are_kept_in_one_request_when_splitting() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(root()))
        .respond_with(echo_ids)
        .expect(2)
        .mount(&server)
        .await;
    let mut batch = client.batch();
    let mut slots = Vec::new();
    for index in 0..52 {
        let builder = client.whatsapp_business_account(format!("W{index}")).get();
        let slot = match slots.get(47) {
            // Item 51 waits for item 47: no cut between 48 and 51.
            Some(earlier) if index == 51 => batch.add_after(earlier, builder),
            _ => batch.add(builder),
        };
        slots.push(slot);
    }
    let results = batch.send().await.unwrap();
    assert_eq!(results.requests(), 2);
    assert_eq!(results.get(&slots[51]).unwrap().id.unwrap().as_str(), "W51");
    let received = server.received_requests().await.unwrap();
    let second = batch_field(&received[1]);
    assert_eq!(second.as_array().unwrap().len(), 5);
    assert_eq!(
        second[0],
        json!({"method": "GET", "relative_url": "v23.0/W47", "name": "item47",
               "omit_response_on_success": false})
    );
    assert_eq!(second[4]["depends_on"], "item47");
}

#[tokio::test]
async fn an_empty_batch_sends_nothing() {
    let (server, client) = server_and_client().await;
    let results = client.batch().send().await.unwrap();
    assert!(results.is_empty());
    assert_eq!(results.requests(), 0);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_html_502_is_one_error_for_the_batch_and_a_post_is_not_retried() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(root()))
        .respond_with(
            ResponseTemplate::new(502)
                .insert_header("content-type", "text/html")
                .set_body_string("<html><body>Bad Gateway</body></html>"),
        )
        .mount(&server)
        .await;
    let waba = client.whatsapp_business_account("WABA-ID");
    let batch = || {
        let mut batch = client.batch();
        batch.add(waba.get());
        batch.add(waba.assigned_users("B"));
        batch
    };
    let error = batch().send().await.unwrap_err();
    let Error::Decode {
        status,
        body_excerpt,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 502);
    assert!(body_excerpt.contains("Bad Gateway"), "{body_excerpt}");
    assert!(error.is_transient());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    // Retried under the client's policy only when the caller opts in.
    let error = batch().allow_retry().send().await.unwrap_err();
    assert_eq!(error.status(), Some(502));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1 + fast_retry().attempts() as usize
    );
}

#[tokio::test]
async fn outer_bodies_that_are_not_one_entry_per_item_fail_the_batch() {
    for (status, body, expect) in [
        (200, json!({"id": "1"}), "JSON array"),
        (
            200,
            json!([entry(200, &json!({"id": "1"}))]),
            "1 entries for 2 items",
        ),
        (
            400,
            json!({"error": {"code": 190, "message": "bad token"}}),
            "190",
        ),
    ] {
        let server = MockServer::start().await;
        let client = client_for(&server);
        Mock::given(method("POST"))
            .and(url_path(root()))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .mount(&server)
            .await;
        let waba = client.whatsapp_business_account("W");
        let mut batch = client.batch();
        batch.add(waba.get());
        batch.add(waba.get());
        let error = batch.send().await.unwrap_err();
        assert!(
            format!("{error}").contains(expect),
            "{status} {expect}: {error}"
        );
        assert_eq!(error.status(), Some(status));
    }
}

#[tokio::test]
async fn a_later_request_failing_keeps_the_results_of_earlier_ones() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(root()))
        .respond_with(echo_ids)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(root()))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .mount(&server)
        .await;
    let mut batch = client.batch();
    let slots: Vec<_> = (0..110)
        .map(|index| batch.add(client.whatsapp_business_account(format!("W{index}")).get()))
        .collect();
    let results = batch.send().await.unwrap();
    assert_eq!(
        results.requests(),
        2,
        "nothing is sent after a failed request"
    );
    assert_eq!(results.get(&slots[49]).unwrap().id.unwrap().as_str(), "W49");
    let error = results.get(&slots[50]).unwrap_err();
    let Error::BatchRequestFailed(request) = &error else {
        panic!("{error:?}")
    };
    assert!(matches!(**request, Error::Decode { status: 503, .. }));
    assert_eq!(error.status(), Some(503));
    assert!(error.is_transient());
    let error = results.get(&slots[100]).unwrap_err();
    assert!(matches!(error, Error::BatchItemNotProcessed), "{error:?}");
}
