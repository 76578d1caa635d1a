//! How every form handler reads: who is asking is an extractor whose rejection *is* the
//! answer (sign in first, or 403), and anything else that stops a handler is a
//! [`Refusal`] returned with `?`. A handler is then read top to bottom:
//!
//! ```text
//! async fn add_group(State(state): State<AppState>, who: Organiser, Form(fields): Form<Fields>) -> Answer {
//!     let typed = typed("/setup/groups", &fields, ["name"]);   // the page to come back to
//!     let name = rules::group_name(pairs(&fields))
//!         .map_err(|errors| who.reply.field_errors(&typed, &errors))?;  // the form again
//!     let id = db::add_group(&state.db, &name, &who.actor(), Utc::now())
//!         .await
//!         .map_err(|error| who.reply.internal(error))?;
//!     Ok(who.reply.done("/setup", Key::GroupAdded, json!({ "group_id": id })))
//! }
//! ```
//!
//! Plain forms are answered with a 303 redirect (`?m=` on success, `?e=` on failure, on a
//! form error `form=`, `f=field.problem,…` and the typed values); a script that sends
//! `Accept: application/json` gets the same as JSON with the status saying what happened.
pub mod assets;
pub mod forbidden;
pub mod live;
pub mod page_cache;
pub mod private_pages;
pub mod returned_form;
pub mod timeouts;
pub mod warm;
use std::marker::PhantomData;

use app::auth::CurrentViewer;
use app::domain::form::FieldError;
use app::i18n::{Key, Worded};
use app::model::{Role, Viewer};
use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::json;

pub use crate::actions::{with_param, Reply};

/// A form's fields as posted, in order (a name may come more than once).
pub type Fields = Vec<(String, String)>;

/// The last value posted under `name`.
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The last value posted under `name`, `""` when none.
pub fn text(fields: &[(String, String)], name: &str) -> String {
    field(fields, name).unwrap_or_default().to_owned()
}

/// The fields as the domain's form readers take them.
pub fn pairs(fields: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

/// Why a handler stops before its end: the answer itself (a refusal, the form again with
/// its errors, a server error), boxed so that `Result<_, Refusal>` stays small.
pub struct Refusal(Box<Response>);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl From<Response> for Refusal {
    fn from(response: Response) -> Self {
        Refusal(Box::new(response))
    }
}

/// What a handler answers.
pub type Answer = Result<Response, Refusal>;

impl<S: Send + Sync> FromRequestParts<S> for Reply {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Reply::of(&parts.headers))
    }
}

/// Whom a kind of request is for.
pub trait Rule {
    fn admits(viewer: &Viewer) -> bool;
}

/// Anybody signed in.
pub enum Anyone {}
/// Organisers and administrators.
pub enum Organisers {}
/// Captains, organisers and administrators.
pub enum Captains {}
/// Referees, organisers and administrators.
pub enum Referees {}
/// Administrators only.
pub enum Admins {}

impl Rule for Anyone {
    fn admits(_: &Viewer) -> bool {
        true
    }
}
impl Rule for Organisers {
    fn admits(viewer: &Viewer) -> bool {
        viewer.organises()
    }
}
impl Rule for Captains {
    fn admits(viewer: &Viewer) -> bool {
        viewer.organises() || viewer.role == Role::Captain
    }
}
impl Rule for Referees {
    fn admits(viewer: &Viewer) -> bool {
        viewer.organises() || viewer.role == Role::Referee
    }
}
impl Rule for Admins {
    fn admits(viewer: &Viewer) -> bool {
        viewer.role == Role::Admin
    }
}

/// A signed-in viewer the rule `R` admits, with how to answer them. Anybody else gets the
/// answer at once: not signed in, to the sign-in page and back (401 for scripts); signed
/// in but not admitted, 403.
pub struct Asking<R: Rule> {
    pub reply: Reply,
    pub viewer: Viewer,
    rule: PhantomData<R>,
}

