//! How values travel: parameter values as Graph wants them in a query string
//! or form body ([`WireValue`]), string enums ([`StringEnum`]), and the
//! macros that give generated IDs and enums their common impls.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// A value that can be sent as a Graph parameter.
///
/// Graph takes every parameter as text: strings as they are, numbers in
/// decimal, bools as `true`/`false`, and anything structured (lists,
/// filters, JSON) as compact JSON.
pub trait WireValue {
    /// The parameter's text, before URL or form encoding.
    fn to_wire(&self) -> String;

    /// [`to_wire`](Self::to_wire), consuming the value: a value that
    /// already holds its text (a `String`, an ID) gives it up instead of
    /// copying it.
    fn into_wire(self) -> String
    where
        Self: Sized,
    {
        self.to_wire()
    }
}

impl WireValue for String {
    fn to_wire(&self) -> String {
        self.clone()
    }

    fn into_wire(self) -> String {
        self
    }
}

impl WireValue for &str {
    fn to_wire(&self) -> String {
        (*self).to_owned()
    }
}

/// Numbers and bools: their `Display` text is what Graph expects.
macro_rules! display_wire {
    ($($t:ty),*) => {
        $(impl WireValue for $t {
            fn to_wire(&self) -> String {
                self.to_string()
            }
        })*
    };
}

display_wire!(bool, u32, u64, i32, i64, f64);

impl WireValue for serde_json::Value {
    fn to_wire(&self) -> String {
        self.to_string()
    }
}

/// Lists are JSON: `["MANAGE","DEVELOP"]` for enums and strings, a list of
/// objects for [`Filter`](crate::Filter)s, nested lists for lists of lists.
impl<T: serde::Serialize> WireValue for Vec<T> {
    fn to_wire(&self) -> String {
        // Every element type used in parameters (strings, numbers, enums,
        // IDs, filters, JSON values) serializes infallibly.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A Graph string enum, or a field selector, that keeps unknown values.
///
/// `from_wire` never fails: a value this version does not know becomes the
/// enum's `Unknown` variant (an [`UnknownValue`](crate::UnknownValue)), so
/// new values Meta adds still decode.
pub trait StringEnum: Sized {
    /// The variant for a value as Graph writes it.
    fn from_wire(value: &str) -> Self;
    /// The value as Graph writes it.
    fn as_wire(&self) -> &str;
}

/// Deserializes a [`StringEnum`] from a JSON string.
///
/// Shared by every generated enum so each `Deserialize` impl is one line.
/// Numbers and bools are accepted as their text: an enum field Graph starts
/// sending in another JSON type is kept, not a decode failure.
pub fn deserialize_string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: StringEnum,
{
    deserializer.deserialize_any(WireText(std::marker::PhantomData))
}

/// Deserializes an ID from a JSON string, or from a JSON integer up to
/// 2^53: Graph sends IDs as strings, except in some webhooks (a template's
/// or a flow's ID arrives as a number). Up to 2^53 every JSON tool holds an
/// integer exactly, so its digits are the ID's; a larger number, or a
/// float, may have lost digits on the way, so it is refused.
pub fn deserialize_id<'de, D>(deserializer: D) -> Result<String, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(IdText)
}

/// The largest integer every JSON tool holds exactly (a float's mantissa).
const EXACT_INTEGERS: u64 = 1 << 53;

/// Visits a string, or an integer small enough to be exact.
struct IdText;

impl Visitor<'_> for IdText {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ID as a JSON string (or an integer up to 2^53)")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        if value <= EXACT_INTEGERS {
            Ok(value.to_string())
        } else {
            Err(E::invalid_type(de::Unexpected::Unsigned(value), &self))
        }
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        match u64::try_from(value) {
            Ok(value) => self.visit_u64(value),
            Err(_) => Err(E::invalid_type(de::Unexpected::Signed(value), &self)),
        }
    }
}

/// Visits a string, integer or bool as the enum value with that text.
///
/// Matches the borrowed text directly: a known value allocates nothing, and
/// only an unknown one is copied, into `Unknown`. (Building a
/// `String` first and matching after cost one allocation per enum value,
/// which made decoding slower than a plain `String` field.)
struct WireText<T>(std::marker::PhantomData<T>);

impl<T: StringEnum> Visitor<'_> for WireText<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from_wire(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        Ok(T::from_wire(&value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        Ok(T::from_wire(&value.to_string()))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<T, E> {
        Ok(T::from_wire(if value { "true" } else { "false" }))
    }
}

