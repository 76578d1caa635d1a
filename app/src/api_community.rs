//! Server functions for notices and residents' requests.
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::{db, internal};
use crate::model::*;

/// How many notices 今日 shows.
pub const TODAY_NOTICES: u64 = 3;

/// The current notices for 今日: pinned first, then newest.
#[server]
pub async fn get_current_notices() -> Result<Vec<NoticeView>, ServerFnError> {
    crate::db::community::current_notices(&db()?, chrono::Utc::now(), TODAY_NOTICES)
        .await
        .map_err(internal)
}

/// The notices page, with the form and the approvals the viewer may use.
#[server]
pub async fn get_notices() -> Result<NoticesData, ServerFnError> {
    let viewer = crate::auth::viewer();
    crate::db::community::notices_page(&db()?, viewer.as_ref(), chrono::Utc::now())
        .await
        .map_err(internal)
}

/// The villager groups, for the request form.
#[server]
pub async fn get_request_groups() -> Result<Vec<Choice>, ServerFnError> {
    crate::db::group_choices(&db()?).await.map_err(internal)
}

/// The client address of the request being served ("local" in-process).
#[cfg(feature = "ssr")]
pub fn client_address() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip().to_string())
        })
        .unwrap_or_else(|| "local".into())
}

/// A request by its reference code, without the sender's contact number. Look-ups are
/// rate-limited per client address, so that guessing codes gets nowhere.
#[server]
pub async fn lookup_request(code: String) -> Result<RequestLookup, ServerFnError> {
    if code.trim().is_empty() {
        return Ok(RequestLookup::NotAsked);
    }
    let state = use_context::<crate::state::AppState>()
        .ok_or_else(|| ServerFnError::new("application state missing"))?;
    if state
        .limits
        .request_lookup_per_client
        .check_key(&client_address())
        .is_err()
    {
        return Ok(RequestLookup::TooManyAttempts);
    }
    Ok(
        match crate::db::community::lookup_request(&state.db, &code)
            .await
            .map_err(internal)?
        {
            Some(view) => RequestLookup::Found(Box::new(view)),
            None => RequestLookup::NotFound,
        },
    )
}

/// The organisers' inbox; `None` for anyone else.
#[server]
pub async fn get_request_inbox() -> Result<Option<Vec<RequestView>>, ServerFnError> {
    let Some(viewer) = crate::auth::viewer().filter(|viewer| viewer.organises()) else {
        return Ok(None);
    };
    crate::db::community::inbox(&db()?, &viewer)
        .await
        .map(Some)
        .map_err(internal)
}
