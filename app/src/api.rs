//! Server functions: thin — find the state, call the query, hand back plain data.
use leptos::prelude::*;

use crate::model::*;

#[cfg(feature = "ssr")]
pub(crate) fn db() -> Result<sea_orm::DatabaseConnection, ServerFnError> {
    use_context::<crate::state::AppState>()
        .map(|state| state.db)
        .ok_or_else(|| ServerFnError::new("application state missing"))
}

/// The names every page shows, kept between requests ([`crate::db::queries::NamesCache`]).
#[cfg(feature = "ssr")]
pub(crate) fn names() -> Result<std::sync::Arc<crate::db::queries::NamesCache>, ServerFnError> {
    use_context::<crate::state::AppState>()
        .map(|state| state.names)
        .ok_or_else(|| ServerFnError::new("application state missing"))
}

/// Logs the cause and tells the reader only that the data could not be loaded.
#[cfg(feature = "ssr")]
pub(crate) fn internal(error: impl std::fmt::Display) -> ServerFnError {
    tracing::error!(%error, "query failed");
    ServerFnError::new("internal error")
}

#[server]
pub async fn get_today() -> Result<TodayData, ServerFnError> {
    crate::db::queries::today(&db()?, &*names()?, chrono::Utc::now())
        .await
        .map_err(internal)
}

#[server]
pub async fn get_fixtures(filter: FixtureFilter) -> Result<FixturesData, ServerFnError> {
    crate::db::queries::fixtures(&db()?, &*names()?, &filter, chrono::Utc::now())
        .await
        .map_err(internal)
}

/// `None` when there is no such (published) team.
#[server]
pub async fn get_team(id: i32) -> Result<Option<TeamData>, ServerFnError> {
    crate::db::queries::team_page(&db()?, &*names()?, id, chrono::Utc::now())
        .await
        .map_err(internal)
}

/// `None` when there is no such (published) game.
#[server]
pub async fn get_game(id: i32) -> Result<Option<GameData>, ServerFnError> {
    crate::db::queries::game_page(&db()?, &*names()?, id, chrono::Utc::now())
        .await
        .map_err(internal)
}

#[server]
pub async fn get_honours() -> Result<HonoursData, ServerFnError> {
    crate::db::honours::page(&db()?, &*names()?)
        .await
        .map_err(internal)
}

#[server]
pub async fn get_teams() -> Result<Vec<GroupTeams>, ServerFnError> {
    crate::db::queries::teams(&db()?, &*names()?)
        .await
        .map_err(internal)
}

#[server]
pub async fn get_standings(competition_id: Option<i32>) -> Result<StandingsData, ServerFnError> {
    crate::db::standings::page(
        &db()?,
        &*names()?,
        competition_id,
        crate::request_lang(),
        chrono::Utc::now(),
    )
    .await
    .map_err(internal)
}

/// The signed-in user's page; `None` when nobody is signed in.
#[server]
pub async fn get_me() -> Result<Option<MeData>, ServerFnError> {
    let Some(viewer) = crate::auth::viewer() else {
        return Ok(None);
    };
    crate::db::reports::me_page(&db()?, &*names()?, &viewer, chrono::Utc::now())
        .await
        .map(Some)
        .map_err(internal)
}

/// The score form's state for the signed-in user; `Ok(None)` when nobody is signed in or
/// there is no such game.
#[server]
pub async fn get_report_state(game_id: i32) -> Result<Option<ReportState>, ServerFnError> {
    let Some(viewer) = crate::auth::viewer() else {
        return Ok(None);
    };
    crate::db::reports::report_state(&db()?, &*names()?, &viewer, game_id, chrono::Utc::now())
        .await
        .map_err(internal)
}

/// The provisional (not yet confirmed) score of a game, if one was reported.
#[server]
pub async fn get_open_report(game_id: i32) -> Result<Option<OpenReport>, ServerFnError> {
    crate::db::reports::public_open_report(&db()?, &*names()?, game_id)
        .await
        .map_err(internal)
}

/// What a one-time link is for; `None` when the link is not (or no longer) valid.
#[server]
pub async fn get_link(token: String) -> Result<Option<LinkInfo>, ServerFnError> {
    crate::db::people::link_info(&db()?, &token, chrono::Utc::now())
        .await
        .map_err(internal)
}

/// A new link and its QR code, for the organiser who made it (shown once, in the answer to
/// the form that made it: the token never travels in an address).
#[server]
pub async fn get_new_link(token: String) -> Result<Option<LinkShown>, ServerFnError> {
    if !crate::auth::viewer().is_some_and(|viewer| viewer.organises()) {
        return Ok(None);
    }
    let Some(info) = crate::db::people::link_info(&db()?, &token, chrono::Utc::now())
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let link = crate::components::share::absolute(&format!("/invite/{token}"));
    let svg = crate::db::accounts::qr_svg(&link);
    Ok(Some(LinkShown { info, link, svg }))
}

/// The people page (人员), for organisers.
#[server]
pub async fn get_people() -> Result<Guarded<PeopleData>, ServerFnError> {
    if let Some(refused) = crate::auth::organisers_only() {
        return Ok(refused);
    }
    let viewer = crate::auth::viewer().expect("an organiser is signed in");
    crate::db::people::page(&db()?, &viewer)
        .await
        .map(Guarded::Found)
        .map_err(internal)
}

/// The scorer's sheet of a game as the signed-in viewer, on this device, sees it.
#[server]
pub async fn get_sheet(game_id: i32) -> Result<Guarded<SheetPage>, ServerFnError> {
    use crate::db::live::{page, LiveError};
    let Some(viewer) = crate::auth::viewer() else {
        return Ok(Guarded::NeedSignIn);
    };
    let device = crate::auth::device().unwrap_or_default();
    match page(
        &db()?,
        &*names()?,
        game_id,
        &viewer,
        &device,
        chrono::Utc::now(),
    )
    .await
    {
        Ok(Some(page)) => Ok(Guarded::Found(page)),
        Ok(None) => Ok(Guarded::NotFound),
        Err(LiveError::Forbidden) => Ok(Guarded::NotAllowed),
        Err(error) => Err(internal(error)),
    }
}

/// Whether the signed-in viewer may keep this game's score sheet (the game page links it).
#[server]
pub async fn get_may_score(game_id: i32) -> Result<bool, ServerFnError> {
    let Some(viewer) = crate::auth::viewer() else {
        return Ok(false);
    };
    crate::db::live::may_score(&db()?, game_id, &viewer)
        .await
        .map_err(internal)
}

/// `None` when there is no such player.
#[server]
pub async fn get_player(id: i32) -> Result<Option<PlayerData>, ServerFnError> {
    crate::db::leaders::player_page(&db()?, &*names()?, id, chrono::Utc::now())
        .await
        .map_err(internal)
}
