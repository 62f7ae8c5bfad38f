//! A software FIDO2 authenticator: a P-256 key and a signature counter that
//! produce WebAuthn assertions byte for byte as a browser authenticator does
//! (`authenticatorData ‖ SHA-256(clientDataJSON)` signed with ES256, DER).
//! Tests and the CLI use it so that no hardware is needed.

use crate::Assertion;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use p256::ecdsa::{signature::Signer, Signature, SigningKey};
use sha2::{Digest, Sha256};

/// Flag bits of `authenticatorData`: user present (UP) and user verified (UV).
pub const FLAGS_UP_UV: u8 = 0x05;

/// A software authenticator bound to one relying party.
pub struct SoftwareAuthenticator {
    key: SigningKey,
    /// The credential id it reports.
    pub credential_id: Vec<u8>,
    /// The relying-party id, e.g. `fiducia.example`.
    pub rp_id: String,
    /// The origin written into `clientDataJSON`.
    pub origin: String,
    /// Last signature counter used.
    pub counter: u32,
}

impl SoftwareAuthenticator {
    /// An authenticator with the given 32-byte P-256 secret scalar.
    pub fn from_secret(secret: &[u8; 32], credential_id: Vec<u8>, rp_id: &str) -> Option<Self> {
        let key = SigningKey::from_slice(secret).ok()?;
        Some(Self { key, credential_id, rp_id: rp_id.into(), origin: format!("https://{rp_id}"), counter: 0 })
    }

    /// The secret scalar (for the key file).
    pub fn secret(&self) -> [u8; 32] {
        self.key.to_bytes().into()
    }

    /// The public key, SEC1 uncompressed (65 bytes), as the registry stores it.
    pub fn public_key(&self) -> Vec<u8> {
        self.key.verifying_key().to_encoded_point(false).as_bytes().to_vec()
    }

    /// SHA-256 of the relying-party id.
    pub fn rp_id_hash(&self) -> [u8; 32] {
        Sha256::digest(self.rp_id.as_bytes()).into()
    }

    /// `clientDataJSON` for a `webauthn.get` of `challenge`.
    pub fn client_data_json(&self, challenge: &[u8; 32]) -> Vec<u8> {
        format!(
            r#"{{"type":"webauthn.get","challenge":"{}","origin":"{}","crossOrigin":false}}"#,
            URL_SAFE_NO_PAD.encode(challenge),
            self.origin
        )
        .into_bytes()
    }

    /// `authenticatorData` with the given flags and counter.
    pub fn authenticator_data(&self, flags: u8, counter: u32) -> Vec<u8> {
        let mut data = self.rp_id_hash().to_vec();
        data.push(flags);
        data.extend_from_slice(&counter.to_be_bytes());
        data
    }

    /// Signs arbitrary authenticator data and client data (tests build bad
    /// assertions with it).
    pub fn sign_parts(&self, authenticator_data: Vec<u8>, client_data_json: Vec<u8>) -> Assertion {
        let mut message = authenticator_data.clone();
        message.extend_from_slice(&Sha256::digest(&client_data_json));
        let signature: Signature = self.key.sign(&message);
        Assertion {
            credential_id: self.credential_id.clone(),
            authenticator_data,
            client_data_json,
            signature: signature.to_der().as_bytes().to_vec(),
        }
    }

    /// Answers `challenge`: increments the counter and signs.
    pub fn assert(&mut self, challenge: &[u8; 32]) -> Assertion {
        self.counter = self.counter.saturating_add(1);
        let auth = self.authenticator_data(FLAGS_UP_UV, self.counter);
        self.sign_parts(auth, self.client_data_json(challenge))
    }
}
