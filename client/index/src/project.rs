//! How events become rows: each event updates the projection tables
//! (`docs/indexer.md#tables`) inside its block's transaction. The index
//! mirrors what the events say; balances that change without an event
//! (interest accruing, what is claimable now) are read from the contract.

use crate::{
    store::{int, Block, Event},
    stored_amount, Error,
};
use fiducia_client::{advice::AdviceEvent, contract::account, investment::InvestmentEvent, lending::LendingEvent};
use fiducia_core::trust::{authorization::Rights, dispute::DisputeStatus};
use sqlx::{Any, Row, Transaction};

type Tx<'a> = Transaction<'a, Any>;

/// The ids an event is about, for the `events` table's lookup columns.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ids {
    /// A loan of the lending contract.
    pub loan: Option<i64>,
    /// An advice product.
    pub product: Option<i64>,
    /// A service case.
    pub case: Option<i64>,
    /// An investment agreement.
    pub agreement: Option<i64>,
    /// An investment dispute.
    pub dispute: Option<i64>,
}

impl Ids {
    /// The ids named in `event`'s fields.
    pub fn of(event: &Event) -> Self {
        let value = serde_json::to_value(event).unwrap_or_default();
        let field = |name: &str| value.get(name).and_then(serde_json::Value::as_i64);
        match event {
            Event::Lending(_) => Self { loan: field("id"), ..Self::default() },
            Event::Advice(_) | Event::Investment(_) => Self {
                loan: None,
                product: field("product"),
                case: field("case"),
                agreement: field("agreement"),
                dispute: field("dispute"),
            },
            Event::Pallet { .. } => Self::default(),
        }
    }
}

/// The event's name (`LoanApplied`, `RoleGranted`, …).
pub fn name(event: &Event) -> String {
    match event {
        Event::Pallet { event, .. } => event.clone(),
        other => serde_json::to_value(other)
            .ok()
            .and_then(|v| v.get("event").and_then(|n| n.as_str().map(str::to_owned)))
            .unwrap_or_default(),
    }
}

fn who(account_id: &ink::primitives::AccountId) -> String {
    account(account_id).to_string()
}

/// Applies `event` of `block` to the projection tables.
pub async fn apply(tx: &mut Tx<'_>, event: &Event, block: &Block) -> Result<(), Error> {
    let at = int(block.number)?;
    match event {
        Event::Lending(e) => lending(tx, e, block, at).await,
        Event::Advice(e) => advice(tx, e, at).await,
        Event::Investment(e) => investment(tx, e, at).await,
        Event::Pallet { .. } => Ok(()),
    }
}

