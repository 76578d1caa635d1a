//! Server functions of the season set-up pages: organisers only (everybody else gets
//! [`Guarded::NeedSignIn`] or [`Guarded::NotAllowed`] and no data).
use leptos::prelude::*;

use crate::model::*;

#[cfg(feature = "ssr")]
use crate::api::{db, internal};

#[cfg(feature = "ssr")]
use crate::auth::organisers_only;

#[cfg(feature = "ssr")]
fn found<T>(value: Option<T>) -> Guarded<T> {
    value.map_or(Guarded::NotFound, Guarded::Found)
}

#[server]
pub async fn get_setup_hub() -> Result<Guarded<SetupHub>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let hub = crate::db::setup::hub(&db()?).await.map_err(internal)?;
    Ok(Guarded::Found(hub))
}

#[server]
pub async fn get_setup_groups() -> Result<Guarded<Vec<SetupGroupLine>>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let groups = crate::db::setup::groups(&db()?).await.map_err(internal)?;
    Ok(Guarded::Found(groups))
}

#[server]
pub async fn get_setup_teams() -> Result<Guarded<SetupTeams>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let teams = crate::db::setup::teams(&db()?).await.map_err(internal)?;
    Ok(Guarded::Found(teams))
}

#[server]
pub async fn get_setup_team(id: i32) -> Result<Guarded<SetupTeam>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let team = crate::db::setup::team(&db()?, id).await.map_err(internal)?;
    Ok(found(team))
}

#[server]
pub async fn get_import_preview(
    team_id: i32,
    import_id: i32,
) -> Result<Guarded<ImportPreview>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let preview = crate::db::setup::import_preview(&db()?, team_id, import_id, chrono::Utc::now())
        .await
        .map_err(internal)?;
    Ok(found(preview))
}

#[server]
pub async fn get_setup_courts() -> Result<Guarded<SetupCourts>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let courts = crate::db::setup::courts(&db()?).await.map_err(internal)?;
    Ok(Guarded::Found(courts))
}

#[server]
pub async fn get_setup_court(id: i32) -> Result<Guarded<SetupCourt>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let court = crate::db::setup::court(&db()?, id)
        .await
        .map_err(internal)?;
    Ok(found(court))
}

/// The calendar of `year` (this year in Asia/Shanghai when not given or out of range).
#[server]
pub async fn get_setup_calendar(
    year: Option<i32>,
) -> Result<Guarded<SetupCalendar>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let year = year
        .filter(|y| crate::domain::festivals::YEARS.contains(y))
        .unwrap_or_else(|| crate::db::setup::this_year(chrono::Utc::now()));
    let calendar = crate::db::setup::calendar(&db()?, year)
        .await
        .map_err(internal)?;
    Ok(Guarded::Found(calendar))
}
