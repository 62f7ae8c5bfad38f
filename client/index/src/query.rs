//! What investors and borrowers ask the index (`docs/indexer.md#queries`).
//! Every answer reflects the events up to the index's cursor; amounts that
//! move without an event (interest accruing, what is claimable *now*) are
//! not here: ask the contract for those.

use crate::{
    read_amount,
    store::{int, uint},
    stored_amount, Error, Store,
};
use fiducia_core::lending::scoring::Grade;
use serde::{Deserialize, Serialize};
use sqlx::{any::AnyRow, AssertSqlSafe, Row};

/// How listed loans are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortBy {
    /// Best grade (A1) first.
    #[default]
    Grade,
    /// Highest APR first.
    Apr,
    /// Most left to raise first.
    Remaining,
}

/// Which loans: every bound is optional; `status` defaults to listed loans.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanFilter {
    /// Life-cycle status (`Listed`, `Funded`, `Active`, …); default `Listed`.
    pub status: Option<String>,
    /// Best grade accepted (e.g. `A1`).
    pub best_grade: Option<Grade>,
    /// Worst grade accepted (e.g. `C5`).
    pub worst_grade: Option<Grade>,
    /// Smallest principal.
    pub min_amount: Option<u128>,
    /// Largest principal.
    pub max_amount: Option<u128>,
    /// Shortest term, months.
    pub min_term: Option<u16>,
    /// Longest term, months.
    pub max_term: Option<u16>,
    /// Purpose (`Tuition`, `LivingCosts`, `Equipment`, `Other`).
    pub purpose: Option<String>,
    /// Ordering.
    #[serde(default)]
    pub sort: SortBy,
    /// At most this many (default 50, at most 1,000).
    pub limit: Option<u32>,
}

/// A loan as the index knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoanRow {
    /// Loan id.
    pub id: u64,
    /// Borrower (SS58).
    pub borrower: String,
    /// Principal asked for.
    pub amount: u128,
    /// Term, months.
    pub term_months: u16,
    /// What the money is for.
    pub purpose: String,
    /// Grade (`A1` … `E5`).
    pub grade: String,
    /// APR, basis points.
    pub apr_bps: u32,
    /// Status after the last indexed event.
    pub status: String,
    /// Raised so far.
    pub raised: u128,
    /// Left to raise.
    pub remaining: u128,
    /// The deadline of the current waiting state, ms since the epoch.
    pub deadline_ms: Option<u64>,
    /// When the borrower applied, ms since the epoch.
    pub applied_ms: u64,
}

/// An investor's ticket in one loan, as the events recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PositionRow {
    /// The loan.
    pub loan_id: u64,
    /// The loan's status.
    pub status: String,
    /// Invested, net of withdrawals and refunds.
    pub invested: u128,
    /// Claimed so far.
    pub claimed: u128,
}

/// One stored event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventRow {
    /// Block number.
    pub block_number: u64,
    /// Index among the block's events.
    pub event_index: u32,
    /// Block hash.
    pub block_hash: String,
    /// Block time, ms since the epoch.
    pub timestamp_ms: u64,
    /// `lending`, `advice`, `investment` or the pallet.
    pub source: String,
    /// The event's name.
    pub name: String,
    /// Its fields.
    pub data: serde_json::Value,
}

/// An advice product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProductRow {
    /// Product id.
    pub id: u64,
    /// Issuing institution (SS58).
    pub institution: String,
    /// Bond posted.
    pub bond: u128,
    /// Status.
    pub status: String,
}

/// An advisor's authorization for a product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuthorizationRow {
    /// Product id.
    pub product_id: u64,
    /// Advisor (SS58).
    pub advisor: String,
    /// Status (`Authorized`, `Revoked`, …).
    pub status: String,
    /// Rights (`advisory`, `signing`, `advisory+signing`).
    pub rights: String,
}

