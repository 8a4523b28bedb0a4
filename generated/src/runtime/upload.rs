//! [`Upload`]: the bytes of a file parameter, from memory or streamed from
//! disk, with the file name and content type sent alongside.

use std::fmt;
use std::io::SeekFrom;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use super::error::{Error, Result};

/// A file to send: a part of a `multipart/form-data` body, or the whole body
/// of a binary upload.
///
/// Made from bytes already in memory ([`Upload::bytes`]) or from a file on
/// disk ([`Upload::file`]), which is streamed when the request is sent and
/// never read into memory whole. A file is opened again for every attempt,
/// so a retried request sends it from the start. Its size is taken when the
/// `Upload` is made: change the file afterwards and the request fails.
#[derive(Clone)]
pub struct Upload {
    source: Source,
    file_name: String,
    content_type: String,
    /// Bytes to skip at the start: where a resumed upload goes on from.
    offset: u64,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    File { path: PathBuf, len: u64 },
}

impl Upload {
    /// An upload of `data`, with the content type (MIME type) Graph is told,
    /// such as `image/png`. The file name is `file`; set another with
    /// [`file_name`](Self::file_name).
    pub fn bytes(data: impl Into<Bytes>, content_type: impl Into<String>) -> Self {
        Self {
            source: Source::Bytes(data.into()),
            file_name: "file".to_owned(),
            content_type: content_type.into(),
            offset: 0,
        }
    }

    /// An upload of the file at `path`, streamed from disk when sent. The
    /// file name is the path's last component.
    ///
    /// # Errors
    ///
    /// [`Error::File`] when the file cannot be read, or is not a regular file.
    pub async fn file(path: impl AsRef<Path>, content_type: impl Into<String>) -> Result<Self> {
        let path = path.as_ref();
        let metadata = tokio::fs::metadata(path).await.map_err(Error::File)?;
        if !metadata.is_file() {
            return Err(Error::File(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file",
            )));
        }
        let file_name = path
            .file_name()
            .map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
        Ok(Self {
            source: Source::File {
                path: path.to_owned(),
                len: metadata.len(),
            },
            file_name,
            content_type: content_type.into(),
            offset: 0,
        })
    }

    /// Sets the file name sent with a multipart part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// The same upload without its first `offset` bytes: what is left to
    /// send when an upload resumes at `offset`. Past the end, nothing is left.
    pub fn from_offset(mut self, offset: u64) -> Self {
        self.offset = offset.min(self.total_len());
        self
    }

    /// The number of bytes that will be sent.
    pub fn len(&self) -> u64 {
        self.total_len() - self.offset
    }

    /// Whether there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The size of the whole file, before any [`from_offset`](Self::from_offset).
    pub fn total_len(&self) -> u64 {
        match &self.source {
            Source::Bytes(data) => data.len() as u64,
            Source::File { len, .. } => *len,
        }
    }

    /// The content type Graph is told.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The file name sent with a multipart part.
    pub fn name(&self) -> &str {
        &self.file_name
    }

    /// Fails with [`Error::UploadTooLarge`] when the upload is over `limit`.
    pub(crate) fn check_size(&self, limit: Option<u64>) -> Result<()> {
        match limit {
            Some(limit) if self.len() > limit => Err(Error::UploadTooLarge {
                size: self.len(),
                limit,
            }),
            _ => Ok(()),
        }
    }

    /// The bytes as a request body: a cheap clone for memory, a freshly
    /// opened file otherwise, read only as the request is written.
    pub(crate) async fn body(&self) -> Result<reqwest::Body> {
        match &self.source {
            Source::Bytes(data) => {
                let start = usize::try_from(self.offset).unwrap_or(data.len());
                Ok(reqwest::Body::from(data.slice(start.min(data.len())..)))
            }
            Source::File { path, .. } => {
                let mut file = tokio::fs::File::open(path).await.map_err(Error::File)?;
                if self.offset > 0 {
                    file.seek(SeekFrom::Start(self.offset))
                        .await
                        .map_err(Error::File)?;
                }
                // Never more than the size announced for it, even if the
                // file grew since.
                Ok(reqwest::Body::wrap_stream(chunks(file.take(self.len()))))
            }
        }
    }

    /// A multipart file part: the bytes, with the file name and content type.
    pub(crate) async fn part(&self) -> Result<reqwest::multipart::Part> {
        let part = reqwest::multipart::Part::stream_with_length(self.body().await?, self.len())
            .file_name(self.file_name.clone())
            .mime_str(&self.content_type)
            .map_err(|_| {
                Error::InvalidRequest(format!(
                    "{:?} is not a valid content type",
                    self.content_type
                ))
            })?;
        Ok(part)
    }
}

/// A reader as a stream of chunks, for a streamed request body.
fn chunks(
    reader: impl tokio::io::AsyncRead + Send + Sync + Unpin + 'static,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static {
    futures_util::stream::try_unfold(reader, |mut reader| async move {
        let mut buf = vec![0; 64 * 1024];
        let n = reader.read(&mut buf).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.truncate(n);
        Ok(Some((Bytes::from(buf), reader)))
    })
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(_) => "bytes",
            Source::File { .. } => "file",
        };
        f.debug_struct("Upload")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.len())
            .finish()
    }
}
