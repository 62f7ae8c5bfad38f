//! The money of one investment agreement (docs/protocol/fitm.md#agreements)
//! as a pure state
//! machine: both parties sign over identical terms (the advisor stakes a
//! share, the customer pays the amount), the funds stay in escrow through a
//! cooling-off window in which the customer may still dispute, then anyone
//! settles. A signer who misses its deadline lets the other recover.
//!
//! ```text
//! Proposed ──customer pays──▶ CustomerSigned ──advisor stakes──▶ CoolingOff ──after window──▶ Settled
//!    │  └──advisor stakes──▶ AdvisorSigned ──customer pays──────────▲   │
//!    │                          │ (either: deadline) ──▶ Lapsed         └──dispute──▶ Disputed ──ruling──▶ Settled | Refunded
//!    └──deadline──▶ Lapsed
//! ```

use super::dispute::{DisputeStatus, Outcome, Stakes};
use crate::{money, Balance};

/// Milliseconds since the Unix epoch.
pub type Timestamp = u64;

/// Where an agreement stands; the first variant is neutral (nothing paid).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum AgreementStatus {
    /// Proposed; nobody has signed or paid.
    #[default]
    Proposed,
    /// The customer paid the amount; waiting for the advisor's stake.
    CustomerSigned,
    /// The advisor staked; waiting for the customer's payment.
    AdvisorSigned,
    /// Both signed; in escrow until the cooling-off window ends.
    CoolingOff,
    /// The customer disputed during cooling-off; waiting for the Arbiter.
    Disputed,
    /// Investment to the institution, stake back to the advisor.
    Settled,
    /// Fraud upheld: the customer was refunded and compensated.
    Refunded,
    /// A signer missed its deadline; the other recovered its funds.
    Lapsed,
}

/// Why an agreement operation was refused; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum AgreementError {
    /// Not allowed in the agreement's current state.
    WrongState,
    /// The deadline of the current state has passed.
    DeadlinePassed,
    /// The deadline of the current state has not passed yet.
    DeadlineNotReached,
    /// The value sent is not what the terms require.
    WrongAmount,
    /// The signed terms differ from the proposed ones.
    TermsMismatch,
    /// A zero amount.
    ZeroAmount,
    /// An amount or time overflowed.
    Overflow,
}

impl core::fmt::Display for AgreementError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::WrongState => "the agreement's state does not allow this (see `fiducia investment agreement`)",
            Self::DeadlinePassed => "the deadline of the agreement's current state has passed",
            Self::DeadlineNotReached => {
                "the deadline of the agreement's current state has not passed yet; try again after it"
            },
            Self::WrongAmount => {
                "the value sent is not what the terms require (the amount for the customer, the stake for the advisor)"
            },
            Self::TermsMismatch => "the terms hash signed differs from the proposed one; check the agreement's terms",
            Self::ZeroAmount => "the amount must not be zero",
            Self::Overflow => "an amount or time overflowed",
        })
    }
}

/// Parameters of the investment contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct AgreementTerms {
    /// Advisor's stake, basis points of the amount (default 2000 = 20 %).
    pub stake_bps: u32,
    /// How long the second signer has after the first, ms.
    pub signing_window_ms: u64,
    /// Cooling-off window after both signed, ms.
    pub cooling_off_ms: u64,
    /// Compensation on upheld fraud, basis points of the amount.
    pub compensation_bps: u32,
}

impl Default for AgreementTerms {
    /// 20 % stake, 7 days to sign, 14 days' cooling-off, 10 % compensation.
    fn default() -> Self {
        const DAY: u64 = 24 * 60 * 60 * 1_000;
        Self { stake_bps: 2_000, signing_window_ms: 7 * DAY, cooling_off_ms: 14 * DAY, compensation_bps: 1_000 }
    }
}

/// Payouts owed when an agreement moves (credited for pull by the contract).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Payouts {
    /// To the customer.
    pub customer: Balance,
    /// To the advisor.
    pub advisor: Balance,
    /// To the institution.
    pub institution: Balance,
}

