//! A client that is not ours: plain HTTP requests shaped as Meta documents
//! them (query for reads and deletes, form bodies for most writes, JSON
//! for messages), and every operation of the spec answered.

use serde_json::{Value, json};
use waba_mock::MockServer;
use waba_mock::seed::{PHONE, WABA};

struct Plain {
    mock: MockServer,
    http: reqwest::Client,
}

impl Plain {
    async fn new() -> Self {
        Plain {
            mock: MockServer::start().await.unwrap(),
            http: reqwest::Client::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v23.0/{path}", self.mock.base_url())
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let response = request.bearer_auth(self.mock.token()).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }
}

#[tokio::test]
async fn reads_take_fields_expansions_and_filtering_in_the_query() {
    let plain = Plain::new().await;
    let (status, body) = plain
        .send(plain.http.get(plain.url(WABA)).query(&[(
            "fields",
            "name,phone_numbers.limit(1){display_phone_number,quality_rating}",
        )]))
        .await;
    assert_eq!(status, 200, "{body}");
    // A nested edge is a page: cursors, and no `next` when all fit.
    let mut body = body;
    let paging = body["phone_numbers"]
        .as_object_mut()
        .and_then(|page| page.remove("paging"))
        .unwrap();
    assert!(paging["cursors"]["after"].is_string(), "{paging}");
    assert!(paging.get("next").is_none(), "{paging}");
    assert_eq!(
        body,
        json!({
            "id": WABA,
            "name": "Mock WhatsApp Business Account",
            "phone_numbers": {"data": [{
                "id": PHONE,
                "display_phone_number": "+1 555-010-0001",
                "quality_rating": "GREEN",
            }]},
        })
    );

    // A modifier the field requires is named when missing.
    let (status, body) = plain
        .send(
            plain
                .http
                .get(plain.url(WABA))
                .query(&[("fields", "analytics.start(1)")]),
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("analytics.end"),
        "{body}"
    );
    let (_, body) = plain
        .send(plain.http.get(plain.url(WABA)).query(&[("fields", "nope")]))
        .await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("(nope)"),
        "{body}"
    );

    let filter = r#"[{"field":"quality_rating","operator":"EQUAL","value":"RED"}]"#;
    let (_, body) = plain
        .send(
            plain
                .http
                .get(plain.url(&format!("{WABA}/phone_numbers")))
                .query(&[("filtering", filter), ("summary", "total_count")]),
        )
        .await;
    assert_eq!(body["data"], json!([]));
    let filter = r#"[{"field":"quality_rating","operator":"IN","value":["GREEN","RED"]}]"#;
    let (_, body) = plain
        .send(
            plain
                .http
                .get(plain.url(&format!("{WABA}/phone_numbers")))
                .query(&[("filtering", filter), ("fields", "id")]),
        )
        .await;
    assert_eq!(body["data"], json!([{"id": PHONE}]));
}

