//! A financial product's life cycle and bond
//! (docs/protocol/fitm.md#products), pure: an
//! institution publishes it with a bond; attributes and promises may be added
//! only while *Draft*; *Open* freezes them; upheld fraud *Suspends* it and
//! turns its bond into a compensation pool; the institution may *Close* it;
//! the bond comes back only when the product is closed, no case about it is
//! open and the pool's claim window (if any) has ended.
//!
//! ```text
//! Draft ──open──▶ Open ──fraud upheld──▶ Suspended
//!   │               │                        │
//!   └──close──▶ Closed ◀──close──────────────┘   (bond withdrawable: no case open, claim window over)
//! ```

use super::bond::{Bond, BondError};
use crate::Balance;

/// Where a product stands. The first variant is neutral: nothing has been
/// promised to customers (the bond is held, never owed to anyone yet).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum ProductStatus {
    /// Being described; attributes and promises may still be added.
    #[default]
    Draft,
    /// Offered to customers; its description is frozen.
    Open,
    /// Fraud was upheld; no new cases or agreements.
    Suspended,
    /// Withdrawn from the market by its institution.
    Closed,
}

/// Why a product operation was refused; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum ProductError {
    /// Not allowed in the product's current state.
    WrongState,
    /// The bond refused (wrong amount, cases open, already withdrawn).
    Bond(BondError),
    /// Too many attributes or promises.
    Overflow,
}

impl core::fmt::Display for ProductError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::WrongState => f.write_str(
                "the product's state does not allow this (a draft is described, then opened; an open product takes cases; a suspended or closed one takes none)",
            ),
            Self::Bond(e) => write!(f, "the product's bond: {e}"),
            Self::Overflow => f.write_str("the product has as many attributes or promises as it can hold"),
        }
    }
}

impl From<BondError> for ProductError {
    fn from(e: BondError) -> Self {
        Self::Bond(e)
    }
}

/// One product.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Product {
    /// Where it stands.
    pub status: ProductStatus,
    /// The bond (compensation for fraud is taken from it).
    pub bond: Bond,
    /// Attributes recorded (name, risk level, maximum drawdown, …).
    pub attributes: u32,
    /// Promises recorded (commitments such as default clauses).
    pub promises: u32,
}

impl Product {
    /// Publishes a product with exactly the required bond.
    pub fn publish(sent: Balance, required_bond: Balance) -> Result<Product, ProductError> {
        Ok(Product { bond: Bond::post(sent, required_bond)?, ..Default::default() })
    }

    fn in_draft(&self) -> Result<(), ProductError> {
        if self.status == ProductStatus::Draft {
            Ok(())
        } else {
            Err(ProductError::WrongState)
        }
    }

    /// Records an attribute (Draft only); returns its index.
    pub fn add_attribute(&mut self) -> Result<u32, ProductError> {
        self.in_draft()?;
        let index = self.attributes;
        self.attributes = index.checked_add(1).ok_or(ProductError::Overflow)?;
        Ok(index)
    }

    /// Records a promise (Draft only); returns its index.
    pub fn add_promise(&mut self) -> Result<u32, ProductError> {
        self.in_draft()?;
        let index = self.promises;
        self.promises = index.checked_add(1).ok_or(ProductError::Overflow)?;
        Ok(index)
    }

    /// Offers the product; its attributes and promises are frozen.
    pub fn open(&mut self) -> Result<(), ProductError> {
        self.in_draft()?;
        self.status = ProductStatus::Open;
        Ok(())
    }

    /// Whether customers may start cases or agreements on it.
    pub fn is_offered(&self) -> bool {
        self.status == ProductStatus::Open
    }

    /// A case about the product starts (only while it is offered).
    pub fn case_opened(&mut self) -> Result<(), ProductError> {
        if !self.is_offered() {
            return Err(ProductError::WrongState);
        }
        Ok(self.bond.case_opened()?)
    }

    /// Fraud about the product was upheld: no new cases or agreements.
    pub fn suspend(&mut self) {
        if self.status == ProductStatus::Open {
            self.status = ProductStatus::Suspended;
        }
    }

    /// The institution takes the product off the market.
    pub fn close(&mut self) -> Result<(), ProductError> {
        if self.status == ProductStatus::Closed {
            return Err(ProductError::WrongState);
        }
        self.status = ProductStatus::Closed;
        Ok(())
    }

    /// The institution takes its bond back: closed, no case open (disputes
    /// live in cases), the claim window over. With a pool it gets what the
    /// members' shares leave.
    pub fn withdraw_bond(&mut self, now: super::pool::Timestamp) -> Result<Balance, ProductError> {
        if self.status != ProductStatus::Closed {
            return Err(ProductError::WrongState);
        }
        Ok(self.bond.withdraw(now)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_product() -> Product {
        let mut p = Product::publish(500, 500).unwrap();
        p.add_attribute().unwrap();
        p.add_promise().unwrap();
        p.open().unwrap();
        p
    }

    #[test]
    fn publishing_needs_the_exact_bond_and_starts_neutral() {
        assert_eq!(Product::publish(499, 500), Err(ProductError::Bond(BondError::WrongBond)));
        assert_eq!(Product::publish(501, 500), Err(ProductError::Bond(BondError::WrongBond)));
        let p = Product::publish(500, 500).unwrap();
        assert_eq!((p.status, p.bond.held()), (ProductStatus::Draft, 500));
        assert_eq!(ProductStatus::default(), ProductStatus::Draft, "a default product owes no one anything");
    }

    #[test]
    fn opening_freezes_attributes_and_promises() {
        let mut p = open_product();
        let frozen = p;
        assert_eq!(p.add_attribute(), Err(ProductError::WrongState));
        assert_eq!(p.add_promise(), Err(ProductError::WrongState));
        assert_eq!(p.open(), Err(ProductError::WrongState));
        assert_eq!(p, frozen);
    }

    #[test]
    fn suspension_stops_new_cases() {
        let mut p = open_product();
        p.case_opened().unwrap();
        p.suspend();
        assert_eq!(p.status, ProductStatus::Suspended);
        assert_eq!(p.case_opened(), Err(ProductError::WrongState), "no new cases on a suspended product");
        p.close().unwrap();
        p.suspend();
        assert_eq!(p.status, ProductStatus::Closed, "a closed product stays closed");
    }

    #[test]
    fn the_bond_returns_only_when_closed_without_open_cases() {
        let mut p = open_product();
        p.case_opened().unwrap();
        assert_eq!(p.withdraw_bond(0), Err(ProductError::WrongState));
        p.close().unwrap();
        assert_eq!(p.withdraw_bond(0), Err(ProductError::Bond(BondError::CasesOpen)));
        p.bond.case_closed().unwrap();
        assert_eq!(p.withdraw_bond(0), Ok(500));
        assert_eq!(p.withdraw_bond(0), Err(ProductError::Bond(BondError::NothingOwed)), "not twice");
    }
}
