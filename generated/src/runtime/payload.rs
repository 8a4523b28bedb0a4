//! What a request carries beyond parameters in its query string or form
//! body: parameters that go in the query of a POST, in headers, as files,
//! the body's encoding (form, multipart, raw bytes) and an absolute URL
//! that replaces the Graph path. Encoding them is done here, per attempt, so
//! a file is opened again when a request is retried.

use reqwest::RequestBuilder;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

use super::error::{Error, Result};
use super::upload::Upload;

/// How the body parameters of a POST travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BodyEncoding {
    /// `application/x-www-form-urlencoded`.
    #[default]
    Form,
    /// `application/json`: one JSON object of the body parameters.
    Json,
    /// `multipart/form-data`: text fields, and a file part per file parameter.
    Multipart,
    /// The one file parameter is the whole body, with its content type.
    Binary,
}

/// A file parameter: its name, the upload, and the cap the spec sets on it.
#[derive(Debug, Clone)]
pub(crate) struct FileParam {
    pub(crate) name: &'static str,
    pub(crate) upload: Upload,
    pub(crate) max_bytes: Option<u64>,
}

/// The parts of a request that only some operations have.
#[derive(Debug, Clone, Default)]
pub(crate) struct Payload {
    pub(crate) body: BodyEncoding,
    /// `in = "query"` parameters of a POST, whose other parameters are in the body.
    pub(crate) query: Vec<(&'static str, String)>,
    /// `in = "header"` parameters.
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) files: Vec<FileParam>,
    /// The whole URL, for a call that is not on a Graph path (`in = "url"`).
    pub(crate) url: Option<String>,
    /// Send the token as `Authorization: OAuth <token>`, the scheme Meta
    /// documents for the resumable upload calls, instead of `Bearer`.
    pub(crate) oauth: bool,
}

impl Payload {
    /// No payload: a form body (if any), nothing else.
    pub(crate) const NONE: Payload = Payload {
        body: BodyEncoding::Form,
        query: Vec::new(),
        headers: Vec::new(),
        files: Vec::new(),
        url: None,
        oauth: false,
    };
}

/// Sets `value` under `name` in `list`, replacing an earlier value in place.
pub(crate) fn set(list: &mut Vec<(&'static str, String)>, name: &'static str, value: String) {
    match list.iter_mut().find(|(existing, _)| *existing == name) {
        Some(slot) => slot.1 = value,
        None => list.push((name, value)),
    }
}

impl Payload {
    /// Refuses an upload over its cap, before anything is sent.
    pub(crate) fn check_sizes(&self) -> Result<()> {
        self.files
            .iter()
            .try_for_each(|file| file.upload.check_size(file.max_bytes))
    }

    /// Adds the header parameters. A value that cannot be a header (a line
    /// break) is refused rather than sent cut or mangled.
    pub(crate) fn add_headers(&self, headers: &mut HeaderMap) -> Result<()> {
        for (name, value) in &self.headers {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::InvalidRequest(format!("`{name}` is not a valid HTTP header name"))
            })?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::InvalidRequest(format!("the `{name}` header value is not valid in HTTP"))
            })?;
            headers.append(header, value);
        }
        Ok(())
    }

    /// Whether the body is built from the files as it is sent: multipart
    /// or raw bytes. A form or JSON body is text, ready before sending.
    pub(crate) fn is_upload(&self) -> bool {
        matches!(self.body, BodyEncoding::Multipart | BodyEncoding::Binary)
    }

    /// Adds the body of an upload to the request in `builder`: the body
    /// parameters and files as multipart, or the one file as raw bytes.
    pub(crate) async fn add_upload(
        &self,
        builder: RequestBuilder,
        params: &[(&'static str, String)],
    ) -> Result<reqwest::Request> {
        let builder = match self.body {
            // Not uploads: their text body is already on the request.
            BodyEncoding::Form | BodyEncoding::Json => builder,
            BodyEncoding::Multipart => {
                let mut multipart = reqwest::multipart::Form::new();
                for (name, value) in params {
                    multipart = multipart.text(*name, value.clone());
                }
                for file in &self.files {
                    multipart = multipart.part(file.name, file.upload.part().await?);
                }
                builder.multipart(multipart)
            }
            BodyEncoding::Binary => {
                let Some(file) = self.files.first() else {
                    return Err(Error::InvalidRequest(
                        "a binary upload needs its file".to_owned(),
                    ));
                };
                let content_type = HeaderValue::from_str(file.upload.content_type())
                    .map_err(|_| Error::InvalidRequest("invalid content type".to_owned()))?;
                builder
                    .header(CONTENT_TYPE, content_type)
                    // Announced, so the body is not sent chunked: the
                    // upload's size is known before it is read.
                    .header(CONTENT_LENGTH, file.upload.len())
                    .body(file.upload.body().await?)
            }
        };
        builder.build().map_err(Error::transport)
    }
}
