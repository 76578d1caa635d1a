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
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder, TransactionTrait};

use super::entities::*;
use crate::domain::score::Side;
pub use crate::domain::scoresheet::Sent as SentLine;
use crate::domain::scoresheet::{Entry, Refusal, Sheet};
use crate::model::{
    Choice, GameStatus, LiveScore, Role, SheetPage, SheetPlayer, SheetTeam, Viewer,
};

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
    /// The sheet is handed in only once its last period is over.
    #[error("the game is not over")]
    NotFinished,
    /// Handing the sheet in as the result was refused.
    #[error(transparent)]
    Report(#[from] super::reports::ReportError),
    #[error(transparent)]
    Db(#[from] DbErr),
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
    if viewer.organises() {
        return Ok(true);
    }
    // Only a referee keeps a sheet besides organisers: the scorer an organiser named (while
    // they are still a referee), or one assigned to the game.
    if viewer.role != Role::Referee {
        return Ok(false);
    }
    if row.is_some_and(|row| row.scorer_id == viewer.id) {
        return Ok(true);
    }
    assigned(db, game_id, viewer.id).await
}

/// The game and its sheet's row (none before anyone opened it), for `viewer`, who must be
/// one who may keep the sheet.
async fn keeper(
    db: &impl ConnectionTrait,
    game_id: i32,
    viewer: &Viewer,
) -> Result<(game::Model, Option<live_sheet::Model>), LiveError> {
    let game = game_of(db, game_id).await?;
    let row = sheet_row(db, game_id).await?;
    if !may_keep(db, game_id, viewer, row.as_ref()).await? {
        return Err(LiveError::Forbidden);
    }
    Ok((game, row))
}

/// Whether `viewer` holds the sheet `row` on `device` (may add lines and hand it in).
fn held_by(row: &live_sheet::Model, viewer: &Viewer, device: &str) -> bool {
    row.scorer_id == viewer.id && row.device_hash.as_deref() == Some(device)
}

/// Whether `user` is assigned to referee `game_id`.
async fn assigned(db: &impl ConnectionTrait, game_id: i32, user: i32) -> Result<bool, DbErr> {
    Ok(game_referee::Entity::find()
        .filter(game_referee::Column::GameId.eq(game_id))
        .filter(game_referee::Column::UserId.eq(user))
        .one(db)
        .await?
        .is_some())
}

/// Whether `viewer` may keep the sheet of `game_id` (the game page offers them the sheet):
/// a game still to be played with both teams known, and somebody who may keep its sheet.
pub async fn may_score(
    db: &DatabaseConnection,
    game_id: i32,
    viewer: &Viewer,
) -> Result<bool, DbErr> {
    let Some(game) = game::Entity::find_by_id(game_id).one(db).await? else {
        return Ok(false);
    };
    if game.status != GameStatus::Scheduled
        || game.home_team_id.is_none()
        || game.away_team_id.is_none()
    {
        return Ok(false);
    }
    let row = sheet_row(db, game_id).await?;
    may_keep(db, game_id, viewer, row.as_ref()).await
}

/// The lines stored, in order.
async fn stored_lines(
    db: &impl ConnectionTrait,
    game_id: i32,
) -> Result<Vec<live_line::Model>, DbErr> {
    live_line::Entity::find()
        .filter(live_line::Column::GameId.eq(game_id))
        .order_by_asc(live_line::Column::Line)
        .all(db)
        .await
}

/// The lines stored, read back into a sheet.
async fn stored_sheet(db: &impl ConnectionTrait, game_id: i32) -> Result<Sheet, LiveError> {
    sheet_of(&stored_lines(db, game_id).await?)
}

/// Stored lines read back into a sheet.
fn sheet_of(lines: &[live_line::Model]) -> Result<Sheet, LiveError> {
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

/// The sheet of `game_id` (its row `row`, if it has one) kept by `scorer` on `device` (none
/// until they open it) from `now` on. An existing row changes only if it still names whom
/// `row` names (compare and set): an open and a hand-over at the same moment, or two
/// hand-overs, cannot both win — the later one finds the row changed and is refused
/// ([`LiveError::Busy`]) instead of quietly undoing the other. A new row's unique game is the
/// same guard for two first openings ([`LiveError::HeldElsewhere`]).
async fn keep(
    db: &impl ConnectionTrait,
    game_id: i32,
    row: Option<live_sheet::Model>,
    scorer: i32,
    device: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), LiveError> {
    let Some(row) = row else {
        live_sheet::ActiveModel {
            game_id: Set(game_id),
            lines: Set(0),
            scorer_id: Set(scorer),
            device_hash: Set(device.map(str::to_owned)),
            claimed_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .map_err(|error| match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => LiveError::HeldElsewhere,
            _ => LiveError::Db(error),
        })?;
        return Ok(());
    };
    let changed = still_held(
        live_sheet::Entity::update_many()
            .col_expr(live_sheet::Column::ScorerId, Expr::value(scorer))
            .col_expr(
                live_sheet::Column::DeviceHash,
                Expr::value(device.map(str::to_owned)),
            )
            .col_expr(live_sheet::Column::ClaimedAt, Expr::value(now))
            .col_expr(live_sheet::Column::UpdatedAt, Expr::value(now)),
        &row,
    )
    .exec(db)
    .await?;
    match changed.rows_affected {
        0 => Err(LiveError::Busy),
        _ => Ok(()),
    }
}

/// `update`, limited to the sheet `row` while it is still held as `row` says.
fn still_held(
    update: sea_orm::UpdateMany<live_sheet::Entity>,
    row: &live_sheet::Model,
) -> sea_orm::UpdateMany<live_sheet::Entity> {
    let device = match &row.device_hash {
        Some(device) => live_sheet::Column::DeviceHash.eq(device.clone()),
        None => live_sheet::Column::DeviceHash.is_null(),
    };
    update
        .filter(live_sheet::Column::Id.eq(row.id))
        .filter(live_sheet::Column::ScorerId.eq(row.scorer_id))
        .filter(device)
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
    let (game, row) = keeper(&txn, game_id, viewer).await?;
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

/// The lines `viewer` sends from `device`, stored exactly once and in order. Lines already
/// stored are acknowledged again; the first line that cannot be stored stops the batch (the
/// lines before it stay stored, and [`Appended`] says both).
pub async fn append(
    db: &DatabaseConnection,
    game_id: i32,
    viewer: &Viewer,
    device: &str,
    lines: &[SentLine],
    now: DateTime<Utc>,
) -> Result<Appended, LiveError> {
    let txn = db.begin().await?;
    let (game, row) = keeper(&txn, game_id, viewer).await?;
    let row = row
        .filter(|row| held_by(row, viewer, device))
        .ok_or(LiveError::HeldElsewhere)?;
    // A result in, a game postponed or cancelled: the sheet is closed.
    if game.status != GameStatus::Scheduled {
        return Err(LiveError::NotLive);
    }
    let home = roster(&txn, game.home_team_id).await?;
    let away = roster(&txn, game.away_team_id).await?;
    let stored = stored_lines(&txn, game_id).await?;
    let mut sheet = sheet_of(&stored)?;
    let mut added = 0;
    let mut failure = None;
    for sent in lines {
        if let Some(same) = stored.iter().find(|l| l.client_id == sent.id) {
            if same.line as u32 != sent.line || same.entry != sent.entry.code() {
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
        if !on_roster(&sent.entry, &home, &away) {
            failure = Some(LiveError::BadLine { line: sent.line });
            break;
        }
        if let Err(refusal) = sheet.push(sent.entry) {
            failure = Some(LiveError::Refused {
                line: sent.line,
                refusal,
            });
            break;
        }
        live_line::ActiveModel {
            game_id: Set(game_id),
            line: Set(sent.line as i32),
            client_id: Set(sent.id.clone()),
            entry: Set(sent.entry.code()),
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
        // The sheet handed over meanwhile: these lines are not the holder's to add (the
        // transaction is dropped, so none of them is stored).
        let summary = still_held(summarise(&sheet, now), &row).exec(&txn).await?;
        if summary.rows_affected == 0 {
            return Err(LiveError::HeldElsewhere);
        }
    }
    txn.commit().await?;
    Ok(Appended {
        game,
        sheet,
        added,
        refused: failure,
    })
}

/// What [`append`] did: the game, the sheet after it, how many lines it stored, and why it stopped
/// before the end of the lines sent (the lines before stay stored).
#[derive(Debug)]
pub struct Appended {
    /// The game as it was read (what a live event names: its teams and competition).
    pub game: game::Model,
    pub sheet: Sheet,
    pub added: usize,
    pub refused: Option<LiveError>,
}

/// The live score the public pages show, from the sheet's state.
pub fn live_score(sheet: &Sheet) -> LiveScore {
    let state = sheet.state();
    let (home, away) = state.score();
    LiveScore {
        lines: sheet.lines(),
        home,
        away,
        period: state.period,
        home_fouls: state.team_fouls.0,
        away_fouls: state.team_fouls.1,
        finished: state.finished,
    }
}

/// The sheet's row after its lines: their count and the live score, from the state after
/// them.
fn summarise(sheet: &Sheet, now: DateTime<Utc>) -> sea_orm::UpdateMany<live_sheet::Entity> {
    let state = sheet.state();
    let (home, away) = state.score();
    let number = |n: u32| Expr::value(n as i32);
    live_sheet::Entity::update_many()
        .col_expr(live_sheet::Column::Lines, number(sheet.lines()))
        .col_expr(live_sheet::Column::HomePoints, number(home))
        .col_expr(live_sheet::Column::AwayPoints, number(away))
        .col_expr(live_sheet::Column::Period, number(state.period.into()))
        .col_expr(
            live_sheet::Column::HomeFouls,
            number(state.team_fouls.0.into()),
        )
        .col_expr(
            live_sheet::Column::AwayFouls,
            number(state.team_fouls.1.into()),
        )
        .col_expr(live_sheet::Column::Finished, Expr::value(state.finished))
        .col_expr(live_sheet::Column::UpdatedAt, Expr::value(now))
}

/// The live score of every game whose sheet has started and changed `since`, by game (the
/// public pages show it until the result is in; a sheet left alone for hours is no longer
/// live).
pub async fn scores(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
) -> Result<HashMap<i32, LiveScore>, DbErr> {
    let narrow = |n: i32| u8::try_from(n).unwrap_or(u8::MAX);
    Ok(live_sheet::Entity::find()
        .filter(live_sheet::Column::Period.gt(0))
        .filter(live_sheet::Column::UpdatedAt.gte(since))
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            let score = LiveScore {
                lines: row.lines.max(0) as u32,
                home: row.home_points.max(0) as u32,
                away: row.away_points.max(0) as u32,
                period: narrow(row.period),
                home_fouls: narrow(row.home_fouls),
                away_fouls: narrow(row.away_fouls),
                finished: row.finished,
            };
            (row.game_id, score)
        })
        .collect())
}

/// The scorer's sheet page as `viewer` on `device` sees it; `None` when there is no such
/// game.
pub async fn page(
    db: &DatabaseConnection,
    names: &super::queries::NamesCache,
    game_id: i32,
    viewer: &Viewer,
    device: &str,
    now: DateTime<Utc>,
) -> Result<Option<SheetPage>, LiveError> {
    let lookup = super::queries::Lookup::load(db, names).await?;
    let (game, row) = match keeper(db, game_id, viewer).await {
        Err(LiveError::NotFound) => return Ok(None),
        found => found?,
    };
    let lines = stored_lines(db, game_id).await?;
    let sheet = sheet_of(&lines)?;
    let state = sheet.state();
    let teams: Vec<i32> = [game.home_team_id, game.away_team_id]
        .into_iter()
        .flatten()
        .collect();
    let mut rosters = super::box_score::rosters(db, &teams).await?;
    let mut team = |team: Option<i32>, side: Side| {
        let players = team
            .and_then(|team| rosters.remove(&team))
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let crate::domain::scoresheet::Tally { points, fouls, .. } =
                    state.player(side, p.id);
                SheetPlayer {
                    id: p.id,
                    number: p.number,
                    name: p.name,
                    points,
                    fouls,
                    out: state.fouled_out(side, p.id),
                }
            })
            .collect();
        let pick = |pair: (u8, u8)| match side {
            Side::Home => pair.0,
            Side::Away => pair.1,
        };
        let (home_points, away_points) = state.score();
        SheetTeam {
            name: team
                .and_then(|id| lookup.team_ref(id))
                .map(|t| t.name)
                .unwrap_or_default(),
            players,
            points: match side {
                Side::Home => home_points,
                Side::Away => away_points,
            },
            fouls: pick(state.team_fouls),
            timeouts_left: pick(state.timeouts_left),
        }
    };
    let (home, away) = (
        team(game.home_team_id, Side::Home),
        team(game.away_team_id, Side::Away),
    );
    let holds = row.as_ref().is_some_and(|row| held_by(row, viewer, device));
    let may_open = !holds
        && game.status == GameStatus::Scheduled
        && row.as_ref().is_none_or(|row| row.scorer_id == viewer.id);
    let scorer = match &row {
        Some(row) => app_user::Entity::find_by_id(row.scorer_id)
            .one(db)
            .await?
            .map(|user| user.display_name),
        None => None,
    };
    let scorers = if viewer.organises() {
        app_user::Entity::find()
            .filter(app_user::Column::Role.is_in([Role::Referee, Role::Organiser, Role::Admin]))
            .filter(app_user::Column::DisabledAt.is_null())
            .order_by_asc(app_user::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|user| Choice {
                id: user.id,
                name: user.display_name,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(SheetPage {
        game: lookup.game_card(&game, now),
        home,
        away,
        started: state.started,
        finished: state.finished,
        period: state.period,
        periods: state.periods.clone(),
        log: sheet.standing().iter().rev().copied().collect(),
        codes: lines.into_iter().map(|line| line.entry).collect(),
        next_line: sheet.lines() + 1,
        next_id: super::accounts::new_token().0,
        holds,
        may_open,
        scorer,
        decided: super::reports::is_decided(&game),
        scorers,
    }))
}

/// The scorer hands the finished sheet in: its score, quarter scores and box score become
/// the game's result — at once when the scorer is an organiser or a neutral referee (from
/// neither team's villager group), otherwise once a captain confirms it
/// ([`super::reports::submit_sheet`]). Handing in the same sheet again changes nothing.
pub async fn finish(
    db: &DatabaseConnection,
    game_id: i32,
    viewer: &Viewer,
    device: &str,
    now: DateTime<Utc>,
) -> Result<super::reports::Receipt, LiveError> {
    let (game, row) = keeper(db, game_id, viewer).await?;
    row.filter(|row| held_by(row, viewer, device))
        .ok_or(LiveError::HeldElsewhere)?;
    let sheet = stored_sheet(db, game_id).await?;
    let (input, box_score) = sheet.state().report().ok_or(LiveError::NotFinished)?;
    let report = super::reports::NewReport {
        game_id,
        input,
        box_score,
        expected_version: game.version,
        idempotency_key: format!("sheet-{game_id}-{}", sheet.lines()),
    };
    let stands = viewer.organises()
        || (assigned(db, game_id, viewer.id).await? && neutral(db, &game, viewer.id).await?);
    Ok(super::reports::submit_sheet(db, viewer, report, stands, now).await?)
}

/// Whether `user` is from a villager group other than both teams' (a neutral referee).
async fn neutral(db: &impl ConnectionTrait, game: &game::Model, user: i32) -> Result<bool, DbErr> {
    let Some(group) = app_user::Entity::find_by_id(user)
        .one(db)
        .await?
        .and_then(|user| user.villager_group_id)
    else {
        return Ok(false);
    };
    let teams = team::Entity::find()
        .filter(
            team::Column::Id.is_in([game.home_team_id, game.away_team_id].into_iter().flatten()),
        )
        .all(db)
        .await?;
    Ok(teams.iter().all(|team| team.villager_group_id != group))
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
