//! How spec names become Rust names. Validation and emission both call
//! these, so a name that validates is the name that is emitted.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves, which need `r#` (or a suffix) to be identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The variant every generated string enum keeps for values it does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// A type name: `owned_whatsapp_business_accounts` → `OwnedWhatsappBusinessAccounts`.
pub fn type_name(name: &str) -> String {
    name.to_upper_camel_case()
}

/// A function, field or module name in snake case, as written in Rust
/// source (`type` → `r#type`, `self` → `self_`).
pub fn value_name(name: &str) -> String {
    escape(&name.to_snake_case())
}

/// Escapes a snake-case word that is a keyword.
pub fn escape(word: &str) -> String {
    if NOT_RAW.contains(&word) {
        format!("{word}_")
    } else if KEYWORDS.contains(&word) {
        format!("r#{word}")
    } else {
        word.to_owned()
    }
}

/// The variant name for an enum value: `not_verified` → `NotVerified`,
/// `TIER_2K` → `Tier2k`, `2FA` → `V2fa`. `None` when nothing usable is left.
pub fn variant_name(value: &str) -> Option<String> {
    let name = value.to_upper_camel_case();
    let first = name.chars().next()?;
    let name = if first.is_ascii_digit() {
        format!("V{name}")
    } else {
        name
    };
    if !is_identifier(&name) {
        return None;
    }
    // Keep clear of the catch-all variant and of `Self`.
    Some(match name.as_str() {
        UNKNOWN_VARIANT | "Self" => format!("{name}Value"),
        _ => name,
    })
}

/// Whether `name` is a plain ASCII Rust identifier.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_values_become_variants() {
        assert_eq!(variant_name("TIER_2K").as_deref(), Some("Tier2k"));
        assert_eq!(variant_name("2FA").as_deref(), Some("V2fa"));
        assert_eq!(variant_name("not_verified").as_deref(), Some("NotVerified"));
        assert_eq!(variant_name("UNKNOWN").as_deref(), Some("UnknownValue"));
        assert_eq!(variant_name("---"), None);
        assert_eq!(variant_name("é"), None);
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("phoneNumber"), "phone_number");
    }
}
