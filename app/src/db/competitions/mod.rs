//! Organisers create competitions (a league within a division, or a festival cup sized by
//! the domain), generate their schedule with the set-up's constraints, review it and publish
//! it. Until it is published a competition is a draft that no public page shows.
//!
//! A league's schedule is made by a background run of the village engine (see
//! `server::competition_actions`); its progress, cancellation and quality report live in the
//! `schedule_run` table. A cup's groups and knockout are laid out when it is created.
use std::collections::{BTreeMap, HashMap};

use crate::domain::form::Fields;
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

pub fn festival_choices(today: NaiveDate) -> Vec<FestivalChoice> {
    upcoming_festivals(today)
        .into_iter()
        .map(|(festival, date)| FestivalChoice {
            value: festival_value(festival, date),
            name_zh: format!("{} {}", date.year(), festival.zh()),
            name_en: format!("{} {}", festival.en(), date.year()),
            date: date.to_string(),
            big: is_big(festival),
        })
        .collect()
}

/// The competition forms' rules ([`crate::domain::competition`]), read into the app's
/// [`Division`].
pub use crate::domain::competition::{festival_value, fields, is_big, upcoming_festivals, Problem};
pub type LeagueInput = crate::domain::competition::LeagueInput<Division>;
pub type CupInput = crate::domain::competition::CupInput<Division>;
/// A field the form or the database refused, and why.
pub type FieldProblem = crate::domain::competition::FieldError;

/// The league form read ([`crate::domain::competition::parse_league`]).
pub fn parse_league(form: &Fields) -> Result<LeagueInput, Vec<FieldProblem>> {
    crate::domain::competition::parse_league(form)
}

/// The cup form read ([`crate::domain::competition::parse_cup`]).
pub fn parse_cup(form: &Fields) -> Result<CupInput, Vec<FieldProblem>> {
    crate::domain::competition::parse_cup(form)
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("the form has errors")]
    Invalid(Vec<FieldProblem>),
    #[error(transparent)]
    Db(#[from] DbErr),
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
        return Err(CreateError::Invalid(vec![FieldProblem::new(
            fields::TEAM,
            Problem::Invalid,
        )]));
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
