//! The route image (see [`crate::model::route_image`]) as a Rust source
//! file holding its JSON, for `waba-mock` to include: data, not code, so
//! the mock stays quick to build whatever the spec's size.

use crate::emit::GeneratedFile;
use crate::model::route_image::RouteImage;
use crate::write::HEADER_PREFIX;

/// The file's name, inside the mock crate's `src/`.
pub const FILE: &str = "route_image.rs";

/// `route_image.rs`: a header, then `pub const JSON: &str = r#"..."#;`.
pub fn route_image_file(image: &RouteImage, spec_name: &str) -> Result<GeneratedFile, String> {
    let json = serde_json::to_string_pretty(image)
        .map_err(|e| format!("internal error: the route image does not serialize: {e}"))?;
    // Enough `#`s that no `"#..` inside the JSON ends the raw string early.
    let mut hashes = String::from("#");
    while json.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let contents = format!(
        "{HEADER_PREFIX} from {spec_name}. Do not edit by hand.\n\
         \n\
         //! The spec's route image, loaded by the mock to answer every operation.\n\
         \n\
         /// The route image as JSON.\n\
         pub const JSON: &str = r{hashes}\"{json}\"{hashes};\n"
    );
    Ok(GeneratedFile {
        path: FILE.to_owned(),
        contents,
    })
}