/// Implements, for a type that already implements [`StringEnum`]: `Display`,
/// `FromStr` (infallible), `From<&str>`, `Serialize` and `Deserialize` (as a
/// string) and [`WireValue`].
macro_rules! impl_string_enum {
    ($t:ty) => {
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::runtime::StringEnum::as_wire(self))
            }
        }

        impl ::std::str::FromStr for $t {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(<$t as $crate::runtime::StringEnum>::from_wire(value))
            }
        }

        impl ::std::convert::From<&str> for $t {
            fn from(value: &str) -> Self {
                <$t as $crate::runtime::StringEnum>::from_wire(value)
            }
        }

        impl ::serde::Serialize for $t {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::runtime::StringEnum::as_wire(self))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $t {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_string_enum(deserializer)
            }
        }

        impl $crate::runtime::WireValue for $t {
            fn to_wire(&self) -> ::std::string::String {
                ::std::borrow::ToOwned::to_owned($crate::runtime::StringEnum::as_wire(self))
            }
        }
    };
}

pub(crate) use impl_string_enum;

/// Implements, for `pub struct $t(String);`: `new`, `as_str`, `Display`,
/// `FromStr` (infallible), `From<String>`, `From<&str>`, `From<$t> for
/// String`, `AsRef<str>`, `Serialize` and `Deserialize` (as a JSON string)
/// and [`WireValue`].
macro_rules! impl_id {
    ($t:ident) => {
        impl $t {
            /// Wraps a raw ID.
            pub fn new(id: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self(id.into())
            }

            /// The ID as Graph writes it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::str::FromStr for $t {
            type Err = ::std::convert::Infallible;

            fn from_str(id: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::new(id))
            }
        }

        impl ::std::convert::From<::std::string::String> for $t {
            fn from(id: ::std::string::String) -> Self {
                Self(id)
            }
        }

        impl ::std::convert::From<&str> for $t {
            fn from(id: &str) -> Self {
                Self::new(id)
            }
        }

        impl ::std::convert::From<$t> for ::std::string::String {
            fn from(id: $t) -> Self {
                id.0
            }
        }

        impl ::std::convert::AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::serde::Serialize for $t {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $t {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_id(deserializer).map(Self)
            }
        }

        impl $crate::runtime::WireValue for $t {
            fn to_wire(&self) -> ::std::string::String {
                ::std::clone::Clone::clone(&self.0)
            }

            fn into_wire(self) -> ::std::string::String {
                self.0
            }
        }
    };
}

pub(crate) use impl_id;

/// Implements [`WireValue`] for a generated struct that is sent as a
/// request parameter: Graph takes nested objects JSON-encoded.
macro_rules! impl_json_param {
    ($t:ident) => {
        impl $crate::runtime::WireValue for $t {
            fn to_wire(&self) -> ::std::string::String {
                // Generated input structs hold only types that serialize infallibly.
                ::serde_json::to_string(self).unwrap_or_default()
            }
        }
    };
}

pub(crate) use impl_json_param;

#[cfg(test)]
pub(crate) mod tests {
    use std::convert::Infallible;
    use std::str::FromStr;

    use serde_json::json;

    use super::*;

