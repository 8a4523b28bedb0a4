//! Meta's Resumable Upload API, start to finish: the file handle (`h`) that
//! template header examples and profile pictures take.
//!
//! Built on the generated calls: [`start_upload`](crate::api::ApplicationHandle::start_upload)
//! opens a session, [`upload_bytes`](crate::api::UploadSessionHandle::upload_bytes)
//! sends the bytes from an offset, and reading the session
//! ([`get`](crate::api::UploadSessionHandle::get)) says how far Graph got.

use crate::api::{ApplicationId, UploadSessionId};
use crate::{Client, Result, Upload};

/// How many times a send that was cut short is resumed before giving up.
const MAX_RESUMES: u32 = 5;

impl Client {
    /// Uploads `upload` through a resumable upload session of the app `app`
    /// and returns the file handle.
    ///
    /// When sending the bytes fails in a way worth retrying (the connection
    /// drops, Graph answers 5xx or throttles), asks Graph how many bytes it
    /// has and sends the rest from there, up to five times.
    ///
    /// # Errors
    ///
    /// The error of the call that failed: starting the session, a send that
    /// failed for good (or a sixth time), or reading the offset.
    pub async fn resumable_upload(
        &self,
        app: impl Into<ApplicationId>,
        upload: Upload,
    ) -> Result<String> {
        let session = self
            .application(app)
            .start_upload(
                upload.name().to_owned(),
                upload.total_len(),
                upload.content_type().to_owned(),
            )
            .await?
            .id;
        self.resume_upload(session, upload, 0).await
    }

    /// Sends `upload` to an existing session from `offset` on, resuming
    /// after retryable failures as [`resumable_upload`](Self::resumable_upload)
    /// does, and returns the file handle.
    ///
    /// # Errors
    ///
    /// As [`resumable_upload`](Self::resumable_upload).
    pub async fn resume_upload(
        &self,
        session: impl Into<UploadSessionId>,
        upload: Upload,
        offset: u64,
    ) -> Result<String> {
        let session = self.upload_session(session);
        let mut offset = offset;
        let mut resumes = 0;
        loop {
            let rest = upload.clone().from_offset(offset);
            let error = match session.upload_bytes(offset, rest).await {
                Ok(done) => return Ok(done.h),
                Err(error) => error,
            };
            if !error.is_retryable() || resumes == MAX_RESUMES {
                return Err(error);
            }
            resumes += 1;
            // Graph keeps what arrived; ask where to go on from rather than
            // assume nothing did.
            offset = session.get().await?.file_offset.unwrap_or(0);
        }
    }
}
