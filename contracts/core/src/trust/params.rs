//! The FITM contracts' parameters (constructor arguments) and their
//! defaults. Amounts are in the smallest unit (1 FID = 10¹² units);
//! windows in milliseconds of block time.

use super::agreement::AgreementTerms;
use crate::Balance;

const FID: Balance = 1_000_000_000_000;
const DAY: u64 = 24 * 60 * 60 * 1_000;
/// The longest window a parameter may set (10 years of 365 days), so no
/// deadline can overflow and no bond can be held for an unstated time.
pub const MAX_WINDOW_MS: u64 = 10 * 365 * DAY;

/// Why constructor parameters were refused (the contract is not deployed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum ParamsError {
    /// A bond is zero.
    ZeroBond,
    /// A customer's deposit (service or report) is zero.
    ZeroDeposit,
    /// A window is zero or longer than [`MAX_WINDOW_MS`].
    WindowOutOfRange,
    /// The claim window is shorter than the ruling window (a pending
    /// dispute could be upheld after the pool closed).
    ClaimWindowShorterThanRuling,
    /// The penalty for a dismissed claim exceeds the deposit it comes from.
    PenaltyAboveDeposit,
    /// The compensation cap exceeds the bond it comes from.
    CompensationAboveBond,
    /// The advisor's stake exceeds 100 % (10,000 bps).
    StakeAbove100Percent,
    /// Agreement-fraud compensation exceeds the advisor's stake that pays it.
    CompensationAboveStake,
    /// A compensation cap is zero (a pool would pay no one).
    ZeroCompensation,
    /// The claim window is shorter than two signing windows, the
    /// cooling-off and the ruling window (an agreement dispute could be
    /// upheld after the template's pool closed).
    ClaimWindowShorterThanAgreements,
}

impl core::fmt::Display for ParamsError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::ZeroBond => "a bond must not be zero",
            Self::ZeroDeposit => "a customer's deposit (service or report) must not be zero",
            Self::WindowOutOfRange => "a window is zero or longer than ten years",
            Self::ClaimWindowShorterThanRuling => "the claim window must be at least the ruling window",
            Self::PenaltyAboveDeposit => "the penalty for a dismissed claim must not exceed the deposit it comes from",
            Self::CompensationAboveBond => "the compensation cap must not exceed the bond it comes from",
            Self::StakeAbove100Percent => "the advisor's stake must not exceed 100 % (10,000 bps)",
            Self::CompensationAboveStake => "agreement-fraud compensation must not exceed the advisor's stake",
            Self::ZeroCompensation => "a compensation cap must not be zero",
            Self::ClaimWindowShorterThanAgreements => {
                "the claim window must cover two signing windows, the cooling-off and the ruling window"
            },
        })
    }
}

fn window(ms: u64) -> Result<(), ParamsError> {
    if ms == 0 || ms > MAX_WINDOW_MS {
        Err(ParamsError::WindowOutOfRange)
    } else {
        Ok(())
    }
}

fn claim_after_ruling(claim_ms: u64, ruling_ms: u64) -> Result<(), ParamsError> {
    if claim_ms < ruling_ms {
        Err(ParamsError::ClaimWindowShorterThanRuling)
    } else {
        Ok(())
    }
}

/// Parameters of the `advice` contract (products, authorizations, cases).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct AdviceParams {
    /// Bond an institution posts to publish a product (default 1,000 FID).
    pub product_bond: Balance,
    /// Deposit an advisor pays to request authorization (default 100 FID).
    pub authorization_deposit: Balance,
    /// Deposit a customer pays to open a service case (default 10 FID).
    pub service_deposit: Balance,
    /// A case may be closed by anyone after this long (default 90 days).
    pub case_ttl_ms: u64,
    /// A revoked advisor's deposit waits this long (default 7 days).
    pub revocation_cooldown_ms: u64,
    /// The Arbiter must rule within this (default 14 days).
    pub ruling_window_ms: u64,
    /// Most a customer receives from the product's compensation pool after
    /// upheld fraud (default 100 FID).
    pub fraud_compensation: Balance,
    /// Paid to the institution from the customer's deposit when a fraud
    /// claim is dismissed (default 2 FID).
    pub report_penalty: Balance,
    /// How long after the first upheld fraud customers may join the
    /// product's compensation pool (default 30 days, at least the ruling window).
    pub claim_window_ms: u64,
}

