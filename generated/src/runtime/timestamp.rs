//! [`Timestamp`]: a point in time as Graph writes it, Unix seconds.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::wire::WireValue;

/// A point in time, in whole seconds since the Unix epoch (UTC).
///
/// Graph writes times as Unix seconds, sometimes as a JSON number and
/// sometimes as digits in a string; both decode. It is sent (as a parameter
/// or a field modifier) and serialized as a decimal number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The time `seconds` after the Unix epoch (negative: before it).
    pub const fn from_unix(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Seconds since the Unix epoch.
    pub const fn as_unix(self) -> i64 {
        self.0
    }
}

impl From<SystemTime> for Timestamp {
    /// Truncates to whole seconds; times too far from the epoch for an
    /// `i64` of seconds saturate.
    fn from(time: SystemTime) -> Self {
        let seconds = |d: Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Self(seconds(after)),
            // Before the epoch: round towards the past, as whole seconds do.
            Err(before) => {
                let before = before.duration();
                let whole = seconds(before);
                let extra = i64::from(before.subsec_nanos() > 0);
                Self(whole.saturating_add(extra).saturating_neg())
            }
        }
    }
}

impl From<Timestamp> for SystemTime {
    fn from(time: Timestamp) -> Self {
        let magnitude = Duration::from_secs(time.0.unsigned_abs());
        if time.0 >= 0 {
            UNIX_EPOCH + magnitude
        } else {
            UNIX_EPOCH - magnitude
        }
    }
}

impl fmt::Display for Timestamp {
    /// The decimal Unix seconds, as sent to Graph.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl WireValue for Timestamp {
    fn to_wire(&self) -> String {
        self.0.to_string()
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Seconds)
    }
}

/// Visits a number of seconds, or the same as decimal digits in a string.
struct Seconds;

impl Visitor<'_> for Seconds {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unix seconds, as a number or as digits in a string")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Timestamp, E> {
        Ok(Timestamp(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Timestamp, E> {
        i64::try_from(value)
            .map(Timestamp)
            .map_err(|_| E::custom(format!("{value} seconds is out of range")))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Timestamp, E> {
        let digits = value.strip_prefix('-').unwrap_or(value);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(E::invalid_value(de::Unexpected::Str(value), &self));
        }
        value
            .parse()
            .map(Timestamp)
            .map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_numbers_and_digit_strings_alike() {
        let from_number: Timestamp = serde_json::from_str("1693526400").unwrap();
        let from_string: Timestamp = serde_json::from_str("\"1693526400\"").unwrap();
        assert_eq!(from_number, Timestamp::from_unix(1_693_526_400));
        assert_eq!(from_string, from_number);
        assert!(serde_json::from_str::<Timestamp>("\"2023-09-01\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("\"\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("1.5").is_err());
    }

    #[test]
    fn encodes_as_decimal_seconds() {
        let time = Timestamp::from_unix(1_696_118_400);
        assert_eq!(time.to_wire(), "1696118400");
        assert_eq!(time.to_string(), "1696118400");
        assert_eq!(serde_json::to_string(&time).unwrap(), "1696118400");
    }

    #[test]
    fn converts_from_and_to_system_time() {
        let time = UNIX_EPOCH + Duration::from_millis(1_500);
        assert_eq!(Timestamp::from(time).as_unix(), 1);
        let before = UNIX_EPOCH - Duration::from_millis(1_500);
        assert_eq!(Timestamp::from(before).as_unix(), -2);
        let back: SystemTime = Timestamp::from_unix(-2).into();
        assert_eq!(back, UNIX_EPOCH - Duration::from_secs(2));
    }
}
