//! The permission matrix: every message against every role.

use super::*;
use fiducia_testkit::permission_matrix::{self, Gate, Row};

impl permission_matrix::Fixture for Fixture {
    type Error = Error;
    fn fresh(seed: u32) -> Self {
        Fixture::new(seed)
    }
    fn snapshot(&self, _: u64, who: AccountId) -> impl PartialEq + core::fmt::Debug + use<> {
        self.snapshot(who)
    }
    fn assert_conserved(&self) {
        self.assert_conserved()
    }
}

/// `actor` is the institution of an open product (returns the product id).
fn actor_product(f: &mut Fixture, actor: AccountId) -> u64 {
    f.registry.grant(actor, Role::Institution);
    let (p, _) = f.case_with(actor, advisor(), customer());
    p.into()
}

/// `actor` released template 0 for its product.
fn actor_template(f: &mut Fixture, actor: AccountId) -> u64 {
    let p = actor_product(f, actor);
    f.paying(actor, PARAMS.template_bond).release_template(p as ProductId, TERMS).unwrap().into()
}

/// `actor` is the customer of a case on a product with a template (returns the case).
fn actor_customer(f: &mut Fixture, actor: AccountId) -> u64 {
    f.registry.grant(actor, Role::Customer);
    let (p, c) = f.case_with(institution(), advisor(), actor);
    f.paying(institution(), PARAMS.template_bond).release_template(p, TERMS).unwrap();
    c
}

/// `actor` is the advisor of a case with a template (returns the case).
fn actor_advisor(f: &mut Fixture, actor: AccountId) -> u64 {
    f.registry.grant(actor, Role::Advisor);
    let (p, c) = f.case_with(institution(), actor, customer());
    f.paying(institution(), PARAMS.template_bond).release_template(p, TERMS).unwrap();
    c
}

fn sign_as(f: &mut Fixture, who: AccountId, id: u64, value: Balance) -> Result<(), Error> {
    let h = f.terms_of(id);
    f.paying(who, value).sign(id, h)
}

const MATRIX: &[Row<Fixture>] = &[
    Row {
        message: "release_template",
        gate: Gate::Role(Role::Institution),
        prepare: actor_product,
        call: |f, who, p| f.paying(who, PARAMS.template_bond).release_template(p as ProductId, TERMS).map(|_| ()),
    },
    Row {
        message: "withdraw_template",
        gate: Gate::Anyone,
        prepare: actor_template,
        call: |f, who, t| f.as_(who).withdraw_template(t as TemplateId),
    },
    Row {
        message: "withdraw_template_bond",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let t = actor_template(f, actor);
            f.as_(actor).withdraw_template(t as TemplateId).unwrap();
            t
        },
        call: |f, who, t| f.as_(who).withdraw_template_bond(t as TemplateId).map(|_| ()),
    },
    Row {
        message: "check_template",
        gate: Gate::Role(Role::Customer),
        prepare: actor_customer,
        call: |f, who, c| f.paying(who, PARAMS.report_deposit).check_template(c, 0, Verdict::Fraud(EVIDENCE)),
    },
    Row {
        message: "propose",
        gate: Gate::Role(Role::Advisor),
        prepare: actor_advisor,
        call: |f, who, c| f.as_(who).propose(c, 0, AMOUNT).map(|_| ()),
    },
    Row {
        message: "sign (customer)",
        gate: Gate::Role(Role::Customer),
        prepare: |f, actor| {
            let c = actor_customer(f, actor);
            f.as_(advisor()).propose(c, 0, AMOUNT).unwrap()
        },
        call: |f, who, id| sign_as(f, who, id, AMOUNT),
    },
    Row {
        message: "sign (advisor)",
        gate: Gate::Role(Role::Advisor),
        prepare: |f, actor| {
            let c = actor_advisor(f, actor);
            f.as_(actor).propose(c, 0, AMOUNT).unwrap()
        },
        call: |f, who, id| sign_as(f, who, id, STAKE),
    },
    Row {
        message: "dispute_agreement",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let c = actor_customer(f, actor);
            let id = f.as_(advisor()).propose(c, 0, AMOUNT).unwrap();
            sign_as(f, actor, id, AMOUNT).unwrap();
            sign_as(f, advisor(), id, STAKE).unwrap();
            id
        },
        call: |f, who, id| f.paying(who, PARAMS.report_deposit).dispute_agreement(id, EVIDENCE).map(|_| ()),
    },
    Row {
        message: "rule",
        gate: Gate::Role(Role::Arbiter),
        prepare: |f, _| {
            let id = f.signed();
            f.dispute(id).unwrap()
        },
        call: |f, who, d| f.as_(who).rule(d, true, RULING),
    },
    Row {
        message: "lapse_dispute",
        gate: Gate::Anyone,
        prepare: |f, _| {
            let id = f.signed();
            let d = f.dispute(id).unwrap();
            f.at(5_000);
            d
        },
        call: |f, who, d| f.as_(who).lapse_dispute(d),
    },
    Row {
        message: "settle",
        gate: Gate::Anyone,
        prepare: |f, _| {
            let id = f.signed();
            f.at(5_000);
            id
        },
        call: |f, who, id| f.as_(who).settle(id),
    },
    Row {
        message: "lapse_agreement",
        gate: Gate::Anyone,
        prepare: |f, _| {
            let id = f.proposed();
            f.at(5_000);
            id
        },
        call: |f, who, id| f.as_(who).lapse_agreement(id),
    },
    Row {
        message: "join_pool",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            f.at(0);
            let c = actor_customer(f, actor);
            f.as_(actor).check_template(c, 0, Verdict::Ok).unwrap();
            let victim = f.advice(customer(), ADVICE_PARAMS.service_deposit, |a| a.open_case(0, advisor())).unwrap();
            f.at(1)
                .paying(customer(), PARAMS.report_deposit)
                .check_template(victim, 0, Verdict::Fraud(EVIDENCE))
                .unwrap();
            f.as_(arbiter()).rule(0, true, RULING).unwrap();
            c
        },
        call: |f, who, c| f.as_(who).join_pool(0, c),
    },
    Row {
        message: "claim_compensation",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let c = actor_customer(f, actor);
            f.paying(actor, PARAMS.report_deposit).check_template(c, 0, Verdict::Fraud(EVIDENCE)).unwrap();
            f.as_(arbiter()).rule(0, true, RULING).unwrap();
            f.at(5_000);
            0
        },
        call: |f, who, t| f.as_(who).claim_compensation(t as TemplateId).map(|_| ()),
    },
    Row {
        message: "claim",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let c = actor_customer(f, actor);
            let id = f.as_(advisor()).propose(c, 0, AMOUNT).unwrap();
            sign_as(f, actor, id, AMOUNT).unwrap();
            f.at(5_000).as_(account(9)).lapse_agreement(id).unwrap();
            id
        },
        call: |f, who, _| f.as_(who).claim().map(|_| ()),
    },
];

#[ink::test]
fn permission_matrix() {
    permission_matrix::check(MATRIX, account(8), 0x10);
}
