//! The store on SQLite, and on PostgreSQL when `FIDUCIA_TEST_POSTGRES`
//! names a server (`scripts/test.sh` starts one): blocks are written in
//! order or not at all, projections follow the events, queries filter and
//! sort, and the latency of the listing query on 10,000 loans is printed.

use crate::{
    query::{LoanFilter, SortBy},
    store::{Block, Event, IndexedEvent},
    Error, Store,
};
use fiducia_client::lending::LendingEvent;
use fiducia_core::lending::{scoring::Grade, Purpose};
use fiducia_interfaces::lending as ev;
use ink::primitives::AccountId;
use std::time::Instant;

const GENESIS: &str = "0xgenesis";
const BORROWER: [u8; 32] = [1; 32];
const INVESTOR: [u8; 32] = [2; 32];

fn block(number: u64, events: Vec<LendingEvent>) -> Block {
    Block {
        number,
        hash: format!("0x{number:064x}"),
        timestamp_ms: 1_700_000_000_000 + number * 2_000,
        events: events
            .into_iter()
            .enumerate()
            .map(|(i, e)| IndexedEvent { index: i as u32, contract: Some("lending".into()), event: Event::Lending(e) })
            .collect(),
    }
}

fn applied(id: u64, amount: u128, term_months: u16, grade: u8, purpose: Purpose) -> LendingEvent {
    let apr_bps = Grade::from_index(grade).expect("grade").apr_bps();
    LendingEvent::LoanApplied(ev::LoanApplied {
        id,
        borrower: AccountId::from(BORROWER),
        amount,
        term_months,
        purpose,
        grade,
        apr_bps,
    })
}

fn approved(id: u64) -> LendingEvent {
    LendingEvent::LoanApproved(ev::LoanApproved { id, funding_deadline: 9_000_000_000_000 })
}

/// Every store under test: a fresh SQLite file and, when
/// `FIDUCIA_TEST_POSTGRES` names a server (`postgres://user:pw@host:port`),
/// a fresh PostgreSQL database `fiducia_<test>` on it.
async fn stores(dir: &tempfile::TempDir, test: &str) -> Vec<(&'static str, Store)> {
    let mut out = vec![("sqlite", Store::connect(&dir.path().join("index.db").display().to_string()).await.unwrap())];
    match std::env::var("FIDUCIA_TEST_POSTGRES") {
        Ok(server) => out.push(("postgres", Store::connect(&fresh_postgres(&server, test).await).await.unwrap())),
        Err(_) => println!("PostgreSQL: skipped (FIDUCIA_TEST_POSTGRES is not set; scripts/test.sh sets it)"),
    }
    out
}

/// Creates database `fiducia_<test>` anew on `server`; returns its URL.
async fn fresh_postgres(server: &str, test: &str) -> String {
    sqlx::any::install_default_drivers();
    let server = server.trim_end_matches('/');
    let admin = sqlx::AnyPool::connect(&format!("{server}/postgres")).await.expect("PostgreSQL reachable");
    let db = format!("fiducia_{test}");
    for statement in [format!("DROP DATABASE IF EXISTS {db}"), format!("CREATE DATABASE {db}")] {
        sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&admin).await.unwrap();
    }
    admin.close().await;
    format!("{server}/{db}")
}

#[tokio::test]
async fn blocks_are_stored_in_order_once_and_projected() {
    let dir = tempfile::tempdir().unwrap();
    for (name, store) in stores(&dir, "order").await {
        assert_eq!(store.schema_versions().await.unwrap(), vec![1], "{name}");
        assert_eq!(store.cursor().await.unwrap(), None);
        store.write_block(GENESIS, &block(5, vec![applied(0, 1_000, 12, 3, Purpose::Tuition)])).await.unwrap();
        let invested = LendingEvent::Invested(ev::Invested {
            id: 0,
            investor: AccountId::from(INVESTOR),
            amount: 400,
            raised: 400,
        });
        store.write_block(GENESIS, &block(6, vec![approved(0), invested])).await.unwrap();

        // A gap, a repeat and another chain are refused and change nothing.
        assert!(matches!(store.write_block(GENESIS, &block(8, vec![])).await, Err(Error::Store(_))), "{name}");
        assert!(matches!(store.write_block(GENESIS, &block(6, vec![approved(0)])).await, Err(Error::Store(_))));
        assert!(matches!(store.write_block("0xother", &block(7, vec![])).await, Err(Error::WrongChain { .. })));
        let cursor = store.cursor().await.unwrap().unwrap();
        assert_eq!((cursor.number, cursor.genesis.as_str()), (6, GENESIS));

        let loan = store.loan(0).await.unwrap().unwrap();
        assert_eq!((loan.status.as_str(), loan.raised, loan.remaining), ("Listed", 400, 600), "{name}");
        assert_eq!((loan.grade.as_str(), loan.purpose.as_str(), loan.term_months), ("A4", "Tuition", 12));
        let positions =
            store.positions(&fiducia_client::contract::account(&AccountId::from(INVESTOR)).to_string()).await.unwrap();
        assert_eq!(positions.len(), 1);
        assert_eq!((positions[0].invested, positions[0].claimed), (400, 0));
        let history = store.loan_history(0).await.unwrap();
        let names: Vec<&str> = history.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["LoanApplied", "LoanApproved", "Invested"], "{name}");
        assert_eq!(history[2].timestamp_ms, 1_700_000_012_000);
        store.close().await;
    }
}

