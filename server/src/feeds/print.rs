//! A competition's schedule as CSV (`/export/competitions/{id}/schedule.csv`), for
//! organisers. The A4 notice-board sheets (`/print/courts/{id}`, `/print/week`) are Leptos
//! pages (`app/src/pages/print.rs`).
use app::auth::CurrentViewer;
use app::db::changes;
use app::i18n::Key;
use app::state::AppState;
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Extension, Router,
};

use crate::actions::refuse;
use crate::actions::Reply;

pub fn routes() -> Router<AppState> {
    Router::new().route("/export/competitions/{id}/schedule.csv", get(schedule_csv))
}

async fn schedule_csv(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    headers: HeaderMap,
) -> Response {
    let reply = Reply::of(&headers);
    if let Some(response) = refuse(
        &reply,
        &viewer,
        &format!("/export/competitions/{id}/schedule.csv"),
    ) {
        return response;
    }
    match changes::published_competition(&state.db, id).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return (StatusCode::NOT_FOUND, reply.lang.t(Key::CompNotFound)).into_response()
        }
        Err(error) => return reply.internal(error),
    }
    let games = match changes::sheet_games(&state.db, None, Some(id), None).await {
        Ok(games) => games,
        Err(error) => return reply.internal(error),
    };
    let body = changes::schedule_csv(&games);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"schedule-{id}.csv\""))
                    .expect("ASCII"),
            ),
        ],
        body,
    )
        .into_response()
}
