//! The cargo features of the `waba` crate are the spec's areas: every
//! `[[area]]` is a feature, `full` enables them all, and `default` has `full`.
//! A spec change that adds an area without its feature fails here, not in a
//! user's build.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[test]
fn every_area_of_the_spec_is_a_feature_of_the_crate() {
    let source = waba_codegen::read_spec(root()).unwrap();
    let spec = waba_codegen::parse::parse(&source).unwrap();
    let areas: Vec<String> = spec.area.iter().map(|a| a.name.get_ref().clone()).collect();
    assert!(!areas.is_empty());

    let manifest: toml::Table = std::fs::read_to_string(root().join("generated/Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let features = manifest["features"].as_table().unwrap();
    let list = |name: &str| -> Vec<String> {
        features[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    for area in &areas {
        assert!(
            features.contains_key(area),
            "no feature `{area}` in generated/Cargo.toml"
        );
        assert_eq!(
            list(area),
            Vec::<String>::new(),
            "`{area}` enables nothing else"
        );
    }
    let mut full = list("full");
    full.sort();
    let mut expected = areas.clone();
    expected.sort();
    assert_eq!(
        full, expected,
        "`full` must enable exactly the spec's areas"
    );
    assert!(list("default").contains(&"full".to_owned()));
}
