//! The site's CSS, JavaScript and wasm (`/pkg/…`), compressed once with brotli at its best
//! quality and kept in memory.
//!
//! The compression layer would otherwise compress the wasm again for every first visit, at a
//! quality fast enough for pages but 15–20 % bigger. Phones on a weak signal download less,
//! and the server stops spending a core on it under load. Compressing happens in the
//! background at start-up; until it is done, or when a file changed on disk since (a
//! rebuild), the file is served as before.
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Brotli's best quality: slow (a second for the wasm), done once.
const QUALITY: u32 = 11;
const WINDOW: u32 = 22;
/// Bigger files (a debug build's wasm is megabytes) are left to the compression layer:
/// compressing them at this quality would keep a core busy for a long time at each start.
const MAX_SIZE: u64 = 1024 * 1024;

struct Compressed {
    modified: SystemTime,
    len: u64,
    brotli: Bytes,
    etag: HeaderValue,
}

/// The compressed files of one `pkg` folder.
pub struct Assets {
    dir: PathBuf,
    files: RwLock<HashMap<String, Compressed>>,
}

impl Assets {
    /// Starts compressing what `dir` holds now, in the background.
    pub fn prepare(dir: PathBuf) -> Arc<Assets> {
        let assets = Arc::new(Assets {
            dir,
            files: RwLock::new(HashMap::new()),
        });
        let filling = assets.clone();
        // Outside a runtime (a command-line tool building a router) nothing is prepared.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn_blocking(move || filling.compress_all());
        }
        assets
    }

    fn compress_all(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let small = entry.metadata().is_ok_and(|m| m.len() <= MAX_SIZE);
            if content_type(&name).is_none() || !small {
                continue;
            }
            match compress(&entry.path()) {
                Ok(compressed) => {
                    self.files
                        .write()
                        .expect("assets lock")
                        .insert(name, compressed);
                }
                Err(error) => tracing::warn!(%error, file = %name, "asset not precompressed"),
            }
        }
    }

    /// The compressed file, if it is still what is on disk.
    fn current(&self, name: &str) -> Option<(Bytes, HeaderValue)> {
        let files = self.files.read().expect("assets lock");
        let compressed = files.get(name)?;
        let metadata = std::fs::metadata(self.dir.join(name)).ok()?;
        (metadata.modified().ok()? == compressed.modified && metadata.len() == compressed.len)
            .then(|| (compressed.brotli.clone(), compressed.etag.clone()))
    }
}

fn compress(path: &Path) -> std::io::Result<Compressed> {
    let metadata = std::fs::metadata(path)?;
    let raw = std::fs::read(path)?;
    let mut packed = Vec::with_capacity(raw.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut packed, 64 * 1024, QUALITY, WINDOW);
        writer.write_all(&raw)?;
    }
    let digest = <sha2::Sha256 as sha2::Digest>::digest(&raw);
    let etag = format!(
        "\"br-{}\"",
        digest[..8]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>()
    );
    Ok(Compressed {
        modified: metadata.modified()?,
        len: metadata.len(),
        brotli: Bytes::from(packed),
        etag: HeaderValue::from_str(&etag).expect("an ASCII tag"),
    })
}

fn content_type(name: &str) -> Option<&'static str> {
    match name.rsplit_once('.')?.1 {
        "wasm" => Some("application/wasm"),
        "js" => Some("text/javascript; charset=utf-8"),
        "css" => Some("text/css; charset=utf-8"),
        _ => None,
    }
}

fn accepts_brotli(request: &Request) -> bool {
    request
        .headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            parts.next().is_some_and(|name| name.trim() == "br")
                && !parts.any(|param| param.trim().replace(' ', "") == "q=0")
        })
}

/// The middleware: `/pkg/NAME` from memory when the reader takes brotli.
pub async fn layer(State(assets): State<Arc<Assets>>, request: Request, next: Next) -> Response {
    let name = request
        .uri()
        .path()
        .strip_prefix("/pkg/")
        .filter(|name| !name.contains('/'));
    let found = name
        .filter(|_| request.method() == axum::http::Method::GET && accepts_brotli(&request))
        .and_then(|name| Some((content_type(name)?, assets.current(name)?)));
    let Some((content_type, (body, etag))) = found else {
        return next.run(request).await;
    };
    let vary = (header::VARY, HeaderValue::from_static("accept-encoding"));
    if request
        .headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tag| tag == etag)
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag), vary]).into_response();
    }
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_ENCODING, HeaderValue::from_static("br")),
            (header::ETAG, etag),
            vary,
        ],
        Body::from(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compressed_asset_reads_back_and_follows_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cunba.js");
        let text = "console.log('村BA');\n".repeat(500);
        std::fs::write(&path, &text).unwrap();
        let assets = Assets {
            dir: dir.path().to_owned(),
            files: RwLock::new(HashMap::new()),
        };
        assets.compress_all();
        let (body, _) = assets.current("cunba.js").expect("compressed");
        assert!(body.len() < text.len() / 10, "{} bytes", body.len());
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
        // A rebuild changes the file: the old copy is not served.
        std::fs::write(&path, "console.log(1);").unwrap();
        assert!(assets.current("cunba.js").is_none());
        assert!(assets.current("other.js").is_none());
    }
}
