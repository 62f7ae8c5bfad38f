//! The permission registry (runtime pallet `Registry`): licenses and
//! second-factor credentials. Writes need an issuer's signature.

use crate::{
    authenticator::CredentialInfo,
    chain::{AccountId, Chain, Wait},
    error::connection,
    runtime::{self, runtime_types},
    Error, Keypair,
};
pub use fiducia_registry_api::Role;
use serde::Serialize;
use subxt::utils::H256;

/// A certifier's record that a contract code hash was reviewed and may be
/// instantiated (docs/security.md, "Certified contract code").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Certification {
    /// The certified code hash (BLAKE2b-256 of the wasm).
    pub code_hash: H256,
    /// The certifier (an Arbiter or an issuer).
    pub by: AccountId,
    /// The block it was certified at.
    pub at: u32,
    /// Hash of the audit report.
    #[serde(serialize_with = "hex32")]
    pub report: [u8; 32],
}

fn hex32<S: serde::Serializer>(bytes: &[u8; 32], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format!("0x{}", hex::encode(bytes)))
}

impl std::fmt::Display for Certification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "code {:?} certified by {} at block #{} (report 0x{})",
            self.code_hash,
            self.by,
            self.at,
            hex::encode(self.report)
        )
    }
}

/// The hash under which the chain knows contract `wasm` (BLAKE2b-256).
pub fn code_hash(wasm: &[u8]) -> H256 {
    use blake2::{digest::consts::U32, Blake2b, Digest};
    H256(Blake2b::<U32>::digest(wasm).into())
}

/// The registry of a chain.
#[derive(Clone)]
pub struct Registry {
    chain: Chain,
}

/// subxt's generated copy of [`Role`] (the generated types carry only
/// subxt's own encoding traits, so the conversion is spelled out).
fn generated(role: Role) -> runtime_types::fiducia_registry_api::Role {
    use runtime_types::fiducia_registry_api::Role as R;
    match role {
        Role::Issuer => R::Issuer,
        Role::Verifier => R::Verifier,
        Role::Administrator => R::Administrator,
        Role::Borrower => R::Borrower,
        Role::Investor => R::Investor,
        Role::Institution => R::Institution,
        Role::Advisor => R::Advisor,
        Role::Customer => R::Customer,
        Role::Arbiter => R::Arbiter,
    }
}

impl Registry {
    /// The registry of `chain`.
    pub fn new(chain: Chain) -> Self {
        Registry { chain }
    }

    /// An issuer licenses `who` for `role`, until block `expires_at` if given.
    pub async fn grant_role(
        &self,
        who: &AccountId,
        role: Role,
        expires_at: Option<u32>,
        issuer: &Keypair,
        wait: Wait,
    ) -> Result<H256, Error> {
        let call = runtime::tx().registry().grant_role(*who, generated(role), expires_at);
        Ok(self.chain.submit("registry.grant_role", &call, issuer, wait).await?.block_hash)
    }

    /// An issuer revokes `who`'s license for `role` (immediately).
    pub async fn revoke_role(&self, who: &AccountId, role: Role, issuer: &Keypair, wait: Wait) -> Result<H256, Error> {
        let call = runtime::tx().registry().revoke_role(*who, generated(role));
        Ok(self.chain.submit("registry.revoke_role", &call, issuer, wait).await?.block_hash)
    }

    /// An issuer registers (or rotates) `who`'s FIDO2 credential.
    pub async fn register_credential(
        &self,
        who: &AccountId,
        credential: &CredentialInfo,
        issuer: &Keypair,
        wait: Wait,
    ) -> Result<H256, Error> {
        let credential = runtime_types::pallet_fiducia_registry::Credential {
            id: runtime_types::bounded_collections::bounded_vec::BoundedVec(credential.id.clone()),
            public_key: runtime_types::bounded_collections::bounded_vec::BoundedVec(credential.public_key.clone()),
            rp_id_hash: credential.rp_id_hash,
            counter: 0,
        };
        let call = runtime::tx().registry().register_credential(*who, credential);
        Ok(self.chain.submit("registry.register_credential", &call, issuer, wait).await?.block_hash)
    }