#[tokio::test]
async fn listings_filter_sort_and_saved_conditions() {
    let dir = tempfile::tempdir().unwrap();
    for (name, store) in stores(&dir, "listings").await {
        let loans = [
            applied(0, 5_000, 12, 0, Purpose::Tuition),
            applied(1, 2_000, 24, 7, Purpose::Equipment),
            applied(2, 9_000, 36, 12, Purpose::Tuition),
            applied(3, 1_000, 6, 20, Purpose::LivingCosts),
        ];
        let mut events = loans.to_vec();
        events.extend((0..4).map(approved));
        store.write_block(GENESIS, &block(1, events)).await.unwrap();
        let ids = |rows: Vec<crate::query::LoanRow>| rows.iter().map(|l| l.id).collect::<Vec<_>>();
        let all = LoanFilter::default();
        assert_eq!(ids(store.loans(&all).await.unwrap()), [0, 1, 2, 3], "{name}: by grade");
        let by_apr = LoanFilter { sort: SortBy::Apr, ..all.clone() };
        assert_eq!(ids(store.loans(&by_apr).await.unwrap()), [3, 2, 1, 0]);
        let by_remaining = LoanFilter { sort: SortBy::Remaining, ..all.clone() };
        assert_eq!(ids(store.loans(&by_remaining).await.unwrap()), [2, 0, 1, 3], "amounts compare as numbers");
        let band = LoanFilter {
            best_grade: Some("A2".parse().unwrap()),
            worst_grade: Some("D1".parse().unwrap()),
            min_amount: Some(1_500),
            max_term: Some(36),
            purpose: Some("Tuition".into()),
            ..all.clone()
        };
        assert_eq!(ids(store.loans(&band).await.unwrap()), [2], "{name}: grade, amount, term and purpose");
        store.save_conditions("investor", "tuition", &band).await.unwrap();
        assert_eq!(ids(store.matching("investor", "tuition").await.unwrap()), [2]);
        assert!(matches!(store.matching("investor", "nope").await, Err(Error::BadInput(_))));
        assert!(matches!(store.loans(&LoanFilter { limit: Some(0), ..all }).await, Err(Error::BadInput(_))));
        store.close().await;
    }
}

/// An indexer and a query opening a new SQLite index at the same moment
/// both get it, with the schema applied once (SQLite has no migration lock:
/// `Store::connect` tries again while the other creates the schema).
#[tokio::test]
async fn two_connections_open_a_new_index_at_once() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..20 {
        let path = dir.path().join(format!("race-{round}.sqlite")).display().to_string();
        let (a, b) = tokio::join!(Store::connect(&path), Store::connect(&path));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.schema_versions().await.unwrap(), vec![1], "round {round}");
        assert_eq!(b.schema_versions().await.unwrap(), vec![1], "round {round}");
        a.close().await;
        b.close().await;
    }
}

/// Query latency on 10,000 indexed loans (`docs/indexer.md#measured`).
#[tokio::test]
async fn listing_10000_loans_is_fast() {
    const LOANS: u64 = 10_000;
    const PER_BLOCK: u64 = 500;
    let dir = tempfile::tempdir().unwrap();
    for (name, store) in stores(&dir, "latency").await {
        let start = Instant::now();
        for b in 0..LOANS / PER_BLOCK {
            let events = (b * PER_BLOCK..(b + 1) * PER_BLOCK)
                .flat_map(|id| {
                    let purpose =
                        [Purpose::Tuition, Purpose::LivingCosts, Purpose::Equipment, Purpose::Other][(id % 4) as usize];
                    [
                        applied(
                            id,
                            1_000 + u128::from(id % 97) * 100,
                            6 + (id % 5) as u16 * 6,
                            (id % 25) as u8,
                            purpose,
                        ),
                        approved(id),
                    ]
                })
                .collect();
            store.write_block(GENESIS, &block(b + 1, events)).await.unwrap();
        }
        let written = start.elapsed();
        let events = 2 * LOANS;
        println!(
            "{name}: stored {events} events in {written:.2?} ({:.0} events/s)",
            events as f64 / written.as_secs_f64()
        );
        let filter = LoanFilter {
            best_grade: Some("B1".parse().unwrap()),
            worst_grade: Some("C5".parse().unwrap()),
            min_amount: Some(3_000),
            purpose: Some("Tuition".into()),
            sort: SortBy::Apr,
            limit: Some(50),
            ..LoanFilter::default()
        };
        let mut times = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let page = store.loans(&filter).await.unwrap();
            times.push(t.elapsed());
            assert_eq!(page.len(), 50, "{name}");
            assert!(page.windows(2).all(|w| w[0].apr_bps >= w[1].apr_bps));
        }
        times.sort();
        println!(
            "{name}: filtered, sorted page of 50 from {LOANS} loans: p50 {:.2?}, max {:.2?}",
            times[10], times[19]
        );
        assert!(times[10].as_millis() < 100, "{name}: p50 {:?}", times[10]);
        store.close().await;
    }
}
