//! A malformed spec gets a located, helpful diagnostic, never a panic, and
//! never a half-written `generated/`.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use waba_codegen::{Mode, RunError, SourceFile, generate, run};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The whole spec as one text: its files joined, which is itself a spec.
fn real_spec() -> String {
    waba_codegen::read_spec(&workspace_root()).unwrap().text
}

/// Every malformed fixture, by name, with its bytes: some are not UTF-8.
fn malformed_fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = workspace_root().join("tests/fixtures/malformed");
    let mut fixtures: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&path).unwrap())
        })
        .collect();
    fixtures.sort();
    fixtures
}

#[test]
fn every_malformed_spec_gets_its_expected_diagnostic() {
    let fixtures = malformed_fixtures();
    assert!(
        fixtures.len() >= 25,
        "the corpus has {} specs",
        fixtures.len()
    );
    for (name, bytes) in fixtures {
        // Read the way `run` reads the spec: bytes first, so a file that
        // is not UTF-8 gets its diagnostic like any other mistake.
        let (source, diagnostics) = match SourceFile::from_bytes(format!("{name}.toml"), bytes) {
            Ok(source) => match generate(&source) {
                Ok(_) => panic!("{name}: the spec was accepted"),
                Err(diagnostics) => (source, diagnostics),
            },
            Err(not_utf8) => not_utf8.into_diagnostics(),
        };
        let errors: Vec<_> = diagnostics.0.iter().filter(|d| d.is_error()).collect();
        assert!(!errors.is_empty(), "{name}: no error reported");
        for error in &errors {
            assert!(
                error.span.is_some(),
                "{name}: `{}` is not located",
                error.message
            );
        }
        let rendered = diagnostics.render(&source);
        assert!(
            rendered.contains(&format!("--> {name}.toml:")),
            "{name}: no file:line:col\n{rendered}"
        );
        insta::assert_snapshot!(name.as_str(), rendered);
    }
}

#[test]
fn all_errors_are_reported_in_one_run_in_source_order() {
    let text = fs::read_to_string(
        workspace_root()
            .join("tests/fixtures/malformed/several_mistakes_reported_in_source_order.toml"),
    )
    .unwrap();
    let source = SourceFile::new("spec.toml", text);
    let diagnostics = generate(&source).unwrap_err();
    let starts: Vec<usize> = diagnostics
        .0
        .iter()
        .map(|d| d.span.as_ref().unwrap().0.start)
        .collect();
    assert_eq!(diagnostics.error_count(), 3);
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "not in source order: {starts:?}"
    );
}

#[test]
fn every_unknown_key_is_reported_not_just_the_first() {
    let text = real_spec()
        .replacen("required = true", "requried = true", 2)
        .replacen(
            "doc = \"Invalid parameter.\"",
            "dco = \"Invalid parameter.\"",
            1,
        );
    let source = SourceFile::new("spec/graph.toml", text);
    let diagnostics = generate(&source).unwrap_err();
    assert_eq!(
        diagnostics.error_count(),
        3,
        "{}",
        diagnostics.render(&source)
    );
}

#[test]
fn warnings_do_not_stop_generation() {
    let text = real_spec().replacen("doc = \"The business ID.\"", "", 1);
    assert_ne!(text, real_spec());
    let source = SourceFile::new("spec/graph.toml", text);
    let output = generate(&source).unwrap_or_else(|d| panic!("{}", d.render(&source)));
    assert!(!output.warnings.0.is_empty());
    assert!(
        output
            .warnings
            .render(&source)
            .contains("has no documentation")
    );
}

/// A throwaway workspace root with a spec and a generated folder.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str, spec: &str) -> Self {
        let root = std::env::temp_dir().join(format!("waba-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("spec")).unwrap();
        fs::create_dir_all(root.join(waba_codegen::OUTPUT_DIR)).unwrap();
        fs::write(root.join(waba_codegen::SPEC_PATH), spec).unwrap();
        Self(root)
    }

    fn output(&self) -> PathBuf {
        self.0.join(waba_codegen::OUTPUT_DIR)
    }

    /// Every file in the output folder with its contents, sorted.
    fn snapshot(&self) -> Vec<(String, String)> {
        let mut files: Vec<_> = fs::read_dir(self.output())
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, fs::read_to_string(&path).unwrap_or_default())
            })
            .collect();
        files.sort();
        files
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_spec_with_errors_changes_nothing_under_generated() {
    let scratch = Scratch::new("errors", &real_spec());
    run(&scratch.0, Mode::Write).unwrap();
    let before = scratch.snapshot();
    assert!(before.len() > 3);

    let broken = real_spec().replacen("type = \"OwnershipType\"", "type = \"OwnershipTyp\"", 1)
        + "\n[[node]]\nname = \"NewThing\"\ndoc = \"Would add a model.\"\n";
    fs::write(scratch.0.join(waba_codegen::SPEC_PATH), broken).unwrap();
    let error = run(&scratch.0, Mode::Write).unwrap_err();
    assert!(matches!(error, RunError::Spec { errors: 1, .. }), "{error}");
    assert!(error.to_string().contains("nothing was written"));
    assert_eq!(scratch.snapshot(), before);
}

