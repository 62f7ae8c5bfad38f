//! Where `fiducia-ink-build` leaves contract artifacts:
//! `<cargo target dir>/ink/<name>/<name>.{wasm,json,contract}`.

use std::path::{Path, PathBuf};

/// The cargo target directory of the running binary or test: cargo puts
/// executables in `<target>/<profile>/` and tests in `<target>/<profile>/deps/`.
/// `FIDUCIA_TARGET_DIR` overrides it.
pub fn target_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("FIDUCIA_TARGET_DIR") {
        return Some(PathBuf::from(dir));
    }
    let exe = std::env::current_exe().ok()?;
    let mut dir = exe.parent()?;
    if dir.file_name().is_some_and(|n| n == "deps") {
        dir = dir.parent()?;
    }
    dir.parent().map(Path::to_path_buf)
}

/// The directory of the running binary's build profile (`<target>/release`).
pub fn profile_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    if dir.file_name().is_some_and(|n| n == "deps") {
        return dir.parent().map(Path::to_path_buf);
    }
    Some(dir.to_path_buf())
}

/// The artifact of `contract` with extension `ext` (`wasm`, `json`, `contract`).
pub fn artifact(contract: &str, ext: &str) -> Option<PathBuf> {
    Some(target_dir()?.join("ink").join(contract).join(format!("{contract}.{ext}")))
}
