//! Streaming across pages follows the cursors and stops only when
//! `paging.next` is absent, even past an empty page.

use futures_util::TryStreamExt;
use serde_json::json;
use waba_tests::{path, server_and_client};
use wiremock::matchers::{method, path as url_path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

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

#[tokio::test]
async fn stream_ends_after_the_first_error() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("W/assigned_users")))
        .and(query_param_is_missing("after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["u1"], "C1", true)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(path("W/assigned_users")))
        .and(query_param("after", "C1"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"error": {"message": "bad", "code": 100}})),
        )
        .mount(&server)
        .await;
    let items: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(
        client
            .whatsapp_business_account("W")
            .assigned_users("B")
            .stream(),
    )
    .await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert_eq!(
        items[1].as_ref().unwrap_err().code(),
        Some(waba::ErrorCode::InvalidParameter)
    );
}
