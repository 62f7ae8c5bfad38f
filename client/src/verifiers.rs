//! The verifier set (runtime pallets `Verifiers` and `Session`) and the
//! issuers' root motions (`Registry::propose_root_call`): what a node
//! operator and the issuers do to run the network (docs/operator.md).
//!
//! A verifier's steps: an issuer licenses the account (`Role::Verifier`);
//! the operator generates session keys **on its own node**
//! ([`Verifiers::rotate_keys`], RPC `author_rotateKeysWithOwner`, which
//! also signs the proof of possession) and registers them
//! ([`Verifiers::set_keys`]); a majority of the current verifiers admit it
//! ([`Verifiers::propose`]). It authors from the session after next.

use crate::{
    chain::{AccountId, Chain, Wait},
    error::connection,
    runtime::{self, runtime_types},
    Error, Keypair,
};
use codec::Encode;
use serde::{Deserialize, Serialize};
use subxt::{rpcs::rpc_params, utils::H256};

pub use runtime_types::fiducia_runtime::RuntimeCall;

/// A change of the verifier set, voted on by the current verifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum VerifierChange {
    /// Admit a licensed account.
    Admit(AccountId),
    /// Remove an admitted verifier (its own vote does not count).
    Remove(AccountId),
}

impl VerifierChange {
    fn generated(self) -> runtime_types::pallet_fiducia_verifiers::VerifierChange<AccountId> {
        use runtime_types::pallet_fiducia_verifiers::VerifierChange as G;
        match self {
            VerifierChange::Admit(who) => G::Admit(who),
            VerifierChange::Remove(who) => G::Remove(who),
        }
    }
}

impl std::fmt::Display for VerifierChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifierChange::Admit(who) => write!(f, "admit {who}"),
            VerifierChange::Remove(who) => write!(f, "remove {who}"),
        }
    }
}

/// Session keys a node generated, with the proof that it holds their
/// private keys for `owner` (what `session.set_keys` checks).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedKeys {
    /// SCALE-encoded session keys (Aura sr25519 ‖ GRANDPA ed25519), hex.
    pub keys: String,
    /// The proof of possession, hex.
    pub proof: String,
}

impl GeneratedKeys {
    fn bytes(text: &str, what: &str) -> Result<Vec<u8>, Error> {
        hex::decode(text.trim_start_matches("0x")).map_err(|_| Error::BadInput(format!("{what} is not hex")))
    }

    /// The keys as the runtime's `SessionKeys`.
    fn session_keys(&self) -> Result<runtime_types::fiducia_runtime::opaque::SessionKeys, Error> {
        let bytes = Self::bytes(&self.keys, "the session keys")?;
        if bytes.len() != 64 {
            return Err(Error::BadInput(format!(
                "session keys are 64 bytes (Aura sr25519 and GRANDPA ed25519 public keys), got {}",
                bytes.len()
            )));
        }
        let mut aura = [0u8; 32];
        let mut grandpa = [0u8; 32];
        aura.copy_from_slice(&bytes[..32]);
        grandpa.copy_from_slice(&bytes[32..]);
        Ok(runtime_types::fiducia_runtime::opaque::SessionKeys {
            aura: runtime_types::sp_consensus_aura::sr25519::app_sr25519::Public(aura),
            grandpa: runtime_types::sp_consensus_grandpa::app::Public(grandpa),
        })
    }
}

