//! # fiducia-vault
//!
//! A borrower's confidential application data, kept encrypted at rest in one
//! local SQLite file, and the salted commitment the lending contract stores
//! instead of the data (`docs/vault.md`):
//!
//! - [`Vault::create`] / [`Vault::open`]: a passphrase-protected file; the
//!   key comes from Argon2id ([`KdfParams`]) and never touches the disk;
//! - [`Vault::add`]: an [`Application`] with a fresh salt; its
//!   [`Entry::commitment`] is what `fiducia lending apply` sends;
//! - [`Vault::share`] / [`Vault::import`]: the borrower seals an entry to the
//!   administrator's X25519 key ([`ReviewerKey`]); the administrator opens it
//!   in its own vault and compares the commitment with the contract's.
//!
//! Every row is sealed with XChaCha20-Poly1305 bound to the vault and the
//! row's name, so a wrong passphrase, a changed byte, a row copied over
//! another or a truncated file is a typed [`Error`]; none of them writes.

mod application;
mod crypto;

pub use application::{Application, Document, InvalidApplication, COMMITMENT_DOMAIN, SALT_LEN};
pub use crypto::{KdfParams, ReviewerKey, ReviewerSecret};

use codec::{Decode, Encode};
use crypto::{random, VaultKey, KDF_SALT_LEN};
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions},
    Row, SqlitePool,
};
use std::path::{Path, PathBuf};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The vault file's format; a newer format is refused, not guessed at.
pub const FORMAT: i64 = 1;
/// Domain of every row's associated data.
const ROW_DOMAIN: &[u8] = b"fiducia/vault/row/v1";
/// Domain of a shared application's sealed plaintext.
const SHARE_DOMAIN: [u8; 22] = *b"fiducia/vault/share/v1";
/// The plaintext of the header's key check.
const KEY_CHECK: &[u8] = b"fiducia vault key check";
/// The format name of a share file.
pub const SHARE_FORMAT: &str = "fiducia/vault/share/v1";

/// What can go wrong with a vault. No variant carries decrypted data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No vault at this path.
    #[error("no vault at {0} (create one with `fiducia vault init`)")]
    NotFound(PathBuf),
    /// Something already exists under this name; nothing was overwritten.
    #[error("{0} already exists; nothing was overwritten")]
    AlreadyExists(String),
    /// The passphrase does not open the vault.
    #[error("wrong passphrase (or the vault's header was altered)")]
    WrongPassphrase,
    /// A row does not authenticate: it was changed or copied from elsewhere.
    #[error("the vault entry {0:?} was altered or is damaged; it was not used")]
    Tampered(String),
    /// The file is not a readable vault (truncated, damaged, another file).
    #[error("the vault file is damaged or not a vault: {0}")]
    Corrupt(String),
    /// No entry has this name, or none is linked to this loan.
    #[error("no vault entry {0}")]
    NoEntry(String),
    /// The application data is not well formed.
    #[error("invalid application: {0}")]
    Invalid(#[from] InvalidApplication),
    /// Malformed input (a key, a share file).
    #[error("bad input: {0}")]
    BadInput(String),
    /// A shared file does not open with this vault's reviewer key.
    #[error("the shared file is not addressed to this vault's reviewer key, or was altered")]
    NotForUs,
    /// Encryption or randomness failed.
    #[error("cryptography failed: {0}")]
    Crypto(&'static str),
    /// The file could not be read or written.
    #[error("vault file: {0}")]
    Io(String),
}

/// An entry's application, its salt and the loan it was sent as.
#[derive(Clone, Debug, Encode, Decode, Zeroize, ZeroizeOnDrop)]
struct Sealed {
    application: Application,
    salt: [u8; SALT_LEN],
    loan: Option<u64>,
    received: bool,
}

/// One decrypted vault entry.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Entry {
    /// The entry's name in this vault.
    pub name: String,
    /// The application data.
    pub application: Application,
    /// The lending contract's loan id, once applied (or as shared).
    pub loan: Option<u64>,
    /// Whether the entry was received from a borrower (`import`) rather
    /// than written here.
    pub received: bool,
    /// The on-chain commitment of the data.
    #[serde(serialize_with = "hex0x")]
    pub commitment: [u8; 32],
    #[serde(skip)]
    salt: Zeroizing<[u8; SALT_LEN]>,
}

