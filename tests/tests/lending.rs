//! The lending contract on a real dev node, through the client: a loan from
//! an application kept in the borrower's vault (applied, shared, verified
//! and approved through the `fiducia` CLI) to the last claim with several
//! investors; a late fee, a
//! default and a shared recovery; and the registry gating messages by role
//! and by second factor (docs/ARCHITECTURE.md#the-registry, docs/protocol/lending.md).
//!
//! Dev genesis: Alice is the issuer; every dev account holds every other
//! role. Periods are seconds here so that lateness happens within a test.

use fiducia_client::{
    account_of,
    authenticator::KeyFileAuthenticator,
    lending::{Lending, LendingEvent},
    registry::{Registry, Role},
    signer_from_uri, Chain, Error, Keypair, Wait,
};
use fiducia_core::lending::{
    ledger::{LedgerError, MarketTerms},
    ApplicationLimits, LendingError, LoanId, LoanStatus, Purpose, APPLY_ACTION,
};
use fiducia_e2e::{bundle, cli, DevNode, PROFILE};
use fiducia_registry_api::{AccessError, Assertion, SecondFactorError};
use fiducia_vault::{Application, Document, KdfParams, ReviewerKey, Vault};
use std::time::Duration;

const FID: u128 = 1_000_000_000_000;
const W: Wait = Wait::Finalized;
const COMMITMENT: [u8; 32] = [7; 32];

/// Windows long enough never to expire during a test; 20-second months.
fn terms() -> MarketTerms {
    MarketTerms {
        period_ms: 20_000,
        approval_window_ms: 600_000,
        funding_window_ms: 600_000,
        activation_window_ms: 600_000,
        disbursement_window_ms: 600_000,
        grace_ms: 4_000,
        late_fee_bps: 200,
        default_after_ms: 20_000,
        min_ticket: 10 * FID,
    }
}

fn dev(name: &str) -> Keypair {
    signer_from_uri(&format!("//{name}")).expect("dev account")
}

/// A freshly deployed lending market on a dev node.
struct Market {
    chain: Chain,
    lending: Lending,
    /// The contract's free balance right after deployment (its existential deposit).
    base: u128,
    keys: tempfile::TempDir,
}

impl Market {
    async fn open(node: &DevNode) -> anyhow::Result<Market> {
        let chain = node.chain().await?;
        let config = Some((ApplicationLimits::default(), terms()));
        let lending = Lending::deploy(&chain, bundle("lending")?, config, &dev("Alice"), W).await?;
        let base = chain.free_balance(lending.address()).await?;
        Ok(Market { chain, lending, base, keys: tempfile::tempdir()? })
    }

    /// A new key file for `who`, its credential registered by Alice (the issuer).
    async fn authenticator(&self, who: &Keypair, file: &str) -> anyhow::Result<KeyFileAuthenticator> {
        let auth = KeyFileAuthenticator::create(&self.keys.path().join(file), "fiducia.example")?;
        Registry::new(self.chain.clone())
            .register_credential(&account_of(who), &auth.credential(), &dev("Alice"), W)
            .await?;
        Ok(auth)
    }

    /// Applies (with the second factor), approves and funds a loan.
    async fn funded_loan(
        &self,
        borrower: &Keypair,
        auth: &mut KeyFileAuthenticator,
        principal: u128,
        term: u16,
        tickets: &[(&Keypair, u128)],
    ) -> anyhow::Result<LoanId> {
        let applied =
            self.lending.apply(principal, term, Purpose::Tuition, PROFILE, COMMITMENT, borrower, auth, W).await?;
        let id = applied.value;
        assert!(matches!(applied.events[..], [LendingEvent::LoanApplied(ref e)] if e.id == id));
        self.lending.approve(id, &dev("Alice"), W).await?;
        self.fund(id, tickets).await?;
        Ok(id)
    }

