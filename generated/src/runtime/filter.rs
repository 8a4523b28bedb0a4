//! `filtering=`: typed filters on list edges, sent as a JSON list of
//! `{"field": .., "operator": .., "value": ..}` objects.

use std::fmt;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::wire::StringEnum;

/// One condition of a `filtering` parameter: `field` `operator` `value`.
///
/// `F` is the field selector of the node being listed, so only fields that
/// exist can be filtered on. Values are strings, as Graph's examples send
/// them (numbers and timestamps included).
#[derive(Debug, Clone, PartialEq)]
pub struct Filter<F> {
    field: F,
    operator: FilterOperator,
    value: FilterValue,
}

impl<F> Filter<F> {
    /// A filter with any operator and value.
    pub fn new(field: F, operator: FilterOperator, value: impl Into<FilterValue>) -> Self {
        Self {
            field,
            operator,
            value: value.into(),
        }
    }

    /// `field == value` (`EQUAL`).
    pub fn equal(field: F, value: impl Into<String>) -> Self {
        Self::one(field, FilterOperator::Equal, value)
    }

    /// `field != value` (`NOT_EQUAL`).
    pub fn not_equal(field: F, value: impl Into<String>) -> Self {
        Self::one(field, FilterOperator::NotEqual, value)
    }

    /// `field > value` (`GREATER_THAN`).
    pub fn greater_than(field: F, value: impl Into<String>) -> Self {
        Self::one(field, FilterOperator::GreaterThan, value)
    }

    /// `field < value` (`LESS_THAN`).
    pub fn less_than(field: F, value: impl Into<String>) -> Self {
        Self::one(field, FilterOperator::LessThan, value)
    }

    /// `field` contains `value` (`CONTAIN`).
    pub fn contain(field: F, value: impl Into<String>) -> Self {
        Self::one(field, FilterOperator::Contain, value)
    }

    /// `field` does not contain `value` (`NOT_CONTAIN`).
    pub fn not_contain(field: F, value: impl Into<String>) -> Self {
        Self::one(field, FilterOperator::NotContain, value)
    }

    /// `field` is one of `values` (`IN`).
    pub fn in_(field: F, values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self::many(field, FilterOperator::In, values)
    }

    /// `field` is none of `values` (`NOT_IN`).
    pub fn not_in(field: F, values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self::many(field, FilterOperator::NotIn, values)
    }

    /// `low <= field <= high` (`IN_RANGE`), e.g. two Unix timestamps.
    pub fn in_range(field: F, low: impl Into<String>, high: impl Into<String>) -> Self {
        Self::new(
            field,
            FilterOperator::InRange,
            vec![low.into(), high.into()],
        )
    }

    /// `field` outside `low..=high` (`NOT_IN_RANGE`).
    pub fn not_in_range(field: F, low: impl Into<String>, high: impl Into<String>) -> Self {
        Self::new(
            field,
            FilterOperator::NotInRange,
            vec![low.into(), high.into()],
        )
    }

    /// The field filtered on.
    pub fn field(&self) -> &F {
        &self.field
    }

    /// The comparison.
    pub fn operator(&self) -> FilterOperator {
        self.operator
    }

    /// The value compared with.
    pub fn value(&self) -> &FilterValue {
        &self.value
    }

    fn one(field: F, operator: FilterOperator, value: impl Into<String>) -> Self {
        Self::new(field, operator, FilterValue::One(value.into()))
    }

    fn many(
        field: F,
        operator: FilterOperator,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let values = values.into_iter().map(Into::into).collect::<Vec<_>>();
        Self::new(field, operator, FilterValue::Many(values))
    }
}

// Written by hand rather than through `serde_json::Value`, whose maps sort
// keys: this keeps Graph's documented key order.
impl<F: StringEnum> Serialize for Filter<F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Filter", 3)?;
        object.serialize_field("field", self.field.as_wire())?;
        object.serialize_field("operator", self.operator.as_str())?;
        object.serialize_field("value", &self.value)?;
        object.end()
    }
}

/// The comparison a [`Filter`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FilterOperator {
    /// `EQUAL`
    Equal,
    /// `NOT_EQUAL`
    NotEqual,
    /// `GREATER_THAN`
    GreaterThan,
    /// `LESS_THAN`
    LessThan,
    /// `IN`
    In,
    /// `NOT_IN`
    NotIn,
    /// `CONTAIN`
    Contain,
    /// `NOT_CONTAIN`
    NotContain,
    /// `IN_RANGE`
    InRange,
    /// `NOT_IN_RANGE`
    NotInRange,
}

