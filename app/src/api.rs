//! Server functions: thin — find the state, call the query, hand back plain data.
use leptos::prelude::*;

use crate::model::*;

#[cfg(feature = "ssr")]
pub(crate) fn db() -> Result<sea_orm::DatabaseConnection, ServerFnError> {
    use_context::<crate::state::AppState>()
        .map(|state| state.db)
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
    crate::db::queries::today(&db()?, chrono::Utc::now())
        .await
        .map_err(internal)
}

#[server]
pub async fn get_fixtures(filter: FixtureFilter) -> Result<FixturesData, ServerFnError> {
    crate::db::queries::fixtures(&db()?, &filter, chrono::Utc::now())
        .await
        .map_err(internal)
}

/// `None` when there is no such (published) team.
#[server]
pub async fn get_team(id: i32) -> Result<Option<TeamData>, ServerFnError> {
    crate::db::queries::team_page(&db()?, id, chrono::Utc::now())
        .await
        .map_err(internal)
}

/// `None` when there is no such (published) game.
#[server]
pub async fn get_game(id: i32) -> Result<Option<GameData>, ServerFnError> {
    crate::db::queries::game_page(&db()?, id, chrono::Utc::now())
        .await
        .map_err(internal)
}

#[server]
pub async fn get_teams() -> Result<Vec<GroupTeams>, ServerFnError> {
    crate::db::queries::teams(&db()?).await.map_err(internal)
}

#[server]
pub async fn get_standings(competition_id: Option<i32>) -> Result<StandingsData, ServerFnError> {
    crate::db::standings::page(
        &db()?,
        competition_id,
        crate::request_lang(),
        chrono::Utc::now(),
    )
    .await
    .map_err(internal)
}
