//! The scorer's sheet of a game being played (issue #19), kept in the database as its lines
//! (`live_line`) and who holds it (`live_sheet`). The rules of the sheet are the domain's
//! ([`crate::domain::scoresheet`]); this module decides who may keep it and stores its lines
//! exactly once, in order.
//!
//! **Who keeps the sheet.** Organisers, the referees assigned to the game, and whomever an
//! organiser names. One device at a time: the first who opens the sheet holds it on the
//! device they opened it on (their session); any other device sees it read-only. The holder
//! can take the sheet to another device of theirs (a phone that died); only an organiser
//! can give it to somebody else.
//!
//! **Exactly once, in order.** The phone numbers its lines 1, 2, 3 … and gives each an id of
//! its own. A line already stored (the same id, the same number) is acknowledged again and
//! nothing is added, so a phone that never heard the answer may send it again; a line whose
//! number is not the next one is refused with the number expected.
use chrono::{DateTime, Utc};
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder, TransactionTrait};

use super::entities::*;
use crate::domain::scoresheet::{Entry, Refusal, Sheet};
use crate::model::{GameStatus, Role, Viewer};

/// The longest id a phone may give a line.
pub const MAX_CLIENT_ID: usize = 64;
/// The most lines one request may carry.
pub const MAX_BATCH: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("no such game")]
    NotFound,
    /// Not somebody who may keep this game's sheet.
    #[error("not allowed")]
    Forbidden,
    /// Somebody else, or another device, holds the sheet.
    #[error("the sheet is kept on another device")]
    HeldElsewhere,
    /// The game is not one to score live (not scheduled, or its teams are not known yet).
    #[error("the game cannot be scored live")]
    NotLive,
    /// A line the sheet cannot read (an unknown code, a player not on that side's roster).
    #[error("line {line} cannot be read")]
    BadLine { line: u32 },
    /// The line sent is not the next one: the sheet expects `expected`.
    #[error("out of order: line {expected} expected")]
    OutOfOrder { expected: u32 },
    /// The person an organiser would give the sheet to is no active referee or organiser.
    #[error("no such scorer")]
    NoSuchScorer,
    /// Another request stored the same line at the same moment: send again.
    #[error("busy")]
    Busy,
    /// The rules refuse line `line`.
    #[error("line {line} refused: {refusal:?}")]
    Refused { line: u32, refusal: Refusal },
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A line as the phone sends it: its number, its id, its code ([`Entry::code`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentLine {
    pub line: u32,
    pub client_id: String,
    pub entry: String,
}

/// The sheet as it stands, and who holds it.
#[derive(Debug, Clone)]
pub struct LiveSheet {
    pub game: game::Model,
    pub sheet: Sheet,
    pub scorer_id: Option<i32>,
    /// Whether the device asking holds the sheet (it may add lines).
    pub holds: bool,
}

/// The device a session is: the hash of its token (never the token itself).
pub fn device_of(session_token: &str) -> String {
    super::accounts::token_hash(session_token)
}

async fn game_of(db: &impl ConnectionTrait, game_id: i32) -> Result<game::Model, LiveError> {
    game::Entity::find_by_id(game_id)
        .one(db)
        .await?
        .ok_or(LiveError::NotFound)
}

async fn sheet_row(
    db: &impl ConnectionTrait,
    game_id: i32,
) -> Result<Option<live_sheet::Model>, DbErr> {
    live_sheet::Entity::find()
        .filter(live_sheet::Column::GameId.eq(game_id))
        .one(db)
        .await
}

/// Is `viewer` one who may keep the sheet of `game_id`: an organiser, a referee assigned to
/// the game, or the scorer an organiser named?
async fn may_keep(
    db: &impl ConnectionTrait,
    game_id: i32,
    viewer: &Viewer,
    row: Option<&live_sheet::Model>,
) -> Result<bool, DbErr> {
    if viewer.organises() || row.is_some_and(|row| row.scorer_id == viewer.id) {
        return Ok(true);
    }
    if viewer.role != Role::Referee {
        return Ok(false);
    }
    let assigned = game_referee::Entity::find()
        .filter(game_referee::Column::GameId.eq(game_id))
        .filter(game_referee::Column::UserId.eq(viewer.id))
        .one(db)
        .await?;
    Ok(assigned.is_some())
}

/// The lines stored, in order, read back into a sheet.
async fn stored_sheet(db: &impl ConnectionTrait, game_id: i32) -> Result<Sheet, LiveError> {
    let lines = live_line::Entity::find()
        .filter(live_line::Column::GameId.eq(game_id))
        .order_by_asc(live_line::Column::Line)
        .all(db)
        .await?;
    let entries: Vec<Entry> = lines
        .iter()
        .map(|l| {
            Entry::parse(&l.entry).ok_or(LiveError::BadLine {
                line: l.line as u32,
            })
        })
        .collect::<Result<_, _>>()?;
    Sheet::from_lines(entries).map_err(|(line, refusal)| LiveError::Refused { line, refusal })
}

/// The sheet of a game for anybody to read (the live score), `None` before anyone opened it.
pub async fn read(db: &DatabaseConnection, game_id: i32) -> Result<Option<Sheet>, LiveError> {
    match sheet_row(db, game_id).await? {
        None => Ok(None),
        Some(_) => stored_sheet(db, game_id).await.map(Some),
    }
}

/// The sheet as `viewer` on `device` sees it (the scorer's page), whether or not they hold it.
pub async fn view(
    db: &DatabaseConnection,
    game_id: i32,
    viewer: &Viewer,
    device: &str,
) -> Result<LiveSheet, LiveError> {
    let game = game_of(db, game_id).await?;
    let row = sheet_row(db, game_id).await?;
    if !may_keep(db, game_id, viewer, row.as_ref()).await? {
        return Err(LiveError::Forbidden);
    }
    let holds = row.as_ref().is_some_and(|row| {
        row.scorer_id == viewer.id && row.device_hash.as_deref() == Some(device)
    });
    let sheet = stored_sheet(db, game_id).await?;
    Ok(LiveSheet {
        game,
        sheet,
        scorer_id: row.map(|row| row.scorer_id),
        holds,
    })
}

/// The sheet of `game_id` (its row `row`, if it has one) kept by `scorer` on `device` (none
/// until they open it) from `now` on.
async fn keep(
    db: &impl ConnectionTrait,
    game_id: i32,
    row: Option<live_sheet::Model>,
    scorer: i32,
    device: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut row: live_sheet::ActiveModel = match row {
        Some(row) => row.into(),
        None => live_sheet::ActiveModel {
            game_id: Set(game_id),
            lines: Set(0),
            ..Default::default()
        },
    };
    row.scorer_id = Set(scorer);
    row.device_hash = Set(device.map(str::to_owned));
    row.claimed_at = Set(now);
    row.updated_at = Set(now);
    row.save(db).await?;
    Ok(())
}

/// `viewer` opens the sheet on `device` and holds it from now on: the first to open it, or
/// its scorer taking it to another device of theirs. Somebody else's sheet stays theirs.
pub async fn open(
    db: &DatabaseConnection,
    game_id: i32,
    viewer: &Viewer,
    device: &str,
    now: DateTime<Utc>,
) -> Result<(), LiveError> {
    let txn = db.begin().await?;
    let game = game_of(&txn, game_id).await?;
    let row = sheet_row(&txn, game_id).await?;
    if !may_keep(&txn, game_id, viewer, row.as_ref()).await? {
        return Err(LiveError::Forbidden);
    }
    if game.status != GameStatus::Scheduled
        || game.home_team_id.is_none()
        || game.away_team_id.is_none()
    {
        return Err(LiveError::NotLive);
    }
    if row.as_ref().is_some_and(|row| row.scorer_id != viewer.id) {
        return Err(LiveError::HeldElsewhere);
    }
    keep(&txn, game_id, row, viewer.id, Some(device), now).await?;
    super::reports::audit_entry(
        &txn,
        &super::reports::actor(viewer),
        "game",
        game_id,
        "live.open",
        None,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An organiser gives the sheet to `scorer` (an organiser or a referee), who then opens it
/// on their own device; whoever held it before keeps it read-only.
pub async fn hand_over(
    db: &DatabaseConnection,
    game_id: i32,
    organiser: &Viewer,
    scorer: i32,
    now: DateTime<Utc>,
) -> Result<(), LiveError> {
    if !organiser.organises() {
        return Err(LiveError::Forbidden);
    }
    let txn = db.begin().await?;
    game_of(&txn, game_id).await?;
    let person = app_user::Entity::find_by_id(scorer)
        .one(&txn)
        .await?
        .filter(|u| u.disabled_at.is_none())
        .filter(|u| matches!(u.role, Role::Referee | Role::Organiser | Role::Admin))
        .ok_or(LiveError::NoSuchScorer)?;
    let before = sheet_row(&txn, game_id).await?;
    keep(&txn, game_id, before.clone(), person.id, None, now).await?;
    super::reports::audit_entry(
        &txn,
        &super::reports::actor(organiser),
        "game",
        game_id,
        "live.hand_over",
        before.map(|row| format!("scorer {}", row.scorer_id)),
        Some(format!("scorer {}", person.id)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The lines `viewer` sends from `device`, stored exactly once and in order; answers the
/// sheet after them. Lines already stored are acknowledged again; the first line that
/// cannot be stored stops the batch (the lines before it stay stored).
pub async fn append(
    db: &DatabaseConnection,
    game_id: i32,
    viewer: &Viewer,
    device: &str,
    lines: &[SentLine],
    now: DateTime<Utc>,
) -> Result<Sheet, LiveError> {
    let txn = db.begin().await?;
    let game = game_of(&txn, game_id).await?;
    let row = sheet_row(&txn, game_id).await?;
    if !may_keep(&txn, game_id, viewer, row.as_ref()).await? {
        return Err(LiveError::Forbidden);
    }
    let row = row
        .filter(|row| row.scorer_id == viewer.id && row.device_hash.as_deref() == Some(device))
        .ok_or(LiveError::HeldElsewhere)?;
    let home = roster(&txn, game.home_team_id).await?;
    let away = roster(&txn, game.away_team_id).await?;
    let mut sheet = stored_sheet(&txn, game_id).await?;
    let stored: Vec<live_line::Model> = live_line::Entity::find()
        .filter(live_line::Column::GameId.eq(game_id))
        .all(&txn)
        .await?;
    let mut added = 0;
    let mut failure = None;
    for sent in lines {
        if let Some(same) = stored.iter().find(|l| l.client_id == sent.client_id) {
            if same.line as u32 != sent.line || same.entry != sent.entry {
                failure = Some(LiveError::BadLine { line: sent.line });
                break;
            }
            continue;
        }
        let expected = sheet.lines() + 1;
        if sent.line != expected {
            failure = Some(LiveError::OutOfOrder { expected });
            break;
        }
        let entry = Entry::parse(&sent.entry)
            .filter(|_| !sent.client_id.is_empty() && sent.client_id.len() <= MAX_CLIENT_ID)
            .filter(|entry| on_roster(entry, &home, &away));
        let Some(entry) = entry else {
            failure = Some(LiveError::BadLine { line: sent.line });
            break;
        };
        if let Err(refusal) = sheet.push(entry) {
            failure = Some(LiveError::Refused {
                line: sent.line,
                refusal,
            });
            break;
        }
        live_line::ActiveModel {
            game_id: Set(game_id),
            line: Set(sent.line as i32),
            client_id: Set(sent.client_id.clone()),
            entry: Set(entry.code()),
            by_user: Set(viewer.id),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|error| match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => LiveError::Busy,
            _ => LiveError::Db(error),
        })?;
        added += 1;
    }
    if added > 0 {
        let mut row: live_sheet::ActiveModel = row.into();
        row.lines = Set(sheet.lines() as i32);
        row.updated_at = Set(now);
        row.update(&txn).await?;
    }
    txn.commit().await?;
    match failure {
        Some(error) => Err(error),
        None => Ok(sheet),
    }
}

/// The ids of a team's players.
async fn roster(db: &impl ConnectionTrait, team: Option<i32>) -> Result<Vec<i32>, DbErr> {
    let Some(team) = team else {
        return Ok(Vec::new());
    };
    Ok(player::Entity::find()
        .filter(player::Column::TeamId.eq(team))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect())
}

/// A player named by a line plays for that side.
fn on_roster(entry: &Entry, home: &[i32], away: &[i32]) -> bool {
    use crate::domain::score::Side;
    use crate::domain::scoresheet::Action;
    let (side, player) = match entry {
        Entry::Act(Action::Score { side, player, .. } | Action::Foul { side, player }) => {
            (*side, *player)
        }
        _ => return true,
    };
    match side {
        Side::Home => home.contains(&player),
        Side::Away => away.contains(&player),
    }
}
