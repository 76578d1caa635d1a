//! Every mutation, as a plain form post under `/actions/`: signing in and out, captain
//! invites, score reports and their answers.
//!
//! Each handler checks on the server who is asking and what they may do. The forms work
//! without JavaScript (the answer is a 303 redirect to the page to show next, carrying a
//! message code and, on an error, what was typed); a script that sends
//! `Accept: application/json` gets the same answer as JSON, with the status code saying
//! what happened (401 not signed in, 403 not allowed, 409 changed meanwhile, 422 bad input,
//! 429 too many attempts).
pub mod camp;
pub mod camp_setup;
pub mod changes;
pub mod community;
pub mod competitions;
pub mod live;
pub mod people;
pub mod setup;
use std::net::SocketAddr;

use app::auth::{CurrentViewer, SESSION_COOKIE};
use app::db::{accounts, reports};
use app::domain::score;
use app::i18n::{Key, Lang};
use app::model::{ReportStatus, Viewer};
use app::state::AppState;
use axum::{
    extract::{ConnectInfo, Path, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Extension, Form, Json, Router,
};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use crate::http::{field, pairs, typed, Answer, Fields, Refusal, SignedIn};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions/signin", post(sign_in))
        .route("/actions/signout", post(sign_out))
        .route("/actions/signout-everywhere", post(sign_out_everywhere))
        .route("/actions/games/{id}/report", post(report))
        .route("/actions/games/{id}/answer", post(answer))
}

/// Resolves the session cookie (when there is one) into a [`CurrentViewer`] for every
/// handler and page of the request.
pub async fn session_layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let token = app::auth::session_token(request.headers()).map(str::to_owned);
    let viewer = match token {
        Some(token) => match accounts::viewer_for_token(&state.db, &token, Utc::now()).await {
            Ok(viewer) => viewer,
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                None
            }
        },
        None => None,
    };
    // A page shows the count of what the person has to do beside 我的 (not the API,
    // the live stream or an action: they show no header).
    let path = request.uri().path();
    let page = request.method() == axum::http::Method::GET
        && ![
            "/api/",
            "/live",
            "/actions/",
            "/healthz",
            "/export/",
            "/calendar/",
            "/cards/",
        ]
        .iter()
        .any(|prefix| path.starts_with(prefix));
    if let (Some(viewer), true) = (&viewer, page) {
        match app::db::todo::counts(&state.db, viewer, Utc::now()).await {
            Ok(counts) => {
                request
                    .extensions_mut()
                    .insert(app::auth::TodoCount(counts.total()));
            }
            Err(error) => tracing::error!(%error, "to-do count failed"),
        }
    }
    request.extensions_mut().insert(CurrentViewer(viewer));
    next.run(request).await
}

/// Cross-site request forgery: a state-changing request must come from a page of this
/// site, as its `Origin` (or, failing that, `Referer`) header says. Browsers send one of
/// them with every form post and fetch; a request with neither is refused.
pub async fn same_origin_layer(request: Request, next: Next) -> Response {
    let method = request.method();
    // The JSON API is read-only: any other method there is answered 405 by its routes.
    if method.is_safe() || request.uri().path().starts_with("/api/v1/") {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|value| value.to_str().ok())
        .and_then(|url| url.split_once("://").map(|(_, rest)| rest))
        .map(|rest| rest.split('/').next().unwrap_or(rest));
    match (host, source) {
        (Some(host), Some(source)) if host.eq_ignore_ascii_case(source) => next.run(request).await,
        _ => (
            StatusCode::FORBIDDEN,
            "跨站请求被拒绝 / cross-site request refused",
        )
            .into_response(),
    }
}

/// How to answer: JSON for scripts, redirects for plain forms, in the reader's language.
pub struct Reply {
    pub(crate) json: bool,
    pub(crate) lang: Lang,
    secure: bool,
}

