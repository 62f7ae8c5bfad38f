//! Round trips and every failure of the vault file and its cryptography.

use super::*;
use std::time::Instant;

const PASS: &str = "correct horse battery staple";

fn sample() -> Application {
    Application {
        name: "Ada Lovelace".into(),
        student_id: "S-1815".into(),
        university: "University of London".into(),
        income_cents: 1_234_567,
        documents: vec![
            Document { name: "transcript.pdf".into(), content: b"%PDF grades".to_vec() },
            Document { name: "income.pdf".into(), content: vec![0xAB; 100_000] },
        ],
    }
}

async fn fresh(dir: &tempfile::TempDir, file: &str) -> (PathBuf, Vault) {
    let path = dir.path().join(file);
    let vault = Vault::create(&path, PASS, KdfParams::INSECURE_FAST).await.unwrap();
    (path, vault)
}

/// Runs `sql` on the raw file, as an attacker with write access would.
async fn raw(path: &Path, sql: &'static str) {
    let pool = connect(path).await.unwrap();
    sqlx::query(sql).execute(&pool).await.unwrap();
    pool.close().await;
}

#[tokio::test]
async fn round_trip_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (path, vault) = fresh(&dir, "v.db").await;
    let added = vault.add("first", sample()).await.unwrap();
    vault.set_loan("first", 7).await.unwrap();
    vault.close().await;

    let vault = Vault::open(&path, PASS).await.unwrap();
    let got = vault.get("first").await.unwrap();
    assert_eq!(got.application, sample());
    assert_eq!(got.commitment, added.commitment);
    assert_eq!(got.loan, Some(7));
    assert_eq!(vault.by_loan(7).await.unwrap().name, "first");
    assert!(matches!(vault.by_loan(8).await, Err(Error::NoEntry(_))));
    assert_eq!(vault.list().await.unwrap().len(), 1);
    // Linking to another loan is refused; the same loan is idempotent.
    assert!(matches!(vault.set_loan("first", 8).await, Err(Error::AlreadyExists(_))));
    vault.set_loan("first", 7).await.unwrap();
}

#[tokio::test]
async fn salts_are_fresh_so_equal_data_gives_unequal_commitments() {
    let dir = tempfile::tempdir().unwrap();
    let (_, vault) = fresh(&dir, "v.db").await;
    let a = vault.add("a", sample()).await.unwrap();
    let b = vault.add("b", sample()).await.unwrap();
    assert_ne!(a.commitment, b.commitment);
}

#[tokio::test]
async fn plaintext_never_reaches_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, vault) = fresh(&dir, "v.db").await;
    vault.add("first", sample()).await.unwrap();
    vault.close().await;
    let bytes = std::fs::read(&path).unwrap();
    for needle in [&b"Ada Lovelace"[..], b"S-1815", b"University of London", b"%PDF grades"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{:?} is in the file",
            String::from_utf8_lossy(needle)
        );
    }
}

#[tokio::test]
async fn wrong_passphrase_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, vault) = fresh(&dir, "v.db").await;
    vault.add("first", sample()).await.unwrap();
    vault.close().await;
    let before = std::fs::read(&path).unwrap();
    let err = Vault::open(&path, "wrong").await.err().unwrap();
    assert!(matches!(err, Error::WrongPassphrase), "{err}");
    assert!(!err.to_string().contains("Ada"));
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file was modified");
}

#[tokio::test]
async fn an_altered_row_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let (path, vault) = fresh(&dir, "v.db").await;
    vault.add("first", sample()).await.unwrap();
    vault.close().await;
    // Flip one bit of the ciphertext (past the nonce).
    let pool = connect(&path).await.unwrap();
    let mut sealed: Vec<u8> = sqlx::query("SELECT sealed FROM entries").fetch_one(&pool).await.unwrap().get(0);
    sealed[30] ^= 1;
    sqlx::query("UPDATE entries SET sealed = ?").bind(sealed).execute(&pool).await.unwrap();
    pool.close().await;
    let vault = Vault::open(&path, PASS).await.unwrap();
    let err = vault.get("first").await.err().unwrap();
    assert!(matches!(&err, Error::Tampered(n) if n == "first"), "{err}");
    assert!(matches!(vault.list().await, Err(Error::Tampered(_))));
}

