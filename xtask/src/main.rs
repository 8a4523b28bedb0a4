//! `cargo xtask codegen [--check]`: regenerates `generated/src/api` from
//! `spec/graph.toml`, or with `--check` fails when it is stale.

use std::path::PathBuf;
use std::process::ExitCode;

use waba_codegen::{Mode, run};

const USAGE: &str = "usage: cargo xtask codegen [--check]

  codegen          regenerate generated/src/api from spec/graph.toml
  codegen --check  fail, naming each file, if the generated code is stale";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["codegen"] => Mode::Write,
        ["codegen", "--check"] => Mode::Check,
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&workspace_root(), mode) {
        Ok(report) => {
            eprint!("{}", report.warnings);
            let verb = if mode == Mode::Check {
                "codegen --check: up to date"
            } else {
                "codegen"
            };
            println!("{verb}: {report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or(manifest.clone(), PathBuf::from)
}