impl Reply {
    pub(crate) fn of(headers: &HeaderMap) -> Reply {
        let header_text = |name| {
            headers
                .get(name)
                .and_then(|value: &HeaderValue| value.to_str().ok())
        };
        Reply {
            json: header_text(header::ACCEPT)
                .is_some_and(|accept| accept.contains("application/json")),
            lang: headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .find_map(Lang::from_cookie_header)
                .unwrap_or_default(),
            secure: header_text(header::HeaderName::from_static("x-forwarded-proto"))
                == Some("https"),
        }
    }

    /// Success: go to `to` and show `message` there.
    pub(crate) fn done(&self, to: &str, message: Key, extra: serde_json::Value) -> Response {
        self.answer(StatusCode::OK, "m", to, message, extra)
    }

    /// Failure the user can act on: back to `to` with the message.
    pub(crate) fn fail(
        &self,
        status: StatusCode,
        to: &str,
        message: Key,
        extra: serde_json::Value,
    ) -> Response {
        // Refused: nothing changed, the page cache keeps everything.
        crate::http::page_cache::changed_only(self.answer(status, "e", to, message, extra), [])
    }

    /// A redirect to `to` carrying the message code in `param`, or the same as JSON.
    fn answer(
        &self,
        status: StatusCode,
        param: &str,
        to: &str,
        message: Key,
        extra: serde_json::Value,
    ) -> Response {
        let to = with_param(to, param, &message.code());
        if self.json {
            let mut body = json!({ "ok": status.is_success(), "code": message.code(), "message": self.lang.t(message), "redirect": to });
            if let (Some(body), serde_json::Value::Object(extra)) = (body.as_object_mut(), extra) {
                body.extend(extra);
            }
            (status, Json(body)).into_response()
        } else {
            see_other(&to)
        }
    }

    /// Not signed in: to the sign-in page, then back.
    pub(crate) fn sign_in_first(&self, back: &str) -> Response {
        let to = with_param("/signin", "next", back);
        let to = with_param(&to, "e", &Key::NeedSignIn.code());
        if self.json {
            let body = json!({ "ok": false, "code": Key::NeedSignIn.code(), "message": self.lang.t(Key::NeedSignIn), "redirect": to });
            (StatusCode::UNAUTHORIZED, Json(body)).into_response()
        } else {
            // Refused: nothing changed, the page cache keeps everything.
            crate::http::page_cache::changed_only(see_other(&to), [])
        }
    }

    pub(crate) fn forbidden(&self) -> Response {
        let message = self.lang.t(Key::NotAllowed);
        if self.json {
            let body = json!({ "ok": false, "code": Key::NotAllowed.code(), "message": message });
            (StatusCode::FORBIDDEN, Json(body)).into_response()
        } else {
            // The 403 page, rendered by the app (`crate::http::forbidden::layer`).
            crate::http::forbidden::response()
        }
    }

    pub(crate) fn internal(&self, error: impl std::fmt::Display) -> Response {
        tracing::error!(%error, "action failed");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "服务器出错 / server error",
        )
            .into_response()
    }

    fn session_cookie(&self, token: &str, max_age_days: i64) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let cookie = format!(
            "{SESSION_COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
            max_age_days * 24 * 3600
        );
        HeaderValue::from_str(&cookie).expect("a token is URL-safe ASCII")
    }

    /// Signed in on this phone: on to `next` with the new session's cookie (a sign-in, or
    /// a one-time link used).
    fn signed_in(&self, next: &str, session: &str) -> Response {
        let mut response = self.done(next, Key::SignedInNow, json!({}));
        response.headers_mut().insert(
            header::SET_COOKIE,
            self.session_cookie(session, accounts::SESSION_DAYS),
        );
        response
    }
}

/// A 303 to `to`; to the home page when `to` cannot be a `Location` (a token in the path
/// decoded to a control character, say), which `Redirect::to` would panic on.
pub(crate) fn see_other(to: &str) -> Response {
    if HeaderValue::from_str(to).is_ok() {
        Redirect::to(to).into_response()
    } else {
        Redirect::to("/").into_response()
    }
}

