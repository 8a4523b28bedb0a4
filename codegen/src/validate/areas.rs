//! Areas: the cargo features operations build behind. A misspelt area
//! would silently put an operation behind a feature nobody enables, so
//! every reference must name a declared `[[area]]`.

use super::{Validator, span};

/// Features the crate has for other reasons; an area may not reuse them.
const TAKEN: &[&str] = &["default", "rustls"];

/// Cargo feature names as this crate spells them: lower-case words joined
/// by `-` (Cargo allows more, but one spelling keeps `--features` guessable).
fn is_feature_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Validator<'_> {
    pub(super) fn areas(&mut self) {
        let spec = self.spec;
        self.unique(
            "area",
            spec.area.iter().map(|a| {
                (
                    a.name.get_ref().clone(),
                    span(&a.name),
                    a.name.get_ref().as_str(),
                )
            }),
        );
        for area in &spec.area {
            let name = area.name.get_ref();
            if !is_feature_name(name) || TAKEN.contains(&name.as_str()) {
                self.error(
                    span(&area.name),
                    format!("`{name}` cannot be a cargo feature of the crate"),
                    "bad area name",
                    Some(format!(
                        "use lower-case words joined by `-`, such as `phone-numbers`, other than {}",
                        TAKEN.join(" and ")
                    )),
                );
            }
        }
        let known: Vec<&str> = spec
            .area
            .iter()
            .map(|a| a.name.get_ref().as_str())
            .collect();
        let references = spec
            .edge
            .iter()
            .filter_map(|e| e.area.as_ref())
            .chain(
                spec.edge
                    .iter()
                    .flat_map(|e| &e.operation)
                    .filter_map(|o| o.area.as_ref()),
            )
            .chain(spec.node_operation.iter().filter_map(|o| o.area.as_ref()))
            .chain(spec.client_operation.iter().filter_map(|o| o.area.as_ref()))
            .chain(spec.webhook.iter().filter_map(|w| w.area.as_ref()));
        for area in references {
            self.defined(area, &known, "area", "area");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_feature_name;

    #[test]
    fn feature_names_are_lower_case_words_joined_by_dashes() {
        for good in ["messages", "phone-numbers", "v2", "a-b-c"] {
            assert!(is_feature_name(good), "{good}");
        }
        for bad in [
            "",
            "Messages",
            "phone_numbers",
            "-a",
            "a-",
            "a--b",
            "a b",
            "é",
        ] {
            assert!(!is_feature_name(bad), "{bad}");
        }
    }
}