#[tokio::test]
async fn a_row_copied_over_another_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let (path, vault) = fresh(&dir, "v.db").await;
    vault.add("honest", sample()).await.unwrap();
    let mut other = sample();
    other.income_cents = 99;
    vault.add("inflated", other).await.unwrap();
    vault.close().await;
    raw(
        &path,
        "UPDATE entries SET sealed = (SELECT sealed FROM entries WHERE name = 'inflated') WHERE name = 'honest'",
    )
    .await;
    let vault = Vault::open(&path, PASS).await.unwrap();
    assert!(matches!(vault.get("honest").await, Err(Error::Tampered(_))));
}

#[tokio::test]
async fn a_row_from_another_vault_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let (path_a, a) = fresh(&dir, "a.db").await;
    let (path_b, b) = fresh(&dir, "b.db").await;
    a.add("x", sample()).await.unwrap();
    b.add("x", sample()).await.unwrap();
    a.close().await;
    b.close().await;
    let pool = connect(&path_a).await.unwrap();
    let sealed: Vec<u8> = sqlx::query("SELECT sealed FROM entries").fetch_one(&pool).await.unwrap().get(0);
    pool.close().await;
    let pool = connect(&path_b).await.unwrap();
    sqlx::query("UPDATE entries SET sealed = ?").bind(sealed).execute(&pool).await.unwrap();
    pool.close().await;
    // Same passphrase, same name: still refused (the vault id is bound).
    let b = Vault::open(&path_b, PASS).await.unwrap();
    assert!(matches!(b.get("x").await, Err(Error::Tampered(_))));
}

#[tokio::test]
async fn lowered_key_derivation_costs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, vault) = fresh(&dir, "v.db").await;
    vault.close().await;
    raw(&path, "UPDATE header SET kdf_memory_kib = 8").await;
    assert!(matches!(Vault::open(&path, PASS).await, Err(Error::Corrupt(_))));
    raw(&path, "UPDATE header SET kdf_memory_kib = 16384").await;
    // Raised costs derive another key: the header check fails.
    assert!(matches!(Vault::open(&path, PASS).await, Err(Error::WrongPassphrase)));
}

#[tokio::test]
async fn a_truncated_or_foreign_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let (path, vault) = fresh(&dir, "v.db").await;
    for i in 0..20 {
        vault.add(&format!("entry {i}"), sample()).await.unwrap();
    }
    vault.close().await;
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let truncated = std::fs::read(&path).unwrap();
    let outcome = match Vault::open(&path, PASS).await {
        Err(e) => Err(e),
        Ok(v) => v.list().await.map(|_| ()),
    };
    assert!(matches!(outcome, Err(Error::Corrupt(_))), "{outcome:?}");
    assert_eq!(std::fs::read(&path).unwrap(), truncated, "the file was modified");

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all, just some text that is long enough").unwrap();
    assert!(matches!(Vault::open(&text, PASS).await, Err(Error::Corrupt(_))));
    let missing = dir.path().join("missing.db");
    assert!(matches!(Vault::open(&missing, PASS).await, Err(Error::NotFound(_))));
    assert!(!missing.exists(), "open created a file");
}

#[tokio::test]
async fn nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (path, vault) = fresh(&dir, "v.db").await;
    vault.add("first", sample()).await.unwrap();
    let mut other = sample();
    other.name = "Mallory".into();
    assert!(matches!(vault.add("first", other).await, Err(Error::AlreadyExists(_))));
    assert_eq!(vault.get("first").await.unwrap().application, sample());
    vault.close().await;
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(Vault::create(&path, PASS, KdfParams::INSECURE_FAST).await, Err(Error::AlreadyExists(_))));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[tokio::test]
async fn invalid_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, vault) = fresh(&dir, "v.db").await;
    let mut bad = sample();
    bad.student_id.clear();
    assert!(matches!(vault.add("x", bad).await, Err(Error::Invalid(InvalidApplication::Empty("student id")))));
    assert!(matches!(vault.add("", sample()).await, Err(Error::BadInput(_))));
    assert!(vault.list().await.unwrap().is_empty());
    assert!(matches!(
        Vault::create(&dir.path().join("e.db"), "", KdfParams::INSECURE_FAST).await,
        Err(Error::BadInput(_))
    ));
    assert!(ReviewerKey::from_hex("0x1234").is_err());
}

