//! Changes to a published schedule, as the organiser makes them: move a game, postpone it
//! (and pick one of the suggested slots), assign referees; and what the notice board and the
//! spreadsheet get: games per court or per week, the schedule as CSV.
//!
//! The rules live in [`crate::domain::schedule::change`]; this module loads the calendar
//! they are checked against, writes the change (the game's version bumped, the audit log) and
//! leaves the announcement to [`super::community::game_changed`] and the live hub.
use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Asia::Shanghai;
use sea_orm::{prelude::*, QueryOrder, Set, TransactionTrait};

use super::entities::*;
use super::reports::{actor, audit_entry};
use crate::domain::schedule::change::{
    self as rules, Booked, Calendar, Closure, Conflict, CourtInfo, Neutrality, OpenWindow,
    Postponed, Proposal, RefereeInfo,
};
use crate::model::*;

/// Full days a team rests between two games unless the competition says otherwise.
pub const DEFAULT_MIN_REST_DAYS: u32 = 1;
/// How far ahead suggestions look for a postponed game.
pub const SUGGESTION_DAYS: i64 = 42;

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Someone changed the game meanwhile (the form's version is old).
    #[error("changed meanwhile")]
    Stale,
    /// The game cannot change that way (already played, already postponed).
    #[error("not possible in this state")]
    WrongState,
    /// Bad or clashing input, each problem typed (worded by the page, in its language).
    #[error("refused: {0:?}")]
    Refused(Vec<Problem>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A field error: which field, a code, and what it is about.
pub type Problem = ChangeProblem;

pub fn local_date_time(at: DateTime<Utc>) -> (NaiveDate, NaiveTime) {
    let local = at.with_timezone(&Shanghai);
    (local.date_naive(), local.time())
}

pub fn utc_of(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    Shanghai
        .from_local_datetime(&date.and_time(time))
        .single()
        .expect("Shanghai has no DST")
        .with_timezone(&Utc)
}

fn weekday_of(iso: i16) -> Option<Weekday> {
    match iso {
        1 => Some(Weekday::Mon),
        2 => Some(Weekday::Tue),
        3 => Some(Weekday::Wed),
        4 => Some(Weekday::Thu),
        5 => Some(Weekday::Fri),
        6 => Some(Weekday::Sat),
        7 => Some(Weekday::Sun),
        _ => None,
    }
}

/// Names of teams and courts, to say what a conflict is about.
#[derive(Default)]
pub struct Names {
    pub teams: HashMap<i32, String>,
    pub courts: HashMap<i32, String>,
    pub groups: HashMap<i32, String>,
    team_groups: HashMap<i32, i32>,
    team_courts: HashMap<i32, Option<i32>>,
    competitions: HashMap<i32, competition::Model>,
}

impl Names {
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        let mut names = Names::default();
        for team in team::Entity::find().all(db).await? {
            names.team_groups.insert(team.id, team.villager_group_id);
            names.team_courts.insert(team.id, team.home_court_id);
            names.teams.insert(team.id, team.name);
        }
        for court in court::Entity::find().all(db).await? {
            names.courts.insert(court.id, court.name);
        }
        for group in villager_group::Entity::find().all(db).await? {
            names.groups.insert(group.id, group.name);
        }
        for competition in competition::Entity::find().all(db).await? {
            names.competitions.insert(competition.id, competition);
        }
        Ok(names)
    }

    fn team(&self, id: i32) -> String {
        self.teams.get(&id).cloned().unwrap_or_else(|| "?".into())
    }

    /// A team's name, or where an undecided side comes from; empty when neither is known
    /// (the page says 待定 / TBD in its language).
    pub fn side(&self, id: Option<i32>, source: &Option<String>) -> String {
        id.map(|id| self.team(id))
            .or_else(|| source.clone())
            .unwrap_or_default()
    }

    pub fn court(&self, id: Option<i32>) -> String {
        id.and_then(|id| self.courts.get(&id).cloned())
            .unwrap_or_else(|| "待定".into())
    }

    pub fn competition(&self, id: i32) -> String {
        self.competitions
            .get(&id)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }

    fn published(&self, competition_id: i32) -> bool {
        self.competitions
            .get(&competition_id)
            .is_some_and(|c| c.status != CompetitionStatus::Draft)
    }
}

/// A conflict as the organiser reads it: teams by name, times as `HH:MM`.
pub fn describe(conflict: &Conflict, names: &Names) -> Problem {
    let hhmm = |time: &NaiveTime| time.format("%H:%M").to_string();
    match conflict {
        Conflict::UnknownCourt => Problem::UnknownCourt,
        Conflict::CourtClosedWeekday { weekday } => Problem::CourtClosedWeekday {
            weekday: weekday.number_from_monday() as i16,
        },
        Conflict::OutsideCourtHours { starts, ends } => Problem::OutsideCourtHours {
            starts: hhmm(starts),
            ends: hhmm(ends),
        },
        Conflict::CourtBlackout { reason } => Problem::CourtBlackout {
            reason: reason.clone(),
        },
        Conflict::AssociationBlackout { reason } => Problem::AssociationBlackout {
            reason: reason.clone(),
        },
        Conflict::CourtFull { games } => Problem::CourtFull { games: *games },
        Conflict::CourtTaken { time, .. } => Problem::CourtTaken { time: hhmm(time) },
        Conflict::TeamPlaysThatDay { team, .. } => Problem::TeamPlaysThatDay {
            team: names.team(*team),
        },
        Conflict::TeamRestTooShort {
            team,
            rest_days,
            min_rest_days,
            ..
        } => Problem::TeamRestTooShort {
            team: names.team(*team),
            rest_days: *rest_days,
            min_rest_days: *min_rest_days,
        },
        Conflict::TeamBlackout { team, reason } => Problem::TeamBlackout {
            team: names.team(*team),
            reason: reason.clone(),
        },
    }
}

/// A festival cup's teams play up to this many games a day (its form allows at most 4 rounds;
/// three is what villages play), a league's one, with the rest the association asks for.
const CUP_GAMES_PER_TEAM_PER_DAY: u32 = 3;

/// The calendar a change of `game` is checked against: every court, the blackouts, and the
/// other games of published competitions that still take place; a cup's game follows the
/// cup's rhythm (several games a day, never two at once), a league's the league's rest.
pub async fn calendar_for(
    db: &impl ConnectionTrait,
    names: &Names,
    game_id: i32,
) -> Result<Calendar, DbErr> {
    let competition = match game::Entity::find_by_id(game_id).one(db).await? {
        Some(game) => names.competitions.get(&game.competition_id),
        None => None,
    };
    let cup = competition.is_some_and(|c| c.kind == CompetitionKind::Cup);
    let mut calendar = calendar(db, names, game_id, None).await?;
    if cup {
        calendar.min_rest_days = 0;
        calendar.games_per_team_per_day = CUP_GAMES_PER_TEAM_PER_DAY;
    }
    Ok(calendar)
}

/// Every court, the blackouts and the games that take place (all but `leave_out`): those of
/// published competitions and of the `draft` being laid out, if any. A league's rhythm.
pub async fn calendar(
    db: &impl ConnectionTrait,
    names: &Names,
    leave_out: i32,
    draft: Option<i32>,
) -> Result<Calendar, DbErr> {
    let windows = court_availability::Entity::find().all(db).await?;
    let blackouts = blackout::Entity::find().all(db).await?;
    let courts = court::Entity::find()
        .order_by_asc(court::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|court| CourtInfo {
            id: court.id,
            name: court.name.clone(),
            windows: windows
                .iter()
                .filter(|w| w.court_id == court.id)
                .filter_map(|w| {
                    Some(OpenWindow {
                        weekday: weekday_of(w.weekday)?,
                        starts: w.starts_at,
                        ends: w.ends_at,
                    })
                })
                .collect(),
            games_per_evening: court.games_per_evening.max(0) as u32,
            blackouts: blackouts
                .iter()
                .filter(|b| b.court_id == Some(court.id))
                .map(|b| Closure {
                    date: b.on_date,
                    reason: b.reason.clone(),
                })
                .collect(),
        })
        .collect();
    let games = game::Entity::find()
        .filter(game::Column::Id.ne(leave_out))
        .filter(game::Column::Status.is_not_in([GameStatus::Postponed, GameStatus::Cancelled]))
        .all(db)
        .await?
        .into_iter()
        .filter(|g| names.published(g.competition_id) || Some(g.competition_id) == draft)
        .map(|g| {
            let (date, time) = local_date_time(g.starts_at);
            Booked {
                game_id: g.id,
                home: g.home_team_id,
                away: g.away_team_id,
                court: g.court_id,
                date,
                time,
            }
        })
        .collect();
    Ok(Calendar {
        courts,
        blackouts: blackouts
            .iter()
            .filter(|b| b.court_id.is_none())
            .map(|b| Closure {
                date: b.on_date,
                reason: b.reason.clone(),
            })
            .collect(),
        team_blackouts: team_blackout::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|b| {
                (
                    b.team_id,
                    Closure {
                        date: b.on_date,
                        reason: b.reason,
                    },
                )
            })
            .collect(),
        games,
        min_rest_days: DEFAULT_MIN_REST_DAYS,
        games_per_team_per_day: 1,
    })
}