    /// A field selector like the generated ones, for the runtime's tests.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub(crate) enum Field {
        Name,
        CreationTime,
        Unknown(crate::UnknownValue),
    }

    impl StringEnum for Field {
        fn from_wire(value: &str) -> Self {
            match value {
                "name" => Self::Name,
                "creation_time" => Self::CreationTime,
                other => Self::Unknown(crate::UnknownValue::new(other)),
            }
        }

        fn as_wire(&self) -> &str {
            match self {
                Self::Name => "name",
                Self::CreationTime => "creation_time",
                Self::Unknown(value) => value.as_str(),
            }
        }
    }

    impl_string_enum!(Field);

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Task {
        Manage,
        Develop,
        Unknown(crate::UnknownValue),
    }

    impl StringEnum for Task {
        fn from_wire(value: &str) -> Self {
            match value {
                "MANAGE" => Self::Manage,
                "DEVELOP" => Self::Develop,
                other => Self::Unknown(crate::UnknownValue::new(other)),
            }
        }

        fn as_wire(&self) -> &str {
            match self {
                Self::Manage => "MANAGE",
                Self::Develop => "DEVELOP",
                Self::Unknown(value) => value.as_str(),
            }
        }
    }

    impl_string_enum!(Task);

    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    struct UserId(String);

    impl_id!(UserId);

    #[test]
    fn scalars_are_plain_text() {
        assert_eq!(true.to_wire(), "true");
        assert_eq!(false.to_wire(), "false");
        assert_eq!(25u32.to_wire(), "25");
        assert_eq!(u64::MAX.to_wire(), "18446744073709551615");
        assert_eq!((-7i32).to_wire(), "-7");
        assert_eq!(1569783261i64.to_wire(), "1569783261");
        assert_eq!(1.5f64.to_wire(), "1.5");
        assert_eq!("a b".to_wire(), "a b");
        assert_eq!(String::from("x").to_wire(), "x");
        assert_eq!(String::from("x").into_wire(), "x");
        assert_eq!(7u32.into_wire(), "7");
        assert_eq!(json!({"a": [1, "b"]}).to_wire(), r#"{"a":[1,"b"]}"#);
    }

    #[test]
    fn lists_are_json() {
        assert_eq!(
            vec![Task::Manage, Task::Develop].to_wire(),
            r#"["MANAGE","DEVELOP"]"#
        );
        assert_eq!(
            vec![String::from("a\"b"), String::from("c")].to_wire(),
            r#"["a\"b","c"]"#
        );
        assert_eq!(Vec::<Task>::new().to_wire(), "[]");
        assert_eq!(
            vec![UserId::new("1"), UserId::new("2")].to_wire(),
            r#"["1","2"]"#
        );
        assert_eq!(vec![vec!["x".to_owned()]].to_wire(), r#"[["x"]]"#);
        assert_eq!(vec![1i64, 2].to_wire(), "[1,2]");
    }

    #[test]
    fn string_enums_keep_unknown_values() {
        assert_eq!(Task::Develop.to_wire(), "DEVELOP");
        assert_eq!(Task::Manage.to_string(), "MANAGE");
        let Task::Unknown(new) = Task::from("NEW_TASK") else {
            panic!("a new value must land in `Unknown`")
        };
        assert_eq!(new.as_str(), "NEW_TASK");
        assert_eq!(Task::from_str("MANAGE"), Ok::<_, Infallible>(Task::Manage));
        let tasks: Vec<Task> = serde_json::from_value(json!(["MANAGE", "NEW_TASK"])).unwrap();
        assert_eq!(tasks, [Task::Manage, Task::from("NEW_TASK")]);
        assert_eq!(
            serde_json::to_value(&tasks).unwrap(),
            json!(["MANAGE", "NEW_TASK"])
        );
        // Another JSON type is kept as its text rather than failing the decode.
        let odd: Vec<Task> = serde_json::from_value(json!([5, true])).unwrap();
        assert_eq!(odd, [Task::from("5"), Task::from("true")]);
        assert!(serde_json::from_value::<Task>(json!({"a": 1})).is_err());
    }

    #[test]
    fn ids_are_strings_everywhere() {
        let id = UserId::new("123");
        assert_eq!(id.as_str(), "123");
        assert_eq!(id.to_string(), "123");
        assert_eq!(id.to_wire(), "123");
        assert_eq!(id.clone().into_wire(), "123");
        assert_eq!(AsRef::<str>::as_ref(&id), "123");
        assert_eq!(UserId::from("123"), id);
        assert_eq!(UserId::from(String::from("123")), id);
        assert_eq!(UserId::from_str("123"), Ok::<_, Infallible>(id.clone()));
        assert_eq!(String::from(id.clone()), "123");
        assert_eq!(serde_json::to_value(&id).unwrap(), json!("123"));
        assert_eq!(serde_json::from_value::<UserId>(json!("123")).unwrap(), id);
        // Some webhooks send IDs as integers: kept digit for digit.
        assert_eq!(serde_json::from_value::<UserId>(json!(123)).unwrap(), id);
        let exact = serde_json::from_str::<UserId>("9007199254740992").unwrap();
        assert_eq!(exact.as_str(), "9007199254740992");
        // Past 2^53, or a float, it may have lost digits; anything else is not an ID.
        assert!(serde_json::from_str::<UserId>("9007199254740993").is_err());
        assert!(serde_json::from_value::<UserId>(json!(-1)).is_err());
        assert!(serde_json::from_value::<UserId>(json!(1.5e15)).is_err());
        assert!(serde_json::from_value::<UserId>(json!(null)).is_err());
        assert!(serde_json::from_value::<UserId>(json!(true)).is_err());
    }
}