impl AdviceParams {
    /// Checks the parameters: non-zero bond, deposits and compensation,
    /// every window in `1..=MAX_WINDOW_MS`, the claim window at least the
    /// ruling window, penalty ≤ service deposit, compensation ≤ bond.
    pub fn validate(&self) -> Result<(), ParamsError> {
        if self.product_bond == 0 {
            return Err(ParamsError::ZeroBond);
        }
        if self.service_deposit == 0 || self.authorization_deposit == 0 {
            return Err(ParamsError::ZeroDeposit);
        }
        if self.fraud_compensation == 0 {
            return Err(ParamsError::ZeroCompensation);
        }
        for ms in [self.case_ttl_ms, self.revocation_cooldown_ms, self.ruling_window_ms, self.claim_window_ms] {
            window(ms)?;
        }
        claim_after_ruling(self.claim_window_ms, self.ruling_window_ms)?;
        if self.report_penalty > self.service_deposit {
            return Err(ParamsError::PenaltyAboveDeposit);
        }
        if self.fraud_compensation > self.product_bond {
            return Err(ParamsError::CompensationAboveBond);
        }
        Ok(())
    }
}

impl Default for AdviceParams {
    fn default() -> Self {
        Self {
            product_bond: 1_000 * FID,
            authorization_deposit: 100 * FID,
            service_deposit: 10 * FID,
            case_ttl_ms: 90 * DAY,
            revocation_cooldown_ms: 7 * DAY,
            ruling_window_ms: 14 * DAY,
            fraud_compensation: 100 * FID,
            report_penalty: 2 * FID,
            claim_window_ms: 30 * DAY,
        }
    }
}

/// Parameters of the `investment` contract (templates, agreements).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct InvestmentParams {
    /// Bond an institution posts with a template (default 1,000 FID).
    pub template_bond: Balance,
    /// Deposit a customer pays with a fraud report on a template or a
    /// dispute of an agreement (default 10 FID).
    pub report_deposit: Balance,
    /// Paid from that deposit to the accused (the template's institution,
    /// the agreement's advisor) if the claim is dismissed (default 2 FID).
    pub report_penalty: Balance,
    /// Most a customer receives from the template's compensation pool after
    /// an upheld report (default 100 FID).
    pub template_compensation: Balance,
    /// The Arbiter must rule within this (default 14 days).
    pub ruling_window_ms: u64,
    /// How long after the first upheld template fraud customers may join
    /// its compensation pool (default 45 days, at least
    /// `2 × signing window + cooling-off + ruling window`).
    pub claim_window_ms: u64,
    /// Stake, signing window, cooling-off and agreement-fraud compensation
    /// (defaults 20 %, 7 days, 14 days, 10 %).
    pub agreement: AgreementTerms,
}

impl Default for InvestmentParams {
    fn default() -> Self {
        Self {
            template_bond: 1_000 * FID,
            report_deposit: 10 * FID,
            report_penalty: 2 * FID,
            template_compensation: 100 * FID,
            ruling_window_ms: 14 * DAY,
            claim_window_ms: 45 * DAY,
            agreement: AgreementTerms::default(),
        }
    }
}

