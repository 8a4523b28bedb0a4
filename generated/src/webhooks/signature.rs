//! `X-Hub-Signature-256`: Graph signs every delivery with HMAC-SHA256 of
//! the raw body, keyed with the app secret, and sends
//! `sha256=<64 hex digits>`. The body is trusted only once this holds, so
//! nothing here decodes it.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::error::SignatureError;
use crate::AppSecret;

/// The header Graph puts the signature in (HTTP header names are
/// case-insensitive; this is the lower-case spelling `http` uses).
pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

const PREFIX: &[u8] = b"sha256=";

/// Checks `header` (the value of [`SIGNATURE_HEADER`], if the request had
/// one) against `body`, comparing in constant time. Hex digits may be
/// upper- or lower-case: both spell the same MAC.
pub fn verify_signature(
    secret: &AppSecret,
    header: Option<&[u8]>,
    body: &[u8],
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let Some(hex_digits) = header.strip_prefix(PREFIX) else {
        return Err(SignatureError::Malformed(
            "it does not start with `sha256=`",
        ));
    };
    let mut expected = [0u8; 32];
    if hex_digits.len() != 64 {
        return Err(SignatureError::Malformed(
            "`sha256=` is not followed by 64 hex digits",
        ));
    }
    hex::decode_to_slice(hex_digits, &mut expected)
        .map_err(|_| SignatureError::Malformed("`sha256=` is not followed by hex digits"))?;
    let mut mac = mac(secret);
    mac.update(body);
    // `verify_slice` compares in constant time.
    mac.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// The header value Graph would send for `body`: `sha256=<hex>`. For tests
/// and for forwarding a delivery to another service under the same secret.
pub fn sign(secret: &AppSecret, body: &[u8]) -> String {
    let mut mac = mac(secret);
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn mac(secret: &AppSecret) -> Hmac<Sha256> {
    // HMAC takes keys of any length; this cannot fail.
    <Hmac<Sha256> as Mac>::new_from_slice(secret.expose().as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"))
}
