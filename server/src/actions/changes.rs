//! The organiser's changes to a published schedule, as form posts: move a game (with the
//! conflict check), postpone it, call it off, assign referees; and the conflict check as JSON.
//!
//! The pages are Leptos pages (`app/src/pages/changes.rs`); their forms work without
//! JavaScript. Saving posts to `/actions/…` and answers as [`crate::actions`] does (303 with
//! `?m=` / `?e=` + `f=field.code` and the typed slot, or JSON with a status for
//! `Accept: application/json`). Organisers only, checked in every handler.
use app::api_changes::SUGGESTIONS;
use app::auth::CurrentViewer;
use app::db::changes::{self, ChangeError, MoveInput, Problem};
use app::db::community::{self, GameChange};
use app::i18n::{change_problem_text, Key, Lang};
use app::state::AppState;
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Extension, Form, Json, Router,
};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use crate::actions::{refuse, with_param, Reply};
use crate::http::{text, Answer, Fields, Organiser};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/games/{id}/check", get(check_json))
        .route("/actions/games/{id}/move", post(move_action))
        .route("/actions/games/{id}/postpone", post(postpone_action))
        .route("/actions/games/{id}/referee", post(referee_action))
        .route("/actions/games/{id}/cancel", post(cancel_action))
        .route("/actions/evenings/postpone", post(postpone_evening))
}

#[derive(Deserialize)]
struct CheckQuery {
    date: Option<String>,
    time: Option<String>,
    court: Option<String>,
}

/// `GET /admin/games/{id}/check?date=&time=&court=`: the conflicts as JSON, for a page that
/// checks as the organiser types.
async fn check_json(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    Query(query): Query<CheckQuery>,
    headers: HeaderMap,
) -> Response {
    let mut reply = Reply::of(&headers);
    reply.json = true;
    if let Some(response) = refuse(&reply, &viewer, &format!("/admin/games/{id}/move")) {
        return response;
    }
    let input = MoveInput {
        date: query.date.unwrap_or_default(),
        time: query.time.unwrap_or_default(),
        court: query.court.unwrap_or_default(),
    };
    let problems = match changes::parse_move(&input, changes::local_date_time(Utc::now()).0) {
        Err(problems) => problems,
        Ok((date, time, court)) => {
            match changes::check_move(&state.db, id, date, time, court).await {
                Ok(problems) => problems,
                Err(ChangeError::NotFound) => {
                    return (StatusCode::NOT_FOUND, Json(json!({ "ok": false }))).into_response()
                }
                Err(error) => return reply.internal(error),
            }
        }
    };
    Json(json!({ "ok": problems.is_empty(), "conflicts": problem_json(reply.lang, &problems) }))
        .into_response()
}

fn problem_json(lang: Lang, problems: &[Problem]) -> Vec<serde_json::Value> {
    problems
        .iter()
        .map(|p| json!({ "field": p.field(), "code": p.code(), "message": change_problem_text(lang, p) }))
        .collect()
}

fn version(fields: &Fields) -> Option<i32> {
    text(fields, "version").trim().parse().ok()
}

/// A game moved, postponed or called off: the automatic notice for residents (a failure to
/// write it is logged, the change stands), then the live announcement.
async fn tell(state: &AppState, game: &app::db::entities::game::Model, change: GameChange) {
    if let Err(error) = community::game_changed(&state.db, game.id, change, Utc::now()).await {
        tracing::error!(%error, id = game.id, ?change, "cannot write the notice of a game change");
    }
    announce(state, game);
}

/// A change is stored: announce it on the live stream (in the background).
fn announce(state: &AppState, game: &app::db::entities::game::Model) {
    let live = state.live.clone();
    let event = app::live::LiveEvent::of(app::live::LiveKind::Schedule, game);
    tokio::spawn(async move { live.publish(event).await });
}

fn change_error(reply: &Reply, error: ChangeError, back: &str) -> Response {
    match error {
        ChangeError::Forbidden => reply.forbidden(),
        ChangeError::NotFound => {
            (StatusCode::NOT_FOUND, reply.lang.t(Key::NoSuchGame)).into_response()
        }
        ChangeError::Stale => {
            reply.fail(StatusCode::CONFLICT, back, Key::ChangedMeanwhile, json!({}))
        }
        ChangeError::WrongState => reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            back,
            Key::GameNotChangeable,
            json!({}),
        ),
        ChangeError::Refused(problems) => {
            let list: Vec<String> = problems
                .iter()
                .map(|p| format!("{}.{}", p.field(), p.code()))
                .collect();
            reply.fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                &with_param(back, "f", &list.join(",")),
                if problems.iter().any(Problem::is_input_error) {
                    Key::FormHasErrors
                } else {
                    Key::MoveHasConflicts
                },
                json!({ "errors": problem_json(reply.lang, &problems) }),
            )
        }
        ChangeError::Db(error) => reply.internal(error),
    }
}

