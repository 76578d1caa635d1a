//! `GET /live`: the hub's events as server-sent events, for the pages' live refresh.
//!
//! ```text
//! event: result
//! data: {"kind":"result","game_id":12,"competition_id":1}
//! ```
//!
//! `?competition=ID`, `?game=ID` and `?team=ID` keep only the events of that competition,
//! game or team.
use std::{convert::Infallible, time::Duration};

use app::live::{Hub, LiveEvent};
use app::state::AppState;
use axum::{
    extract::{Query, State},
    http::{header, HeaderName, HeaderValue},
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
    routing::get,
    Router,
};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

/// Comments this often keep idle connections open through proxies and phone networks.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub fn routes() -> Router<AppState> {
    Router::new().route("/live", get(live))
}

/// Which events a stream wants; no field means every event.
#[derive(Clone, Copy, Debug, Default, Deserialize)]
pub struct LiveFilter {
    pub competition: Option<i32>,
    pub game: Option<i32>,
    /// A team's games (an event that names no teams — a change of everything — too).
    pub team: Option<i32>,
}

impl LiveFilter {
    pub fn accepts(&self, event: &LiveEvent) -> bool {
        self.competition.is_none_or(|id| id == event.competition_id)
            && self.game.is_none_or(|id| id == event.game_id)
            && self
                .team
                .is_none_or(|id| event.teams.is_empty() || event.teams.contains(&id))
    }
}

async fn live(State(state): State<AppState>, Query(filter): Query<LiveFilter>) -> Response {
    let events = events(&state.live, filter);
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // nginx and similar would otherwise hold events back to fill a buffer.
    headers.insert(
        HeaderName::from_static("x-accel-buffering"),
        HeaderValue::from_static("no"),
    );
    response
}

/// The stream: every accepted event, until the hub closes (the server is stopping). A reader
/// too slow to keep up skips what it missed and goes on — the next event refreshes the page
/// to the latest anyway.
fn events(hub: &Hub, filter: LiveFilter) -> impl Stream<Item = Result<Event, Infallible>> {
    let receiver = hub.subscribe();
    let closed = Box::pin(hub.closed());
    stream::unfold(
        (receiver, closed),
        move |(mut receiver, mut closed)| async move {
            loop {
                let received = tokio::select! {
                    _ = &mut closed => return None,
                    received = receiver.recv() => received,
                };
                match received {
                    Ok(event) if filter.accepts(&event) => {
                        if let Some(sse) = sse_event(&event) {
                            return Some((Ok(sse), (receiver, closed)));
                        }
                    }
                    Ok(_) => continue,
                    Err(RecvError::Lagged(skipped)) => {
                        tracing::debug!(skipped, "a live reader fell behind");
                        continue;
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        },
    )
}

fn sse_event(event: &LiveEvent) -> Option<Event> {
    match Event::default().event(event.kind.as_str()).json_data(event) {
        Ok(sse) => Some(sse),
        Err(error) => {
            tracing::error!(%error, ?event, "live event not serialisable");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::live::LiveKind;

    #[test]
    fn filters_by_competition_and_game() {
        let event = LiveEvent {
            kind: LiveKind::Result,
            game_id: 7,
            competition_id: 2,
            teams: vec![],
            score: None,
        };
        assert!(LiveFilter::default().accepts(&event));
        let team = |id| LiveFilter {
            team: Some(id),
            ..LiveFilter::default()
        };
        let played = LiveEvent {
            teams: vec![3, 4],
            ..event.clone()
        };
        assert!(team(3).accepts(&played) && team(4).accepts(&played));
        assert!(!team(5).accepts(&played));
        assert!(
            team(5).accepts(&event),
            "an event naming no team reaches every team page"
        );
        let competition = |id| LiveFilter {
            competition: Some(id),
            ..LiveFilter::default()
        };
        assert!(competition(2).accepts(&event));
        assert!(!competition(3).accepts(&event));
        let game = |id| LiveFilter {
            game: Some(id),
            ..LiveFilter::default()
        };
        assert!(game(7).accepts(&event));
        assert!(!game(8).accepts(&event));
    }
}
