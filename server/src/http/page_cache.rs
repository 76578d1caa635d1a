//! A short-lived cache of what anonymous readers get: the public pages and the JSON API.
//!
//! Residents read the same few pages (today, standings, fixtures) again and again, and each
//! one costs several queries and a server render. An answer is kept for [`TTL`] and reused
//! for the next readers of the same address in the same language, until something changes:
//!
//! - this instance handles any request that may change data (anything but `GET`/`HEAD`),
//!   counted once its answer is ready, so after the change is committed — everything is
//!   dropped, unless the handler said which pages alone changed ([`changed_only`]: a score
//!   report waiting for confirmation shows on its game's page only);
//! - the live hub carries an event (a result or schedule change, on any instance with
//!   PostgreSQL, or the auto-confirm loop), counted by [`app::live::Hub::changes`].
//!
//! An answer is stored under the change count seen when its request *started*: a render that
//! began before a change and ended after it is never served. What no event announces (an
//! organiser's edit on another instance) shows after at most [`TTL`].
//!
//! Only anonymous requests are served from it (no session cookie): signed-in pages show
//! the viewer's own things. Only successful answers without a `Set-Cookie` are stored.
//!
//! One render at a time per address and language: readers who miss while it is being
//! rendered wait for it and are answered from the cache, so 64 readers arriving as an answer
//! expires cost one render, not 64. If that render stored nothing (it failed), the readers
//! who waited render at once, side by side: none waits for more than two renders.
//! A refused or failed write (4xx, 5xx) changes nothing and drops nothing.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use app::live::Hub;
use axum::{
    body::{to_bytes, Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};

/// How long an answer may be reused when nothing announced a change.
pub const TTL: Duration = Duration::from_secs(2);
/// Answers kept at most; past it the cache starts again empty (addresses with made-up query
/// strings cannot make it grow without bound).
const MAX_ENTRIES: usize = 4_096;
/// Larger answers are passed through, not stored.
const MAX_BODY: usize = 8 * 1024 * 1024;
/// Tells a reader (and a test) whether the answer came from the cache.
pub const CACHE_HEADER: HeaderName = HeaderName::from_static("x-cunba-cache");

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    /// Path and query.
    target: String,
    /// The language cookie, the `Host` and `X-Forwarded-Proto` (share links are absolute).
    variant: String,
}

/// Which changes an answer saw: every change, and the changes of its own path.
type Stamp = (u64, u64);

struct Entry {
    stamp: Stamp,
    stored: Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// The Content-Security-Policy nonce the page was rendered with: each reuse gets a
    /// new one, in the policy and in every script tag, so no two answers share a nonce.
    nonce: Option<String>,
}

/// The cache; one per router, shared by its requests.
pub struct PageCache {
    hub: Hub,
    local_changes: AtomicU64,
    entries: Mutex<HashMap<Key, Entry>>,
    /// Changes of single pages ([`changed_only`]), by path.
    path_changes: Mutex<HashMap<String, u64>>,
    /// The render under way of each address and language, held while it renders.
    renders: Mutex<HashMap<Key, Weak<tokio::sync::Mutex<()>>>>,
}

/// Set on a write's answer by a handler that knows that only these paths changed.
#[derive(Clone, Debug)]
pub struct ChangedOnly(pub Vec<String>);

/// `response`, marked as having changed only `paths` (no query strings).
pub fn changed_only(mut response: Response, paths: impl IntoIterator<Item = String>) -> Response {
    response
        .extensions_mut()
        .insert(ChangedOnly(paths.into_iter().collect()));
    response
}

impl PageCache {
    pub fn new(hub: Hub) -> Arc<PageCache> {
        Arc::new(PageCache {
            hub,
            local_changes: AtomicU64::new(0),
            entries: Mutex::new(HashMap::new()),
            path_changes: Mutex::new(HashMap::new()),
            renders: Mutex::new(HashMap::new()),
        })
    }

    /// Changes seen so far: this instance's writes plus the hub's events, and those of
    /// `path` alone.
    fn stamp(&self, path: &str) -> Stamp {
        let all = self
            .local_changes
            .load(Ordering::SeqCst)
            .wrapping_add(self.hub.changes());
        let own = self
            .path_changes
            .lock()
            .expect("page cache lock")
            .get(path)
            .copied()
            .unwrap_or(0);
        (all, own)
    }

