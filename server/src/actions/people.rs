//! The people page's forms (人员): one-time links (invites and new PINs), disabling and
//! enabling an account, a referee's villager group, a team handed to a captain; and using
//! a link. Who may do what to whom is decided in [`app::db::people`] ([`Role::manages`]):
//! a refusal there is a 403 here.
use std::net::SocketAddr;

use app::db::accounts::AccountError;
use app::db::people::{self, LinkFor};
use app::domain::invite::{FieldError, Problem};
use app::i18n::Key;
use app::model::Role;
use axum::{
    extract::{ConnectInfo, Path, State},
    http::StatusCode,
    routing::post,
    Extension, Form, Router,
};
use chrono::Utc;
use serde_json::json;

use super::{client_key, AppState, Reply};
use crate::http::{field, returned_form, Answer, Fields, Organiser, Refusal};

/// Where the people page is.
const PAGE: &str = "/admin/people";
/// The page that shows a new link, once.
const LINK_PAGE: &str = "/admin/people/link";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions/people/links", post(create_link))
        .route("/actions/people/{id}/reset", post(reset_link))
        .route("/actions/people/{id}/disable", post(disable))
        .route("/actions/people/{id}/enable", post(enable))
        .route("/actions/people/{id}/group", post(set_group))
        .route("/actions/people/{id}/team", post(hand_team))
        .route("/actions/invite/{token}", post(redeem))
}

/// A refusal from the people rules, as the answer says it.
fn refusal(reply: &Reply, error: AccountError) -> Refusal {
    match error {
        AccountError::NotAllowed => reply.forbidden(),
        AccountError::User(key) => {
            reply.fail(StatusCode::UNPROCESSABLE_ENTITY, PAGE, key, json!({}))
        }
        error => reply.internal(error),
    }
    .into()
}

/// An optional id field: blank is `None`, anything but a number a refusal.
fn optional_id(reply: &Reply, fields: &Fields, name: &str) -> Result<Option<i32>, Refusal> {
    match field(fields, name).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => value.parse().map(Some).map_err(|_| {
            reply
                .field_errors(PAGE, &[FieldError::new(name, Problem::Invalid)])
                .into()
        }),
    }
}

/// The team a form names (a captain's invite, a team handed over): required.
fn team_of(reply: &Reply, fields: &Fields) -> Result<i32, Refusal> {
    optional_id(reply, fields, "team")?.ok_or_else(|| {
        reply
            .field_errors(PAGE, &[FieldError::new("team", Problem::Missing)])
            .into()
    })
}

/// The new link's page, in the answer itself (the token is in no address).
fn show_link(reply: &Reply, token: String) -> Answer {
    Ok(returned_form::show_once(
        reply.done(
            LINK_PAGE,
            Key::LinkCreated,
            json!({ "token": token, "link": format!("/invite/{token}") }),
        ),
        &[("t".to_owned(), token)],
    ))
}

/// `role` = captain (with `team`), referee (with an optional `group`) or organiser.
async fn create_link(
    State(state): State<AppState>,
    who: Organiser,
    Form(fields): Form<Fields>,
) -> Answer {
    let reply = &who.reply;
    let role = field(&fields, "role").and_then(|role| role.parse::<Role>().ok());
    let link = match role {
        Some(Role::Captain) => LinkFor::Captain {
            team_id: team_of(reply, &fields)?,
        },
        Some(Role::Referee) => LinkFor::Referee {
            group_id: optional_id(reply, &fields, "group")?,
        },
        Some(Role::Organiser) => LinkFor::Organiser,
        Some(Role::Admin) | None => {
            return Err(reply
                .field_errors(PAGE, &[FieldError::new("role", Problem::Invalid)])
                .into())
        }
    };
    let token = people::create_link(&state.db, &who.viewer, link, Utc::now())
        .await
        .map_err(|error| refusal(reply, error))?;
    show_link(reply, token)
}

async fn reset_link(
    State(state): State<AppState>,
    who: Organiser,
    Path(user_id): Path<i32>,
) -> Answer {
    let token = people::create_link(
        &state.db,
        &who.viewer,
        LinkFor::Reset { user_id },
        Utc::now(),
    )
    .await
    .map_err(|error| refusal(&who.reply, error))?;
    show_link(&who.reply, token)
}

async fn switch(state: &AppState, who: &Organiser, user_id: i32, disabled: bool) -> Answer {
    people::set_disabled(&state.db, &who.viewer, user_id, disabled, Utc::now())
        .await
        .map_err(|error| refusal(&who.reply, error))?;
    let done = if disabled {
        Key::PersonDisabledDone
    } else {
        Key::PersonEnabledDone
    };
    Ok(who.reply.done(PAGE, done, json!({ "user_id": user_id })))
}

async fn disable(State(state): State<AppState>, who: Organiser, Path(id): Path<i32>) -> Answer {
    switch(&state, &who, id, true).await
}

async fn enable(State(state): State<AppState>, who: Organiser, Path(id): Path<i32>) -> Answer {
    switch(&state, &who, id, false).await
}

async fn set_group(
    State(state): State<AppState>,
    who: Organiser,
    Path(user_id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let group = optional_id(&who.reply, &fields, "group")?;
    people::set_group(&state.db, &who.viewer, user_id, group, Utc::now())
        .await
        .map_err(|error| refusal(&who.reply, error))?;
    Ok(who.reply.done(
        PAGE,
        Key::Saved,
        json!({ "user_id": user_id, "group": group }),
    ))
}

async fn hand_team(
    State(state): State<AppState>,
    who: Organiser,
    Path(user_id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let team = team_of(&who.reply, &fields)?;
    people::hand_team(&state.db, &who.viewer, user_id, team, Utc::now())
        .await
        .map_err(|error| refusal(&who.reply, error))?;
    Ok(who.reply.done(
        PAGE,
        Key::TeamHandedOver,
        json!({ "user_id": user_id, "team": team }),
    ))
}

/// Using a link: a new account (name, mobile number, PIN or password) or a new PIN for
/// one. On any error the page comes back with what was typed in its body, not its URL.
async fn redeem(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    Path(token): Path<String>,
    reply: Reply,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = format!("/invite/{token}");
    // The secret never comes back into the form.
    let typed: Fields = fields
        .iter()
        .filter(|(name, _)| name == "name" || name == "phone")
        .cloned()
        .collect();
    if state
        .limits
        .invite_per_client
        .check_key(&client_key(&connect))
        .is_err()
    {
        return Err(returned_form::show_again(reply.too_many(&page), &typed).into());
    }
    let text = |name: &str| field(&fields, name).unwrap_or_default().to_owned();
    let redemption = people::Redemption {
        token,
        display_name: text("name"),
        phone: field(&fields, "phone").map(str::to_owned),
        secret: text("secret"),
    };
    match people::redeem(&state.db, redemption, Utc::now()).await {
        Ok((_viewer, session)) => Ok(reply.signed_in("/me", &session)),
        Err(AccountError::User(key)) => Err(returned_form::show_again(
            reply.fail(StatusCode::UNPROCESSABLE_ENTITY, &page, key, json!({})),
            &typed,
        )
        .into()),
        Err(error) => Err(reply.internal(error).into()),
    }
}
