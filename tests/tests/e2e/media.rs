//! Media on the wire: multipart uploads (parts, file names, content types,
//! a file streamed from disk), the upload cap, binary downloads (headers,
//! streaming, the download cap, Graph errors) and a resumable upload that
//! resumes from the offset Graph reports.

use std::path::PathBuf;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use waba::{Error, Upload};
use waba_tests::{bearer, path, server_and_client};
use wiremock::matchers::{header, method, path as url_path, query_param};
use wiremock::{Mock, ResponseTemplate};

/// One part of a multipart body: its headers (lowercased names) and bytes.
struct Part {
    headers: String,
    body: Vec<u8>,
}

/// Splits a `multipart/form-data` body on the boundary its content type names.
fn parts(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("the content type names its boundary");
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(at) = find(rest, delimiter.as_bytes()) {
        rest = &rest[at + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let rest_part = &rest[2..];
        let end = find(rest_part, delimiter.as_bytes()).expect("a closing boundary");
        let part = &rest_part[..end - 2];
        let split = find(part, b"\r\n\r\n").expect("part headers end");
        out.push(Part {
            headers: String::from_utf8_lossy(&part[..split]).to_lowercase(),
            body: part[split + 4..].to_vec(),
        });
        rest = &rest_part[end..];
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A file in the temp folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("waba-media-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir.join(name))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_dir(self.0.parent().unwrap());
    }
}

#[tokio::test]
async fn upload_media_sends_a_multipart_body_with_the_file_streamed_from_disk() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(url_path(path("PHONE-ID/media")))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "MEDIA-ID"})))
        .expect(1)
        .mount(&server)
        .await;
    let file = TempFile::new("photo.jpg");
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&file.0, &bytes).unwrap();

    let upload = Upload::file(&file.0, "image/jpeg").await.unwrap();
    let created = client
        .phone_number("PHONE-ID")
        .upload_media(upload, "image/jpeg")
        .await
        .unwrap();
    assert_eq!(created.id.as_str(), "MEDIA-ID");

    let received = server.received_requests().await.unwrap();
    let request = &received[0];
    let content_type = request.headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let parts = parts(content_type, &request.body);
    assert_eq!(parts.len(), 3);
    let named = |name: &str| {
        parts
            .iter()
            .find(|p| p.headers.contains(&format!("name=\"{name}\"")))
            .expect("a part of that name")
    };
    let file_part = named("file");
    assert!(
        file_part
            .headers
            .contains("content-disposition: form-data; name=\"file\"; filename=\"photo.jpg\""),
        "{}",
        file_part.headers
    );
    assert!(
        file_part.headers.contains("content-type: image/jpeg"),
        "{}",
        file_part.headers
    );
    assert_eq!(file_part.body, bytes);
    assert_eq!(named("messaging_product").body, b"whatsapp");
    assert_eq!(named("type").body, b"image/jpeg");
    // Text fields carry no file name or content type.
    assert!(!named("type").headers.contains("filename"));
}

#[tokio::test]
async fn an_upload_over_its_cap_is_refused_before_anything_is_sent() {
    let (server, client) = server_and_client().await;
    let file = TempFile::new("huge.mp4");
    // Sparse: one byte over Meta's 100 MB without writing 100 MB.
    std::fs::File::create(&file.0)
        .unwrap()
        .set_len(104_857_601)
        .unwrap();
    let upload = Upload::file(&file.0, "video/mp4").await.unwrap();
    let error = client
        .phone_number("PHONE-ID")
        .upload_media(upload, "video/mp4")
        .await
        .unwrap_err();
    let Error::UploadTooLarge { size, limit, .. } = error else {
        panic!("{error:?}")
    };
    assert_eq!((size, limit), (104_857_601, 104_857_600));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_download_exposes_its_type_and_length_and_sends_the_token_as_a_header() {
    let (server, client) = server_and_client().await;
    let body: Vec<u8> = (0..70_000u32).map(|i| (i % 7) as u8).collect();
    Mock::given(method("GET"))
        .and(url_path("/attachments/"))
        .and(query_param("mid", "1"))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "image/jpeg"))
        .expect(1)
        .mount(&server)
        .await;
    let url = format!("{}/attachments/?mid=1", server.uri());
    let mut download = client.download_media(url).await.unwrap();
    assert_eq!(download.content_type(), Some("image/jpeg"));
    assert_eq!(download.content_length(), Some(70_000));
    let mut received = Vec::new();
    while let Some(chunk) = download.chunk().await.unwrap() {
        received.extend_from_slice(&chunk);
    }
    assert_eq!(received, body);
    let request = &server.received_requests().await.unwrap()[0];
    // Only what the URL held: no token or proof added to the query.
    assert_eq!(request.url.query(), Some("mid=1"));
}

