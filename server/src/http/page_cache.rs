//! A short-lived cache of what anonymous readers get: the public pages, the JSON API and the
//! feeds (the notices' Atom, the calendars), each render kept compressed (brotli and gzip) beside its plain bytes, with a strong ETag.
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
//!   PostgreSQL, or the auto-confirm loop), counted by [`app::live::Hub::changes_with`]; a new
//!   live score drops only the pages that list its game ([`app::live::LiveEvent::pages`],
//!   counted per page by the same).
//!
//! An answer is stored under the change count seen when its request *started*: a render that
//! began before a change and ended after it is never served as current (only as stale, see
//! below). What no event announces (an organiser's edit on another instance) shows after at
//! most [`TTL`].
//!
//! Only anonymous requests are served from it (no session cookie): signed-in pages show
//! the viewer's own things. Only successful answers without a `Set-Cookie` are stored.
//!
//! One render at a time per address and language: 64 readers arriving as an answer expires
//! cost one render, not 64. The first of them renders; the others, while it renders, get the
//! last render there is (at most [`STALE_MAX`] old, marked `x-cunba-cache: stale`) at once
//! instead of waiting for it — stale-while-revalidate (RFC 5861). With a result confirmed
//! every half second, waiting made every reader of a page arriving during its render wait
//! for it (p99 25–327 ms on `make bench`, issue 22). An answer that may lack a change — a
//! stale one given after a change, or a render that a change overtook while it ran — says so
//! in `Server-Timing: stale`, which the page's live script can read (on HTTPS and localhost:
//! `PerformanceNavigationTiming.serverTiming` is for secure contexts): it fetches the page
//! again once its stream is open. Every other answer, a 304 too, carries `Server-Timing:
//! cache;desc=…`, so that a 304 replaces a `stale` the browser kept with its copy. (A change
//! announced between a current answer and the stream opening is still missed until the
//! next one: the page does not carry its change count yet.)
//! A reader who asks for a fresh answer
//! (`Cache-Control: no-cache` or `max-age=0`, `Pragma: no-cache`: a reload, and the live
//! refresh in `public/live.js`, which fetches because it heard of a change) is never given a
//! stale one: it waits for the render, as does every reader when nothing is stored yet. If
//! that render stored nothing current (it failed, or something changed while it ran), the
//! readers who waited take turns again, and after [`WAITS`] turns render side by side: none
//! waits for more than four renders.
//! A refused or failed write (4xx, 5xx) changes nothing and drops nothing.
//!
//! # Compressed once per render, not per request
//!
//! A render is compressed when it is stored ([`BROTLI_QUALITY`], [`GZIP_LEVEL`], on a
//! blocking thread), and every reader of it gets those bytes in the coding their
//! `Accept-Encoding` asks for: brotli, else gzip, else none ([`Coding`]), with
//! `Content-Encoding`, `Content-Length`, `Vary: Accept-Encoding` and the ETag of that
//! coding (`"HASH-br"`, `"HASH-gz"`, `"HASH"`: each coding is its own representation, so
//! each has its own strong validator). `If-None-Match` with the tag is answered 304. The
//! answers are marked [`AlreadyEncoded`], and the compression layer's predicate
//! ([`CompressUnlessEncoded`]) passes them through untouched: a cached page is never
//! compressed again on its way out (it used to be, for every request: 5% of what nginx
//! serves, issue 22). When the TTL runs out and the page renders again reading exactly the
//! same (nonce aside), the stored render is kept: its compressed bytes, its ETag (so a
//! reader's copy still answers 304) and its nonce.
//!
//! # The CSP nonce: one per render, not one per response
//!
//! Every inline script carries the page's Content-Security-Policy nonce. This cache used to
//! give each reuse a fresh nonce by rewriting the body, which makes compressing once
//! impossible (each response's bytes differ). Now all readers of one render get its nonce.
//! That is as safe as a nonce per response, for this reason: a nonce stops injected markup
//! only if whoever injects it cannot know the nonce when the markup goes in. Here the markup
//! of a render is fixed before its nonce is shown to anybody: the body is stored whole, and
//! readers learn its nonce only by reading that very body. Markup that comes in later (a
//! team name, a notice, a query string) is in another render: a write drops the cache, a new
//! query string is another key, and a new render gets a fresh random nonce from Leptos —
//! unless it reads byte for byte like the old one without its nonce, in which case nothing
//! new was injected and the old render (nonce included) is reused. So a nonce a reader has
//! seen never covers markup that was not already in the page when the nonce was chosen.
//! The other way out, CSP hashes of the inline scripts, would have needed every inline script
//! of every render hashed into the policy (the islands loader, the data Leptos writes per
//! page); the nonce per render keeps the policy Leptos makes.
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use app::live::Hub;
use axum::{
    body::{to_bytes, Body, Bytes, HttpBody},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};
