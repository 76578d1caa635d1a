//! A competition moving on and closing. After each result that stands, [`settle`] puts the
//! pools' places and the winners into a cup's knockout (the domain's `advance`); once every
//! game is decided it records the podium — the final's winner and loser and the third-place
//! game's winner, or a league table's first three — and marks the competition finished.
//! [`page`] is the honours page (荣誉榜) that lists them by year. A tie only lots can settle
//! stops a pool from sending anyone on until the organiser records the draw ([`record_lots`]).
use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Utc};
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder, TransactionTrait};

use super::entities::*;
use super::queries::Lookup;
use super::reports::audit_entry;
use super::standings::{self, decided, engine_outcome};
use crate::domain::schedule::advance::{advance, KnockoutGame, Line, Podium};
use crate::domain::schedule::stage::{Side, Stage};
use crate::domain::standings::GameResult;
use crate::model::*;

/// The home side won a decided game (forfeits and defaults as the table counts them).
fn home_won(game: &game::Model) -> Option<bool> {
    if !decided(game) {
        return None;
    }
    GameResult::ended(
        game.home_team_id?,
        game.away_team_id?,
        game.home_score?.max(0) as u32,
        game.away_score?.max(0) as u32,
        engine_outcome(game.outcome?),
    )
    .recorded()
    .ok()
    .map(|recorded| recorded.home_won())
}

