//! The registry chain extension: how contracts ask the runtime whether an
//! account holds a role and whether a second-factor assertion is valid.
//!
//! Extension id and function ids are defined once in `fiducia-registry-api`:
//! - `has_role(account, role) -> bool` (one storage read);
//! - `verify_second_factor(challenge, assertion) -> Result<(), SecondFactorError>`
//!   (a read, a P-256 verification, a write of the new counter).
//!
//! Both answer **certified contracts only** (docs/security.md, "Certified
//! contract code"): the calling contract's code hash must be certified in the
//! registry, or the call traps. `verify_second_factor` checks the credential
//! of the contract's *caller* — never an account the contract names — over
//! the contract's challenge bound to the chain's genesis hash, the calling
//! contract and that caller (`fiducia_registry_api::second_factor_preimage`),
//! so a contract can neither spend another account's assertion nor replay
//! one made for another contract or chain.
//!
//! Inputs are SCALE-decoded with a bound on their length; a contract that
//! sends garbage gets a trap, never a panic of the runtime.

use crate::{AccountId, Registry, Runtime, System};
use codec::Encode;
use fiducia_registry_api::{
    second_factor_preimage, Assertion, Role, EXTENSION_ID, FN_HAS_ROLE, FN_VERIFY_SECOND_FACTOR,
    MAX_AUTHENTICATOR_DATA, MAX_CLIENT_DATA, MAX_CREDENTIAL_ID, MAX_SIGNATURE,
};
use frame_support::weights::Weight;
use pallet_contracts::{
    chain_extension::{ChainExtension, Environment, Ext, InitState, RetVal, SysConfig},
    Origin,
};
use pallet_fiducia_registry::weights::VERIFY_SECOND_FACTOR_REF_TIME;
use sp_runtime::{
    traits::{BlakeTwo256, Hash},
    DispatchError,
};

/// Longest accepted input of `verify_second_factor`, in bytes.
const MAX_VERIFY_INPUT: u32 = 32 + 4 * 5 + MAX_CREDENTIAL_ID + MAX_AUTHENTICATOR_DATA + MAX_CLIENT_DATA + MAX_SIGNATURE;

/// The chain extension `pallet-contracts` calls for `seal_call_chain_extension`.
#[derive(Default)]
pub struct RegistryExtension;

impl ChainExtension<Runtime> for RegistryExtension {
    fn call<E: Ext<T = Runtime>>(&mut self, mut env: Environment<E, InitState>) -> Result<RetVal, DispatchError> {
        if env.ext_id() != EXTENSION_ID {
            return Err(DispatchError::Other("unknown chain extension"));
        }
        let db = <Runtime as SysConfig>::DbWeight::get();
        // The certification check: one read of the certified-code map (the
        // contract's own code hash is already loaded).
        env.charge_weight(db.reads(1))?;
        let code_hash = *env.ext().own_code_hash();
        if !Registry::is_certified(&code_hash) {
            return Err(DispatchError::Other("the calling contract's code is not certified"));
        }
        let contract: AccountId = env.ext().address().clone();
        let caller = match env.ext().caller() {
            Origin::Signed(caller) => Some(caller),
            Origin::Root => None,
        };
        let func_id = env.func_id();
        let mut env = env.buf_in_buf_out();
        let output = match func_id {
            FN_HAS_ROLE => {
                env.charge_weight(db.reads(2))?;
                let (who, role): (AccountId, Role) = env.read_as()?;
                Registry::has_role(&who, role).encode()
            },
            FN_VERIFY_SECOND_FACTOR => {
                let len = env.in_len();
                if len > MAX_VERIFY_INPUT {
                    return Err(DispatchError::Other("second-factor input too long"));
                }
                // Credential read + counter write, the genesis hash, the P-256 check.
                env.charge_weight(
                    db.reads_writes(2, 1).saturating_add(Weight::from_parts(VERIFY_SECOND_FACTOR_REF_TIME, 0)),
                )?;
                let caller = caller.ok_or(DispatchError::Other("a second factor needs a signed caller"))?;
                let (challenge, assertion): ([u8; 32], Assertion) = env.read_as_unbounded(len)?;
                let genesis = System::block_hash(0u32);
                let bound = BlakeTwo256::hash(&second_factor_preimage(
                    genesis.as_fixed_bytes(),
                    contract.as_ref(),
                    caller.as_ref(),
                    &challenge,
                ));
                Registry::verify_second_factor(&caller, bound.as_fixed_bytes(), &assertion).encode()
            },
            _ => return Err(DispatchError::Other("unknown registry function")),
        };
        env.write(&output, false, None)?;
        Ok(RetVal::Converging(0))
    }

    fn enabled() -> bool {
        true
    }
}