use sha2::{Digest, Sha256};

/// How long an answer may be reused when nothing announced a change.
pub const TTL: Duration = Duration::from_secs(2);
/// How old the last render of a page may be and still be given, while the page renders again,
/// to a reader who did not ask for a fresh answer.
pub const STALE_MAX: Duration = Duration::from_secs(10);
/// How many renders of the same page a reader waits for, at most, before rendering it
/// itself beside the others.
const WAITS: usize = 3;
/// Answers kept at most; past it the cache starts again empty (addresses with made-up query
/// strings cannot make it grow without bound).
const MAX_ENTRIES: usize = 4_096;
/// Larger answers are passed through, not stored.
const MAX_BODY: usize = 8 * 1024 * 1024;
/// Tells a reader (and a test) whether the answer came from the cache.
pub const CACHE_HEADER: HeaderName = HeaderName::from_static("x-cunba-cache");
/// Brotli quality for a render: within a few per cent of the best quality (11 takes ten
/// times as long), once per render.
pub const BROTLI_QUALITY: u32 = 9;

/// Brotli's window (log2 of its size) for `len` bytes: the smallest, 16 (64 KB less 16
/// bytes), where the page fits in it, else the largest. It is not only how far back a match
/// may reach: at quality 9 a window over 16 makes the encoder allocate and clear a hash
/// table of about 32 MB for every page, and that was most of a render's compression
/// (2–3 ms against 0.1–0.7 ms for the demo's pages, the same bytes out, measured with the
/// reference encoder), and the memory a burst of first renders faulted in after a start.
fn brotli_window(len: usize) -> u32 {
    if len <= (1 << 16) - 16 {
        16
    } else {
        22
    }
}
/// gzip level for a render: the best (it costs a millisecond or two, once).
pub const GZIP_LEVEL: u32 = 9;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    /// Path and query.
    target: String,
    /// The language cookie, the `Host`, `X-Forwarded-Proto` and `X-Forwarded-Host` (share
    /// links and the feeds' links are absolute).
    variant: String,
}

/// Which changes an answer saw: every change, and the changes of its own path.
type Stamp = (u64, u64);

struct Entry {
    stamp: Stamp,
    stored: Instant,
    render: Arc<Render>,
}

/// One render of an answer, in every coding it is served in.
struct Render {
    status: StatusCode,
    /// As rendered, without `Content-Length` and `Content-Encoding`.
    headers: HeaderMap,
    identity: Bytes,
    /// `None` when compressing did not make it smaller.
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
    /// Hex of the plain body's SHA-256 (its first 128 bits).
    tag: String,
    /// SHA-256 of the body without its nonce: a new render that reads the same keeps this one.
    content: [u8; 32],
}

/// A content coding the cache answers in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// What `Accept-Encoding` asks for: brotli or gzip, whichever has the higher `q` (brotli
    /// when equal), else the plain bytes.
    pub fn asked(headers: &HeaderMap) -> Coding {
        let (mut brotli, mut gzip, mut any) = (None, None, None);
        for item in headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
        {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let q = parts
                .find_map(|param| {
                    let (name, value) = param.split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("q")
                        .then(|| value.trim().parse::<f32>().unwrap_or(0.0))
                })
                .unwrap_or(1.0);
            if name.eq_ignore_ascii_case("br") {
                brotli = Some(q);
            } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                gzip = Some(q);
            } else if name == "*" {
                any = Some(q);
            }
        }
        let brotli = brotli.or(any).unwrap_or(0.0);
        let gzip = gzip.or(any).unwrap_or(0.0);
        if brotli > 0.0 && brotli >= gzip {
            Coding::Brotli
        } else if gzip > 0.0 {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }
}

/// Marks an answer whose body is already in the coding it is sent in (brotli, gzip or plain
/// as the reader asked): the compression layer must leave it alone.
#[derive(Clone, Copy, Debug)]
pub struct AlreadyEncoded;

/// The compression layer's predicate: anything but an [`AlreadyEncoded`] answer.
#[derive(Clone, Copy, Debug, Default)]
pub struct CompressUnlessEncoded;

impl tower_http::compression::Predicate for CompressUnlessEncoded {
    fn should_compress<B>(&self, response: &axum::http::Response<B>) -> bool
    where
        B: HttpBody,
    {
        response.extensions().get::<AlreadyEncoded>().is_none()
    }
}

/// What a reader asked for that the answer depends on, read before the request is passed on.
struct Asked {
    coding: Coding,
    if_none_match: Option<String>,
    /// `Cache-Control: no-cache` or `max-age=0`, or `Pragma: no-cache`: no stale answer.
    fresh: bool,
}

