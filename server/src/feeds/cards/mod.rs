//! Share cards: PNG pictures of a game, a competition's standings and today's games, for
//! WeChat chats and link previews (`/cards/games/{id}.png`, `/cards/standings/{id}.png`,
//! `/cards/today.png`).
//!
//! Each request loads the data (the same queries as the page), writes the SVG
//! ([`draw`], pure) and hashes it: the hash is the ETag and the cache key, so a card is
//! drawn again exactly when what it shows has changed (a confirmed result, a new day) and
//! is otherwise served from memory — or answered 304 when the reader already has it.
//! Drawing takes tens of milliseconds of CPU: it runs on a blocking thread, one card at a
//! time. Without a Chinese font (see [`font`]) the routes answer 503 and pages leave the
//! image out.
pub mod draw;
pub mod font;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use app::db::entities::association;
use app::db::queries::{self, NamesCache};
use app::db::standings;
use app::i18n::Lang;
use app::state::AppState;
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Extension, Router,
};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, QueryOrder};
use sha2::{Digest, Sha256};

use crate::http::{Answer, Refusal};

pub use draw::Brand;
pub use font::CardFont;

/// How many different cards are kept in memory (a game's card is ~30–60 KB).
const CACHE_ENTRIES: usize = 256;
/// Readers may keep a card this long before asking again (then a 304 if unchanged).
const CACHE_CONTROL: &str = "public, max-age=60";

/// The font, the drawn cards, and how many were drawn.
pub struct Cards {
    font: Option<CardFont>,
    cache: Mutex<Cache>,
    renders: AtomicU64,
    /// One card is drawn at a time: the same two cores serve the pages.
    drawing: tokio::sync::Semaphore,
}

#[derive(Default)]
struct Cache {
    entries: HashMap<String, Entry>,
    clock: u64,
}

struct Entry {
    etag: String,
    png: Bytes,
    used: u64,
}

impl Cache {
    fn get(&mut self, key: &str, etag: &str) -> Option<Bytes> {
        self.clock += 1;
        let clock = self.clock;
        let entry = self.entries.get_mut(key).filter(|e| e.etag == etag)?;
        entry.used = clock;
        Some(entry.png.clone())
    }

    fn put(&mut self, key: String, etag: String, png: Bytes) {
        self.clock += 1;
        if self.entries.len() >= CACHE_ENTRIES && !self.entries.contains_key(&key) {
            // Forget the card read longest ago.
            if let Some(oldest) = self
                .entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone())
            {
                self.entries.remove(&oldest);
            }
        }
        let used = self.clock;
        self.entries.insert(key, Entry { etag, png, used });
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CardError {
    #[error("no Chinese font: share cards are off")]
    NoFont,
    #[error(transparent)]
    Render(#[from] font::RenderError),
    #[error("the drawing thread failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// The ETag of a card: the first 128 bits of the SHA-256 of its SVG, quoted.
pub fn etag_of(svg: &str) -> String {
    let digest = Sha256::digest(svg.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

impl Cards {
    pub fn new(font: Option<CardFont>) -> Arc<Cards> {
        Arc::new(Cards {
            font,
            cache: Mutex::new(Cache::default()),
            renders: AtomicU64::new(0),
            drawing: tokio::sync::Semaphore::new(1),
        })
    }

    /// The process's cards, with the font found at first use (start-up: the router asks).
    pub fn shared() -> Arc<Cards> {
        static SHARED: OnceLock<Arc<Cards>> = OnceLock::new();
        SHARED
            .get_or_init(|| Cards::new(CardFont::discover()))
            .clone()
    }

    pub fn available(&self) -> bool {
        self.font.is_some()
    }

    /// How many cards this process has drawn (not served from the cache).
    pub fn renders(&self) -> u64 {
        self.renders.load(Ordering::Relaxed)
    }

    fn cached(&self, key: &str, etag: &str) -> Option<Bytes> {
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(key, etag)
    }

    /// The PNG of `svg`, the card at `key`: from the cache when this SVG was drawn before.
    pub async fn png(&self, key: &str, svg: String) -> Result<(String, Bytes), CardError> {
        let font = self.font.clone().ok_or(CardError::NoFont)?;
        let etag = etag_of(&svg);
        if let Some(png) = self.cached(key, &etag) {
            return Ok((etag, png));
        }
        let _permit = self
            .drawing
            .acquire()
            .await
            .expect("the semaphore is never closed");
        // Another request may have drawn it while this one waited.
        if let Some(png) = self.cached(key, &etag) {
            return Ok((etag, png));
        }
        let png = tokio::task::spawn_blocking(move || font.render_png(&svg)).await??;
        self.renders.fetch_add(1, Ordering::Relaxed);
        let png = Bytes::from(png);
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .put(key.to_owned(), etag.clone(), png.clone());
        Ok((etag, png))
    }
}

/// The association the cards speak for.
pub async fn brand(db: &DatabaseConnection) -> Result<Brand, DbErr> {
    let association = association::Entity::find()
        .order_by_asc(association::Column::Id)
        .one(db)
        .await?;
    Ok(Brand {
        association: association
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        is_demo: association.is_some_and(|a| a.is_demo),
    })
}

fn local_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Shanghai).date_naive()
}

/// The SVG of a (published) game's card; `None` when there is no such game.
pub async fn game_svg(
    db: &DatabaseConnection,
    names: &NamesCache,
    id: i32,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let Some(data) = queries::game_page(db, names, id, now).await? else {
        return Ok(None);
    };
    let brand = brand(db).await?;
    Ok(Some(draw::game(&brand, &data.game, &data.periods)))
}

/// The SVG of a (published) competition's standings card; `None` when there is none.
pub async fn standings_svg(
    db: &DatabaseConnection,
    names: &NamesCache,
    competition_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let data = standings::page(db, names, Some(competition_id), Lang::Zh, now).await?;
    let Some(competition) = data.selected.filter(|c| c.id == competition_id) else {
        return Ok(None);
    };
    let brand = brand(db).await?;
    Ok(Some(draw::standings(
        &brand,
        &competition,
        &data.tables,
        local_date(now),
    )))
}

/// The SVG of today's card (Asia/Shanghai's today).
pub async fn today_svg(
    db: &DatabaseConnection,
    names: &NamesCache,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let data = queries::today(db, names, now).await?;
    let brand = brand(db).await?;
    let date = data.date.parse().unwrap_or_else(|_| local_date(now));
    Ok(draw::today(&brand, date, &data.today, &data.upcoming))
}

pub fn routes(cards: Arc<Cards>) -> Router<AppState> {
    Router::new()
        .route("/cards/games/{file}", get(game_card))
        .route("/cards/standings/{file}", get(standings_card))
        .route("/cards/today.png", get(today_card))
        .layer(Extension(cards))
}

/// `12.png` → 12.
fn id_of(file: &str) -> Option<i32> {
    file.strip_suffix(".png")?.parse().ok()
}

fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        "分享图暂不可用：服务器没有中文字体。/ Share cards are unavailable: the server has no Chinese font.",
    )
        .into_response()
}

fn server_error() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "服务器出错 / server error",
    )
        .into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "找不到 / not found").into_response()
}

