//! `Cache-Control: no-store` on what is private: anything answered to a signed-in user
//! (organisers' pages, the roster, the attendance sheet, a captain's pages), a household's
//! or a request's private link, and any answer that sets a cookie. A shared phone's browser
//! or a proxy keeps none of it.
use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};

/// Addresses that are private by their token, signed in or not.
fn private_path(path: &str) -> bool {
    ["/camp/h/", "/actions/camp/h/", "/requests/"]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

pub async fn layer(request: Request, next: Next) -> Response {
    let signed_in = app::auth::session_token(request.headers()).is_some_and(|t| !t.is_empty());
    let private = signed_in || private_path(request.uri().path());
    let mut response = next.run(request).await;
    let static_file = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|kind| kind.to_str().ok())
        .is_some_and(|kind| {
            [
                "image/",
                "font/",
                "text/css",
                "application/javascript",
                "text/javascript",
                "application/wasm",
            ]
            .iter()
            .any(|prefix| kind.starts_with(prefix))
        });
    // What already says it is private (`private, no-cache` on an organiser's notice image,
    // `no-cache` on the live stream) is left as it says.
    let kept_private = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            ["no-store", "no-cache", "private"]
                .iter()
                .any(|word| value.contains(word))
        });
    if !kept_private
        && ((private && !static_file) || response.headers().contains_key(header::SET_COOKIE))
    {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
