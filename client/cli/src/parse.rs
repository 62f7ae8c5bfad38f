//! Typed command-line values: clap parses accounts, amounts, hashes and
//! names into the library's types, and refuses bad input with a sentence
//! before anything is sent.

use fiducia_client::{amount, AccountId};
use serde::de::{value::StrDeserializer, DeserializeOwned};
use std::str::FromStr;

/// An SS58 address.
pub fn account(text: &str) -> Result<AccountId, String> {
    AccountId::from_str(text).map_err(|e| format!("`{text}` is not an SS58 address ({e})"))
}

/// An amount: smallest units (`1500`) or tokens (`1500 FID`, `0.5 FID`).
pub fn amount(text: &str) -> Result<u128, String> {
    amount::parse(text).map_err(|e| e.to_string())
}

/// A sum of money in a fiat currency as cents: `18500` or `18500.25`.
pub fn cents(text: &str) -> Result<u64, String> {
    let refuse = || format!("`{text}` is not an amount like 18500 or 18500.25");
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if whole.is_empty() || fraction.len() > 2 || !(whole.chars().chain(fraction.chars())).all(|c| c.is_ascii_digit()) {
        return Err(refuse());
    }
    let fraction = format!("{fraction:0<2}");
    let whole: u64 = whole.parse().map_err(|_| refuse())?;
    let fraction: u64 = fraction.parse().map_err(|_| refuse())?;
    whole.checked_mul(100).and_then(|c| c.checked_add(fraction)).ok_or_else(refuse)
}

/// 32 bytes in hex, with or without `0x` (hashes, challenges, commitments).
pub fn hash(text: &str) -> Result<[u8; 32], String> {
    bytes(text)
}

/// 64 bytes in hex (signatures).
pub fn signature(text: &str) -> Result<[u8; 64], String> {
    bytes(text)
}

fn bytes<const N: usize>(text: &str) -> Result<[u8; N], String> {
    let bytes = hex::decode(text.trim_start_matches("0x")).map_err(|_| format!("`{text}` is not hex"))?;
    let len = bytes.len();
    <[u8; N]>::try_from(bytes).map_err(|_| format!("expected {N} bytes of hex, got {len}"))
}

/// A unit variant of one of the library's enums by its name (`Graduate`,
/// `Investor`, `Tuition`, …), as clap's `value_parser`.
pub fn name<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    T::deserialize(StrDeserializer::<serde::de::value::Error>::new(text)).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fiducia_client::registry::Role;

    #[test]
    fn bad_values_are_refused_with_a_sentence() {
        assert_eq!(hash("0x12").unwrap_err(), "expected 32 bytes of hex, got 1");
        assert_eq!(hash("zz").unwrap_err(), "`zz` is not hex");
        assert!(account("5Grw").unwrap_err().starts_with("`5Grw` is not an SS58 address"));
        assert_eq!(name::<Role>("Investor").unwrap(), Role::Investor);
        assert!(name::<Role>("Banker").unwrap_err().contains("unknown variant `Banker`"));
        assert_eq!(amount("1.5 FID").unwrap(), 1_500_000_000_000);
        assert_eq!(cents("18500").unwrap(), 1_850_000);
        assert_eq!(cents("18500.5").unwrap(), 1_850_050);
        assert_eq!(cents("0.07").unwrap(), 7);
        for bad in ["", ".5", "1.234", "-3", "1e3", "99999999999999999999"] {
            assert!(cents(bad).is_err(), "{bad}");
        }
    }
}
