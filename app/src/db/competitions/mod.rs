//! Organisers create competitions (a league within a division, or a festival cup sized by
//! the domain), generate their schedule with the set-up's constraints, review it and publish
//! it. Until it is published a competition is a draft that no public page shows.
//!
//! A league's schedule is made by a background run of the village engine (see
//! `server::competition_actions`); its progress, cancellation and quality report live in the
//! `schedule_run` table. A cup's groups and knockout are laid out when it is created.
use std::collections::{BTreeMap, HashMap};

use crate::domain::festivals::{self, Festival};
use crate::domain::schedule::cup::{self, CupDay, CupRequest, CupSide, FestivalSize};
use crate::domain::schedule::figures::{figures, PlacedGame};
use crate::domain::schedule::village::{
    Court, QualityReport, VillageFormat, VillageInput, VillageRules, VillageSchedule, VillageTeam,
    WeeklyWindow,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder, TransactionTrait};
use serde::{Deserialize, Serialize};

use super::association_id;
use super::camp_setup::from_local;
use super::entities::*;
use super::reports::audit_entry;
use crate::model::*;

mod create;
mod review;
mod run;
pub use create::*;
pub use review::*;
pub use run::*;

/// How long a game takes on the calendar: the second game of an evening starts this long
/// after the first.
pub const GAME_MINUTES: i64 = 90;

/// Big festivals get big cups ("大节大赛、小节小赛").
fn is_big(festival: Festival) -> bool {
    matches!(
        festival,
        Festival::SpringFestival | Festival::MidAutumn | Festival::NationalDay
    )
}

/// The festivals a cup can be for: those of this year still to come and all of next year,
/// their dates computed from the lunisolar calendar ([`crate::domain::festivals`]).
pub fn upcoming_festivals(today: NaiveDate) -> Vec<(Festival, NaiveDate)> {
    let mut list: Vec<_> = [today.year(), today.year() + 1]
        .into_iter()
        .flat_map(festivals::festivals)
        .filter(|(_, date)| *date >= today)
        .collect();
    list.sort_by_key(|(_, date)| *date);
    list
}

pub fn festival_choices(today: NaiveDate) -> Vec<FestivalChoice> {
    upcoming_festivals(today)
        .into_iter()
        .map(|(festival, date)| FestivalChoice {
            value: format!("{}:{date}", festival.code()),
            name_zh: format!("{} {}", date.year(), festival.zh()),
            name_en: format!("{} {}", festival.en(), date.year()),
            date: date.to_string(),
            big: is_big(festival),
        })
        .collect()
}

/// A festival the form sent (`code:YYYY-MM-DD`), when that really is the festival's date.
fn festival_of(value: &str) -> Option<(Festival, NaiveDate)> {
    let (code, date) = value.split_once(':')?;
    let festival = Festival::from_code(code)?;
    let date: NaiveDate = date.parse().ok()?;
    (festival.date(date.year()) == Some(date)).then_some((festival, date))
}

/// The competition forms' fields that come back into the form after an error (with the
/// lists `team` and `court`).
pub const TYPED_FIELDS: [&str; 8] = [
    "name",
    "format",
    "starts_on",
    "ends_on",
    "festival",
    "days",
    "games_per_court",
    "per_day",
];

