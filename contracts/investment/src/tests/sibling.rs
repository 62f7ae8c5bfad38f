//! The advice contract the investment contract reads from, kept where the
//! contract's `#[cfg(test)]` read can reach it (`crate::tests::sibling`).

use super::*;
use fiducia_core::trust::{product::ProductStatus, CaseView};
use fiducia_interfaces::advice::AdviceView;
use std::cell::RefCell;

thread_local! {
    static ADVICE: RefCell<Option<(AccountId, Advice)>> = const { RefCell::new(None) };
}

/// Deploys a fresh advice contract at `at` (an account never used before,
/// so it starts with empty storage).
pub fn deploy(at: AccountId, params: AdviceParams) {
    set_balance(at, 0);
    ADVICE.with(|cell| *cell.borrow_mut() = Some((at, Advice::new(params).expect("valid advice params"))));
}

/// Runs `f` on the advice contract, as its callee, then switches back.
pub fn with<R>(f: impl FnOnce(&mut Advice) -> R) -> R {
    let outer = callee();
    ADVICE.with(|cell| {
        let mut cell = cell.borrow_mut();
        let (at, advice) = cell.as_mut().expect("advice deployed");
        set_callee(*at);
        let result = f(advice);
        set_callee(outer);
        result
    })
}

fn deployed_at() -> Option<AccountId> {
    ADVICE.with(|cell| cell.borrow().as_ref().map(|(at, _)| *at))
}

/// `advice::case_view`, as the cross-contract read returns it.
pub fn case_view(at: AccountId, case: CaseId) -> Option<CaseView<AccountId>> {
    assert_eq!(Some(at), deployed_at(), "the contract asks the advice contract it was built with");
    with(|a| a.case_view(case))
}

/// `advice::product_owner`, as the cross-contract read returns it.
pub fn product_owner(at: AccountId, product: ProductId) -> Option<(AccountId, ProductStatus)> {
    assert_eq!(Some(at), deployed_at());
    with(|a| a.product_owner(product))
}
