//! A borrower's application data and its on-chain commitment
//! (`docs/vault.md#the-commitment`).

use blake2::{digest::consts::U32, Blake2b, Digest};
use codec::{Decode, Encode};
use serde::Serialize;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Domain of the commitment hash: no other Fiducia hash starts with it.
pub const COMMITMENT_DOMAIN: &[u8] = b"fiducia/vault/commitment/v1";
/// Version of the canonical encoding; part of the hashed bytes.
pub const COMMITMENT_VERSION: u8 = 1;
/// Bytes of a commitment's salt.
pub const SALT_LEN: usize = 32;

/// One document of an application (a scanned transcript, an income proof).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, Serialize, Zeroize, ZeroizeOnDrop)]
pub struct Document {
    /// The document's name (its file name when added from a file); unique
    /// within an application.
    pub name: String,
    /// Its exact bytes.
    #[serde(skip)]
    pub content: Vec<u8>,
}

/// What a borrower discloses to the administrator and commits to on chain.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, Serialize, Zeroize, ZeroizeOnDrop)]
pub struct Application {
    /// Legal name.
    pub name: String,
    /// Student id at the university.
    pub student_id: String,
    /// University.
    pub university: String,
    /// Exact yearly income in cents of the borrower's currency.
    pub income_cents: u64,
    /// Supporting documents.
    pub documents: Vec<Document>,
}

/// Why an application is not well formed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidApplication {
    /// A required text field is empty.
    #[error("the {0} is empty")]
    Empty(&'static str),
    /// Two documents share a name.
    #[error("two documents are named {0:?}")]
    DuplicateDocument(String),
    /// A text field holds control or text-direction characters (which could
    /// rewrite a reviewer's terminal or disguise a name).
    #[error("the {0} holds control or text-direction characters")]
    Unprintable(&'static str),
    /// A document's name is not a plain file name (it would escape the
    /// folder it is extracted to, or is unprintable).
    #[error("the document name {0:?} is not a plain file name")]
    DocumentName(String),
}

impl Application {
    /// Checks the fields a commitment needs to be unambiguous.
    pub fn validate(&self) -> Result<(), InvalidApplication> {
        for (field, value) in [("name", &self.name), ("student id", &self.student_id), ("university", &self.university)]
        {
            if value.trim().is_empty() {
                return Err(InvalidApplication::Empty(field));
            }
            if value.chars().any(unsafe_to_print) {
                return Err(InvalidApplication::Unprintable(field));
            }
        }
        let mut names: Vec<&str> = self.documents.iter().map(|d| d.name.as_str()).collect();
        names.sort_unstable();
        if let Some(pair) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(InvalidApplication::DuplicateDocument(pair[0].to_owned()));
        }
        if self.documents.iter().any(|d| d.name.trim().is_empty()) {
            return Err(InvalidApplication::Empty("document name"));
        }
        if let Some(d) = self.documents.iter().find(|d| !plain_file_name(&d.name)) {
            return Err(InvalidApplication::DocumentName(d.name.clone()));
        }
        Ok(())
    }

    /// The salted commitment the lending contract stores:
    /// `BLAKE2b-256(COMMITMENT_DOMAIN ‖ salt ‖ SCALE(version, name,
    /// student_id, university, income_cents, [(document name,
    /// BLAKE2b-256(content))] sorted by name))`. The order documents were
    /// added in does not matter; any changed byte of any field does.
    pub fn commitment(&self, salt: &[u8; SALT_LEN]) -> [u8; 32] {
        let mut documents: Vec<(&str, [u8; 32])> =
            self.documents.iter().map(|d| (d.name.as_str(), blake2b256(&[&d.content]))).collect();
        documents.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let canonical =
            (COMMITMENT_VERSION, &self.name, &self.student_id, &self.university, self.income_cents, documents).encode();
        blake2b256(&[COMMITMENT_DOMAIN, salt, &canonical])
    }
}

/// A name that is one path component: no separator, not `.` or `..`, no
/// control character, at most 255 bytes.
fn plain_file_name(name: &str) -> bool {
    name.len() <= 255
        && name != "."
        && name != ".."
        && !name.chars().any(|c| c == '/' || c == '\\' || unsafe_to_print(c))
}

/// Control characters and the Unicode bidirectional overrides and isolates.
fn unsafe_to_print(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// BLAKE2b with a 256-bit output over the concatenated parts.
pub(crate) fn blake2b256(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Blake2b::<U32>::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Application {
        Application {
            name: "Ada Lovelace".into(),
            student_id: "S-1815".into(),
            university: "University of London".into(),
            income_cents: 1_234_567,
            documents: vec![
                Document { name: "transcript.pdf".into(), content: b"%PDF grades".to_vec() },
                Document { name: "income.pdf".into(), content: b"%PDF payslips".to_vec() },
            ],
        }
    }

    #[test]
    fn commitment_binds_every_field_and_the_salt() {
        let salt = [7; SALT_LEN];
        let base = sample().commitment(&salt);
        assert_ne!(base, sample().commitment(&[8; SALT_LEN]), "salt");
        let changes: [fn(&mut Application); 6] = [
            |a| a.name.push('!'),
            |a| a.student_id.push('1'),
            |a| a.university.push('x'),
            |a| a.income_cents += 1,
            |a| a.documents[0].content[0] ^= 1,
            |a| a.documents[1].name.push('x'),
        ];
        for change in changes {
            let mut a = sample();
            change(&mut a);
            assert_ne!(a.commitment(&salt), base);
        }
    }

    #[test]
    fn commitment_ignores_document_order_only() {
        let salt = [1; SALT_LEN];
        let mut a = sample();
        a.documents.reverse();
        assert_eq!(a.commitment(&salt), sample().commitment(&salt));
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        // SCALE length prefixes: moving a character between fields changes the hash.
        let salt = [2; SALT_LEN];
        let mut a = sample();
        a.name = "Ada Lovelace S".into();
        a.student_id = "-1815".into();
        assert_ne!(a.commitment(&salt), sample().commitment(&salt));
    }

    #[test]
    fn validation_names_the_problem() {
        let mut a = sample();
        a.documents[1].name = "transcript.pdf".into();
        assert_eq!(a.validate(), Err(InvalidApplication::DuplicateDocument("transcript.pdf".into())));
        let mut a = sample();
        a.university = " ".into();
        assert_eq!(a.validate(), Err(InvalidApplication::Empty("university")));
        let mut a = sample();
        a.name = "Ada\u{1b}]52;c;evil\u{7}".into();
        assert_eq!(a.validate(), Err(InvalidApplication::Unprintable("name")));
        for escaping in ["../.bashrc", "a/b.pdf", "..", "c:\\x", "bell\u{7}", "cod\u{202E}fdp.exe"] {
            let mut a = sample();
            a.documents[0].name = escaping.into();
            assert_eq!(a.validate(), Err(InvalidApplication::DocumentName(escaping.into())), "{escaping}");
        }
        assert_eq!(sample().validate(), Ok(()));
    }
}
