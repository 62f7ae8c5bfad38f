//! The client's typed API (`fiducia-client`) is generated at compile time from
//! `client/metadata/fiducia.scale`. This test fails when the runtime's
//! metadata changed and the file was not regenerated; run it with
//! `FIDUCIA_BLESS=1` to rewrite the file from the runtime.

use fiducia_runtime::Runtime;
use std::path::PathBuf;

/// Metadata version the client is generated from.
const VERSION: u32 = 16;

#[test]
fn client_metadata_matches_the_runtime() {
    let current = Runtime::metadata_at_version(VERSION).expect("the runtime offers metadata v16");
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../client/metadata/fiducia.scale");
    if std::env::var_os("FIDUCIA_BLESS").is_some() {
        std::fs::write(&path, &*current).expect("write client metadata");
    }
    let stored = std::fs::read(&path).unwrap_or_default();
    assert!(
        stored == *current,
        "{} is out of date with the runtime; regenerate it with \
         `FIDUCIA_BLESS=1 cargo test --release -p fiducia-runtime --test client_metadata`",
        path.display()
    );
}