impl FilterOperator {
    /// The operator as Graph writes it, e.g. `IN_RANGE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Equal => "EQUAL",
            Self::NotEqual => "NOT_EQUAL",
            Self::GreaterThan => "GREATER_THAN",
            Self::LessThan => "LESS_THAN",
            Self::In => "IN",
            Self::NotIn => "NOT_IN",
            Self::Contain => "CONTAIN",
            Self::NotContain => "NOT_CONTAIN",
            Self::InRange => "IN_RANGE",
            Self::NotInRange => "NOT_IN_RANGE",
        }
    }
}

impl fmt::Display for FilterOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value side of a [`Filter`]: one string, or a list for `IN`, `NOT_IN`
/// and the range operators.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum FilterValue {
    /// A single value, sent as a JSON string.
    One(String),
    /// Several values, sent as a JSON list of strings.
    Many(Vec<String>),
}

impl From<&str> for FilterValue {
    fn from(value: &str) -> Self {
        Self::One(value.to_owned())
    }
}

impl From<String> for FilterValue {
    fn from(value: String) -> Self {
        Self::One(value)
    }
}

impl From<Vec<String>> for FilterValue {
    fn from(values: Vec<String>) -> Self {
        Self::Many(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::wire::{WireValue, tests::Field};

    #[test]
    fn filtering_is_the_documented_json_list() {
        let filters = vec![Filter::in_range(
            Field::CreationTime,
            "1569783261",
            "1604542049",
        )];
        assert_eq!(
            filters.to_wire(),
            r#"[{"field":"creation_time","operator":"IN_RANGE","value":["1569783261","1604542049"]}]"#
        );
    }

    #[test]
    fn single_values_are_strings_and_lists_are_lists() {
        let filters = vec![
            Filter::equal(Field::Name, "Acme \"Inc\""),
            Filter::new(Field::CreationTime, FilterOperator::GreaterThan, "5"),
            Filter::not_in(Field::Name, ["a", "b"]),
            Filter::in_(Field::Name, Vec::<String>::new()),
        ];
        assert_eq!(
            filters.to_wire(),
            concat!(
                r#"[{"field":"name","operator":"EQUAL","value":"Acme \"Inc\""},"#,
                r#"{"field":"creation_time","operator":"GREATER_THAN","value":"5"},"#,
                r#"{"field":"name","operator":"NOT_IN","value":["a","b"]},"#,
                r#"{"field":"name","operator":"IN","value":[]}]"#
            )
        );
        assert_eq!(Vec::<Filter<Field>>::new().to_wire(), "[]");
    }

    #[test]
    fn every_operator_has_its_graph_name() {
        let all = [
            (FilterOperator::Equal, "EQUAL"),
            (FilterOperator::NotEqual, "NOT_EQUAL"),
            (FilterOperator::GreaterThan, "GREATER_THAN"),
            (FilterOperator::LessThan, "LESS_THAN"),
            (FilterOperator::In, "IN"),
            (FilterOperator::NotIn, "NOT_IN"),
            (FilterOperator::Contain, "CONTAIN"),
            (FilterOperator::NotContain, "NOT_CONTAIN"),
            (FilterOperator::InRange, "IN_RANGE"),
            (FilterOperator::NotInRange, "NOT_IN_RANGE"),
        ];
        for (operator, name) in all {
            assert_eq!(operator.as_str(), name);
            assert_eq!(operator.to_string(), name);
        }
        let constructors = [
            Filter::not_equal(Field::Name, "x"),
            Filter::less_than(Field::Name, "x"),
            Filter::contain(Field::Name, "x"),
            Filter::not_contain(Field::Name, "x"),
            Filter::not_in_range(Field::Name, "1", "2"),
        ];
        let operators: Vec<_> = constructors.iter().map(Filter::operator).collect();
        assert_eq!(
            operators,
            [
                FilterOperator::NotEqual,
                FilterOperator::LessThan,
                FilterOperator::Contain,
                FilterOperator::NotContain,
                FilterOperator::NotInRange
            ]
        );
        assert_eq!(
            constructors[4].value(),
            &FilterValue::from(vec!["1".to_owned(), "2".to_owned()])
        );
        assert_eq!(constructors[0].field(), &Field::Name);
    }
}
