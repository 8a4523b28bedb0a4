//! The built xtask binary works on the tree it is run in, not the one it
//! was compiled in: two clones sharing a target dir share one binary.
//!
//! Each test copies the parts of the workspace codegen needs into a fresh
//! folder under the temp dir, runs the binary there, and checks that the
//! copy was read and written and this tree was left alone.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use waba_codegen::{OUTPUT_DIR, SPEC_PATH};

/// This workspace, the one the test binary was built from.
fn real_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ lives inside the workspace")
        .to_path_buf()
}

/// Every file codegen reads or writes in `root`, with its bytes.
fn codegen_files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = vec![(
        root.join(SPEC_PATH),
        fs::read(root.join(SPEC_PATH)).unwrap(),
    )];
    for entry in fs::read_dir(root.join(OUTPUT_DIR)).unwrap() {
        let path = entry.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        files.push((path, bytes));
    }
    files.sort();
    files
}

/// A minimal copy of the workspace: a `[workspace]` manifest, an `xtask/`
/// folder, the spec's files and the generated API. Removed when dropped.
struct CopiedTree(PathBuf);

impl CopiedTree {
    fn new(tag: &str) -> Self {
        let root = scratch_dir(tag);
        let real = real_root();
        fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"xtask\"]\n",
        )
        .unwrap();
        fs::create_dir_all(root.join("xtask")).unwrap();
        fs::create_dir_all(root.join("spec")).unwrap();
        // Every file of the spec: `spec/graph.toml` and the others beside it.
        for entry in fs::read_dir(real.join("spec")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                fs::copy(&path, root.join("spec").join(path.file_name().unwrap())).unwrap();
            }
        }
        fs::create_dir_all(root.join(OUTPUT_DIR)).unwrap();
        for entry in fs::read_dir(real.join(OUTPUT_DIR)).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(&path, root.join(OUTPUT_DIR).join(path.file_name().unwrap())).unwrap();
        }
        Self(root)
    }

    fn spec(&self) -> PathBuf {
        self.0.join(SPEC_PATH)
    }

    /// Changes one doc string in the copied spec; returns the new text,
    /// which the generated models then carry. The field is one of
    /// `Success`, a node no operation reads with `fields`, so the models
    /// are the only generated file that carries its doc.
    fn edit_spec(&self) -> &'static str {
        let text = fs::read_to_string(self.spec()).unwrap();
        let edited = text.replacen(
            "doc = \"Whether the write succeeded.\"",
            "doc = \"Whether the write succeeded, as edited in a copied tree.\"",
            1,
        );
        assert_ne!(
            edited, text,
            "the spec no longer has the doc string to edit"
        );
        fs::write(self.spec(), edited).unwrap();
        "/// Whether the write succeeded, as edited in a copied tree."
    }

    fn models(&self) -> String {
        fs::read_to_string(self.0.join(OUTPUT_DIR).join("models.rs")).unwrap()
    }
}

impl Drop for CopiedTree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// An empty folder of its own under the temp dir, canonical so it compares
/// equal to the paths xtask prints.
fn scratch_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-root-test-{tag}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::canonicalize(&dir).unwrap()
}

/// The built xtask, run in `cwd`; `manifest_dir` is what cargo would set
/// `CARGO_MANIFEST_DIR` to, `None` for a run by hand. (The test itself
/// runs with cargo's `CARGO_MANIFEST_DIR`, pointing at this tree, so it is
/// always set or removed explicitly.)
fn xtask(cwd: &Path, manifest_dir: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.current_dir(cwd).args(args);
    match manifest_dir {
        Some(dir) => command.env("CARGO_MANIFEST_DIR", dir),
        None => command.env_remove("CARGO_MANIFEST_DIR"),
    };
    command.output().expect("run the xtask binary")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn cargo_xtask_in_a_copied_tree_reads_and_writes_the_copy() {
    let real_before = codegen_files(&real_root());
    let copy = CopiedTree::new("cargo");
    let xtask_dir = copy.0.join("xtask");
    let expected_doc = copy.edit_spec();
    let reading = |command: &str| format!("{command}: reading {}", copy.spec().display());

    // Check mode reads the copy and finds the copy's models stale.
    let check = xtask(&copy.0, Some(&xtask_dir), &["codegen", "--check"]);
    assert!(!check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains(&reading("codegen --check")),
        "{}",
        stderr(&check)
    );
    assert!(
        stderr(&check).contains("generated/src/api/models.rs was not up to date"),
        "{}",
        stderr(&check)
    );
    assert!(!copy.models().contains(expected_doc), "check mode wrote");

    // Write mode reads the copy and writes into it.
    let write = xtask(&copy.0, Some(&xtask_dir), &["codegen"]);
    assert!(write.status.success(), "{}", stderr(&write));
    assert!(
        stderr(&write).contains(&reading("codegen")),
        "{}",
        stderr(&write)
    );
    assert!(stdout(&write).contains("(1 written,"), "{}", stdout(&write));
    assert!(copy.models().contains(expected_doc));

    // And the copy is now current.
    let check = xtask(&copy.0, Some(&xtask_dir), &["codegen", "--check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stdout(&check).contains("up to date"), "{}", stdout(&check));

    assert!(
        codegen_files(&real_root()) == real_before,
        "the real tree's spec or generated files changed"
    );
}

#[test]
fn run_by_hand_it_finds_the_workspace_above_the_current_directory() {
    let real_before = codegen_files(&real_root());
    let copy = CopiedTree::new("walk");
    let expected_doc = copy.edit_spec();

    let output = xtask(&copy.0.join(OUTPUT_DIR), None, &["codegen"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("codegen: reading {}", copy.spec().display())),
        "{}",
        stderr(&output)
    );
    assert!(copy.models().contains(expected_doc));
    assert!(
        codegen_files(&real_root()) == real_before,
        "the real tree's spec or generated files changed"
    );
}

#[test]
fn outside_any_workspace_it_fails_with_a_clear_error() {
    let dir = scratch_dir("outside");
    assert!(
        !dir.ancestors().any(|d| d.join("Cargo.toml").exists()),
        "the temp dir {} is inside a Cargo project; this test needs one that is not",
        dir.display()
    );
    let output = xtask(&dir, None, &["codegen"]);
    let _ = fs::remove_dir_all(&dir);
    assert!(!output.status.success());
    assert_ne!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("run `cargo xtask` inside the waba workspace"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
}

#[test]
fn a_manifest_dir_whose_workspace_has_no_spec_is_refused() {
    let dir = scratch_dir("nospec");
    fs::create_dir_all(dir.join("xtask")).unwrap();
    fs::write(dir.join("Cargo.toml"), "[workspace]\n").unwrap();
    let output = xtask(&dir, Some(&dir.join("xtask")), &["codegen", "--check"]);
    let _ = fs::remove_dir_all(&dir);
    assert!(!output.status.success());
    let stderr = stderr(&output);
    assert!(
        stderr.contains(&format!("{} ", dir.display()))
            && stderr.contains("has no spec/graph.toml"),
        "{stderr}"
    );
}
