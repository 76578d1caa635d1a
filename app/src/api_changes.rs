//! Server functions of the organiser's change pages (move, postpone, referees) and of the
//! notice-board sheets: organisers only (everybody else gets [`Guarded::NeedSignIn`] or
//! [`Guarded::NotAllowed`] and no data). The changes themselves are plain form posts to
//! `/actions/games/…` (`server/src/actions/changes.rs`).
use leptos::prelude::*;

use crate::model::*;

#[cfg(feature = "ssr")]
use crate::api::{db, internal, names};

#[cfg(feature = "ssr")]
use crate::auth::organisers_only;

/// How many free slots the move page lists.
#[cfg(feature = "ssr")]
const FREE_SLOTS: usize = 6;
/// How many suggestions a postponed game gets.
#[cfg(feature = "ssr")]
pub const SUGGESTIONS: usize = 3;
/// How far ahead the referee page lists games.
#[cfg(feature = "ssr")]
const REFEREE_DAYS: i64 = 21;
/// The longest range one sheet covers.
#[cfg(feature = "ssr")]
const MAX_DAYS: i64 = 62;
/// A court's sheet covers two weeks unless told otherwise.
#[cfg(feature = "ssr")]
const DEFAULT_DAYS: i64 = 13;

#[cfg(feature = "ssr")]
fn movable(status: GameStatus) -> bool {
    matches!(status, GameStatus::Scheduled | GameStatus::Postponed)
}

/// The organiser's workspace.
#[server]
pub async fn get_hub() -> Result<Guarded<HubData>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    crate::db::hub::page(&db()?, &*names()?, chrono::Utc::now())
        .await
        .map(Guarded::Found)
        .map_err(internal)
}

/// How many lines of the audit log its page shows.
#[cfg(feature = "ssr")]
const AUDIT_LINES: u64 = 200;

/// The latest lines of the audit log.
#[server]
pub async fn get_audit() -> Result<Guarded<Vec<AuditLine>>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    crate::db::hub::audit(&db()?, AUDIT_LINES)
        .await
        .map(Guarded::Found)
        .map_err(internal)
}

/// The game `id` as the change pages show it; `None`: no such game.
#[cfg(feature = "ssr")]
async fn game_facts(
    db: &sea_orm::DatabaseConnection,
    id: i32,
) -> Result<Option<crate::db::changes::GameFacts>, ServerFnError> {
    use crate::db::changes;
    let names = changes::Names::load(db).await.map_err(internal)?;
    changes::game_facts(db, &names, id).await.map_err(internal)
}

/// The move page: the game, the courts, what the typed slot (if any) breaks, free slots.
#[server]
pub async fn get_move_page(
    id: i32,
    date: Option<String>,
    time: Option<String>,
    court: Option<String>,
) -> Result<Guarded<MovePage>, ServerFnError> {
    use crate::db::changes::{self, ChangeError, MoveInput};
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let db = db()?;
    let now = chrono::Utc::now();
    let Some(facts) = game_facts(&db, id).await? else {
        return Ok(Guarded::NotFound);
    };
    let courts = changes::courts(&db).await.map_err(internal)?;
    let typed = (date.is_some() || time.is_some() || court.is_some()).then(|| MoveInput {
        date: date.unwrap_or_default(),
        time: time.unwrap_or_default(),
        court: court.unwrap_or_default(),
    });
    let problems = match typed {
        None => None,
        Some(input) => match changes::parse_move(&input, changes::local_date_time(now).0) {
            Err(problems) => Some(problems),
            Ok((date, time, court)) => {
                match changes::check_move(&db, id, date, time, court).await {
                    Ok(problems) => Some(problems),
                    Err(ChangeError::NotFound) => return Ok(Guarded::NotFound),
                    Err(error) => return Err(internal(error)),
                }
            }
        },
    };
    let free = if movable(facts.game.status) {
        changes::suggest_slots(&db, id, now, FREE_SLOTS)
            .await
            .map_err(internal)?
    } else {
        Vec::new()
    };
    Ok(Guarded::Found(MovePage {
        game: facts.view(),
        courts,
        problems,
        free,
    }))
}

