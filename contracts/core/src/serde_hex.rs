//! Hex (`0x…`) serialization of byte arrays for JSON output.

/// Serializes 32 bytes as a `0x`-prefixed lowercase hex string.
pub fn bytes32<S: serde::Serializer>(bytes: &[u8; 32], serializer: S) -> Result<S::Ok, S::Error> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 66];
    out[0] = b'0';
    out[1] = b'x';
    for (i, b) in bytes.iter().enumerate() {
        out[2 + 2 * i] = DIGITS[usize::from(b >> 4)];
        out[3 + 2 * i] = DIGITS[usize::from(b & 0x0f)];
    }
    // Only ASCII digits were written.
    serializer.serialize_str(core::str::from_utf8(&out).unwrap_or_default())
}