fn hex0x<S: serde::Serializer>(bytes: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("0x{}", hex::encode(bytes)))
}

impl Entry {
    fn from_sealed(name: String, sealed: &Sealed) -> Self {
        Self {
            commitment: sealed.application.commitment(&sealed.salt),
            name,
            application: sealed.application.clone(),
            loan: sealed.loan,
            received: sealed.received,
            salt: Zeroizing::new(sealed.salt),
        }
    }

    /// Whether this entry is the data behind `on_chain`, the commitment a
    /// loan stores.
    pub fn verify(&self, on_chain: &[u8; 32]) -> Verdict {
        if self.commitment == *on_chain {
            Verdict::Match
        } else {
            Verdict::Mismatch
        }
    }

    fn to_sealed(&self) -> Sealed {
        Sealed { application: self.application.clone(), salt: *self.salt, loan: self.loan, received: self.received }
    }
}

/// Whether an entry's commitment is the one a loan stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The data is exactly what the borrower committed to.
    Match,
    /// Some byte differs (or the salt): this is not the committed data.
    Mismatch,
}

/// A share file: an entry sealed to one reviewer key.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Shared {
    /// Always [`SHARE_FORMAT`].
    pub format: String,
    /// The reviewer key it is sealed to (hex).
    pub to: String,
    /// The loan it belongs to.
    pub loan: Option<u64>,
    /// The sealed box (hex).
    pub sealed: String,
}

/// An open vault: the file and the key derived from its passphrase.
pub struct Vault {
    pool: SqlitePool,
    key: VaultKey,
    id: [u8; 16],
}

const KIND_APPLICATION: &str = "application";
const KIND_REVIEWER: &str = "reviewer";

fn db_error(e: sqlx::Error) -> Error {
    match &e {
        sqlx::Error::Database(d) if d.message().contains("UNIQUE") => {
            Error::AlreadyExists("an entry of this name".into())
        },
        sqlx::Error::Database(d) if d.message().contains("no such table") => {
            Error::Corrupt("not a Fiducia vault".into())
        },
        sqlx::Error::Database(d) => Error::Corrupt(d.message().to_owned()),
        sqlx::Error::Io(io) => Error::Io(io.to_string()),
        other => Error::Corrupt(other.to_string()),
    }
}

fn row_aad(id: &[u8; 16], kind: &str, name: &str) -> Vec<u8> {
    [ROW_DOMAIN, id, kind.as_bytes(), &[0], name.as_bytes()].concat()
}

fn header_aad(id: &[u8; 16], params: &KdfParams, salt: &[u8]) -> Vec<u8> {
    let costs = (params.memory_kib, params.iterations, params.parallelism).encode();
    [ROW_DOMAIN, id, b"header", &[0], &costs, salt].concat()
}

async fn connect(path: &Path) -> Result<SqlitePool, Error> {
    let options =
        SqliteConnectOptions::new().filename(path).create_if_missing(false).journal_mode(SqliteJournalMode::Delete);
    SqlitePoolOptions::new().max_connections(1).connect_with(options).await.map_err(db_error)
}

