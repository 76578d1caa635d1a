//! The 403 page of a refused action: a handler answers [`response`] (403, no body) and
//! [`layer`] renders the app's Leptos `ForbiddenPage` for it, in the reader's language and
//! the site's frame, at the address that was refused.
use app::auth::CurrentViewer;
use app::state::AppState;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::prelude::provide_context;

/// Marks a 403 answer whose page [`layer`] renders.
#[derive(Clone, Copy, Debug)]
struct RenderForbidden;

/// 403 Forbidden, answered with the 403 page.
pub(crate) fn response() -> Response {
    let mut response = StatusCode::FORBIDDEN.into_response();
    response.extensions_mut().insert(RenderForbidden);
    response
}

/// Renders the 403 page for answers made by [`response`]. Inside the session layer: the
/// page knows who is signed in.
pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let uri = request.uri().clone();
    let cookie = request.headers().get(header::COOKIE).cloned();
    let viewer = request.extensions().get::<CurrentViewer>().cloned();
    let response = next.run(request).await;
    if response.extensions().get::<RenderForbidden>().is_none() {
        return response;
    }
    let mut page = Request::new(Body::empty());
    *page.method_mut() = Method::GET;
    *page.uri_mut() = uri;
    if let Some(cookie) = cookie {
        page.headers_mut().insert(header::COOKIE, cookie);
    }
    if let Some(viewer) = viewer {
        page.extensions_mut().insert(viewer);
    }
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(app::pages::ShowForbidden);
        },
        move || app::shell(options.clone()),
    );
    let mut answer = render(page).await;
    *answer.status_mut() = StatusCode::FORBIDDEN;
    answer
}