/// A game as the change screens show it.
#[derive(Debug, Clone)]
pub struct GameFacts {
    pub game: game::Model,
    pub competition: String,
    pub home: String,
    pub away: String,
    pub court: String,
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub home_court: Option<i32>,
    pub referee: Option<(i32, String)>,
}

impl GameFacts {
    /// As the change pages show it.
    pub fn view(&self) -> ChangeGame {
        ChangeGame {
            id: self.game.id,
            version: self.game.version,
            competition: self.competition.clone(),
            home: self.home.clone(),
            away: self.away.clone(),
            date: self.date,
            time: self.time.format("%H:%M").to_string(),
            court: self.game.court_id.map(|_| self.court.clone()),
            court_id: self.game.court_id,
            status: self.game.status,
            referee: self.referee.as_ref().map(|(_, name)| name.clone()),
        }
    }
}

pub async fn game_facts(
    db: &impl ConnectionTrait,
    names: &Names,
    game_id: i32,
) -> Result<Option<GameFacts>, DbErr> {
    let Some(game) = game::Entity::find_by_id(game_id).one(db).await? else {
        return Ok(None);
    };
    let referee = match game_referee::Entity::find()
        .filter(game_referee::Column::GameId.eq(game_id))
        .one(db)
        .await?
    {
        Some(assigned) => app_user::Entity::find_by_id(assigned.user_id)
            .one(db)
            .await?
            .map(|u| (u.id, u.display_name)),
        None => None,
    };
    let (date, time) = local_date_time(game.starts_at);
    Ok(Some(GameFacts {
        competition: names.competition(game.competition_id),
        home: names.side(game.home_team_id, &game.home_source),
        away: names.side(game.away_team_id, &game.away_source),
        court: names.court(game.court_id),
        date,
        time,
        home_court: game
            .home_team_id
            .and_then(|t| names.team_courts.get(&t).copied().flatten()),
        referee,
        game,
    }))
}

