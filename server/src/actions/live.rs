//! The scorer's sheet of a game being played (issue #19): opening it on this phone, adding
//! its lines (exactly once, in order: see [`app::db::live`]), and an organiser giving it to
//! another scorer. Plain form posts like every action; a phone's script sends the same
//! posts with `Accept: application/json` and reads the sheet's state from the answer.
use app::db::live::{self, LiveError, SentLine, MAX_BATCH};
use app::domain::scoresheet::Sheet;
use app::i18n::{sheet_refusal_key, Key};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::Response,
    routing::post,
    Form, Router,
};
use chrono::Utc;
use serde_json::{json, Value};

use super::{AppState, Reply};
use crate::http::{field, not_found, Answer, Fields, Organiser, SignedIn};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions/games/{id}/live/open", post(open))
        .route("/actions/games/{id}/live/lines", post(lines))
        .route("/actions/games/{id}/live/hand-over", post(hand_over))
}

/// The game's page, where every answer leads.
fn page(id: i32) -> String {
    format!("/games/{id}")
}

/// The device asking: its session (signed in means it has one).
fn device(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|header| app::auth::cookie(header, app::auth::SESSION_COOKIE))
        .map(live::device_of)
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
    let device = device(&headers).ok_or_else(|| reply.forbidden())?;
    live::open(&state.db, id, &who.viewer, &device, Utc::now())
        .await
        .map_err(|error| refused(reply, &page, error))?;
    Ok(reply.done(&page, Key::LiveOpened, json!({})))
}

/// The lines sent, in order: `line` (its number), `id` (the phone's id for it) and `entry`
/// (its code), repeated once a line.
fn sent_lines(fields: &Fields) -> Result<Vec<SentLine>, u32> {
    let named = |name: &str| -> Vec<&str> {
        fields
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    };
    let (numbers, ids, entries) = (named("line"), named("id"), named("entry"));
    if numbers.len() != ids.len() || numbers.len() != entries.len() || numbers.len() > MAX_BATCH {
        return Err(0);
    }
    numbers
        .iter()
        .zip(ids)
        .zip(entries)
        .map(|((number, id), entry)| {
            let line = number.trim().parse::<u32>().map_err(|_| 0u32)?;
            Ok(SentLine {
                line,
                client_id: id.trim().to_owned(),
                entry: entry.trim().to_owned(),
            })
        })
        .collect()
}

async fn lines(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<i32>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Answer {
    let (reply, page) = (&who.reply, page(id));
    let device = device(&headers).ok_or_else(|| reply.forbidden())?;
    let sent =
        sent_lines(&fields).map_err(|line| refused(reply, &page, LiveError::BadLine { line }))?;
    let sheet = live::append(&state.db, id, &who.viewer, &device, &sent, Utc::now())
        .await
        .map_err(|error| refused(reply, &page, error))?;
    Ok(reply.done(&page, Key::LiveSaved, state_json(&sheet)))
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
