//! The errors the FITM contracts return. Each wraps the pure state
//! machines' refusals, so a caller learns exactly which rule it broke;
//! a refused message changes nothing.

use super::{
    agreement::AgreementError, authorization::AuthorizationError, bond::BondError, case::CaseError,
    dispute::DisputeError, params::ParamsError, parties::PartyError, pool::PoolError, product::ProductError,
    template::TemplateError,
};
use fiducia_registry_api::AccessError;

/// Why an `advice` message was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum AdviceError {
    /// The registry refused: the caller lacks the role.
    Access(AccessError),
    /// The product's state or bond forbids it.
    Product(ProductError),
    /// The advisor's authorization forbids it.
    Authorization(AuthorizationError),
    /// The service case forbids it.
    Case(CaseError),
    /// The dispute forbids it.
    Dispute(DisputeError),
    /// The bond refused (cases open, claim window not over, …).
    Bond(BondError),
    /// The compensation pool refused (none, closed, joined or claimed already, not eligible).
    Pool(PoolError),
    /// The parties would deal with or judge themselves, or a counterparty's
    /// license lapsed.
    Parties(PartyError),
    /// The constructor's parameters are out of range.
    Params(ParamsError),
    /// No product has this id.
    UnknownProduct,
    /// The advisor has no authorization record for this product.
    UnknownAuthorization,
    /// No case has this id.
    UnknownCase,
    /// The case has no dispute.
    UnknownDispute,
    /// Only the product's institution may do this.
    NotInstitution,
    /// Only the case's customer may do this.
    NotCustomer,
    /// An attribute or promise is empty or longer than allowed.
    BadText,
    /// The message takes no value (or a different one).
    UnexpectedValue,
    /// The caller is owed nothing.
    NothingOwed,
    /// The chain refused the payout transfer.
    TransferFailed,
    /// A counter or balance would overflow.
    Overflow,
}

/// Why an `investment` message was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum InvestmentError {
    /// The registry refused: the caller lacks the role.
    Access(AccessError),
    /// The advice contract refused the cross-contract check (case, rights,
    /// product state) with this reason.
    Advice(AdviceError),
    /// The advice contract could not be asked (not deployed, out of gas).
    AdviceUnreachable,
    /// The template's state or bond forbids it.
    Template(TemplateError),
    /// The agreement's state, deadlines or amounts forbid it.
    Agreement(AgreementError),
    /// The dispute forbids it.
    Dispute(DisputeError),
    /// The bond refused (cases open, claim window not over, …).
    Bond(BondError),
    /// The compensation pool refused (none, closed, joined or claimed already, not eligible).
    Pool(PoolError),
    /// The parties would deal with or judge themselves, or a counterparty's
    /// license lapsed.
    Parties(PartyError),
    /// The constructor's parameters are out of range.
    Params(ParamsError),
    /// No template has this id.
    UnknownTemplate,
    /// No agreement has this id.
    UnknownAgreement,
    /// No dispute has this id.
    UnknownDispute,
    /// Only the product's institution may do this.
    NotInstitution,
    /// Only the case's customer may do this.
    NotCustomer,
    /// Only the case's advisor may do this.
    NotAdvisor,
    /// The template is for another product than the case.
    WrongProduct,
    /// This case already checked this template.
    AlreadyChecked,
    /// The value sent is not what the message requires.
    WrongValue,
    /// The caller is owed nothing.
    NothingOwed,
    /// The chain refused the payout transfer.
    TransferFailed,
    /// A counter or balance would overflow.
    Overflow,
}

macro_rules! wraps {
    ($outer:ident: $($inner:ident => $variant:ident),* $(,)?) => {
        $(impl From<$inner> for $outer {
            fn from(e: $inner) -> Self {
                Self::$variant(e)
            }
        })*
    };
}

wraps!(AdviceError: AccessError => Access, ProductError => Product, AuthorizationError => Authorization,
    CaseError => Case, DisputeError => Dispute, BondError => Bond, PoolError => Pool, PartyError => Parties,
    ParamsError => Params);
wraps!(InvestmentError: AccessError => Access, AdviceError => Advice, TemplateError => Template,
    AgreementError => Agreement, DisputeError => Dispute, BondError => Bond, PoolError => Pool,
    PartyError => Parties, ParamsError => Params);

impl core::fmt::Display for AdviceError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Access(e) => write!(f, "{e}"),
            Self::Product(e) => write!(f, "{e}"),
            Self::Authorization(e) => write!(f, "the advisor's authorization: {e}"),
            Self::Case(e) => write!(f, "{e}"),
            Self::Dispute(e) => write!(f, "the dispute: {e}"),
            Self::Bond(e) => write!(f, "the bond: {e}"),
            Self::Pool(e) => write!(f, "the compensation pool: {e}"),
            Self::Parties(e) => write!(f, "{e}"),
            Self::Params(e) => write!(f, "the parameters: {e}"),
            Self::UnknownProduct => f.write_str("no such product"),
            Self::UnknownAuthorization => f.write_str("the advisor never requested authorization for this product"),
            Self::UnknownCase => f.write_str("no such service case"),
            Self::UnknownDispute => f.write_str("the case has no dispute"),
            Self::NotInstitution => f.write_str("only the product's institution may do this"),
            Self::NotCustomer => f.write_str("only the case's customer may do this"),
            Self::BadText => f.write_str("the text is empty or too long"),
            Self::UnexpectedValue => f.write_str("this message takes no value"),
            Self::NothingOwed => f.write_str("nothing is owed to the caller"),
            Self::TransferFailed => f.write_str("the payout transfer failed"),
            Self::Overflow => f.write_str("a counter or balance would overflow"),
        }
    }
}

impl core::fmt::Display for InvestmentError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Access(e) => write!(f, "{e}"),
            Self::Advice(e) => write!(f, "the advice contract refused the case: {e}"),
            Self::AdviceUnreachable => f.write_str("the advice contract could not be called"),
            Self::Template(e) => write!(f, "{e}"),
            Self::Agreement(e) => write!(f, "{e}"),
            Self::Dispute(e) => write!(f, "the dispute: {e}"),
            Self::Bond(e) => write!(f, "the bond: {e}"),
            Self::Pool(e) => write!(f, "the compensation pool: {e}"),
            Self::Parties(e) => write!(f, "{e}"),
            Self::Params(e) => write!(f, "the parameters: {e}"),
            Self::UnknownTemplate => f.write_str("no such template"),
            Self::UnknownAgreement => f.write_str("no such agreement"),
            Self::UnknownDispute => f.write_str("no such dispute"),
            Self::NotInstitution => f.write_str("only the product's institution may do this"),
            Self::NotCustomer => f.write_str("only the case's customer may do this"),
            Self::NotAdvisor => f.write_str("only the case's advisor may do this"),
            Self::WrongProduct => f.write_str("the template is for another product than the case"),
            Self::AlreadyChecked => f.write_str("this case already checked this template"),
            Self::WrongValue => f.write_str("the value sent is not what the message requires"),
            Self::NothingOwed => f.write_str("nothing is owed to the caller"),
            Self::TransferFailed => f.write_str("the payout transfer failed"),
            Self::Overflow => f.write_str("a counter or balance would overflow"),
        }
    }
}
