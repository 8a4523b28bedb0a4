//! Graph batch requests against the mock: each item served as the same
//! call sent alone, results referred to by name, `include_headers`, and
//! the 50-item limit.

mod common;

use serde_json::{Value, json};
use waba::{Error, TemplateCategory, WabaTask, WhatsAppBusinessAccountField as F};
use waba_mock::Fault;
use waba_mock::seed::{BUSINESS, WABA};

#[tokio::test]
async fn items_succeed_and_fail_on_their_own_and_refer_to_earlier_results() {
    let (mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    let mut batch = client.batch();
    let read = batch.add(account.get().fields([F::Name]));
    let unknown = batch.add(client.whatsapp_business_account("999").get());
    let created = batch.add(account.create_message_template(
        "order_ready",
        "en_US",
        TemplateCategory::Utility,
    ));
    let id = batch.result_ref(&created, "$.id");
    let deleted = batch.add(account.delete_message_template_by_id(id.as_str(), "order_ready"));
    let listed = batch.add_after(&deleted, account.message_templates());
    let added = batch.add(account.add_assigned_user("777", [WabaTask::Manage]));
    let users = batch.add(account.assigned_users(BUSINESS));
    let results = batch.send().await.unwrap();
    assert_eq!((results.len(), results.requests()), (7, 1));

    let read = results.get_full(&read).unwrap();
    assert_eq!(
        read.value.name.as_deref(),
        Some("Mock WhatsApp Business Account")
    );
    // Each item carries its own headers: usage and trace ID.
    assert!(read.fbtrace_id.is_some());
    assert!(!read.usage.is_empty());

    let error = results.get(&unknown).unwrap_err();
    let graph = error.graph().expect("a Graph error");
    assert_eq!((graph.code.code(), graph.subcode), (100, Some(33)));

    let created = results.get(&created).unwrap();
    assert!(results.get(&deleted).unwrap().success);
    assert!(mock.node(created.id.as_str()).is_none());
    assert!(results.get(&listed).unwrap().data.is_empty());
    assert!(results.get(&added).unwrap().success);
    assert_eq!(results.get(&users).unwrap().data.len(), 1);

    // Each item is journaled as the call it was, with its index, before
    // the batch request; the reference came in resolved.
    let journal = mock.journal();
    assert_eq!(journal.len(), 8);
    let items: Vec<_> = journal.iter().filter_map(|e| e.batch_item).collect();
    assert_eq!(items, [0, 1, 2, 3, 4, 5, 6]);
    let delete = &journal[3];
    assert_eq!(
        delete.operation.as_deref(),
        Some("WhatsAppBusinessAccount.delete_message_template_by_id")
    );
    assert_eq!(delete.query("hsm_id"), Some(created.id.as_str()));
    assert_eq!(delete.header("authorization"), Some("Bearer ***"));
    let outer = &journal[7];
    assert_eq!((outer.path.as_str(), outer.batch_item), ("/v23.0/", None));
    assert!(!format!("{journal:?}").contains(&mock.token()));
}

#[tokio::test]
async fn an_item_whose_dependency_failed_is_not_processed() {
    let (mock, client) = common::mock_and_client().await;
    mock.inject(
        Fault::Graph(waba_mock::GraphError::param("Param name is taken"))
            .on("WhatsAppBusinessAccount.create_message_template"),
    );
    let account = client.whatsapp_business_account(WABA);
    let mut batch = client.batch();
    let created =
        batch.add(account.create_message_template("taken", "en_US", TemplateCategory::Utility));
    let id = batch.result_ref(&created, "$.id");
    let deleted = batch.add(account.delete_message_template_by_id(id.as_str(), "taken"));
    let after = batch.add_after(&created, account.get());
    let alone = batch.add(account.get());
    let results = batch.send().await.unwrap();

    let error = results.get(&created).unwrap_err();
    assert_eq!(error.code().map(|c| c.code()), Some(100));
    for error in [
        results.get(&deleted).unwrap_err(),
        results.get(&after).unwrap_err(),
    ] {
        assert!(matches!(error, Error::BatchItemNotProcessed), "{error:?}");
        assert!(error.is_retryable());
    }
    assert!(results.get(&alone).is_ok());
    // Items not run never reach the state or the journal.
    let items = mock
        .journal()
        .iter()
        .filter(|e| e.batch_item.is_some())
        .count();
    assert_eq!(items, 2);
}

#[tokio::test]
async fn a_hundred_items_are_two_requests_and_every_item_is_counted() {
    let (mock, client) = common::mock_and_client().await;
    let account = client.whatsapp_business_account(WABA);
    let mut batch = client.batch().include_headers(false);
    let slots: Vec<_> = (0..100).map(|_| batch.add(account.get())).collect();
    let results = batch.send().await.unwrap();
    assert_eq!(results.requests(), 2);
    for slot in &slots {
        let read = results.get_full(slot).unwrap();
        assert_eq!(read.value.id.as_ref().map(|i| i.as_str()), Some(WABA));
        // Without item headers, the batch request's trace ID.
        assert!(read.usage.is_empty());
    }
    let journal = mock.journal();
    assert_eq!(
        journal.iter().filter(|e| e.batch_item.is_some()).count(),
        100
    );
    let batches: Vec<_> = journal.iter().filter(|e| e.path == "/v23.0/").collect();
    assert_eq!(batches.len(), 2);
    assert_eq!(
        batches[0]
            .form()
            .iter()
            .find(|(n, _)| n == "include_headers"),
        Some(&("include_headers".to_owned(), "false".to_owned()))
    );
}

#[tokio::test]
async fn the_batch_request_itself_is_refused_as_graph_refuses_it() {
    let (mock, client) = common::mock_and_client().await;
    let http = reqwest::Client::new();
    let post = |form: Vec<(&str, String)>| {
        http.post(format!("{}/v23.0/", mock.base_url()))
            .bearer_auth(mock.token())
            .form(&form)
            .send()
    };
    let item = json!({"method": "GET", "relative_url": format!("v23.0/{WABA}?fields=name")});

    let response = post(vec![(
        "batch",
        Value::Array(vec![item.clone(); 51]).to_string(),
    )])
    .await
    .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["type"], "GraphBatchException");
    assert_eq!(
        body["error"]["message"],
        "Too many requests in batch message. Maximum batch size is 50"
    );

    let response = post(vec![("batch", "not json".to_owned())]).await.unwrap();
    assert_eq!(response.status(), 400);

    // `omit_response_on_success`, an item without a version, on `POST /`.
    let items = json!([
        {"method": "GET", "relative_url": WABA, "name": "first", "omit_response_on_success": true},
        {"method": "GET", "relative_url": "{result=first:$.id}?fields=name"},
        {"method": "GET", "relative_url": "{result=first:$.nothing}"},
        {"method": "GET", "relative_url": "{result=nobody:$.id}"},
        {"relative_url": WABA},
    ]);
    let response = http
        .post(format!("{}/", mock.base_url()))
        .form(&[("batch", items.to_string()), ("access_token", mock.token())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let entries: Vec<Value> = response.json().await.unwrap();
    assert_eq!(entries[0], Value::Null);
    assert_eq!(entries[1]["code"], 200);
    let body: Value = serde_json::from_str(entries[1]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"id": WABA, "name": "Mock WhatsApp Business Account"})
    );
    assert!(
        entries[1]["headers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["name"] == "x-app-usage")
    );
    for entry in &entries[2..] {
        assert_eq!(entry["code"], 400, "{entry}");
        let body: Value = serde_json::from_str(entry["body"].as_str().unwrap()).unwrap();
        assert_eq!(body["error"]["code"], 100, "{entry}");
    }

    // Without a token, the batch fails as a whole.
    let response = http
        .post(format!("{}/v23.0/", mock.base_url()))
        .form(&[("batch", items.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], 190);
    let _ = client;
}

#[tokio::test]
async fn a_fault_on_every_call_fails_the_batch_request_itself() {
    let (mock, client) = common::mock_and_client().await;
    mock.inject(Fault::ExpiredToken.times(1));
    let account = client.whatsapp_business_account(WABA);
    let mut batch = client.batch();
    batch.add(account.get());
    let error = batch.send().await.unwrap_err();
    assert_eq!(
        error.graph().map(|g| (g.code.code(), g.subcode)),
        Some((190, Some(463)))
    );

    // A fault for one operation hits that item only.
    mock.inject(Fault::throttle(80008).on("WhatsAppBusinessAccount.get"));
    let mut batch = client.batch();
    let read = batch.add(account.get());
    let users = batch.add(account.assigned_users(BUSINESS));
    let results = batch.send().await.unwrap();
    assert_eq!(
        results.get(&read).unwrap_err().code().map(|c| c.code()),
        Some(80008)
    );
    assert!(results.get(&users).is_ok());
}