/// A service case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseRow {
    /// Case id.
    pub id: u64,
    /// Product.
    pub product_id: u64,
    /// Customer (SS58).
    pub customer: String,
    /// Advisor (SS58).
    pub advisor: String,
    /// `Open`, `Disputed` or `Closed`.
    pub status: String,
    /// The open dispute's deadline, ms since the epoch.
    pub dispute_deadline_ms: Option<u64>,
}

/// An investment agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgreementRow {
    /// Agreement id.
    pub id: u64,
    /// Its service case.
    pub case_id: u64,
    /// Amount invested.
    pub amount: u128,
    /// The advisor's stake.
    pub stake: u128,
    /// Status.
    pub status: String,
    /// The current deadline, ms since the epoch.
    pub deadline_ms: u64,
}

/// A dispute over an investment agreement or template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DisputeRow {
    /// Dispute id.
    pub id: u64,
    /// What it is about.
    pub subject: String,
    /// Claimant (SS58).
    pub claimant: String,
    /// Accused (SS58).
    pub accused: String,
    /// Status.
    pub status: String,
    /// Deadline, ms since the epoch.
    pub deadline_ms: u64,
}

/// A party's FITM records: cases (as customer or advisor), the agreements
/// of those cases and the disputes the party is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MyRecords {
    /// Service cases.
    pub cases: Vec<CaseRow>,
    /// Agreements of those cases.
    pub agreements: Vec<AgreementRow>,
    /// Disputes as claimant or accused.
    pub disputes: Vec<DisputeRow>,
}

fn amount(row: &AnyRow, column: &str) -> Result<u128, Error> {
    read_amount(&row.try_get::<String, _>(column)?)
}

fn number(row: &AnyRow, column: &str) -> Result<u64, Error> {
    uint(row.try_get::<i64, _>(column)?)
}

fn optional(row: &AnyRow, column: &str) -> Result<Option<u64>, Error> {
    row.try_get::<Option<i64>, _>(column)?.map(uint).transpose()
}

fn narrow<T: TryFrom<u64>>(value: u64, what: &str) -> Result<T, Error> {
    T::try_from(value).map_err(|_| Error::Store(format!("{what} {value} out of range")))
}

fn loan(row: &AnyRow) -> Result<LoanRow, Error> {
    let grade = narrow::<u8>(number(row, "grade")?, "grade")?;
    Ok(LoanRow {
        id: number(row, "id")?,
        borrower: row.try_get("borrower")?,
        amount: amount(row, "amount")?,
        term_months: narrow(number(row, "term_months")?, "term")?,
        purpose: row.try_get("purpose")?,
        grade: Grade::from_index(grade).map_or_else(|| format!("#{grade}"), |g| g.to_string()),
        apr_bps: narrow(number(row, "apr_bps")?, "APR")?,
        status: row.try_get("status")?,
        raised: amount(row, "raised")?,
        remaining: amount(row, "remaining")?,
        deadline_ms: optional(row, "deadline_ms")?,
        applied_ms: number(row, "applied_ms")?,
    })
}

/// A bound value of a built query.
enum Param {
    Text(String),
    Int(i64),
}

const LOAN_COLUMNS: &str = "id, borrower, amount, term_months, purpose, grade, apr_bps, status, raised, remaining, \
                            deadline_ms, applied_ms";

