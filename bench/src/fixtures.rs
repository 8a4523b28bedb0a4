//! Realistic Graph response bodies, with every field the spec knows present,
//! so decoding exercises every field's decoder.

use serde_json::{Value, json};

/// One WhatsApp Business Account as `GET /{waba-id}` returns it with every
/// field asked for. `i` varies IDs, names and enum values across items.
pub fn waba(i: usize) -> Value {
    const VERIFICATION: [&str; 4] = ["verified", "pending", "not_verified", "rejected"];
    const OWNERSHIP: [&str; 3] = ["CLIENT_OWNED", "ON_BEHALF_OF", "SELF"];
    const AVAILABILITY: [&str; 3] = ["AVAILABLE", "LIMITED", "BLOCKED"];
    const TIERS: [&str; 4] = ["TIER_250", "TIER_2K", "TIER_10K", "TIER_UNLIMITED"];
    json!({
        "id": format!("{}", 102_290_129_340_398u64 + i as u64),
        "analytics": {"data_points": [{"start": 1_693_526_400, "end": 1_693_612_800, "sent": 12, "delivered": 11}]},
        "business_verification_status": VERIFICATION[i % VERIFICATION.len()],
        "country": "US",
        "creation_time": 1_569_783_261 + i as i64,
        "currency": "USD",
        "is_enabled_for_insights": i % 2 == 0,
        "message_template_namespace": format!("c8ae5f90_307a_ca4c_b8f6_d1e2a2573{i:03}"),
        "name": format!("Jasper's Market {i}"),
        "on_behalf_of_business_info": {"id": format!("{}", 1_972_385_232_742_141u64 + i as u64)},
        "ownership_type": OWNERSHIP[i % OWNERSHIP.len()],
        "primary_funding_id": format!("{}", 1_972_385_232_742_000u64 + i as u64),
        "purchase_order_number": format!("PO-{i:06}"),
        "timezone_id": "1",
        "account_review_status": "APPROVED",
        "health_status": {
            "can_send_message": AVAILABILITY[i % AVAILABILITY.len()],
            "entities": [
                {"entity_type": "WABA", "id": format!("{}", 102_290_129_340_398u64 + i as u64), "can_send_message": "AVAILABLE"},
                {
                    "entity_type": "BUSINESS",
                    "id": "2729063490586005",
                    "can_send_message": "LIMITED",
                    "errors": [{"error_code": 141_006, "error_description": "There is an error with the payment method.", "possible_solution": "Add a valid payment method."}],
                    "additional_info": ["Your business has not been verified."]
                }
            ]
        },
        "owner_business": {"id": "2729063490586005", "name": "Jasper's Market Holdings"},
        "owner_business_info": {"id": "2729063490586005", "name": "Jasper's Market Holdings"},
        "primary_business_location": "US",
        "status": "ACTIVE",
        "is_shared_with_partners": false,
        "template_auto_archival_enabled": true,
        "whatsapp_business_manager_messaging_limit": TIERS[i % TIERS.len()],
    })
}

/// One message template as `GET /{waba-id}/message_templates` returns it:
/// header, body with examples, footer and buttons.
pub fn message_template(i: usize) -> Value {
    const STATUS: [&str; 4] = ["APPROVED", "PENDING", "REJECTED", "PAUSED"];
    const CATEGORY: [&str; 3] = ["MARKETING", "UTILITY", "AUTHENTICATION"];
    const SCORE: [&str; 3] = ["GREEN", "YELLOW", "UNKNOWN"];
    json!({
        "id": format!("{}", 594_425_479_261_596u64 + i as u64),
        "name": format!("order_update_{i}"),
        "language": "en_US",
        "status": STATUS[i % STATUS.len()],
        "category": CATEGORY[i % CATEGORY.len()],
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": {"header_text": ["#1234"]}},
            {
                "type": "BODY",
                "text": "Hi {{1}}, your order {{2}} has shipped and will arrive on {{3}}.",
                "example": {"body_text": [["Pablo", "#1234", "Monday"]]}
            },
            {"type": "FOOTER", "text": "Reply STOP to opt out"},
            {
                "type": "BUTTONS",
                "buttons": [
                    {"type": "URL", "text": "Track", "url": "https://example.com/track/{{1}}", "example": ["https://example.com/track/1234"]},
                    {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "+15550100"},
                    {"type": "QUICK_REPLY", "text": "Stop promotions"}
                ]
            }
        ],
        "quality_score": {"score": SCORE[i % SCORE.len()], "date": 1_700_000_000 + i as i64},
        "rejected_reason": "NONE",
        "parameter_format": "POSITIONAL",
        "sub_category": "ORDER_STATUS",
    })
}

/// A list page of `items` items made by `item`, with paging cursors; `next`
/// is the URL of the following page, if any.
pub fn page(items: impl IntoIterator<Item = Value>, next: Option<&str>) -> String {
    let mut paging = json!({"cursors": {"before": "QVFIUmxtX0FB", "after": "QVFIUkZAmZAZAM"}});
    if let Some(next) = next {
        paging["next"] = json!(next);
    }
    json!({"data": items.into_iter().collect::<Vec<_>>(), "paging": paging}).to_string()
}

/// A page of `n` WABAs, every field present.
pub fn waba_page(n: usize) -> String {
    page((0..n).map(waba), None)
}

/// A page of `n` message templates, every field present.
pub fn template_page(n: usize) -> String {
    page((0..n).map(message_template), None)
}

/// One assigned user of a WABA.
pub fn assigned_user(i: usize) -> Value {
    json!({
        "id": format!("{}", 100_089_547_063_210u64 + i as u64),
        "name": format!("Jasper Employee {i}"),
        "tasks": ["MANAGE", "DEVELOP"],
        "business": {"id": "2729063490586005", "name": "Jasper's Market Holdings"},
        "user_type": "SYSTEM_USER",
    })
}
