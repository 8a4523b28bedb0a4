//! Credentials: the access token, the app secret, and `appsecret_proof`.
//!
//! Both credentials are opaque newtypes whose `Debug` prints `***` and which
//! have no `Display`, so they cannot leak through logs or error text by
//! accident.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A Graph API access token (user, system-user or page token).
///
/// Sent as `Authorization: Bearer <token>`, never in the URL. `Debug` prints
/// `AccessToken(***)`; there is deliberately no `Display`.
#[derive(Clone)]
pub struct AccessToken(String);

impl AccessToken {
    /// The raw token, for the `Authorization` header and `appsecret_proof` only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for AccessToken {
    fn from(token: String) -> Self {
        Self(token)
    }
}

impl From<&str> for AccessToken {
    fn from(token: &str) -> Self {
        Self(token.to_owned())
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

impl AccessToken {
    /// The raw token, for storing it or handing it to another system.
    /// Named so that every place a token leaves the type is easy to find.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

/// Tokens Graph returns (a solution's access token) decode from a JSON
/// string into this type, so the structs holding them never print them.
impl<'de> serde::Deserialize<'de> for AccessToken {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

/// Writes the token as a JSON string: encoding a value that holds one (a
/// webhook payload kept for later, say) is an explicit act, unlike `Debug`.
impl serde::Serialize for AccessToken {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Plain equality, for comparing decoded values in tests; not for checking
/// a token someone presented (that wants a constant-time comparison).
impl PartialEq for AccessToken {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

/// The secret of the Meta app the access token belongs to.
///
/// Never sent: it only keys the `appsecret_proof` HMAC. `Debug` prints
/// `AppSecret(***)`; there is deliberately no `Display`.
#[derive(Clone)]
pub struct AppSecret(String);

impl AppSecret {
    /// The raw secret, for computing `appsecret_proof` only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for AppSecret {
    fn from(secret: String) -> Self {
        Self(secret)
    }
}

impl From<&str> for AppSecret {
    fn from(secret: &str) -> Self {
        Self(secret.to_owned())
    }
}

impl fmt::Debug for AppSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppSecret(***)")
    }
}

/// `appsecret_proof`: lowercase hex of HMAC-SHA256 keyed with the app secret
/// over the access token, as Meta's SDKs compute it.
pub(crate) fn appsecret_proof(secret: &AppSecret, token: &AccessToken) -> String {
    // HMAC takes keys of any length (long keys are hashed first), so
    // `new_from_slice` cannot fail; the fallback only keeps this panic-free.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()) else {
        return String::new();
    };
    mac.update(token.expose().as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appsecret_proof_matches_metas_test_vector() {
        let proof = appsecret_proof(&AppSecret::from("APPSECRET"), &AccessToken::from("TOKEN"));
        assert_eq!(
            proof,
            "e697d0006554740ddfffab3f4406f3cef626ca5483a5c58b72a31941c9f40655"
        );
    }

    #[test]
    fn debug_never_shows_the_credential() {
        let token = AccessToken::from(String::from("SECRET-TOKEN"));
        let secret = AppSecret::from(String::from("SECRET-APP"));
        assert_eq!(format!("{token:?}"), "AccessToken(***)");
        assert_eq!(format!("{secret:?}"), "AppSecret(***)");
        assert_eq!(
            format!("{:?}", Some(token.clone())),
            "Some(AccessToken(***))"
        );
        assert_eq!(token.expose(), "SECRET-TOKEN");
        assert_eq!(secret.expose(), "SECRET-APP");
    }
}
