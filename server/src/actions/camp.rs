//! The camp's form posts: guardians enrol (no account), view, accept an offer or cancel by
//! their private link; organisers mark fees paid, check children in, cancel, and export
//! the roster as CSV. Same conventions as [`crate::actions`]: a 303 redirect with `?m=` /
//! `?e=` for plain forms, JSON with a status code for `Accept: application/json`.
use std::net::SocketAddr;

use app::db::camp::{self, CampError};
use app::i18n::Key;
use app::model::EnrolmentStatus;
use app::state::AppState;
use axum::{
    extract::{ConnectInfo, Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Extension, Form, Router,
};
use chrono::Utc;

use serde_json::{json, Value};

use crate::actions::client_key;
use crate::http::{field, pairs, Answer, Fields, Organiser, Refusal, Reply};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions/camp/enrol", post(enrol))
        .route("/actions/camp/h/{token}/cancel", post(guardian_cancel))
        .route("/actions/camp/h/{token}/accept", post(guardian_accept))
        .route("/actions/camp/h/{token}/update", post(guardian_update))
        .route("/actions/camp/enrolments/{id}/paid", post(mark_paid))
        .route("/actions/camp/enrolments/{id}/checkin", post(check_in))
        .route(
            "/actions/camp/enrolments/{id}/cancel",
            post(organiser_cancel),
        )
        .route("/camp/{id}/export.csv", get(export))
}

fn status_json(status: EnrolmentStatus, position: Option<i32>) -> Value {
    json!({ "status": status.as_str(), "position": position })
}

/// A guardian's enrolment form: no account, rate-limited per client address (generously:
/// a village may share one address) and per guardian mobile number; on an error everything
/// typed comes back into the form (except the consent box) with field errors.
async fn enrol(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    reply: Reply,
    Form(fields): Form<Fields>,
) -> Response {
    // What was typed goes back in the answer's body (`show_again`), never in a URL.
    let typed = "/camp".to_owned();
    let too_many = || crate::http::returned_form::show_again(reply.too_many(&typed), &fields);
    if state
        .limits
        .camp_enrol_per_client
        .check_key(&client_key(&connect))
        .is_err()
    {
        return too_many();
    }
    let camp = match camp::current(&state.db).await {
        Ok(Some(camp)) => camp,
        Ok(None) => {
            return reply.fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                "/camp",
                Key::CampNotOpen,
                json!({}),
            )
        }
        Err(error) => return reply.internal(error),
    };
    let (groups, villages) = match (
        camp::groups(&state.db, camp.id).await,
        camp::villager_groups(&state.db).await,
    ) {
        (Ok(groups), Ok(villages)) => (groups, villages),
        (Err(error), _) | (_, Err(error)) => return reply.internal(error),
    };
    let village_ids: Vec<i32> = villages.iter().map(|v| v.id).collect();
    // The form again with each field's problem; what was typed goes in the answer's body.
    let field_errors = |errors: Vec<app::domain::camp::FieldError>| {
        crate::http::returned_form::show_again(reply.field_errors(&typed, &errors), &fields)
    };
    let input = match app::domain::camp::parse(pairs(&fields), &camp::bands(&groups), &village_ids)
    {
        Ok(input) => input,
        Err(errors) => return field_errors(errors),
    };
    if state
        .limits
        .camp_enrol_per_phone
        .check_key(&input.guardian_phone)
        .is_err()
    {
        return too_many();
    }
    match camp::enrol(&state.db, camp.id, &input, Utc::now()).await {
        Ok(receipt) => {
            let link = format!("/camp/h/{}", receipt.token);
            let children: Vec<Value> = receipt
                .children
                .iter()
                .map(|(s, p)| status_json(*s, *p))
                .collect();
            reply.done(
                &link,
                Key::CampDone,
                json!({ "reference": receipt.reference, "link": link, "children": children }),
            )
        }
        Err(CampError::Invalid(errors)) => field_errors(errors),
        Err(CampError::NotYet) => crate::http::returned_form::show_again(
            reply.fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                &typed,
                Key::CampNotOpen,
                json!({}),
            ),
            &fields,
        ),
        Err(CampError::Closed) => crate::http::returned_form::show_again(
            reply.fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                &typed,
                Key::CampClosed,
                json!({}),
            ),
            &fields,
        ),
        Err(CampError::NoCamp | CampError::NotFound) => reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "/camp",
            Key::CampNotOpen,
            json!({}),
        ),
        Err(CampError::Db(error)) => reply.internal(error),
    }
}

fn enrolment_of(reply: &Reply, page: &str, fields: &Fields) -> Result<i32, Refusal> {
    field(fields, "enrolment")
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| reply.expired(page).into())
}

