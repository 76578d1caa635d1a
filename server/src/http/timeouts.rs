//! A request that takes too long is answered 503 and dropped (a transaction it held rolls
//! back): a slow client sending its form a byte at a time, or a stuck query, does not hold
//! a connection and a database connection for ever. The live updates (`/live`, a stream
//! that stays open by design) are left alone.
use std::time::Duration;

use axum::{
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The longest a request may take, body read included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn layer(request: Request, next: Next) -> Response {
    if request.uri().path() == "/live" {
        return next.run(request).await;
    }
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("a request took longer than {REQUEST_TIMEOUT:?}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "请求超时，请重试 / the request took too long: please try again",
            )
                .into_response()
        }
    }
}