#[tokio::test]
async fn writes_take_form_bodies_and_json_where_documented() {
    let plain = Plain::new().await;
    // A form body with a JSON-encoded list, as Graph documents.
    let (status, body) = plain
        .send(
            plain
                .http
                .post(plain.url(&format!("{WABA}/assigned_users")))
                .form(&[("user", "55"), ("tasks", r#"["MANAGE","DEVELOP"]"#)]),
        )
        .await;
    assert_eq!((status, body), (200, json!({"success": true})));
    let (_, body) = plain
        .send(
            plain
                .http
                .get(plain.url(&format!("{WABA}/assigned_users")))
                .query(&[("business", "100000000000001"), ("fields", "tasks")]),
        )
        .await;
    assert_eq!(
        body["data"],
        json!([{"id": "55", "tasks": ["MANAGE", "DEVELOP"]}])
    );
    // A delete takes its parameters in the query.
    let (status, _) = plain
        .send(
            plain
                .http
                .delete(plain.url(&format!("{WABA}/assigned_users")))
                .query(&[("user", "55")]),
        )
        .await;
    assert_eq!(status, 200);
    assert!(plain.mock.edge(WABA, "assigned_users").is_empty());

    // Messages take one JSON object, the content's tag and payload inside.
    let message = json!({
        "messaging_product": "whatsapp",
        "to": "15550100",
        "type": "text",
        "text": {"body": "Hello"},
    });
    let (status, body) = plain
        .send(
            plain
                .http
                .post(plain.url(&format!("{PHONE}/messages")))
                .json(&message),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["messaging_product"], "whatsapp");
    assert_eq!(body["contacts"][0]["input"], "15550100");
    assert!(
        body["messages"][0]["id"]
            .as_str()
            .unwrap()
            .starts_with("wamid.")
    );

    // The payload's own required fields are checked and named.
    let broken = json!({"messaging_product": "whatsapp", "to": "1", "type": "text", "text": {}});
    let (status, body) = plain
        .send(
            plain
                .http
                .post(plain.url(&format!("{PHONE}/messages")))
                .json(&broken),
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("text[body]"),
        "{body}"
    );
    let unknown = json!({"messaging_product": "whatsapp", "to": "1", "type": "hologram"});
    let (_, body) = plain
        .send(
            plain
                .http
                .post(plain.url(&format!("{PHONE}/messages")))
                .json(&unknown),
        )
        .await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("hologram"),
        "{body}"
    );
}

#[tokio::test]
async fn every_operation_of_the_spec_is_routed() {
    let plain = Plain::new().await;
    let image = waba_mock::image::Image::get();
    for route in &image.operations {
        let Some(node) = &route.node else { continue };
        let id = format!("id-{node}");
        plain.mock.insert(&id, node, Value::Null).unwrap();
        let mut path = id.clone();
        if let Some(edge) = &route.edge {
            path = format!("{path}/{edge}");
        }
        for part in &route.path {
            match part {
                waba_mock::image::PathPart::Literal(text) => path = format!("{path}/{text}"),
                waba_mock::image::PathPart::Param(_) => path = format!("{path}/missing"),
            }
        }
        let method = reqwest::Method::from_bytes(route.method.as_bytes()).unwrap();
        plain.mock.clear_journal();
        let (status, body) = plain
            .send(plain.http.request(method, plain.url(&path)))
            .await;
        let routed = plain.mock.journal()[0].operation.clone();
        if route.path.is_empty() {
            // Routed to this operation, or to one sharing its method and
            // path that the missing parameters chose.
            let routed = routed.unwrap_or_default();
            let sibling = image
                .operation(&routed)
                .is_some_and(|r| r.node == route.node && r.edge == route.edge);
            assert!(sibling, "{} went to {routed}: {status} {body}", route.name);
        }
        // Never an unknown path: at worst a parameter or the missing item.
        assert_ne!(body["error"]["code"], 2500, "{}: {body}", route.name);
    }
}

#[tokio::test]
async fn nested_edges_are_pages_that_limit_and_cursors_move_through() {
    let plain = Plain::new().await;
    for n in 2..=3 {
        let id = format!("30000000000000{n}");
        plain
            .mock
            .insert(
                &id,
                "PhoneNumber",
                json!({"display_phone_number": format!("+1 555-010-000{n}")}),
            )
            .unwrap();
        plain.mock.link(WABA, "phone_numbers", &id);
    }
    let numbers = |page: &Value| -> Vec<String> {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["display_phone_number"].as_str().unwrap().to_owned())
            .collect()
    };
    let (status, body) = plain
        .send(
            plain
                .http
                .get(plain.url(WABA))
                .query(&[("fields", "phone_numbers.limit(2){display_phone_number}")]),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let page = &body["phone_numbers"];
    assert_eq!(numbers(page), ["+1 555-010-0001", "+1 555-010-0002"]);

    // `next` is the edge's own URL, with the nested selection: it works as is.
    let next = page["paging"]["next"].as_str().unwrap();
    assert!(
        next.contains("/v23.0/200000000000001/phone_numbers?"),
        "{next}"
    );
    let (status, rest) = plain.send(plain.http.get(next)).await;
    assert_eq!(status, 200, "{rest}");
    assert_eq!(numbers(&rest), ["+1 555-010-0003"]);
    assert!(rest["paging"].get("next").is_none(), "{rest}");

    // The `after` modifier starts the nested page after a cursor.
    let after = page["paging"]["cursors"]["after"].as_str().unwrap();
    let (status, body) = plain
        .send(plain.http.get(plain.url(WABA)).query(&[(
            "fields",
            format!("phone_numbers.limit(2).after({after}){{display_phone_number}}").as_str(),
        )]))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(numbers(&body["phone_numbers"]), ["+1 555-010-0003"]);
    let previous = body["phone_numbers"]["paging"]["previous"]
        .as_str()
        .unwrap();
    let (_, back) = plain.send(plain.http.get(previous)).await;
    assert_eq!(numbers(&back), ["+1 555-010-0001", "+1 555-010-0002"]);
}
