//! Disputes (docs/protocol/fitm.md#disputes-and-arbiters), shared by the
//! advice and investment contracts: a
//! claimant accuses the other party of fraud with an evidence hash; only the
//! Arbiter rules, once, before a deadline; after the deadline the claimant
//! may recover its deposit. The money each outcome moves is computed here
//! from amounts the contract escrowed when the dispute was opened, so the
//! payees come from the dispute itself, never from the arbiter's arguments.

use crate::Balance;

/// Milliseconds since the Unix epoch (the block timestamp).
pub type Timestamp = u64;

/// Where a dispute stands. The first variant is the neutral state: nothing
/// has been paid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum DisputeStatus {
    /// Waiting for the Arbiter until the deadline.
    #[default]
    Open,
    /// The Arbiter found fraud: the claimant is refunded and compensated.
    Fraud,
    /// The Arbiter found no fraud: the claimant pays the penalty.
    NoFraud,
    /// The Arbiter missed the deadline: the claimant recovered its deposit.
    Lapsed,
}

/// Why a dispute operation was refused; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum DisputeError {
    /// The dispute is already decided (rulings and recoveries happen once).
    Closed,
    /// The ruling deadline has passed; only the claimant's recovery remains.
    DeadlinePassed,
    /// The ruling deadline has not passed yet.
    DeadlineNotReached,
    /// The evidence or ruling hash is all zeros.
    EmptyHash,
    /// A time overflowed.
    Overflow,
}

impl core::fmt::Display for DisputeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Closed => "the dispute is already decided",
            Self::DeadlinePassed => "the ruling deadline has passed",
            Self::DeadlineNotReached => "the ruling deadline has not passed yet",
            Self::EmptyHash => "the hash is empty",
            Self::Overflow => "a time overflowed",
        })
    }
}

/// The escrowed amounts a dispute can move, fixed when it is opened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Stakes {
    /// The claimant's deposit (service or report deposit): refunded on fraud
    /// and on a lapse; on no-fraud the penalty comes out of it.
    pub claimant_deposit: Balance,
    /// What the accused has at stake for this case (bond, advisor stake):
    /// compensation for a fraud comes out of it.
    pub accused_pool: Balance,
    /// Compensation owed to the claimant on fraud (capped at the pool).
    pub compensation: Balance,
    /// Penalty owed to the accused on no-fraud (capped at the deposit).
    pub penalty: Balance,
}

/// Who gets what when a dispute ends. `claimant + accused + released` equals
/// `claimant_deposit + accused_pool`: every escrowed unit has a payee.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Outcome {
    /// Credited to the claimant.
    pub to_claimant: Balance,
    /// Of `to_claimant`, the compensation taken from the accused's pool.
    pub compensation: Balance,
    /// Credited to the accused.
    pub to_accused: Balance,
    /// Of the accused's pool, what stays escrowed for the rest of the case
    /// (the contract decides: bond kept, stake returned at settlement …).
    pub pool_left: Balance,
}

/// One dispute.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Dispute<AccountId> {
    /// Who raised it (and is refunded or penalised).
    pub claimant: AccountId,
    /// Who is accused (and pays compensation or receives the penalty).
    pub accused: AccountId,
    /// Hash of the evidence, kept off-chain.
    pub evidence: [u8; 32],
    /// The money at stake.
    pub stakes: Stakes,
    /// The Arbiter must rule by then.
    pub deadline: Timestamp,
    /// Where it stands.
    pub status: DisputeStatus,
    /// Hash of the Arbiter's reasoned ruling, once given.
    pub ruling: Option<[u8; 32]>,
}

fn non_empty(hash: &[u8; 32]) -> Result<(), DisputeError> {
    if hash.iter().any(|b| *b != 0) {
        Ok(())
    } else {
        Err(DisputeError::EmptyHash)
    }
}

impl<AccountId> Dispute<AccountId> {
    /// Opens a dispute at `now`; the Arbiter has `ruling_window_ms` to rule.
    pub fn open(
        claimant: AccountId,
        accused: AccountId,
        evidence: [u8; 32],
        stakes: Stakes,
        now: Timestamp,
        ruling_window_ms: u64,
    ) -> Result<Self, DisputeError> {
        non_empty(&evidence)?;
        let deadline = now.checked_add(ruling_window_ms).ok_or(DisputeError::Overflow)?;
        Ok(Dispute { claimant, accused, evidence, stakes, deadline, status: DisputeStatus::Open, ruling: None })
    }

    /// The Arbiter rules once, before the deadline. Returns the payouts.
    pub fn rule(&mut self, fraud: bool, ruling: [u8; 32], now: Timestamp) -> Result<Outcome, DisputeError> {
        if self.status != DisputeStatus::Open {
            return Err(DisputeError::Closed);
        }
        if now > self.deadline {
            return Err(DisputeError::DeadlinePassed);
        }
        non_empty(&ruling)?;
        let s = self.stakes;
        let outcome = if fraud {
            let compensation = s.compensation.min(s.accused_pool);
            Outcome {
                to_claimant: s.claimant_deposit + compensation,
                compensation,
                to_accused: 0,
                pool_left: s.accused_pool - compensation,
            }
        } else {
            let penalty = s.penalty.min(s.claimant_deposit);
            Outcome {
                to_claimant: s.claimant_deposit - penalty,
                compensation: 0,
                to_accused: penalty,
                pool_left: s.accused_pool,
            }
        };
        self.status = if fraud { DisputeStatus::Fraud } else { DisputeStatus::NoFraud };
        self.ruling = Some(ruling);
        Ok(outcome)
    }

