//! Organisers create competitions (a league within a division, or a festival cup sized by
//! the domain), generate their schedule with the set-up's constraints, review it and publish
//! it. Until it is published a competition is a draft that no public page shows.
//!
//! A league's schedule is made by a background run of the village engine (see
//! `server::competition_actions`); its progress, cancellation and quality report live in the
//! `schedule_run` table. A cup's groups and knockout are laid out when it is created.
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use cunba_domain::festivals::{self, Festival};
use cunba_domain::schedule::cup::{self, CupDay, CupRequest, CupSide, FestivalSize};
use cunba_domain::schedule::figures::{figures, PlacedGame};
use cunba_domain::schedule::village::{
    Court, QualityReport, VillageFormat, VillageInput, VillageRules, VillageSchedule, VillageTeam,
    WeeklyWindow,
};
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder, TransactionTrait};
use serde::{Deserialize, Serialize};

use super::association_id;
use super::camp_setup::from_local;
use super::entities::*;
use super::reports::audit_entry;
use crate::model::*;

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
    pub first_game: NaiveTime,
    pub per_day: u32,
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
/// `court` (repeated), `games_per_court`, `first_game` (`HH:MM`), `per_day`, `team`
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
    let first_game = one(fields, "first_game")
        .map(|t| NaiveTime::parse_from_str(t, "%H:%M"))
        .unwrap_or(Ok(NaiveTime::from_hms_opt(15, 0, 0).expect("valid")));
    if first_game.is_err() {
        problems.push(("first_game".into(), "invalid"));
    }
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
    match (
        name,
        division,
        festival,
        days,
        games_per_court,
        per_day,
        first_game,
    ) {
        (
            Some(name),
            Some(division),
            Some((festival, festival_date)),
            Some(days),
            Some(games_per_court),
            Some(per_day),
            Ok(first_game),
        ) if problems.is_empty() => Ok(CupInput {
            name,
            division,
            festival: festival.code().to_owned(),
            festival_date,
            big: is_big(festival),
            days,
            courts,
            games_per_court,
            first_game,
            per_day,
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

fn season_of(date: NaiveDate) -> String {
    date.year().to_string()
}

/// A draft league: one (double) round-robin stage with the teams as entries, seeded in order.
pub async fn create_league(
    db: &DatabaseConnection,
    input: &LeagueInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32, CreateError> {
    let txn = db.begin().await?;
    let teams = check_teams(&txn, &input.teams, input.division).await?;
    let competition = competition::ActiveModel {
        association_id: Set(association_id(&txn).await?),
        name: Set(input.name.clone()),
        kind: Set(CompetitionKind::League),
        season: Set(season_of(input.starts_on)),
        division: Set(input.division),
        status: Set(CompetitionStatus::Draft),
        festival: Set(None),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let stage = stage::ActiveModel {
        competition_id: Set(competition.id),
        name: Set(if input.double {
            "双循环"
        } else {
            "单循环"
        }
        .into()),
        format: Set(if input.double {
            StageFormat::DoubleRoundRobin
        } else {
            StageFormat::RoundRobin
        }),
        sort_order: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (seed, team) in teams.iter().enumerate() {
        stage_entry::ActiveModel {
            stage_id: Set(stage.id),
            pool_id: Set(None),
            team_id: Set(team.id),
            seed: Set(seed as i32 + 1),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit_entry(
        &txn,
        actor,
        "competition",
        competition.id,
        "create",
        None,
        Some(format!(
            "{} league {} {}..{} teams {:?}",
            input.name,
            if input.double { "double" } else { "single" },
            input.starts_on,
            input.ends_on,
            input.teams
        )),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(competition.id)
}

/// A draft cup: the domain sizes groups + knockout to the festival's days and courts, draws
/// the seeds into the groups and lays every game out; the games are stored as the draft's
/// schedule, with a finished run and its report for the review page.
pub async fn create_cup(
    db: &DatabaseConnection,
    input: &CupInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32, CreateError> {
    let dates = cup::festival_days(input.festival_date, input.days);
    let request = CupRequest {
        teams: input.teams.len(),
        size: if input.big {
            FestivalSize::Big
        } else {
            FestivalSize::Small
        },
        days: dates
            .iter()
            .map(|&date| CupDay {
                date,
                courts: input.courts.len() as u32,
                games_per_court: input.games_per_court,
            })
            .collect(),
        max_games_per_team_per_day: input.per_day,
    };
    let plan =
        cup::propose(&request).map_err(|_| CreateError::Invalid(vec![("days".into(), "fit")]))?;
    let layout = cup::lay_out(&request, &plan)
        .map_err(|_| CreateError::Invalid(vec![("days".into(), "fit")]))?;
    let txn = db.begin().await?;
    let teams = check_teams(&txn, &input.teams, input.division).await?;
    let courts = court::Entity::find()
        .filter(court::Column::Id.is_in(input.courts.clone()))
        .all(&txn)
        .await?;
    if courts.len() != input.courts.len() {
        return Err(CreateError::Invalid(vec![("court".into(), "invalid")]));
    }
    let competition = competition::ActiveModel {
        association_id: Set(association_id(&txn).await?),
        name: Set(input.name.clone()),
        kind: Set(CompetitionKind::Cup),
        season: Set(season_of(input.festival_date)),
        division: Set(input.division),
        status: Set(CompetitionStatus::Draft),
        festival: Set(Some(input.festival.clone())),
        starts_on: Set(dates[0]),
        ends_on: Set(*dates.last().expect("at least one day")),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let groups_stage = stage::ActiveModel {
        competition_id: Set(competition.id),
        name: Set("小组赛".into()),
        format: Set(StageFormat::Groups),
        sort_order: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let knockout_stage = stage::ActiveModel {
        competition_id: Set(competition.id),
        name: Set("淘汰赛".into()),
        format: Set(StageFormat::Knockout),
        sort_order: Set(2),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let seeded: Vec<(usize, &team::Model)> = teams.iter().enumerate().collect();
    let drawn = cup::draw(&seeded, &plan);
    let mut pools = Vec::new();
    for (g, members) in drawn.iter().enumerate() {
        let pool = pool::ActiveModel {
            stage_id: Set(groups_stage.id),
            name: Set(format!("{}组", cup::group_letter(g))),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (seed, team) in members {
            stage_entry::ActiveModel {
                stage_id: Set(groups_stage.id),
                pool_id: Set(Some(pool.id)),
                team_id: Set(team.id),
                seed: Set(*seed as i32 + 1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        pools.push(pool.id);
    }
    let side = |side: &CupSide| -> (Option<i32>, Option<String>) {
        match side {
            CupSide::Team { group, index } => (Some(drawn[*group][*index].1.id), None),
            CupSide::GroupPlace { group, place } => (
                None,
                Some(format!("{}组第{place}名", cup::group_letter(*group))),
            ),
            CupSide::Winner(slot) => (None, Some(format!("{slot}胜者"))),
            CupSide::Loser(slot) => (None, Some(format!("{slot}负者"))),
        }
    };
    for g in &layout {
        let (home_team, home_source) = side(&g.home);
        let (away_team, away_source) = side(&g.away);
        let at = input.first_game + Duration::minutes(GAME_MINUTES * g.step as i64);
        game::ActiveModel {
            competition_id: Set(competition.id),
            stage_id: Set(if g.group.is_some() {
                groups_stage.id
            } else {
                knockout_stage.id
            }),
            pool_id: Set(g.group.map(|p| pools[p])),
            round: Set(g.round as i32),
            bracket_slot: Set(g.slot.clone()),
            home_team_id: Set(home_team),
            away_team_id: Set(away_team),
            home_source: Set(home_source),
            away_source: Set(away_source),
            court_id: Set(Some(input.courts[g.court as usize])),
            starts_at: Set(from_local(g.date.and_time(at))),
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
        .insert(&txn)
        .await?;
    }
    let report = StoredReport {
        problems: Vec::new(),
        breaks_reference: None,
        seconds: 0.0,
    };
    schedule_run::ActiveModel {
        competition_id: Set(competition.id),
        status: Set(RUN_DONE.into()),
        progress: Set(100),
        cancel_requested: Set(false),
        hard_violations: Set(Some(0)),
        report: Set(Some(serde_json::to_string(&report).unwrap_or_default())),
        message: Set(None),
        actor: Set(actor.to_owned()),
        started_at: Set(now),
        finished_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        actor,
        "competition",
        competition.id,
        "create",
        None,
        Some(format!(
            "{} cup {} {} groups {:?}, {} in the knockout, {} games",
            input.name,
            input.festival,
            input.festival_date,
            plan.group_sizes,
            plan.knockout_teams(),
            plan.total_games()
        )),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(competition.id)
}

pub const RUN_RUNNING: &str = "running";
pub const RUN_DONE: &str = "done";
pub const RUN_CANCELLED: &str = "cancelled";
pub const RUN_FAILED: &str = "failed";

/// What a finished run keeps besides its hard violations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredReport {
    pub problems: Vec<String>,
    pub breaks_reference: Option<u32>,
    pub seconds: f64,
}

/// A league's scheduling problem, read from the set-up: its teams (home courts), every court
/// with weekly opening windows (games per evening) and blackouts (association-wide and per
/// court), and the season's dates.
#[derive(Debug, Clone)]
pub struct LeagueProblem {
    pub competition_id: i32,
    pub stage_id: i32,
    pub input: VillageInput,
    pub team_ids: Vec<i32>,
    pub court_ids: Vec<i32>,
    /// Per court: the first game's local time on each weekday it opens.
    pub first_game: Vec<HashMap<Weekday, NaiveTime>>,
}

fn weekday_of(number: i16) -> Option<Weekday> {
    match number {
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

/// The league's problem with the organiser's rules; `None` when it is not a draft league.
pub async fn league_problem(
    db: &impl ConnectionTrait,
    competition_id: i32,
    rules: VillageRules,
) -> Result<Option<LeagueProblem>, DbErr> {
    let Some(competition) = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if competition.kind != CompetitionKind::League || competition.status != CompetitionStatus::Draft
    {
        return Ok(None);
    }
    let Some(stage) = stage::Entity::find()
        .filter(stage::Column::CompetitionId.eq(competition_id))
        .order_by_asc(stage::Column::SortOrder)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let entries = stage_entry::Entity::find()
        .filter(stage_entry::Column::StageId.eq(stage.id))
        .order_by_asc(stage_entry::Column::Seed)
        .all(db)
        .await?;
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let teams: HashMap<i32, team::Model> = team::Entity::find()
        .filter(team::Column::Id.is_in(team_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let windows = court_availability::Entity::find().all(db).await?;
    let courts: Vec<court::Model> = court::Entity::find()
        .order_by_asc(court::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| windows.iter().any(|w| w.court_id == c.id))
        .collect();
    let blackouts = blackout::Entity::find().all(db).await?;
    let team_blackouts = team_blackout::Entity::find()
        .filter(team_blackout::Column::TeamId.is_in(team_ids.clone()))
        .all(db)
        .await?;
    let mut village_courts = Vec::new();
    let mut first_game = Vec::new();
    for court in &courts {
        let mut weekly: BTreeMap<u32, (Weekday, u32, NaiveTime)> = BTreeMap::new();
        for w in windows.iter().filter(|w| w.court_id == court.id) {
            let Some(weekday) = weekday_of(w.weekday) else {
                continue;
            };
            let minutes = (w.ends_at - w.starts_at).num_minutes().max(0);
            let fit =
                ((minutes / GAME_MINUTES).max(1) as u32).min(court.games_per_evening.max(1) as u32);
            let entry =
                weekly
                    .entry(weekday.num_days_from_monday())
                    .or_insert((weekday, 0, w.starts_at));
            entry.1 = (entry.1 + fit).min(court.games_per_evening.max(1) as u32);
            entry.2 = entry.2.min(w.starts_at);
        }
        village_courts.push(Court {
            name: court.name.clone(),
            weekly: weekly
                .values()
                .map(|(weekday, games, _)| WeeklyWindow {
                    weekday: *weekday,
                    games: *games,
                })
                .collect(),
            blackout_dates: blackouts
                .iter()
                .filter(|b| b.court_id.is_none() || b.court_id == Some(court.id))
                .map(|b| b.on_date)
                .collect(),
        });
        first_game.push(weekly.values().map(|(d, _, t)| (*d, *t)).collect());
    }
    let court_ids: Vec<i32> = courts.iter().map(|c| c.id).collect();
    let village_teams = team_ids
        .iter()
        .map(|id| {
            let team = teams.get(id);
            VillageTeam {
                name: team.map(|t| t.name.clone()).unwrap_or_default(),
                home_court: team
                    .and_then(|t| t.home_court_id)
                    .and_then(|c| court_ids.iter().position(|&id| id == c)),
                blackout_dates: team_blackouts
                    .iter()
                    .filter(|b| b.team_id == *id)
                    .map(|b| b.on_date)
                    .collect(),
            }
        })
        .collect();
    let double = stage.format == StageFormat::DoubleRoundRobin;
    Ok(Some(LeagueProblem {
        competition_id,
        stage_id: stage.id,
        input: VillageInput {
            teams: village_teams,
            courts: village_courts,
            first_date: competition.starts_on,
            last_date: competition.ends_on,
            round_robins: if double { 2 } else { 1 },
            format: VillageFormat::TimeRelaxed,
            rules,
        },
        team_ids,
        court_ids,
        first_game,
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("no such draft")]
    NotFound,
    #[error("not a draft any more")]
    NotDraft,
    #[error("a run is going on")]
    Running,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A competition whose schedule may be (re)made: a draft, with no run going on.
async fn draft(db: &impl ConnectionTrait, id: i32) -> Result<competition::Model, RunError> {
    let competition = competition::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(RunError::NotFound)?;
    if competition.status != CompetitionStatus::Draft {
        return Err(RunError::NotDraft);
    }
    Ok(competition)
}

async fn latest_run(
    db: &impl ConnectionTrait,
    competition_id: i32,
) -> Result<Option<schedule_run::Model>, DbErr> {
    schedule_run::Entity::find()
        .filter(schedule_run::Column::CompetitionId.eq(competition_id))
        .order_by_desc(schedule_run::Column::Id)
        .one(db)
        .await
}

/// A new run for a draft league, audit-logged; refused while another is going on.
pub async fn start_run(
    db: &DatabaseConnection,
    competition_id: i32,
    settings: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32, RunError> {
    let txn = db.begin().await?;
    let competition = draft(&txn, competition_id).await?;
    if competition.kind != CompetitionKind::League {
        return Err(RunError::NotFound);
    }
    if let Some(run) = latest_run(&txn, competition_id).await? {
        if run.status == RUN_RUNNING {
            // A run that outlived any search budget died with its process: let it go.
            if now - run.started_at < Duration::minutes(10) {
                return Err(RunError::Running);
            }
            let mut stale: schedule_run::ActiveModel = run.into();
            stale.status = Set(RUN_FAILED.into());
            stale.finished_at = Set(Some(now));
            stale.update(&txn).await?;
        }
    }
    let run = schedule_run::ActiveModel {
        competition_id: Set(competition_id),
        status: Set(RUN_RUNNING.into()),
        progress: Set(0),
        cancel_requested: Set(false),
        hard_violations: Set(None),
        report: Set(None),
        message: Set(None),
        actor: Set(actor.to_owned()),
        started_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        actor,
        "competition",
        competition_id,
        "generate",
        None,
        Some(format!("run {} {settings}", run.id)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(run.id)
}

/// Records a running run's progress; answers whether the organiser asked to cancel it.
pub async fn report_progress(
    db: &DatabaseConnection,
    run_id: i32,
    progress: i32,
) -> Result<bool, DbErr> {
    let Some(run) = schedule_run::Entity::find_by_id(run_id).one(db).await? else {
        return Ok(true);
    };
    if run.progress != progress && run.status == RUN_RUNNING {
        let mut active: schedule_run::ActiveModel = run.clone().into();
        active.progress = Set(progress.clamp(0, 99));
        active.update(db).await?;
    }
    Ok(run.cancel_requested)
}

/// Asks the competition's running run to stop; `false` when none is running.
pub async fn request_cancel(
    db: &DatabaseConnection,
    competition_id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(run) = latest_run(db, competition_id).await? else {
        return Ok(false);
    };
    if run.status != RUN_RUNNING {
        return Ok(false);
    }
    let id = run.id;
    let mut active: schedule_run::ActiveModel = run.into();
    active.cancel_requested = Set(true);
    active.update(db).await?;
    audit_entry(
        db,
        actor,
        "competition",
        competition_id,
        "generate_cancel",
        None,
        Some(format!("run {id}")),
        now,
    )
    .await?;
    Ok(true)
}

/// Ends a run without a schedule (cancelled or failed).
pub async fn end_run(
    db: &DatabaseConnection,
    run_id: i32,
    status: &str,
    message: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if let Some(run) = schedule_run::Entity::find_by_id(run_id).one(db).await? {
        let mut active: schedule_run::ActiveModel = run.into();
        active.status = Set(status.to_owned());
        active.message = Set(message);
        active.finished_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(())
}

/// Stores a finished run's schedule as the draft's games (replacing earlier ones) with local
/// start times from the courts' windows, and its quality report. A run the organiser
/// cancelled meanwhile stores nothing.
pub async fn finish_league_run(
    db: &DatabaseConnection,
    run_id: i32,
    problem: &LeagueProblem,
    schedule: &VillageSchedule,
    seconds: f64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let Some(run) = schedule_run::Entity::find_by_id(run_id).one(&txn).await? else {
        return Ok(());
    };
    let still_draft = competition::Entity::find_by_id(problem.competition_id)
        .one(&txn)
        .await?
        .is_some_and(|c| c.status == CompetitionStatus::Draft);
    if run.cancel_requested || run.status != RUN_RUNNING || !still_draft {
        let mut active: schedule_run::ActiveModel = run.into();
        active.status = Set(RUN_CANCELLED.into());
        active.finished_at = Set(Some(now));
        active.update(&txn).await?;
        txn.commit().await?;
        return Ok(());
    }
    game::Entity::delete_many()
        .filter(game::Column::CompetitionId.eq(problem.competition_id))
        .exec(&txn)
        .await?;
    let mut evening_count: HashMap<(usize, NaiveDate), i64> = HashMap::new();
    for g in &schedule.games {
        let k = evening_count.entry((g.court, g.date)).or_default();
        let start = problem.first_game[g.court]
            .get(&g.date.weekday())
            .copied()
            .unwrap_or(NaiveTime::from_hms_opt(19, 0, 0).expect("valid"))
            + Duration::minutes(GAME_MINUTES * *k);
        *k += 1;
        game::ActiveModel {
            competition_id: Set(problem.competition_id),
            stage_id: Set(problem.stage_id),
            pool_id: Set(None),
            round: Set(g.round as i32 + 1),
            bracket_slot: Set(None),
            home_team_id: Set(Some(problem.team_ids[g.home])),
            away_team_id: Set(Some(problem.team_ids[g.away])),
            home_source: Set(None),
            away_source: Set(None),
            court_id: Set(Some(problem.court_ids[g.court])),
            starts_at: Set(from_local(g.date.and_time(start))),
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
        .insert(&txn)
        .await?;
    }
    let report: &QualityReport = &schedule.report;
    let stored = StoredReport {
        problems: report.problems.clone(),
        breaks_reference: Some(report.breaks_reference),
        seconds,
    };
    let mut active: schedule_run::ActiveModel = run.into();
    active.status = Set(RUN_DONE.into());
    active.progress = Set(100);
    active.hard_violations = Set(Some(report.hard_violations as i32));
    active.report = Set(Some(serde_json::to_string(&stored).unwrap_or_default()));
    active.finished_at = Set(Some(now));
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// The review page's data (drafts and published alike); `None` when there is no such
/// competition.
pub async fn review(
    db: &DatabaseConnection,
    competition_id: i32,
) -> Result<Option<CompetitionReview>, DbErr> {
    let Some(competition) = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let stages = stage::Entity::find()
        .filter(stage::Column::CompetitionId.eq(competition_id))
        .order_by_asc(stage::Column::SortOrder)
        .all(db)
        .await?;
    let stage_ids: Vec<i32> = stages.iter().map(|s| s.id).collect();
    let pools = pool::Entity::find()
        .filter(pool::Column::StageId.is_in(stage_ids.clone()))
        .order_by_asc(pool::Column::Id)
        .all(db)
        .await?;
    let entries = stage_entry::Entity::find()
        .filter(stage_entry::Column::StageId.is_in(stage_ids))
        .order_by_asc(stage_entry::Column::Seed)
        .all(db)
        .await?;
    let teams: HashMap<i32, team::Model> = team::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let courts: HashMap<i32, String> = court::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let games = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(competition_id))
        .order_by_asc(game::Column::StartsAt)
        .order_by_asc(game::Column::CourtId)
        .all(db)
        .await?;
    let run = latest_run(db, competition_id).await?;

    let team_name = |id: i32| teams.get(&id).map(|t| t.name.clone()).unwrap_or_default();
    let pool_name: HashMap<i32, String> = pools.iter().map(|p| (p.id, p.name.clone())).collect();
    let mut structure = Vec::new();
    for stage in &stages {
        let in_stage: Vec<&stage_entry::Model> =
            entries.iter().filter(|e| e.stage_id == stage.id).collect();
        let stage_pools: Vec<&pool::Model> =
            pools.iter().filter(|p| p.stage_id == stage.id).collect();
        if stage_pools.is_empty() {
            let names: Vec<String> = in_stage.iter().map(|e| team_name(e.team_id)).collect();
            let knockout: Vec<String> = games
                .iter()
                .filter(|g| g.stage_id == stage.id)
                .filter_map(|g| g.bracket_slot.clone())
                .collect();
            if names.is_empty() {
                structure.push(format!("{}: {}", stage.name, knockout.join(" · ")));
            } else {
                structure.push(format!("{}: {}", stage.name, names.join("、")));
            }
        }
        for pool in stage_pools {
            let names: Vec<String> = in_stage
                .iter()
                .filter(|e| e.pool_id == Some(pool.id))
                .map(|e| team_name(e.team_id))
                .collect();
            structure.push(format!(
                "{} {}: {}",
                stage.name,
                pool.name,
                names.join("、")
            ));
        }
    }
    let review_game = |g: &game::Model| {
        let at = local(g.starts_at);
        ReviewGame {
            id: g.id,
            date: day_text(at.date()),
            time: at.format("%H:%M").to_string(),
            court: g
                .court_id
                .and_then(|c| courts.get(&c).cloned())
                .unwrap_or_default(),
            home: g
                .home_team_id
                .map(team_name)
                .or_else(|| g.home_source.clone())
                .unwrap_or_default(),
            away: g
                .away_team_id
                .map(team_name)
                .or_else(|| g.away_source.clone())
                .unwrap_or_default(),
            label: g
                .bracket_slot
                .clone()
                .or_else(|| g.pool_id.and_then(|p| pool_name.get(&p).cloned()))
                .unwrap_or_else(|| format!("R{}", g.round)),
        }
    };
    // Teams in entry order (first stage), each once.
    let mut team_ids: Vec<i32> = Vec::new();
    for e in &entries {
        if !team_ids.contains(&e.team_id) {
            team_ids.push(e.team_id);
        }
    }
    let index: HashMap<i32, usize> = team_ids.iter().enumerate().map(|(i, &t)| (t, i)).collect();
    let placed: Vec<PlacedGame> = games
        .iter()
        .filter_map(|g| {
            Some(PlacedGame {
                home: *index.get(&g.home_team_id?)?,
                away: *index.get(&g.away_team_id?)?,
                date: local(g.starts_at).date(),
            })
        })
        .collect();
    let counted = figures(team_ids.len(), &placed);
    let group_of = |team: i32| {
        entries
            .iter()
            .find(|e| e.team_id == team && e.pool_id.is_some())
            .and_then(|e| e.pool_id)
            .and_then(|p| pool_name.get(&p).cloned())
            .unwrap_or_default()
    };
    let balance = team_ids
        .iter()
        .zip(&counted.teams)
        .map(|(&id, f)| TeamBalance {
            team: team_name(id),
            group: group_of(id),
            home: f.home,
            away: f.away,
            breaks: f.breaks,
            min_rest_days: f.min_rest_days,
        })
        .collect();
    let mut per_court: BTreeMap<i32, Vec<ReviewGame>> = BTreeMap::new();
    for g in &games {
        per_court
            .entry(g.court_id.unwrap_or(0))
            .or_default()
            .push(review_game(g));
    }
    let games_per_court = per_court
        .iter()
        .map(|(c, list)| {
            (
                courts.get(c).cloned().unwrap_or_default(),
                list.len() as u32,
            )
        })
        .collect();
    let by_court = per_court
        .into_iter()
        .map(|(c, games)| ReviewCalendar {
            name: courts.get(&c).cloned().unwrap_or_default(),
            games,
        })
        .collect();
    let by_team = team_ids
        .iter()
        .map(|&id| ReviewCalendar {
            name: team_name(id),
            games: games
                .iter()
                .filter(|g| g.home_team_id == Some(id) || g.away_team_id == Some(id))
                .map(review_game)
                .collect(),
        })
        .collect();
    let run_view = run.as_ref().map(|run| {
        let stored: Option<StoredReport> = run
            .report
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok());
        RunView {
            id: run.id,
            status: run.status.clone(),
            progress: run.progress,
            hard_violations: run.hard_violations,
            problems: stored
                .as_ref()
                .map(|s| s.problems.iter().take(20).cloned().collect())
                .unwrap_or_default(),
            message: run.message.clone(),
            started_at: local(run.started_at)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            seconds: stored.as_ref().map(|s| s.seconds),
        }
    });
    let breaks_reference = run
        .as_ref()
        .and_then(|r| r.report.as_deref())
        .and_then(|r| serde_json::from_str::<StoredReport>(r).ok())
        .and_then(|s| s.breaks_reference);
    let can_publish = competition.status == CompetitionStatus::Draft
        && !games.is_empty()
        && run
            .as_ref()
            .is_some_and(|r| r.status == RUN_DONE && r.hard_violations == Some(0));
    Ok(Some(CompetitionReview {
        id: competition.id,
        name: competition.name,
        kind: competition.kind,
        status: competition.status,
        festival: competition.festival,
        starts_on: day_text(competition.starts_on),
        ends_on: day_text(competition.ends_on),
        teams: team_ids.len() as u32,
        structure,
        run: run_view,
        games: games.len() as u32,
        breaks: counted.breaks,
        breaks_reference,
        min_rest_days: counted.min_rest_days,
        avg_rest_days: counted.avg_rest_days,
        balance,
        games_per_court,
        by_court,
        by_team,
        can_publish,
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("no such competition")]
    NotFound,
    #[error("already published")]
    NotDraft,
    #[error("no schedule, or one with hard violations")]
    NotReady,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Publishes a draft whose latest run finished with no hard violations; audit-logged.
pub async fn publish(
    db: &DatabaseConnection,
    competition_id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), PublishError> {
    let txn = db.begin().await?;
    let competition = match draft(&txn, competition_id).await {
        Ok(c) => c,
        Err(RunError::NotDraft) => return Err(PublishError::NotDraft),
        Err(RunError::Db(e)) => return Err(PublishError::Db(e)),
        Err(_) => return Err(PublishError::NotFound),
    };
    let games = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(competition_id))
        .count(&txn)
        .await?;
    let run = latest_run(&txn, competition_id).await?;
    let ready =
        games > 0 && run.is_some_and(|r| r.status == RUN_DONE && r.hard_violations == Some(0));
    if !ready {
        return Err(PublishError::NotReady);
    }
    let mut active: competition::ActiveModel = competition.into();
    active.status = Set(CompetitionStatus::Published);
    active.update(&txn).await?;
    audit_entry(
        &txn,
        actor,
        "competition",
        competition_id,
        "publish",
        Some("draft".into()),
        Some(format!("published, {games} games")),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
