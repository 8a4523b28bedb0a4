//! `X-Hub-Signature-256`: the vectors of the issue, and the order of the
//! checks (size, then signature, then decoding), so an unverified body is
//! never decoded.

use waba::webhooks::{SignatureError, WebhookError, WebhookReceiver, sign, verify_signature};

/// RFC 4231, test case 2: HMAC-SHA256 with key "Jefe".
const KEY: &str = "Jefe";
const DATA: &[u8] = b"what do ya want for nothing?";
const MAC: &str = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

fn check(secret: &str, header: Option<&str>, body: &[u8]) -> Result<(), SignatureError> {
    verify_signature(&secret.into(), header.map(str::as_bytes), body)
}

#[test]
fn a_known_vector_verifies_and_sign_produces_it() {
    let header = format!("sha256={MAC}");
    assert_eq!(check(KEY, Some(&header), DATA), Ok(()));
    assert_eq!(sign(&KEY.into(), DATA), header);
}

#[test]
fn a_flipped_byte_in_the_body_is_a_mismatch() {
    let header = format!("sha256={MAC}");
    let mut body = DATA.to_vec();
    body[0] ^= 0x01;
    assert_eq!(
        check(KEY, Some(&header), &body),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn a_flipped_digit_in_the_signature_is_a_mismatch() {
    // Last digit 3 becomes 2: still 64 hex digits, another MAC.
    let header = format!("sha256={}2", &MAC[..63]);
    assert_eq!(
        check(KEY, Some(&header), DATA),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn the_wrong_secret_is_a_mismatch() {
    let header = format!("sha256={MAC}");
    assert_eq!(
        check("Jeff", Some(&header), DATA),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn a_missing_header_is_refused() {
    assert_eq!(check(KEY, None, DATA), Err(SignatureError::Missing));
}

#[test]
fn a_sha1_signature_is_malformed() {
    // What the older X-Hub-Signature header carries: not accepted here.
    let header = "sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
    assert!(matches!(
        check(KEY, Some(header), DATA),
        Err(SignatureError::Malformed(_))
    ));
}

#[test]
fn malformed_headers_are_refused_as_malformed() {
    for header in [
        "",
        "sha256=",
        "SHA256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "sha256=5bdcc146",
        "sha256=zzdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec384300",
    ] {
        assert!(
            matches!(
                check(KEY, Some(header), DATA),
                Err(SignatureError::Malformed(_))
            ),
            "{header}"
        );
    }
}

#[test]
fn uppercase_hex_spells_the_same_mac() {
    let header = format!("sha256={}", MAC.to_uppercase());
    assert_eq!(check(KEY, Some(&header), DATA), Ok(()));
}

#[test]
fn an_empty_body_is_verified_then_refused_as_json() {
    let receiver = WebhookReceiver::new(KEY, "token");
    let signed = sign(&KEY.into(), b"");
    // The empty body's own signature holds: it gets as far as decoding.
    let error = receiver.receive(Some(signed.as_bytes()), b"").unwrap_err();
    let WebhookError::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(error.status(), 400);
    assert!(decode.message.contains("EOF"), "{decode}");
    // Unsigned, or signed for other bytes, it never gets there.
    let error = receiver.receive(None, b"").unwrap_err();
    assert_eq!(error.status(), 401);
    let other = sign(&KEY.into(), b"{}");
    let error = receiver.receive(Some(other.as_bytes()), b"").unwrap_err();
    assert!(matches!(
        error,
        WebhookError::Signature(SignatureError::Mismatch)
    ));
}

#[test]
fn an_unverified_body_is_never_decoded() {
    let receiver = WebhookReceiver::new(KEY, "token");
    // Not JSON, and wrongly signed: the signature error wins.
    let error = receiver
        .receive(Some(format!("sha256={MAC}").as_bytes()), b"{not json")
        .unwrap_err();
    assert!(matches!(error, WebhookError::Signature(_)), "{error:?}");
    assert_eq!(error.status(), 401);
}

#[test]
fn a_body_over_the_cap_is_refused_before_its_signature() {
    let receiver = WebhookReceiver::new(KEY, "token").max_body_bytes(16);
    let body = [b'x'; 17];
    let signed = sign(&KEY.into(), &body);
    let error = receiver
        .receive(Some(signed.as_bytes()), &body)
        .unwrap_err();
    assert!(matches!(
        error,
        WebhookError::BodyTooLarge {
            size: 17,
            limit: 16
        }
    ));
    assert_eq!(error.status(), 413);
    // At the cap exactly, it is read.
    let body = br#"{"object":"x"}  "#;
    assert_eq!(body.len(), 16);
    let signed = sign(&KEY.into(), body);
    assert!(receiver.receive(Some(signed.as_bytes()), body).is_ok());
}

#[test]
fn a_decode_error_names_where_the_delivery_broke() {
    let receiver = WebhookReceiver::new(KEY, "token");
    // The second change's status has a timestamp that is not a time.
    let body =
        br#"{"object":"whatsapp_business_account","entry":[{"id":"340918275561204","changes":[
        {"field":"account_review_update","value":{"decision":"APPROVED"}},
        {"field":"security","value":{"event":"PIN_CHANGED"}}]},
        {"id":"340918275561204","time":"yesterday","changes":[]}]}"#;
    let signed = sign(&KEY.into(), body);
    let error = receiver.receive(Some(signed.as_bytes()), body).unwrap_err();
    let WebhookError::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.path, "entry[1].time", "{decode}");
    assert_eq!(decode.line, 4, "{decode}");
    assert!(error.to_string().contains("entry[1].time"), "{error}");
    // Trailing bytes after the delivery.
    let body = br#"{"object":"whatsapp_business_account","entry":[]} x"#;
    let signed = sign(&KEY.into(), body);
    let WebhookError::Decode(decode) = receiver.receive(Some(signed.as_bytes()), body).unwrap_err()
    else {
        panic!()
    };
    assert_eq!((decode.path.as_str(), decode.column), (".", 51));
}

#[test]
fn secrets_never_show_in_debug_or_errors() {
    let secret = "s3cr3t-app-secret-value";
    let token = "v3rify-t0ken-value";
    let receiver = WebhookReceiver::new(secret, token);
    let shown = format!("{receiver:?}");
    assert!(!shown.contains(secret) && !shown.contains(token), "{shown}");
    let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
    let errors = [
        receiver.receive(None, body).unwrap_err(),
        receiver.receive(Some(b"sha256=00"), body).unwrap_err(),
        receiver
            .receive(Some(sign(&"other".into(), body).as_bytes()), body)
            .unwrap_err(),
        receiver
            .handshake("hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1")
            .unwrap_err(),
    ];
    for error in errors {
        for text in [format!("{error}"), format!("{error:?}")] {
            assert!(!text.contains(secret) && !text.contains(token), "{text}");
        }
    }
}
