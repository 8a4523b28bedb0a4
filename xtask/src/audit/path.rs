//! Path templates compared by shape: Meta writes `/{Version}/{WABA-ID}`,
//! our spec `/{version}/{whatsapp-business-account-id}`, so placeholder
//! names say nothing and only their positions count.

/// One segment of a normalised path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// A fixed segment, e.g. `phone_numbers`.
    Literal(String),
    /// Any `{...}` placeholder, whatever its name.
    Placeholder,
}

/// Splits a template into segments, empty ones (from a leading, trailing or
/// doubled `/`) dropped so `/a/` and `/a` compare equal.
pub fn normalise(path: &str) -> Vec<Segment> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.starts_with('{') && s.ends_with('}') {
                Segment::Placeholder
            } else {
                Segment::Literal(s.to_owned())
            }
        })
        .collect()
}

/// The placeholder names of a template, in order, reduced to letters and
/// digits in lower case with a trailing `id` dropped, so `{Phone-Number-ID}`
/// and `{phone-number-id}` agree: a hint for pairing operations whose
/// shapes are alike.
pub fn placeholder_names(path: &str) -> Vec<String> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            let name: String = name
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            match name.strip_suffix("id") {
                Some(stem) if !stem.is_empty() => stem.to_owned(),
                _ => name,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_compare_by_position_not_name() {
        assert_eq!(
            normalise("/{Version}/{WABA-ID}/phone_numbers"),
            normalise("/{version}/{whatsapp-business-account-id}/phone_numbers")
        );
    }

    #[test]
    fn literals_must_match() {
        assert_ne!(
            normalise("/{Version}/{WABA-ID}/phone_numbers"),
            normalise("/{Version}/{WABA-ID}/message_templates")
        );
        assert_ne!(normalise("/{v}/{id}"), normalise("/{v}/{id}/edge"));
    }

    #[test]
    fn empty_segments_are_ignored() {
        assert_eq!(normalise("/{v}//{id}/"), normalise("/{v}/{id}"));
        assert_eq!(
            normalise("/{v}/x"),
            vec![Segment::Placeholder, Segment::Literal("x".into())]
        );
    }

    #[test]
    fn placeholder_names_agree_across_spellings() {
        assert_eq!(
            placeholder_names("/{Version}/{Phone-Number-ID}"),
            placeholder_names("/{version}/{phone-number-id}")
        );
        assert_eq!(placeholder_names("/{group_id}"), vec!["group"]);
        assert_eq!(placeholder_names("/{id}"), vec!["id"]);
    }
}