/// The money state of one agreement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Agreement {
    /// Where it stands.
    pub status: AgreementStatus,
    /// Hash of the agreed terms (template + amount + parties).
    pub terms_hash: [u8; 32],
    /// Investment amount the customer pays.
    pub amount: Balance,
    /// The advisor's stake for this amount.
    pub stake: Balance,
    /// Customer's payment held.
    pub customer_paid: Balance,
    /// Advisor's stake held.
    pub advisor_staked: Balance,
    /// Deadline of the current waiting state.
    pub deadline: Timestamp,
}

fn later(now: Timestamp, d: u64) -> Result<Timestamp, AgreementError> {
    now.checked_add(d).ok_or(AgreementError::Overflow)
}

impl Agreement {
    /// A proposal of `amount` over `terms_hash`; the first signature is due
    /// within the signing window.
    pub fn propose(
        terms_hash: [u8; 32],
        amount: Balance,
        now: Timestamp,
        t: &AgreementTerms,
    ) -> Result<Self, AgreementError> {
        if amount == 0 {
            return Err(AgreementError::ZeroAmount);
        }
        let stake = money::bps_charge(amount, t.stake_bps).ok_or(AgreementError::Overflow)?;
        Ok(Agreement { terms_hash, amount, stake, deadline: later(now, t.signing_window_ms)?, ..Default::default() })
    }

    fn check_sign(
        &self,
        terms_hash: &[u8; 32],
        sent: Balance,
        due: Balance,
        now: Timestamp,
    ) -> Result<(), AgreementError> {
        if now > self.deadline {
            return Err(AgreementError::DeadlinePassed);
        }
        if *terms_hash != self.terms_hash {
            return Err(AgreementError::TermsMismatch);
        }
        if sent != due {
            return Err(AgreementError::WrongAmount);
        }
        Ok(())
    }

    /// The customer signs `terms_hash`, paying the full amount.
    pub fn customer_signs(
        &mut self,
        terms_hash: &[u8; 32],
        sent: Balance,
        now: Timestamp,
        t: &AgreementTerms,
    ) -> Result<(), AgreementError> {
        let next = match self.status {
            AgreementStatus::Proposed => AgreementStatus::CustomerSigned,
            AgreementStatus::AdvisorSigned => AgreementStatus::CoolingOff,
            _ => return Err(AgreementError::WrongState),
        };
        self.check_sign(terms_hash, sent, self.amount, now)?;
        self.advance(next, now, t)?;
        self.customer_paid = sent;
        Ok(())
    }

    /// The advisor signs `terms_hash`, staking its share.
    pub fn advisor_signs(
        &mut self,
        terms_hash: &[u8; 32],
        sent: Balance,
        now: Timestamp,
        t: &AgreementTerms,
    ) -> Result<(), AgreementError> {
        let next = match self.status {
            AgreementStatus::Proposed => AgreementStatus::AdvisorSigned,
            AgreementStatus::CustomerSigned => AgreementStatus::CoolingOff,
            _ => return Err(AgreementError::WrongState),
        };
        self.check_sign(terms_hash, sent, self.stake, now)?;
        self.advance(next, now, t)?;
        self.advisor_staked = sent;
        Ok(())
    }

    fn advance(&mut self, next: AgreementStatus, now: Timestamp, t: &AgreementTerms) -> Result<(), AgreementError> {
        let window = if next == AgreementStatus::CoolingOff { t.cooling_off_ms } else { t.signing_window_ms };
        self.deadline = later(now, window)?;
        self.status = next;
        Ok(())
    }

    /// After a signing deadline anyone ends the agreement; whoever paid
    /// recovers it.
    pub fn lapse(&mut self, now: Timestamp) -> Result<Payouts, AgreementError> {
        if !matches!(
            self.status,
            AgreementStatus::Proposed | AgreementStatus::CustomerSigned | AgreementStatus::AdvisorSigned
        ) {
            return Err(AgreementError::WrongState);
        }
        if now <= self.deadline {
            return Err(AgreementError::DeadlineNotReached);
        }
        let out = Payouts { customer: self.customer_paid, advisor: self.advisor_staked, institution: 0 };
        self.release(AgreementStatus::Lapsed);
        Ok(out)
    }