impl InvestmentParams {
    /// Checks the parameters: non-zero bond, deposit and compensation,
    /// every window in `1..=MAX_WINDOW_MS`, the claim window at least the
    /// ruling window and at least `2 × signing + cooling-off + ruling`
    /// (agreement disputes are ruled before the pool closes), penalty ≤ report deposit, compensation ≤ bond, stake ≤ 100 %,
    /// agreement-fraud compensation ≤ stake (the stake always covers it).
    pub fn validate(&self) -> Result<(), ParamsError> {
        if self.template_bond == 0 {
            return Err(ParamsError::ZeroBond);
        }
        if self.report_deposit == 0 {
            return Err(ParamsError::ZeroDeposit);
        }
        if self.template_compensation == 0 {
            return Err(ParamsError::ZeroCompensation);
        }
        let t = &self.agreement;
        for ms in [self.ruling_window_ms, self.claim_window_ms, t.signing_window_ms, t.cooling_off_ms] {
            window(ms)?;
        }
        claim_after_ruling(self.claim_window_ms, self.ruling_window_ms)?;
        // Each window ≤ MAX_WINDOW_MS, so the sum cannot overflow a u64.
        let agreements = 2 * t.signing_window_ms + t.cooling_off_ms + self.ruling_window_ms;
        if self.claim_window_ms < agreements {
            return Err(ParamsError::ClaimWindowShorterThanAgreements);
        }
        if self.report_penalty > self.report_deposit {
            return Err(ParamsError::PenaltyAboveDeposit);
        }
        if self.template_compensation > self.template_bond {
            return Err(ParamsError::CompensationAboveBond);
        }
        if t.stake_bps > 10_000 {
            return Err(ParamsError::StakeAbove100Percent);
        }
        if t.compensation_bps > t.stake_bps {
            return Err(ParamsError::CompensationAboveStake);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(AdviceParams::default().validate(), Ok(()));
        assert_eq!(InvestmentParams::default().validate(), Ok(()));
    }

    #[test]
    fn bug_extreme_advice_params_are_refused() {
        let d = AdviceParams::default();
        let refused = |p: AdviceParams| p.validate().unwrap_err();
        assert_eq!(refused(AdviceParams { product_bond: 0, ..d }), ParamsError::ZeroBond);
        assert_eq!(refused(AdviceParams { service_deposit: 0, ..d }), ParamsError::ZeroDeposit);
        assert_eq!(refused(AdviceParams { case_ttl_ms: 0, ..d }), ParamsError::WindowOutOfRange);
        assert_eq!(refused(AdviceParams { revocation_cooldown_ms: u64::MAX, ..d }), ParamsError::WindowOutOfRange);
        assert_eq!(refused(AdviceParams { ruling_window_ms: MAX_WINDOW_MS + 1, ..d }), ParamsError::WindowOutOfRange);
        assert_eq!(refused(AdviceParams { claim_window_ms: u64::MAX, ..d }), ParamsError::WindowOutOfRange);
        assert_eq!(
            refused(AdviceParams { claim_window_ms: d.ruling_window_ms - 1, ..d }),
            ParamsError::ClaimWindowShorterThanRuling
        );
        assert_eq!(
            refused(AdviceParams { report_penalty: d.service_deposit + 1, ..d }),
            ParamsError::PenaltyAboveDeposit
        );
        assert_eq!(refused(AdviceParams { fraud_compensation: Balance::MAX, ..d }), ParamsError::CompensationAboveBond);
        assert_eq!(
            AdviceParams { ruling_window_ms: MAX_WINDOW_MS, claim_window_ms: MAX_WINDOW_MS, ..d }.validate(),
            Ok(())
        );
    }

    #[test]
    fn bug_extreme_investment_params_are_refused() {
        let d = InvestmentParams::default();
        let t = d.agreement;
        let refused = |p: InvestmentParams| p.validate().unwrap_err();
        assert_eq!(refused(InvestmentParams { template_bond: 0, ..d }), ParamsError::ZeroBond);
        assert_eq!(refused(InvestmentParams { report_deposit: 0, ..d }), ParamsError::ZeroDeposit);
        assert_eq!(refused(InvestmentParams { ruling_window_ms: 0, ..d }), ParamsError::WindowOutOfRange);
        assert_eq!(
            refused(InvestmentParams { claim_window_ms: d.ruling_window_ms - 1, ..d }),
            ParamsError::ClaimWindowShorterThanRuling
        );
        let terms = |agreement: AgreementTerms| InvestmentParams { agreement, ..d };
        assert_eq!(refused(terms(AgreementTerms { signing_window_ms: u64::MAX, ..t })), ParamsError::WindowOutOfRange);
        assert_eq!(refused(terms(AgreementTerms { cooling_off_ms: 0, ..t })), ParamsError::WindowOutOfRange);
        assert_eq!(
            refused(InvestmentParams { report_penalty: d.report_deposit + 1, ..d }),
            ParamsError::PenaltyAboveDeposit
        );
        assert_eq!(
            refused(InvestmentParams { template_compensation: d.template_bond + 1, ..d }),
            ParamsError::CompensationAboveBond
        );
        assert_eq!(
            refused(terms(AgreementTerms { stake_bps: 10_001, compensation_bps: 0, ..t })),
            ParamsError::StakeAbove100Percent
        );
        assert_eq!(refused(terms(AgreementTerms { stake_bps: u32::MAX, ..t })), ParamsError::StakeAbove100Percent);
        assert_eq!(
            refused(terms(AgreementTerms { compensation_bps: t.stake_bps + 1, ..t })),
            ParamsError::CompensationAboveStake
        );
        assert_eq!(terms(AgreementTerms { stake_bps: 10_000, compensation_bps: 10_000, ..t }).validate(), Ok(()));
    }

    #[test]
    fn bug_validate_misses_zero_compensation_and_the_agreement_windows() {
        let a = AdviceParams::default();
        assert_eq!(AdviceParams { fraud_compensation: 0, ..a }.validate(), Err(ParamsError::ZeroCompensation));
        assert_eq!(AdviceParams { authorization_deposit: 0, ..a }.validate(), Err(ParamsError::ZeroDeposit));
        let d = InvestmentParams::default();
        let t = d.agreement;
        assert_eq!(InvestmentParams { template_compensation: 0, ..d }.validate(), Err(ParamsError::ZeroCompensation));
        let needed = 2 * t.signing_window_ms + t.cooling_off_ms + d.ruling_window_ms;
        assert_eq!(InvestmentParams { claim_window_ms: needed, ..d }.validate(), Ok(()));
        assert_eq!(
            InvestmentParams { claim_window_ms: needed - 1, ..d }.validate(),
            Err(ParamsError::ClaimWindowShorterThanAgreements)
        );
        let max = AgreementTerms { signing_window_ms: MAX_WINDOW_MS, cooling_off_ms: MAX_WINDOW_MS, ..t };
        let p =
            InvestmentParams { ruling_window_ms: MAX_WINDOW_MS, claim_window_ms: MAX_WINDOW_MS, agreement: max, ..d };
        assert_eq!(p.validate(), Err(ParamsError::ClaimWindowShorterThanAgreements), "no overflow at the extremes");
    }
}
