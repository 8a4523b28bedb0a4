//! The floor: what a careful hand-written client would decode into. The
//! same fields as the generated models, each a plain `#[derive(Deserialize)]`
//! type, with enums and IDs read as `String` and nothing else: no newtypes,
//! no unknown-value handling, no shared helpers. The generated models should
//! cost no more than this.

// The fields exist to be decoded; nothing reads them back.
#![allow(dead_code)]

use serde::Deserialize;
use serde_json::Value;

/// A list page, like `waba::Page`.
#[derive(Debug, Deserialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub paging: Option<Paging>,
    pub summary: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Deserialize)]
pub struct Paging {
    pub cursors: Option<Cursors>,
    pub next: Option<String>,
    pub previous: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Cursors {
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct WhatsAppBusinessAccount {
    pub id: Option<String>,
    pub analytics: Option<Value>,
    pub business_verification_status: Option<String>,
    pub country: Option<String>,
    pub creation_time: Option<i64>,
    pub currency: Option<String>,
    pub is_enabled_for_insights: Option<bool>,
    pub message_template_namespace: Option<String>,
    pub name: Option<String>,
    pub on_behalf_of_business_info: Option<IdOnly>,
    pub ownership_type: Option<String>,
    pub primary_funding_id: Option<String>,
    pub purchase_order_number: Option<String>,
    pub timezone_id: Option<String>,
    pub account_review_status: Option<String>,
    pub health_status: Option<HealthStatus>,
    pub owner_business: Option<Business>,
    pub owner_business_info: Option<Value>,
    pub primary_business_location: Option<String>,
    pub status: Option<String>,
    pub is_shared_with_partners: Option<bool>,
    pub template_auto_archival_enabled: Option<bool>,
    pub whatsapp_business_manager_messaging_limit: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct IdOnly {
    pub id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Business {
    pub id: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct HealthStatus {
    pub can_send_message: Option<String>,
    pub entities: Option<Vec<HealthStatusEntity>>,
}

#[derive(Debug, Deserialize)]
pub struct HealthStatusEntity {
    pub entity_type: Option<String>,
    pub id: Option<String>,
    pub can_send_message: Option<String>,
    pub errors: Option<Vec<HealthStatusError>>,
    pub additional_info: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct HealthStatusError {
    pub error_code: Option<i64>,
    pub error_description: Option<String>,
    pub possible_solution: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct MessageTemplate {
    pub id: Option<String>,
    pub name: Option<String>,
    pub language: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub components: Option<Vec<TemplateComponent>>,
    pub quality_score: Option<TemplateQualityScore>,
    pub rejected_reason: Option<String>,
    pub parameter_format: Option<String>,
    pub sub_category: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TemplateComponent {
    pub r#type: Option<String>,
    pub format: Option<String>,
    pub text: Option<String>,
    pub buttons: Option<Vec<TemplateButton>>,
    pub example: Option<TemplateExample>,
    pub add_security_recommendation: Option<bool>,
    pub code_expiration_minutes: Option<u32>,
}

#[derive(Debug, Deserialize)]
pub struct TemplateButton {
    pub r#type: Option<String>,
    pub text: Option<String>,
    pub url: Option<String>,
    pub phone_number: Option<String>,
    pub example: Option<Vec<String>>,
    pub otp_type: Option<String>,
    pub autofill_text: Option<String>,
    pub package_name: Option<String>,
    pub signature_hash: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TemplateExample {
    pub header_text: Option<Vec<String>>,
    pub header_text_named_params: Option<Vec<NamedParamExample>>,
    pub body_text: Option<Vec<Vec<String>>>,
    pub body_text_named_params: Option<Vec<NamedParamExample>>,
    pub header_handle: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct NamedParamExample {
    pub param_name: Option<String>,
    pub example: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TemplateQualityScore {
    pub score: Option<String>,
    pub date: Option<i64>,
}

/// `{"success": true}`, the answer of most writes.
#[derive(Debug, Deserialize)]
pub struct Success {
    pub success: bool,
}

#[derive(Debug, Deserialize)]
pub struct AssignedUser {
    pub id: Option<String>,
    pub name: Option<String>,
    pub tasks: Option<Vec<String>>,
    pub business: Option<Business>,
    pub user_type: Option<String>,
}
