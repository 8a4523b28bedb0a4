//! What the audit reports: one [`Finding`] per difference.

use serde_json::{Value, json};

/// What kind of difference a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The OpenAPI file has an operation our spec lacks.
    MissingOperation,
    /// A query, path or header parameter our operation lacks.
    MissingParam,
    /// A request body field our operation lacks.
    MissingBodyField,
    /// A response field our returned node lacks.
    MissingResponseField,
    /// A value the OpenAPI file lists that our enum lacks.
    MissingEnumValue,
    /// Required on one side, optional on the other.
    RequiredDiffers,
    /// A query parameter on one side, a body field on the other.
    LocationDiffers,
    /// An operation of our spec the OpenAPI file does not have.
    NotInOpenapi,
}

/// What `--deny` can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Something Meta documents that our spec lacks.
    Missing,
    /// Both sides have it, and say different things.
    Differs,
    /// Worth knowing, never a failure: our spec is meant to be a superset.
    Info,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 8] = [
        Kind::MissingOperation,
        Kind::MissingParam,
        Kind::MissingBodyField,
        Kind::MissingResponseField,
        Kind::MissingEnumValue,
        Kind::RequiredDiffers,
        Kind::LocationDiffers,
        Kind::NotInOpenapi,
    ];

    /// The name in `--json` output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::MissingOperation => "missing_operation",
            Kind::MissingParam => "missing_param",
            Kind::MissingBodyField => "missing_body_field",
            Kind::MissingResponseField => "missing_response_field",
            Kind::MissingEnumValue => "missing_enum_value",
            Kind::RequiredDiffers => "required_differs",
            Kind::LocationDiffers => "location_differs",
            Kind::NotInOpenapi => "not_in_openapi",
        }
    }

    /// The summary line's words for `n` findings of this kind.
    pub fn counted(self, n: usize) -> String {
        let what = match self {
            Kind::MissingOperation => "operation(s) missing",
            Kind::MissingParam => "param(s) missing",
            Kind::MissingBodyField => "body field(s) missing",
            Kind::MissingResponseField => "response field(s) missing",
            Kind::MissingEnumValue => "enum value(s) missing",
            Kind::RequiredDiffers => "required-ness difference(s)",
            Kind::LocationDiffers => "location difference(s)",
            Kind::NotInOpenapi => "operation(s) only in our spec",
        };
        format!("{n} {what}")
    }

    /// Which `--deny` category the kind falls in.
    pub fn category(self) -> Category {
        match self {
            Kind::MissingOperation
            | Kind::MissingParam
            | Kind::MissingBodyField
            | Kind::MissingResponseField
            | Kind::MissingEnumValue => Category::Missing,
            Kind::RequiredDiffers | Kind::LocationDiffers => Category::Differs,
            Kind::NotInOpenapi => Category::Info,
        }
    }
}

/// One difference, located by operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What differs.
    pub kind: Kind,
    /// HTTP method, upper case.
    pub method: String,
    /// The OpenAPI file's path, or ours for [`Kind::NotInOpenapi`].
    pub path: String,
    /// The parameter, field or operation concerned.
    pub name: String,
    /// A sentence saying what differs.
    pub detail: String,
}

impl Finding {
    /// The `--json` form: `{kind, method, path, name, detail}`.
    pub fn to_json(&self) -> Value {
        json!({
            "kind": self.kind.as_str(),
            "method": self.method,
            "path": self.path,
            "name": self.name,
            "detail": self.detail,
        })
    }
}
