//! The site's own files under addresses that may be cached for good (issue 22): a page
//! names `/pkg/cunba.css?v=HASH` and `/live.js?v=HASH`, where HASH is the start of the
//! file's SHA-256, and the server answers an address whose `v` is the file's current version
//! with `Cache-Control: immutable` — a phone asks for it once, and a new build (new bytes, new
//! HASH) is a new address. The files keep their names (Leptos's hydration script asks for
//! `cunba.js` and `cunba.wasm` by name: those stay `no-cache`).
//!
//! The version is read from the file on disk and kept while its size and modification time
//! stay the same, so a site rebuilt under a running server is named anew at once.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

/// Hex digits of the hash in an address: 48 bits, plenty to tell builds apart.
const DIGITS: usize = 12;

/// The page's stylesheet and the live refresh script, by address.
pub const STYLESHEET: &str = "/pkg/cunba.css";
pub const LIVE_SCRIPT: &str = "/live.js";

type Stamp = (u64, Option<SystemTime>);

fn known() -> &'static Mutex<HashMap<PathBuf, (Stamp, String)>> {
    static KNOWN: std::sync::OnceLock<Mutex<HashMap<PathBuf, (Stamp, String)>>> =
        std::sync::OnceLock::new();
    KNOWN.get_or_init(Default::default)
}

/// The addresses that have versions: these two files, and nothing a request could make up
/// (an address is never joined to the site root unless it is one of them).
pub const VERSIONED: [&str; 2] = [STYLESHEET, LIVE_SCRIPT];

/// The current version of the file at `address` under `site_root`; `None` when `address` is
/// not one of [`VERSIONED`] or there is no such file.
pub fn version(site_root: &Path, address: &str) -> Option<String> {
    let address = VERSIONED.into_iter().find(|known| *known == address)?;
    let file = site_root.join(address.trim_start_matches('/'));
    let meta = std::fs::metadata(&file).ok()?;
    let stamp = (meta.len(), meta.modified().ok());
    if let Some((seen, version)) = known().lock().expect("site files lock").get(&file) {
        if *seen == stamp {
            return Some(version.clone());
        }
    }
    let bytes = std::fs::read(&file).ok()?;
    let digest = Sha256::digest(&bytes);
    let mut version: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    version.truncate(DIGITS);
    known()
        .lock()
        .expect("site files lock")
        .insert(file, (stamp, version.clone()));
    Some(version)
}

/// `address` with its version (`/live.js?v=…`), or as it is when the file is missing.
pub fn versioned(site_root: &Path, address: &str) -> String {
    match version(site_root, address) {
        Some(version) => format!("{address}?v={version}"),
        None => address.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_follows_the_bytes() {
        let root = std::env::temp_dir().join(format!("cunba-site-files-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        std::fs::write(root.join("pkg/other.css"), "x").unwrap();
        // Only the two files the pages name have versions: no address a request makes up
        // reaches the disk.
        for made_up in [
            "/pkg/other.css",
            "/pkg/../pkg/other.css",
            "/../../etc/passwd",
        ] {
            assert_eq!(version(&root, made_up), None, "{made_up}");
        }
        std::fs::write(root.join("live.js"), "one").unwrap();
        let first = versioned(&root, "/live.js");
        assert!(first.starts_with("/live.js?v="), "{first}");
        assert_eq!(first.len(), "/live.js?v=".len() + DIGITS);
        assert_eq!(versioned(&root, "/live.js"), first, "the same bytes");
        std::fs::write(root.join("live.js"), "two, longer").unwrap();
        assert_ne!(
            versioned(&root, "/live.js"),
            first,
            "new bytes, new address"
        );
        assert_eq!(versioned(&root, STYLESHEET), STYLESHEET, "no such file yet");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