#[test]
fn a_spec_that_is_not_utf8_is_located_and_changes_nothing() {
    let scratch = Scratch::new("not-utf8", &real_spec());
    run(&scratch.0, Mode::Write).unwrap();
    let before = scratch.snapshot();

    // A smart apostrophe saved as Windows-1252: the lone byte 0x92.
    let text = real_spec().replacen("\"The business ID.\"", "\"The business\u{0}s ID.\"", 1);
    let line = text[..text.find('\u{0}').unwrap()].lines().count();
    let bytes: Vec<u8> = text
        .bytes()
        .map(|b| if b == 0 { 0x92 } else { b })
        .collect();
    fs::write(scratch.0.join(waba_codegen::SPEC_PATH), bytes).unwrap();
    let error = run(&scratch.0, Mode::Write).unwrap_err();
    assert!(matches!(error, RunError::Spec { errors: 1, .. }), "{error}");
    let text = error.to_string();
    for expected in [
        format!("--> spec/graph.toml:{line}:20"),
        "byte 0x92".to_owned(),
        "0x92 is `’`".to_owned(),
        "nothing was written".to_owned(),
    ] {
        assert!(text.contains(&expected), "missing {expected}:\n{text}");
    }
    assert_eq!(scratch.snapshot(), before);
}

#[test]
fn check_mode_never_writes_and_names_each_stale_file() {
    let scratch = Scratch::new("check", &real_spec());
    run(&scratch.0, Mode::Write).unwrap();
    fs::write(scratch.output().join("models.rs"), "// edited by hand\n").unwrap();
    fs::write(scratch.output().join("ids.rs"), "// edited by hand\n").unwrap();
    let before = scratch.snapshot();
    let error = run(&scratch.0, Mode::Check).unwrap_err();
    let RunError::Stale(report) = &error else {
        panic!("{error}")
    };
    assert_eq!(report.changed, ["ids.rs", "models.rs"]);
    let text = error.to_string();
    assert!(
        text.contains("generated/src/api/models.rs was not up to date"),
        "{text}"
    );
    assert!(text.contains("run `cargo xtask codegen`"), "{text}");
    assert_eq!(scratch.snapshot(), before);
}

#[test]
fn writes_leave_no_temporary_files_behind() {
    let scratch = Scratch::new("atomic", &real_spec());
    run(&scratch.0, Mode::Write).unwrap();
    assert!(
        scratch
            .snapshot()
            .iter()
            .all(|(name, _)| !name.ends_with(".tmp"))
    );
    // A second run finds everything current.
    let report = run(&scratch.0, Mode::Write).unwrap();
    assert!(report.sync.changed.is_empty());
}

/// Mutations a person editing the spec by hand might make.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
    ReplaceByte(usize, u8),
    InsertLine(usize, &'static str),
}

const INSERTS: &[&str] = &[
    "[[node]]",
    "[[edge]]",
    "[[edge.operation]]",
    "[[edge.operation.param]]",
    "[[node_operation]]",
    "name = \"type\"",
    "name = \"2FA\"",
    "name = \"\"",
    "type = \"list<\"",
    "type = \"id<Success>\"",
    "type = \"list<list<WabaTask>>\"",
    "kind = \"create\"",
    "required = true",
    "method = \"self\"",
    "method = \"id\"",
    "entry = \"new\"",
    "values = []",
    "values = [\"\", \"a b\", \"UNKNOWN\", \"Unknown\"]",
    "rename = { \"MANAGE\" = \"Unknown\" }",
    "filtering = true",
    "errors = [-1, 9999999999]",
    "returns = \"Success\"",
    "id = true",
    "\"quoted key\" = 1",
    "[api]",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::ReplaceByte(at, b)),
        (any::<usize>(), prop::sample::select(INSERTS))
            .prop_map(|(at, l)| Mutation::InsertLine(at, l)),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for mutation in mutations {
        let n = lines.len().max(1);
        match *mutation {
            Mutation::DeleteLine(i) if !lines.is_empty() => {
                lines.remove(i % n);
            }
            Mutation::DuplicateLine(i) if !lines.is_empty() => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Mutation::SwapLines(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
            Mutation::Truncate(i) => lines.truncate(i % (n + 1)),
            Mutation::ReplaceByte(i, byte) if !lines.is_empty() => {
                let line = &mut lines[i % n];
                let mut bytes = std::mem::take(line).into_bytes();
                if !bytes.is_empty() {
                    let at = i % bytes.len();
                    bytes[at] = byte;
                }
                *line = String::from_utf8_lossy(&bytes).into_owned();
            }
            Mutation::InsertLine(i, line) => lines.insert(i % (lines.len() + 1), line.to_owned()),
            _ => {}
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Deleting, duplicating, corrupting and inserting pieces of the real
    /// spec yields a clean `Ok` or located diagnostics, never a panic.
    #[test]
    fn mutated_specs_never_panic_the_generator(mutations in prop::collection::vec(mutation(), 1..6)) {
        let text = apply(&real_spec(), &mutations);
        let source = SourceFile::new("spec/graph.toml", text);
        match generate(&source) {
            Ok(output) => prop_assert!(!output.files.is_empty()),
            Err(diagnostics) => {
                prop_assert!(diagnostics.has_errors());
                for d in diagnostics.0.iter().filter(|d| d.is_error()) {
                    prop_assert!(d.span.is_some(), "unlocated: {}", d.message);
                }
                let _ = diagnostics.render(&source);
            }
        }
    }

    /// Arbitrary text is rejected cleanly.
    #[test]
    fn arbitrary_text_never_panics_the_generator(text in "\\PC{0,400}") {
        let source = SourceFile::new("spec.toml", text);
        if let Err(diagnostics) = generate(&source) {
            let _ = diagnostics.render(&source);
        }
    }
}