pub fn with_param(path: &str, name: &str, value: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    let value: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
    format!("{path}{separator}{name}={value}")
}

/// Only paths on this site: never an open redirect.
fn local_path(next: Option<&str>, fallback: &str) -> String {
    app::auth::local_path_or(next, fallback)
}

/// Organisers only, for every organiser's action and page served here: sign in first, or
/// 403. `None` means go ahead.
pub(crate) fn refuse(reply: &Reply, viewer: &Option<Viewer>, back: &str) -> Option<Response> {
    match viewer {
        None => Some(reply.sign_in_first(back)),
        Some(viewer) if !viewer.organises() => Some(reply.forbidden()),
        Some(_) => None,
    }
}

/// Behind a reverse proxy on the same machine (nginx or Caddy in front of
/// `127.0.0.1:3000`), every request comes from the loopback address and the client is the
/// last address the proxy appended to `X-Forwarded-For`. Only a loopback peer is believed:
/// a client on the network cannot choose its own address for the rate limits, nor name the
/// site its pages link to (`X-Forwarded-Host`, `X-Forwarded-Proto`: they make the absolute
/// links of share cards, feeds and invites, and are part of the page cache's key), so those
/// headers are dropped from anybody else.
pub async fn forwarded_client_layer(mut request: Request, next: Next) -> Response {
    let remote = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ConnectInfo(peer)| !peer.ip().is_loopback());
    if remote {
        let headers = request.headers_mut();
        headers.remove("x-forwarded-host");
        headers.remove("x-forwarded-proto");
    }
    let forwarded = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .filter(|ConnectInfo(peer)| peer.ip().is_loopback())
        .and_then(|ConnectInfo(peer)| {
            let client = request
                .headers()
                .get_all("x-forwarded-for")
                .iter()
                .next_back()?
                .to_str()
                .ok()?
                .rsplit(',')
                .next()?
                .trim()
                .parse::<std::net::IpAddr>()
                .ok()?;
            Some(SocketAddr::new(client, peer.port()))
        });
    if let Some(client) = forwarded {
        request.extensions_mut().insert(ConnectInfo(client));
    }
    next.run(request).await
}

pub(crate) fn client_key(connect: &Option<Extension<ConnectInfo<SocketAddr>>>) -> String {
    connect
        .as_ref()
        .map(|Extension(ConnectInfo(addr))| address_key(addr.ip()))
        .unwrap_or_else(|| "local".into())
}

/// The part of an address that names one client for the rate limits: an IPv4 address, or
/// an IPv6 address's /64 (one home or phone gets a whole /64 and can pick any address in it).
pub(crate) fn address_key(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        std::net::IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(|v4| v4.to_string())
            .unwrap_or_default(),
        std::net::IpAddr::V4(v4) => v4.to_string(),
    }
}

/// A login as the account lookup reads it: a mobile number's digits, else the name.
fn login_key(login: &str) -> String {
    app::domain::phone::in_login(login).unwrap_or_else(|| login.trim().to_lowercase())
}

#[derive(Deserialize)]
struct SignInForm {
    login: String,
    secret: String,
    next: Option<String>,
}

async fn sign_in(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    reply: Reply,
    Form(form): Form<SignInForm>,
) -> Response {
    let next = local_path(form.next.as_deref(), "/me");
    let back = with_param("/signin", "next", &next);
    let login = login_key(&form.login);
    if state
        .limits
        .sign_in_per_client
        .check_key(&client_key(&connect))
        .is_err()
        || state.limits.sign_in_per_login.check_key(&login).is_err()
    {
        return reply.fail(
            StatusCode::TOO_MANY_REQUESTS,
            &back,
            Key::TooManyAttempts,
            json!({}),
        );
    }
    match accounts::sign_in(&state.db, form.login.trim(), &form.secret, Utc::now()).await {
        Ok((_viewer, token)) => reply.signed_in(&next, &token),
        Err(accounts::AccountError::User(Key::TooManyAttempts)) => reply.fail(
            StatusCode::TOO_MANY_REQUESTS,
            &back,
            Key::TooManyAttempts,
            json!({}),
        ),
        Err(accounts::AccountError::User(key)) => {
            reply.fail(StatusCode::UNAUTHORIZED, &back, key, json!({}))
        }
        Err(error) => reply.internal(error),
    }
}