/// Moves a published competition on after a result: fills the knockout sides that are now
/// known, and closes the competition with its podium once every game is decided. Runs in the
/// result's own transaction, so the result and what follows from it land together.
pub async fn settle(
    txn: &impl ConnectionTrait,
    competition_id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(competition) = competition::Entity::find_by_id(competition_id)
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    if competition.status == CompetitionStatus::Draft {
        return Ok(());
    }
    let Some(loaded) = standings::load(txn, competition_id).await? else {
        return Ok(());
    };
    let mut pools: BTreeMap<char, Vec<Option<i32>>> = BTreeMap::new();
    let mut table_places = Vec::new();
    for group in &loaded.groups {
        let places = group.settled_places()?;
        if let Some(Stage::Group(letter)) = Stage::parse(&group.title) {
            pools.insert(letter, places.clone());
        }
        table_places = places;
    }
    let knockout: Vec<&game::Model> = loaded
        .knockouts
        .iter()
        .flat_map(|(_, games)| games)
        .filter(|g| g.bracket_slot.as_deref().and_then(Stage::parse).is_some())
        // A game called off is not waited for (a third-place game rained off for good).
        .filter(|g| g.status != GameStatus::Cancelled)
        .collect();
    let ids: Vec<i32> = knockout.iter().map(|g| g.id).collect();
    let reported: HashSet<i32> = score_report::Entity::find()
        .filter(score_report::Column::GameId.is_in(ids))
        .filter(score_report::Column::Status.is_in([ReportStatus::Pending, ReportStatus::Disputed]))
        .all(txn)
        .await?
        .into_iter()
        .map(|r| r.game_id)
        .collect();
    let line = |source: &Option<String>, team: Option<i32>| Line {
        source: source.as_deref().and_then(Side::parse),
        team,
    };
    let bracket: Vec<KnockoutGame<i32>> = knockout
        .iter()
        .map(|g| KnockoutGame {
            slot: g
                .bracket_slot
                .as_deref()
                .and_then(Stage::parse)
                .expect("filtered above"),
            home: line(&g.home_source, g.home_team_id),
            away: line(&g.away_source, g.away_team_id),
            home_won: home_won(g),
            started: decided(g)
                || reported.contains(&g.id)
                || !matches!(g.status, GameStatus::Scheduled | GameStatus::Postponed),
        })
        .collect();
    let progress = advance(&pools, &bracket);
    let mut filled: BTreeMap<usize, (Option<i32>, Option<i32>)> = BTreeMap::new();
    for fill in &progress.fills {
        let game = knockout[fill.game];
        let sides = filled
            .entry(fill.game)
            .or_insert((game.home_team_id, game.away_team_id));
        if fill.home {
            sides.0 = fill.team;
        } else {
            sides.1 = fill.team;
        }
    }
    for (index, (home, away)) in filled {
        let game = knockout[index];
        let mut changed: game::ActiveModel = game.clone().into();
        changed.home_team_id = Set(home);
        changed.away_team_id = Set(away);
        // Forms opened on the old sides are now stale.
        changed.version = Set(game.version + 1);
        changed.updated_at = Set(now);
        changed.update(txn).await?;
        audit_entry(
            txn,
            actor,
            "game",
            game.id,
            "bracket.filled",
            Some(format!("{:?} v {:?}", game.home_team_id, game.away_team_id)),
            Some(format!("{home:?} v {away:?}")),
            now,
        )
        .await?;
    }
    // Close once nothing is left to play.
    let games = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(competition_id))
        .all(txn)
        .await?;
    let finished = games
        .iter()
        .all(|g| decided(g) || g.status == GameStatus::Cancelled);
    let podium = if bracket.is_empty() {
        // A league: the table's first three, once no drawing of lots stands between them.
        match table_places.as_slice() {
            [Some(first), Some(second), third, ..] => Some(Podium {
                champion: *first,
                runner_up: *second,
                third: *third,
            }),
            _ => None,
        }
    } else {
        progress.podium
    };
    let (true, Some(podium)) = (finished, podium) else {
        return Ok(());
    };
    let recorded = honour::Entity::find()
        .filter(honour::Column::CompetitionId.eq(competition_id))
        .one(txn)
        .await?
        .is_some();
    if !recorded {
        let places = [Some(podium.champion), Some(podium.runner_up), podium.third];
        for (place, team) in places.into_iter().enumerate() {
            let Some(team) = team else { continue };
            honour::ActiveModel {
                competition_id: Set(competition_id),
                place: Set(place as i16 + 1),
                team_id: Set(team),
                recorded_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    if competition.status != CompetitionStatus::Finished {
        let mut closed: competition::ActiveModel = competition.clone().into();
        closed.status = Set(CompetitionStatus::Finished);
        closed.update(txn).await?;
        audit_entry(
            txn,
            actor,
            "competition",
            competition_id,
            "competition.finished",
            None,
            Some(format!(
                "champion {} runner-up {} third {:?}",
                podium.champion, podium.runner_up, podium.third
            )),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Every finished competition's podium, the latest year first.
pub async fn page(
    db: &DatabaseConnection,
    names: &super::queries::NamesCache,
) -> Result<HonoursData, DbErr> {
    let lookup = Lookup::load(db, names).await?;
    let honours = honour::Entity::find()
        .order_by_asc(honour::Column::Place)
        .all(db)
        .await?;
    let competitions = competition::Entity::find()
        .filter(competition::Column::Status.eq(CompetitionStatus::Finished))
        .order_by_desc(competition::Column::EndsOn)
        .order_by_desc(competition::Column::Id)
        .all(db)
        .await?;
    let mut years: Vec<HonoursYear> = Vec::new();
    for competition in competitions {
        let Some(entry) = podium_of(&competition, &honours, &lookup) else {
            continue;
        };
        let year = competition.ends_on.year();
        match years.last_mut() {
            Some(last) if last.year == year => last.competitions.push(entry),
            _ => years.push(HonoursYear {
                year,
                competitions: vec![entry],
            }),
        }
    }
    Ok(HonoursData { years })
}

/// A competition's recorded podium; `None` before it has one.
fn podium_of(
    competition: &competition::Model,
    honours: &[honour::Model],
    lookup: &Lookup,
) -> Option<Honours> {
    let place = |place: i16| {
        honours
            .iter()
            .find(|h| h.competition_id == competition.id && h.place == place)
            .and_then(|h| lookup.team_ref(h.team_id))
    };
    Some(Honours {
        competition_id: competition.id,
        name: competition.name.clone(),
        kind: competition.kind,
        division: competition.division,
        ends_on: competition.ends_on.to_string(),
        champion: place(1)?,
        runner_up: place(2),
        third: place(3),
    })
}

/// One competition's podium, for its standings page.
pub(super) async fn of_competition(
    db: &DatabaseConnection,
    lookup: &Lookup,
    competition_id: i32,
) -> Result<Option<Honours>, DbErr> {
    let Some(competition) = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let honours = honour::Entity::find()
        .filter(honour::Column::CompetitionId.eq(competition_id))
        .all(db)
        .await?;
    Ok(podium_of(&competition, &honours, lookup))
}

/// A team's titles and podium places, the latest first.
pub async fn of_team(db: &DatabaseConnection, team_id: i32) -> Result<Vec<TeamHonour>, DbErr> {
    let honours = honour::Entity::find()
        .filter(honour::Column::TeamId.eq(team_id))
        .all(db)
        .await?;
    let ids: Vec<i32> = honours.iter().map(|h| h.competition_id).collect();
    let competitions = competition::Entity::find()
        .filter(competition::Column::Id.is_in(ids))
        .order_by_desc(competition::Column::EndsOn)
        .all(db)
        .await?;
    Ok(competitions
        .into_iter()
        .filter_map(|c| {
            let place = honours.iter().find(|h| h.competition_id == c.id)?.place;
            Some(TeamHonour {
                competition_id: c.id,
                name: c.name,
                year: c.ends_on.year(),
                place: place as u8,
            })
        })
        .collect())
}

/// Ties only a drawing of lots can settle, in published competitions, for the workspace.
pub async fn lots_needed(db: &DatabaseConnection) -> Result<Vec<LotsNeeded>, DbErr> {
    let competitions = competition::Entity::find()
        .filter(competition::Column::Status.ne(CompetitionStatus::Draft))
        .order_by_asc(competition::Column::Id)
        .all(db)
        .await?;
    let mut needed = Vec::new();
    for competition in competitions {
        let Some(loaded) = standings::load(db, competition.id).await? else {
            continue;
        };
        for group in &loaded.groups {
            for tie in group.waiting_for_lots()? {
                needed.push(LotsNeeded {
                    competition_id: competition.id,
                    competition: competition.name.clone(),
                    table: group.title.clone(),
                    stage_id: group.stage_id,
                    pool_id: group.pool_id,
                    teams: tie
                        .into_iter()
                        .map(|(id, name)| Choice { id, name })
                        .collect(),
                });
            }
        }
    }
    Ok(needed)
}

#[derive(Debug, thiserror::Error)]
pub enum LotsError {
    /// Not a tie waiting for lots, or not each place once.
    #[error("not the places of a tie waiting for lots")]
    Invalid,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Records the places a drawing of lots gave the teams of one tie (`lots`: team id → place,
/// 1 first, each place once); the table follows them and the competition moves on.
pub async fn record_lots(
    db: &DatabaseConnection,
    competition_id: i32,
    stage_id: i32,
    pool_id: Option<i32>,
    lots: &[(i32, u32)],
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), LotsError> {
    let waiting = lots_needed(db).await?;
    let tie = waiting
        .iter()
        .find(|t| {
            t.competition_id == competition_id && t.stage_id == stage_id && t.pool_id == pool_id
        })
        .and_then(|t| {
            let mut teams: Vec<i32> = t.teams.iter().map(|c| c.id).collect();
            let mut given: Vec<i32> = lots.iter().map(|(team, _)| *team).collect();
            teams.sort_unstable();
            given.sort_unstable();
            (teams == given).then_some(t)
        })
        .ok_or(LotsError::Invalid)?;
    let mut places: Vec<u32> = lots.iter().map(|(_, place)| *place).collect();
    places.sort_unstable();
    if places != (1..=tie.teams.len() as u32).collect::<Vec<_>>() {
        return Err(LotsError::Invalid);
    }
    let txn = db.begin().await?;
    for (team, place) in lots {
        let entry = stage_entry::Entity::find()
            .filter(stage_entry::Column::StageId.eq(stage_id))
            .filter(stage_entry::Column::TeamId.eq(*team))
            .one(&txn)
            .await?
            .filter(|e| e.pool_id == pool_id)
            .ok_or(LotsError::Invalid)?;
        let mut drawn: stage_entry::ActiveModel = entry.into();
        drawn.lot = Set(Some(*place as i16));
        drawn.update(&txn).await?;
    }
    audit_entry(
        &txn,
        actor,
        "competition",
        competition_id,
        "lots.drawn",
        None,
        Some(format!("{} {lots:?}", tie.table)),
        now,
    )
    .await?;
    settle(&txn, competition_id, actor, now).await?;
    txn.commit().await?;
    Ok(())
}
