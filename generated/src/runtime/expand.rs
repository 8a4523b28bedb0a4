//! Field expansion: `fields=analytics.start(1693526400).granularity(DAY)`
//! and `fields=phone_numbers.limit(5){id,display_phone_number}`.
//!
//! Generated code wraps an [`Expansion`] in one type per expandable field,
//! with a constructor taking the required modifiers and a setter per
//! optional one; rendering and adding it to `fields=` happen here, once.

use std::fmt;
use std::marker::PhantomData;

use super::wire::{StringEnum, WireValue};

/// One field selected with modifiers or a nested selection, for a request
/// whose field selector is `F`. Made by the generated expansion
/// constructors on a field selector, such as
/// `WhatsAppBusinessAccountField::analytics(..)`, and passed to `expand(..)`
/// on a request builder.
///
/// Modifier values are written as Graph's field expansion syntax reads
/// them: numbers, timestamps, enums and strings bare (`granularity(DAY)`),
/// lists as JSON (`phone_numbers(["15550100"])`).
pub struct Expansion<F> {
    field: &'static str,
    /// In the order set; setting a modifier again replaces it in place.
    modifiers: Vec<(&'static str, String)>,
    nested: Selection,
    selector: PhantomData<fn() -> F>,
}

impl<F> Expansion<F> {
    /// An expansion of the field named `field`, with nothing set yet.
    pub(crate) fn new(field: &'static str) -> Self {
        Self {
            field,
            modifiers: Vec::new(),
            nested: Selection::default(),
            selector: PhantomData,
        }
    }

    /// Sets the modifier `name` to `value`; generated constructors and
    /// setters call this.
    pub(crate) fn modifier(mut self, name: &'static str, value: impl WireValue) -> Self {
        let value = value.to_wire();
        match self.modifiers.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.modifiers.push((name, value)),
        }
        self
    }

    /// Selects the fields of the nested node (`{a,b}`); an empty selection
    /// leaves Graph's default fields.
    pub(crate) fn fields<N: StringEnum>(mut self, fields: impl IntoIterator<Item = N>) -> Self {
        self.nested.set_plain(fields);
        self
    }

    /// The field name, as Graph writes it.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl<F> fmt::Display for Expansion<F> {
    /// The text added to `fields=`: `name.modifier(value)...{nested}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.field)?;
        for (name, value) in &self.modifiers {
            write!(f, ".{name}({value})")?;
        }
        if let Some(nested) = self.nested.render() {
            write!(f, "{{{nested}}}")?;
        }
        Ok(())
    }
}

impl<F> fmt::Debug for Expansion<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Expansion").field(&self.to_string()).finish()
    }
}

impl<F> Clone for Expansion<F> {
    fn clone(&self) -> Self {
        Self {
            field: self.field,
            modifiers: self.modifiers.clone(),
            nested: self.nested.clone(),
            selector: PhantomData,
        }
    }
}

/// What a `fields=` parameter selects: plain fields (replaced as a whole by
/// each `fields(..)`) then expansions (added by each `expand(..)`), each in
/// the order given.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selection {
    /// The plain fields, comma-joined as sent (`a,b,c`): one string, not one
    /// per field. `None` when none are selected.
    plain: Option<String>,
    /// The expansions, each as rendered.
    pub(crate) expanded: Vec<String>,
}

impl Selection {
    /// Selects these plain fields instead of any before.
    pub(crate) fn set_plain<F: StringEnum>(&mut self, fields: impl IntoIterator<Item = F>) {
        let mut plain: Option<String> = None;
        for field in fields {
            let name = field.as_wire();
            match &mut plain {
                Some(plain) => {
                    plain.push(',');
                    plain.push_str(name);
                }
                // Room for a typical selection, so that it is not regrown
                // name by name.
                None => {
                    let mut first = String::with_capacity(name.len().max(128));
                    first.push_str(name);
                    plain = Some(first);
                }
            }
        }
        self.plain = plain;
    }

    /// The comma-joined selection, or `None` when nothing is selected.
    pub(crate) fn render(&self) -> Option<String> {
        if self.expanded.is_empty() {
            return self.plain.clone();
        }
        let mut all = self.plain.clone().unwrap_or_default();
        for (index, expanded) in self.expanded.iter().enumerate() {
            if index > 0 || self.plain.is_some() {
                all.push(',');
            }
            all.push_str(expanded);
        }
        Some(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::wire::tests::Field;

    #[test]
    fn renders_modifiers_in_order_with_lists_as_json() {
        let expansion = Expansion::<Field>::new("analytics")
            .modifier("start", 1_693_526_400_i64)
            .modifier("granularity", "DAY")
            .modifier("phone_numbers", vec!["15550100"])
            .modifier("start", 1_693_526_401_i64);
        assert_eq!(
            expansion.to_string(),
            r#"analytics.start(1693526401).granularity(DAY).phone_numbers(["15550100"])"#
        );
    }

    #[test]
    fn renders_a_nested_selection_after_the_modifiers() {
        let expansion = Expansion::<Field>::new("phone_numbers")
            .modifier("limit", 5_u32)
            .fields([Field::Name, Field::CreationTime]);
        assert_eq!(
            expansion.to_string(),
            "phone_numbers.limit(5){name,creation_time}"
        );
        let empty = Expansion::<Field>::new("phone_numbers").fields(Vec::<Field>::new());
        assert_eq!(empty.to_string(), "phone_numbers");
    }
}
