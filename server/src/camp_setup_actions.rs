//! Organisers set camps up: a new camp with its age groups, or changes to one (facts,
//! enrolment window, policy, groups added, changed or removed). Plain form posts, as in
//! [`crate::actions`]; on an error the form comes back filled, with field errors.
use app::auth::CurrentViewer;
use app::db::camp_setup::{self, SetupError};
use app::domain::camp::setup::{self as rules, FieldError};
use app::i18n::Key;
use app::state::AppState;
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
    routing::post,
    Extension, Form, Router,
};
use chrono::Utc;
use serde_json::json;

use crate::actions::refuse;
use crate::actions::{with_param, Reply};
use crate::camp_actions::field;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions/camp/camps", post(create_camp))
        .route("/actions/camp/camps/{id}", post(update_camp))
}

type Fields = Vec<(String, String)>;

/// The form's page with everything typed, to come back to after an error.
fn typed(page: &str, fields: &Fields) -> String {
    rules::field_names()
        .iter()
        .fold(page.to_owned(), |url, name| match field(fields, name) {
            Some(value) if !value.trim().is_empty() => with_param(&url, name, value.trim()),
            _ => url,
        })
}

fn field_errors(reply: &Reply, typed: &str, errors: Vec<FieldError>) -> Response {
    let list: Vec<String> = errors
        .iter()
        .map(|e| format!("{}.{}", e.field, e.problem.code()))
        .collect();
    let detail: Vec<_> = errors
        .iter()
        .map(|e| {
            json!({
                "field": e.field,
                "problem": e.problem.code(),
                "message": reply.lang.t(app::i18n::camp_setup_problem_key(&e.field, e.problem)),
            })
        })
        .collect();
    reply.fail(
        StatusCode::UNPROCESSABLE_ENTITY,
        &with_param(typed, "f", &list.join(",")),
        Key::FormHasErrors,
        json!({ "errors": detail }),
    )
}

fn parse(fields: &Fields) -> Result<rules::CampSetup, Vec<FieldError>> {
    rules::parse(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

async fn create_camp(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let reply = Reply::of(&headers);
    let page = "/camp/admin/new";
    if let Some(response) = refuse(&reply, &viewer, page) {
        return response;
    }
    let Some(viewer) = viewer else {
        return reply.sign_in_first(page);
    };
    let typed = typed(page, &fields);
    let input = match parse(&fields) {
        Ok(input) => input,
        Err(errors) => return field_errors(&reply, &typed, errors),
    };
    let actor = app::db::reports::actor(&viewer);
    match camp_setup::create(&state.db, &input, &actor, Utc::now()).await {
        Ok(id) => reply.done(
            &format!("/camp/admin/{id}/edit"),
            Key::CampCreated,
            json!({ "camp_id": id }),
        ),
        Err(SetupError::Invalid(errors)) => field_errors(&reply, &typed, errors),
        Err(SetupError::NotFound) => reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            &typed,
            Key::FormExpired,
            json!({}),
        ),
        Err(SetupError::Db(error)) => reply.internal(error),
    }
}

async fn update_camp(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let reply = Reply::of(&headers);
    let page = format!("/camp/admin/{id}/edit");
    if let Some(response) = refuse(&reply, &viewer, &page) {
        return response;
    }
    let Some(viewer) = viewer else {
        return reply.sign_in_first(&page);
    };
    let typed = typed(&page, &fields);
    let input = match parse(&fields) {
        Ok(input) => input,
        Err(errors) => return field_errors(&reply, &typed, errors),
    };
    let actor = app::db::reports::actor(&viewer);
    match camp_setup::update(&state.db, id, &input, &actor, Utc::now()).await {
        Ok(updated) => reply.done(
            &page,
            if updated.promoted.is_empty() {
                Key::CampUpdated
            } else {
                Key::CampUpdatedPromoted
            },
            json!({ "camp_id": id, "promoted": updated.promoted }),
        ),
        Err(SetupError::Invalid(errors)) => field_errors(&reply, &typed, errors),
        // No such camp (or anonymised), or a group that is not this camp's any more.
        Err(SetupError::NotFound) => {
            reply.fail(StatusCode::NOT_FOUND, &page, Key::FormExpired, json!({}))
        }
        Err(SetupError::Db(error)) => reply.internal(error),
    }
}