impl Store {
    /// Loans matching `filter`, ordered as it asks (ties by id).
    pub async fn loans(&self, filter: &LoanFilter) -> Result<Vec<LoanRow>, Error> {
        let limit = filter.limit.unwrap_or(50);
        if limit == 0 || limit > 1_000 {
            return Err(Error::BadInput("a page holds 1 to 1,000 loans".into()));
        }
        // Built from fixed fragments only; every value is a bound parameter,
        // numbered in the order it is bound.
        let mut sql = format!("SELECT {LOAN_COLUMNS} FROM loans WHERE status = $1");
        let mut params = vec![Param::Text(filter.status.clone().unwrap_or_else(|| "Listed".into()))];
        let bounds = [
            ("grade >=", filter.best_grade.map(|g| Param::Int(i64::from(g.index())))),
            ("grade <=", filter.worst_grade.map(|g| Param::Int(i64::from(g.index())))),
            ("amount >=", filter.min_amount.map(|a| Param::Text(stored_amount(a)))),
            ("amount <=", filter.max_amount.map(|a| Param::Text(stored_amount(a)))),
            ("term_months >=", filter.min_term.map(|t| Param::Int(i64::from(t)))),
            ("term_months <=", filter.max_term.map(|t| Param::Int(i64::from(t)))),
            ("purpose =", filter.purpose.clone().map(Param::Text)),
        ];
        for (clause, param) in bounds {
            if let Some(param) = param {
                params.push(param);
                sql.push_str(&format!(" AND {clause} ${}", params.len()));
            }
        }
        sql.push_str(match filter.sort {
            SortBy::Grade => " ORDER BY grade ASC, id ASC",
            SortBy::Apr => " ORDER BY apr_bps DESC, id ASC",
            SortBy::Remaining => " ORDER BY remaining DESC, id ASC",
        });
        sql.push_str(&format!(" LIMIT {limit}"));
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for param in params {
            query = match param {
                Param::Text(text) => query.bind(text),
                Param::Int(value) => query.bind(value),
            };
        }
        query.fetch_all(self.pool()).await?.iter().map(loan).collect()
    }

    /// One loan.
    pub async fn loan(&self, id: u64) -> Result<Option<LoanRow>, Error> {
        let sql = format!("SELECT {LOAN_COLUMNS} FROM loans WHERE id = $1");
        sqlx::query(AssertSqlSafe(sql)).bind(int(id)?).fetch_optional(self.pool()).await?.as_ref().map(loan).transpose()
    }

    /// Saves (or replaces) `owner`'s search `name`.
    pub async fn save_conditions(&self, owner: &str, name: &str, filter: &LoanFilter) -> Result<(), Error> {
        if name.trim().is_empty() || name.len() > 64 {
            return Err(Error::BadInput("a saved search is named with 1 to 64 characters".into()));
        }
        let conditions = serde_json::to_string(filter).map_err(|e| Error::Store(e.to_string()))?;
        sqlx::query(
            "INSERT INTO saved_conditions (owner, name, conditions) VALUES ($1, $2, $3) \
             ON CONFLICT (owner, name) DO UPDATE SET conditions = excluded.conditions",
        )
        .bind(owner)
        .bind(name)
        .bind(conditions)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// `owner`'s saved search `name`.
    pub async fn conditions(&self, owner: &str, name: &str) -> Result<LoanFilter, Error> {
        let row = sqlx::query("SELECT conditions FROM saved_conditions WHERE owner = $1 AND name = $2")
            .bind(owner)
            .bind(name)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| Error::BadInput(format!("no saved search {name:?}")))?;
        serde_json::from_str(&row.try_get::<String, _>(0)?).map_err(|e| Error::Store(e.to_string()))
    }

    /// Loans matching `owner`'s saved search `name`.
    pub async fn matching(&self, owner: &str, name: &str) -> Result<Vec<LoanRow>, Error> {
        self.loans(&self.conditions(owner, name).await?).await
    }