impl Asked {
    fn of(headers: &HeaderMap) -> Asked {
        let fresh = says(headers, header::CACHE_CONTROL, &["no-cache", "max-age=0"])
            || says(headers, header::PRAGMA, &["no-cache"]);
        Asked {
            coding: Coding::asked(headers),
            if_none_match: headers
                .get(header::IF_NONE_MATCH)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned),
            fresh,
        }
    }
}

/// Whether header `name` lists one of `directives` (case-insensitive), without allocating:
/// this runs for every cached answer.
fn says(headers: &HeaderMap, name: HeaderName, directives: &[&str]) -> bool {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|directive| {
            let directive = directive.trim();
            directives
                .iter()
                .any(|wanted| directive.eq_ignore_ascii_case(wanted))
        })
}

/// Where an answer came from, said in [`CACHE_HEADER`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Served {
    /// Rendered for this request (no header).
    Rendered,
    /// A current render (`hit`).
    Hit,
    /// The last render, while the page renders again (`stale`).
    Stale,
}

/// Whether an answer may lack a change already counted (`Server-Timing: stale`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Behind {
    No,
    /// Rendered before the last change counted for its page.
    Yes,
}

impl Behind {
    /// An answer rendered at stamp `then`, given when the stamp is `now`.
    fn of(then: Stamp, now: Stamp) -> Behind {
        if then == now {
            Behind::No
        } else {
            Behind::Yes
        }
    }
}

impl Render {
    /// Compresses `body` in each coding: the costly part, done once per render.
    fn new(status: StatusCode, mut headers: HeaderMap, body: Bytes, content: [u8; 32]) -> Render {
        headers.remove(header::CONTENT_LENGTH);
        headers.remove(header::CONTENT_ENCODING);
        let smaller = |packed: Vec<u8>| (packed.len() < body.len()).then(|| Bytes::from(packed));
        let digest = Sha256::digest(&body);
        Render {
            status,
            headers,
            brotli: smaller(brotli(&body)),
            gzip: smaller(gzip(&body)),
            tag: hex(&digest[..16]),
            content,
            identity: body,
        }
    }

    /// The coding `asked` gets: the one asked for, or plain when that one is not smaller.
    fn coding(&self, asked: Coding) -> (Coding, &Bytes) {
        match asked {
            Coding::Brotli => self.brotli.as_ref().map(|body| (Coding::Brotli, body)),
            Coding::Gzip => self.gzip.as_ref().map(|body| (Coding::Gzip, body)),
            Coding::Identity => None,
        }
        .unwrap_or((Coding::Identity, &self.identity))
    }

    fn etag(&self, coding: Coding) -> String {
        match coding {
            Coding::Brotli => format!("\"{}-br\"", self.tag),
            Coding::Gzip => format!("\"{}-gz\"", self.tag),
            Coding::Identity => format!("\"{}\"", self.tag),
        }
    }

    /// The answer to a reader: 304 when their copy is this one, else the bytes in their coding.
    fn answer(&self, asked: &Asked, served: Served, behind: Behind) -> Response {
        let (coding, body) = self.coding(asked.coding);
        let etag = self.etag(coding);
        let fresh = asked
            .if_none_match
            .as_deref()
            .is_some_and(|tags| matches_tag(tags, &etag));
        let mut response = if fresh {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            // What a 304 must carry, and the policy of the copy the reader keeps (else the
            // site's default policy would be added on the way out and replace it).
            for name in [header::CONTENT_SECURITY_POLICY, header::CACHE_CONTROL] {
                if let Some(value) = self.headers.get(&name) {
                    response.headers_mut().insert(name, value.clone());
                }
            }
            response
        } else {
            let mut response = Response::new(Body::from(body.clone()));
            *response.status_mut() = self.status;
            *response.headers_mut() = self.headers.clone();
            let headers = response.headers_mut();
            if let Some(name) = match coding {
                Coding::Brotli => Some("br"),
                Coding::Gzip => Some("gzip"),
                Coding::Identity => None,
            } {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
            }
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
            response
        };
        let headers = response.headers_mut();
        headers.insert(
            header::ETAG,
            HeaderValue::from_str(&etag).expect("an ASCII tag"),
        );
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        match served {
            Served::Rendered => {}
            Served::Hit => {
                headers.insert(CACHE_HEADER, HeaderValue::from_static("hit"));
            }
            Served::Stale => {
                headers.insert(CACHE_HEADER, HeaderValue::from_static("stale"));
            }
        }
        // What the page's script can read of its own answer
        // (`PerformanceNavigationTiming.serverTiming`): `public/live.js` fetches the page once
        // its stream is open when it says `stale`. On every answer, so that a 304 replaces it.
        headers.insert(
            HeaderName::from_static("server-timing"),
            HeaderValue::from_static(match (behind, served) {
                (Behind::Yes, _) => "stale",
                (Behind::No, Served::Rendered) => "cache;desc=miss",
                (Behind::No, Served::Hit) => "cache;desc=hit",
                (Behind::No, Served::Stale) => "cache;desc=expired",
            }),
        );
        response.extensions_mut().insert(AlreadyEncoded);
        response
    }
}