#[tokio::test]
async fn a_download_announcing_more_than_its_cap_fails_before_reading() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![1u8; 5000], "video/mp4"))
        .mount(&server)
        .await;
    let error = client
        .download_media(format!("{}/big", server.uri()))
        .max_bytes(1000)
        .await
        .unwrap_err();
    let Error::DownloadTooLarge {
        limit,
        content_length,
        ..
    } = error
    else {
        panic!("{error:?}")
    };
    assert_eq!((limit, content_length), (1000, Some(5000)));
}

#[tokio::test]
async fn a_streamed_download_stops_at_its_cap_without_reading_the_rest() {
    // A chunked body, so no length is announced: the cap is counted.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/stream", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let _ = stream.read(&mut buf).await;
        let _ = stream
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: video/mp4\r\ntransfer-encoding: chunked\r\n\r\n",
            )
            .await;
        let chunk = vec![b'x'; 16 * 1024];
        // 16 MB offered; the client stops long before.
        for _ in 0..1024 {
            let head = format!("{:x}\r\n", chunk.len());
            if stream.write_all(head.as_bytes()).await.is_err()
                || stream.write_all(&chunk).await.is_err()
                || stream.write_all(b"\r\n").await.is_err()
            {
                return;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    });
    let client = waba::Client::builder()
        .access_token(waba_tests::TOKEN)
        .build()
        .unwrap();
    let download = client.download_media(url).max_bytes(100_000).await.unwrap();
    assert_eq!(download.content_length(), None);
    let mut stream = Box::pin(download.into_stream());
    let mut read = 0usize;
    let error = loop {
        match futures_util::StreamExt::next(&mut stream).await {
            Some(Ok(chunk)) => read += chunk.len(),
            Some(Err(error)) => break error,
            None => panic!("the cap was not enforced"),
        }
    };
    assert!(
        matches!(error, Error::DownloadTooLarge { limit: 100_000, .. }),
        "{error:?}"
    );
    // Stopped at the cap: nowhere near the 16 MB offered.
    assert!(read <= 100_000, "{read}");
}

#[tokio::test]
async fn a_graph_error_on_a_download_is_a_graph_error() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"error": {"message": "gone", "type": "OAuthException", "code": 100, "fbtrace_id": "T"}}),
        ))
        .mount(&server)
        .await;
    let error = client
        .download_media(format!("{}/gone", server.uri()))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Graph(_)), "{error:?}");
    assert_eq!(error.code().map(|c| c.code()), Some(100));
    assert_eq!(error.status(), Some(404));
}

#[tokio::test]
async fn a_download_url_that_is_not_http_is_refused() {
    let (server, client) = server_and_client().await;
    let error = client
        .download_media("file:///etc/passwd")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_resumable_upload_interrupted_by_a_5xx_resumes_from_the_offset_graph_reports() {
    let (server, client) = server_and_client().await;
    let data: &[u8] = b"0123456789abcdef";
    Mock::given(method("POST"))
        .and(url_path(path("APP-ID/uploads")))
        .and(query_param("file_name", "doc.pdf"))
        .and(query_param("file_length", "16"))
        .and(query_param("file_type", "application/pdf"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "upload:1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("upload%3A1")))
        .and(header("file_offset", "0"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(url_path(path("upload%3A1")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "upload:1", "file_offset": 6})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(url_path(path("upload%3A1")))
        .and(header("file_offset", "6"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"h": "HANDLE"})))
        .expect(1)
        .mount(&server)
        .await;

    let upload = Upload::bytes(data.to_vec(), "application/pdf").file_name("doc.pdf");
    let handle = client.resumable_upload("APP-ID", upload).await.unwrap();
    assert_eq!(handle, "HANDLE");

    let received = server.received_requests().await.unwrap();
    let sends: Vec<_> = received
        .iter()
        .filter(|r| r.method.as_str() == "POST" && r.url.path().ends_with("upload%3A1"))
        .collect();
    assert_eq!(sends.len(), 2);
    assert_eq!(sends[0].body, data);
    assert_eq!(sends[1].body, &data[6..]);
    assert_eq!(sends[1].headers["content-type"], "application/pdf");
    assert_eq!(sends[1].headers["content-length"], "10");
    // Meta documents the session's calls with `Authorization: OAuth`; the
    // session is opened like any other Graph call.
    for request in &received {
        let scheme = if request.url.path().ends_with("upload%3A1") {
            "OAuth"
        } else {
            "Bearer"
        };
        assert_eq!(
            request.headers["authorization"],
            bearer().replace("Bearer", scheme).as_str(),
            "{} {}",
            request.method,
            request.url.path()
        );
    }
}
