//! The scorer's sheet of a game being played (issue #19): opening it on this phone, adding
//! its lines (exactly once, in order: see [`app::db::live`]), handing the finished sheet in
//! as the result, and an organiser giving it to another scorer. Plain form posts like every
//! action (the sheet's page works without JavaScript); a phone's script sends the same
//! posts with `Accept: application/json` and reads the sheet's state from the answer.
use app::db::live::{self, LiveError};
use app::domain::form;
use app::domain::scoresheet::{parse_sent, Sheet};
use app::i18n::{sent_problem_key, sheet_refusal_key, Key};
use app::live::{LiveEvent, LiveKind};
use app::model::ReportStatus;
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
    routing::post,
    Form, Router,
};
use chrono::Utc;
use serde_json::{json, Value};

use super::{AppState, Reply};
use crate::http::{field, not_found, pairs, Answer, Fields, Organiser, Refusal, SignedIn};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions/games/{id}/live/open", post(open))
        .route("/actions/games/{id}/live/lines", post(lines))
        .route("/actions/games/{id}/live/finish", post(finish))
        .route("/actions/games/{id}/live/hand-over", post(hand_over))
}

/// The sheet's page, where every answer leads.
fn page(id: i32) -> String {
    format!("/games/{id}/live")
}

/// The device asking: its session (signed in means it has one).
fn device(reply: &Reply, headers: &HeaderMap) -> Result<String, Refusal> {
    app::auth::session_token(headers)
        .map(live::device_of)
        .ok_or_else(|| reply.forbidden().into())
}

/// Every refusal of the sheet, answered the one way.
fn refused(reply: &Reply, page: &str, error: LiveError) -> Response {
    let conflict = |key| reply.fail(StatusCode::CONFLICT, page, key, json!({}));
    let invalid = |key, extra| reply.fail(StatusCode::UNPROCESSABLE_ENTITY, page, key, extra);
    match error {
        LiveError::NotFound => not_found(),
        LiveError::Forbidden => reply.forbidden(),
        LiveError::HeldElsewhere => conflict(Key::LiveHeldElsewhere),
        LiveError::NotLive => conflict(Key::LiveNotLive),
        LiveError::Busy => conflict(Key::LiveBusy),
        LiveError::NotFinished => conflict(Key::LiveNotFinished),
        LiveError::OutOfOrder { expected } => reply.fail(
            StatusCode::CONFLICT,
            page,
            Key::LiveOutOfOrder,
            json!({ "expected": expected }),
        ),
        LiveError::BadLine { line } => invalid(Key::LiveBadLine, json!({ "line": line })),
        LiveError::NoSuchScorer => invalid(Key::LiveNoSuchScorer, json!({})),
        LiveError::Refused { line, refusal } => invalid(
            sheet_refusal_key(refusal),
            json!({ "line": line, "refusal": refusal }),
        ),
        LiveError::Report(error) => super::report_error(reply, error, page, page),
        LiveError::Db(error) => reply.internal(error),
    }
}

/// The sheet's state, for the phone that keeps it.
fn state_json(sheet: &Sheet) -> Value {
    let state = sheet.state();
    json!({
        "lines": sheet.lines(),
        "score": state.score(),
        "period": state.period,
        "periods": state.periods,
        "team_fouls": state.team_fouls,
        "timeouts_left": state.timeouts_left,
        "finished": state.finished,
    })
}

async fn open(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<i32>,
    headers: HeaderMap,
) -> Answer {
    let (reply, page) = (&who.reply, page(id));
    let device = device(reply, &headers)?;
    live::open(&state.db, id, &who.viewer, &device, Utc::now())
        .await
        .map_err(|error| refused(reply, &page, error))?;
    Ok(reply.done(&page, Key::LiveOpened, json!({})))
}

async fn lines(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<i32>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Answer {
    let (reply, page) = (&who.reply, page(id));
    let device = device(reply, &headers)?;
    let sent = parse_sent(&form::Fields::new(pairs(&fields))).map_err(|problem| {
        reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
            sent_problem_key(problem),
            json!({ "problem": problem }),
        )
    })?;
    let appended = live::append(&state.db, id, &who.viewer, &device, &sent, Utc::now())
        .await
        .map_err(|error| refused(reply, &page, error))?;
    // Lines stored before a refused one changed the score all the same (the hub's event
    // counts it for the page cache: a refusal's answer changes nothing there). Only the
    // pages that list the game are rendered again.
    let changed = match appended.added {
        0 => Some(Vec::new()),
        _ => super::publish(
            &state,
            LiveEvent {
                score: Some(live::live_score(&appended.sheet)),
                ..LiveEvent::of(LiveKind::Score, &appended.game)
            },
        ),
    };
    if let Some(error) = appended.refused {
        return Err(refused(reply, &page, error).into());
    }
    let answer = reply.done(&page, Key::LiveSaved, state_json(&appended.sheet));
    Ok(match changed {
        Some(pages) => crate::http::page_cache::changed_only(answer, pages),
        None => answer,
    })
}

async fn finish(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<i32>,
    headers: HeaderMap,
) -> Answer {
    let (reply, page) = (&who.reply, page(id));
    let device = device(reply, &headers)?;
    let receipt = live::finish(&state.db, id, &who.viewer, &device, Utc::now())
        .await
        .map_err(|error| refused(reply, &page, error))?;
    let stands = receipt.status == ReportStatus::Confirmed;
    let kind = if stands {
        LiveKind::Result
    } else {
        LiveKind::Score
    };
    super::announce(&state, id, kind, None).await;
    let message = if stands {
        Key::LiveHandedIn
    } else {
        Key::LiveHandedInPending
    };
    Ok(reply.done(
        &format!("/games/{id}"),
        message,
        super::receipt_json(&receipt),
    ))
}

async fn hand_over(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let (reply, page) = (&who.reply, page(id));
    let scorer = field(&fields, "scorer")
        .and_then(|value| value.trim().parse().ok())
        .ok_or_else(|| refused(reply, &page, LiveError::NoSuchScorer))?;
    live::hand_over(&state.db, id, &who.viewer, scorer, Utc::now())
        .await
        .map_err(|error| refused(reply, &page, error))?;
    Ok(reply.done(&page, Key::LiveHandedOver, json!({ "scorer": scorer })))
}
