//! The registry chain extension: how contracts ask the runtime whether an
//! account holds a role and whether a second-factor assertion is valid.
//!
//! Extension id and function ids are defined once in `fiducia-registry-api`:
//! - `has_role(account, role) -> bool` (one storage read);
//! - `verify_second_factor(account, challenge, assertion) -> Result<(), SecondFactorError>`
//!   (a read, a P-256 verification, a write of the new counter).
//!
//! Inputs are SCALE-decoded with a bound on their length; a contract that
//! sends garbage gets a trap, never a panic of the runtime.

use crate::{AccountId, Registry, Runtime};
use codec::Encode;
use fiducia_registry_api::{
    Assertion, Role, EXTENSION_ID, FN_HAS_ROLE, FN_VERIFY_SECOND_FACTOR, MAX_AUTHENTICATOR_DATA,
    MAX_CLIENT_DATA, MAX_CREDENTIAL_ID, MAX_SIGNATURE,
};
use frame_support::weights::Weight;
use pallet_contracts::chain_extension::{
    ChainExtension, Environment, Ext, InitState, RetVal, SysConfig,
};
use pallet_fiducia_registry::weights::VERIFY_SECOND_FACTOR_REF_TIME;
use sp_runtime::DispatchError;

/// Longest accepted input of `verify_second_factor`, in bytes.
const MAX_VERIFY_INPUT: u32 =
    32 + 32 + 4 * 5 + MAX_CREDENTIAL_ID + MAX_AUTHENTICATOR_DATA + MAX_CLIENT_DATA + MAX_SIGNATURE;

/// The chain extension `pallet-contracts` calls for `seal_call_chain_extension`.
#[derive(Default)]
pub struct RegistryExtension;

impl ChainExtension<Runtime> for RegistryExtension {
    fn call<E: Ext<T = Runtime>>(&mut self, env: Environment<E, InitState>) -> Result<RetVal, DispatchError> {
        if env.ext_id() != EXTENSION_ID {
            return Err(DispatchError::Other("unknown chain extension"));
        }
        let db = <Runtime as SysConfig>::DbWeight::get();
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
                env.charge_weight(
                    db.reads_writes(1, 1).saturating_add(Weight::from_parts(VERIFY_SECOND_FACTOR_REF_TIME, 0)),
                )?;
                let (who, challenge, assertion): (AccountId, [u8; 32], Assertion) =
                    env.read_as_unbounded(len)?;
                Registry::verify_second_factor(&who, &challenge, &assertion).encode()
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