/// What `fiducia verifier status` shows.
#[derive(Clone, Debug, Serialize)]
pub struct Status {
    /// The current session.
    pub session: u32,
    /// Blocks per session.
    pub session_length: u32,
    /// The latest finalized block.
    pub block: u64,
    /// The current session's verifiers (authors and GRANDPA voters).
    pub current: Vec<AccountId>,
    /// The verifiers queued for the next session.
    pub queued: Vec<AccountId>,
    /// The admitted verifiers (serving also needs a license and keys).
    pub admitted: Vec<AccountId>,
    /// The fewest verifiers the set may have.
    pub min_verifiers: u32,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |v: &[AccountId]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ");
        let next = self.session_length - (self.block % u64::from(self.session_length)) as u32;
        writeln!(f, "session {} (block #{}, next session in {next} blocks)", self.session, self.block)?;
        writeln!(f, "current verifiers ({}): {}", self.current.len(), list(&self.current))?;
        writeln!(f, "queued for next session ({}): {}", self.queued.len(), list(&self.queued))?;
        write!(f, "admitted ({}, minimum {}): {}", self.admitted.len(), self.min_verifiers, list(&self.admitted))
    }
}

/// One issuer's approval of a root call.
#[derive(Clone, Debug, Serialize)]
pub struct RootApproval {
    /// The motion's key: BLAKE2b-256 of the call.
    pub call_hash: H256,
    /// The block with the approval.
    pub block: H256,
    /// Approvals so far.
    pub approvals: u32,
    /// Approvals needed.
    pub needed: u32,
    /// Whether this approval dispatched the call, and its result.
    pub dispatched: Option<Result<(), String>>,
}

impl std::fmt::Display for RootApproval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.dispatched {
            None => write!(f, "root motion {:?}: {} of {} approvals", self.call_hash, self.approvals, self.needed),
            Some(Ok(())) => write!(f, "root motion {:?} passed and the call ran as Root", self.call_hash),
            Some(Err(e)) => write!(f, "root motion {:?} passed but the call failed: {e}", self.call_hash),
        }
    }
}

/// The verifier set of a chain, and the issuers' root motions.
#[derive(Clone)]
pub struct Verifiers {
    chain: Chain,
}

impl Verifiers {
    /// The verifier set of `chain`.
    pub fn new(chain: Chain) -> Self {
        Verifiers { chain }
    }

    /// The session, the current, queued and admitted verifiers, and the minimum.
    pub async fn status(&self) -> Result<Status, Error> {
        let at = self.chain.api().at_current_block().await.map_err(connection)?;
        let storage = at.storage();
        macro_rules! fetch {
            ($what:literal, $address:expr) => {
                storage
                    .entry($address)
                    .map_err(connection)?
                    .fetch(())
                    .await
                    .map_err(connection)?
                    .decode()
                    .map_err(|e| Error::Decode { what: $what, reason: e.to_string() })?
            };
        }
        let session = fetch!("session index", runtime::storage().session().current_index());
        let current = fetch!("validators", runtime::storage().session().validators());
        let queued: Vec<_> = fetch!("queued keys", runtime::storage().session().queued_keys());
        let admitted = fetch!("admitted verifiers", runtime::storage().verifiers().admitted());
        let min_verifiers = fetch!("minimum", runtime::storage().verifiers().min_verifiers());
        let session_length =
            at.constants().entry(runtime::constants().verifiers().session_length()).map_err(connection)?;
        Ok(Status {
            session,
            session_length,
            block: at.block_number(),
            current,
            queued: queued.into_iter().map(|(who, _)| who).collect(),
            admitted: admitted.0,
            min_verifiers,
        })
    }

    /// Whether `who` has registered session keys (for the next session).
    pub async fn has_session_keys(&self, who: &AccountId) -> Result<bool, Error> {
        let at = self.chain.api().at_current_block().await.map_err(connection)?;
        let entry = at
            .storage()
            .entry(runtime::storage().session().next_keys())
            .map_err(connection)?
            .try_fetch((*who,))
            .await
            .map_err(connection)?;
        Ok(entry.is_some())
    }

