//! WebAuthn (FIDO2) assertion verification, ES256 only, no_std.
//!
//! Checks, in order, each with its own [`SecondFactorError`]: sizes, the
//! credential id, `authenticatorData` (RP-id hash, user-present flag),
//! `clientDataJSON` (JSON with string `type`, `challenge` and `origin`, else
//! `BadClientData`; `type == "webauthn.get"`; `challenge` = base64url of the
//! expected bytes; `origin` of the relying party, see below), the P-256 ECDSA
//! signature over `authenticatorData ‖ SHA-256(clientDataJSON)`, and finally
//! the signature counter (below). Returns the counter to store.
//!
//! **Origin.** `origin` must be exactly `https://<host>` or
//! `https://<host>:<port>` (no path, no trailing slash, port 1–65535) with
//! SHA-256(`host`) equal to the credential's RP-id hash, i.e. the page that
//! asked for the assertion is served by the relying party's own host (a
//! subdomain of the RP id is refused). `http://localhost[:port]` is accepted
//! only when the RP id is `localhost`. `crossOrigin: true` (an assertion
//! made inside another site's frame) is refused too. Both are `WrongOrigin`.
//!
//! **Signature counter** (WebAuthn §6.1.1 and §7.2 step 22). If the stored
//! and the asserted counter are both 0, the authenticator does not implement
//! a counter (synced passkeys always report 0): the assertion is accepted and
//! the stored counter stays 0. Otherwise the asserted counter must exceed the
//! stored one, else `Replayed`; in particular, once a non-zero counter was
//! stored, an assertion with counter 0 is refused. Without a counter, replay
//! protection rests on the challenge alone: every challenge Fiducia signs is
//! single-use — it commits to the contract, the action, its arguments and the
//! caller's per-contract nonce, which the contract increments on acceptance
//! (see `fiducia_registry_api::challenge_preimage`) — so a recorded assertion
//! never verifies against the next challenge. This function itself accepts
//! the same counter-less assertion twice for the same challenge; callers must
//! never reuse a challenge. A cloned counter-less authenticator cannot be
//! detected (true of synced passkeys by design).

use crate::Credential;
use alloc::string::String;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use fiducia_registry_api::{
    Assertion, SecondFactorError, MAX_AUTHENTICATOR_DATA, MAX_CLIENT_DATA, MAX_CREDENTIAL_ID, MAX_SIGNATURE,
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
    origin: String,
    #[serde(rename = "crossOrigin", default)]
    cross_origin: bool,
}

/// Longest challenge accepted (Fiducia's are 32 bytes; WebAuthn suggests ≥ 16).
pub const MAX_CHALLENGE: usize = 64;

/// Verifies `assertion` for `credential` against the expected `challenge`.
/// Returns the authenticator's new signature counter.
pub fn verify(credential: &Credential, challenge: &[u8], assertion: &Assertion) -> Result<u32, SecondFactorError> {
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

    let client: ClientData = serde_json::from_slice(&assertion.client_data_json).map_err(|_| BadClientData)?;
    if client.kind != "webauthn.get" {
        return Err(WrongType);
    }
    let mut expected = [0u8; 88]; // base64url of up to 64 bytes, unpadded
    let n = URL_SAFE_NO_PAD.encode_slice(challenge, &mut expected).map_err(|_| Malformed)?;
    if client.challenge.as_bytes() != &expected[..n] {
        return Err(WrongChallenge);
    }
    if client.cross_origin || !origin_matches(&client.origin, &credential.rp_id_hash) {
        return Err(WrongOrigin);
    }

    let key = VerifyingKey::from_sec1_bytes(&credential.public_key).map_err(|_| BadSignature)?;
    let signature = Signature::from_der(&assertion.signature).map_err(|_| BadSignature)?;
    let mut message = alloc::vec::Vec::with_capacity(auth.len() + 32);
    message.extend_from_slice(auth);
    message.extend_from_slice(&Sha256::digest(&assertion.client_data_json));
    key.verify(&message, &signature).map_err(|_| BadSignature)?;

    let counterless = counter == 0 && credential.counter == 0;
    if !counterless && counter <= credential.counter {
        return Err(Replayed);
    }
    Ok(counter)
}

/// Whether `origin` is `https://<host>[:port]` with SHA-256(`host`) =
/// `rp_id_hash`, or `http://localhost[:port]` with the RP id `localhost`.
pub fn origin_matches(origin: &str, rp_id_hash: &[u8; 32]) -> bool {
    let (rest, https) = if let Some(rest) = origin.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = origin.strip_prefix("http://") {
        (rest, false)
    } else {
        return false;
    };
    let (host, port) = match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let port_ok = port.is_none_or(|p| {
        (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok_and(|n| n != 0)
    });
    if !host_ok || !port_ok || (!https && host != "localhost") {
        return false;
    }
    Sha256::digest(host.as_bytes())[..] == rp_id_hash[..]
}
