//! Project automation:
//!
//! - `cargo xtask codegen [--check]`: regenerates `generated/src/api` from
//!   `spec/graph.toml`, or with `--check` fails when it is stale.
//! - `cargo xtask audit --openapi FILE [--json] [--deny missing|differs|all]`:
//!   reports what the spec lacks compared with an OpenAPI description.
//! - `cargo xtask synth --nodes N [--out PATH]`: writes a synthetic spec.
//! - `cargo xtask bench compile [...]`: times building the generated crate.

mod audit;
mod compile_bench;
mod root;
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

use waba_codegen::{Mode, SPEC_DIR, SPEC_PATH, run};

const USAGE: &str = "usage: cargo xtask <command>

  codegen          regenerate generated/src/api from spec/*.toml
  codegen --check  fail, naming each file, if the generated code is stale
  audit --openapi FILE [--spec PATH] [--json] [--deny missing|differs|all]
                   report what spec/ (or --spec: a spec folder or one spec
                   file) lacks or says
                   differently compared with an OpenAPI 3.x file (JSON or
                   YAML); --deny fails the run when such findings exist
  synth --nodes N [--out PATH]
                   write a synthetic spec of N nodes (to stdout, or PATH)
  bench compile [--nodes 10,100,1000] [--profiles debug,release] [--all]
                   time `cargo build -p waba` for the real and synthetic specs
                   in a scratch copy of the crate; release builds above 100
                   nodes are skipped unless --all";

/// What the command line asked for.
enum Command {
    Codegen(Mode),
    Audit(audit::Options),
    Synth { nodes: usize, out: Option<PathBuf> },
    BenchCompile(compile_bench::Options),
    Help,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = parse(&args) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command {
        Command::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Command::Codegen(mode) => codegen(mode),
        Command::Audit(options) => {
            let spec = match &options.spec {
                Some(spec) => Ok(spec.clone()),
                None => workspace_root().map(|root| root.join(SPEC_DIR)),
            };
            spec.and_then(|spec| audit::run(&spec, &options))
        }
        Command::Synth { nodes, out } => {
            let spec = synth::synthesize(nodes);
            match out {
                Some(path) => {
                    std::fs::write(&path, spec).map_err(|e| format!("{}: {e}", path.display()))
                }
                None => {
                    print!("{spec}");
                    Ok(())
                }
            }
        }
        Command::BenchCompile(options) => {
            workspace_root().and_then(|root| compile_bench::run(&root, &options))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn parse(args: &[String]) -> Option<Command> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => Some(Command::Codegen(Mode::Write)),
        ["codegen", "--check"] => Some(Command::Codegen(Mode::Check)),
        ["-h" | "--help" | "help"] => Some(Command::Help),
        ["audit", rest @ ..] => {
            let mut options = audit::Options::default();
            let mut openapi = None;
            let mut rest = rest.iter();
            while let Some(&flag) = rest.next() {
                match flag {
                    "--openapi" => openapi = Some(PathBuf::from(rest.next()?)),
                    "--spec" => options.spec = Some(PathBuf::from(rest.next()?)),
                    "--json" => options.json = true,
                    "--deny" => options.deny(rest.next()?)?,
                    _ => return None,
                }
            }
            options.openapi = openapi?;
            Some(Command::Audit(options))
        }
        ["synth", rest @ ..] => {
            let (mut nodes, mut out) = (None, None);
            let mut rest = rest.iter();
            while let Some(&flag) = rest.next() {
                match flag {
                    "--nodes" => nodes = Some(rest.next()?.parse().ok()?),
                    "--out" => out = Some(PathBuf::from(rest.next()?)),
                    _ => return None,
                }
            }
            Some(Command::Synth { nodes: nodes?, out })
        }
        ["bench", "compile", rest @ ..] => {
            let mut options = compile_bench::Options::default();
            let mut rest = rest.iter();
            while let Some(&flag) = rest.next() {
                match flag {
                    "--nodes" => {
                        options.nodes = list(rest.next()?, |n| n.parse().ok())?;
                    }
                    "--profiles" => {
                        options.profiles = list(rest.next()?, compile_bench::Profile::parse)?;
                    }
                    "--all" => options.all = true,
                    _ => return None,
                }
            }
            Some(Command::BenchCompile(options))
        }
        _ => None,
    }
}

/// A comma-separated list, every item valid.
fn list<T>(text: &str, item: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| item(s.trim()))
        .collect()
}

fn codegen(mode: Mode) -> Result<(), String> {
    let (command, outcome) = match mode {
        Mode::Write => ("codegen", ""),
        Mode::Check => ("codegen --check", " up to date:"),
    };
    let root = workspace_root()?;
    // Named up front, so a diagnostic or a stale file is never blamed on
    // the wrong clone.
    eprintln!(
        "{command}: reading {} (and every other *.toml beside it)",
        root.join(SPEC_PATH).display()
    );
    let report = run(&root, mode).map_err(|e| e.to_string())?;
    eprint!("{}", report.warnings);
    println!("{command}:{outcome} {report}");
    Ok(())
}

/// The workspace this run is about, found at run time (see [`root`]).
fn workspace_root() -> Result<PathBuf, String> {
    root::workspace_root().map_err(|e| e.to_string())
}
