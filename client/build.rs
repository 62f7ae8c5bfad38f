//! Rebuild the client when the runtime metadata its API is generated from
//! changes (the `subxt` macro reads the file but does not tell cargo).
fn main() {
    println!("cargo:rerun-if-changed=metadata/fiducia.scale");
}
