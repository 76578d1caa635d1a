//! Organisers set camps up: a new camp with its age groups, or changes to one (facts,
//! enrolment window, policy, groups added, changed or removed). Plain form posts, as in
//! [`crate::actions`]; on an error the form comes back filled, with field errors.
use app::db::camp_setup::{self, SetupError};
use app::domain::camp::setup as rules;
use app::i18n::Key;
use app::state::AppState;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::post,
    Form, Router,
};
use chrono::Utc;
use serde_json::json;

use crate::http::{pairs, typed, Answer, Fields, Organiser, Refusal, Reply};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions/camp/camps", post(create_camp))
        .route("/actions/camp/camps/{id}", post(update_camp))
}

/// The form as the rules read it, with the page and what was typed to come back to.
fn read(reply: &Reply, page: &str, fields: &Fields) -> Result<(rules::CampSetup, String), Refusal> {
    let names = rules::field_names();
    let typed = typed(page, fields, names.iter().map(String::as_str));
    match rules::parse(pairs(fields)) {
        Ok(input) => Ok((input, typed)),
        Err(errors) => Err(reply.field_errors(&typed, &errors).into()),
    }
}

async fn create_camp(
    State(state): State<AppState>,
    who: Organiser,
    Form(fields): Form<Fields>,
) -> Answer {
    let reply = &who.reply;
    let (input, typed) = read(reply, "/camp/admin/new", &fields)?;
    Ok(
        match camp_setup::create(&state.db, &input, &who.actor(), Utc::now()).await {
            Ok(id) => reply.done(
                &format!("/camp/admin/{id}/edit"),
                Key::CampCreated,
                json!({ "camp_id": id }),
            ),
            Err(SetupError::Invalid(errors)) => reply.field_errors(&typed, &errors),
            Err(SetupError::NotFound) => reply.expired(&typed),
            Err(SetupError::Db(error)) => reply.internal(error),
        },
    )
}

async fn update_camp(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let reply = &who.reply;
    let page = format!("/camp/admin/{id}/edit");
    let (input, typed) = read(reply, &page, &fields)?;
    Ok(
        match camp_setup::update(&state.db, id, &input, &who.actor(), Utc::now()).await {
            Ok(updated) => reply.done(
                &page,
                if updated.promoted.is_empty() {
                    Key::CampUpdated
                } else {
                    Key::CampUpdatedPromoted
                },
                json!({ "camp_id": id, "promoted": updated.promoted }),
            ),
            Err(SetupError::Invalid(errors)) => reply.field_errors(&typed, &errors),
            // No such camp (or anonymised), or a group that is not this camp's any more.
            Err(SetupError::NotFound) => {
                reply.fail(StatusCode::NOT_FOUND, &page, Key::FormExpired, json!({}))
            }
            Err(SetupError::Db(error)) => reply.internal(error),
        },
    )
}
