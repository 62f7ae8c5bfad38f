//! Small pieces of text for people, shared by the contracts' event
//! sentences.

/// A 32-byte hash as `0x…`.
pub(crate) fn hash(bytes: &[u8; 32]) -> String {
    format!("0x{}", hex::encode(bytes))
}

/// `yes` or `no`.
pub(crate) fn yes_no(yes: bool) -> &'static str {
    if yes {
        "yes"
    } else {
        "no"
    }
}

/// ` (ruling 0x…)` when there is a ruling.
pub(crate) fn ruling(ruling: &Option<[u8; 32]>) -> String {
    ruling.as_ref().map_or_else(String::new, |r| format!(" (ruling {})", hash(r)))
}
