//! `fiducia index …`: the indexer ("Lite DB", `docs/indexer.md`). `run`
//! follows the chain into the database; every other verb asks the database
//! (and, for what is claimable now, the lending contract).

use crate::{load_bundle, parse, Context};
use anyhow::{Context as _, Result};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use fiducia_client::{amount::format as fid, lending::Lending, time::now_ms, time::when, AccountId};
use fiducia_core::lending::scoring::Grade;
use fiducia_index::{
    query::{LoanFilter, LoanRow, PositionRow, SortBy},
    Contracts, Indexer, Store,
};
use std::time::Duration;

/// `fiducia index`: the database, and the action.
#[derive(ClapArgs)]
pub struct Args {
    /// The index database: a file path (SQLite, created if missing) or
    /// `postgres://user:password@host/database`.
    #[arg(long, env = "FIDUCIA_INDEX", global = true, default_value = "fiducia-index.sqlite")]
    db: String,
    #[command(subcommand)]
    action: Action,
}

/// The contracts to index or ask.
#[derive(ClapArgs)]
struct ContractArgs {
    /// The lending contract.
    #[arg(long, env = "FIDUCIA_LENDING", value_parser = parse::account)]
    lending: Option<AccountId>,
    /// The advice contract.
    #[arg(long, env = "FIDUCIA_ADVICE", value_parser = parse::account)]
    advice: Option<AccountId>,
    /// The investment contract.
    #[arg(long, env = "FIDUCIA_INVESTMENT", value_parser = parse::account)]
    investment: Option<AccountId>,
}

/// `--sort`.
#[derive(Clone, Copy, ValueEnum)]
enum Sort {
    /// Best grade first.
    Grade,
    /// Highest APR first.
    Apr,
    /// Most left to raise first.
    Remaining,
}

/// Which loans (`loans`, `save-search`).
#[derive(ClapArgs)]
struct Filter {
    /// Status (default: Listed).
    #[arg(long)]
    status: Option<String>,
    /// Best grade accepted (A1 … E5).
    #[arg(long, value_parser = grade)]
    best_grade: Option<Grade>,
    /// Worst grade accepted (A1 … E5).
    #[arg(long, value_parser = grade)]
    worst_grade: Option<Grade>,
    /// Smallest principal (`1500 FID` or smallest units).
    #[arg(long, value_parser = parse::amount)]
    min_amount: Option<u128>,
    /// Largest principal.
    #[arg(long, value_parser = parse::amount)]
    max_amount: Option<u128>,
    /// Shortest term, months.
    #[arg(long)]
    min_term: Option<u16>,
    /// Longest term, months.
    #[arg(long)]
    max_term: Option<u16>,
    /// Tuition, LivingCosts, Equipment or Other.
    #[arg(long)]
    purpose: Option<String>,
    /// Order.
    #[arg(long, value_enum, default_value_t = Sort::Grade)]
    sort: Sort,
    /// At most this many (1 … 1000).
    #[arg(long, default_value_t = 50)]
    limit: u32,
}

impl From<Filter> for LoanFilter {
    fn from(f: Filter) -> Self {
        LoanFilter {
            status: f.status,
            best_grade: f.best_grade,
            worst_grade: f.worst_grade,
            min_amount: f.min_amount,
            max_amount: f.max_amount,
            min_term: f.min_term,
            max_term: f.max_term,
            purpose: f.purpose,
            sort: match f.sort {
                Sort::Grade => SortBy::Grade,
                Sort::Apr => SortBy::Apr,
                Sort::Remaining => SortBy::Remaining,
            },
            limit: Some(f.limit),
        }
    }
}

fn grade(text: &str) -> Result<Grade, String> {
    text.parse().map_err(|e| format!("{e}"))
}

