//! Which workspace `cargo xtask` works on, found when it runs.
//!
//! The root used to be `env!("CARGO_MANIFEST_DIR")`, fixed when xtask was
//! compiled. Two clones sharing one `CARGO_TARGET_DIR` share one xtask
//! binary, so `cargo xtask codegen` in the second clone read the first
//! clone's spec (and could have written into the first clone's
//! `generated/`). So the root is looked up on every run instead:
//!
//! 1. `CARGO_MANIFEST_DIR` in the environment: `cargo xtask` is an alias for
//!    `cargo run --package xtask`, and cargo sets it for the process it
//!    runs to the `xtask/` folder of the workspace cargo was invoked in;
//!    the root is its parent.
//! 2. Otherwise (the binary run by hand), the nearest ancestor of the
//!    current directory whose `Cargo.toml` declares a `[workspace]`.
//!
//! Either way the root must hold the spec, so a wrong guess is an error
//! rather than a run against some other tree.

use std::ffi::OsStr;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use waba_codegen::SPEC_PATH;

/// Why no workspace root could be used.
#[derive(Debug, PartialEq, Eq)]
pub enum RootError {
    /// Neither `CARGO_MANIFEST_DIR` nor any ancestor of the current
    /// directory points at a workspace.
    NotInWorkspace { cwd: PathBuf },
    /// A root was found but holds no spec.
    NoSpec { root: PathBuf, found_by: String },
}

impl fmt::Display for RootError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotInWorkspace { cwd } => write!(
                f,
                "error: {} is not inside a Cargo workspace and CARGO_MANIFEST_DIR is not set; \
                 run `cargo xtask` inside the waba workspace",
                cwd.display()
            ),
            Self::NoSpec { root, found_by } => write!(
                f,
                "error: the workspace root {} ({found_by}) has no {SPEC_PATH}; \
                 run `cargo xtask` inside the waba workspace",
                root.display()
            ),
        }
    }
}

/// The root of the workspace this run is about, from the process's
/// environment and current directory.
pub fn workspace_root() -> Result<PathBuf, RootError> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    find(std::env::var_os("CARGO_MANIFEST_DIR").as_deref(), &cwd)
}

/// The root given xtask's manifest folder (if cargo said) and the current
/// directory; absolute, and checked to hold the spec.
fn find(manifest_dir: Option<&OsStr>, cwd: &Path) -> Result<PathBuf, RootError> {
    let (root, found_by) = match manifest_dir.filter(|dir| !dir.is_empty()) {
        Some(dir) => {
            // A relative path would come from a person, not cargo: read it
            // against the current directory, as a shell would.
            let dir = cwd.join(dir);
            let root = dir.parent().map_or_else(|| dir.clone(), Path::to_path_buf);
            (
                root,
                format!("the parent of CARGO_MANIFEST_DIR={}", dir.display()),
            )
        }
        None => {
            let root = cwd
                .ancestors()
                .find(|dir| declares_workspace(&dir.join("Cargo.toml")))
                .ok_or_else(|| RootError::NotInWorkspace {
                    cwd: cwd.to_path_buf(),
                })?;
            (
                root.to_path_buf(),
                format!("the nearest workspace above {}", cwd.display()),
            )
        }
    };
    if !root.join(SPEC_PATH).is_file() {
        return Err(RootError::NoSpec { root, found_by });
    }
    // Symlinks and `..` resolved, so the path printed is the one read.
    Ok(fs::canonicalize(&root).unwrap_or(root))
}

/// Whether a manifest has a `[workspace]` table (or a `[workspace.*]` one,
/// which makes it a workspace too). A line-level look is enough: xtask only
/// needs to tell a workspace root from a member crate.
fn declares_workspace(manifest: &Path) -> bool {
    fs::read_to_string(manifest).is_ok_and(|text| {
        text.lines().map(str::trim).any(|line| {
            line.strip_prefix("[workspace")
                .is_some_and(|rest| rest.starts_with(']') || rest.starts_with('.'))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A throwaway folder tree, removed when dropped.
    struct Tree(PathBuf);

    impl Tree {
        fn new(tag: &str) -> Self {
            let dir = std::env::temp_dir().join(format!("xtask-root-{tag}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            Self(fs::canonicalize(&dir).unwrap())
        }

        fn file(&self, path: &str, text: &str) -> &Self {
            let path = self.0.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
            self
        }
    }

    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn the_manifest_dir_from_cargo_wins_over_the_current_directory() {
        let ours = Tree::new("env-ours");
        ours.file("Cargo.toml", "[workspace]\n")
            .file(SPEC_PATH, "")
            .file("xtask/Cargo.toml", "[package]\n");
        let other = Tree::new("env-other");
        other
            .file("Cargo.toml", "[workspace]\n")
            .file(SPEC_PATH, "");
        let root = find(Some(ours.0.join("xtask").as_os_str()), &other.0).unwrap();
        assert_eq!(root, ours.0);
    }

    #[test]
    fn without_cargo_the_nearest_workspace_above_the_current_directory_is_used() {
        let tree = Tree::new("walk");
        tree.file("Cargo.toml", "[workspace.package]\nedition = \"2024\"\n")
            .file(SPEC_PATH, "")
            .file("generated/Cargo.toml", "[package]\nname = \"waba\"\n")
            .file("generated/src/lib.rs", "");
        let root = find(None, &tree.0.join("generated/src")).unwrap();
        assert_eq!(root, tree.0);
        // An empty variable counts as unset.
        let root = find(Some(OsStr::new("")), &tree.0.join("generated")).unwrap();
        assert_eq!(root, tree.0);
    }

    #[test]
    fn a_root_without_the_spec_is_refused() {
        let tree = Tree::new("nospec");
        tree.file("Cargo.toml", "[workspace]\n");
        let error = find(Some(tree.0.join("xtask").as_os_str()), &tree.0).unwrap_err();
        assert!(matches!(&error, RootError::NoSpec { root, .. } if *root == tree.0));
        let text = error.to_string();
        assert!(text.contains("has no spec/graph.toml"), "{text}");
        assert!(text.contains("CARGO_MANIFEST_DIR="), "{text}");
        assert!(matches!(find(None, &tree.0), Err(RootError::NoSpec { .. })));
    }

    #[test]
    fn a_member_manifest_is_not_a_workspace() {
        let tree = Tree::new("member");
        tree.file("Cargo.toml", "[package]\nname = \"x\"\n[workspace-ish]\n");
        assert!(!declares_workspace(&tree.0.join("Cargo.toml")));
        assert!(!declares_workspace(&tree.0.join("missing/Cargo.toml")));
    }
}