    /// After a missed deadline the claimant recovers its deposit (anyone may
    /// trigger it; the money goes to the claimant).
    pub fn lapse(&mut self, now: Timestamp) -> Result<Outcome, DisputeError> {
        if self.status != DisputeStatus::Open {
            return Err(DisputeError::Closed);
        }
        if now <= self.deadline {
            return Err(DisputeError::DeadlineNotReached);
        }
        self.status = DisputeStatus::Lapsed;
        Ok(Outcome {
            to_claimant: self.stakes.claimant_deposit,
            compensation: 0,
            to_accused: 0,
            pool_left: self.stakes.accused_pool,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STAKES: Stakes = Stakes { claimant_deposit: 100, accused_pool: 1_000, compensation: 300, penalty: 20 };
    const EVIDENCE: [u8; 32] = [1; 32];
    const RULING: [u8; 32] = [2; 32];

    fn open() -> Dispute<u8> {
        Dispute::open(1, 2, EVIDENCE, STAKES, 10, 100).unwrap()
    }

    #[test]
    fn fraud_refunds_and_compensates_from_the_accused_pool() {
        let mut d = open();
        let out = d.rule(true, RULING, 110).unwrap();
        assert_eq!(out, Outcome { to_claimant: 400, compensation: 300, to_accused: 0, pool_left: 700 });
        assert_eq!((d.status, d.ruling), (DisputeStatus::Fraud, Some(RULING)));
    }

    #[test]
    fn no_fraud_pays_the_penalty_to_the_accused() {
        let mut d = open();
        let out = d.rule(false, RULING, 50).unwrap();
        assert_eq!(out, Outcome { to_claimant: 80, compensation: 0, to_accused: 20, pool_left: 1_000 });
        assert_eq!(d.status, DisputeStatus::NoFraud);
    }

    #[test]
    fn the_arbiter_rules_once_and_only_in_time() {
        let mut d = open();
        assert_eq!(d.clone().rule(true, RULING, 111), Err(DisputeError::DeadlinePassed));
        assert_eq!(d.clone().rule(true, [0; 32], 50), Err(DisputeError::EmptyHash));
        d.rule(false, RULING, 50).unwrap();
        let decided = d.clone();
        assert_eq!(d.rule(true, RULING, 60), Err(DisputeError::Closed), "no second ruling");
        assert_eq!(d.lapse(500), Err(DisputeError::Closed), "no recovery after a ruling");
        assert_eq!(d, decided);
    }

    #[test]
    fn a_missed_deadline_lets_the_claimant_recover_once() {
        let mut d = open();
        assert_eq!(d.lapse(110), Err(DisputeError::DeadlineNotReached));
        let out = d.lapse(111).unwrap();
        assert_eq!(out, Outcome { to_claimant: 100, compensation: 0, to_accused: 0, pool_left: 1_000 });
        assert_eq!(d.lapse(112), Err(DisputeError::Closed), "recovery is not repeatable");
        assert_eq!(d.rule(true, RULING, 50), Err(DisputeError::Closed));
    }

    #[test]
    fn opening_checks_evidence_and_time() {
        assert_eq!(Dispute::open(1u8, 2, [0; 32], STAKES, 0, 1).err(), Some(DisputeError::EmptyHash));
        assert_eq!(Dispute::open(1u8, 2, EVIDENCE, STAKES, u64::MAX, 1).err(), Some(DisputeError::Overflow));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        /// Every outcome pays out exactly what was escrowed (nothing created,
        /// nothing stranded), and never more than a party put at stake.
        #[test]
        fn every_outcome_conserves_the_escrow(
            deposit in 0u128..1u128 << 100,
            pool in 0u128..1u128 << 100,
            compensation in 0u128..1u128 << 101,
            penalty in 0u128..1u128 << 101,
            path in 0u8..3,
            at in 0u64..300,
        ) {
            let stakes = Stakes { claimant_deposit: deposit, accused_pool: pool, compensation, penalty };
            let mut d = Dispute::open(1u8, 2, EVIDENCE, stakes, 0, 100).unwrap();
            let before = d.clone();
            let result = match path {
                0 => d.rule(true, RULING, at),
                1 => d.rule(false, RULING, at),
                _ => d.lapse(at),
            };
            match result {
                Ok(out) => {
                    prop_assert_eq!(out.to_claimant + out.to_accused + out.pool_left, deposit + pool);
                    prop_assert!(out.to_accused <= deposit, "the accused gains at most the claimant's deposit");
                    prop_assert!(out.pool_left <= pool);
                    prop_assert_eq!(out.compensation, pool - out.pool_left, "compensation is what left the pool");
                    prop_assert!(d.status != DisputeStatus::Open);
                },
                Err(_) => prop_assert_eq!(d, before, "a refusal changes nothing"),
            }
        }
    }
}
