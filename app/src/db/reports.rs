//! Score reports: a captain reports, the other captain confirms or disputes, organisers
//! decide. A result counts in the tables only once it is confirmed (by the other captain,
//! by an organiser, or by nobody objecting before the auto-confirm deadline).
//!
//! Every change bumps the game's `version` with `UPDATE … WHERE version = expected` as the
//! transaction's first statement: of two captains submitting at the same moment one wins and
//! the other is told what is there now (no lost update, on SQLite and PostgreSQL alike).
//! Every report carries an idempotency key chosen by the phone, so a report sent twice (a
//! retry after the signal dropped) is stored once.
use crate::domain::score::ScoreInput;
use crate::domain::standings::Outcome as EngineOutcome;
use chrono::{DateTime, Utc};
use sea_orm::{
    prelude::*,
    sea_query::{Expr, ExprTrait},
    ActiveValue::Set,
    QueryOrder, TransactionTrait,
};
use serde::Serialize;

use super::entities::*;
use crate::i18n::Key;
use crate::model::{CompetitionStatus, GameStatus, Outcome, ReportStatus, Viewer};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Something the user can fix, in their words.
    #[error("{0:?}")]
    User(Key),
    /// The game changed since the form was loaded: show what is there now.
    #[error("the game changed since the form was loaded")]
    Conflict,
    #[error("not allowed")]
    Forbidden,
    #[error("no such game or report")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<Key> for ReportError {
    fn from(key: Key) -> Self {
        ReportError::User(key)
    }
}

/// What the server answers to a report, a confirmation or a dispute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Receipt {
    pub report_id: i32,
    pub status: ReportStatus,
    /// True when this exact report had already arrived (a resend).
    pub duplicate: bool,
}

pub struct NewReport {
    pub game_id: i32,
    pub input: ScoreInput,
    /// Players' points and fouls (optional), checked by [`check_box_score`].
    pub box_score: Vec<crate::domain::score::PlayerLine>,
    /// The game's version the form was rendered with.
    pub expected_version: i32,
    pub idempotency_key: String,
}

/// Checks the optional box score of a report against the two teams' rosters. `Ok(Err(_))`
/// carries the field errors; a game without both teams has no box score.
pub async fn check_box_score(
    db: &DatabaseConnection,
    game_id: i32,
    fields: &[(String, String)],
    input: &ScoreInput,
) -> Result<Result<Vec<crate::domain::score::PlayerLine>, Vec<crate::domain::score::BoxError>>, DbErr>
{
    let Some(game) = game::Entity::find_by_id(game_id).one(db).await? else {
        return Ok(Ok(Vec::new()));
    };
    let (Some(home), Some(away)) = (game.home_team_id, game.away_team_id) else {
        return Ok(Ok(Vec::new()));
    };
    let rosters = super::box_score::rosters(db, &[home, away]).await?;
    let ids = |team: i32| -> Vec<i32> {
        rosters
            .get(&team)
            .map(|players| players.iter().map(|p| p.id).collect())
            .unwrap_or_default()
    };
    Ok(crate::domain::score::parse_box(
        fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &ids(home),
        &ids(away),
        input,
    ))
}

fn model_outcome(outcome: EngineOutcome) -> Outcome {
    match outcome {
        EngineOutcome::Played => Outcome::Played,
        EngineOutcome::ForfeitByHome => Outcome::ForfeitByHome,
        EngineOutcome::ForfeitByAway => Outcome::ForfeitByAway,
        EngineOutcome::DefaultByHome => Outcome::DefaultByHome,
        EngineOutcome::DefaultByAway => Outcome::DefaultByAway,
    }
}

/// Who may report this game's score: its two captains and the organisers.
pub fn may_report(viewer: &Viewer, game: &game::Model) -> bool {
    viewer.organises() || viewer.captains(game.home_team_id) || viewer.captains(game.away_team_id)
}