    /// Invests `tickets` in listed loan `id` until it is funded.
    async fn fund(&self, id: LoanId, tickets: &[(&Keypair, u128)]) -> anyhow::Result<()> {
        for (investor, amount) in tickets {
            self.lending.invest(id, *amount, investor, W).await?;
        }
        assert_eq!(self.status(id).await?, LoanStatus::Funded);
        Ok(())
    }

    /// Bob applies through the CLI with his vault entry's commitment and
    /// shares the entry with Alice (the administrator), who checks it
    /// against the contract with `fiducia vault verify` before approving;
    /// a share whose document was altered is a mismatch. Returns the
    /// approved loan.
    async fn apply_from_vault(&self, node: &DevNode, principal: u128, term: u16) -> anyhow::Result<LoanId> {
        let dir = self.keys.path();
        let path = |file: &str| dir.join(file).display().to_string();
        let lending = self.lending.address().to_string();
        let env = [("FIDUCIA_LENDING", lending.as_str()), ("FIDUCIA_VAULT_PASSPHRASE", "correct horse")];
        let run = |suri: &str, vault: &str, args: &[&str]| -> anyhow::Result<(bool, serde_json::Value)> {
            let vault = path(vault);
            let common = ["--url", node.url.as_str(), "--suri", suri, "vault", "--vault", vault.as_str()];
            // `lending apply` takes the vault from its own option.
            let args: Vec<&str> = match args.first() {
                Some(&"lending") => [&common[..4], args, &["--vault", vault.as_str()][..]].concat(),
                _ => [&common[..], args].concat(),
            };
            cli(&args, &env)
        };
        let fast_kdf = ["init", "--kdf-memory-mib", "8", "--kdf-iterations", "1"];
        for vault in ["bob.vault", "alice.vault"] {
            assert!(run("//Bob", vault, &fast_kdf)?.0, "vault init");
        }
        std::fs::write(dir.join("transcript.pdf"), b"%PDF-1.7 grades: A, A, B")?;
        let (ok, entry) = run(
            "//Bob",
            "bob.vault",
            &[
                "add",
                "bob-2026",
                "--full-name",
                "Bob Example",
                "--student-id",
                "S-42",
                "--university",
                "Fiducia University",
                "--income",
                "18500",
                "--document",
                &path("transcript.pdf"),
            ],
        )?;
        assert!(ok, "vault add: {entry}");
        let (amount, term) = (principal.to_string(), term.to_string());
        let (ok, applied) = run(
            "//Bob",
            "bob.vault",
            &[
                "lending",
                "apply",
                "--amount",
                &amount,
                "--term",
                &term,
                "--education",
                "Graduate",
                "--enrolment",
                "FullTime",
                "--income",
                "UpTo25k",
                "--debt",
                "NoDebt",
                "--employment",
                "PartTime",
                "--vault-entry",
                "bob-2026",
                "--key",
                &path("bob.key"),
            ],
        )?;
        assert!(ok, "lending apply: {applied}");
        let id: LoanId = serde_json::from_value(applied["value"].clone())?;
        let stored = self.lending.loan(id).await?.expect("loan exists").commitment;
        assert_eq!(entry["commitment"], format!("0x{}", hex::encode(stored)), "the vault's commitment is on chain");

        let (_, identity) = run("//Alice", "alice.vault", &["identity"])?;
        let key = identity["reviewer_key"].as_str().expect("a key").to_owned();
        assert!(run("//Bob", "bob.vault", &["share", "bob-2026", "--to", &key, "--out", &path("share.json")])?.0);
        assert!(run("//Alice", "alice.vault", &["import", &path("share.json")])?.0, "import");
        let (ok, verdict) = run("//Alice", "alice.vault", &["verify", &id.to_string()])?;
        assert!(ok && verdict["verdict"] == "match", "{verdict}");

        // Someone else's tools seal the same application with one altered
        // document byte, claiming loan `id`: a mismatch (exit status 2).
        let forger = Vault::create(&dir.join("forger.vault"), "pw", KdfParams::MINIMUM).await?;
        let mut altered = forger_copy(&dir.join("transcript.pdf"))?;
        altered.documents[0].content[0] ^= 1;
        forger.add("altered", altered).await?;
        forger.set_loan("altered", id).await?;
        let forged = forger.share("altered", &ReviewerKey::from_hex(&key)?).await?;
        std::fs::write(dir.join("altered.json"), serde_json::to_vec(&forged)?)?;
        let (ok, verdict) =
            run("//Alice", "alice.vault", &["verify", &id.to_string(), "--share", &path("altered.json")])?;
        assert!(!ok && verdict["verdict"] == "mismatch", "{verdict}");

        self.lending.approve(id, &dev("Alice"), W).await?;
        Ok(id)
    }

