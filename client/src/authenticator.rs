//! The software FIDO2 authenticator as a key file, and the challenge a
//! contract expects for a critical action.
//!
//! A key file is JSON: the P-256 secret (hex), credential id (hex), relying
//! party id and the last signature counter. The counter is written back
//! *before* an assertion leaves this process, so a crash can never make the
//! authenticator reuse a counter (which the registry would refuse as a
//! replay). Keep the file private: whoever has it holds the second factor.

use crate::{AccountId, Error};
use blake2::{digest::consts::U32, Blake2b, Digest};
use codec::Encode;
use fiducia_registry_api::{
    authenticator::{SoftwareAuthenticator, FLAGS_UP_UV},
    challenge_preimage, second_factor_preimage, Assertion,
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The relying-party id Fiducia's authenticators are registered for.
pub const DEFAULT_RP_ID: &str = "fiducia.example";

/// What an authenticator signs for `caller`'s next `action` on `contract`:
/// the contract's challenge `blake2_256(SCALE(action, contract, args,
/// nonce))` bound by the runtime to the chain's `genesis` hash, the contract
/// and the caller (`fiducia_registry_api::{challenge_preimage,
/// second_factor_preimage}`; docs/security.md, "Second factor").
pub fn challenge<A: Encode>(
    genesis: &[u8; 32],
    contract: &AccountId,
    caller: &AccountId,
    action: &str,
    args: &A,
    nonce: u64,
) -> [u8; 32] {
    let contract_challenge: [u8; 32] =
        Blake2b::<U32>::digest(challenge_preimage(action, &contract.0, args, nonce)).into();
    Blake2b::<U32>::digest(second_factor_preimage(genesis, &contract.0, &caller.0, &contract_challenge)).into()
}

#[derive(Serialize, Deserialize)]
struct KeyFile {
    secret: String,
    credential_id: String,
    rp_id: String,
    counter: u32,
}

/// A software authenticator backed by a key file.
pub struct KeyFileAuthenticator {
    path: PathBuf,
    inner: SoftwareAuthenticator,
}

impl KeyFileAuthenticator {
    /// Creates a new key (OS randomness) and writes it to `path`, refusing
    /// to overwrite an existing file.
    pub fn create(path: &Path, rp_id: &str) -> Result<Self, Error> {
        if path.exists() {
            return Err(Error::BadInput(format!("{} exists; not overwriting a key", path.display())));
        }
        let mut secret = [0u8; 32];
        let mut credential_id = vec![0u8; 16];
        loop {
            getrandom::fill(&mut secret).map_err(|e| Error::BadInput(format!("randomness: {e}")))?;
            getrandom::fill(&mut credential_id).map_err(|e| Error::BadInput(format!("randomness: {e}")))?;
            // A zero or out-of-range scalar (probability ~2⁻¹²⁸) is drawn again.
            if let Some(inner) = SoftwareAuthenticator::from_secret(&secret, credential_id.clone(), rp_id) {
                let me = Self { path: path.to_path_buf(), inner };
                me.save()?;
                return Ok(me);
            }
        }
    }

    /// Loads a key file.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let bad = |why: String| Error::BadInput(format!("key file {}: {why}", path.display()));
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        let file: KeyFile = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        let secret: [u8; 32] = hex::decode(&file.secret)
            .map_err(|e| bad(e.to_string()))?
            .try_into()
            .map_err(|_| bad("the secret is not 32 bytes".into()))?;
        let credential_id = hex::decode(&file.credential_id).map_err(|e| bad(e.to_string()))?;
        let mut inner = SoftwareAuthenticator::from_secret(&secret, credential_id, &file.rp_id)
            .ok_or_else(|| bad("the secret is not a valid P-256 scalar".into()))?;
        inner.counter = file.counter;
        Ok(Self { path: path.to_path_buf(), inner })
    }

    fn save(&self) -> Result<(), Error> {
        let file = KeyFile {
            secret: hex::encode(self.inner.secret()),
            credential_id: hex::encode(&self.inner.credential_id),
            rp_id: self.inner.rp_id.clone(),
            counter: self.inner.counter,
        };
        let text = serde_json::to_string_pretty(&file).map_err(|e| Error::BadInput(e.to_string()))?;
        let tmp = self.path.with_extension("tmp");
        let write = |p: &Path| -> std::io::Result<()> {
            use std::io::Write;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut f = options.open(p)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()
        };
        write(&tmp)
            .and_then(|()| std::fs::rename(&tmp, &self.path))
            .map_err(|e| Error::BadInput(format!("cannot write {}: {e}", self.path.display())))
    }

    /// What the issuer registers on chain for this authenticator.
    pub fn credential(&self) -> CredentialInfo {
        CredentialInfo {
            id: self.inner.credential_id.clone(),
            public_key: self.inner.public_key(),
            rp_id_hash: self.inner.rp_id_hash(),
        }
    }

    /// Signs `challenge` with the next counter, which is saved first.
    pub fn assert(&mut self, challenge: &[u8; 32]) -> Result<Assertion, Error> {
        self.inner.counter = self
            .inner
            .counter
            .checked_add(1)
            .ok_or_else(|| Error::BadInput("the authenticator's counter is exhausted".into()))?;
        self.save()?;
        let data = self.inner.authenticator_data(FLAGS_UP_UV, self.inner.counter);
        Ok(self.inner.sign_parts(data, self.inner.client_data_json(challenge)))
    }

    /// The last signature counter used.
    pub fn counter(&self) -> u32 {
        self.inner.counter
    }
}

/// A credential as the registry stores it.
#[derive(Clone, Debug, Serialize)]
pub struct CredentialInfo {
    /// Credential id.
    #[serde(serialize_with = "hex_bytes")]
    pub id: Vec<u8>,
    /// P-256 public key, SEC1 uncompressed.
    #[serde(serialize_with = "hex_bytes")]
    pub public_key: Vec<u8>,
    /// SHA-256 of the relying-party id.
    #[serde(serialize_with = "hex_bytes")]
    pub rp_id_hash: [u8; 32],
}

fn hex_bytes<S: serde::Serializer, B: AsRef<[u8]>>(bytes: &B, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("0x{}", hex::encode(bytes)))
}