/// Who may confirm or dispute a report: the captain of the other side (either captain for a
/// scorer's sheet, which no team reported), and organisers.
pub fn may_answer(viewer: &Viewer, game: &game::Model, report: &score_report::Model) -> bool {
    if viewer.organises() {
        return true;
    }
    let playing = viewer.captains(game.home_team_id) || viewer.captains(game.away_team_id);
    playing && viewer.team_id != report.team_id
}

pub fn is_decided(game: &game::Model) -> bool {
    matches!(game.status, GameStatus::Played | GameStatus::Forfeit)
}

/// The report waiting for an answer (pending or disputed), if any.
pub async fn open_report(
    db: &impl ConnectionTrait,
    game_id: i32,
) -> Result<Option<score_report::Model>, DbErr> {
    score_report::Entity::find()
        .filter(score_report::Column::GameId.eq(game_id))
        .filter(score_report::Column::Status.is_in([ReportStatus::Pending, ReportStatus::Disputed]))
        .order_by_desc(score_report::Column::Id)
        .one(db)
        .await
}

async fn find_game(db: &impl ConnectionTrait, game_id: i32) -> Result<game::Model, ReportError> {
    game::Entity::find_by_id(game_id)
        .one(db)
        .await?
        .ok_or(ReportError::NotFound)
}

/// Whether the game's competition has been published (a draft's games are not played yet).
async fn published(db: &impl ConnectionTrait, game: &game::Model) -> Result<bool, DbErr> {
    Ok(competition::Entity::find_by_id(game.competition_id)
        .one(db)
        .await?
        .is_some_and(|competition| competition.status != CompetitionStatus::Draft))
}

/// Bumps the game's version if it is still `expected`: the first write of every change.
async fn claim(
    txn: &impl ConnectionTrait,
    game_id: i32,
    expected: i32,
    now: DateTime<Utc>,
) -> Result<(), ReportError> {
    let changed = game::Entity::update_many()
        .col_expr(
            game::Column::Version,
            Expr::col(game::Column::Version).add(1),
        )
        .col_expr(game::Column::UpdatedAt, Expr::value(now))
        .filter(game::Column::Id.eq(game_id))
        .filter(game::Column::Version.eq(expected))
        .exec(txn)
        .await?
        .rows_affected;
    if changed == 1 {
        Ok(())
    } else {
        Err(ReportError::Conflict)
    }
}

/// One line of the audit log about a game.
async fn audit(
    txn: &impl ConnectionTrait,
    actor: &str,
    game_id: i32,
    action: &str,
    before: Option<String>,
    after: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_entry(txn, actor, "game", game_id, action, before, after, now).await
}

/// One line of the audit log: who changed which `entity` (`game`, `camp`, …), before → after.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn audit_entry(
    txn: &impl ConnectionTrait,
    actor: &str,
    entity: &str,
    entity_id: i32,
    action: &str,
    before: Option<String>,
    after: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(now),
        actor: Set(actor.to_owned()),
        entity: Set(entity.to_owned()),
        entity_id: Set(entity_id),
        action: Set(action.to_owned()),
        before: Set(before),
        after: Set(after),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// How the audit log names who did something.
pub fn actor(viewer: &Viewer) -> String {
    format!("{}#{} ({})", viewer.name, viewer.id, viewer.role.as_str())
}

/// The game's result in one line for the audit log.
fn result_line(game: &game::Model) -> Option<String> {
    is_decided(game).then(|| {
        format!(
            "{}:{} {} {} {}",
            game.home_score.unwrap_or_default(),
            game.away_score.unwrap_or_default(),
            game.outcome.map(Outcome::as_str).unwrap_or("played"),
            game.period_scores.as_deref().unwrap_or(""),
            game.box_score.as_deref().unwrap_or("")
        )
        .trim_end()
        .to_owned()
    })
}

