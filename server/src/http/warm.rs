//! Before a server takes requests, it renders the public pages once into the page cache,
//! the most read first, for at most [`BUDGET`].
//!
//! Why: after a start every page is a miss, and on PostgreSQL every connection of the pool
//! and its server process start cold. With 1,000 readers arriving (`make load`, two
//! PostgreSQL servers), the first second's reads had a p99 of 239 and 331 ms in two runs
//! before this (`9becc54`), against 10–20 ms for the rest of the minute, and 54 ms with the
//! pages warmed. A warmed page is current for the page cache's TTL and served at once while
//! it renders again for ten seconds after that (stale-while-revalidate), which covers the
//! start.
//!
//! The pages are asked for through the router itself, as a reader without a cookie asks
//! (the default language, brotli): what is cached is exactly what that reader would have
//! been given. Which pages: the public list pages, then what the read-only API lists (each
//! competition's standings, each team, each game by how near its tip-off is to now), both
//! as pages and as the API. What is not reached within the budget is rendered by its first
//! reader, as before.
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::{
    body::{Body, Bytes},
    extract::ConnectInfo,
    http::{header, Request},
    Router,
};
use chrono::{DateTime, Utc};
use futures_util::{stream, StreamExt};
use serde::Deserialize;
use tower::ServiceExt;

/// How long a start may spend warming: the demo league's 352 pages take 1.0 s in a release
/// build on 2 cores; a slower start stops here and leaves the rest to their first readers.
pub const BUDGET: Duration = Duration::from_secs(3);
/// Pages rendered at once: enough to use several of the pool's connections.
const AT_ONCE: usize = 8;

/// The public pages that name no row.
const LISTS: [&str; 10] = [
    "/",
    "/standings",
    "/fixtures",
    "/teams",
    "/notices",
    "/camp",
    "/honours",
    "/api/v1/games",
    "/api/v1/competitions",
    "/api/v1/teams",
];

/// Renders the public pages into the cache; how many were rendered. Stops starting new
/// ones once [`BUDGET`] has passed.
pub async fn warm(router: &Router, now: DateTime<Utc>) -> usize {
    let deadline = Instant::now() + BUDGET;
    let mut paths: Vec<String> = LISTS.iter().map(|path| path.to_string()).collect();
    paths.extend(listed(router, now).await);
    stream::iter(paths)
        .map(|path| async move {
            Instant::now() < deadline && get(router.clone(), &path, "br").await.is_some()
        })
        .buffer_unordered(AT_ONCE)
        .filter(|rendered| std::future::ready(*rendered))
        .count()
        .await
}

#[derive(Deserialize)]
struct Games {
    teams: Vec<Row>,
    games: Vec<Game>,
}

#[derive(Deserialize)]
struct Game {
    id: i64,
    starts_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct Row {
    id: i64,
}

/// The pages of what the API lists: each competition's standings, each team, each game (nearest to `now` first), the page and its API twin.
async fn listed(router: &Router, now: DateTime<Utc>) -> Vec<String> {
    async fn read<T: for<'de> Deserialize<'de>>(router: &Router, path: &str) -> Option<T> {
        serde_json::from_slice(&get(router.clone(), path, "identity").await?).ok()
    }
    let mut paths = Vec::new();
    for competition in read::<Vec<Row>>(router, "/api/v1/competitions")
        .await
        .unwrap_or_default()
    {
        paths.push(format!("/api/v1/competitions/{}/standings", competition.id));
    }
    let Some(Games { teams, mut games }) = read::<Games>(router, "/api/v1/games").await else {
        return paths;
    };
    for team in teams {
        paths.push(format!("/teams/{}", team.id));
        paths.push(format!("/api/v1/teams/{}", team.id));
    }
    games.sort_by_key(|game| {
        game.starts_at
            .map_or(i64::MAX, |at| (at - now).num_seconds().abs())
    });
    for game in games {
        paths.push(format!("/games/{}", game.id));
        paths.push(format!("/api/v1/games/{}", game.id));
    }
    paths
}

/// The body of a `GET` of `path` through the router, as a reader without a cookie asks for
/// it, if it was a success.
async fn get(router: Router, path: &str, coding: &str) -> Option<Bytes> {
    let request = Request::get(path)
        .header(header::ACCEPT_ENCODING, coding)
        .extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 0))))
        .body(Body::empty())
        .ok()?;
    let response = router.oneshot(request).await.ok()?;
    if !response.status().is_success() {
        return None;
    }
    axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .ok()
}
