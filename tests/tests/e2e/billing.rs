//! The billing area on the wire: a business's credit lines listed as a
//! page, unknown fields ignored.

use serde_json::json;
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{header, method, path as url_path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn credit_lines_are_listed_from_extendedcredits() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(url_path(path("BUSINESS-ID/extendedcredits")))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "CREDIT-ID", "legal_entity_name": "Corner Bakery Pvt Ltd",
                      "currency": "ignored"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client.business("BUSINESS-ID").credit_lines().await.unwrap();
    assert_eq!(page.data[0].id.as_deref(), Some("CREDIT-ID"));
    assert_eq!(
        page.data[0].legal_entity_name.as_deref(),
        Some("Corner Bakery Pvt Ltd")
    );
}
