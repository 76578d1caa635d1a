//! Server functions of the organisers' competition pages: organisers only, drafts included.
use leptos::prelude::*;

use crate::model::*;

#[cfg(feature = "ssr")]
use crate::api::{db, internal};

#[cfg(feature = "ssr")]
use crate::auth::organisers_only;

/// Every competition (drafts too) and the choices of the new-competition forms.
#[server]
pub async fn get_competitions_admin() -> Result<Guarded<CompetitionsAdmin>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    crate::db::competitions::admin_page(&db()?, chrono::Utc::now())
        .await
        .map(Guarded::Found)
        .map_err(internal)
}

/// A competition's schedule under review: calendars, quality report, the engine's run.
#[server]
pub async fn get_competition_review(id: i32) -> Result<Guarded<CompetitionReview>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    Ok(
        crate::db::competitions::review(&db()?, id, crate::request_lang())
            .await
            .map_err(internal)?
            .map_or(Guarded::NotFound, Guarded::Found),
    )
}
