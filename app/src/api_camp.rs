//! Server functions of the summer camp's pages.
use leptos::prelude::*;

use crate::model::*;

#[cfg(feature = "ssr")]
use crate::api::{db, internal};

/// The current camp with its counts per group (no personal data); `None` when there is none.
#[server]
pub async fn get_camp() -> Result<Option<CampInfo>, ServerFnError> {
    crate::db::camp::public_page(&db()?, chrono::Utc::now())
        .await
        .map_err(internal)
}

/// A household's page by its private link; `None` when the link is not valid.
#[server]
pub async fn get_household(token: String) -> Result<Option<HouseholdView>, ServerFnError> {
    crate::db::camp::household_view(&db()?, &token, chrono::Utc::now())
        .await
        .map_err(internal)
}

/// The roster of the current camp: organisers only (`None` for everybody else).
#[server]
pub async fn get_camp_roster(
    group: Option<i32>,
    search: String,
) -> Result<Option<CampRoster>, ServerFnError> {
    if !crate::auth::viewer().is_some_and(|viewer| viewer.organises()) {
        return Ok(None);
    }
    let db = db()?;
    let Some(camp) = crate::db::camp::current(&db).await.map_err(internal)? else {
        return Ok(None);
    };
    crate::db::camp::roster(&db, camp.id, group, &search, chrono::Utc::now())
        .await
        .map_err(internal)
}

#[cfg(feature = "ssr")]
use crate::auth::organisers_only;

/// A camp's set-up form (`None`: a new camp). Organisers only.
#[server]
pub async fn get_camp_setup(id: Option<i32>) -> Result<Guarded<CampSetupForm>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let Some(id) = id else {
        return Ok(Guarded::Found(crate::db::camp_setup::blank_form()));
    };
    Ok(crate::db::camp_setup::form(&db()?, id)
        .await
        .map_err(internal)?
        .map_or(Guarded::NotFound, Guarded::Found))
}

/// A camp day's attendance sheet (`day` as `YYYY-MM-DD`; today or the first day when not
/// given), one group or all. Organisers only.
#[server]
pub async fn get_attendance_sheet(
    id: i32,
    day: Option<String>,
    group: Option<i32>,
) -> Result<Guarded<AttendanceSheet>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let day = day.and_then(|day| chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok());
    Ok(
        crate::db::camp_setup::attendance_sheet(&db()?, id, day, group, chrono::Utc::now())
            .await
            .map_err(internal)?
            .map_or(Guarded::NotFound, Guarded::Found),
    )
}