fn report_line(report: &score_report::Model) -> String {
    format!(
        "report #{} {}:{} {} {} {} [{}]",
        report.id,
        report.home_score,
        report.away_score,
        report.outcome.as_str(),
        report.period_scores.as_deref().unwrap_or(""),
        report.box_score.as_deref().unwrap_or(""),
        report.status.as_str()
    )
}

/// A report sent again (the same idempotency key): the same answer, nothing stored twice.
async fn resent(
    db: &DatabaseConnection,
    viewer: &Viewer,
    report: &NewReport,
) -> Result<Option<Receipt>, ReportError> {
    let key = report.idempotency_key.trim();
    if key.is_empty() || key.len() > 64 {
        return Err(Key::FormExpired.into());
    }
    let Some(existing) = score_report::Entity::find()
        .filter(score_report::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if existing.reported_by == viewer.id && existing.game_id == report.game_id {
        return Ok(Some(Receipt {
            report_id: existing.id,
            status: existing.status,
            duplicate: true,
        }));
    }
    Err(Key::FormExpired.into())
}

/// A game whose result may be reported now: published, both teams known, neither
/// cancelled nor postponed, and started.
async fn check_reportable(
    db: &DatabaseConnection,
    game: &game::Model,
    now: DateTime<Utc>,
) -> Result<(), ReportError> {
    if !published(db, game).await? {
        // A draft's games may still be made again: nobody reports on them.
        return Err(Key::GameNotPublished.into());
    }
    if game.home_team_id.is_none() || game.away_team_id.is_none() {
        return Err(Key::TeamsNotKnown.into());
    }
    match game.status {
        GameStatus::Cancelled => return Err(Key::GameWasCancelled.into()),
        GameStatus::Postponed => return Err(Key::GameWasPostponed.into()),
        _ => {}
    }
    if game.starts_at > now {
        return Err(Key::GameNotStarted.into());
    }
    Ok(())
}

/// A captain's (or organiser's) score report. An organiser's report is the result at once;
/// a captain's waits for the other side.
pub async fn submit(
    db: &DatabaseConnection,
    viewer: &Viewer,
    report: NewReport,
    now: DateTime<Utc>,
) -> Result<Receipt, ReportError> {
    if let Some(receipt) = resent(db, viewer, &report).await? {
        return Ok(receipt);
    }
    let game = find_game(db, report.game_id).await?;
    if !may_report(viewer, &game) {
        return Err(ReportError::Forbidden);
    }
    check_reportable(db, &game, now).await?;
    let organiser = viewer.organises();
    if !organiser {
        // Once a result stands (or is disputed), only an organiser changes it.
        if is_decided(&game) {
            return Err(Key::ResultAlreadyConfirmed.into());
        }
        if let Some(open) = open_report(db, game.id).await? {
            if open.status == ReportStatus::Disputed || open.team_id != viewer.team_id {
                return Err(ReportError::Conflict);
            }
        }
    }
    record(db, viewer, &game, report, organiser, now).await
}

/// The result of a scorer's sheet. Kept by a neutral table (`stands`: an organiser, or a
/// referee from neither team's villager group) it stands at once, as the scoresheet the
/// referees sign does in FIBA's rules; a captain who disagrees asks the organisers, who
/// alone correct a result that stands. Kept by anybody else it waits, like a captain's
/// report, for either captain to confirm it (or for nobody to object in time).
pub async fn submit_sheet(
    db: &DatabaseConnection,
    scorer: &Viewer,
    report: NewReport,
    stands: bool,
    now: DateTime<Utc>,
) -> Result<Receipt, ReportError> {
    if let Some(receipt) = resent(db, scorer, &report).await? {
        return Ok(receipt);
    }
    let game = find_game(db, report.game_id).await?;
    check_reportable(db, &game, now).await?;
    if is_decided(&game) {
        return Err(Key::ResultAlreadyConfirmed.into());
    }
    record(db, scorer, &game, report, stands, now).await
}

/// Stores a report, replacing any open one: `confirmed`, it is the result at once.
async fn record(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game: &game::Model,
    report: NewReport,
    confirmed: bool,
    now: DateTime<Utc>,
) -> Result<Receipt, ReportError> {
    let key = report.idempotency_key.trim();
    let input = &report.input;
    let periods = (!input.periods.is_empty())
        .then(|| serde_json::to_string(&input.periods).expect("numbers serialise"));
    let status = if confirmed {
        ReportStatus::Confirmed
    } else {
        ReportStatus::Pending
    };
    let txn = db.begin().await?;
    claim(&txn, game.id, report.expected_version, now).await?;
    // An earlier open report of this game is replaced by this one.
    score_report::Entity::update_many()
        .col_expr(
            score_report::Column::Status,
            Expr::value(ReportStatus::Superseded),
        )
        .col_expr(score_report::Column::ResolvedAt, Expr::value(now))
        .col_expr(score_report::Column::ResolvedBy, Expr::value(viewer.id))
        .filter(score_report::Column::GameId.eq(game.id))
        .filter(score_report::Column::Status.is_in([ReportStatus::Pending, ReportStatus::Disputed]))
        .exec(&txn)
        .await?;
    let saved = score_report::ActiveModel {
        game_id: Set(game.id),
        reported_by: Set(viewer.id),
        team_id: Set(if confirmed { None } else { viewer.team_id }),
        home_score: Set(input.home as i32),
        away_score: Set(input.away as i32),
        period_scores: Set(periods),
        box_score: Set(super::box_score::encode(&report.box_score)),
        outcome: Set(model_outcome(input.outcome)),
        status: Set(status),
        comment: Set(None),
        idempotency_key: Set(key.to_owned()),
        created_at: Set(now),
        resolved_at: Set(confirmed.then_some(now)),
        resolved_by: Set(confirmed.then_some(viewer.id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit(
        &txn,
        &actor(viewer),
        game.id,
        "score.reported",
        None,
        Some(report_line(&saved)),
        now,
    )
    .await?;
    if confirmed {
        apply(&txn, game, &saved, &actor(viewer), now).await?;
    }
    txn.commit().await?;
    Ok(Receipt {
        report_id: saved.id,
        status,
        duplicate: false,
    })
}

/// Writes a confirmed report into the game: from now on the tables count it.
async fn apply(
    txn: &impl ConnectionTrait,
    before: &game::Model,
    report: &score_report::Model,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let forfeit = matches!(
        report.outcome,
        Outcome::ForfeitByHome | Outcome::ForfeitByAway
    );
    let (home, away) = match report.outcome {
        Outcome::ForfeitByAway => (20, 0),
        Outcome::ForfeitByHome => (0, 20),
        _ => (report.home_score, report.away_score),
    };
    let mut game: game::ActiveModel = before.clone().into();
    game.status = Set(if forfeit {
        GameStatus::Forfeit
    } else {
        GameStatus::Played
    });
    game.home_score = Set(Some(home));
    game.away_score = Set(Some(away));
    game.period_scores = Set(report.period_scores.clone());
    game.box_score = Set(report.box_score.clone());
    game.outcome = Set(Some(report.outcome));
    game.updated_at = Set(now);
    // `version` was bumped by `claim` in this transaction; leave it alone.
    game.version = sea_orm::ActiveValue::NotSet;
    let after = game.update(txn).await?;
    audit(
        txn,
        actor,
        before.id,
        "result.set",
        result_line(before),
        result_line(&after),
        now,
    )
    .await?;
    // Winners move on; the last result closes the competition.
    super::honours::settle(txn, before.competition_id, actor, now).await
}

pub enum Answer {
    Confirm,
    Dispute { comment: String },
}

/// The other captain's (or an organiser's) answer to an open report.
pub async fn answer(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game_id: i32,
    report_id: i32,
    expected_version: i32,
    answer: Answer,
    now: DateTime<Utc>,
) -> Result<Receipt, ReportError> {
    let game = find_game(db, game_id).await?;
    let report = score_report::Entity::find_by_id(report_id)
        .one(db)
        .await?
        .filter(|report| report.game_id == game.id)
        .ok_or(ReportError::NotFound)?;
    if !may_answer(viewer, &game, &report) {
        return Err(ReportError::Forbidden);
    }
    let open = match report.status {
        ReportStatus::Pending => true,
        // Only an organiser settles a dispute.
        ReportStatus::Disputed => viewer.organises(),
        _ => false,
    };
    if !open {
        return Err(ReportError::Conflict);
    }
    let (status, comment) = match answer {
        Answer::Confirm => (ReportStatus::Confirmed, None),
        Answer::Dispute { comment } => {
            let comment = comment.trim().to_owned();
            if comment.is_empty() {
                return Err(Key::CommentMissing.into());
            }
            if comment.chars().count() > 500 {
                return Err(Key::CommentTooLong.into());
            }
            (ReportStatus::Disputed, Some(comment))
        }
    };
    let txn = db.begin().await?;
    claim(&txn, game.id, expected_version, now).await?;
    let before = report_line(&report);
    // Only while the report is still as it was read: a new report may have superseded it
    // (or someone answered it) since.
    let mut update = score_report::Entity::update_many()
        .col_expr(score_report::Column::Status, Expr::value(status))
        .col_expr(score_report::Column::ResolvedAt, Expr::value(now))
        .col_expr(score_report::Column::ResolvedBy, Expr::value(viewer.id));
    if let Some(comment) = comment {
        update = update.col_expr(score_report::Column::Comment, Expr::value(comment));
    }
    let still_open = update
        .filter(score_report::Column::Id.eq(report.id))
        .filter(score_report::Column::Status.eq(report.status))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !still_open {
        txn.rollback().await?;
        return Err(ReportError::Conflict);
    }
    let changed = score_report::Entity::find_by_id(report.id)
        .one(&txn)
        .await?
        .ok_or(ReportError::NotFound)?;
    let action = if status == ReportStatus::Confirmed {
        "score.confirmed"
    } else {
        "score.disputed"
    };
    audit(
        &txn,
        &actor(viewer),
        game.id,
        action,
        Some(before),
        Some(report_line(&changed)),
        now,
    )
    .await?;
    if status == ReportStatus::Confirmed {
        apply(&txn, &game, &changed, &actor(viewer), now).await?;
    }
    txn.commit().await?;
    Ok(Receipt {
        report_id: changed.id,
        status,
        duplicate: false,
    })
}

/// Confirms every report still pending after `after`: nobody objected in time. Returns the
/// games whose result now stands. Safe to run on several instances at once (each game's
/// version claim lets only one of them through).
pub async fn auto_confirm(
    db: &DatabaseConnection,
    after: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<Vec<game::Model>, DbErr> {
    let due = score_report::Entity::find()
        .filter(score_report::Column::Status.eq(ReportStatus::Pending))
        .filter(score_report::Column::CreatedAt.lte(now - after))
        .all(db)
        .await?;
    let mut confirmed = Vec::new();
    for report in due {
        let Some(game) = game::Entity::find_by_id(report.game_id).one(db).await? else {
            continue;
        };
        let txn = db.begin().await?;
        match claim(&txn, game.id, game.version, now).await {
            Ok(()) => {}
            Err(ReportError::Db(error)) => return Err(error),
            Err(_) => continue,
        }
        let still_pending = score_report::Entity::update_many()
            .col_expr(
                score_report::Column::Status,
                Expr::value(ReportStatus::Confirmed),
            )
            .col_expr(score_report::Column::ResolvedAt, Expr::value(now))
            .filter(score_report::Column::Id.eq(report.id))
            .filter(score_report::Column::Status.eq(ReportStatus::Pending))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !still_pending {
            txn.rollback().await?;
            continue;
        }
        let hours = after.num_hours();
        let actor = format!("auto-confirm ({hours} h)");
        audit(
            &txn,
            &actor,
            game.id,
            "score.confirmed",
            Some(report_line(&report)),
            None,
            now,
        )
        .await?;
        let mut report = report;
        report.status = ReportStatus::Confirmed;
        apply(&txn, &game, &report, &actor, now).await?;
        txn.commit().await?;
        if let Some(game) = game::Entity::find_by_id(game.id).one(db).await? {
            confirmed.push(game);
        }
    }
    Ok(confirmed)
}

async fn open_view(
    db: &DatabaseConnection,
    lookup: &super::queries::Lookup,
    report: &score_report::Model,
) -> Result<crate::model::OpenReport, DbErr> {
    let box_score =
        super::box_score::views(db, &super::box_score::decode(report.box_score.as_deref())).await?;
    Ok(crate::model::OpenReport {
        id: report.id,
        by: report
            .team_id
            .and_then(|team| lookup.team_ref(team))
            .map(|team| team.name)
            .unwrap_or_default(),
        home: report.home_score,
        away: report.away_score,
        periods: report
            .period_scores
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default(),
        box_score,
        outcome: report.outcome,
        status: report.status,
        comment: report.comment.clone(),
    })
}

/// The open report of a published game, for its public page (provisional score).
pub async fn public_open_report(
    db: &DatabaseConnection,
    names: &super::queries::NamesCache,
    game_id: i32,
) -> Result<Option<crate::model::OpenReport>, DbErr> {
    let lookup = super::queries::Lookup::load(db, names).await?;
    let published = game::Entity::find_by_id(game_id)
        .one(db)
        .await?
        .is_some_and(|game| lookup.is_published(game.competition_id));
    if !published {
        return Ok(None);
    }
    let Some(report) = open_report(db, game_id).await? else {
        return Ok(None);
    };
    Ok(Some(open_view(db, &lookup, &report).await?))
}

/// What the score form shows this viewer for this game.
pub async fn report_state(
    db: &DatabaseConnection,
    names: &super::queries::NamesCache,
    viewer: &Viewer,
    game_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<crate::model::ReportState>, DbErr> {
    let lookup = super::queries::Lookup::load(db, names).await?;
    let Some(game) = game::Entity::find_by_id(game_id).one(db).await? else {
        return Ok(None);
    };
    if !lookup.is_published(game.competition_id) && !viewer.organises() {
        return Ok(None);
    }
    let open = open_report(db, game.id).await?;
    let organiser = viewer.organises();
    let blocked = if !may_report(viewer, &game) {
        Some(Key::NotAllowed)
    } else if !lookup.is_published(game.competition_id) {
        Some(Key::GameNotPublished)
    } else if game.home_team_id.is_none() || game.away_team_id.is_none() {
        Some(Key::TeamsNotKnown)
    } else if game.status == GameStatus::Cancelled {
        Some(Key::GameWasCancelled)
    } else if game.status == GameStatus::Postponed {
        Some(Key::GameWasPostponed)
    } else if game.starts_at > now {
        Some(Key::GameNotStarted)
    } else if is_decided(&game) && !organiser {
        Some(Key::ResultAlreadyConfirmed)
    } else {
        None
    };
    let own_open = open
        .as_ref()
        .is_some_and(|open| open.status == ReportStatus::Pending && open.team_id == viewer.team_id);
    let may_report = blocked.is_none() && (organiser || open.is_none() || own_open);
    let may_answer = open.as_ref().is_some_and(|open| {
        may_answer(viewer, &game, open) && (open.status == ReportStatus::Pending || organiser)
    });
    let open = match &open {
        Some(report) => Some(open_view(db, &lookup, report).await?),
        None => None,
    };
    let teams: Vec<i32> = [game.home_team_id, game.away_team_id]
        .into_iter()
        .flatten()
        .collect();
    let mut rosters = super::box_score::rosters(db, &teams).await?;
    let mut roster = |team: Option<i32>| {
        team.and_then(|team| rosters.remove(&team))
            .unwrap_or_default()
    };
    Ok(Some(crate::model::ReportState {
        game: lookup.game_card(&game, now),
        version: game.version,
        home_roster: roster(game.home_team_id),
        away_roster: roster(game.away_team_id),
        open,
        may_report,
        may_answer,
        blocked: blocked.map(Key::code),
        key: super::accounts::new_token().0,
        organiser,
    }))
}

/// Both teams known and the game still to be played.
fn playable(game: &game::Model) -> bool {
    game.home_team_id.is_some()
        && game.away_team_id.is_some()
        && matches!(game.status, GameStatus::Scheduled)
}

/// What a game asks of `viewer`, given its open (pending or disputed) report: the one rule
/// behind 我的's list and the count beside 我的 ([`super::todo`]).
pub fn todo_of(
    viewer: &Viewer,
    game: &game::Model,
    open: Option<&score_report::Model>,
    now: DateTime<Utc>,
) -> Option<crate::model::Todo> {
    use crate::model::Todo;
    match open {
        Some(report) if report.status == ReportStatus::Disputed => Some(Todo::Disputed),
        Some(report) if may_answer(viewer, game, report) => Some(Todo::Answer),
        Some(_) => Some(Todo::Waiting),
        // Organisers see missing results of the last fortnight, captains all of theirs.
        None if playable(game)
            && game.starts_at <= now
            && (!viewer.organises() || game.starts_at > now - chrono::Duration::days(14)) =>
        {
            Some(Todo::Report)
        }
        None => None,
    }
}

/// The signed-in user's page: what to report or answer, what comes next, and for organisers
/// the latest changes.
pub async fn me_page(
    db: &DatabaseConnection,
    names: &super::queries::NamesCache,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> Result<crate::model::MeData, DbErr> {
    use crate::model::TodoGame;
    let lookup = super::queries::Lookup::load(db, names).await?;
    let organiser = viewer.organises();
    let mut games = game::Entity::find().order_by_asc(game::Column::StartsAt);
    if !organiser {
        let team = viewer.team_id.unwrap_or(0);
        games = games.filter(
            sea_orm::Condition::any()
                .add(game::Column::HomeTeamId.eq(team))
                .add(game::Column::AwayTeamId.eq(team)),
        );
    }
    let games = games.all(db).await?;
    let open: std::collections::HashMap<i32, score_report::Model> = score_report::Entity::find()
        .filter(score_report::Column::Status.is_in([ReportStatus::Pending, ReportStatus::Disputed]))
        .all(db)
        .await?
        .into_iter()
        .map(|report| (report.game_id, report))
        .collect();
    let mut todo = Vec::new();
    let mut upcoming = Vec::new();
    for game in &games {
        if !lookup.is_published(game.competition_id) && !organiser {
            continue;
        }
        let item = todo_of(viewer, game, open.get(&game.id), now);
        if let Some(todo_kind) = item {
            todo.push(TodoGame {
                game: lookup.game_card(game, now),
                todo: todo_kind,
            });
        } else if game.starts_at > now && upcoming.len() < 5 && playable(game) {
            upcoming.push(lookup.game_card(game, now));
        }
    }
    let audit = if organiser {
        super::hub::audit(db, 30).await?
    } else {
        Vec::new()
    };
    let counts = super::todo::counts(db, viewer, now).await?;
    let refereeing = super::todo::refereeing(db, viewer, now)
        .await?
        .iter()
        .map(|game| lookup.game_card(game, now))
        .collect();
    Ok(crate::model::MeData {
        viewer: viewer.clone(),
        tasks: counts.tasks(),
        refereeing,
        team: viewer
            .team_id
            .and_then(|team| lookup.team_ref(team))
            .map(|team| team.name),
        todo,
        upcoming,
        audit,
    })
}
