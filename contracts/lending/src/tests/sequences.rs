//! Conservation of money over random sequences of messages.

use super::*;

/// Conservation over many random operation sequences on the contract itself
/// (the logic crate's property test covers 10,000 sequences of the ledger):
/// after every message, accepted or refused, the contract's balance equals
/// what its loans owe.
#[ink::test]
fn random_sequences_conserve_money() {
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let people: Vec<AccountId> = (3..=8).map(account).collect();
    for run in 0..60u8 {
        let mut f = Fixture::new(0x40 + run);
        for who in &people {
            f.grant(*who, Role::Investor);
        }
        let id = f.listed();
        let mut now = 0;
        for _ in 0..40 {
            now += next(1_500);
            let who = people[next(people.len() as u64) as usize];
            let amount = (next(400) as Balance + 1) * FID;
            let before = f.balance(f.contract);
            let (payer, result) = match next(8) {
                0 | 1 => (who, f.at(now).paying(who, amount).invest(id)),
                2 => (who, f.at(now).as_(who).withdraw(id, amount)),
                3 => (who, f.at(now).as_(who).expire(id)),
                4 => (who, f.at(now).as_(admin()).activate(id)),
                5 => (borrower(), f.at(now).paying(borrower(), amount).repay(id)),
                6 => (who, f.at(now).as_(who).claim(id).map(|_| ())),
                _ => (who, f.at(now).as_(who).refund(id).or_else(|_| f.as_(who).mark_default(id))),
            };
            if result.is_err() && f.balance(f.contract) > before {
                // A refused payable call: the chain would revert the transfer.
                f.revert_transfer(payer, before);
            }
            if f.lending.loan(id).is_some_and(|l| l.status() == LoanStatus::Activated) && next(4) == 0 {
                let _ = f.disburse_as(borrower(), id);
            }
            f.assert_conserved();
        }
    }
}