/// Does the reader already have this version (`If-None-Match`)?
fn has_version(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*")
}

/// Answers a card request: 404 without data, 304 when the reader has it, else the PNG.
async fn answer(
    cards: &Cards,
    key: String,
    name: &str,
    headers: &HeaderMap,
    svg: Result<Option<String>, DbErr>,
) -> Response {
    let svg = match svg {
        Ok(Some(svg)) => svg,
        Ok(None) => return not_found(),
        Err(error) => {
            tracing::error!(%error, card = %key, "card data failed");
            return server_error();
        }
    };
    let etag = etag_of(&svg);
    let version_headers = |etag: &str| {
        [
            (header::ETAG, HeaderValue::from_str(etag).expect("hex")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(CACHE_CONTROL),
            ),
        ]
    };
    if has_version(headers, &etag) {
        return (StatusCode::NOT_MODIFIED, version_headers(&etag)).into_response();
    }
    match cards.png(&key, svg).await {
        Ok((etag, png)) => {
            let disposition = format!("inline; filename=\"cunba-{name}.png\"");
            (
                version_headers(&etag),
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_str(&disposition).expect("ASCII"),
                    ),
                ],
                png,
            )
                .into_response()
        }
        Err(CardError::NoFont) => unavailable(),
        Err(error) => {
            tracing::error!(%error, card = %key, "drawing a card failed");
            server_error()
        }
    }
}

/// The id a card's file names (`12.png`), when this server draws cards; else the answer.
fn card_id(cards: &Cards, file: &str) -> Result<i32, Refusal> {
    if !cards.available() {
        return Err(unavailable().into());
    }
    id_of(file).ok_or_else(|| not_found().into())
}

async fn game_card(
    State(state): State<AppState>,
    Extension(cards): Extension<Arc<Cards>>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let id = card_id(&cards, &file)?;
    let svg = game_svg(&state.db, &state.names, id, Utc::now()).await;
    let (key, name) = (format!("games/{id}"), format!("game-{id}"));
    Ok(answer(&cards, key, &name, &headers, svg).await)
}

async fn standings_card(
    State(state): State<AppState>,
    Extension(cards): Extension<Arc<Cards>>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let id = card_id(&cards, &file)?;
    let svg = standings_svg(&state.db, &state.names, id, Utc::now()).await;
    let (key, name) = (format!("standings/{id}"), format!("standings-{id}"));
    Ok(answer(&cards, key, &name, &headers, svg).await)
}

async fn today_card(
    State(state): State<AppState>,
    Extension(cards): Extension<Arc<Cards>>,
    headers: HeaderMap,
) -> Response {
    if !cards.available() {
        return unavailable();
    }
    let svg = today_svg(&state.db, &state.names, Utc::now())
        .await
        .map(Some);
    answer(&cards, "today".into(), "today", &headers, svg).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_etag_follows_the_svg() {
        assert_eq!(etag_of("<svg/>"), etag_of("<svg/>"));
        assert_ne!(etag_of("<svg/>"), etag_of("<svg />"));
        assert_eq!(etag_of("<svg/>").len(), 34);
    }

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"aa\", W/\"bb\""),
        );
        assert!(has_version(&headers, "\"bb\""));
        assert!(has_version(&headers, "\"aa\""));
        assert!(!has_version(&headers, "\"cc\""));
    }

    #[test]
    fn card_file_names() {
        assert_eq!(id_of("12.png"), Some(12));
        assert_eq!(id_of("12"), None);
        assert_eq!(id_of("x.png"), None);
    }

    #[test]
    fn the_cache_forgets_the_card_read_longest_ago() {
        let mut cache = Cache::default();
        for n in 0..CACHE_ENTRIES {
            cache.put(format!("k{n}"), "e".into(), Bytes::from_static(b"png"));
        }
        assert!(cache.get("k0", "e").is_some());
        cache.put("new".into(), "e".into(), Bytes::from_static(b"png"));
        assert_eq!(cache.entries.len(), CACHE_ENTRIES);
        assert!(cache.get("k0", "e").is_some(), "read recently: kept");
        assert!(cache.get("k1", "e").is_none(), "the oldest: forgotten");
        assert!(
            cache.get("new", "other").is_none(),
            "another version is a miss"
        );
    }
}