    /// Generates new session keys in the keystore of the node this client is
    /// connected to — the operator's own node; the RPC is unsafe and only
    /// answered on a local endpoint — with the proof of possession for
    /// `owner`.
    pub async fn rotate_keys(&self, owner: &AccountId) -> Result<GeneratedKeys, Error> {
        #[derive(Deserialize)]
        struct Answer {
            keys: String,
            proof: Option<String>,
        }
        let owner = format!("0x{}", hex::encode(owner.encode()));
        let answer: Answer =
            self.chain.rpc_client().request("author_rotateKeysWithOwner", rpc_params![owner]).await.map_err(|e| {
                Error::Connection(format!(
                    "author_rotateKeysWithOwner (needs --rpc-methods unsafe on a local node): {e}"
                ))
            })?;
        let proof = answer.proof.ok_or_else(|| Error::Decode {
            what: "session keys",
            reason: "the node returned no proof of possession".into(),
        })?;
        Ok(GeneratedKeys { keys: answer.keys, proof })
    }

    /// Whether the connected node's keystore holds the private keys of `keys`.
    pub async fn node_has_keys(&self, keys: &GeneratedKeys) -> Result<bool, Error> {
        let bytes = GeneratedKeys::bytes(&keys.keys, "the session keys")?;
        self.chain
            .rpc_client()
            .request("author_hasSessionKeys", rpc_params![format!("0x{}", hex::encode(bytes))])
            .await
            .map_err(connection)
    }

    /// Registers `keys` for `signer`'s account (`session.set_keys`); the
    /// runtime checks the proof of possession.
    pub async fn set_keys(&self, keys: &GeneratedKeys, signer: &Keypair, wait: Wait) -> Result<H256, Error> {
        let proof = GeneratedKeys::bytes(&keys.proof, "the proof")?;
        let call = runtime::tx().session().set_keys(keys.session_keys()?, proof);
        Ok(self.chain.submit("session.set_keys", &call, signer, wait).await?.block_hash)
    }

    /// The libp2p peer id (base58) of the node this client is connected to.
    pub async fn local_peer_id(&self) -> Result<String, Error> {
        self.chain.rpc_client().request("system_localPeerId", rpc_params![]).await.map_err(connection)
    }

    /// A licensed verifier registers its node's peer id (base58, as
    /// `fiducia-node key inspect-node-key` prints it); from then on the
    /// verifiers' nodes accept that node as a peer.
    pub async fn set_node_id(&self, peer_id: &str, signer: &Keypair, wait: Wait) -> Result<H256, Error> {
        let bytes = bs58::decode(peer_id)
            .into_vec()
            .map_err(|_| Error::BadInput(format!("`{peer_id}` is not a base58 peer id")))?;
        let call =
            runtime::tx().verifiers().set_node_id(runtime_types::bounded_collections::bounded_vec::BoundedVec(bytes));
        Ok(self.chain.submit("verifiers.set_node_id", &call, signer, wait).await?.block_hash)
    }

    /// A current verifier approves `change`.
    pub async fn propose(&self, change: VerifierChange, signer: &Keypair, wait: Wait) -> Result<H256, Error> {
        let call = runtime::tx().verifiers().propose(change.generated());
        Ok(self.chain.submit("verifiers.propose", &call, signer, wait).await?.block_hash)
    }

    /// A verifier withdraws its approval of `change`.
    pub async fn withdraw_approval(&self, change: VerifierChange, signer: &Keypair, wait: Wait) -> Result<H256, Error> {
        let call = runtime::tx().verifiers().withdraw_approval(change.generated());
        Ok(self.chain.submit("verifiers.withdraw_approval", &call, signer, wait).await?.block_hash)
    }

