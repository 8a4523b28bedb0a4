//! Rendering findings: text grouped by operation, or a JSON array.

use std::fmt::Write as _;

use super::finding::{Finding, Kind};

/// Findings grouped under their operation, our extra operations listed
/// apart (they are informational), then the summary line.
pub fn text(findings: &[Finding], theirs: usize, ours: usize) -> String {
    let mut out = String::new();
    let (extra, differences): (Vec<&Finding>, Vec<&Finding>) =
        findings.iter().partition(|f| f.kind == Kind::NotInOpenapi);
    let mut current: Option<(&str, &str)> = None;
    for finding in &differences {
        let operation = (finding.method.as_str(), finding.path.as_str());
        if current != Some(operation) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{} {}", finding.method, finding.path);
            current = Some(operation);
        }
        let _ = writeln!(out, "  {}", finding.detail);
    }
    if !extra.is_empty() {
        if current.is_some() {
            out.push('\n');
        }
        out.push_str("Only in our spec (informational):\n");
        for finding in &extra {
            let _ = writeln!(
                out,
                "  {} {}  ({})",
                finding.method, finding.path, finding.name
            );
        }
    }
    if !findings.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(findings, theirs, ours));
    out.push('\n');
    out
}

/// `audit: 12 operations in the OpenAPI file, 10 in our spec; ...`.
pub fn summary(findings: &[Finding], theirs: usize, ours: usize) -> String {
    let counts: Vec<String> = Kind::ALL
        .iter()
        .filter_map(|&kind| {
            let n = findings.iter().filter(|f| f.kind == kind).count();
            (n > 0).then(|| kind.counted(n))
        })
        .collect();
    let counts = if counts.is_empty() {
        "no differences".to_owned()
    } else {
        counts.join(", ")
    };
    format!("audit: {theirs} operation(s) in the OpenAPI file, {ours} in our spec; {counts}")
}

/// The findings as a pretty-printed JSON array of
/// `{kind, method, path, name, detail}`.
pub fn json(findings: &[Finding]) -> String {
    let array = serde_json::Value::Array(findings.iter().map(Finding::to_json).collect());
    serde_json::to_string_pretty(&array).unwrap_or_else(|_| "[]".to_owned())
}