async fn sign_out(State(state): State<AppState>, reply: Reply, headers: HeaderMap) -> Answer {
    let token = app::auth::session_token(&headers);
    if let Some(token) = token {
        accounts::end_session(&state.db, token)
            .await
            .map_err(|error| reply.internal(error))?;
    }
    // A session ended: no public page changed.
    let mut response =
        crate::http::page_cache::changed_only(reply.done("/", Key::SignedOutNow, json!({})), []);
    response
        .headers_mut()
        .insert(header::SET_COOKIE, reply.session_cookie("", 0));
    Ok(response)
}

async fn sign_out_everywhere(State(state): State<AppState>, who: SignedIn) -> Answer {
    let reply = &who.reply;
    accounts::end_all_sessions(&state.db, who.viewer.id)
        .await
        .map_err(|error| reply.internal(error))?;
    let mut response = reply.done("/", Key::SignedOutEverywhere, json!({}));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, reply.session_cookie("", 0));
    Ok(response)
}

fn version_of(fields: &[(String, String)]) -> Option<i32> {
    field(fields, score::fields::VERSION).and_then(|value| value.trim().parse().ok())
}

/// A user sends score reports and answers at a limited rate; past it, 429 back to `page`.
fn within_report_limit(state: &AppState, who: &SignedIn, page: &str) -> Result<(), Refusal> {
    match state.limits.report_per_user.check_key(&who.viewer.id) {
        Ok(()) => Ok(()),
        Err(_) => Err(who.reply.too_many(page).into()),
    }
}

/// A captain's score report: what was typed comes back into the form on any error.
async fn report(
    State(state): State<AppState>,
    who: SignedIn,
    Path(game_id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let reply = &who.reply;
    let page = format!("/games/{game_id}/report");
    within_report_limit(&state, &who, &page)?;
    let box_names = fields
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| score::is_box_field(name));
    let typed = typed(
        &page,
        &fields,
        score::fields::TYPED.into_iter().chain(box_names),
    );
    let parsed = score::parse(pairs(&fields));
    let checked_box = match &parsed {
        Ok(input) => reports::check_box_score(&state.db, game_id, &fields, input)
            .await
            .map_err(|error| reply.internal(error))?,
        Err(_) => Ok(Vec::new()),
    };
    let (input, box_score) = match (parsed, checked_box) {
        (Ok(input), Ok(box_score)) => (input, box_score),
        (parsed, checked_box) => {
            let errors: Vec<score::FieldError> = parsed
                .err()
                .unwrap_or_default()
                .into_iter()
                .chain(checked_box.err().unwrap_or_default())
                .collect();
            return Err(reply.field_errors(&typed, &errors).into());
        }
    };
    let expected_version = version_of(&fields).ok_or_else(|| reply.expired(&typed))?;
    let new = reports::NewReport {
        game_id,
        input,
        box_score,
        expected_version,
        idempotency_key: field(&fields, score::fields::KEY)
            .unwrap_or_default()
            .to_owned(),
    };
    let receipt = reports::submit(&state.db, &who.viewer, new, Utc::now())
        .await
        .map_err(|error| report_error(reply, error, &page, &typed))?;
    let message = match receipt.status {
        ReportStatus::Confirmed => Key::ReportConfirmedNow,
        _ => Key::ReportSaved,
    };
    let confirmed = receipt.status == ReportStatus::Confirmed;
    if confirmed {
        announce(&state, game_id, app::live::LiveKind::Result, None).await;
    }
    let response = reply.done(
        &format!("/games/{game_id}"),
        message,
        receipt_json(&receipt),
    );
    // A report waiting for the other captain shows on the game's page only: the
    // tables and lists count confirmed results.
    Ok(if confirmed {
        response
    } else {
        crate::http::page_cache::changed_only(response, [format!("/games/{game_id}")])
    })
}