async fn move_action(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let reply = &who.reply;
    let page = format!("/admin/games/{id}/move");
    let input = MoveInput {
        date: text(&fields, "date").trim().to_owned(),
        time: text(&fields, "time").trim().to_owned(),
        court: text(&fields, "court").trim().to_owned(),
    };
    let typed = [
        ("date", &input.date),
        ("time", &input.time),
        ("court", &input.court),
    ]
    .iter()
    .fold(page.clone(), |url, (name, value)| {
        with_param(&url, name, value)
    });
    let now = Utc::now();
    let game = changes::move_game(&state.db, &who.viewer, id, version(&fields), &input, now)
        .await
        .map_err(|error| change_error(reply, error, &typed))?;
    tell(&state, &game, GameChange::Moved).await;
    Ok(reply.done(
        &format!("/games/{id}"),
        Key::GameMovedNow,
        json!({ "game_id": id, "version": game.version, "starts_at": game.starts_at.to_rfc3339(), "court_id": game.court_id }),
    ))
}

async fn postpone_action(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let reply = &who.reply;
    let page = format!("/admin/games/{id}/postpone");
    let now = Utc::now();
    let game = changes::postpone_game(&state.db, &who.viewer, id, version(&fields), now)
        .await
        .map_err(|error| change_error(reply, error, &page))?;
    tell(&state, &game, GameChange::Postponed).await;
    let suggestions = changes::suggest_slots(&state.db, id, now, SUGGESTIONS)
        .await
        .unwrap_or_default();
    Ok(reply.done(
        &page,
        Key::GamePostponedNow,
        json!({ "game_id": id, "version": game.version, "suggestions": suggestions }),
    ))
}

/// Rain: every game still scheduled on `date` (on `court`, or on every court) is postponed,
/// each with its notice; they wait in 管理 for a new date.
async fn postpone_evening(
    State(state): State<AppState>,
    who: Organiser,
    Form(fields): Form<Fields>,
) -> Answer {
    let reply = &who.reply;
    let page = "/admin";
    let date = chrono::NaiveDate::parse_from_str(text(&fields, "date").trim(), "%Y-%m-%d");
    let court = text(&fields, "court").trim().parse::<i32>().ok();
    let Ok(date) = date else {
        return Ok(reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            &with_param(page, "f", "date.invalid"),
            Key::FormHasErrors,
            json!({}),
        ));
    };
    let games = changes::evening_games(&state.db, date, court)
        .await
        .map_err(|error| reply.internal(error))?;
    if games.is_empty() {
        return Ok(reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            page,
            Key::EveningNothingToPostpone,
            json!({}),
        ));
    }
    let now = Utc::now();
    let mut postponed = Vec::new();
    for game in games {
        match changes::postpone_game(&state.db, &who.viewer, game.id, Some(game.version), now).await
        {
            Ok(game) => {
                tell(&state, &game, GameChange::Postponed).await;
                postponed.push(game.id);
            }
            // Changed meanwhile (a result, a move): left as it is.
            Err(ChangeError::Stale | ChangeError::WrongState) => {}
            Err(error) => return Err(change_error(reply, error, page).into()),
        }
    }
    Ok(reply.done(
        page,
        Key::EveningPostponed,
        json!({ "postponed": postponed }),
    ))
}

/// Calls a game off for good (it will not be played): residents get a notice, the tables
/// leave it out, and a competition whose last open game it was is finished.
async fn cancel_action(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let reply = &who.reply;
    let page = format!("/admin/games/{id}/move");
    let now = Utc::now();
    let game = changes::cancel_game(&state.db, &who.viewer, id, version(&fields), now)
        .await
        .map_err(|error| change_error(reply, error, &page))?;
    tell(&state, &game, GameChange::Cancelled).await;
    Ok(reply.done(
        &format!("/games/{id}"),
        Key::GameCancelledNow,
        json!({ "game_id": id, "version": game.version }),
    ))
}

async fn referee_action(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let reply = &who.reply;
    let page = "/admin/referees";
    let referee = match text(&fields, "referee").trim() {
        "" => None,
        typed => Some(typed.parse::<i32>().map_err(|_| {
            change_error(
                reply,
                ChangeError::Refused(vec![Problem::RefereeInvalid]),
                page,
            )
        })?),
    };
    let now = Utc::now();
    let game = changes::assign_referee(&state.db, &who.viewer, id, referee, version(&fields), now)
        .await
        .map_err(|error| change_error(reply, error, page))?;
    announce(&state, &game);
    Ok(reply.done(
        page,
        if referee.is_some() {
            Key::RefereeAssignedNow
        } else {
            Key::RefereeClearedNow
        },
        json!({ "game_id": id, "referee": referee, "version": game.version }),
    ))
}