    /// `investor`'s positions, by loan.
    pub async fn positions(&self, investor: &str) -> Result<Vec<PositionRow>, Error> {
        let rows = sqlx::query(
            "SELECT p.loan_id, l.status, p.invested, p.claimed FROM positions p JOIN loans l ON l.id = p.loan_id \
             WHERE p.investor = $1 ORDER BY p.loan_id",
        )
        .bind(investor)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PositionRow {
                    loan_id: number(r, "loan_id")?,
                    status: r.try_get("status")?,
                    invested: amount(r, "invested")?,
                    claimed: amount(r, "claimed")?,
                })
            })
            .collect()
    }

    /// Every event about loan `id`, oldest first.
    pub async fn loan_history(&self, id: u64) -> Result<Vec<EventRow>, Error> {
        self.events_where("source = 'lending' AND loan_id = $1", int(id)?).await
    }

    /// Every event of service case `id` (advice and investment contracts).
    pub async fn case_history(&self, id: u64) -> Result<Vec<EventRow>, Error> {
        self.events_where("case_id = $1", int(id)?).await
    }

    async fn events_where(&self, condition: &str, value: i64) -> Result<Vec<EventRow>, Error> {
        let sql = format!(
            "SELECT block_number, event_index, block_hash, timestamp_ms, source, name, data FROM events \
             WHERE {condition} ORDER BY block_number, event_index"
        );
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(value).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                Ok(EventRow {
                    block_number: number(r, "block_number")?,
                    event_index: narrow(number(r, "event_index")?, "event index")?,
                    block_hash: r.try_get("block_hash")?,
                    timestamp_ms: number(r, "timestamp_ms")?,
                    source: r.try_get("source")?,
                    name: r.try_get("name")?,
                    data: serde_json::from_str(&r.try_get::<String, _>("data")?)
                        .map_err(|e| Error::Store(e.to_string()))?,
                })
            })
            .collect()
    }

    /// Every advice product.
    pub async fn products(&self) -> Result<Vec<ProductRow>, Error> {
        let rows = sqlx::query("SELECT id, institution, bond, status FROM products ORDER BY id")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ProductRow {
                    id: number(r, "id")?,
                    institution: r.try_get("institution")?,
                    bond: amount(r, "bond")?,
                    status: r.try_get("status")?,
                })
            })
            .collect()
    }

    /// The advisors of product `id` and their authorizations.
    pub async fn authorizations(&self, product: u64) -> Result<Vec<AuthorizationRow>, Error> {
        let rows = sqlx::query(
            "SELECT product_id, advisor, status, rights FROM authorizations WHERE product_id = $1 ORDER BY advisor",
        )
        .bind(int(product)?)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuthorizationRow {
                    product_id: number(r, "product_id")?,
                    advisor: r.try_get("advisor")?,
                    status: r.try_get("status")?,
                    rights: r.try_get("rights")?,
                })
            })
            .collect()
    }

    /// `party`'s cases, their agreements and `party`'s disputes.
    pub async fn records(&self, party: &str) -> Result<MyRecords, Error> {
        let cases = sqlx::query(
            "SELECT id, product_id, customer, advisor, status, dispute_deadline_ms FROM cases \
             WHERE customer = $1 OR advisor = $1 ORDER BY id",
        )
        .bind(party)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(CaseRow {
                id: number(r, "id")?,
                product_id: number(r, "product_id")?,
                customer: r.try_get("customer")?,
                advisor: r.try_get("advisor")?,
                status: r.try_get("status")?,
                dispute_deadline_ms: optional(r, "dispute_deadline_ms")?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
        let agreements = sqlx::query(
            "SELECT a.id, a.case_id, a.amount, a.stake, a.status, a.deadline_ms FROM agreements a \
             JOIN cases c ON c.id = a.case_id WHERE c.customer = $1 OR c.advisor = $1 ORDER BY a.id",
        )
        .bind(party)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(AgreementRow {
                id: number(r, "id")?,
                case_id: number(r, "case_id")?,
                amount: amount(r, "amount")?,
                stake: amount(r, "stake")?,
                status: r.try_get("status")?,
                deadline_ms: number(r, "deadline_ms")?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
        let disputes = sqlx::query(
            "SELECT id, subject, claimant, accused, status, deadline_ms FROM investment_disputes \
             WHERE claimant = $1 OR accused = $1 ORDER BY id",
        )
        .bind(party)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(DisputeRow {
                id: number(r, "id")?,
                subject: r.try_get("subject")?,
                claimant: r.try_get("claimant")?,
                accused: r.try_get("accused")?,
                status: r.try_get("status")?,
                deadline_ms: number(r, "deadline_ms")?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
        Ok(MyRecords { cases, agreements, disputes })
    }
}
