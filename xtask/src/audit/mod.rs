//! `cargo xtask audit`: compares our spec with an OpenAPI description of
//! Graph (such as Meta's `business-messaging-api_v23.0.yaml`) and reports
//! what our spec lacks or says differently.
//!
//! Both sides are reduced to the same plain records ([`surface`]): the
//! OpenAPI file by [`openapi`] (refs and compositions resolved by
//! [`resolve`]), our spec by [`ours`] through the generator's model. Then
//! [`compare`] pairs operations by method and path shape ([`path`]) and
//! lists the differences as [`finding`]s, which [`report`] renders.

mod compare;
mod document;
mod finding;
mod openapi;
mod ours;
mod path;
mod report;
mod resolve;
mod surface;

use std::path::PathBuf;

pub use finding::Category;

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The OpenAPI file, JSON or YAML.
    pub openapi: PathBuf,
    /// Our spec: a spec folder (its `graph.toml` and every other `*.toml`)
    /// or a single spec file; the workspace's `spec/` when `None`.
    pub spec: Option<PathBuf>,
    /// Print a JSON array instead of text.
    pub json: bool,
    /// Categories that fail the run when any finding falls in them.
    pub deny: Vec<Category>,
}

impl Options {
    /// Reads a `--deny` value: `missing`, `differs` or `all`.
    pub fn deny(&mut self, value: &str) -> Option<()> {
        match value {
            "missing" => self.deny.push(Category::Missing),
            "differs" => self.deny.push(Category::Differs),
            "all" => self.deny.extend([Category::Missing, Category::Differs]),
            _ => return None,
        }
        Some(())
    }
}

/// Runs the audit and prints the report on stdout. `spec` is our spec's
/// path. Fails on an unreadable input, or when a denied finding exists.
pub fn run(spec: &std::path::Path, options: &Options) -> Result<(), String> {
    let model = ours::load(spec)?;
    let ours = ours::operations(&model);
    let document = document::load(&options.openapi)?;
    let theirs = openapi::operations(&document)
        .map_err(|e| format!("{}: {e}", options.openapi.display()))?;
    let findings = compare::compare(&theirs, &ours);
    if options.json {
        println!("{}", report::json(&findings));
        eprintln!("{}", report::summary(&findings, theirs.len(), ours.len()));
    } else {
        print!("{}", report::text(&findings, theirs.len(), ours.len()));
    }
    let denied = findings
        .iter()
        .filter(|f| options.deny.contains(&f.kind.category()))
        .count();
    if denied > 0 {
        return Err(format!(
            "audit: {denied} finding(s) denied by --deny; update {} or relax --deny",
            spec.display()
        ));
    }
    Ok(())
}