/// Whether `If-None-Match` (a list of tags, or `*`) names `etag` (weak comparison, as
/// RFC 9110 asks for this header).
fn matches_tag(if_none_match: &str, etag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|tag| {
        tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag.trim_start_matches("W/")
    })
}

fn brotli(raw: &[u8]) -> Vec<u8> {
    let mut packed = Vec::with_capacity(raw.len() / 4 + 64);
    {
        let mut writer = brotli::CompressorWriter::new(
            &mut packed,
            16 * 1024,
            BROTLI_QUALITY,
            brotli_window(raw.len()),
        );
        writer.write_all(raw).expect("writing to memory");
    }
    packed
}

fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut writer = flate2::write::GzEncoder::new(
        Vec::with_capacity(raw.len() / 4 + 64),
        flate2::Compression::new(GZIP_LEVEL),
    );
    writer.write_all(raw).expect("writing to memory");
    writer.finish().expect("writing to memory")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// SHA-256 of `body` with every occurrence of `nonce` left out (where it was still counts).
fn content_hash(body: &[u8], nonce: Option<&str>) -> [u8; 32] {
    let mut hasher = Sha256::new();
    match (nonce, std::str::from_utf8(body)) {
        (Some(nonce), Ok(text)) => {
            for piece in text.split(nonce) {
                hasher.update(piece.as_bytes());
                hasher.update([0u8]);
            }
        }
        _ => hasher.update(body),
    }
    hasher.finalize().into()
}

/// The cache; one per router, shared by its requests.
pub struct PageCache {
    /// Counts the changes: this instance's writes ([`Hub::count_write`]) and the live events.
    hub: Hub,
    entries: Mutex<HashMap<Key, Entry>>,
    /// Changes of single pages ([`changed_only`]), by path.
    path_changes: Mutex<HashMap<String, u64>>,
    /// The render under way of each address and language, held while it renders.
    renders: Mutex<HashMap<Key, Weak<tokio::sync::Mutex<()>>>>,
    /// Renders compressed so far.
    compressed: AtomicU64,
    /// Compressions running at once: one a core. After a start hundreds of pages miss at
    /// once; compressing them all side by side on as many blocking threads only shares the
    /// same cores among more threads, each with its encoder's memory to fault in.
    compressing: tokio::sync::Semaphore,
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
            entries: Mutex::new(HashMap::new()),
            path_changes: Mutex::new(HashMap::new()),
            renders: Mutex::new(HashMap::new()),
            compressed: AtomicU64::new(0),
            compressing: tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, usize::from),
            ),
        })
    }

    /// How many renders were compressed so far (each once, in every coding).
    pub fn compressions(&self) -> u64 {
        self.compressed.load(Ordering::SeqCst)
    }

    /// Changes seen so far: this instance's writes plus the hub's events, and those of
    /// `path` alone.
    ///
    /// Each pair of counts is read under the lock its reset takes (a reset of the per-path
    /// counts counts a change of everything in the same step): a stamp never pairs the counts
    /// of everything from before a reset with a path's count from after it, which could make
    /// an old answer look current.
    fn stamp(&self, path: &str) -> Stamp {
        let changes = self.path_changes.lock().expect("page cache lock");
        let (all, hub_own) = self.hub.changes_with(path);
        let own = changes
            .get(path)
            .copied()
            .unwrap_or(0)
            .wrapping_add(hub_own);
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
                    self.hub.count_write();
                }
                for path in paths {
                    *changes.entry(path.clone()).or_default() += 1;
                }
            }
            None => self.hub.count_write(),
        }
    }

    /// The render stored under `key`, if it is still current.
    fn lookup(&self, key: &Key, stamp: Stamp) -> Option<Arc<Render>> {
        let entries = self.entries.lock().expect("page cache lock");
        let entry = entries.get(key)?;
        (entry.stamp == stamp && entry.stored.elapsed() <= TTL).then(|| entry.render.clone())
    }

    /// The render stored under `key` if it is at most [`STALE_MAX`] old, current or not, and
    /// whether a change was counted since it began ([`Behind::Yes`]; else only its TTL ran out).
    fn recent(&self, key: &Key, stamp: Stamp) -> Option<(Arc<Render>, Behind)> {
        let entries = self.entries.lock().expect("page cache lock");
        let entry = entries.get(key)?;
        (entry.stored.elapsed() <= STALE_MAX)
            .then(|| (entry.render.clone(), Behind::of(entry.stamp, stamp)))
    }

    /// The render stored under `key`, current or not.
    fn last(&self, key: &Key) -> Option<Arc<Render>> {
        let entries = self.entries.lock().expect("page cache lock");
        entries.get(key).map(|entry| entry.render.clone())
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
    if app::auth::session_token(headers).is_some() {
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
            "{}|{}|{}|{}",
            lang.code(),
            header(header::HOST),
            header(HeaderName::from_static("x-forwarded-proto")),
            header(HeaderName::from_static("x-forwarded-host"))
        ),
    })
}