    /// Whether `who` holds a current license for `role` at the latest
    /// finalized block (the rule the chain extension applies).
    pub async fn has_role(&self, who: &AccountId, role: Role) -> Result<bool, Error> {
        let at = self.chain.api().at_current_block().await.map_err(connection)?;
        if role == Role::Issuer {
            let issuers = at
                .storage()
                .entry(runtime::storage().registry().issuers())
                .map_err(connection)?
                .fetch(())
                .await
                .map_err(connection)?
                .decode()
                .map_err(|e| Error::Decode { what: "issuers", reason: e.to_string() })?;
            return Ok(issuers.0.contains(who));
        }
        let license = at
            .storage()
            .entry(runtime::storage().registry().licenses())
            .map_err(connection)?
            .try_fetch((*who, generated(role)))
            .await
            .map_err(connection)?;
        let Some(license) = license else { return Ok(false) };
        let expiry = license.decode().map_err(|e| Error::Decode { what: "license", reason: e.to_string() })?;
        Ok(expiry.is_none_or(|at_block| u64::from(at_block) > at.block_number()))
    }

    /// A certifier (Arbiter or issuer) certifies contract code `code_hash`
    /// after reviewing it; `report` is the hash of its audit report.
    pub async fn certify_code(
        &self,
        code_hash: H256,
        report: [u8; 32],
        certifier: &Keypair,
        wait: Wait,
    ) -> Result<H256, Error> {
        let call = runtime::tx().registry().certify_code(code_hash, report);
        Ok(self.chain.submit("registry.certify_code", &call, certifier, wait).await?.block_hash)
    }

    /// A certifier revokes the certification of `code_hash`: no new
    /// instances, and the registry stops answering existing ones.
    pub async fn revoke_certification(&self, code_hash: H256, certifier: &Keypair, wait: Wait) -> Result<H256, Error> {
        let call = runtime::tx().registry().revoke_certification(code_hash);
        Ok(self.chain.submit("registry.revoke_certification", &call, certifier, wait).await?.block_hash)
    }

    /// The certification of `code_hash`, if it is certified.
    pub async fn certification(&self, code_hash: H256) -> Result<Option<Certification>, Error> {
        let at = self.chain.api().at_current_block().await.map_err(connection)?;
        let entry = at
            .storage()
            .entry(runtime::storage().registry().certified_code())
            .map_err(connection)?
            .try_fetch((code_hash,))
            .await
            .map_err(connection)?;
        let Some(entry) = entry else { return Ok(None) };
        let record = entry.decode().map_err(|e| Error::Decode { what: "certification", reason: e.to_string() })?;
        Ok(Some(Certification { code_hash, by: record.by, at: record.at, report: record.report }))
    }

    /// The code hash of the contract at `address`, if there is one.
    pub async fn contract_code_hash(&self, address: &AccountId) -> Result<Option<H256>, Error> {
        let at = self.chain.api().at_current_block().await.map_err(connection)?;
        let entry = at
            .storage()
            .entry(runtime::storage().contracts().contract_info_of())
            .map_err(connection)?
            .try_fetch((*address,))
            .await
            .map_err(connection)?;
        entry
            .map(|v| v.decode().map(|info| info.code_hash))
            .transpose()
            .map_err(|e| Error::Decode { what: "contract info", reason: e.to_string() })
    }

    /// The certification of the code the contract at `address` runs;
    /// [`Error::Uncertified`] when there is no contract there or its code is
    /// not (or no longer) certified.
    pub async fn contract_certification(&self, address: &AccountId) -> Result<Certification, Error> {
        let code_hash = self.contract_code_hash(address).await?;
        let certification = match code_hash {
            Some(hash) => self.certification(hash).await?,
            None => None,
        };
        certification.ok_or(Error::Uncertified { address: *address, code_hash })
    }

    /// The signature counter the registry last accepted for `who`, if a
    /// credential is registered.
    pub async fn credential_counter(&self, who: &AccountId) -> Result<Option<u32>, Error> {
        let at = self.chain.api().at_current_block().await.map_err(connection)?;
        let entry = at
            .storage()
            .entry(runtime::storage().registry().credentials())
            .map_err(connection)?
            .try_fetch((*who,))
            .await
            .map_err(connection)?;
        entry
            .map(|v| v.decode().map(|c| c.counter))
            .transpose()
            .map_err(|e| Error::Decode { what: "credential", reason: e.to_string() })
    }
}