pub(super) fn receipt_json(receipt: &reports::Receipt) -> serde_json::Value {
    json!({ "report_id": receipt.report_id, "status": receipt.status.as_str(), "duplicate": receipt.duplicate })
}

pub(super) fn report_error(
    reply: &Reply,
    error: reports::ReportError,
    page: &str,
    typed: &str,
) -> Response {
    match error {
        reports::ReportError::User(key) => {
            reply.fail(StatusCode::UNPROCESSABLE_ENTITY, typed, key, json!({}))
        }
        reports::ReportError::Conflict => {
            reply.fail(StatusCode::CONFLICT, page, Key::ChangedMeanwhile, json!({}))
        }
        reports::ReportError::Forbidden => reply.forbidden(),
        reports::ReportError::NotFound => {
            (StatusCode::NOT_FOUND, "比赛不存在 / no such game").into_response()
        }
        reports::ReportError::Db(error) => reply.internal(error),
    }
}

/// The other captain confirms or disputes a report.
async fn answer(
    State(state): State<AppState>,
    who: SignedIn,
    Path(game_id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    use score::fields::{ANSWER, COMMENT, REPORT};
    let reply = &who.reply;
    let page = format!("/games/{game_id}/report");
    within_report_limit(&state, &who, &page)?;
    let version = version_of(&fields).ok_or_else(|| reply.expired(&page))?;
    let report_id = field(&fields, REPORT)
        .and_then(|id| id.trim().parse::<i32>().ok())
        .ok_or_else(|| reply.expired(&page))?;
    let comment = field(&fields, COMMENT).unwrap_or_default().to_owned();
    let choice = match field(&fields, ANSWER) {
        Some("confirm") => reports::Answer::Confirm,
        Some("dispute") => reports::Answer::Dispute {
            comment: comment.clone(),
        },
        _ => return Err(reply.expired(&page).into()),
    };
    let typed = with_param(page.as_str(), COMMENT, &comment);
    let receipt = reports::answer(
        &state.db,
        &who.viewer,
        game_id,
        report_id,
        version,
        choice,
        Utc::now(),
    )
    .await
    .map_err(|error| report_error(reply, error, &page, &typed))?;
    let message = match receipt.status {
        ReportStatus::Confirmed => Key::ReportConfirmedNow,
        _ => Key::DisputeSaved,
    };
    if receipt.status == ReportStatus::Confirmed {
        announce(&state, game_id, app::live::LiveKind::Result, None).await;
    }
    Ok(reply.done(
        &format!("/games/{game_id}"),
        message,
        receipt_json(&receipt),
    ))
}

/// Tells every reader (on every instance) that a game changed: its result, or its live
/// score. Sent after the answer is ready, so the writer never waits on the readers.
/// Announces `kind` of change to game `game_id` on the live stream, in the background, and
/// says which pages it changed (`None`: any page may have; see [`app::live::LiveEvent::pages`]).
pub(super) async fn announce(
    state: &AppState,
    game_id: i32,
    kind: app::live::LiveKind,
    score: Option<app::model::LiveScore>,
) -> Option<Vec<String>> {
    use sea_orm::EntityTrait;
    let game = app::db::entities::game::Entity::find_by_id(game_id)
        .one(&state.db)
        .await;
    match game {
        Ok(Some(game)) => publish(
            state,
            app::live::LiveEvent {
                score,
                ..app::live::LiveEvent::of(kind, &game)
            },
        ),
        Ok(None) => None,
        Err(error) => {
            tracing::error!(%error, game_id, "cannot announce a change");
            None
        }
    }
}

/// Sends `event` on the live stream in the background, and says which pages it changed.
pub(super) fn publish(state: &AppState, event: app::live::LiveEvent) -> Option<Vec<String>> {
    let pages = event.pages();
    let live = state.live.clone();
    tokio::spawn(async move { live.publish(event).await });
    pages
}
