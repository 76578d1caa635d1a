//! The site's CSS, JavaScript and wasm (`/pkg/…`, and the scripts of the site root such as
//! `/live.js`), compressed at build time and served as they are on disk.
//!
//! `scripts/site.sh` writes `NAME.br` (brotli at its best quality) and `NAME.gz` (gzip -9)
//! beside each file of `target/site/pkg` and of the site root (`scripts/precompress.mjs`); a
//! reader who takes
//! brotli or gzip gets those bytes with `Content-Encoding` (tower-http's `ServeDir`), and
//! the compression layer, which never compresses what already has a coding, leaves them
//! alone. Nothing is compressed while serving, nor at start-up. A site built without them
//! (`scripts/site.sh debug`: the debug wasm is megabytes) is served plain, and compressed
//! on the fly by the compression layer as before.
//!
//! The pages name the stylesheet and the live script with their version
//! (`/pkg/cunba.css?v=HASH`, [`app::site_files`]): asked for with the file's current version,
//! a file is `Cache-Control: public, max-age=31536000, immutable` — a phone's repeat visit
//! asks for nothing. Any other address (no `v`, an old one, and the islands' `cunba.js` and
//! `cunba.wasm`, which Leptos's hydration script names without one) may be kept but must be
//! asked about again (`no-cache`; `Last-Modified` makes that a 304 without a body): after an
//! upgrade no phone runs yesterday's wasm against today's page.
//!
//! It sits outside the session layer: a file costs no session lookup.
use std::path::PathBuf;

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The folder under the site root, in the addresses and on disk.
pub const PREFIX: &str = "/pkg/";

/// Serves the files of a site root's `pkg` folder.
#[derive(Clone)]
pub struct Assets {
    files: ServeDir,
    root: PathBuf,
}

impl Assets {
    /// The files under `site_root` (only `/pkg/…` addresses are served from it).
    pub fn new(site_root: PathBuf) -> Assets {
        Assets {
            files: ServeDir::new(&site_root)
                .precompressed_br()
                .precompressed_gzip()
                .append_index_html_on_directories(false),
            root: site_root,
        }
    }

    /// Whether `uri` names one of the versioned files ([`app::site_files::VERSIONED`]; no
    /// other address is looked up) under its current version (`?v=…`), with its compressed
    /// copies written after it (a site being rebuilt under the server could otherwise send
    /// yesterday's `.br` under today's version): those bytes never change under that address.
    fn current(&self, uri: &axum::http::Uri) -> bool {
        let Some(address) = app::site_files::VERSIONED
            .into_iter()
            .find(|known| *known == uri.path())
        else {
            return false;
        };
        let asked = uri
            .query()
            .into_iter()
            .flat_map(|query| query.split('&'))
            .find_map(|pair| pair.strip_prefix("v="));
        let Some(asked) = asked else {
            return false;
        };
        if app::site_files::version(&self.root, address).as_deref() != Some(asked) {
            return false;
        }
        let file = self.root.join(address.trim_start_matches('/'));
        let written = |path: &std::path::Path| std::fs::metadata(path).and_then(|m| m.modified());
        let Ok(plain) = written(&file) else {
            return false;
        };
        ["br", "gz"].iter().all(|coding| {
            let copy = file.with_file_name(format!(
                "{}.{coding}",
                file.file_name().unwrap_or_default().to_string_lossy()
            ));
            match written(&copy) {
                Ok(time) => time >= plain,
                Err(_) => !copy.exists(),
            }
        })
    }
}

/// How long a versioned file may be kept: a year (it never changes under its address).
const FOR_GOOD: &str = "public, max-age=31536000, immutable";

/// A script, stylesheet or picture in the site root itself (`/live.js`, from `public/`).
fn root_file(path: &str) -> bool {
    path.strip_prefix('/').is_some_and(|name| {
        !name.contains('/')
            && [".js", ".css", ".svg"]
                .iter()
                .any(|ext| name.ends_with(ext))
    })
}

