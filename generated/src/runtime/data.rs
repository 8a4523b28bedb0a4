//! The `{"data": [...]}` response shape without paging: Graph wraps some
//! single reads in a one-key object. Operations with `response = "data"`
//! decode what is under `data`; a body without `data` is a decode error,
//! never an empty list.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::body::decode_checked;
use super::error::Result;

/// `{"data": T}`, other keys ignored.
#[derive(Deserialize)]
struct InData<T> {
    data: T,
}

/// Decodes a body [`check`](super::body::check) let through as `T`, or as
/// the `T` under `data` when `in_data`.
pub(crate) fn decode_shaped<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    in_data: bool,
) -> Result<T> {
    if in_data {
        decode_checked::<InData<T>>(status, body).map(|wrapped| wrapped.data)
    } else {
        decode_checked::<T>(status, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwraps_data_and_refuses_a_body_without_it() {
        let items: Vec<u32> = decode_shaped(200, br#"{"data":[1,2]}"#, true).unwrap();
        assert_eq!(items, vec![1, 2]);
        let missing = decode_shaped::<Vec<u32>>(200, br#"{"paging":{}}"#, true);
        assert!(matches!(missing, Err(crate::Error::Decode { .. })));
    }
}
