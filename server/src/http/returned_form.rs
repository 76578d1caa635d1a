//! A form the server sends back with errors is shown again in the answer to its POST
//! (status 422), filled with what was typed. The old way, a redirect whose URL carried the
//! fields, put children's names, birth dates, medical notes and a guardian's number into
//! proxy logs and browser history.
//!
//! A handler answers with [`show_again`]; [`layer`], around the whole router, renders the
//! page (the redirect's address: the form's page with the message and field-error codes
//! only) with the typed fields in the request's extensions, where the page reads them.
use std::net::SocketAddr;

use app::pages::ReturnedForm;
use axum::{
    body::Body,
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderValue, Request as HttpRequest, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Router,
};
use tower::ServiceExt;

/// On a redirect's answer: the page to show instead, what it is to read, and the status.
#[derive(Clone)]
struct ShowAgain(ReturnedForm, StatusCode);

/// `failure` (a [`crate::actions::Reply::fail`] answer), shown again with `fields` in its
/// body instead of redirecting; a script's JSON answer is left as it is.
pub fn show_again(mut failure: Response, fields: &[(String, String)]) -> Response {
    if failure.status() == StatusCode::SEE_OTHER {
        failure.extensions_mut().insert(ShowAgain(
            ReturnedForm(fields.to_vec()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    failure
}

/// `done` (a [`crate::actions::Reply::done`] answer), its next page shown at once (200)
/// with `fields` in its body instead of redirecting: what that page shows once — a new
/// link's token — never travels in a URL (proxy logs, browser history). A script's JSON
/// answer is left as it is.
pub fn show_once(mut done: Response, fields: &[(String, String)]) -> Response {
    if done.status() == StatusCode::SEE_OTHER {
        done.extensions_mut()
            .insert(ShowAgain(ReturnedForm(fields.to_vec()), StatusCode::OK));
    }
    done
}

/// The middleware, with the router (without it) to render pages.
pub async fn layer(State(pages): State<Router>, request: Request, next: Next) -> Response {
    // Only a form post is answered with a form to show again: a read goes straight on
    // (without copying its headers).
    if request.method().is_safe() {
        return next.run(request).await;
    }
    let mut headers = request.headers().clone();
    let connect = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .cloned();
    let mut response = next.run(request).await;
    let Some(ShowAgain(fields, status)) = response.extensions_mut().remove::<ShowAgain>() else {
        return response;
    };
    let Some(page) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|location| location.to_str().ok())
        .map(str::to_owned)
    else {
        return response;
    };
    for name in [header::CONTENT_TYPE, header::CONTENT_LENGTH, header::ORIGIN] {
        headers.remove(name);
    }
    let Ok(mut get) = HttpRequest::get(page).body(Body::empty()) else {
        return response;
    };
    *get.headers_mut() = headers;
    get.extensions_mut().insert(fields);
    if let Some(connect) = connect {
        get.extensions_mut().insert(connect);
    }
    let mut shown = match pages.oneshot(get).await {
        Ok(shown) => shown.into_response(),
        Err(never) => match never {},
    };
    if shown.status() != StatusCode::OK {
        return response;
    }
    *shown.status_mut() = status;
    shown
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    shown
}
