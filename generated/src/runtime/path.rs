//! Paths of sub-resources: `/{id}/message_qrdls/{qr-code-id}`.

use super::request::Request;

/// Joins path segments with `/`, percent-encoding each one on its own
/// (see [`Request::path_segment`]), so a value such as `a/b` stays one
/// segment and can never address another resource.
pub fn join_segments<'a>(segments: impl IntoIterator<Item = &'a str>) -> String {
    let encoded: Vec<String> = segments.into_iter().map(Request::path_segment).collect();
    encoded.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_segment_is_encoded_on_its_own() {
        assert_eq!(
            join_segments(["123", "message_qrdls", "a/b c"]),
            "123/message_qrdls/a%2Fb%20c"
        );
    }
}
