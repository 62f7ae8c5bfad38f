//! Conservation of money over random sequences of messages.

use super::*;

/// After every message, accepted or refused, the contract's balance equals
/// what it owes. Random actors call random messages on a small market:
/// 10,000 sequences of 30 messages.
#[ink::test]
fn random_sequences_conserve_money() {
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let everyone = people();
    let (institutions, advisors, customers) =
        ([account(1), account(5)], [account(2), account(6)], [account(3), account(7)]);
    let mut accepted = [0u32; 16];
    for run in 0..10_000u32 {
        let mut f = Fixture::new(0x1000 + run);
        for (i, a, c) in [(0, 0, 0), (1, 1, 1)].map(|(i, a, c)| (institutions[i], advisors[a], customers[c])) {
            f.registry.grant(i, Role::Institution);
            f.registry.grant(a, Role::Advisor);
            f.registry.grant(c, Role::Customer);
        }
        // A small market to start from: each institution's open product
        // with its advisor authorized, so cases, disputes and pools happen.
        for (i, a) in [(institutions[0], advisors[0]), (institutions[1], advisors[1])] {
            f.authorized(i, a);
        }
        let mut now = 0;
        for _ in 0..30 {
            now += next(400);
            f.at(now);
            let inst = institutions[next(2) as usize];
            let adv = advisors[next(2) as usize];
            let cust = customers[next(2) as usize];
            let anyone = everyone[next(everyone.len() as u64) as usize];
            let product = next(u64::from(f.advice.product_count().max(1))) as ProductId;
            let owner = f.advice.product(product).map_or(inst, |l| l.institution);
            let case = next(f.advice.case_count().max(1));
            let case_customer = f.advice.case(case).map_or(cust, |c| c.customer);
            let before = f.balance(f.contract);
            let op = next(16) as usize;
            let (who, result) = match op {
                0 => (inst, f.paying(inst, PARAMS.product_bond).publish_product().map(|_| ())),
                1 => (owner, f.as_(owner).open_product(product)),
                2 => (adv, f.paying(adv, PARAMS.authorization_deposit).request_authorization(product)),
                3 => (owner, f.as_(owner).authorize(product, adv, BOTH, INFO)),
                4 | 5 => (cust, f.paying(cust, PARAMS.service_deposit).open_case(product, adv).map(|_| ())),
                6 => (
                    case_customer,
                    f.as_(case_customer)
                        .check_product(case, if next(2) == 0 { Verdict::Ok } else { Verdict::Fraud(EVIDENCE) }),
                ),
                7 => (arbiter(), f.as_(arbiter()).rule(case, next(2) == 0, RULING)),
                8 => (anyone, f.as_(anyone).lapse_dispute(case)),
                9 => (case_customer, f.as_(if next(2) == 0 { case_customer } else { anyone }).close_case(case)),
                10 => (owner, f.as_(owner).revoke(product, adv).or_else(|_| f.as_(adv).reclaim_deposit(product))),
                11 => (
                    owner,
                    f.as_(owner).close_product(product).or_else(|_| f.as_(owner).withdraw_bond(product).map(|_| ())),
                ),
                12 => (adv, f.as_(adv).withdraw_request(product)),
                13 => (case_customer, f.as_(case_customer).join_pool(case)),
                14 => (cust, f.as_(cust).claim_compensation(product).map(|_| ())),
                _ => (anyone, f.as_(anyone).claim().map(|_| ())),
            };
            if result.is_err() && f.balance(f.contract) > before {
                f.revert_transfer(who, before);
            }
            accepted[op] += u32::from(result.is_ok());
            f.assert_conserved();
        }
    }
    assert!(accepted.iter().all(|n| *n > 0), "every kind of message succeeded sometimes: {accepted:?}");
}