/// The public pages residents read, the read-only JSON API and the feeds (the notices' Atom,
/// the calendars). Nothing with a token in its address (camp households, requests), nothing
/// of organisers or captains.
fn cacheable(path: &str) -> bool {
    if matches!(
        path,
        "/" | "/fixtures"
            | "/standings"
            | "/teams"
            | "/honours"
            | "/notices"
            | "/camp"
            | "/notices.atom"
    ) {
        return true;
    }
    if path.starts_with("/api/v1/") {
        return true;
    }
    let number = |id: &str| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    // `/teams/ID`, `/games/ID` and `/players/ID`, not `/games/ID/report`.
    let page = ["/teams/", "/games/", "/players/"]
        .iter()
        .any(|prefix| path.strip_prefix(prefix).is_some_and(number));
    // `/calendar/teams/ID.ics`, and the same of a court or a competition.
    let calendar = [
        "/calendar/teams/",
        "/calendar/courts/",
        "/calendar/competitions/",
    ]
    .iter()
    .any(|prefix| {
        path.strip_prefix(prefix)
            .and_then(|file| file.strip_suffix(".ics"))
            .is_some_and(number)
    });
    page || calendar
}

fn server_error() -> Response {
    Response::builder()
        .status(StatusCode::INTERNAL_SERVER_ERROR)
        .body(Body::from("服务器错误 / server error"))
        .expect("a plain response")
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
    let asked = Asked::of(request.headers());
    if let Some(hit) = cache.lookup(&key, cache.stamp(request.uri().path())) {
        return hit.answer(&asked, Served::Hit, Behind::No);
    }
    // One render at a time: a reader who finds another rendering gets the last render at
    // once if it may, else waits for that render and is answered from it. If it stored
    // nothing current (it failed, say the database was slow, or something changed while it
    // ran, so it may not show the change), the waiters take turns again, one rendering while
    // the others wait; after [`WAITS`] turns they render side by side. (They used to render
    // side by side at once: with a result confirmed every few hundred milliseconds, 64
    // readers rendered the same page together on SQLite's one connection, and the p99 went
    // from 5 ms to 290 ms.)
    let mut waited = 0;
    let _rendering = loop {
        let lock = cache.render_lock(&key);
        if let Ok(rendering) = lock.clone().try_lock_owned() {
            break Some(rendering);
        }
        if !asked.fresh {
            if let Some((last, behind)) = cache.recent(&key, cache.stamp(request.uri().path())) {
                return last.answer(&asked, Served::Stale, behind);
            }
        }
        if waited == WAITS {
            break None;
        }
        drop(lock.lock().await);
        waited += 1;
        if let Some(hit) = cache.lookup(&key, cache.stamp(request.uri().path())) {
            return hit.answer(&asked, Served::Hit, Behind::No);
        }
    };
    let stamp = cache.stamp(request.uri().path());
    if let Some(hit) = cache.lookup(&key, stamp) {
        return hit.answer(&asked, Served::Hit, Behind::No);
    }
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "page too large or broken while caching it");
            return server_error();
        }
    };
    let content = content_hash(&body, nonce_of(&parts.headers).as_deref());
    let render = match cache
        .last(&key)
        .filter(|last| last.content == content && last.status == parts.status)
    {
        // Nothing changed since the last render (the TTL ran out): keep it, compressed.
        Some(same) => same,
        None => {
            let (status, headers) = (parts.status, parts.headers);
            let _turn = cache
                .compressing
                .acquire()
                .await
                .expect("the semaphore is never closed");
            match tokio::task::spawn_blocking(move || Render::new(status, headers, body, content))
                .await
            {
                Ok(render) => {
                    cache.compressed.fetch_add(1, Ordering::SeqCst);
                    Arc::new(render)
                }
                Err(error) => {
                    tracing::error!(%error, "compressing a page failed");
                    return server_error();
                }
            }
        }
    };
    cache.store(
        key,
        Entry {
            stamp,
            stored: Instant::now(),
            render: render.clone(),
        },
    );
    // A change counted while it rendered: the reader gets it, told it may lack that change.
    render.answer(
        &asked,
        Served::Rendered,
        Behind::of(stamp, cache.stamp(&path)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{routing::get, Router};
    use tower::ServiceExt;
    use tower_http::compression::{predicate::DefaultPredicate, CompressionLayer, Predicate};

    #[test]
    fn only_public_pages_the_api_and_the_feeds_are_cacheable() {
        for path in [
            "/",
            "/standings",
            "/fixtures",
            "/teams/3",
            "/games/12",
            "/camp",
            "/api/v1/games",
            "/notices.atom",
            "/calendar/teams/3.ics",
            "/calendar/competitions/1.ics",
        ] {
            assert!(cacheable(path), "{path}");
        }
        for path in [
            "/me",
            "/games/12/report",
            "/games/",
            "/teams/x",
            "/camp/h/token",
            "/camp/1/export.csv",
            "/calendar/teams/x.ics",
            "/calendar/teams/3",
            "/requests/view",
            "/live",
            "/admin/competitions",
            "/setup",
            "/pkg/cunba.wasm",
        ] {
            assert!(!cacheable(path), "{path}");
        }
    }

    fn accepting(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn brotli_then_gzip_then_plain_as_accept_encoding_allows() {
        for (value, coding) in [
            ("gzip, deflate, br", Coding::Brotli),
            ("br", Coding::Brotli),
            ("gzip, deflate", Coding::Gzip),
            ("br;q=0, gzip", Coding::Gzip),
            ("br;q=0.5, gzip;q=0.8", Coding::Gzip),
            ("BR; Q=1, gzip", Coding::Brotli),
            ("*", Coding::Brotli),
            ("*;q=0.5, br;q=0", Coding::Gzip),
            ("deflate", Coding::Identity),
            ("identity", Coding::Identity),
            ("br;q=0, gzip;q=0", Coding::Identity),
            ("", Coding::Identity),
        ] {
            assert_eq!(Coding::asked(&accepting(value)), coding, "{value:?}");
        }
        assert_eq!(Coding::asked(&HeaderMap::new()), Coding::Identity);
    }

    #[test]
    fn if_none_match_reads_lists_weak_tags_and_a_star() {
        assert!(matches_tag("\"abc-br\"", "\"abc-br\""));
        assert!(matches_tag("\"x\", W/\"abc-br\"", "\"abc-br\""));
        assert!(matches_tag("*", "\"abc\""));
        assert!(!matches_tag("\"abc\"", "\"abc-br\""));
        assert!(!matches_tag("\"abc-gz\"", "\"abc-br\""));
    }

    #[test]
    fn pages_on_either_side_of_the_small_window_come_back_whole() {
        let row = |n: usize| format!("<tr><td>第{n}场</td><td>{}</td></tr>\n", n * 7919 % 1000);
        for rows in [10, 1_500, 6_000] {
            let page: String = (0..rows).map(row).collect();
            let packed = brotli(page.as_bytes());
            assert_eq!(unbrotli(&packed), page.as_bytes(), "{} bytes", page.len());
            assert!(packed.len() < page.len() / 3, "{} bytes", page.len());
        }
        assert_eq!(brotli_window(64 * 1024 - 16), 16);
        assert_eq!(brotli_window(64 * 1024 - 15), 22);
    }

    fn unbrotli(bytes: &[u8]) -> Vec<u8> {
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &bytes[..], &mut back).unwrap();
        back
    }

    fn ungzip(bytes: &[u8]) -> Vec<u8> {
        let mut back = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut back).unwrap();
        back
    }

    /// A page that renders `version` times the same text with a fresh nonce each render,
    /// behind the cache and the compression layer as the router has them.
    fn site(cache: Arc<PageCache>, renders: Arc<AtomicU64>, version: Arc<AtomicU64>) -> Router {
        let page = move || {
            let (renders, version) = (renders.clone(), version.clone());
            async move {
                renders.fetch_add(1, Ordering::SeqCst);
                let nonce = hex(&rand::random::<[u8; 16]>());
                let text = format!(
                    "<!DOCTYPE html><script nonce=\"{nonce}\">go()</script>{}",
                    format!("<p>积分榜 v{}</p>", version.load(Ordering::SeqCst)).repeat(400)
                );
                (
                    [
                        (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
                        (
                            header::CONTENT_SECURITY_POLICY,
                            format!("script-src 'nonce-{nonce}'"),
                        ),
                    ],
                    text,
                )
            }
        };
        Router::new()
            .route("/standings", get(page))
            .layer(axum::middleware::from_fn_with_state(cache, layer))
            .layer(
                CompressionLayer::new()
                    .compress_when(DefaultPredicate::new().and(CompressUnlessEncoded)),
            )
    }

    async fn fetch(router: &Router, headers: &[(&str, &str)]) -> (StatusCode, HeaderMap, Bytes) {
        let mut request = Request::get("/standings");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        let body = to_bytes(Body::new(body), usize::MAX).await.unwrap();
        (parts.status, parts.headers, body)
    }

    /// A page whose first render takes a while and sees a write land meanwhile (so it must
    /// not be stored); the renders after it are quick.
    fn slow_site(cache: Arc<PageCache>, renders: Arc<AtomicU64>) -> Router {
        let writer = cache.clone();
        let page = move || {
            let (renders, writer) = (renders.clone(), writer.clone());
            async move {
                if renders.fetch_add(1, Ordering::SeqCst) == 0 {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    writer.changed(None);
                }
                ([(header::CONTENT_TYPE, "text/html")], "<p>积分榜</p>")
            }
        };
        Router::new()
            .route("/standings", get(page))
            .layer(axum::middleware::from_fn_with_state(cache, layer))
    }

    #[tokio::test]
    async fn readers_whose_render_was_overtaken_by_a_change_take_turns_again() {
        let cache = PageCache::new(Hub::in_process());
        let renders = Arc::new(AtomicU64::new(0));
        let router = slow_site(cache, renders.clone());
        let readers: Vec<_> = (0..16)
            .map(|_| {
                let router = router.clone();
                tokio::spawn(async move { fetch(&router, &[]).await })
            })
            .collect();
        let mut behind = 0;
        for reader in readers {
            let (status, headers, _) = reader.await.unwrap();
            assert_eq!(status, StatusCode::OK);
            behind += usize::from(headers["server-timing"] == "stale");
        }
        // The first render saw a change and was not stored as current; one reader rendered
        // again and the other fourteen were answered from that (or, arriving while it
        // rendered, from the first, told it may lack the change): two renders, not sixteen.
        assert_eq!(renders.load(Ordering::SeqCst), 2);
        // The reader of the overtaken render, at least, is told so.
        assert!(behind >= 1);
    }

    /// Readers arriving while a page renders again after a change get its last render at
    /// once, marked stale; one who asks for a fresh answer waits for the new one.
    #[tokio::test]
    async fn readers_during_a_render_get_the_last_one_unless_they_ask_for_a_fresh_one() {
        let cache = PageCache::new(Hub::in_process());
        let renders = Arc::new(AtomicU64::new(0));
        let version = Arc::new(AtomicU64::new(1));
        // The second render waits until the test lets it finish.
        let gate = Arc::new(tokio::sync::Notify::new());
        let page = {
            let (renders, version, gate) = (renders.clone(), version.clone(), gate.clone());
            move || {
                let (renders, version, gate) = (renders.clone(), version.clone(), gate.clone());
                async move {
                    renders.fetch_add(1, Ordering::SeqCst);
                    let version = version.load(Ordering::SeqCst);
                    if version > 1 {
                        gate.notified().await;
                    }
                    (
                        [(header::CONTENT_TYPE, "text/html")],
                        format!("<p>v{version}</p>"),
                    )
                }
            }
        };
        let router = Router::new()
            .route("/standings", get(page))
            .layer(axum::middleware::from_fn_with_state(cache.clone(), layer));
        let (_, headers, body) = fetch(&router, &[]).await;
        assert_eq!(&body[..], b"<p>v1</p>");
        assert_eq!(headers["server-timing"], "cache;desc=miss");

        version.store(2, Ordering::SeqCst);
        cache.changed(None);
        let renderer = tokio::spawn({
            let router = router.clone();
            async move { fetch(&router, &[]).await }
        });
        while renders.load(Ordering::SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
        // The render is under way and cannot finish: whoever does not wait gets v1.
        let readers = futures_util::future::join_all((0..15).map(|_| fetch(&router, &[]))).await;
        for (status, headers, body) in readers {
            assert_eq!(status, StatusCode::OK);
            assert_eq!(headers[CACHE_HEADER], "stale");
            assert_eq!(headers["server-timing"], "stale", "a change came since");
            assert_eq!(&body[..], b"<p>v1</p>");
        }
        let asking_fresh: Vec<_> = [
            ("cache-control", "no-cache"),
            ("cache-control", "max-age=0"),
            ("pragma", "no-cache"),
        ]
        .into_iter()
        .map(|asks_fresh| {
            let router = router.clone();
            tokio::spawn(async move { (asks_fresh, fetch(&router, &[asks_fresh]).await) })
        })
        .collect();
        tokio::task::yield_now().await;
        gate.notify_one();
        let (_, headers, body) = renderer.await.unwrap();
        assert_eq!(&body[..], b"<p>v2</p>");
        assert!(!headers.contains_key(CACHE_HEADER));
        assert_eq!(headers["server-timing"], "cache;desc=miss");
        for reader in asking_fresh {
            let (asks_fresh, (_, headers, body)) = reader.await.unwrap();
            assert_eq!(&body[..], b"<p>v2</p>", "{asks_fresh:?}");
            assert_eq!(headers[CACHE_HEADER], "hit");
            assert_eq!(headers["server-timing"], "cache;desc=hit");
        }
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_render_is_compressed_once_and_served_in_each_coding() {
        let cache = PageCache::new(Hub::in_process());
        let (renders, version) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(1)));
        let router = site(cache.clone(), renders.clone(), version.clone());

        let (status, plain_headers, plain) = fetch(&router, &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!plain_headers.contains_key(header::CONTENT_ENCODING));
        let mut brotli_bodies = Vec::new();
        for _ in 0..8 {
            let (status, headers, body) =
                fetch(&router, &[("accept-encoding", "gzip, deflate, br")]).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(headers[header::CONTENT_ENCODING], "br");
            assert_eq!(
                headers[header::CONTENT_LENGTH],
                body.len().to_string().as_str()
            );
            assert_eq!(headers[header::VARY], "accept-encoding");
            assert_eq!(headers[CACHE_HEADER], "hit");
            // Compressed once: decoding once gives the page (the layer did not add a coding).
            assert_eq!(unbrotli(&body), plain);
            brotli_bodies.push(body);
        }
        assert!(brotli_bodies.windows(2).all(|pair| pair[0] == pair[1]));
        let (_, gzip_headers, gzipped) = fetch(&router, &[("accept-encoding", "gzip")]).await;
        assert_eq!(gzip_headers[header::CONTENT_ENCODING], "gzip");
        assert_eq!(ungzip(&gzipped), plain);
        assert!(brotli_bodies[0].len() < gzipped.len() && gzipped.len() < plain.len() / 10);
        assert_eq!(
            (renders.load(Ordering::SeqCst), cache.compressions()),
            (1, 1)
        );

        // The reader's copy is current: 304, with its ETag and its policy.
        let (_, headers, _) = fetch(&router, &[("accept-encoding", "br")]).await;
        let etag = headers[header::ETAG].to_str().unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.ends_with("-br\""), "{etag}");
        assert_ne!(etag, gzip_headers[header::ETAG]);
        assert_ne!(etag, plain_headers[header::ETAG]);
        let (status, not_modified, body) = fetch(
            &router,
            &[("accept-encoding", "br"), ("if-none-match", &etag)],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        assert!(body.is_empty());
        assert_eq!(not_modified[header::ETAG], etag.as_str());
        assert_eq!(
            not_modified[header::CONTENT_SECURITY_POLICY],
            plain_headers[header::CONTENT_SECURITY_POLICY]
        );
        // A gzip copy's tag is another representation.
        let (status, ..) = fetch(
            &router,
            &[
                ("accept-encoding", "br"),
                (
                    "if-none-match",
                    gzip_headers[header::ETAG].to_str().unwrap(),
                ),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK);

        // Something changed but the page reads the same: rendered again, not compressed
        // again, the same ETag and nonce.
        cache.changed(None);
        let (status, ..) = fetch(
            &router,
            &[("accept-encoding", "br"), ("if-none-match", &etag)],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        assert_eq!(
            (renders.load(Ordering::SeqCst), cache.compressions()),
            (2, 1)
        );

        // The page changed: a new render, compressed once, a new ETag.
        version.store(2, Ordering::SeqCst);
        cache.changed(None);
        let (status, headers, body) = fetch(
            &router,
            &[("accept-encoding", "br"), ("if-none-match", &etag)],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_ne!(headers[header::ETAG], etag.as_str());
        assert!(String::from_utf8(unbrotli(&body))
            .unwrap()
            .contains("积分榜 v2"));
        assert_ne!(
            headers[header::CONTENT_SECURITY_POLICY],
            plain_headers[header::CONTENT_SECURITY_POLICY]
        );
        for _ in 0..4 {
            fetch(&router, &[("accept-encoding", "br")]).await;
            fetch(&router, &[("accept-encoding", "gzip")]).await;
        }
        assert_eq!(
            (renders.load(Ordering::SeqCst), cache.compressions()),
            (3, 2)
        );
    }
}
