//! The API surface both sides are reduced to before comparing: an
//! OpenAPI description and our spec become the same plain records, so the
//! comparison knows neither format.

use std::collections::BTreeSet;

/// Where a request parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// The query string.
    Query,
    /// A path placeholder.
    Path,
    /// An HTTP header.
    Header,
    /// A field of the request body, whatever its content type.
    Body,
}

impl Location {
    /// How a finding names the location (`query param`, `body field`).
    pub fn noun(self) -> &'static str {
        match self {
            Self::Query => "query param",
            Self::Path => "path param",
            Self::Header => "header",
            Self::Body => "body field",
        }
    }
}

/// A parameter, body field or response field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The name on the wire.
    pub name: String,
    /// Must be sent (a parameter) or is always present (a response field).
    pub required: bool,
    /// The values the item may take, when it is an enum (or a list of one).
    pub enumeration: Option<Enumeration>,
}

/// The known values of an enum-typed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enumeration {
    /// Our enum's name; OpenAPI enums are anonymous.
    pub name: Option<String>,
    /// The values as sent on the wire.
    pub values: BTreeSet<String>,
}

/// A request parameter with where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Where it goes.
    pub location: Location,
    /// Its name, required-ness and values.
    pub item: Item,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Upper case: `GET`, `POST`, `DELETE`.
    pub method: String,
    /// What its side calls it: Meta's `operationId`, or our
    /// `entry.method` (`whatsapp_business_account.phone_numbers`).
    pub name: String,
    /// The path template as its side writes it, e.g. `/{Version}/{WABA-ID}`.
    pub path: String,
    /// Query, path, header parameters and body fields.
    pub params: Vec<Param>,
    /// Top-level fields of the response (of a page's items, for a page).
    pub response: Vec<Item>,
    /// Whether the required-ness of response fields means anything: not
    /// for reads with `fields`, where Graph returns only what was asked.
    pub response_required_known: bool,
}

impl Operation {
    /// The parameter named `name` in `location`, if any.
    pub fn param(&self, location: Location, name: &str) -> Option<&Item> {
        self.params
            .iter()
            .find(|p| p.location == location && p.item.name == name)
            .map(|p| &p.item)
    }

    /// Every wire name the operation mentions, for pairing look-alikes.
    pub fn names(&self) -> BTreeSet<&str> {
        self.params
            .iter()
            .map(|p| p.item.name.as_str())
            .chain(self.response.iter().map(|f| f.name.as_str()))
            .collect()
    }
}