pub type SignedIn = Asking<Anyone>;
pub type Organiser = Asking<Organisers>;
pub type Captain = Asking<Captains>;
pub type Referee = Asking<Referees>;
pub type Admin = Asking<Admins>;

impl<R: Rule> Asking<R> {
    /// The viewer as the audit log names them.
    pub fn actor(&self) -> String {
        app::db::reports::actor(&self.viewer)
    }
}

impl<S: Send + Sync, R: Rule> FromRequestParts<S> for Asking<R> {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let reply = Reply::of(&parts.headers);
        let viewer = parts
            .extensions
            .get::<CurrentViewer>()
            .and_then(|CurrentViewer(viewer)| viewer.clone());
        match viewer {
            None => Err(reply.sign_in_first(&back_page(parts)).into()),
            Some(viewer) if !R::admits(&viewer) => Err(reply.forbidden().into()),
            Some(viewer) => Ok(Asking {
                reply,
                viewer,
                rule: PhantomData,
            }),
        }
    }
}

/// The page to come back to after signing in: the page the form was on (its `Referer`,
/// which browsers send on this site), or else the action's own path without `/actions`.
fn back_page(parts: &Parts) -> String {
    let host = header_text(&parts.headers, header::HOST);
    let referer = header_text(&parts.headers, header::REFERER)
        .and_then(|url| url.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|slash| rest.split_at(slash)))
        .filter(|(source, _)| host.is_some_and(|host| host.eq_ignore_ascii_case(source)))
        .map(|(_, path)| path)
        .filter(|path| !path.starts_with("//") && !path.contains('\\'));
    match referer {
        Some(path) => path.to_owned(),
        None => {
            let path = parts.uri.path();
            path.strip_prefix("/actions")
                .filter(|rest| rest.starts_with('/'))
                .unwrap_or(path)
                .to_owned()
        }
    }
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The page again with what was typed in the fields `names` (blank ones left out).
pub fn typed<'a>(
    page: &str,
    fields: &[(String, String)],
    names: impl IntoIterator<Item = &'a str>,
) -> String {
    names
        .into_iter()
        .fold(page.to_owned(), |url, name| match field(fields, name) {
            Some(value) if !value.trim().is_empty() => with_param(&url, name, value.trim()),
            _ => url,
        })
}

impl Reply {
    /// The form again: back to `typed` (the page with what was typed) with each field's
    /// problem in `f=field.problem,…`, worded for scripts as the page words it.
    pub fn field_errors<P: Worded>(&self, typed: &str, errors: &[FieldError<P>]) -> Response {
        let errors = errors
            .iter()
            .map(|e| (e.field.clone(), e.problem.code(), e.problem.key(&e.field)))
            .collect();
        self.form_again(typed, errors)
    }

    /// The form again with its errors: (field, problem code, message) each.
    fn form_again(&self, typed: &str, errors: Vec<(String, String, Key)>) -> Response {
        let list: Vec<String> = errors
            .iter()
            .map(|(field, code, _)| format!("{field}.{code}"))
            .collect();
        let detail: Vec<_> = errors
            .iter()
            .map(|(field, code, message)| {
                json!({ "field": field, "problem": code, "message": self.lang.t(*message) })
            })
            .collect();
        let to = if list.is_empty() {
            typed.to_owned()
        } else {
            with_param(typed, "f", &list.join(","))
        };
        self.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            &to,
            Key::FormHasErrors,
            json!({ "errors": detail }),
        )
    }

    /// A form that cannot be read as the page sent it (a stale page, a forged post).
    pub fn expired(&self, page: &str) -> Response {
        self.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            page,
            Key::FormExpired,
            json!({}),
        )
    }

    /// Too many attempts: back to `page`.
    pub fn too_many(&self, page: &str) -> Response {
        self.fail(
            StatusCode::TOO_MANY_REQUESTS,
            page,
            Key::TooManyAttempts,
            json!({}),
        )
    }
}

/// No such thing.
pub fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "找不到 / not found").into_response()
}