    /// `fiducia index run` follows the chain into a SQLite index and is
    /// killed (`SIGKILL`) as soon as it has stored a block; a second run
    /// resumes after the last stored block. The index then holds every
    /// block once, without a gap, and agrees with the contract on every
    /// loan and position.
    async fn index_agrees(&self, node: &DevNode, investors: &[&Keypair]) -> anyhow::Result<()> {
        let db = self.keys.path().join("index.sqlite").display().to_string();
        let lending = self.lending.address().to_string();
        let args = ["--url", node.url.as_str(), "index", "--db", db.as_str(), "run", "--lending", lending.as_str()];
        let log = self.keys.path().join("index.log");
        let mut follower = std::process::Command::new(fiducia_e2e::cli_binary()?)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()?;
        let store = fiducia_index::Store::connect(&db).await?;
        let mut waited = 0;
        while store.cursor().await?.is_none() {
            if waited >= 600 || follower.try_wait()?.is_some() {
                let _ = follower.kill();
                let said = std::fs::read_to_string(&log).unwrap_or_default();
                anyhow::bail!("the indexer stored no block in {} s; it said:\n{said}", waited / 10);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            waited += 1;
        }
        follower.kill()?;
        follower.wait()?;
        let killed_at = store.cursor().await?.expect("a block").number;
        let (ok, resumed) = cli(&[&args[..], &["--once"]].concat(), &[])?;
        assert!(ok, "index run --once: {resumed}");
        println!("indexer resumed: {resumed}");
        let head = store.cursor().await?.expect("a block").number;
        assert!(head > killed_at, "resumed from #{killed_at} to #{head}");
        let blocks: Vec<i64> =
            sqlx::query_scalar::<_, i64>("SELECT number FROM blocks ORDER BY number").fetch_all(store.pool()).await?;
        assert_eq!(blocks, (1..=head as i64).collect::<Vec<_>>(), "every block once, no gap");

        for id in 0..self.lending.loan_count().await? {
            let on_chain = self.lending.loan(id).await?.expect("loan exists");
            let indexed = store.loan(id).await?.expect("indexed");
            assert_eq!(indexed.status, format!("{:?}", on_chain.status()), "loan #{id}");
            assert_eq!((indexed.amount, indexed.raised), (on_chain.ledger.principal, on_chain.ledger.raised));
            assert_eq!(indexed.grade, on_chain.assessment.grade.to_string());
            assert_eq!(indexed.purpose, format!("{:?}", on_chain.purpose));
            for investor in investors {
                let who = account_of(investor);
                let position = self.lending.position(id, &who).await?;
                let indexed = store.positions(&who.to_string()).await?.into_iter().find(|p| p.loan_id == id);
                let indexed = indexed.map_or((0, 0), |p| (p.invested, p.claimed));
                assert_eq!(indexed, (position.invested, position.claimed), "loan #{id}, {who}");
            }
        }
        let history: Vec<String> = store.loan_history(0).await?.into_iter().map(|e| e.name).collect();
        assert_eq!(history.first().map(String::as_str), Some("LoanApplied"));
        assert_eq!(history.iter().filter(|n| *n == "Claimed").count(), investors.len(), "{history:?}");
        store.close().await;
        Ok(())
    }

    async fn status(&self, id: LoanId) -> anyhow::Result<LoanStatus> {
        Ok(self.lending.loan(id).await?.expect("loan exists").status())
    }

    /// The conservation invariant on chain: the contract's free balance
    /// above its existential deposit equals what its loans owe.
    async fn assert_conserved(&self) -> anyhow::Result<()> {
        let mut owed = 0;
        for id in 0..self.lending.loan_count().await? {
            owed += self.lending.loan(id).await?.expect("loan exists").ledger.held();
        }
        let held = self.chain.free_balance(self.lending.address()).await? - self.base;
        assert_eq!(held, owed, "contract balance = Σ owed");
        Ok(())
    }

    /// Waits until the latest finalized block's timestamp is at least `ms`.
    async fn wait_until(&self, ms: u64) -> anyhow::Result<()> {
        for _ in 0..180 {
            if self.chain.timestamp().await? >= ms {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        anyhow::bail!("the chain's clock did not reach {ms}")
    }
}

/// Bob's application as a forger would retype it.
fn forger_copy(transcript: &std::path::Path) -> anyhow::Result<Application> {
    Ok(Application {
        name: "Bob Example".into(),
        student_id: "S-42".into(),
        university: "Fiducia University".into(),
        income_cents: 1_850_000,
        documents: vec![Document { name: "transcript.pdf".into(), content: std::fs::read(transcript)? }],
    })
}

fn ledger_error<T: std::fmt::Debug>(result: Result<T, Error>) -> Option<LedgerError> {
    match result {
        Err(Error::Lending(LendingError::Ledger(e))) => Some(e),
        other => panic!("expected a ledger error, got {other:?}"),
    }
}

fn access_error<T: std::fmt::Debug>(result: Result<T, Error>) -> Option<AccessError> {
    match result {
        Err(Error::Lending(LendingError::Access(e))) => Some(e),
        other => panic!("expected an access error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn loan_from_application_to_the_last_claim() -> anyhow::Result<()> {
    let node = DevNode::start().await?;
    let m = Market::open(&node).await?;
    let (bob, charlie, dave, eve) = (dev("Bob"), dev("Charlie"), dev("Dave"), dev("Eve"));
    m.authenticator(&bob, "bob.key").await?;
    let principal = 1_200 * FID;
    let tickets = [(&charlie, 300 * FID), (&dave, 500 * FID), (&eve, 400 * FID)];
    let id = m.apply_from_vault(&node, principal, 3).await?;
    m.fund(id, &tickets).await?;
    m.assert_conserved().await?;
    // The CLI advanced the key file's signature counter.
    let mut auth = KeyFileAuthenticator::load(&m.keys.path().join("bob.key"))?;

    let activated = m.lending.activate(id, &dev("Alice"), W).await?;
    assert!(matches!(activated.events[..], [LendingEvent::LoanActivated(_)]));
    let before = m.chain.free_balance(&account_of(&bob)).await?;
    m.lending.disburse(id, &bob, &mut auth, W).await?;
    let received = m.chain.free_balance(&account_of(&bob)).await? - before;
    assert!(received > principal - FID && received <= principal, "principal less fees: {received}");
    m.assert_conserved().await?;

    // One instalment, then the rest early: prepayment carries no penalty,
    // overpayment is refused.
    let instalment = m.lending.schedule(id).await?.instalment;
    m.lending.repay(id, instalment, &bob, W).await?;
    // Interest accrues per full period: let the first one end (the first
    // instalment is paid, so nothing is late).
    let started_at = m.lending.loan(id).await?.expect("loan").ledger.started_at;
    m.wait_until(started_at + terms().period_ms + 1).await?;
    let payoff = m.lending.schedule(id).await?.payoff;
    let overpay = m.lending.repay(id, payoff + 1_000 * FID, &bob, W).await;
    assert_eq!(ledger_error(overpay), Some(LedgerError::Overpayment));
    // Interest may accrue between the query and the block: pay off with a
    // margin and get the change back.
    let payoff = m.lending.schedule(id).await?.payoff;
    let before = m.chain.free_balance(&account_of(&bob)).await?;
    let paid = m.lending.pay_off(id, payoff + 50 * FID, &bob, W).await?;
    assert!(matches!(paid.events[..], [LendingEvent::Repaid(ref e)] if e.paid_off), "{:?}", paid.events);
    let spent = before - m.chain.free_balance(&account_of(&bob)).await?;
    assert!(paid.value > 0 && spent < payoff + 50 * FID - paid.value + FID, "change returned: {spent}");
    assert_eq!(m.status(id).await?, LoanStatus::Repaid);
    m.assert_conserved().await?;

    let repaid = m.lending.loan(id).await?.expect("loan").ledger.repaid;
    assert!(repaid > principal, "interest was paid");
    let mut claimed = 0;
    for (investor, ticket) in tickets {
        let claimable = m.lending.claimable(id, &account_of(investor)).await?;
        assert_eq!(claimable, repaid * ticket / principal, "pro-rata, rounded down");
        let receipt = m.lending.claim(id, investor, W).await?;
        assert_eq!(receipt.value, claimable);
        claimed += claimable;
    }
    assert!(repaid - claimed < 3, "dust below one unit per investor");
    assert_eq!(ledger_error(m.lending.claim(id, &charlie, W).await), Some(LedgerError::NothingOwed));
    m.assert_conserved().await?;
    m.index_agrees(&node, &[&charlie, &dave, &eve]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn late_fee_default_and_shared_recovery() -> anyhow::Result<()> {
    let node = DevNode::start().await?;
    let m = Market::open(&node).await?;
    let (bob, charlie, dave, ferdie) = (dev("Bob"), dev("Charlie"), dev("Dave"), dev("Ferdie"));
    let mut auth = m.authenticator(&bob, "bob.key").await?;
    let tickets = [(&charlie, 250 * FID), (&dave, 750 * FID)];
    let id = m.funded_loan(&bob, &mut auth, 1_000 * FID, 6, &tickets).await?;
    m.lending.activate(id, &dev("Alice"), W).await?;
    m.lending.disburse(id, &bob, &mut auth, W).await?;

    // Nothing is paid: past month 1 and its grace, a late fee is due.
    let started = m.lending.loan(id).await?.expect("loan").ledger.started_at;
    m.wait_until(started + 20_000 + 4_000 + 2_000).await?;
    let standing = m.lending.schedule(id).await?;
    assert!(standing.fees_due > 0, "late fee charged: {standing:?}");
    assert!(standing.overdue > standing.instalment);
    assert_eq!(ledger_error(m.lending.mark_default(id, &ferdie, W).await), Some(LedgerError::NotInDefault));

    // Past the default threshold anyone may mark the default.
    m.wait_until(started + 20_000 + 20_000 + 2_000).await?;
    m.lending.mark_default(id, &ferdie, W).await?;
    assert_eq!(m.status(id).await?, LoanStatus::Defaulted);

    // A recovery after the default is still shared pro-rata, 1 : 3.
    m.lending.repay(id, 400 * FID, &ferdie, W).await?;
    let c = m.lending.claim(id, &charlie, W).await?.value;
    let d = m.lending.claim(id, &dave, W).await?.value;
    assert_eq!((c, d), (100 * FID, 300 * FID));
    m.assert_conserved().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn registry_gates_messages_by_role_and_second_factor() -> anyhow::Result<()> {
    let node = DevNode::start().await?;
    let m = Market::open(&node).await?;
    let (alice, ferdie) = (dev("Alice"), dev("Ferdie"));
    let who = account_of(&ferdie);
    let registry = Registry::new(m.chain.clone());
    let mut auth = m.authenticator(&ferdie, "ferdie.key").await?;
    let amount = 500 * FID;
    let args = (amount, 12u16, Purpose::Tuition, PROFILE, COMMITMENT);
    // `apply` dry-run on the node: the real chain extension answers.
    let dry_apply = |assertion: Assertion| {
        let (lending, ferdie) = (m.lending.clone(), ferdie.clone());
        async move {
            let apply = lending.messages().apply(amount, 12u16, Purpose::Tuition, PROFILE, COMMITMENT, assertion);
            lending.dry_run(apply, 0, &ferdie).await.map(|(id, _)| id)
        }
    };
    let nonce = m.lending.nonce(&who).await?;
    let right_challenge = m.lending.challenge(&who, APPLY_ACTION, &args, nonce);

    // Without the Borrower license the message is refused, with it accepted.
    registry.revoke_role(&who, Role::Borrower, &alice, W).await?;
    assert!(!registry.has_role(&who, Role::Borrower).await?);
    let good = auth.assert(&right_challenge)?;
    assert_eq!(access_error(dry_apply(good.clone()).await), Some(AccessError::MissingRole(Role::Borrower)));
    registry.grant_role(&who, Role::Borrower, None, &alice, W).await?;
    assert!(registry.has_role(&who, Role::Borrower).await?);
    assert_eq!(dry_apply(good.clone()).await?, 0, "licensed, with a good assertion: accepted");

    // Bad assertions, each refused by the runtime's WebAuthn check.
    let refused = |e| Some(AccessError::SecondFactor(e));
    let mut tampered = good.clone();
    *tampered.signature.last_mut().expect("a signature") ^= 1;
    assert_eq!(access_error(dry_apply(tampered).await), refused(SecondFactorError::BadSignature));
    let other_args = (amount + 1, 12u16, Purpose::Tuition, PROFILE, COMMITMENT);
    let wrong = auth.assert(&m.lending.challenge(&who, APPLY_ACTION, &other_args, nonce))?;
    assert_eq!(access_error(dry_apply(wrong).await), refused(SecondFactorError::WrongChallenge));
    let mut stranger = KeyFileAuthenticator::create(&m.keys.path().join("other.key"), "fiducia.example")?;
    let unknown = stranger.assert(&right_challenge)?;
    assert_eq!(access_error(dry_apply(unknown).await), refused(SecondFactorError::UnknownCredential));

    // The real application goes through; the registry stores the counter,
    // and an assertion with an old counter is then a replay.
    let applied = m.lending.apply(amount, 12, Purpose::Tuition, PROFILE, COMMITMENT, &ferdie, &mut auth, W).await?;
    assert_eq!(applied.value, 0);
    assert_eq!(registry.credential_counter(&who).await?, Some(auth.counter()));
    let key_text = std::fs::read_to_string(m.keys.path().join("ferdie.key"))?;
    let rewound_text = key_text.replace(&format!("\"counter\": {}", auth.counter()), "\"counter\": 1");
    assert_ne!(key_text, rewound_text, "the key file records the counter");
    std::fs::write(m.keys.path().join("rewound.key"), rewound_text)?;
    let mut rewound = KeyFileAuthenticator::load(&m.keys.path().join("rewound.key"))?;
    let next = m.lending.challenge(&who, APPLY_ACTION, &args, m.lending.nonce(&who).await?);
    let replayed = rewound.assert(&next)?;
    assert_eq!(access_error(dry_apply(replayed).await), refused(SecondFactorError::Replayed));

    // An Investor-only message refuses an account without that license.
    registry.revoke_role(&who, Role::Investor, &alice, W).await?;
    let invest = m.lending.invest(0, 10 * FID, &ferdie, W).await;
    assert_eq!(access_error(invest), Some(AccessError::MissingRole(Role::Investor)));
    assert_eq!(m.lending.loan_count().await?, 1, "refusals changed nothing");
    Ok(())
}
