//! Streaming across pages follows the cursors and stops only when
//! `paging.next` is absent, even past an empty page (staged), over many
//! pages and up to an error (against the mock).

use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;
use waba_tests::{path, server_and_client};
use wiremock::matchers::{method, path as url_path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

use crate::{MOCK_BUSINESS, MOCK_WABA, mock_and_client};

fn page(ids: &[&str], after: &str, next: bool) -> serde_json::Value {
    let data: Vec<_> = ids.iter().map(|id| json!({"id": id, "name": id})).collect();
    let mut paging = json!({"cursors": {"before": "BEFORE", "after": after}});
    if next {
        paging["next"] = json!(format!(
            "https://graph.facebook.com/v23.0/W/assigned_users?after={after}"
        ));
    }
    json!({"data": data, "paging": paging})
}

#[tokio::test]
async fn stream_follows_three_pages_including_an_empty_one() {
    let (server, client) = server_and_client().await;
    let endpoint = path("W/assigned_users");
    Mock::given(method("GET"))
        .and(url_path(endpoint.clone()))
        .and(query_param("business", "B"))
        .and(query_param_is_missing("after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(
            &["u1", "u2"],
            "CURSOR-1",
            true,
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(endpoint.clone()))
        .and(query_param("business", "B"))
        .and(query_param("after", "CURSOR-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&[], "CURSOR-2", true)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(endpoint.clone()))
        .and(query_param("business", "B"))
        .and(query_param("after", "CURSOR-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["u3"], "CURSOR-3", false)))
        .expect(1)
        .mount(&server)
        .await;

    let users: Vec<_> = client
        .whatsapp_business_account("W")
        .assigned_users("B")
        .limit(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = users
        .iter()
        .map(|u| u.id.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(ids, ["u1", "u2", "u3"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    for request in server.received_requests().await.unwrap() {
        assert!(
            request.url.query().unwrap().contains("limit=2"),
            "limit is kept on every page"
        );
    }
}

/// A mock whose account has `count` assigned users, `u0` first.
async fn mock_with_users(count: usize) -> (waba_mock::MockServer, waba::Client) {
    let (mock, client) = mock_and_client().await;
    for index in 0..count {
        let id = format!("u{index}");
        mock.insert(&id, "AssignedUser", json!({"name": id}))
            .unwrap();
        mock.link(MOCK_WABA, "assigned_users", &id);
    }
    (mock, client)
}

#[tokio::test]
async fn a_long_list_streams_through_every_page_in_order() {
    let (mock, client) = mock_with_users(230).await;
    let users: Vec<_> = client
        .whatsapp_business_account(MOCK_WABA)
        .assigned_users(MOCK_BUSINESS)
        .limit(25)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = users.iter().map(|u| u.name.clone().unwrap()).collect();
    let expected: Vec<_> = (0..230).map(|i| format!("u{i}")).collect();
    assert_eq!(names, expected);

    // Ten pages, each asking for 25 after the last one's cursor.
    let journal = mock.journal();
    assert_eq!(journal.len(), 10);
    for (index, page) in journal.iter().enumerate() {
        assert_eq!(
            page.query("limit"),
            Some("25"),
            "limit is kept on page {index}"
        );
        assert_eq!(page.query("business"), Some(MOCK_BUSINESS));
        assert_eq!(page.query("after").is_some(), index > 0);
    }
}

#[tokio::test]
async fn stream_ends_after_the_first_error() {
    let (mock, client) = mock_with_users(3).await;
    let account = client.whatsapp_business_account(MOCK_WABA);
    let mut stream = std::pin::pin!(account.assigned_users(MOCK_BUSINESS).limit(1).stream());
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.name.as_deref(), Some("u0"));
    // The next page fails; the stream yields the error, then ends.
    mock.inject(waba_mock::Fault::Graph(waba_mock::GraphError::param("bad")));
    let rest: Vec<_> = stream.collect().await;
    assert_eq!(rest.len(), 1);
    assert_eq!(
        rest[0].as_ref().unwrap_err().code(),
        Some(waba::ErrorCode::InvalidParameter)
    );
    assert_eq!(mock.journal().len(), 2);
}