/// The household of a private link, within the link actions' rate limits (per client
/// address, then per link); otherwise the answer to give.
async fn guardian_of(
    state: &AppState,
    reply: &Reply,
    connect: &Option<Extension<ConnectInfo<SocketAddr>>>,
    token: &str,
) -> Result<app::db::entities::camp_household::Model, Response> {
    let page = format!("/camp/h/{token}");
    if state
        .limits
        .camp_link_per_client
        .check_key(&client_key(connect))
        .is_err()
    {
        return Err(reply.too_many(&page));
    }
    let household = camp::household_by_token(&state.db, token)
        .await
        .map_err(|error| reply.internal(error))?
        .ok_or_else(|| reply.fail(StatusCode::NOT_FOUND, "/camp", Key::CampNoLink, json!({})))?;
    if state
        .limits
        .camp_link_per_household
        .check_key(&household.id)
        .is_err()
    {
        return Err(reply.too_many(&page));
    }
    Ok(household)
}

async fn guardian_cancel(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    Path(token): Path<String>,
    reply: Reply,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = format!("/camp/h/{token}");
    let household = guardian_of(&state, &reply, &connect, &token).await?;
    let id = enrolment_of(&reply, &page, &fields)?;
    Ok(
        match camp::cancel(&state.db, Some(household.id), id, Utc::now()).await {
            Ok(promoted) => reply.done(&page, Key::CampCancelled, json!({ "promoted": promoted })),
            Err(CampError::NotFound) => {
                reply.fail(StatusCode::NOT_FOUND, &page, Key::CampNoLink, json!({}))
            }
            Err(error) => reply.internal(error),
        },
    )
}

async fn guardian_accept(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    Path(token): Path<String>,
    reply: Reply,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = format!("/camp/h/{token}");
    let household = guardian_of(&state, &reply, &connect, &token).await?;
    let id = enrolment_of(&reply, &page, &fields)?;
    let accepted = camp::accept_offer(&state.db, household.id, id, Utc::now())
        .await
        .map_err(|error| reply.internal(error))?;
    Ok(if accepted {
        reply.done(&page, Key::CampAccepted, json!({}))
    } else {
        reply.fail(StatusCode::CONFLICT, &page, Key::CampOfferGone, json!({}))
    })
}

/// A guardian updates the contact details and the children's medical notes by the private
/// link (the token is the only credential). Names and birth dates stay: they decide the
/// age group. On an error what was typed comes back with the field errors.
async fn guardian_update(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    Path(token): Path<String>,
    reply: Reply,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = format!("/camp/h/{token}");
    let household = guardian_of(&state, &reply, &connect, &token).await?;
    let children = app::db::camp_setup::open_enrolments(&state.db, household.id)
        .await
        .map_err(|error| reply.internal(error))?;
    // What was typed goes back in the answer's body (`show_again`), never in a URL.
    let update = app::domain::camp::parse_update(pairs(&fields), &children).map_err(|errors| {
        crate::http::returned_form::show_again(reply.field_errors(&page, &errors), &fields)
    })?;
    app::db::camp_setup::update_household(&state.db, household.id, &update, Utc::now())
        .await
        .map_err(|error| reply.internal(error))?;
    Ok(reply.done(&page, Key::CampDetailsSaved, json!({})))
}

fn back_to(fields: &Fields) -> String {
    field(fields, "back")
        .filter(|b| b.starts_with("/camp/admin") && app::auth::is_local_path(b))
        .unwrap_or("/camp/admin")
        .to_owned()
}

async fn mark_paid(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let (reply, back) = (&who.reply, back_to(&fields));
    let paid = field(&fields, "paid") != Some("0");
    let found = camp::set_fee_paid(&state.db, id, paid, Utc::now())
        .await
        .map_err(|error| reply.internal(error))?;
    Ok(if found {
        reply.done(&back, Key::CampSaved, json!({}))
    } else {
        reply.fail(StatusCode::NOT_FOUND, &back, Key::CampNoLink, json!({}))
    })
}

async fn check_in(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let (reply, back) = (&who.reply, back_to(&fields));
    let found = camp::check_in(&state.db, id, Utc::now())
        .await
        .map_err(|error| reply.internal(error))?;
    Ok(if found {
        reply.done(&back, Key::CampSaved, json!({}))
    } else {
        reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            &back,
            Key::CampNoLink,
            json!({}),
        )
    })
}

async fn organiser_cancel(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let (reply, back) = (&who.reply, back_to(&fields));
    Ok(match camp::cancel(&state.db, None, id, Utc::now()).await {
        Ok(promoted) => reply.done(&back, Key::CampCancelled, json!({ "promoted": promoted })),
        Err(CampError::NotFound) => {
            reply.fail(StatusCode::NOT_FOUND, &back, Key::CampNoLink, json!({}))
        }
        Err(error) => reply.internal(error),
    })
}

/// The roster as CSV for Excel (UTF-8 with BOM). Organisers only.
async fn export(State(state): State<AppState>, who: Organiser, Path(id): Path<i32>) -> Answer {
    let body = camp::csv(&state.db, id, Utc::now())
        .await
        .map_err(|error| who.reply.internal(error))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"camp-{id}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// Offers past their deadline pass to the next child in line; checked every minute (and
/// lazily whenever a guardian's page is read).
pub async fn lapse_offers_loop(db: sea_orm::DatabaseConnection) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        match camp::lapse_offers(&db, Utc::now()).await {
            Ok(0) => {}
            Ok(lapsed) => tracing::info!(lapsed, "camp offers lapsed"),
            Err(error) => tracing::error!(%error, "lapsing camp offers failed"),
        }
    }
}