#[derive(Subcommand)]
enum Action {
    /// Follow the chain's finalized blocks into the database (runs until
    /// Ctrl-C, or with `--once` until it has caught up).
    Run {
        #[command(flatten)]
        contracts: ContractArgs,
        /// The first block of an empty index (e.g. the contracts' deployment).
        #[arg(long, default_value_t = 1)]
        from: u64,
        /// Catch up to the finalized head, then exit.
        #[arg(long)]
        once: bool,
        /// Seconds between looks at the finalized head.
        #[arg(long, default_value_t = 2)]
        poll: u64,
    },
    /// Where the index stands.
    Status,
    /// Listed loans, filtered and sorted.
    Loans {
        #[command(flatten)]
        filter: Filter,
    },
    /// Save a search under a name (for the signer).
    SaveSearch {
        /// Its name.
        name: String,
        #[command(flatten)]
        filter: Filter,
    },
    /// Loans matching a saved search of the signer.
    Matching {
        /// The search's name.
        name: String,
    },
    /// An investor's positions, with what the contract says is claimable now.
    Positions {
        /// The investor (default: the signer).
        #[arg(long, value_parser = parse::account)]
        investor: Option<AccountId>,
        /// The lending contract (for the claimable amounts).
        #[arg(long, env = "FIDUCIA_LENDING", value_parser = parse::account)]
        lending: Option<AccountId>,
    },
    /// Every event of a loan, with its time.
    History {
        /// The loan id.
        loan: u64,
    },
    /// Every event of a FITM service case.
    CaseHistory {
        /// The case id.
        case: u64,
    },
    /// FITM products.
    Products,
    /// The advisors authorized (or not) for a product.
    Advisors {
        /// The product id.
        product: u64,
    },
    /// A party's FITM cases, agreements and disputes with their deadlines.
    Mine {
        /// The party (default: the signer).
        #[arg(long, value_parser = parse::account)]
        party: Option<AccountId>,
    },
}

/// A position from the index with what the contract says is claimable.
#[derive(serde::Serialize)]
struct PositionReport {
    position: PositionRow,
    /// From the lending contract, not the index.
    claimable_now: Option<u128>,
}

fn describe(l: &LoanRow) -> String {
    let deadline = l.deadline_ms.map_or_else(String::new, |d| format!(", deadline {}", when(d, now_ms())));
    format!(
        "loan #{}: {} over {} months for {} at {:.2} % (grade {}), {}; raised {}, left {}{deadline}",
        l.id,
        fid(l.amount),
        l.term_months,
        l.purpose,
        f64::from(l.apr_bps) / 100.0,
        l.grade,
        l.status,
        fid(l.raised),
        fid(l.remaining)
    )
}