    /// An issuer approves running `call` as Root; the approval that makes a
    /// majority of issuers dispatches it.
    pub async fn propose_root_call(
        &self,
        call: RuntimeCall,
        issuer: &Keypair,
        wait: Wait,
    ) -> Result<RootApproval, Error> {
        use runtime::registry::events::{RootCallApproved, RootCallDispatched};
        let call_hash = root_call_hash(&call, self.chain.metadata())?;
        let tx = runtime::tx().registry().propose_root_call(call);
        let included = self.chain.submit("registry.propose_root_call", &tx, issuer, wait).await?;
        let decode = |e: subxt::Error| Error::Decode { what: "root motion event", reason: e.to_string() };
        let approved = included.events.find_first::<RootCallApproved>().transpose().map_err(|e| decode(e.into()))?;
        let approved = approved.ok_or(Error::MissingEvent("Registry::RootCallApproved"))?;
        let dispatched =
            included.events.find_first::<RootCallDispatched>().transpose().map_err(|e| decode(e.into()))?;
        Ok(RootApproval {
            call_hash,
            block: included.block_hash,
            approvals: approved.approvals,
            needed: approved.needed,
            dispatched: dispatched.map(|d| match d.result {
                Ok(()) => Ok(()),
                Err(e) => Err(format!("{e:?}")),
            }),
        })
    }

    /// An issuer withdraws its approval of the root motion `call_hash`.
    pub async fn withdraw_root_approval(&self, call_hash: H256, issuer: &Keypair, wait: Wait) -> Result<H256, Error> {
        let tx = runtime::tx().registry().withdraw_root_approval(call_hash);
        Ok(self.chain.submit("registry.withdraw_root_approval", &tx, issuer, wait).await?.block_hash)
    }

    /// Anyone applies a runtime upgrade that a root motion authorized
    /// (`system.apply_authorized_upgrade`).
    pub async fn apply_authorized_upgrade(&self, wasm: Vec<u8>, signer: &Keypair, wait: Wait) -> Result<H256, Error> {
        let tx = runtime::tx().system().apply_authorized_upgrade(wasm);
        Ok(self.chain.submit("system.apply_authorized_upgrade", &tx, signer, wait).await?.block_hash)
    }
}

/// The key of a root motion: BLAKE2b-256 of the call's SCALE encoding (the
/// runtime's `Hashing::hash_of`), encoded as the runtime's `metadata` says.
pub fn root_call_hash(call: &RuntimeCall, metadata: &subxt::Metadata) -> Result<H256, Error> {
    use subxt::ext::scale_encode::EncodeAsType;
    let ty = metadata.outer_enums().call_enum_ty();
    let bytes = call
        .encode_as_type(ty, metadata.types())
        .map_err(|e| Error::BadInput(format!("the root call does not fit the runtime: {e}")))?;
    Ok(crate::registry::code_hash(&bytes))
}

/// Root calls an issuer motion is for (docs/operator.md).
pub mod root {
    use super::{runtime_types, AccountId, RuntimeCall};
    use runtime_types::bounded_collections::bounded_vec::BoundedVec;

    /// Authorize a runtime upgrade to the wasm with this BLAKE2b-256 hash
    /// (then anyone applies it with the wasm).
    pub fn authorize_upgrade(code_hash: subxt::utils::H256) -> RuntimeCall {
        RuntimeCall::System(runtime_types::frame_system::pallet::Call::authorize_upgrade { code_hash })
    }

    /// Replace the admitted verifier set (emergency).
    pub fn force_set_verifiers(verifiers: Vec<AccountId>) -> RuntimeCall {
        RuntimeCall::Verifiers(runtime_types::pallet_fiducia_verifiers::pallet::Call::force_set_verifiers {
            verifiers: BoundedVec(verifiers),
        })
    }

    /// Change the minimum number of verifiers.
    pub fn set_min_verifiers(min: u32) -> RuntimeCall {
        RuntimeCall::Verifiers(runtime_types::pallet_fiducia_verifiers::pallet::Call::set_min_verifiers { min })
    }

    /// Tell GRANDPA finality stalled: the authority set planned at the next
    /// session boundary is forced in `delay` blocks after it, on top of
    /// block `best_finalized`.
    pub fn note_stalled(delay: u32, best_finalized: u32) -> RuntimeCall {
        RuntimeCall::Grandpa(runtime_types::pallet_grandpa::pallet::Call::note_stalled {
            delay,
            best_finalized_block_number: best_finalized,
        })
    }
}
