//! WebAuthn (FIDO2) assertion verification, ES256 only, no_std.
//!
//! Checks, in order, each with its own [`SecondFactorError`]: sizes, the
//! credential id, `authenticatorData` (RP-id hash, user-present flag),
//! `clientDataJSON` (`type == "webauthn.get"`, `challenge` = base64url of the
//! expected 32 bytes), the P-256 ECDSA signature over
//! `authenticatorData ‖ SHA-256(clientDataJSON)`, and finally that the
//! signature counter strictly increased. Returns the new counter to store.

use crate::Credential;
use alloc::string::String;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use fiducia_registry_api::{
    Assertion, SecondFactorError, MAX_AUTHENTICATOR_DATA, MAX_CLIENT_DATA, MAX_CREDENTIAL_ID,
    MAX_SIGNATURE,
};
use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};
use sha2::{Digest, Sha256};

/// Flag bit: the user was present.
const USER_PRESENT: u8 = 0x01;
/// RP-id hash (32) ‖ flags (1) ‖ counter (4).
const AUTH_DATA_MIN: usize = 37;

#[derive(serde::Deserialize)]
struct ClientData {
    #[serde(rename = "type")]
    kind: String,
    challenge: String,
}

/// Longest challenge accepted (Fiducia's are 32 bytes; WebAuthn suggests ≥ 16).
pub const MAX_CHALLENGE: usize = 64;

/// Verifies `assertion` for `credential` against the expected `challenge`.
/// Returns the authenticator's new signature counter.
pub fn verify(
    credential: &Credential,
    challenge: &[u8],
    assertion: &Assertion,
) -> Result<u32, SecondFactorError> {
    use SecondFactorError::*;
    let too_long = |v: &[u8], max: u32| v.len() > max as usize;
    if too_long(&assertion.credential_id, MAX_CREDENTIAL_ID)
        || too_long(&assertion.authenticator_data, MAX_AUTHENTICATOR_DATA)
        || too_long(&assertion.client_data_json, MAX_CLIENT_DATA)
        || too_long(&assertion.signature, MAX_SIGNATURE)
        || assertion.authenticator_data.len() < AUTH_DATA_MIN
        || challenge.len() > MAX_CHALLENGE
    {
        return Err(Malformed);
    }
    if assertion.credential_id[..] != credential.id[..] {
        return Err(UnknownCredential);
    }

    let auth = &assertion.authenticator_data;
    if auth[..32] != credential.rp_id_hash[..] {
        return Err(WrongRelyingParty);
    }
    if auth[32] & USER_PRESENT == 0 {
        return Err(UserNotPresent);
    }
    let counter = u32::from_be_bytes([auth[33], auth[34], auth[35], auth[36]]);

    let client: ClientData =
        serde_json::from_slice(&assertion.client_data_json).map_err(|_| BadClientData)?;
    if client.kind != "webauthn.get" {
        return Err(WrongType);
    }
    let mut expected = [0u8; 88]; // base64url of up to 64 bytes, unpadded
    let n = URL_SAFE_NO_PAD.encode_slice(challenge, &mut expected).map_err(|_| Malformed)?;
    if client.challenge.as_bytes() != &expected[..n] {
        return Err(WrongChallenge);
    }

    let key = VerifyingKey::from_sec1_bytes(&credential.public_key).map_err(|_| BadSignature)?;
    let signature = Signature::from_der(&assertion.signature).map_err(|_| BadSignature)?;
    let mut message = alloc::vec::Vec::with_capacity(auth.len() + 32);
    message.extend_from_slice(auth);
    message.extend_from_slice(&Sha256::digest(&assertion.client_data_json));
    key.verify(&message, &signature).map_err(|_| BadSignature)?;

    if counter <= credential.counter {
        return Err(Replayed);
    }
    Ok(counter)
}
