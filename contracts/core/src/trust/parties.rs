//! Who deals with whom and who judges whom (issue 11, items 5 and 9), pure.
//! A case or agreement needs three distinct parties — customer, advisor,
//! institution — and the Arbiter may not rule on a dispute in which it is
//! claimant, accused, or the case's customer, advisor or institution. One
//! account may still hold several licenses; it just cannot sit on two sides
//! of the same case. The contracts also recheck the counterparties' current
//! licenses with the registry and report a lapsed one with its own variant.

/// Why the parties of a case, agreement or ruling were refused; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum PartyError {
    /// The customer would be its own advisor.
    CustomerIsAdvisor,
    /// The customer would buy from itself.
    CustomerIsInstitution,
    /// The advisor would be its own institution.
    AdvisorIsInstitution,
    /// The Arbiter would rule on a dispute in which it is a party.
    ArbiterIsParty,
    /// The advisor no longer holds a current Advisor license.
    AdvisorUnlicensed,
    /// The institution no longer holds a current Institution license.
    InstitutionUnlicensed,
    /// The account ruled as Arbiter on a dispute about this product or
    /// template: it may not share its compensation pool (nor may a member
    /// of the pool rule on it).
    ArbiterRuledOnIt,
}

impl core::fmt::Display for PartyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::CustomerIsAdvisor => "the customer cannot be its own advisor",
            Self::CustomerIsInstitution => "the customer cannot be the product's institution",
            Self::AdvisorIsInstitution => "the advisor cannot be the product's institution",
            Self::ArbiterIsParty => "the arbiter cannot rule on a dispute it is a party to",
            Self::AdvisorUnlicensed => "the advisor's license was revoked",
            Self::InstitutionUnlicensed => "the institution's license was revoked",
            Self::ArbiterRuledOnIt => "an arbiter of this product or template cannot share its compensation pool",
        })
    }
}

/// The three parties of a service case, and of every agreement and dispute in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Parties<AccountId> {
    /// The customer.
    pub customer: AccountId,
    /// The advisor.
    pub advisor: AccountId,
    /// The product's institution.
    pub institution: AccountId,
}

/// An advisor may not be authorized by itself as institution.
pub fn advisor_not_institution<A: PartialEq>(advisor: &A, institution: &A) -> Result<(), PartyError> {
    if advisor == institution {
        Err(PartyError::AdvisorIsInstitution)
    } else {
        Ok(())
    }
}

impl<AccountId: PartialEq> Parties<AccountId> {
    /// The three are distinct accounts.
    pub fn check_distinct(&self) -> Result<(), PartyError> {
        if self.customer == self.advisor {
            return Err(PartyError::CustomerIsAdvisor);
        }
        if self.customer == self.institution {
            return Err(PartyError::CustomerIsInstitution);
        }
        advisor_not_institution(&self.advisor, &self.institution)
    }

    /// `arbiter` is none of them (claimant and accused are always among them).
    pub fn check_arbiter(&self, arbiter: &AccountId) -> Result<(), PartyError> {
        if *arbiter == self.customer || *arbiter == self.advisor || *arbiter == self.institution {
            return Err(PartyError::ArbiterIsParty);
        }
        Ok(())
    }
}

/// An account that ruled on a dispute about a product or template
/// (`ruled`) may not join or claim from its compensation pool.
pub fn not_its_arbiter(ruled: bool) -> Result<(), PartyError> {
    if ruled {
        Err(PartyError::ArbiterRuledOnIt)
    } else {
        Ok(())
    }
}

/// An Arbiter who is a member of the product's or template's compensation
/// pool (`member`) may not rule on a dispute about it.
pub fn arbiter_not_member(member: bool) -> Result<(), PartyError> {
    if member {
        Err(PartyError::ArbiterRuledOnIt)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_self_dealing_has_its_own_error() {
        let ok = Parties { customer: 1u8, advisor: 2, institution: 3 };
        assert_eq!(ok.check_distinct(), Ok(()));
        assert_eq!(Parties { advisor: 1, ..ok }.check_distinct(), Err(PartyError::CustomerIsAdvisor));
        assert_eq!(Parties { institution: 1, ..ok }.check_distinct(), Err(PartyError::CustomerIsInstitution));
        assert_eq!(Parties { institution: 2, ..ok }.check_distinct(), Err(PartyError::AdvisorIsInstitution));
        assert_eq!(advisor_not_institution(&4u8, &4), Err(PartyError::AdvisorIsInstitution));
    }

    #[test]
    fn the_arbiter_judges_no_party() {
        let p = Parties { customer: 1u8, advisor: 2, institution: 3 };
        for party in [1, 2, 3] {
            assert_eq!(p.check_arbiter(&party), Err(PartyError::ArbiterIsParty));
        }
        assert_eq!(p.check_arbiter(&4), Ok(()));
    }

    #[test]
    fn bug_arbiter_profits_from_its_own_fraud_ruling() {
        assert_eq!(not_its_arbiter(true), Err(PartyError::ArbiterRuledOnIt));
        assert_eq!(not_its_arbiter(false), Ok(()));
        assert_eq!(arbiter_not_member(true), Err(PartyError::ArbiterRuledOnIt));
        assert_eq!(arbiter_not_member(false), Ok(()));
    }
}