fn lines<T>(rows: &[T], empty: &str, line: impl Fn(&T) -> String) -> String {
    if rows.is_empty() {
        return empty.into();
    }
    rows.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// Runs an index action.
pub async fn run(cx: &Context, args: Args) -> Result<()> {
    let store =
        Store::connect(&args.db).await.with_context(|| format!("cannot open the index database {}", args.db))?;
    let result = act(cx, &store, args.action).await;
    store.close().await;
    result
}

async fn act(cx: &Context, store: &Store, action: Action) -> Result<()> {
    let out = cx.out;
    match action {
        Action::Run { contracts, from, once, poll } => {
            let contracts =
                Contracts { lending: contracts.lending, advice: contracts.advice, investment: contracts.investment };
            anyhow::ensure!(
                contracts.lending.is_some() || contracts.advice.is_some() || contracts.investment.is_some(),
                "which contracts? pass --lending, --advice and/or --investment (or FIDUCIA_LENDING, …)"
            );
            let indexer = Indexer::new(cx.chain().await?, store.clone(), contracts).await?;
            let progress = crate::progress::counter("indexing");
            let on_block = |b: &fiducia_index::store::Block| {
                progress.set_message(format!("block #{} ({} events)", b.number, b.events.len()));
                progress.inc(1);
            };
            let done = if once {
                let head = indexer.finalized().await?;
                indexer.catch_up(from, head, on_block).await?
            } else {
                let stop = async {
                    let _ = tokio::signal::ctrl_c().await;
                };
                indexer.run(from, Duration::from_secs(poll.max(1)), stop, on_block).await?
            };
            progress.finish_and_clear();
            out.show(&done, |d| {
                format!(
                    "indexed {} blocks and {} events in {:.1?} ({:.0} events/s); the index stands at block {}",
                    d.blocks,
                    d.events,
                    d.elapsed,
                    d.events_per_second(),
                    d.last_block.map_or_else(|| "—".into(), |b| format!("#{b}"))
                )
            })
        },
        Action::Status => {
            let cursor = store.cursor().await?;
            out.show(&cursor, |c| match c {
                Some(c) => format!("indexed up to block #{} ({}) of chain {}", c.number, c.hash, c.genesis),
                None => "the index is empty (`fiducia index run` fills it)".into(),
            })
        },
        Action::Loans { filter } => {
            let loans = store.loans(&filter.into()).await?;
            out.show(&loans, |l| lines(l, "no loans match", describe))
        },
        Action::SaveSearch { name, filter } => {
            store.save_conditions(&cx.me()?.to_string(), &name, &filter.into()).await?;
            out.show(&serde_json::json!({ "saved": name }), |_| format!("saved the search {name:?}"))
        },
        Action::Matching { name } => {
            let loans = store.matching(&cx.me()?.to_string(), &name).await?;
            out.show(&loans, |l| lines(l, "no loans match", describe))
        },
        Action::Positions { investor, lending } => {
            let investor = match investor {
                Some(investor) => investor,
                None => cx.me()?,
            };
            let positions = store.positions(&investor.to_string()).await?;
            // What is claimable now moves without events (repayments are
            // shared by formula): the contract answers it.
            let lending = match lending {
                Some(address) => Some(Lending::at(cx.chain().await?, address, load_bundle("lending", None)?)),
                None => None,
            };
            let mut report = Vec::new();
            for position in positions {
                let claimable_now = match &lending {
                    Some(l) => Some(l.claimable(position.loan_id, &investor).await?),
                    None => None,
                };
                report.push(PositionReport { position, claimable_now });
            }
            out.show(&report, |rows| {
                lines(rows, "no positions", |r| {
                    let claimable = r.claimable_now.map_or_else(|| "(pass --lending to ask the contract)".into(), fid);
                    format!(
                        "loan #{} {}: invested {}, claimed {}, claimable now {claimable}",
                        r.position.loan_id,
                        r.position.status,
                        fid(r.position.invested),
                        fid(r.position.claimed)
                    )
                })
            })
        },
        Action::History { loan } => {
            let events = store.loan_history(loan).await?;
            out.show(&events, |e| {
                lines(e, &format!("no events of loan #{loan} in the index"), |e| {
                    format!("#{}.{} {}: {}", e.block_number, e.event_index, when(e.timestamp_ms, now_ms()), e.name)
                })
            })
        },
        Action::CaseHistory { case } => {
            let events = store.case_history(case).await?;
            out.show(&events, |e| {
                lines(e, &format!("no events of case #{case} in the index"), |e| {
                    format!(
                        "#{}.{} {} {}: {}",
                        e.block_number,
                        e.event_index,
                        when(e.timestamp_ms, now_ms()),
                        e.source,
                        e.name
                    )
                })
            })
        },
        Action::Products => {
            let products = store.products().await?;
            out.show(&products, |p| {
                lines(p, "no products", |p| {
                    format!("product #{} by {}: {}, bond {}", p.id, p.institution, p.status, fid(p.bond))
                })
            })
        },
        Action::Advisors { product } => {
            let advisors = store.authorizations(product).await?;
            out.show(&advisors, |a| lines(a, "no advisors", |a| format!("{}: {} ({})", a.advisor, a.status, a.rights)))
        },
        Action::Mine { party } => {
            let party = match party {
                Some(party) => party,
                None => cx.me()?,
            };
            let records = store.records(&party.to_string()).await?;
            out.show(&records, |r| {
                let now = now_ms();
                let mut text = vec![format!(
                    "{} cases, {} agreements, {} disputes",
                    r.cases.len(),
                    r.agreements.len(),
                    r.disputes.len()
                )];
                text.extend(r.cases.iter().map(|c| {
                    let deadline = c
                        .dispute_deadline_ms
                        .map_or_else(String::new, |d| format!(", dispute deadline {}", when(d, now)));
                    format!("case #{} (product #{}): {}{deadline}", c.id, c.product_id, c.status)
                }));
                text.extend(r.agreements.iter().map(|a| {
                    format!(
                        "agreement #{} (case #{}): {} of {}, deadline {}",
                        a.id,
                        a.case_id,
                        a.status,
                        fid(a.amount),
                        when(a.deadline_ms, now)
                    )
                }));
                text.extend(r.disputes.iter().map(|d| {
                    format!("dispute #{} over {}: {}, deadline {}", d.id, d.subject, d.status, when(d.deadline_ms, now))
                }));
                text.join("\n")
            })
        },
    }
}