async fn loan_status(tx: &mut Tx<'_>, id: u64, status: &str, deadline: Option<u64>, at: i64) -> Result<(), Error> {
    sqlx::query("UPDATE loans SET status = $1, deadline_ms = $2, updated_block = $3 WHERE id = $4")
        .bind(status)
        .bind(deadline.map(int).transpose()?)
        .bind(at)
        .bind(int(id)?)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn loan_amount(tx: &mut Tx<'_>, id: u64) -> Result<u128, Error> {
    let row = sqlx::query("SELECT amount FROM loans WHERE id = $1").bind(int(id)?).fetch_optional(&mut **tx).await?;
    let row = row.ok_or_else(|| Error::Store(format!("an event names loan #{id}, which was never applied for")))?;
    crate::read_amount(&row.try_get::<String, _>(0)?)
}

async fn set_raised(tx: &mut Tx<'_>, id: u64, raised: u128, at: i64) -> Result<(), Error> {
    let remaining = loan_amount(tx, id).await?.saturating_sub(raised);
    sqlx::query("UPDATE loans SET raised = $1, remaining = $2, updated_block = $3 WHERE id = $4")
        .bind(stored_amount(raised))
        .bind(stored_amount(remaining))
        .bind(at)
        .bind(int(id)?)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Adds `invested` (may be negative through `withdrawn`) and `claimed` to a position.
async fn position(tx: &mut Tx<'_>, id: u64, investor: &str, add: u128, sub: u128, claimed: u128) -> Result<(), Error> {
    let row = sqlx::query("SELECT invested, claimed FROM positions WHERE loan_id = $1 AND investor = $2")
        .bind(int(id)?)
        .bind(investor)
        .fetch_optional(&mut **tx)
        .await?;
    let (invested, total_claimed) = match row {
        Some(r) => (crate::read_amount(&r.try_get::<String, _>(0)?)?, crate::read_amount(&r.try_get::<String, _>(1)?)?),
        None => (0, 0),
    };
    let invested = invested.saturating_add(add).saturating_sub(sub);
    sqlx::query(
        "INSERT INTO positions (loan_id, investor, invested, claimed) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (loan_id, investor) DO UPDATE SET invested = excluded.invested, claimed = excluded.claimed",
    )
    .bind(int(id)?)
    .bind(investor)
    .bind(stored_amount(invested))
    .bind(stored_amount(total_claimed.saturating_add(claimed)))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn lending(tx: &mut Tx<'_>, event: &LendingEvent, block: &Block, at: i64) -> Result<(), Error> {
    use LendingEvent as L;
    match event {
        L::LoanApplied(e) => {
            sqlx::query(
                "INSERT INTO loans (id, borrower, amount, term_months, purpose, grade, apr_bps, status, raised, \
                 remaining, deadline_ms, applied_ms, updated_block) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'PendingApproval', $8, $9, NULL, $10, $11)",
            )
            .bind(int(e.id)?)
            .bind(who(&e.borrower))
            .bind(stored_amount(e.amount))
            .bind(i64::from(e.term_months))
            .bind(format!("{:?}", e.purpose))
            .bind(i64::from(e.grade))
            .bind(i64::from(e.apr_bps))
            .bind(stored_amount(0))
            .bind(stored_amount(e.amount))
            .bind(int(block.timestamp_ms)?)
            .bind(at)
            .execute(&mut **tx)
            .await?;
        },
        L::LoanApproved(e) => loan_status(tx, e.id, "Listed", Some(e.funding_deadline), at).await?,
        L::LoanRejected(e) => loan_status(tx, e.id, "Rejected", None, at).await?,
        L::Invested(e) => {
            set_raised(tx, e.id, e.raised, at).await?;
            position(tx, e.id, &who(&e.investor), e.amount, 0, 0).await?;
        },
        L::Withdrawn(e) => {
            let row =
                sqlx::query("SELECT raised FROM loans WHERE id = $1").bind(int(e.id)?).fetch_one(&mut **tx).await?;
            let raised = crate::read_amount(&row.try_get::<String, _>(0)?)?;
            set_raised(tx, e.id, raised.saturating_sub(e.amount), at).await?;
            position(tx, e.id, &who(&e.investor), 0, e.amount, 0).await?;
        },
        L::LoanFunded(e) => loan_status(tx, e.id, "Funded", Some(e.activation_deadline), at).await?,
        L::LoanExpired(e) => loan_status(tx, e.id, "Expired", None, at).await?,
        // As the contract records it: a refunded ticket is claimed in full.
        L::Refunded(e) => position(tx, e.id, &who(&e.investor), 0, 0, e.amount).await?,
        L::LoanActivated(e) => loan_status(tx, e.id, "Activated", Some(e.disbursement_deadline), at).await?,
        L::Disbursed(e) => loan_status(tx, e.id, "Active", None, at).await?,
        L::Repaid(e) if e.paid_off => loan_status(tx, e.id, "Repaid", None, at).await?,
        L::Repaid(_) => {},
        L::LoanDefaulted(e) => loan_status(tx, e.id, "Defaulted", None, at).await?,
        L::Claimed(e) => position(tx, e.id, &who(&e.investor), 0, 0, e.amount).await?,
    }
    Ok(())
}

async fn case_status(tx: &mut Tx<'_>, case: u64, status: &str, deadline: Option<u64>, at: i64) -> Result<(), Error> {
    sqlx::query("UPDATE cases SET status = $1, dispute_deadline_ms = $2, updated_block = $3 WHERE id = $4")
        .bind(status)
        .bind(deadline.map(int).transpose()?)
        .bind(at)
        .bind(int(case)?)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn advice(tx: &mut Tx<'_>, event: &AdviceEvent, at: i64) -> Result<(), Error> {
    use AdviceEvent as A;
    match event {
        A::ProductPublished(e) => {
            sqlx::query(
                "INSERT INTO products (id, institution, bond, status, updated_block) VALUES ($1, $2, $3, 'Draft', $4)",
            )
            .bind(i64::from(e.product))
            .bind(who(&e.institution))
            .bind(stored_amount(e.bond))
            .bind(at)
            .execute(&mut **tx)
            .await?;
        },
        A::ProductStatusChanged(e) => {
            sqlx::query("UPDATE products SET status = $1, updated_block = $2 WHERE id = $3")
                .bind(format!("{:?}", e.status))
                .bind(at)
                .bind(i64::from(e.product))
                .execute(&mut **tx)
                .await?;
        },
        A::AuthorizationChanged(e) => {
            sqlx::query(
                "INSERT INTO authorizations (product_id, advisor, status, rights, updated_block) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (product_id, advisor) DO UPDATE SET \
                 status = excluded.status, rights = excluded.rights, updated_block = excluded.updated_block",
            )
            .bind(i64::from(e.product))
            .bind(who(&e.advisor))
            .bind(format!("{:?}", e.status))
            .bind(rights(e.rights))
            .bind(at)
            .execute(&mut **tx)
            .await?;
        },
        A::CaseOpened(e) => {
            sqlx::query(
                "INSERT INTO cases (id, product_id, customer, advisor, status, dispute_deadline_ms, updated_block) \
                 VALUES ($1, $2, $3, $4, 'Open', NULL, $5)",
            )
            .bind(int(e.case)?)
            .bind(i64::from(e.product))
            .bind(who(&e.customer))
            .bind(who(&e.advisor))
            .bind(at)
            .execute(&mut **tx)
            .await?;
        },
        A::DisputeOpened(e) => case_status(tx, e.case, "Disputed", Some(e.deadline), at).await?,
        A::DisputeEnded(e) => {
            let status = if e.status == DisputeStatus::NoFraud { "Open" } else { "Closed" };
            case_status(tx, e.case, status, None, at).await?;
        },
        A::CaseClosed(e) => case_status(tx, e.case, "Closed", None, at).await?,
        A::ProductDescribed(_)
        | A::ProductApproved(_)
        | A::PoolOpened(_)
        | A::PoolJoined(_)
        | A::Credited(_)
        | A::Claimed(_) => {},
    }
    Ok(())
}

/// An advisor's rights as stored: `advisory`, `signing`, both or `none`.
fn rights(r: Rights) -> &'static str {
    match (r.advisory, r.signing) {
        (true, true) => "advisory+signing",
        (true, false) => "advisory",
        (false, true) => "signing",
        (false, false) => "none",
    }
}

async fn investment(tx: &mut Tx<'_>, event: &InvestmentEvent, at: i64) -> Result<(), Error> {
    use InvestmentEvent as I;
    match event {
        I::AgreementProposed(e) => {
            sqlx::query(
                "INSERT INTO agreements (id, case_id, amount, stake, status, deadline_ms, updated_block) \
                 VALUES ($1, $2, $3, $4, 'Proposed', $5, $6)",
            )
            .bind(int(e.agreement)?)
            .bind(int(e.case)?)
            .bind(stored_amount(e.amount))
            .bind(stored_amount(e.stake))
            .bind(int(e.deadline)?)
            .bind(at)
            .execute(&mut **tx)
            .await?;
        },
        I::AgreementChanged(e) => {
            sqlx::query("UPDATE agreements SET status = $1, deadline_ms = $2, updated_block = $3 WHERE id = $4")
                .bind(format!("{:?}", e.status))
                .bind(int(e.deadline)?)
                .bind(at)
                .bind(int(e.agreement)?)
                .execute(&mut **tx)
                .await?;
        },
        I::DisputeOpened(e) => {
            sqlx::query(
                "INSERT INTO investment_disputes (id, subject, claimant, accused, status, deadline_ms, updated_block) \
                 VALUES ($1, $2, $3, $4, 'Open', $5, $6)",
            )
            .bind(int(e.dispute)?)
            .bind(format!("{:?}", e.subject))
            .bind(who(&e.claimant))
            .bind(who(&e.accused))
            .bind(int(e.deadline)?)
            .bind(at)
            .execute(&mut **tx)
            .await?;
        },
        I::DisputeEnded(e) => {
            sqlx::query("UPDATE investment_disputes SET status = $1, updated_block = $2 WHERE id = $3")
                .bind(format!("{:?}", e.status))
                .bind(at)
                .bind(int(e.dispute)?)
                .execute(&mut **tx)
                .await?;
        },
        I::TemplateReleased(_)
        | I::TemplateStatusChanged(_)
        | I::TemplateApproved(_)
        | I::PoolOpened(_)
        | I::PoolJoined(_)
        | I::Credited(_)
        | I::Claimed(_) => {},
    }
    Ok(())
}
