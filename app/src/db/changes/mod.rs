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
    self as rules, Booked, Calendar, Closure, Conflict, CourtInfo, MoveProblem, Neutrality,
    OpenWindow, Postponed, Proposal, RefereeInfo,
};
use crate::model::*;

mod move_;
mod postpone;
mod referees;
mod sheets;
pub use move_::*;
pub use postpone::*;
pub use referees::*;
pub use sheets::*;

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

/// A stored weekday (ISO: 1 = Monday … 7 = Sunday).
pub(crate) fn weekday_of(iso: i16) -> Option<Weekday> {
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

/// What a new slot for `game_id` is checked against: the names, the game, its calendar.
async fn slot_context(
    db: &impl ConnectionTrait,
    game_id: i32,
) -> Result<(Names, GameFacts, Calendar), ChangeError> {
    let names = Names::load(db).await?;
    let facts = game_facts(db, &names, game_id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let calendar = calendar_for(db, &names, game_id).await?;
    Ok((names, facts, calendar))
}

/// The courts to choose from, by id.
pub async fn courts(db: &impl ConnectionTrait) -> Result<Vec<(i32, String)>, DbErr> {
    Ok(super::court_choices(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
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

/// The game `game_id` as the organiser saw it (`version`, when the form sent one), claimed
/// for this change ([`claim_version`]).
async fn claim_game(
    txn: &impl ConnectionTrait,
    game_id: i32,
    version: Option<i32>,
    now: DateTime<Utc>,
) -> Result<game::Model, ChangeError> {
    let game = game::Entity::find_by_id(game_id)
        .one(txn)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if version.is_some_and(|v| v != game.version) {
        return Err(ChangeError::Stale);
    }
    claim_version(txn, &game, now).await?;
    Ok(game)
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
