//! Who may call what: the second factor binds action, arguments and nonce;
//! the permission matrix checks every message against every role.

use super::*;
use fiducia_testkit::permission_matrix::{self, Gate, Row};

#[ink::test]
fn second_factor_binds_action_arguments_and_nonce() {
    let mut f = Fixture::new(0xC0);
    let args = (PRINCIPAL, 12u16, Purpose::Tuition, PROFILE, COMMITMENT);
    let good = f.assertion(borrower(), APPLY_ACTION, &args);
    let apply = |f: &mut Fixture, amount, assertion| {
        f.as_(borrower()).apply(amount, 12, Purpose::Tuition, PROFILE, COMMITMENT, assertion)
    };
    let refused = |e| Err(Error::Access(AccessError::SecondFactor(e)));
    // Signed for other arguments, another action, or with no signature.
    assert_eq!(apply(&mut f, PRINCIPAL + 1, good.clone()), refused(SecondFactorError::WrongChallenge));
    let other_action = f.assertion(borrower(), DISBURSE_ACTION, &args);
    assert_eq!(apply(&mut f, PRINCIPAL, other_action), refused(SecondFactorError::WrongChallenge));
    let unsigned = Assertion { signature: vec![], ..good.clone() };
    assert_eq!(apply(&mut f, PRINCIPAL, unsigned), refused(SecondFactorError::BadSignature));
    assert_eq!((f.lending.loan_count(), f.lending.nonce(borrower())), (0, 0), "refusals change nothing");
    // The right one is accepted once; the nonce moves, so replaying it fails.
    assert_eq!(apply(&mut f, PRINCIPAL, good.clone()), Ok(0));
    assert_eq!(apply(&mut f, PRINCIPAL, good), refused(SecondFactorError::WrongChallenge));
    assert_eq!(f.lending.loan_count(), 1);
}

impl permission_matrix::Fixture for Fixture {
    type Error = Error;
    fn fresh(seed: u32) -> Self {
        Fixture::new(u8::try_from(seed).expect("fewer than 256 fixtures"))
    }
    fn snapshot(&self, id: u64, who: AccountId) -> impl PartialEq + core::fmt::Debug + use<> {
        self.snapshot(id, who)
    }
    fn assert_conserved(&self) {
        self.assert_conserved()
    }
}

/// `actor` invests in a fresh listing (with a temporary Investor license).
fn actor_invested(f: &mut Fixture, actor: AccountId) -> LoanId {
    let id = f.listed();
    f.grant(actor, Role::Investor);
    f.paying(actor, PRINCIPAL / 2).invest(id).unwrap();
    id
}

const MATRIX: &[Row<Fixture>] = &[
    Row {
        message: "apply",
        gate: Gate::Role(Role::Borrower),
        prepare: |f, _| f.lending.loan_count(),
        call: |f, who, _| f.apply_as(who, PRINCIPAL, 12).map(|_| ()),
    },
    Row {
        message: "approve",
        gate: Gate::Role(Role::Administrator),
        prepare: |f, _| f.applied(),
        call: |f, who, id| f.as_(who).approve(id),
    },
    Row {
        message: "reject",
        gate: Gate::Role(Role::Administrator),
        prepare: |f, _| f.applied(),
        call: |f, who, id| f.as_(who).reject(id),
    },
    Row {
        message: "activate",
        gate: Gate::Role(Role::Administrator),
        prepare: |f, _| f.funded(),
        call: |f, who, id| f.as_(who).activate(id),
    },
    Row {
        message: "invest",
        gate: Gate::Role(Role::Investor),
        prepare: |f, _| f.listed(),
        call: |f, who, id| f.paying(who, 10 * FID).invest(id),
    },
    Row {
        message: "withdraw",
        gate: Gate::Anyone,
        prepare: actor_invested,
        call: |f, who, id| f.as_(who).withdraw(id, PRINCIPAL / 2),
    },
    Row {
        message: "refund",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let id = actor_invested(f, actor);
            f.at(20_000).as_(admin()).expire(id).unwrap();
            id
        },
        call: |f, who, id| f.as_(who).refund(id),
    },
    Row {
        message: "claim",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let id = actor_invested(f, actor);
            f.paying(investors()[0], PRINCIPAL / 2).invest(id).unwrap();
            f.as_(admin()).activate(id).unwrap();
            f.disburse_as(borrower(), id).unwrap();
            f.at(1_000).paying(borrower(), 50 * FID).repay(id).unwrap();
            id
        },
        call: |f, who, id| f.as_(who).claim(id).map(|_| ()),
    },
    Row {
        message: "disburse",
        gate: Gate::Role(Role::Borrower),
        prepare: |f, actor| {
            f.grant(actor, Role::Borrower);
            let id = f.apply_as(actor, PRINCIPAL, 12).unwrap();
            f.as_(admin()).approve(id).unwrap();
            f.paying(investors()[0], PRINCIPAL).invest(id).unwrap();
            f.as_(admin()).activate(id).unwrap();
            id
        },
        call: |f, who, id| f.disburse_as(who, id),
    },
    Row {
        message: "repay",
        gate: Gate::Anyone,
        prepare: |f, _| f.active(),
        call: |f, who, id| f.at(1_000).paying(who, 100 * FID).repay(id),
    },
    Row {
        message: "pay_off",
        gate: Gate::Anyone,
        prepare: |f, _| f.active(),
        call: |f, who, id| f.at(1_000).paying(who, 2 * PRINCIPAL).pay_off(id).map(|_| ()),
    },
    Row {
        message: "expire",
        gate: Gate::Anyone,
        prepare: |f, _| f.listed(),
        call: |f, who, id| f.at(10_001).as_(who).expire(id),
    },
    Row {
        message: "mark_default",
        gate: Gate::Anyone,
        prepare: |f, _| f.active(),
        call: |f, who, id| f.at(4_000).as_(who).mark_default(id),
    },
];

/// Every message × every role (and no role at all): a gated message accepts
/// exactly its role and refuses every other with `MissingRole`, changing
/// nothing; an open message accepts everyone.
#[ink::test]
fn permission_matrix() {
    permission_matrix::check(MATRIX, account(6), 0x10);
}