impl Vault {
    /// Creates a new vault file at `path` protected by `passphrase`. Refuses
    /// (and leaves it alone) if the file exists.
    pub async fn create(path: &Path, passphrase: &str, params: KdfParams) -> Result<Self, Error> {
        if passphrase.is_empty() {
            return Err(Error::BadInput("the passphrase is empty".into()));
        }
        let mut file = std::fs::OpenOptions::new();
        file.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
        file.open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::AlreadyExists(path.display().to_string()),
            _ => Error::Io(format!("{}: {e}", path.display())),
        })?;
        let created = Self::initialise(path, passphrase, params).await;
        if created.is_err() {
            let _ = std::fs::remove_file(path);
        }
        created
    }

    async fn initialise(path: &Path, passphrase: &str, params: KdfParams) -> Result<Self, Error> {
        let pool = connect(path).await?;
        let id: [u8; 16] = random()?;
        let salt: [u8; KDF_SALT_LEN] = random()?;
        let key = VaultKey::derive(passphrase, &salt, params)?;
        let check = key.seal(KEY_CHECK, &header_aad(&id, &params, &salt))?;
        let mut tx = pool.begin().await.map_err(db_error)?;
        for statement in [
            "CREATE TABLE header (only INTEGER PRIMARY KEY CHECK (only = 1), format INTEGER NOT NULL, \
             vault_id BLOB NOT NULL, kdf_memory_kib INTEGER NOT NULL, kdf_iterations INTEGER NOT NULL, \
             kdf_parallelism INTEGER NOT NULL, kdf_salt BLOB NOT NULL, key_check BLOB NOT NULL)",
            "CREATE TABLE entries (kind TEXT NOT NULL, name TEXT NOT NULL, sealed BLOB NOT NULL, \
             PRIMARY KEY (kind, name))",
        ] {
            sqlx::query(statement).execute(&mut *tx).await.map_err(db_error)?;
        }
        sqlx::query("INSERT INTO header VALUES (1, ?, ?, ?, ?, ?, ?, ?)")
            .bind(FORMAT)
            .bind(&id[..])
            .bind(i64::from(params.memory_kib))
            .bind(i64::from(params.iterations))
            .bind(i64::from(params.parallelism))
            .bind(&salt[..])
            .bind(check)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(Self { pool, key, id })
    }

    /// Opens the vault at `path`. Reads only: a failure changes nothing.
    pub async fn open(path: &Path, passphrase: &str) -> Result<Self, Error> {
        if !path.exists() {
            return Err(Error::NotFound(path.to_owned()));
        }
        let pool = connect(path).await?;
        let row = sqlx::query(
            "SELECT format, vault_id, kdf_memory_kib, kdf_iterations, kdf_parallelism, kdf_salt, key_check \
             FROM header WHERE only = 1",
        )
        .fetch_optional(&pool)
        .await
        .map_err(db_error)?
        .ok_or_else(|| Error::Corrupt("the header is missing".into()))?;
        let read = |e: sqlx::Error| Error::Corrupt(format!("header: {e}"));
        let format: i64 = row.try_get(0).map_err(read)?;
        if format != FORMAT {
            return Err(Error::Corrupt(format!("vault format {format} (this program reads format {FORMAT})")));
        }
        let id: Vec<u8> = row.try_get(1).map_err(read)?;
        let id: [u8; 16] = id.try_into().map_err(|_| Error::Corrupt("vault id".into()))?;
        let cost = |i: usize| -> Result<u32, Error> {
            let v: i64 = row.try_get(i).map_err(read)?;
            u32::try_from(v).map_err(|_| Error::Corrupt("key-derivation parameters".into()))
        };
        let params = KdfParams { memory_kib: cost(2)?, iterations: cost(3)?, parallelism: cost(4)? };
        let salt: Vec<u8> = row.try_get(5).map_err(read)?;
        let check: Vec<u8> = row.try_get(6).map_err(read)?;
        let key = VaultKey::derive(passphrase, &salt, params)?;
        match key.open(&check, &header_aad(&id, &params, &salt)) {
            Some(plain) if plain.as_slice() == KEY_CHECK => Ok(Self { pool, key, id }),
            _ => Err(Error::WrongPassphrase),
        }
    }

    /// Stores `application` under `name` with a fresh salt and returns the
    /// entry (with its commitment). An existing name is refused.
    pub async fn add(&self, name: &str, application: Application) -> Result<Entry, Error> {
        check_name(name)?;
        application.validate()?;
        let sealed = Sealed { application, salt: random()?, loan: None, received: false };
        self.insert(KIND_APPLICATION, name, &sealed.encode()).await?;
        Ok(Entry::from_sealed(name.to_owned(), &sealed))
    }

    async fn insert(&self, kind: &str, name: &str, plaintext: &[u8]) -> Result<(), Error> {
        let sealed = self.key.seal(plaintext, &row_aad(&self.id, kind, name))?;
        sqlx::query("INSERT INTO entries (kind, name, sealed) VALUES (?, ?, ?)")
            .bind(kind)
            .bind(name)
            .bind(sealed)
            .execute(&self.pool)
            .await
            .map_err(|e| match db_error(e) {
                Error::AlreadyExists(_) => Error::AlreadyExists(format!("the vault entry {name:?}")),
                other => other,
            })?;
        Ok(())
    }

    async fn read(&self, kind: &str, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, Error> {
        let row = sqlx::query("SELECT sealed FROM entries WHERE kind = ? AND name = ?")
            .bind(kind)
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        let Some(row) = row else { return Ok(None) };
        let sealed: Vec<u8> = row.try_get(0).map_err(db_error)?;
        self.key.open(&sealed, &row_aad(&self.id, kind, name)).map(Some).ok_or_else(|| Error::Tampered(name.to_owned()))
    }

    fn decode(name: &str, plain: &[u8]) -> Result<Entry, Error> {
        let sealed = Sealed::decode(&mut &plain[..]).map_err(|_| Error::Tampered(name.to_owned()))?;
        Ok(Entry::from_sealed(name.to_owned(), &sealed))
    }

    /// The entry named `name`.
    pub async fn get(&self, name: &str) -> Result<Entry, Error> {
        let plain = self.read(KIND_APPLICATION, name).await?.ok_or_else(|| Error::NoEntry(format!("{name:?}")))?;
        Self::decode(name, &plain)
    }

    /// Every application entry, by name. A damaged entry fails the whole
    /// listing (it is never skipped silently).
    pub async fn list(&self) -> Result<Vec<Entry>, Error> {
        let rows = sqlx::query("SELECT name FROM entries WHERE kind = ? ORDER BY name")
            .bind(KIND_APPLICATION)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows {
            let name: String = row.try_get(0).map_err(db_error)?;
            entries.push(self.get(&name).await?);
        }
        Ok(entries)
    }

    /// The entry linked to loan `loan`.
    pub async fn by_loan(&self, loan: u64) -> Result<Entry, Error> {
        self.list()
            .await?
            .into_iter()
            .find(|e| e.loan == Some(loan))
            .ok_or_else(|| Error::NoEntry(format!("for loan #{loan}")))
    }

    /// Links entry `name` to the loan it was sent as (after `apply`). An
    /// entry belongs to one loan and a loan to one entry.
    pub async fn set_loan(&self, name: &str, loan: u64) -> Result<Entry, Error> {
        let mut entry = self.get(name).await?;
        if let Some(other) = entry.loan.filter(|l| *l != loan) {
            return Err(Error::AlreadyExists(format!("the link of {name:?} to loan #{other}")));
        }
        if let Some(other) = self.list().await?.into_iter().find(|e| e.loan == Some(loan) && e.name != name) {
            return Err(Error::AlreadyExists(format!("the link of loan #{loan} to {:?}", other.name)));
        }
        entry.loan = Some(loan);
        let sealed = self.key.seal(&entry.to_sealed().encode(), &row_aad(&self.id, KIND_APPLICATION, name))?;
        sqlx::query("UPDATE entries SET sealed = ? WHERE kind = ? AND name = ?")
            .bind(sealed)
            .bind(KIND_APPLICATION)
            .bind(name)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(entry)
    }

    /// This vault's reviewer (administrator) key pair, created on first use.
    async fn reviewer(&self) -> Result<ReviewerSecret, Error> {
        if let Some(plain) = self.read(KIND_REVIEWER, "default").await? {
            let bytes: [u8; 32] = plain.as_slice().try_into().map_err(|_| Error::Tampered("reviewer key".into()))?;
            return Ok(ReviewerSecret::from_bytes(bytes));
        }
        let secret = ReviewerSecret::generate()?;
        self.insert(KIND_REVIEWER, "default", secret.to_bytes().as_ref()).await?;
        Ok(secret)
    }

    /// The public key borrowers share their applications to.
    pub async fn reviewer_key(&self) -> Result<ReviewerKey, Error> {
        Ok(self.reviewer().await?.public())
    }

    /// Entry `name` sealed to `to`: only the holder of that key opens it.
    /// Only an entry linked to its loan is shared: the reviewer checks it
    /// against that loan.
    pub async fn share(&self, name: &str, to: &ReviewerKey) -> Result<Shared, Error> {
        let entry = self.get(name).await?;
        if entry.loan.is_none() {
            return Err(Error::BadInput(format!(
                "{name:?} is not linked to a loan yet; apply with `fiducia lending apply --vault-entry` first"
            )));
        }
        let plain = Zeroizing::new((SHARE_DOMAIN, name, entry.to_sealed()).encode());
        Ok(Shared {
            format: SHARE_FORMAT.into(),
            to: to.to_string(),
            loan: entry.loan,
            sealed: hex::encode(to.seal(&plain)?),
        })
    }

    /// Opens a share addressed to this vault's reviewer key without storing
    /// it: the entry as the borrower sent it.
    pub async fn open_share(&self, shared: &Shared) -> Result<Entry, Error> {
        let (_, entry) = self.unseal_share(shared).await?;
        Ok(entry)
    }

    async fn unseal_share(&self, shared: &Shared) -> Result<(Sealed, Entry), Error> {
        if shared.format != SHARE_FORMAT {
            return Err(Error::BadInput(format!("not a share file (format {:?})", shared.format)));
        }
        let sealed = hex::decode(&shared.sealed).map_err(|e| Error::BadInput(format!("share file: {e}")))?;
        let plain = self.reviewer().await?.unseal(&sealed).ok_or(Error::NotForUs)?;
        let (domain, name, mut entry) =
            <([u8; 22], String, Sealed)>::decode(&mut &plain[..]).map_err(|_| Error::NotForUs)?;
        if domain != SHARE_DOMAIN {
            return Err(Error::NotForUs);
        }
        check_name(&name)?;
        entry.application.validate()?;
        entry.received = true;
        let opened = Entry::from_sealed(name, &entry);
        Ok((entry, opened))
    }

    /// Opens a share addressed to this vault's reviewer key and stores it as
    /// the received entry `loan-<id>` (so two borrowers' entries never
    /// collide). A share names its loan.
    pub async fn import(&self, shared: &Shared) -> Result<Entry, Error> {
        let (sealed, mut entry) = self.unseal_share(shared).await?;
        let loan = sealed.loan.ok_or_else(|| Error::BadInput("the shared application names no loan".into()))?;
        entry.name = format!("loan-{loan}");
        if let Ok(existing) = self.by_loan(loan).await {
            return Err(Error::AlreadyExists(format!("the entry {:?} for loan #{loan}", existing.name)));
        }
        self.insert(KIND_APPLICATION, &entry.name, &sealed.encode()).await?;
        Ok(entry)
    }

    /// Closes the file.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

fn check_name(name: &str) -> Result<(), Error> {
    if name.trim().is_empty() || name.len() > 128 || name.chars().any(char::is_control) {
        return Err(Error::BadInput("an entry name is 1–128 printable characters".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