/// The courts to choose from, by id.
pub async fn courts(db: &impl ConnectionTrait) -> Result<Vec<(i32, String)>, DbErr> {
    Ok(court::Entity::find()
        .order_by_asc(court::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}

/// A proposed move as typed: date `YYYY-MM-DD`, time `HH:MM`, a court id.
#[derive(Debug, Clone, Default)]
pub struct MoveInput {
    pub date: String,
    pub time: String,
    pub court: String,
}

/// Parses the form; bad fields come back as problems.
pub fn parse_move(
    input: &MoveInput,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveTime, i32), Vec<Problem>> {
    let mut problems = Vec::new();
    let date = NaiveDate::parse_from_str(input.date.trim(), "%Y-%m-%d").ok();
    match date {
        None => problems.push(Problem::DateInvalid),
        Some(date) if date < today => problems.push(Problem::DatePast),
        Some(_) => {}
    }
    let time = NaiveTime::parse_from_str(input.time.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(input.time.trim(), "%H:%M:%S"))
        .ok();
    if time.is_none() {
        problems.push(Problem::TimeInvalid);
    }
    let court = input.court.trim().parse::<i32>().ok();
    if court.is_none() {
        problems.push(Problem::CourtMissing);
    }
    match (date, time, court) {
        (Some(date), Some(time), Some(court)) if problems.is_empty() => Ok((date, time, court)),
        _ => Err(problems),
    }
}

/// The conflicts of moving `game_id` to (date, time, court): empty when it may be saved.
pub async fn check_move(
    db: &impl ConnectionTrait,
    game_id: i32,
    date: NaiveDate,
    time: NaiveTime,
    court: i32,
) -> Result<Vec<Problem>, ChangeError> {
    let names = Names::load(db).await?;
    let facts = game_facts(db, &names, game_id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let calendar = calendar_for(db, &names, game_id).await?;
    let proposal = Proposal {
        game_id,
        home: facts.game.home_team_id,
        away: facts.game.away_team_id,
        court,
        date,
        time,
    };
    Ok(rules::check_move(&calendar, &proposal)
        .iter()
        .map(|c| describe(c, &names))
        .collect())
}

fn movable(status: GameStatus) -> bool {
    matches!(status, GameStatus::Scheduled | GameStatus::Postponed)
}

fn slot_line(names: &Names, game: &game::Model) -> String {
    let (date, time) = local_date_time(game.starts_at);
    format!(
        "{} {} {} {}",
        date,
        time.format("%H:%M"),
        names.court(game.court_id),
        game.status.as_str()
    )
}

/// Bumps the game's version only if it is still the one read, as the transaction's first
/// write: of two changes made from the same version, the second is told the game changed
/// meanwhile (on PostgreSQL both read the old version, and a plain write of
/// `version = read + 1` let both through).
async fn claim_version(
    txn: &impl ConnectionTrait,
    game: &game::Model,
    now: DateTime<Utc>,
) -> Result<(), ChangeError> {
    let claimed = game::Entity::update_many()
        .col_expr(
            game::Column::Version,
            sea_orm::sea_query::Expr::value(game.version + 1),
        )
        .col_expr(
            game::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(game::Column::Id.eq(game.id))
        .filter(game::Column::Version.eq(game.version))
        .exec(txn)
        .await?
        .rows_affected;
    if claimed == 1 {
        Ok(())
    } else {
        Err(ChangeError::Stale)
    }
}

/// Moves a game (scheduled or postponed) to a new date, time and court, if nothing clashes.
/// A postponed game is scheduled again. Returns the game as stored now; the caller announces
/// it ([`super::community::game_changed`]) and tells the live hub.
#[allow(clippy::too_many_arguments)]
pub async fn move_game(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game_id: i32,
    version: Option<i32>,
    input: &MoveInput,
    now: DateTime<Utc>,
) -> Result<game::Model, ChangeError> {
    if !viewer.organises() {
        return Err(ChangeError::Forbidden);
    }
    let today = local_date_time(now).0;
    let (date, time, court) = parse_move(input, today).map_err(ChangeError::Refused)?;
    let txn = db.begin().await?;
    let names = Names::load(&txn).await?;
    let game = game::Entity::find_by_id(game_id)
        .one(&txn)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if version.is_some_and(|v| v != game.version) {
        return Err(ChangeError::Stale);
    }
    claim_version(&txn, &game, now).await?;
    if !movable(game.status) {
        return Err(ChangeError::WrongState);
    }
    let calendar = calendar_for(&txn, &names, game_id).await?;
    let conflicts = rules::check_move(
        &calendar,
        &Proposal {
            game_id,
            home: game.home_team_id,
            away: game.away_team_id,
            court,
            date,
            time,
        },
    );
    if !conflicts.is_empty() {
        return Err(ChangeError::Refused(
            conflicts.iter().map(|c| describe(c, &names)).collect(),
        ));
    }
    let before = slot_line(&names, &game);
    let mut active: game::ActiveModel = game.clone().into();
    active.starts_at = Set(utc_of(date, time));
    active.court_id = Set(Some(court));
    active.status = Set(GameStatus::Scheduled);
    active.version = Set(game.version + 1);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    audit_entry(
        &txn,
        &actor(viewer),
        "game",
        game_id,
        "move",
        Some(before),
        Some(slot_line(&names, &updated)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Marks a scheduled game postponed (rain): its date stays as it was until a new slot is
/// chosen.
pub async fn postpone_game(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game_id: i32,
    version: Option<i32>,
    now: DateTime<Utc>,
) -> Result<game::Model, ChangeError> {
    set_status(
        db,
        viewer,
        game_id,
        version,
        &[GameStatus::Scheduled],
        GameStatus::Postponed,
        now,
    )
    .await
}

/// The games of published competitions still scheduled on `date` (local), on `court` or on
/// every court: what a rained-off evening postpones.
pub async fn evening_games(
    db: &impl ConnectionTrait,
    date: NaiveDate,
    court: Option<i32>,
) -> Result<Vec<game::Model>, DbErr> {
    let names = Names::load(db).await?;
    let from = Shanghai
        .from_local_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
        .map(|t| t.with_timezone(&Utc));
    let Some(from) = from else {
        return Ok(Vec::new());
    };
    let mut query = game::Entity::find()
        .filter(game::Column::Status.eq(GameStatus::Scheduled))
        .filter(game::Column::StartsAt.gte(from))
        .filter(game::Column::StartsAt.lt(from + Duration::days(1)));
    if let Some(court) = court {
        query = query.filter(game::Column::CourtId.eq(court));
    }
    Ok(query
        .order_by_asc(game::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .filter(|g| names.published(g.competition_id))
        .collect())
}

/// Calls a scheduled or postponed game off for good: it will not be played and no table
/// counts it; a competition whose last open game it was closes (see `honours::settle`).
pub async fn cancel_game(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game_id: i32,
    version: Option<i32>,
    now: DateTime<Utc>,
) -> Result<game::Model, ChangeError> {
    set_status(
        db,
        viewer,
        game_id,
        version,
        &[GameStatus::Scheduled, GameStatus::Postponed],
        GameStatus::Cancelled,
        now,
    )
    .await
}

/// A game goes from one of `from` to `to` (postponed, called off), claimed at the version
/// the organiser saw, written to the audit log; the competition then moves on (a game called
/// off may have been the last it waited for).
async fn set_status(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game_id: i32,
    version: Option<i32>,
    from: &[GameStatus],
    to: GameStatus,
    now: DateTime<Utc>,
) -> Result<game::Model, ChangeError> {
    if !viewer.organises() {
        return Err(ChangeError::Forbidden);
    }
    let txn = db.begin().await?;
    let names = Names::load(&txn).await?;
    let game = game::Entity::find_by_id(game_id)
        .one(&txn)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if version.is_some_and(|v| v != game.version) {
        return Err(ChangeError::Stale);
    }
    claim_version(&txn, &game, now).await?;
    if !from.contains(&game.status) {
        return Err(ChangeError::WrongState);
    }
    let before = slot_line(&names, &game);
    let mut active: game::ActiveModel = game.clone().into();
    active.status = Set(to);
    active.version = Set(game.version + 1);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let action = match to {
        GameStatus::Cancelled => "cancel",
        _ => "postpone",
    };
    audit_entry(
        &txn,
        &actor(viewer),
        "game",
        game_id,
        action,
        Some(before),
        Some(slot_line(&names, &updated)),
        now,
    )
    .await?;
    super::honours::settle(&txn, game.competition_id, &actor(viewer), now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// A team withdraws from a published competition. Its games already decided stand; each
/// game it still had to play is lost by forfeit, 20:0 to the opponent, 0 classification
/// points to the team (FIBA Official Basketball Rules, Art. 20 "Game lost by forfeit";
/// Annex D.1.1). Returns the games forfeited.
pub async fn withdraw_team(
    db: &DatabaseConnection,
    viewer: &Viewer,
    competition_id: i32,
    team_id: i32,
    now: DateTime<Utc>,
) -> Result<usize, ChangeError> {
    if !viewer.organises() {
        return Err(ChangeError::Forbidden);
    }
    let txn = db.begin().await?;
    let competition = competition::Entity::find_by_id(competition_id)
        .one(&txn)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if competition.status != CompetitionStatus::Published {
        return Err(ChangeError::WrongState);
    }
    let open = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(competition_id))
        .filter(game::Column::Status.is_in([GameStatus::Scheduled, GameStatus::Postponed]))
        .all(&txn)
        .await?
        .into_iter()
        .filter(|g| g.home_team_id == Some(team_id) || g.away_team_id == Some(team_id))
        .filter(|g| g.home_team_id.is_some() && g.away_team_id.is_some())
        .collect::<Vec<_>>();
    let stages: Vec<i32> = stage::Entity::find()
        .filter(stage::Column::CompetitionId.eq(competition_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let entered = stage_entry::Entity::find()
        .filter(stage_entry::Column::TeamId.eq(team_id))
        .filter(stage_entry::Column::StageId.is_in(stages))
        .one(&txn)
        .await?
        .is_some();
    if !entered {
        return Err(ChangeError::NotFound);
    }
    for game in &open {
        claim_version(&txn, game, now).await?;
        let home_withdraws = game.home_team_id == Some(team_id);
        let mut active: game::ActiveModel = game.clone().into();
        active.status = Set(GameStatus::Forfeit);
        active.outcome = Set(Some(if home_withdraws {
            Outcome::ForfeitByHome
        } else {
            Outcome::ForfeitByAway
        }));
        active.home_score = Set(Some(if home_withdraws { 0 } else { 20 }));
        active.away_score = Set(Some(if home_withdraws { 20 } else { 0 }));
        active.version = Set(game.version + 1);
        active.updated_at = Set(now);
        active.update(&txn).await?;
        audit_entry(
            &txn,
            &actor(viewer),
            "game",
            game.id,
            "forfeit.withdrawn",
            None,
            Some(format!("team {team_id} withdrew")),
            now,
        )
        .await?;
    }
    audit_entry(
        &txn,
        &actor(viewer),
        "competition",
        competition_id,
        "team.withdrawn",
        None,
        Some(format!("team {team_id}: {} games forfeited", open.len())),
        now,
    )
    .await?;
    super::honours::settle(&txn, competition_id, &actor(viewer), now).await?;
    txn.commit().await?;
    Ok(open.len())
}

/// The `count` best free slots for a game from tomorrow (or the day after its original date,
/// whichever is later) over the next weeks — inside the competition's dates unless nothing
/// there is free — the least disruptive evenings, one per date, in date order.
pub async fn suggest_slots(
    db: &impl ConnectionTrait,
    game_id: i32,
    now: DateTime<Utc>,
    count: usize,
) -> Result<Vec<SlotView>, ChangeError> {
    let names = Names::load(db).await?;
    let facts = game_facts(db, &names, game_id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let calendar = calendar_for(db, &names, game_id).await?;
    let tomorrow = local_date_time(now).0 + Duration::days(1);
    let earliest = tomorrow.max(facts.date + Duration::days(1));
    let latest = earliest + Duration::days(SUGGESTION_DAYS);
    // Inside the competition's dates; past its end only when nothing inside is free.
    let ends_on = names
        .competitions
        .get(&facts.game.competition_id)
        .map_or(latest, |c| c.ends_on);
    let postponed = Postponed {
        game_id,
        home: facts.game.home_team_id,
        away: facts.game.away_team_id,
        home_court: facts.home_court,
        original_date: facts.date,
        original_time: facts.time,
    };
    let mut found =
        rules::suggest_slots(&calendar, &postponed, earliest, latest.min(ends_on), count);
    if found.is_empty() {
        found = rules::suggest_slots(&calendar, &postponed, earliest, latest, count);
    }
    Ok(found
        .into_iter()
        .map(|s| SlotView {
            court_id: s.court,
            court: names.court(Some(s.court)),
            date: s.date,
            time: s.time.format("%H:%M").to_string(),
            cost: s.cost,
            rest_days: s.rest_days,
            breaks_added: s.breaks_added,
            days_from_original: s.days_from_original,
            home_court: s.home_court,
            court_load: s.court_load,
        })
        .collect())
}

fn neutrality_code(n: Neutrality) -> &'static str {
    match n {
        Neutrality::Neutral => "neutral",
        Neutrality::Unknown => "unknown",
        Neutrality::Involved => "involved",
    }
}

/// The games still to play (from `now`'s day, the next `days`) with their referee and the
/// referees to choose from, and every referee's count.
pub async fn referee_overview(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    days: i64,
) -> Result<RefereeOverview, DbErr> {
    let names = Names::load(db).await?;
    let referees = app_user::Entity::find()
        .filter(app_user::Column::Role.eq(Role::Referee))
        .filter(app_user::Column::DisabledAt.is_null())
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await?;
    let assignments = game_referee::Entity::find().all(db).await?;
    let all_games: HashMap<i32, game::Model> = game::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let mut counts: HashMap<i32, u32> = HashMap::new();
    // (referee, local date) pairs already taken.
    let mut busy: Vec<(i32, NaiveDate)> = Vec::new();
    let mut assigned: HashMap<i32, i32> = HashMap::new();
    for a in &assignments {
        *counts.entry(a.user_id).or_default() += 1;
        assigned.insert(a.game_id, a.user_id);
        if let Some(game) = all_games.get(&a.game_id) {
            busy.push((a.user_id, local_date_time(game.starts_at).0));
        }
    }
    let loads: Vec<RefereeLoad> = referees
        .iter()
        .map(|r| RefereeLoad {
            id: r.id,
            name: r.display_name.clone(),
            group: r
                .villager_group_id
                .and_then(|g| names.groups.get(&g).cloned()),
            games: counts.get(&r.id).copied().unwrap_or(0),
        })
        .collect();
    let today = local_date_time(now).0;
    let from = utc_of(today, NaiveTime::MIN);
    let to = from + Duration::days(days);
    let mut upcoming: Vec<&game::Model> = all_games
        .values()
        .filter(|g| g.starts_at >= from && g.starts_at < to)
        .filter(|g| g.status == GameStatus::Scheduled && names.published(g.competition_id))
        .collect();
    upcoming.sort_by_key(|g| (g.starts_at, g.id));
    let mut games = Vec::new();
    for game in upcoming {
        let Some(facts) = game_facts(db, &names, game.id).await? else {
            continue;
        };
        let date = facts.date;
        let groups: Vec<i32> = [game.home_team_id, game.away_team_id]
            .into_iter()
            .flatten()
            .filter_map(|t| names.team_groups.get(&t).copied())
            .collect();
        let infos: Vec<RefereeInfo> = referees
            .iter()
            .map(|r| RefereeInfo {
                user_id: r.id,
                group: r.villager_group_id,
                assigned: counts.get(&r.id).copied().unwrap_or(0),
                busy: assigned.get(&game.id) != Some(&r.id)
                    && busy.iter().any(|(id, d)| *id == r.id && *d == date),
            })
            .collect();
        let options = rules::suggest_referees(&groups, &infos)
            .into_iter()
            .map(|c| RefereeOption {
                id: c.user_id,
                name: referees
                    .iter()
                    .find(|r| r.id == c.user_id)
                    .map(|r| r.display_name.clone())
                    .unwrap_or_default(),
                neutrality: neutrality_code(c.neutrality).to_owned(),
                games: c.assigned,
            })
            .collect();
        games.push(RefereeGame {
            game: facts.view(),
            referee_id: facts.referee.as_ref().map(|(id, _)| *id),
            options,
        });
    }
    Ok(RefereeOverview {
        referees: loads,
        games,
    })
}

/// Assigns a referee to a game (replacing any other), or clears it with `None`.
pub async fn assign_referee(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game_id: i32,
    referee: Option<i32>,
    version: Option<i32>,
    now: DateTime<Utc>,
) -> Result<game::Model, ChangeError> {
    if !viewer.organises() {
        return Err(ChangeError::Forbidden);
    }
    let txn = db.begin().await?;
    let game = game::Entity::find_by_id(game_id)
        .one(&txn)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if version.is_some_and(|v| v != game.version) {
        return Err(ChangeError::Stale);
    }
    claim_version(&txn, &game, now).await?;
    if let Some(user_id) = referee {
        let user = app_user::Entity::find_by_id(user_id).one(&txn).await?;
        if !user.is_some_and(|u| u.role == Role::Referee && u.disabled_at.is_none()) {
            return Err(ChangeError::Refused(vec![Problem::NotAReferee]));
        }
    }
    let before = game_referee::Entity::find()
        .filter(game_referee::Column::GameId.eq(game_id))
        .all(&txn)
        .await?;
    game_referee::Entity::delete_many()
        .filter(game_referee::Column::GameId.eq(game_id))
        .exec(&txn)
        .await?;
    if let Some(user_id) = referee {
        game_referee::ActiveModel {
            game_id: Set(game_id),
            user_id: Set(user_id),
            assigned_by: Set(viewer.id),
            assigned_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut active: game::ActiveModel = game.clone().into();
    active.version = Set(game.version + 1);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let line = |ids: Vec<i32>| {
        let ids: Vec<String> = ids.iter().map(|id| format!("referee#{id}")).collect();
        ids.join(",")
    };
    audit_entry(
        &txn,
        &actor(viewer),
        "game",
        game_id,
        "referee",
        Some(line(before.iter().map(|a| a.user_id).collect())),
        Some(line(referee.into_iter().collect())),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

pub fn status_zh(status: GameStatus) -> &'static str {
    match status {
        GameStatus::Scheduled => "未赛",
        GameStatus::Postponed => "延期",
        GameStatus::Played => "已赛",
        GameStatus::Forfeit => "弃权",
        GameStatus::Cancelled => "取消",
    }
}

/// Published games from `from` to `to` (local dates, inclusive), of one court or all,
/// of one competition or all, by time.
pub async fn sheet_games(
    db: &impl ConnectionTrait,
    court: Option<i32>,
    competition: Option<i32>,
    dates: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<SheetGame>, DbErr> {
    let names = Names::load(db).await?;
    let pools: HashMap<i32, String> = pool::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let mut query = game::Entity::find()
        .order_by_asc(game::Column::StartsAt)
        .order_by_asc(game::Column::CourtId)
        .order_by_asc(game::Column::Id);
    if let Some(court) = court {
        query = query.filter(game::Column::CourtId.eq(court));
    }
    if let Some(competition) = competition {
        query = query.filter(game::Column::CompetitionId.eq(competition));
    }
    if let Some((from, to)) = dates {
        query = query
            .filter(game::Column::StartsAt.gte(utc_of(from, NaiveTime::MIN)))
            .filter(game::Column::StartsAt.lt(utc_of(to + Duration::days(1), NaiveTime::MIN)));
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .filter(|g| names.published(g.competition_id))
        .map(|g| {
            let (date, time) = local_date_time(g.starts_at);
            let round = match (&g.bracket_slot, g.pool_id.and_then(|p| pools.get(&p))) {
                (Some(slot), _) => slot.clone(),
                (None, Some(pool)) => format!("{pool} 第{}轮", g.round),
                (None, None) => format!("第{}轮", g.round),
            };
            let scored = matches!(g.status, GameStatus::Played | GameStatus::Forfeit);
            SheetGame {
                id: g.id,
                competition_id: g.competition_id,
                competition: names.competition(g.competition_id),
                round,
                date,
                time,
                court_id: g.court_id,
                court: names.court(g.court_id),
                home: names.side(g.home_team_id, &g.home_source),
                away: names.side(g.away_team_id, &g.away_source),
                status: g.status,
                score: g.home_score.zip(g.away_score).filter(|_| scored),
            }
        })
        .collect())
}

/// A competition's name, if it is published.
pub async fn published_competition(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<competition::Model>, DbErr> {
    Ok(competition::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.status != CompetitionStatus::Draft))
}

/// A spreadsheet cell that no spreadsheet runs as a formula, quoted when it must be.
fn csv_cell(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

fn side_or_tbd(side: &str) -> String {
    if side.is_empty() {
        "待定".into()
    } else {
        side.to_owned()
    }
}

/// The schedule as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese right),
/// Beijing times, one game per line.
pub fn schedule_csv(games: &[SheetGame]) -> String {
    let mut out = String::from("\u{feff}轮次,日期,时间,场地,主队,客队,状态,比分\r\n");
    for g in games {
        let score = g.score.map(|(h, a)| format!("{h}:{a}")).unwrap_or_default();
        let cells = [
            crate::i18n::stage_text(crate::i18n::Lang::Zh, &g.round),
            g.date.to_string(),
            g.time.format("%H:%M").to_string(),
            g.court.clone(),
            side_or_tbd(&g.home),
            side_or_tbd(&g.away),
            status_zh(g.status).to_owned(),
            score,
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_formula_safe_and_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("东坊, 西坊"), "\"东坊, 西坊\"");
        assert_eq!(csv_cell("东坊"), "东坊");
    }

    #[test]
    fn parses_a_move_and_names_bad_fields() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let ok = MoveInput {
            date: "2026-11-30".into(),
            time: "19:30".into(),
            court: "3".into(),
        };
        assert_eq!(
            parse_move(&ok, today).unwrap(),
            (
                NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                NaiveTime::from_hms_opt(19, 30, 0).unwrap(),
                3
            )
        );
        let bad = MoveInput {
            date: "2026-11-01".into(),
            time: "7pm".into(),
            court: "".into(),
        };
        let fields: Vec<_> = parse_move(&bad, today)
            .unwrap_err()
            .iter()
            .map(|p| (p.field(), p.code()))
            .collect();
        assert_eq!(
            fields,
            vec![("date", "past"), ("time", "invalid"), ("court", "missing")]
        );
    }
}
