//! `cargo xtask bench compile`: how long `cargo build -p waba` takes after
//! the generated code changes, for the real spec and synthetic ones.
//!
//! Everything happens in a scratch workspace under the temp dir: a copy of
//! the `generated/` crate with its own target dir, so the real
//! `generated/` and the shared target dir are never touched. Dependencies
//! are built once per profile first and not timed; each timed build then
//! recompiles only the `waba` crate, which is what changes with the spec.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use waba_codegen::{Mode, SPEC_PATH, SourceFile, generate, write::sync};

use crate::synth::synthesize;

/// What to build: synthetic sizes and profiles.
pub struct Options {
    pub nodes: Vec<usize>,
    pub profiles: Vec<Profile>,
    /// Build every size in every profile, even the slow ones.
    pub all: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Debug,
    Release,
}

impl Profile {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "debug" | "dev" => Some(Self::Debug),
            "release" => Some(Self::Release),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Debug => "debug",
            Self::Release => "release",
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            nodes: vec![10, 100, 1_000],
            profiles: vec![Profile::Debug, Profile::Release],
            all: false,
        }
    }
}

/// Above this many nodes a release build takes minutes on a small machine;
/// it only runs with `--all`.
const RELEASE_LIMIT: usize = 100;

struct Row {
    spec: String,
    nodes: usize,
    operations: usize,
    lines: usize,
    bytes: usize,
    profile: Profile,
    time: Duration,
}

/// Runs the benchmark under `root` (the workspace) and prints the table.
pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let scratch = std::env::temp_dir().join(format!("waba-compile-bench-{}", std::process::id()));
    let result = (|| {
        let crate_dir = scratch_workspace(root, &scratch).map_err(|e| e.to_string())?;
        let spec = root.join(SPEC_PATH);
        eprintln!("bench compile: reading {}", spec.display());
        let real = waba_codegen::read_spec(root).map_err(|e| e.to_string())?;
        let mut specs = vec![("real".to_owned(), real)];
        for &n in &options.nodes {
            specs.push((
                format!("synthetic {n}"),
                SourceFile::new(format!("synthetic-{n}.toml"), synthesize(n)),
            ));
        }
        let mut rows = Vec::new();
        for &profile in &options.profiles {
            eprintln!(
                "bench compile: building dependencies ({}), not timed",
                profile.name()
            );
            build(&scratch, profile)?;
            for (name, source) in &specs {
                let output = generate(source).map_err(|d| d.render(source))?;
                if profile == Profile::Release && !options.all && output.nodes > RELEASE_LIMIT + 1 {
                    eprintln!("bench compile: skipping {name} in release (slow; pass --all)");
                    continue;
                }
                let api = crate_dir.join("src/api");
                sync(&api, &output.files, Mode::Write).map_err(|e| e.to_string())?;
                // "After touching the generated code": the real spec's files may
                // be unchanged, so rewrite one to make cargo rebuild the crate.
                let first = &output.files[0];
                fs::write(api.join(&first.path), &first.contents).map_err(|e| e.to_string())?;
                eprintln!("bench compile: {name}, {}", profile.name());
                let time = build(&scratch, profile)?;
                rows.push(Row {
                    spec: name.clone(),
                    nodes: output.nodes,
                    operations: output.operations,
                    lines: output
                        .files
                        .iter()
                        .map(|f| f.contents.lines().count())
                        .sum(),
                    bytes: output.files.iter().map(|f| f.contents.len()).sum(),
                    profile,
                    time,
                });
            }
        }
        print!("{}", table(&rows));
        Ok(())
    })();
    // Best effort: a leftover scratch dir in /tmp is harmless.
    let _ = fs::remove_dir_all(&scratch);
    result
}

/// A workspace in `scratch` holding a copy of the `waba` crate, with the
/// root manifest's shared settings and lock file. Returns the crate's dir.
fn scratch_workspace(root: &Path, scratch: &Path) -> io::Result<PathBuf> {
    let crate_dir = scratch.join("waba");
    copy_dir(&root.join("generated"), &crate_dir)?;
    let manifest = fs::read_to_string(root.join("Cargo.toml"))?;
    let manifest: String = manifest
        .lines()
        // Only the `waba` crate is a member; path dependencies on the other
        // members would point nowhere.
        .filter(|line| !line.contains("path = "))
        .map(|line| {
            if line.starts_with("members") {
                "members = [\"waba\"]"
            } else {
                line
            }
        })
        .fold(String::new(), |mut out, line| {
            let _ = writeln!(out, "{line}");
            out
        });
    fs::write(scratch.join("Cargo.toml"), manifest)?;
    // Same dependency versions as the real workspace.
    fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"))?;
    Ok(crate_dir)
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// `cargo build -p waba` in the scratch workspace, timed, not incremental. Without the
/// default `rustls` feature: it changes only which TLS stack reqwest
/// builds (not timed), never the `waba` crate's own code.
fn build(scratch: &Path, profile: Profile) -> Result<Duration, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(scratch)
        .args([
            "build",
            "-q",
            "-p",
            "waba",
            // Every area, no TLS: the generated code is what is measured.
            "--no-default-features",
            "--features",
            "full",
            "--target-dir",
        ])
        .arg(scratch.join("target"))
        .env_remove("CARGO_TARGET_DIR")
        // Whole-crate builds: with incremental compilation a rebuild of an
        // unchanged spec reuses nearly everything, and the sizes would not
        // compare.
        .env("CARGO_INCREMENTAL", "0");
    if profile == Profile::Release {
        command.arg("--release");
    }
    let start = Instant::now();
    let output = command.output().map_err(|e| format!("cargo build: {e}"))?;
    let time = start.elapsed();
    if !output.status.success() {
        return Err(format!(
            "cargo build failed in {}:\n{}",
            scratch.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(time)
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "\n| spec | nodes | operations | lines | bytes | profile | build (s) | s per operation |\n\
         | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n",
    );
    for row in rows {
        let seconds = row.time.as_secs_f64();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {:.2} | {:.3} |",
            row.spec,
            row.nodes,
            row.operations,
            row.lines,
            row.bytes,
            row.profile.name(),
            seconds,
            seconds / row.operations.max(1) as f64
        );
    }
    out
}