/// The postpone page: the game and, when it is postponed, the suggested slots.
#[server]
pub async fn get_postpone_page(id: i32) -> Result<Guarded<PostponePage>, ServerFnError> {
    use crate::db::changes;
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let db = db()?;
    let Some(facts) = game_facts(&db, id).await? else {
        return Ok(Guarded::NotFound);
    };
    let suggestions = if facts.game.status == GameStatus::Postponed {
        changes::suggest_slots(&db, id, chrono::Utc::now(), SUGGESTIONS)
            .await
            .map_err(internal)?
    } else {
        Vec::new()
    };
    Ok(Guarded::Found(PostponePage {
        game: facts.view(),
        suggestions,
    }))
}

/// The referee page: each referee's count, the games of the next three weeks.
#[server]
pub async fn get_referees_page() -> Result<Guarded<RefereeOverview>, ServerFnError> {
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    crate::db::changes::referee_overview(&db()?, chrono::Utc::now(), REFEREE_DAYS)
        .await
        .map(Guarded::Found)
        .map_err(internal)
}

#[cfg(feature = "ssr")]
fn parse_date(text: Option<String>) -> Option<chrono::NaiveDate> {
    text.and_then(|t| chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok())
}

/// Printed sheets are never kept by a browser or a proxy: the next print is of the schedule
/// as it is then.
#[cfg(feature = "ssr")]
fn no_store() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
}

/// A sheet of `games` with a QR code to the live page `path`.
#[cfg(feature = "ssr")]
fn sheet(
    scope: SheetScope,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    path: &str,
    games: Vec<SheetGame>,
) -> Guarded<PrintSheet> {
    no_store();
    let live = crate::components::share::absolute(path);
    let qr_svg = crate::db::accounts::qr_svg(&live);
    Guarded::Found(PrintSheet {
        scope,
        from,
        to,
        live,
        qr_svg,
        games,
    })
}

/// A court's sheet, `from` (today) to `to` (two weeks on, at most two months).
#[server]
pub async fn get_court_sheet(
    id: i32,
    from: Option<String>,
    to: Option<String>,
) -> Result<Guarded<PrintSheet>, ServerFnError> {
    use crate::db::changes;
    use chrono::Duration;
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let db = db()?;
    let from = parse_date(from).unwrap_or_else(|| changes::local_date_time(chrono::Utc::now()).0);
    let to = parse_date(to)
        .unwrap_or(from + Duration::days(DEFAULT_DAYS))
        .clamp(from, from + Duration::days(MAX_DAYS));
    let courts = changes::courts(&db).await.map_err(internal)?;
    let Some((_, name)) = courts.into_iter().find(|(court, _)| *court == id) else {
        return Ok(Guarded::NotFound);
    };
    let games = changes::sheet_games(&db, Some(id), None, Some((from, to)))
        .await
        .map_err(internal)?;
    Ok(sheet(
        SheetScope::Court(name),
        from,
        to,
        &format!("/fixtures?court={id}"),
        games,
    ))
}

/// The sheet of the week (Monday to Sunday) with `date` (today) in it, every court.
#[server]
pub async fn get_week_sheet(date: Option<String>) -> Result<Guarded<PrintSheet>, ServerFnError> {
    use crate::db::changes;
    use chrono::{Datelike, Duration};
    if let Some(refused) = organisers_only() {
        return Ok(refused);
    }
    let date = parse_date(date).unwrap_or_else(|| changes::local_date_time(chrono::Utc::now()).0);
    let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    let sunday = monday + Duration::days(6);
    let games = changes::sheet_games(&db()?, None, None, Some((monday, sunday)))
        .await
        .map_err(internal)?;
    Ok(sheet(SheetScope::Week, monday, sunday, "/fixtures", games))
}