/// The middleware: `/pkg/NAME` and the site root's scripts from disk, in the coding the
/// reader takes. A root address that is no file goes on to the routes.
pub async fn layer(State(assets): State<Assets>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let (pkg, root) = (path.starts_with(PREFIX), root_file(path));
    if !(pkg || root) || !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let immutable = assets.current(request.uri());
    let again = root.then(|| {
        let mut copy = Request::new(Body::empty());
        *copy.method_mut() = request.method().clone();
        *copy.uri_mut() = request.uri().clone();
        *copy.headers_mut() = request.headers().clone();
        *copy.extensions_mut() = request.extensions().clone();
        copy
    });
    let mut response = match assets.files.oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    if let Some(request) = again.filter(|_| response.status() == StatusCode::NOT_FOUND) {
        return next.run(request).await;
    }
    // A 304 for a current version keeps the copy's `immutable` (a 304's headers update it).
    let kept = matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED);
    let cache = if immutable && kept {
        FOR_GOOD
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::to_bytes, routing::get, Router};

    async fn fetch(router: &Router, path: &str, coding: &str) -> Response {
        router
            .clone()
            .oneshot(
                Request::get(path)
                    .header(header::ACCEPT_ENCODING, coding)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn precompressed_files_are_served_in_the_coding_asked_for() {
        let root = tempfile::tempdir().unwrap();
        let pkg = root.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        std::fs::write(pkg.join("cunba.js"), "plain").unwrap();
        std::fs::write(pkg.join("cunba.js.br"), "brotli bytes").unwrap();
        std::fs::write(pkg.join("cunba.js.gz"), "gzip bytes").unwrap();
        std::fs::write(pkg.join("cunba.css"), "only plain").unwrap();
        std::fs::write(root.path().join("live.js"), "live plain").unwrap();
        std::fs::write(root.path().join("live.js.br"), "live brotli").unwrap();
        let router = Router::new()
            .route("/other", get(|| async { "not a file" }))
            .route("/route.js", get(|| async { "a route" }))
            .layer(axum::middleware::from_fn_with_state(
                Assets::new(root.path().to_owned()),
                layer,
            ));

        for (coding, encoding, body) in [
            ("gzip, deflate, br", Some("br"), "brotli bytes"),
            ("gzip", Some("gzip"), "gzip bytes"),
            ("identity", None, "plain"),
        ] {
            let response = fetch(&router, "/pkg/cunba.js", coding).await;
            assert_eq!(response.status(), StatusCode::OK);
            let headers = response.headers().clone();
            assert_eq!(
                headers
                    .get(header::CONTENT_ENCODING)
                    .map(|value| value.to_str().unwrap()),
                encoding,
                "{coding}"
            );
            assert_eq!(headers[header::VARY], "accept-encoding");
            assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
            assert!(headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .contains("javascript"));
            let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
            assert_eq!(bytes, body.as_bytes());
        }
        // Without a compressed copy, the file itself.
        let plain = fetch(&router, "/pkg/cunba.css", "br").await;
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(
            to_bytes(plain.into_body(), usize::MAX).await.unwrap(),
            "only plain".as_bytes()
        );
        assert_eq!(
            fetch(&router, "/pkg/missing.js", "br").await.status(),
            StatusCode::NOT_FOUND
        );
        // Other addresses go on, and so does a root address that is no file.
        assert_eq!(
            fetch(&router, "/other", "br").await.status(),
            StatusCode::OK
        );
        let route = fetch(&router, "/route.js", "br").await;
        assert_eq!(
            to_bytes(route.into_body(), usize::MAX).await.unwrap(),
            "a route".as_bytes()
        );
        // The site root's own script, as /pkg's files.
        let live = fetch(&router, "/live.js", "gzip, deflate, br").await;
        assert_eq!(live.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(live.headers()[header::CACHE_CONTROL], "no-cache");
        assert_eq!(
            to_bytes(live.into_body(), usize::MAX).await.unwrap(),
            "live brotli".as_bytes()
        );
        // Under its current version a file is kept for good; under an old one it is not.
        let current = app::site_files::versioned(root.path(), "/live.js");
        let kept = fetch(&router, &current, "gzip, deflate, br").await;
        assert_eq!(kept.status(), StatusCode::OK);
        assert_eq!(kept.headers()[header::CACHE_CONTROL], FOR_GOOD);
        assert_eq!(kept.headers()[header::CONTENT_ENCODING], "br");
        let css = app::site_files::versioned(root.path(), "/pkg/cunba.css");
        assert_eq!(
            fetch(&router, &css, "br").await.headers()[header::CACHE_CONTROL],
            FOR_GOOD
        );
        // A made-up address is never looked up on disk, let alone kept for good.
        let version = current.split("v=").nth(1).unwrap();
        let outside = format!("/pkg/../live.js?v={version}");
        assert_eq!(
            fetch(&router, &outside, "br").await.headers()[header::CACHE_CONTROL],
            "no-cache"
        );
        // A site being rebuilt: the plain file is newer than its brotli copy, whose old bytes
        // must not go out for good under the new version.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(root.path().join("live.js"), "live plain, rebuilt").unwrap();
        let rebuilt = app::site_files::versioned(root.path(), "/live.js");
        assert_ne!(rebuilt, current);
        assert_eq!(
            fetch(&router, &rebuilt, "br").await.headers()[header::CACHE_CONTROL],
            "no-cache"
        );
        for stale in [
            "/live.js?v=000000000000",
            "/live.js?x=1",
            "/pkg/none.css?v=1",
        ] {
            assert_ne!(
                fetch(&router, stale, "br")
                    .await
                    .headers()
                    .get(header::CACHE_CONTROL)
                    .map(|v| v.to_str().unwrap().to_owned()),
                Some(FOR_GOOD.to_owned()),
                "{stale}"
            );
        }
    }
}
