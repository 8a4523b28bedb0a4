//! `tests/fixtures/meta_operations.tsv`: every operation of Meta's OpenAPI
//! file, what it requires and answers, and which of ours makes the call.

use std::path::Path;

/// One operation of Meta's file, as the table and the digest both give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaOperation {
    /// Method and path, e.g. `POST /{Version}/{Phone-Number-ID}/register`.
    pub call: String,
    pub operation_id: String,
    /// Query parameters and top-level body keys marked required.
    pub required: Vec<String>,
    /// The keys of each alternative shape of the 200 answer.
    pub answers: Vec<Vec<String>>,
}

/// A line of the table: Meta's operation and ours (`handle.method`).
pub struct Row {
    pub meta: MetaOperation,
    pub ours: Vec<String>,
}

pub fn rows() -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/meta_operations.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                columns.len(),
                5,
                "{}: `{line}` needs 5 columns",
                path.display()
            );
            Row {
                meta: MetaOperation {
                    call: columns[0].to_owned(),
                    operation_id: columns[1].to_owned(),
                    required: words(columns[2]),
                    answers: columns[3]
                        .split(" | ")
                        .map(words)
                        .filter(|keys| !keys.is_empty())
                        .collect(),
                },
                ours: words(columns[4]),
            }
        })
        .collect()
}

/// Space-separated words, `-` standing for none.
fn words(column: &str) -> Vec<String> {
    column
        .split_whitespace()
        .filter(|w| *w != "-")
        .map(str::to_owned)
        .collect()
}

/// How a row is written back, for a message that lists rows to add.
pub fn show(meta: &MetaOperation) -> String {
    let or_dash = |words: String| {
        if words.is_empty() {
            "-".to_owned()
        } else {
            words
        }
    };
    let answers: Vec<String> = meta.answers.iter().map(|keys| keys.join(" ")).collect();
    format!(
        "{}\t{}\t{}\t{}",
        meta.call,
        meta.operation_id,
        or_dash(meta.required.join(" ")),
        or_dash(answers.join(" | "))
    )
}