/// A field the server refused, and why (`missing`, `invalid`, `range`, `order`, `teams`,
/// `fit`).
pub type FieldProblem = (String, &'static str);

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("the form has errors")]
    Invalid(Vec<FieldProblem>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeagueInput {
    pub name: String,
    pub division: Division,
    pub double: bool,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub teams: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CupInput {
    pub name: String,
    pub division: Division,
    pub festival: String,
    pub festival_date: NaiveDate,
    pub big: bool,
    pub days: u32,
    pub courts: Vec<i32>,
    pub games_per_court: u32,
    pub per_day: u32,
    /// A straight knockout (byes for the top seeds) rather than groups then a knockout.
    pub knockout_only: bool,
    /// In seed order, best first.
    pub teams: Vec<i32>,
}

fn one<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn ids(fields: &[(String, String)], name: &str) -> Vec<i32> {
    let mut ids: Vec<i32> = Vec::new();
    for id in fields
        .iter()
        .filter(|(k, _)| k == name)
        .filter_map(|(_, v)| v.trim().parse().ok())
    {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn text(
    fields: &[(String, String)],
    name: &str,
    problems: &mut Vec<FieldProblem>,
) -> Option<String> {
    match one(fields, name) {
        None => {
            problems.push((name.into(), "missing"));
            None
        }
        Some(v) if v.chars().count() > 60 => {
            problems.push((name.into(), "range"));
            None
        }
        Some(v) => Some(v.to_owned()),
    }
}

fn parsed<T: std::str::FromStr>(
    fields: &[(String, String)],
    name: &str,
    problems: &mut Vec<FieldProblem>,
) -> Option<T> {
    match one(fields, name).map(str::parse::<T>) {
        None => {
            problems.push((name.into(), "missing"));
            None
        }
        Some(Err(_)) => {
            problems.push((name.into(), "invalid"));
            None
        }
        Some(Ok(v)) => Some(v),
    }
}

fn number(
    fields: &[(String, String)],
    name: &str,
    range: std::ops::RangeInclusive<u32>,
    problems: &mut Vec<FieldProblem>,
) -> Option<u32> {
    let value = parsed::<u32>(fields, name, problems)?;
    if range.contains(&value) {
        Some(value)
    } else {
        problems.push((name.into(), "range"));
        None
    }
}

/// The league form: `name`, `division`, `format` (`single` / `double`), `starts_on`,
/// `ends_on`, `team` (repeated).
pub fn parse_league(fields: &[(String, String)]) -> Result<LeagueInput, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let name = text(fields, "name", &mut problems);
    let division = parsed::<Division>(fields, "division", &mut problems);
    let double = match one(fields, "format") {
        Some("double") | None => true,
        Some("single") => false,
        Some(_) => {
            problems.push(("format".into(), "invalid"));
            true
        }
    };
    let starts_on = parsed::<NaiveDate>(fields, "starts_on", &mut problems);
    let ends_on = parsed::<NaiveDate>(fields, "ends_on", &mut problems);
    if let (Some(from), Some(to)) = (starts_on, ends_on) {
        if to < from {
            problems.push(("ends_on".into(), "order"));
        } else if (to - from).num_days() > 366 {
            problems.push(("ends_on".into(), "range"));
        }
    }
    let teams = ids(fields, "team");
    if teams.len() < 3 {
        problems.push(("team".into(), "teams"));
    }
    match (name, division, starts_on, ends_on) {
        (Some(name), Some(division), Some(starts_on), Some(ends_on)) if problems.is_empty() => {
            Ok(LeagueInput {
                name,
                division,
                double,
                starts_on,
                ends_on,
                teams,
            })
        }
        _ => Err(problems),
    }
}

/// The cup form: `name`, `division`, `festival` (`key:YYYY-MM-DD` from the list), `days`,
/// `court` (repeated), `games_per_court` (at most; the courts' own hours decide when),
/// `per_day`, `format`
/// (`groups`, the default, or `knockout`), `team`
/// (repeated) with an optional `seed_<team id>` each (1 = best; else the list's order).
pub fn parse_cup(fields: &[(String, String)]) -> Result<CupInput, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let name = text(fields, "name", &mut problems);
    let division = parsed::<Division>(fields, "division", &mut problems);
    let festival = one(fields, "festival").and_then(festival_of);
    if festival.is_none() {
        problems.push(("festival".into(), "missing"));
    }
    let days = number(fields, "days", 1..=7, &mut problems);
    let games_per_court = number(fields, "games_per_court", 1..=8, &mut problems);
    let per_day = number(fields, "per_day", 1..=4, &mut problems);
    let courts = ids(fields, "court");
    if courts.is_empty() {
        problems.push(("court".into(), "missing"));
    }
    let listed = ids(fields, "team");
    if listed.len() < 3 {
        problems.push(("team".into(), "teams"));
    }
    let mut seeded: Vec<(u32, usize, i32)> = listed
        .iter()
        .enumerate()
        .map(|(position, &id)| {
            let seed = one(fields, &format!("seed_{id}"))
                .and_then(|s| s.parse::<u32>().ok())
                .unwrap_or(u32::MAX);
            (seed, position, id)
        })
        .collect();
    seeded.sort();
    let teams = seeded.into_iter().map(|(_, _, id)| id).collect();
    match (name, division, festival, days, games_per_court, per_day) {
        (
            Some(name),
            Some(division),
            Some((festival, festival_date)),
            Some(days),
            Some(games_per_court),
            Some(per_day),
        ) if problems.is_empty() => Ok(CupInput {
            name,
            division,
            festival: festival.code().to_owned(),
            festival_date,
            big: is_big(festival),
            days,
            courts,
            games_per_court,
            per_day,
            knockout_only: one(fields, "format") == Some("knockout"),
            teams,
        }),
        _ => Err(problems),
    }
}

fn day_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn local(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    at.with_timezone(&chrono_tz::Asia::Shanghai).naive_local()
}

/// The organisers' competitions page: every competition (drafts too) and the form choices.
pub async fn admin_page(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<CompetitionsAdmin, DbErr> {
    let competitions = competition::Entity::find()
        .order_by_desc(competition::Column::StartsOn)
        .all(db)
        .await?;
    let games = game::Entity::find().all(db).await?;
    let mut counts: HashMap<i32, u32> = HashMap::new();
    for g in &games {
        *counts.entry(g.competition_id).or_default() += 1;
    }
    let groups: HashMap<i32, i32> = villager_group::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.sort_order))
        .collect();
    let mut teams = team::Entity::find().all(db).await?;
    teams.sort_by_key(|t| (groups.get(&t.villager_group_id).copied(), t.id));
    let courts = court::Entity::find()
        .order_by_asc(court::Column::Id)
        .all(db)
        .await?;
    Ok(CompetitionsAdmin {
        competitions: competitions
            .into_iter()
            .map(|c| CompetitionRow {
                id: c.id,
                games: counts.get(&c.id).copied().unwrap_or(0),
                name: c.name,
                kind: c.kind,
                division: c.division,
                status: c.status,
                festival: c.festival,
                starts_on: day_text(c.starts_on),
                ends_on: day_text(c.ends_on),
            })
            .collect(),
        teams: teams
            .into_iter()
            .map(|t| TeamChoice {
                id: t.id,
                name: t.name,
                division: t.division,
            })
            .collect(),
        courts: courts
            .into_iter()
            .map(|c| CourtChoice {
                id: c.id,
                name: c.name,
                has_lights: c.has_lights,
            })
            .collect(),
        festivals: festival_choices(local(now).date()),
        today: day_text(local(now).date()),
    })
}

/// The teams, in the order given, if they all exist and play in `division`.
async fn check_teams(
    db: &impl ConnectionTrait,
    ids: &[i32],
    division: Division,
) -> Result<Vec<team::Model>, CreateError> {
    let found = team::Entity::find()
        .filter(team::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    let by_id: HashMap<i32, team::Model> = found.into_iter().map(|t| (t.id, t)).collect();
    let teams: Vec<team::Model> = ids.iter().filter_map(|id| by_id.get(id).cloned()).collect();
    if teams.len() != ids.len() || teams.iter().any(|t| t.division != division) {
        return Err(CreateError::Invalid(vec![("team".into(), "invalid")]));
    }
    Ok(teams)
}

/// A competition's stage: its name, format and place among its stages (1, 2, …); its id.
pub async fn insert_stage(
    db: &impl ConnectionTrait,
    competition_id: i32,
    name: &str,
    format: StageFormat,
    sort_order: i32,
) -> Result<i32, DbErr> {
    Ok(stage::ActiveModel {
        competition_id: Set(competition_id),
        name: Set(name.to_owned()),
        format: Set(format),
        sort_order: Set(sort_order),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

/// A team entering a stage (in one of its pools, if it has them) with its seed (1 = first).
pub async fn insert_entry(
    db: &impl ConnectionTrait,
    stage_id: i32,
    pool_id: Option<i32>,
    team_id: i32,
    seed: i32,
) -> Result<(), DbErr> {
    stage_entry::ActiveModel {
        stage_id: Set(stage_id),
        pool_id: Set(pool_id),
        team_id: Set(team_id),
        seed: Set(seed),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A game a schedule lays out: `round` of `stage_id`, on `court_id` at the local `at`, with
/// no sides, score or result yet, in its first version; the caller says who plays.
fn laid_out_game(
    competition_id: i32,
    stage_id: i32,
    round: i32,
    court_id: i32,
    at: chrono::NaiveDateTime,
    now: DateTime<Utc>,
) -> game::ActiveModel {
    game::ActiveModel {
        competition_id: Set(competition_id),
        stage_id: Set(stage_id),
        pool_id: Set(None),
        round: Set(round),
        bracket_slot: Set(None),
        home_team_id: Set(None),
        away_team_id: Set(None),
        home_source: Set(None),
        away_source: Set(None),
        court_id: Set(Some(court_id)),
        starts_at: Set(from_local(at)),
        status: Set(GameStatus::Scheduled),
        home_score: Set(None),
        away_score: Set(None),
        period_scores: Set(None),
        box_score: Set(None),
        outcome: Set(None),
        version: Set(1),
        updated_at: Set(now),
        ..Default::default()
    }
}

fn season_of(date: NaiveDate) -> String {
    date.year().to_string()
}