#[tokio::test]
async fn sharing_reaches_only_the_reviewer_with_the_same_commitment() {
    let dir = tempfile::tempdir().unwrap();
    let (_, borrower) = fresh(&dir, "borrower.db").await;
    let (_, admin) = fresh(&dir, "admin.db").await;
    let (_, stranger) = fresh(&dir, "stranger.db").await;
    let entry = borrower.add("my loan", sample()).await.unwrap();
    borrower.set_loan("my loan", 3).await.unwrap();

    let key = admin.reviewer_key().await.unwrap();
    assert_eq!(admin.reviewer_key().await.unwrap(), key, "the reviewer key is stable");
    let shared = borrower.share("my loan", &key).await.unwrap();
    assert_eq!(shared.loan, Some(3));
    assert!(!shared.sealed.contains(&hex::encode(b"Ada")));

    assert!(matches!(stranger.import(&shared).await, Err(Error::NotForUs)));
    let mut altered = shared.clone();
    let flip = if altered.sealed.ends_with('0') { "1" } else { "0" };
    altered.sealed.replace_range(altered.sealed.len() - 1.., flip);
    assert!(matches!(admin.import(&altered).await, Err(Error::NotForUs)));

    let peeked = admin.open_share(&shared).await.unwrap();
    assert_eq!(peeked.commitment, entry.commitment);
    assert!(admin.list().await.unwrap().is_empty(), "open_share stores nothing");

    let received = admin.import(&shared).await.unwrap();
    assert_eq!(received.name, "loan-3", "named by its loan, not by the borrower");
    assert!(received.received);
    assert_eq!(received.commitment, entry.commitment);
    assert_eq!(admin.by_loan(3).await.unwrap().application, sample());
    assert!(matches!(admin.import(&shared).await, Err(Error::AlreadyExists(_))), "imported twice");
}

#[tokio::test]
async fn default_key_derivation_opens_and_is_timed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    Vault::create(&path, PASS, KdfParams::DEFAULT).await.unwrap().close().await;
    let start = Instant::now();
    Vault::open(&path, PASS).await.unwrap().close().await;
    let elapsed = start.elapsed();
    println!("Argon2id {:?}: open took {elapsed:.2?}", KdfParams::DEFAULT);
    assert!(elapsed.as_secs() < 10, "opening a vault took {elapsed:?}");
}

#[tokio::test]
async fn verify_matches_only_the_committed_data_and_links_are_one_to_one() {
    let dir = tempfile::tempdir().unwrap();
    let (_, borrower) = fresh(&dir, "borrower.db").await;
    let (_, admin) = fresh(&dir, "admin.db").await;
    let genuine = borrower.add("genuine", sample()).await.unwrap();
    let mut altered = sample();
    altered.documents[0].content[0] ^= 1;
    borrower.add("altered", altered).await.unwrap();
    let key = admin.reviewer_key().await.unwrap();
    assert!(matches!(borrower.share("genuine", &key).await, Err(Error::BadInput(_))), "not linked to a loan yet");
    borrower.set_loan("genuine", 9).await.unwrap();
    assert!(matches!(borrower.set_loan("altered", 9).await, Err(Error::AlreadyExists(_))), "loan #9 is taken");
    assert!(matches!(borrower.set_loan("genuine", 10).await, Err(Error::AlreadyExists(_))), "genuine is #9's");

    let on_chain = genuine.commitment;
    let shared = admin.open_share(&borrower.share("genuine", &key).await.unwrap()).await.unwrap();
    assert_eq!(shared.verify(&on_chain), Verdict::Match);
    let (_, forger) = fresh(&dir, "forger.db").await;
    let mut altered = sample();
    altered.documents[0].content[0] ^= 1;
    forger.add("altered", altered).await.unwrap();
    forger.set_loan("altered", 9).await.unwrap();
    let forged = admin.open_share(&forger.share("altered", &key).await.unwrap()).await.unwrap();
    assert_eq!(forged.verify(&on_chain), Verdict::Mismatch, "one flipped bit of a document");
}