    /// Counts a write: of the given paths only, or of everything.
    fn changed(&self, only: Option<&ChangedOnly>) {
        match only {
            Some(ChangedOnly(paths)) => {
                let mut changes = self.path_changes.lock().expect("page cache lock");
                if changes.len() >= MAX_ENTRIES {
                    // Forgetting a count could make an old answer look current again:
                    // count a change of everything instead.
                    changes.clear();
                    self.local_changes.fetch_add(1, Ordering::SeqCst);
                }
                for path in paths {
                    *changes.entry(path.clone()).or_default() += 1;
                }
            }
            None => {
                self.local_changes.fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    fn lookup(&self, key: &Key, stamp: Stamp) -> Option<Response> {
        let entries = self.entries.lock().expect("page cache lock");
        let entry = entries.get(key)?;
        if entry.stamp != stamp || entry.stored.elapsed() > TTL {
            return None;
        }
        let mut headers = entry.headers.clone();
        let body = match &entry.nonce {
            None => entry.body.clone(),
            Some(old) => {
                let fresh = new_nonce();
                let policy = headers
                    .get(header::CONTENT_SECURITY_POLICY)?
                    .to_str()
                    .ok()?
                    .replace(old.as_str(), &fresh);
                headers.insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_str(&policy).ok()?,
                );
                Bytes::from(
                    std::str::from_utf8(&entry.body)
                        .ok()?
                        .replace(old.as_str(), &fresh),
                )
            }
        };
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = entry.status;
        *response.headers_mut() = headers;
        response
            .headers_mut()
            .insert(CACHE_HEADER, HeaderValue::from_static("hit"));
        Some(response)
    }

    /// The lock of `key`'s render: the one being held, or a new one.
    fn render_lock(&self, key: &Key) -> Arc<tokio::sync::Mutex<()>> {
        let mut renders = self.renders.lock().expect("page cache lock");
        if let Some(lock) = renders.get(key).and_then(Weak::upgrade) {
            return lock;
        }
        if renders.len() >= MAX_ENTRIES {
            renders.retain(|_, lock| lock.strong_count() > 0);
        }
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        renders.insert(key.clone(), Arc::downgrade(&lock));
        lock
    }

    fn store(&self, key: Key, entry: Entry) {
        let mut entries = self.entries.lock().expect("page cache lock");
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, entry);
    }
}

/// A nonce as Leptos makes them: 16 random bytes, here in hex.
fn new_nonce() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The nonce in a Content-Security-Policy (`'nonce-…'`), if any.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let nonce = policy.split("'nonce-").nth(1)?.split('\'').next()?;
    // Long and random, or it might also match ordinary text of the page.
    (nonce.len() >= 16).then(|| nonce.to_owned())
}

/// The key of a request the cache may answer, or `None`.
fn key(request: &Request) -> Option<Key> {
    if request.method() != Method::GET
        || request
            .extensions()
            .get::<app::pages::ReturnedForm>()
            .is_some()
    {
        return None;
    }
    let path = request.uri().path();
    if !cacheable(path) {
        return None;
    }
    let headers = request.headers();
    let cookies = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>();
    if cookies
        .iter()
        .any(|line| app::auth::cookie(line, app::auth::SESSION_COOKIE).is_some())
    {
        return None;
    }
    let lang = cookies
        .iter()
        .find_map(|line| app::i18n::Lang::from_cookie_header(line))
        .unwrap_or_default();
    let header = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    };
    Some(Key {
        target: request
            .uri()
            .path_and_query()
            .map_or(path, |target| target.as_str())
            .to_owned(),
        variant: format!(
            "{}|{}|{}",
            lang.code(),
            header(header::HOST),
            header(HeaderName::from_static("x-forwarded-proto"))
        ),
    })
}

/// The public pages residents read, and the read-only JSON API. Nothing with a token in its
/// address (camp households, requests), nothing of organisers or captains.
fn cacheable(path: &str) -> bool {
    if matches!(
        path,
        "/" | "/fixtures" | "/standings" | "/teams" | "/notices"
    ) {
        return true;
    }
    if path.starts_with("/api/v1/") {
        return true;
    }
    // `/teams/ID` and `/games/ID`, not `/games/ID/report`.
    ["/teams/", "/games/"].iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// The middleware: answers from the cache when it can, stores what it may, and counts this
/// instance's writes.
pub async fn layer(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    let writes = !request.method().is_safe();
    let Some(key) = key(&request) else {
        let response = next.run(request).await;
        // A refused or failed write changed nothing (its transaction rolled back).
        let refused = response.status().is_client_error() || response.status().is_server_error();
        if writes && !refused {
            cache.changed(response.extensions().get::<ChangedOnly>());
        }
        return response;
    };
    if let Some(hit) = cache.lookup(&key, cache.stamp(request.uri().path())) {
        return hit;
    }
    let lock = cache.render_lock(&key);
    let _rendering = match lock.try_lock() {
        Ok(rendering) => Some(rendering),
        Err(_) => {
            // Another reader is rendering it: wait for that render only.
            drop(lock.lock().await);
            None
        }
    };
    // Whoever rendered while this reader waited may have stored the answer. If not (its
    // render failed, say the database was slow, or something changed meanwhile), the
    // waiters render now side by side, not one after another.
    let stamp = cache.stamp(request.uri().path());
    if let Some(hit) = cache.lookup(&key, stamp) {
        return hit;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "page too large or broken while caching it");
            return Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .body(Body::from("服务器错误 / server error"))
                .expect("a plain response");
        }
    };
    cache.store(
        key,
        Entry {
            nonce: nonce_of(&parts.headers),
            stamp,
            stored: Instant::now(),
            status: parts.status,
            headers: parts.headers.clone(),
            body: body.clone(),
        },
    );
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::cacheable;

    #[test]
    fn only_public_pages_and_the_api_are_cacheable() {
        for path in [
            "/",
            "/standings",
            "/fixtures",
            "/teams/3",
            "/games/12",
            "/api/v1/games",
        ] {
            assert!(cacheable(path), "{path}");
        }
        for path in [
            "/me",
            "/games/12/report",
            "/games/",
            "/teams/x",
            "/camp",
            "/camp/h/token",
            "/requests/view",
            "/live",
            "/admin/competitions",
            "/setup",
            "/pkg/cunba.wasm",
        ] {
            assert!(!cacheable(path), "{path}");
        }
    }
}
