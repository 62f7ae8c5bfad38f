//! An agreement template an institution releases for a product
//! (docs/protocol/fitm.md#templates), pure: terms (as a hash of the
//! off-chain text) and a bond. Customers may report fraud in it while it
//! is offered; upheld fraud suspends it and
//! turns its bond into a compensation pool. Its institution may withdraw it;
//! the bond comes back when no agreement or report refers to it and the
//! pool's claim window (if any) has ended.
//!
//! ```text
//! Offered ──fraud upheld──▶ Suspended
//!    └──withdraw──▶ Withdrawn ◀──withdraw──┘   (bond withdrawable when nothing refers to it)
//! ```

use super::bond::{Bond, BondError};
use crate::Balance;

/// Where a template stands; the first variant is neutral (bond held, owed to no one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum TemplateStatus {
    /// Agreements may be made over it.
    #[default]
    Offered,
    /// Fraud in it was upheld; no new agreements.
    Suspended,
    /// Its institution withdrew it; no new agreements.
    Withdrawn,
}

/// Why a template operation was refused; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum TemplateError {
    /// Not allowed in the template's current state.
    WrongState,
    /// The terms hash is all zeros.
    EmptyTerms,
    /// The bond refused (wrong amount, still referred to, already withdrawn).
    Bond(BondError),
}

impl core::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::WrongState => f.write_str(
                "the template's state does not allow this (a withdrawn or suspended template takes no agreements)",
            ),
            Self::EmptyTerms => f.write_str("the terms hash must not be all zeros"),
            Self::Bond(e) => write!(f, "the template's bond: {e}"),
        }
    }
}

impl From<BondError> for TemplateError {
    fn from(e: BondError) -> Self {
        Self::Bond(e)
    }
}

/// One template.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Template {
    /// The product it is for.
    pub product: super::ProductId,
    /// Hash of the template's text.
    pub terms_hash: [u8; 32],
    /// Where it stands.
    pub status: TemplateStatus,
    /// The bond; agreements count as its cases.
    pub bond: Bond,
}

impl Template {
    /// Releases a template with exactly the required bond.
    pub fn release(
        product: super::ProductId,
        terms_hash: [u8; 32],
        sent: Balance,
        required: Balance,
    ) -> Result<Self, TemplateError> {
        if terms_hash == [0; 32] {
            return Err(TemplateError::EmptyTerms);
        }
        Ok(Template { product, terms_hash, status: TemplateStatus::Offered, bond: Bond::post(sent, required)? })
    }

    /// A new agreement over it starts (only while offered).
    pub fn agreement_opened(&mut self) -> Result<(), TemplateError> {
        if self.status != TemplateStatus::Offered {
            return Err(TemplateError::WrongState);
        }
        Ok(self.bond.case_opened()?)
    }

    /// A customer may check or report it only while it is offered and no
    /// fraud was upheld: reports on a withdrawn or suspended template would
    /// only hold its bond.
    pub fn accepts_reports(&self) -> Result<(), TemplateError> {
        if self.status != TemplateStatus::Offered {
            return Err(TemplateError::WrongState);
        }
        Ok(self.bond.accepts_reports()?)
    }

    /// An agreement under it may be signed only while it is offered (not
    /// after upheld fraud or withdrawal: the agreement then lapses and
    /// whoever paid is refunded).
    pub fn accepts_signatures(&self) -> Result<(), TemplateError> {
        if self.status != TemplateStatus::Offered {
            Err(TemplateError::WrongState)
        } else {
            Ok(())
        }
    }

    /// Fraud in it was upheld.
    pub fn suspend(&mut self) {
        if self.status == TemplateStatus::Offered {
            self.status = TemplateStatus::Suspended;
        }
    }

    /// Its institution withdraws it from use.
    pub fn withdraw(&mut self) -> Result<(), TemplateError> {
        if self.status == TemplateStatus::Withdrawn {
            return Err(TemplateError::WrongState);
        }
        self.status = TemplateStatus::Withdrawn;
        Ok(())
    }

    /// Its institution takes the bond back once withdrawn, unreferenced and
    /// the claim window (if any) over.
    pub fn withdraw_bond(&mut self, now: super::pool::Timestamp) -> Result<Balance, TemplateError> {
        if self.status != TemplateStatus::Withdrawn {
            return Err(TemplateError::WrongState);
        }
        Ok(self.bond.withdraw(now)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_needs_terms_and_the_exact_bond() {
        assert_eq!(Template::release(0, [0; 32], 5, 5), Err(TemplateError::EmptyTerms));
        assert_eq!(Template::release(0, [1; 32], 4, 5), Err(TemplateError::Bond(BondError::WrongBond)));
        assert_eq!(Template::release(0, [1; 32], 5, 5).map(|t| t.status), Ok(TemplateStatus::Offered));
    }

    #[test]
    fn only_an_offered_template_takes_agreements_and_the_bond_waits_for_them() {
        let mut t = Template::release(0, [1; 32], 5, 5).unwrap();
        t.agreement_opened().unwrap();
        assert_eq!(t.accepts_reports(), Ok(()));
        t.suspend();
        assert_eq!(t.accepts_reports(), Err(TemplateError::WrongState), "no reports on a suspended template");
        assert_eq!(t.agreement_opened(), Err(TemplateError::WrongState));
        assert_eq!(t.withdraw_bond(0), Err(TemplateError::WrongState));
        t.withdraw().unwrap();
        assert_eq!(t.accepts_reports(), Err(TemplateError::WrongState), "nor on a withdrawn one");
        assert_eq!(t.withdraw_bond(0), Err(TemplateError::Bond(BondError::CasesOpen)));
        t.bond.case_closed().unwrap();
        assert_eq!(t.withdraw_bond(0), Ok(5));
        assert_eq!(t.withdraw_bond(0), Err(TemplateError::Bond(BondError::NothingOwed)));
    }

    #[test]
    fn bug_sign_ignores_template_status() {
        let mut t = Template::release(0, [1; 32], 5, 5).unwrap();
        assert_eq!(t.accepts_signatures(), Ok(()));
        t.suspend();
        assert_eq!(t.accepts_signatures(), Err(TemplateError::WrongState), "not after upheld fraud");
        t.withdraw().unwrap();
        assert_eq!(t.accepts_signatures(), Err(TemplateError::WrongState), "nor once withdrawn");
    }
}
