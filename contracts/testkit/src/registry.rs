//! An off-chain stand-in for the runtime's registry, for `#[ink::test]`s
//! of every contract (register it with [`MockRegistry::install`]). It
//! answers `has_role` from a set of licensed (account, role) pairs and
//! accepts an assertion whose signature equals the challenge, so a contract
//! that binds the wrong action, arguments, contract or nonce is caught.
//!
//! It speaks the chain extension's wire format as `fiducia-registry-api`
//! defines it (ids [`EXTENSION_ID`], [`FN_HAS_ROLE`],
//! [`FN_VERIFY_SECOND_FACTOR`]; SCALE arguments and answers), like the
//! runtime does.

use fiducia_registry_api::{
    challenge_preimage, Assertion, Role, SecondFactorError, EXTENSION_ID, FN_HAS_ROLE, FN_VERIFY_SECOND_FACTOR,
};
use ink::{
    env::{hash::Blake2x256, test},
    primitives::AccountId,
    scale::{Decode, Encode},
};
use std::{cell::RefCell, collections::BTreeSet, rc::Rc};

/// The mock registry; clones share one role set.
#[derive(Clone, Default)]
pub struct MockRegistry(Rc<RefCell<BTreeSet<(AccountId, Role)>>>);

impl MockRegistry {
    /// A fresh registry, registered as the chain extension of the
    /// off-chain environment.
    pub fn install() -> Self {
        let registry = Self::default();
        test::register_chain_extension(registry.clone());
        registry
    }

    /// Licenses `who` for `role`.
    pub fn grant(&self, who: AccountId, role: Role) {
        self.0.borrow_mut().insert((who, role));
    }

    /// Revokes every role of `who`.
    pub fn revoke_all(&self, who: AccountId) {
        self.0.borrow_mut().retain(|(a, _)| *a != who);
    }

    /// The assertion this mock accepts for `challenge`.
    pub fn assertion(challenge: [u8; 32]) -> Assertion {
        Assertion {
            credential_id: vec![1],
            authenticator_data: vec![],
            client_data_json: vec![],
            signature: challenge.to_vec(),
        }
    }

    /// The assertion this mock accepts for the second-factor challenge of
    /// `action` over `args`, to the contract at `contract`, with the
    /// caller's per-contract `nonce` — hashed from the shared
    /// [`challenge_preimage`], as the contract does.
    pub fn assertion_for<A: Encode>(contract: &AccountId, action: &str, args: &A, nonce: u64) -> Assertion {
        let preimage = challenge_preimage(action, contract.as_ref(), args, nonce);
        let mut challenge = [0u8; 32];
        ink::env::hash_bytes::<Blake2x256>(&preimage, &mut challenge);
        Self::assertion(challenge)
    }
}

impl test::ChainExtension for MockRegistry {
    fn ext_id(&self) -> u16 {
        EXTENSION_ID
    }

    fn call(&mut self, func_id: u16, input: &[u8], output: &mut Vec<u8>) -> u32 {
        // ink!'s off-chain engine hands over the encoded arguments wrapped
        // in a SCALE `Vec<u8>`; on chain the runtime reads them bare.
        let bytes = Vec::<u8>::decode(&mut &input[..]).expect("wrapped input");
        let mut input = &bytes[..];
        match func_id {
            FN_HAS_ROLE => {
                let key = <(AccountId, Role)>::decode(&mut input).expect("has_role input");
                self.0.borrow().contains(&key).encode_to(output);
            },
            FN_VERIFY_SECOND_FACTOR => {
                let (challenge, assertion) = <([u8; 32], Assertion)>::decode(&mut input).expect("verify input");
                let verdict: Result<(), SecondFactorError> = if assertion.signature.is_empty() {
                    Err(SecondFactorError::BadSignature)
                } else if assertion.signature == challenge {
                    Ok(())
                } else {
                    Err(SecondFactorError::WrongChallenge)
                };
                verdict.encode_to(output);
            },
            other => panic!("unknown registry function {other}"),
        }
        0
    }
}