    /// The customer disputes during cooling-off, paying the report
    /// `deposit` (the no-fraud `penalty` comes out of it). Returns the
    /// dispute's stakes: that deposit, and as the accused's pool this
    /// agreement's own advisor stake — compensation is per agreement and
    /// nothing of a shared bond is taken, so no other dispute can pre-empt
    /// it (the parameters keep `compensation_bps ≤ stake_bps`, so the stake
    /// always covers it). The payment itself stays in the agreement's escrow.
    pub fn dispute(
        &mut self,
        now: Timestamp,
        deposit: Balance,
        penalty: Balance,
        t: &AgreementTerms,
    ) -> Result<Stakes, AgreementError> {
        if self.status != AgreementStatus::CoolingOff {
            return Err(AgreementError::WrongState);
        }
        if now > self.deadline {
            return Err(AgreementError::DeadlinePassed);
        }
        let compensation = money::bps_charge(self.amount, t.compensation_bps).ok_or(AgreementError::Overflow)?;
        self.status = AgreementStatus::Disputed;
        Ok(Stakes { claimant_deposit: deposit, accused_pool: self.advisor_staked, compensation, penalty })
    }

    /// Applies how the dispute ended to the escrow; the dispute's own
    /// outcome (deposit, penalty, compensation) is credited by the contract.
    /// Fraud ⇒ `Refunded`: the customer gets its payment back; the
    /// compensation was taken from the advisor's stake, and the rest of the
    /// stake goes back to the advisor. No fraud ⇒
    /// it settles as if undisputed. The Arbiter missed its deadline ⇒
    /// `Lapsed`: the customer recovers its payment and the advisor its stake.
    pub fn resolve(&mut self, ended: DisputeStatus, outcome: &Outcome) -> Result<Payouts, AgreementError> {
        if self.status != AgreementStatus::Disputed {
            return Err(AgreementError::WrongState);
        }
        match ended {
            DisputeStatus::Fraud => {
                let advisor_back = self.advisor_staked.saturating_sub(outcome.compensation);
                let out = Payouts { customer: self.customer_paid, advisor: advisor_back, institution: 0 };
                self.release(AgreementStatus::Refunded);
                Ok(out)
            },
            DisputeStatus::NoFraud => Ok(self.settle_now()),
            DisputeStatus::Lapsed => {
                let out = Payouts { customer: self.customer_paid, advisor: self.advisor_staked, institution: 0 };
                self.release(AgreementStatus::Lapsed);
                Ok(out)
            },
            DisputeStatus::Open => Err(AgreementError::WrongState),
        }
    }

    /// After cooling-off anyone settles: the investment to the institution,
    /// the stake back to the advisor.
    pub fn settle(&mut self, now: Timestamp) -> Result<Payouts, AgreementError> {
        if self.status != AgreementStatus::CoolingOff {
            return Err(AgreementError::WrongState);
        }
        if now <= self.deadline {
            return Err(AgreementError::DeadlineNotReached);
        }
        Ok(self.settle_now())
    }

    fn settle_now(&mut self) -> Payouts {
        let out = Payouts { customer: 0, advisor: self.advisor_staked, institution: self.customer_paid };
        self.release(AgreementStatus::Settled);
        out
    }

    fn release(&mut self, status: AgreementStatus) {
        self.customer_paid = 0;
        self.advisor_staked = 0;
        self.status = status;
    }

