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

fn actor_owns_draft(f: &mut Fixture, actor: AccountId) -> u64 {
    f.registry.grant(actor, Role::Institution);
    f.paying(actor, PARAMS.product_bond).publish_product().unwrap().into()
}

fn actor_requested(f: &mut Fixture, actor: AccountId) -> u64 {
    let p = f.open_by(institution());
    f.registry.grant(actor, Role::Advisor);
    f.paying(actor, PARAMS.authorization_deposit).request_authorization(p).unwrap();
    p.into()
}

fn actor_case(f: &mut Fixture, actor: AccountId) -> u64 {
    let p = f.authorized(institution(), advisor());
    f.registry.grant(actor, Role::Customer);
    f.paying(actor, PARAMS.service_deposit).open_case(p, advisor()).unwrap()
}

fn pid(id: u64) -> ProductId {
    id as ProductId
}

const MATRIX: &[Row<Fixture>] = &[
    Row {
        message: "publish_product",
        gate: Gate::Role(Role::Institution),
        prepare: |_, _| 0,
        call: |f, who, _| f.paying(who, PARAMS.product_bond).publish_product().map(|_| ()),
    },
    Row {
        message: "add_attribute",
        gate: Gate::Role(Role::Institution),
        prepare: actor_owns_draft,
        call: |f, who, id| f.as_(who).add_attribute(pid(id), "k".into(), "v".into()).map(|_| ()),
    },
    Row {
        message: "add_promise",
        gate: Gate::Role(Role::Institution),
        prepare: actor_owns_draft,
        call: |f, who, id| f.as_(who).add_promise(pid(id), "p".into()).map(|_| ()),
    },
    Row {
        message: "open_product",
        gate: Gate::Role(Role::Institution),
        prepare: actor_owns_draft,
        call: |f, who, id| f.as_(who).open_product(pid(id)),
    },
    Row {
        message: "close_product",
        gate: Gate::Anyone,
        prepare: actor_owns_draft,
        call: |f, who, id| f.as_(who).close_product(pid(id)),
    },
    Row {
        message: "authorize",
        gate: Gate::Role(Role::Institution),
        prepare: |f, actor| {
            let p = actor_owns_draft(f, actor);
            f.paying(advisor(), PARAMS.authorization_deposit).request_authorization(pid(p)).unwrap();
            p
        },
        call: |f, who, id| f.as_(who).authorize(pid(id), advisor(), BOTH, INFO),
    },
    Row {
        message: "withdraw_bond",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let p = actor_owns_draft(f, actor);
            f.as_(actor).close_product(pid(p)).unwrap();
            p
        },
        call: |f, who, id| f.as_(who).withdraw_bond(pid(id)).map(|_| ()),
    },
    Row {
        message: "request_authorization",
        gate: Gate::Role(Role::Advisor),
        prepare: |f, _| f.open_by(institution()).into(),
        call: |f, who, id| f.paying(who, PARAMS.authorization_deposit).request_authorization(pid(id)),
    },
    Row {
        message: "withdraw_request",
        gate: Gate::Anyone,
        prepare: actor_requested,
        call: |f, who, id| f.as_(who).withdraw_request(pid(id)),
    },
    Row {
        message: "revoke (by the advisor)",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let p = actor_requested(f, actor);
            f.as_(institution()).authorize(pid(p), actor, BOTH, INFO).unwrap();
            p
        },
        call: |f, who, id| f.as_(who).revoke(pid(id), who),
    },
    Row {
        message: "reclaim_deposit",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let p = actor_requested(f, actor);
            f.as_(institution()).authorize(pid(p), actor, BOTH, INFO).unwrap();
            f.as_(institution()).revoke(pid(p), actor).unwrap();
            f.at(1_000);
            p
        },
        call: |f, who, id| f.as_(who).reclaim_deposit(pid(id)),
    },
    Row {
        message: "open_case",
        gate: Gate::Role(Role::Customer),
        prepare: |f, _| f.authorized(institution(), advisor()).into(),
        call: |f, who, id| f.paying(who, PARAMS.service_deposit).open_case(pid(id), advisor()).map(|_| ()),
    },
    Row {
        message: "check_product",
        gate: Gate::Role(Role::Customer),
        prepare: actor_case,
        call: |f, who, id| f.as_(who).check_product(id, Verdict::Fraud(EVIDENCE)),
    },
    Row {
        message: "rule",
        gate: Gate::Role(Role::Arbiter),
        prepare: |f, _| f.disputed_by(customer()),
        call: |f, who, id| f.as_(who).rule(id, true, RULING),
    },
    Row {
        message: "lapse_dispute",
        gate: Gate::Anyone,
        prepare: |f, _| {
            let c = f.disputed_by(customer());
            f.at(5_000);
            c
        },
        call: |f, who, id| f.as_(who).lapse_dispute(id),
    },
    Row {
        message: "close_case",
        gate: Gate::Anyone,
        prepare: actor_case,
        call: |f, who, id| f.as_(who).close_case(id),
    },
    Row {
        message: "join_pool",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            f.at(0);
            let c = actor_case(f, actor);
            let victim = f.paying(customer(), PARAMS.service_deposit).open_case(0, advisor()).unwrap();
            f.at(1).as_(customer()).check_product(victim, Verdict::Fraud(EVIDENCE)).unwrap();
            f.as_(arbiter()).rule(victim, true, RULING).unwrap();
            c
        },
        call: |f, who, c| f.as_(who).join_pool(c),
    },
    Row {
        message: "claim_compensation",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let c = actor_case(f, actor);
            f.as_(actor).check_product(c, Verdict::Fraud(EVIDENCE)).unwrap();
            f.as_(arbiter()).rule(c, true, RULING).unwrap();
            f.at(5_000);
            0
        },
        call: |f, who, p| f.as_(who).claim_compensation(pid(p)).map(|_| ()),
    },
    Row {
        message: "claim",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let c = actor_case(f, actor);
            f.as_(actor).close_case(c).unwrap();
            c
        },
        call: |f, who, _| f.as_(who).claim().map(|_| ()),
    },
];

#[ink::test]
fn permission_matrix() {
    permission_matrix::check(MATRIX, account(8), 0x10);
}
