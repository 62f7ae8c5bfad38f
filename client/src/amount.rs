//! Token amounts: `Balance` is an integer in the smallest unit (12 decimals).
//! On the command line, `1500` means 1500 smallest units and `1500 FID`,
//! `1.25FID` mean whole tokens.

use crate::Error;

/// Decimals of the native token.
pub const DECIMALS: u32 = 12;
/// Symbol of the native token.
pub const SYMBOL: &str = "FID";

/// Parses `123` (smallest units) or `1.5 FID` / `1.5FID` (tokens).
pub fn parse(text: &str) -> Result<u128, Error> {
    let bad = |why: &str| Error::BadInput(format!("amount `{text}`: {why}"));
    let text = text.trim();
    let Some(tokens) = text.strip_suffix(SYMBOL) else {
        return text.parse::<u128>().map_err(|_| bad("not a whole number of units"));
    };
    let tokens = tokens.trim();
    let (whole, frac) = tokens.split_once('.').unwrap_or((tokens, ""));
    if whole.is_empty() && frac.is_empty() {
        return Err(bad("no digits"));
    }
    if frac.len() > DECIMALS as usize {
        return Err(bad("more than 12 decimals"));
    }
    let digits = |s: &str| s.is_empty() || s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(frac) {
        return Err(bad("not a number"));
    }
    let unit = 10u128.pow(DECIMALS);
    let whole: u128 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad("too large"))? };
    let frac_units: u128 = if frac.is_empty() {
        0
    } else {
        let scale = 10u128.pow(DECIMALS - frac.len() as u32);
        frac.parse::<u128>().map_err(|_| bad("not a number"))? * scale
    };
    whole.checked_mul(unit).and_then(|w| w.checked_add(frac_units)).ok_or_else(|| bad("too large"))
}

/// Formats smallest units as tokens, e.g. `1.5 FID`.
pub fn format(units: u128) -> String {
    let unit = 10u128.pow(DECIMALS);
    let (whole, frac) = (units / unit, units % unit);
    if frac == 0 {
        return format!("{whole} {SYMBOL}");
    }
    let frac = format!("{frac:012}");
    format!("{whole}.{} {SYMBOL}", frac.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_tokens() {
        assert_eq!(parse("1500").unwrap(), 1500);
        assert_eq!(parse("2 FID").unwrap(), 2_000_000_000_000);
        assert_eq!(parse("1.25FID").unwrap(), 1_250_000_000_000);
        assert_eq!(parse(".5 FID").unwrap(), 500_000_000_000);
        assert_eq!(parse("0.000000000001 FID").unwrap(), 1);
    }

    #[test]
    fn refuses_bad_amounts() {
        for bad in ["", "-1", "1.5", "1e3 FID", "FID", "0.0000000000001 FID", "1x FID"] {
            assert!(parse(bad).is_err(), "{bad} should be refused");
        }
        assert!(parse("340282366920938463463374607431768211455 FID").is_err());
    }

    #[test]
    fn formats_round_trip() {
        for units in [0, 1, 1_000_000_000_000, 1_250_000_000_000, 123_456_789] {
            assert_eq!(parse(&format(units)).unwrap(), units);
        }
    }
}