    /// What the agreement holds in escrow (no bond: that is the template's).
    pub fn held(&self) -> Balance {
        self.customer_paid.saturating_add(self.advisor_staked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::dispute::Dispute;
    use proptest::prelude::*;

    const T: AgreementTerms =
        AgreementTerms { stake_bps: 2_000, signing_window_ms: 100, cooling_off_ms: 200, compensation_bps: 1_000 };
    const H: [u8; 32] = [3; 32];
    /// The report deposit and no-fraud penalty of these tests.
    const DEPOSIT: Balance = 10;
    const PENALTY: Balance = 2;

    fn signed() -> Agreement {
        let mut a = Agreement::propose(H, 1_000, 0, &T).unwrap();
        a.customer_signs(&H, 1_000, 10, &T).unwrap();
        a.advisor_signs(&H, 200, 20, &T).unwrap();
        a
    }

    #[test]
    fn success_settles_after_cooling_off() {
        let mut a = signed();
        assert_eq!((a.status, a.held(), a.deadline), (AgreementStatus::CoolingOff, 1_200, 220));
        assert_eq!(a.settle(220), Err(AgreementError::DeadlineNotReached));
        assert_eq!(a.settle(221).unwrap(), Payouts { customer: 0, advisor: 200, institution: 1_000 });
        assert_eq!((a.status, a.held()), (AgreementStatus::Settled, 0));
        assert_eq!(a.settle(500), Err(AgreementError::WrongState), "settles once");
    }

    #[test]
    fn signing_needs_identical_terms_and_exact_amounts() {
        let mut a = Agreement::propose(H, 1_000, 0, &T).unwrap();
        let before = a;
        assert_eq!(a.customer_signs(&[4; 32], 1_000, 1, &T), Err(AgreementError::TermsMismatch));
        assert_eq!(a.customer_signs(&H, 999, 1, &T), Err(AgreementError::WrongAmount));
        assert_eq!(a.advisor_signs(&H, 199, 1, &T), Err(AgreementError::WrongAmount));
        assert_eq!(a.customer_signs(&H, 1_000, 101, &T), Err(AgreementError::DeadlinePassed));
        assert_eq!(a, before);
        a.advisor_signs(&H, 200, 5, &T).unwrap();
        assert_eq!(a.advisor_signs(&H, 200, 6, &T), Err(AgreementError::WrongState), "no double stake");
    }

    #[test]
    fn a_signer_missing_its_deadline_lets_the_other_recover() {
        let mut a = Agreement::propose(H, 1_000, 0, &T).unwrap();
        a.customer_signs(&H, 1_000, 10, &T).unwrap();
        assert_eq!(a.lapse(110), Err(AgreementError::DeadlineNotReached));
        assert_eq!(a.lapse(111).unwrap(), Payouts { customer: 1_000, advisor: 0, institution: 0 });
        assert_eq!(a.lapse(112), Err(AgreementError::WrongState), "recovered once");
    }

    #[test]
    fn upheld_fraud_refunds_and_compensates_from_the_stake() {
        let mut a = signed();
        let stakes = a.dispute(100, DEPOSIT, PENALTY, &T).unwrap();
        assert_eq!(
            stakes,
            Stakes { claimant_deposit: DEPOSIT, accused_pool: 200, compensation: 100, penalty: PENALTY }
        );
        let mut d = Dispute::open(1u8, 2, [9; 32], stakes, 100, 50).unwrap();
        let outcome = d.rule(true, [8; 32], 120).unwrap();
        assert_eq!(outcome.to_claimant, DEPOSIT + 100, "the deposit back and the compensation");
        let out = a.resolve(d.status, &outcome).unwrap();
        assert_eq!(out, Payouts { customer: 1_000, advisor: 100, institution: 0 });
        assert_eq!(outcome.pool_left, out.advisor, "what the compensation left of the stake goes back");
        assert_eq!(a.status, AgreementStatus::Refunded);
    }

    #[test]
    fn compensation_is_per_agreement_and_never_more_than_its_stake() {
        let big = AgreementTerms { compensation_bps: 5_000, ..T };
        let mut a = signed();
        let stakes = a.dispute(100, DEPOSIT, PENALTY, &big).unwrap();
        let mut d = Dispute::open(1u8, 2, [9; 32], stakes, 100, 50).unwrap();
        let outcome = d.rule(true, [8; 32], 120).unwrap();
        assert_eq!(outcome.compensation, 200, "capped at this agreement's stake (validate() forbids more)");
        assert_eq!(a.resolve(d.status, &outcome).unwrap(), Payouts { customer: 1_000, advisor: 0, institution: 0 });
    }

    #[test]
    fn a_silent_arbiter_returns_everyone_its_money() {
        let mut a = signed();
        let stakes = a.dispute(100, DEPOSIT, PENALTY, &T).unwrap();
        let mut d = Dispute::open(1u8, 2, [9; 32], stakes, 100, 50).unwrap();
        let outcome = d.lapse(151).unwrap();
        assert_eq!(outcome.to_claimant, DEPOSIT, "the deposit back, no penalty");
        assert_eq!(a.resolve(d.status, &outcome).unwrap(), Payouts { customer: 1_000, advisor: 200, institution: 0 });
        assert_eq!(a.status, AgreementStatus::Lapsed);
    }

    #[test]
    fn dismissed_dispute_costs_the_penalty_and_settles() {
        let mut a = signed();
        let stakes = a.dispute(100, DEPOSIT, PENALTY, &T).unwrap();
        let mut d = Dispute::open(1u8, 2, [9; 32], stakes, 100, 50).unwrap();
        let outcome = d.rule(false, [8; 32], 120).unwrap();
        assert_eq!(
            (outcome.to_claimant, outcome.to_accused),
            (DEPOSIT - PENALTY, PENALTY),
            "the penalty goes to the advisor"
        );
        assert_eq!(a.resolve(d.status, &outcome).unwrap(), Payouts { customer: 0, advisor: 200, institution: 1_000 });
        assert_eq!(a.dispute(130, DEPOSIT, PENALTY, &T), Err(AgreementError::WrongState), "no dispute after the end");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        /// Over random sequences, money paid in = money held + paid out, and
        /// a refused step changes nothing.
        #[test]
        fn agreements_conserve_money(
            amount in 1u128..1u128 << 90,
            ops in prop::collection::vec((0u8..6, 0u64..150, any::<bool>()), 1..12),
        ) {
            let mut a = Agreement::propose(H, amount, 0, &T).unwrap();
            let (mut paid_in, mut paid_out) = (0u128, 0u128);
            let mut now = 0;
            let mut dispute: Option<Dispute<u8>> = None;
            for (op, dt, flag) in ops {
                now += dt;
                let before = a;
                let result: Result<(), AgreementError> = match op {
                    0 => a.customer_signs(&H, if flag { a.amount } else { a.amount - 1 }, now, &T).map(|()| paid_in += amount),
                    1 => a.advisor_signs(&H, a.stake, now, &T).map(|()| paid_in += a.stake),
                    2 => a.lapse(now).map(|p| paid_out += p.customer + p.advisor + p.institution),
                    3 => a.settle(now).map(|p| paid_out += p.customer + p.advisor + p.institution),
                    4 => a.dispute(now, DEPOSIT, PENALTY, &T).map(|s| {
                        paid_in += DEPOSIT;
                        dispute = Some(Dispute::open(1, 2, [9; 32], s, now, 50).expect("valid evidence and time"));
                    }),
                    _ => match dispute.as_mut().map(|d| d.rule(flag, [8; 32], now).or_else(|_| d.lapse(now)).map(|o| (d.status, o))) {
                        Some(Ok((ended, outcome))) => a.resolve(ended, &outcome).map(|p| {
                            let total = p.customer + p.advisor + p.institution;
                            // Compensation comes from this agreement's stake only.
                            assert!(outcome.compensation <= before.advisor_staked);
                            assert_eq!(total, before.held() - outcome.compensation, "{ended:?}: {p:?}");
                            paid_out += total + outcome.to_claimant + outcome.to_accused;
                        }),
                        _ => Err(AgreementError::WrongState),
                    },
                };
                let deposit_held = match &dispute {
                    Some(d) if d.status == DisputeStatus::Open => DEPOSIT,
                    _ => 0,
                };
                if result.is_err() {
                    prop_assert_eq!(a, before, "a refusal changes nothing");
                }
                prop_assert_eq!(paid_in, paid_out + a.held() + deposit_held, "escrow conserved");
            }
        }
    }
}
