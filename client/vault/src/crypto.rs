//! The vault's cryptography (`docs/vault.md#cryptography`): Argon2id turns the
//! passphrase into a 256-bit key, XChaCha20-Poly1305 seals every row with a
//! fresh random 192-bit nonce and the row's identity as associated data, and
//! X25519 sealed boxes (libsodium's `crypto_box_seal`) carry a shared
//! application to the administrator.

use crate::Error;
use chacha20poly1305::{
    aead::{Aead, KeyInit, Payload},
    XChaCha20Poly1305, XNonce,
};
use zeroize::Zeroizing;

/// Bytes of a row's nonce.
pub const NONCE_LEN: usize = 24;
/// Bytes of the KDF salt.
pub const KDF_SALT_LEN: usize = 16;

/// Argon2id cost parameters, stored in the vault's header so a vault opens
/// with the parameters it was created with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// The default: 64 MiB, 3 passes, 1 lane (above OWASP's Argon2id minimum
    /// of 19 MiB / 2 passes; measured time in `docs/vault.md`).
    pub const DEFAULT: Self = Self { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 };
    /// Cheap parameters for tests only (8 MiB, 1 pass).
    pub const INSECURE_FAST: Self = Self { memory_kib: 8 * 1024, iterations: 1, parallelism: 1 };
    /// The weakest parameters a vault may be opened with: a header altered to
    /// trivial costs is refused rather than used.
    pub const MINIMUM: Self = Self { memory_kib: 8 * 1024, iterations: 1, parallelism: 1 };

    fn argon2(&self) -> Result<argon2::Argon2<'static>, Error> {
        if self.memory_kib < Self::MINIMUM.memory_kib || self.iterations < Self::MINIMUM.iterations {
            return Err(Error::Corrupt(format!("key-derivation parameters below the minimum: {self:?}")));
        }
        let params = argon2::Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|e| Error::Corrupt(format!("key-derivation parameters: {e}")))?;
        Ok(argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params))
    }
}

/// The vault's 256-bit key, wiped from memory when dropped.
pub struct VaultKey(Zeroizing<[u8; 32]>);

impl VaultKey {
    /// Derives the key from `passphrase` and the vault's `salt`.
    pub fn derive(passphrase: &str, salt: &[u8], params: KdfParams) -> Result<Self, Error> {
        let mut key = Zeroizing::new([0u8; 32]);
        params
            .argon2()?
            .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
            .map_err(|e| Error::Corrupt(format!("key derivation: {e}")))?;
        Ok(Self(key))
    }

    /// `nonce ‖ ciphertext ‖ tag` of `plaintext` bound to `aad`.
    pub fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
        let cipher = XChaCha20Poly1305::new(self.0.as_ref().into());
        let nonce: [u8; NONCE_LEN] = random()?;
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad })
            .map_err(|_| Error::Crypto("encryption failed"))?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The plaintext of `sealed` if it is authentic for `aad`; `None` if any
    /// byte (or the associated data) was changed.
    pub fn open(&self, sealed: &[u8], aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let cipher = XChaCha20Poly1305::new(self.0.as_ref().into());
        cipher.decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad }).ok().map(Zeroizing::new)
    }
}

/// `N` bytes from the operating system's randomness.
pub fn random<const N: usize>() -> Result<[u8; N], Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| Error::Crypto("the operating system's randomness is unavailable"))?;
    Ok(bytes)
}

/// An administrator's X25519 public key: applications are shared to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReviewerKey(pub [u8; 32]);

impl ReviewerKey {
    /// The key from 64 hex digits (optionally `0x`-prefixed).
    pub fn from_hex(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        let bytes = hex::decode(text.strip_prefix("0x").unwrap_or(text))
            .map_err(|e| Error::BadInput(format!("reviewer key: {e}")))?;
        let key: [u8; 32] =
            bytes.try_into().map_err(|_| Error::BadInput("a reviewer key is 32 bytes (64 hex digits)".into()))?;
        Ok(Self(key))
    }

    /// Seals `plaintext` so that only the holder of the secret key opens it.
    pub fn seal(&self, plaintext: &[u8]) -> Result<Vec<u8>, Error> {
        crypto_box::PublicKey::from_bytes(self.0)
            .seal(&mut crypto_box::aead::OsRng, plaintext)
            .map_err(|_| Error::Crypto("sealing failed"))
    }
}

impl std::fmt::Display for ReviewerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "0x{}", hex::encode(self.0))
    }
}

/// An administrator's X25519 secret key, wiped when dropped.
pub struct ReviewerSecret(crypto_box::SecretKey);

impl ReviewerSecret {
    /// A new random key.
    pub fn generate() -> Result<Self, Error> {
        let bytes = Zeroizing::new(random::<32>()?);
        Ok(Self::from_bytes(*bytes))
    }

    /// The key from its 32 secret bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(crypto_box::SecretKey::from_bytes(bytes))
    }

    /// The secret bytes (to be stored encrypted).
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    /// The public half.
    pub fn public(&self) -> ReviewerKey {
        ReviewerKey(*self.0.public_key().as_bytes())
    }

    /// Opens a sealed box addressed to this key.
    pub fn unseal(&self, sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        self.0.unseal(sealed).ok().map(Zeroizing::new)
    }
}
