//! Tables and brackets of a stored competition, computed by the Annex D engine.
use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use sea_orm::{prelude::*, QueryOrder};

use super::entities::*;
use super::queries::Lookup;
use crate::domain::standings::{
    self as engine, compute_standings, Completion, Form, GameResult, StandingsReport,
};
use crate::i18n::Lang;
use crate::model::*;

/// A team as the engine sees it: ordered by name, so a drawing of lots lists teams in an
/// order a reader can follow, and displayed by name in explanations.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Named {
    name: String,
    id: i32,
}

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A table before it is computed: who is in it and which games count.
pub(super) struct Group {
    pub(super) title: String,
    /// The competition stage, and the pool within it (a cup's group).
    pub(super) stage_id: i32,
    pub(super) pool_id: Option<i32>,
    teams: Vec<Named>,
    games: Vec<game::Model>,
    /// Lots drawn for teams level on everything (team id → place among them, 1 first).
    lots: BTreeMap<i32, u32>,
}

pub(super) fn engine_outcome(outcome: Outcome) -> engine::Outcome {
    match outcome {
        Outcome::Played => engine::Outcome::Played,
        Outcome::ForfeitByHome => engine::Outcome::ForfeitByHome,
        Outcome::ForfeitByAway => engine::Outcome::ForfeitByAway,
        Outcome::DefaultByHome => engine::Outcome::DefaultByHome,
        Outcome::DefaultByAway => engine::Outcome::DefaultByAway,
    }
}

/// A game that counts: decided, with both teams known.
pub(super) fn decided(game: &game::Model) -> bool {
    matches!(game.status, GameStatus::Played | GameStatus::Forfeit)
        && game.outcome.is_some()
        && game.home_team_id.is_some()
        && game.away_team_id.is_some()
}

impl Group {
    /// Complete once no game of the group is still to be played.
    fn completion(&self) -> Completion {
        let open = self
            .games
            .iter()
            .any(|g| matches!(g.status, GameStatus::Scheduled | GameStatus::Postponed));
        if open {
            Completion::InProgress
        } else {
            Completion::Complete
        }
    }

    /// Each place's team once the group has played every game; `None` at a place that only
    /// a drawing of lots can settle. Empty while games remain.
    pub(super) fn settled_places(&self) -> Result<Vec<Option<i32>>, DbErr> {
        let standings = self.standings().map_err(engine_error)?;
        if !standings.completion.is_complete() {
            return Ok(Vec::new());
        }
        Ok(standings
            .rows
            .iter()
            .map(|row| (!row.draw_of_lots).then_some(row.team.id))
            .collect())
    }

    fn standings(&self) -> Result<engine::Standings<Named>, engine::StandingsError> {
        let named = |id: Option<i32>| {
            let id = id.expect("decided games have both teams");
            self.teams
                .iter()
                .find(|t| t.id == id)
                .cloned()
                .unwrap_or(Named {
                    name: format!("#{id}"),
                    id,
                })
        };
        let results: Vec<GameResult<Named>> = self
            .games
            .iter()
            .filter(|g| decided(g))
            .map(|g| {
                GameResult::ended(
                    named(g.home_team_id),
                    named(g.away_team_id),
                    g.home_score.unwrap_or_default().max(0) as u32,
                    g.away_score.unwrap_or_default().max(0) as u32,
                    engine_outcome(g.outcome.expect("decided games have an outcome")),
                )
            })
            .collect();
        let mut standings = compute_standings(&self.teams, &results, self.completion())?;
        engine::decide_by_lots(&mut standings, |team| self.lots.get(&team.id).copied());
        Ok(standings)
    }

    /// Teams level on everything with every game played and no lots recorded yet: the
    /// organiser must hold a drawing of lots (one list per tie).
    pub(super) fn waiting_for_lots(&self) -> Result<Vec<Vec<(i32, String)>>, DbErr> {
        let standings = self.standings().map_err(engine_error)?;
        let mut ties: Vec<Vec<(i32, String)>> = Vec::new();
        for (i, row) in standings.rows.iter().enumerate() {
            if !row.draw_of_lots {
                continue;
            }
            let continues = i > 0
                && standings.rows[i - 1].draw_of_lots
                && matches!(
                    standings.rows[i - 1]
                        .explanation
                        .as_ref()
                        .map(|e| &e.reason),
                    Some(engine::Reason::DrawOfLots { .. })
                );
            let team = (row.team.id, row.team.name.clone());
            match ties.last_mut() {
                Some(tie) if continues => tie.push(team),
                _ => ties.push(vec![team]),
            }
        }
        Ok(ties)
    }
}

/// The lots recorded for a table's teams.
fn lots_of<'a>(members: impl Iterator<Item = &'a stage_entry::Model>) -> BTreeMap<i32, u32> {
    members
        .filter_map(|e| Some((e.team_id, u32::try_from(e.lot?).ok()?)))
        .collect()
}

pub(super) struct Loaded {
    pub(super) groups: Vec<Group>,
    pub(super) knockouts: Vec<(String, Vec<game::Model>)>,
}

pub(super) async fn load(
    db: &impl ConnectionTrait,
    competition_id: i32,
) -> Result<Option<Loaded>, DbErr> {
    if competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let (stages, games) = tokio::try_join!(
        stage::Entity::find()
            .filter(stage::Column::CompetitionId.eq(competition_id))
            .order_by_asc(stage::Column::SortOrder)
            .all(db),
        game::Entity::find()
            .filter(game::Column::CompetitionId.eq(competition_id))
            .order_by_asc(game::Column::StartsAt)
            .order_by_asc(game::Column::Id)
            .all(db),
    )?;
    let stage_ids: Vec<i32> = stages.iter().map(|s| s.id).collect();
    let (pools, entries) = tokio::try_join!(
        pool::Entity::find()
            .filter(pool::Column::StageId.is_in(stage_ids.clone()))
            .order_by_asc(pool::Column::Name)
            .all(db),
        stage_entry::Entity::find()
            .filter(stage_entry::Column::StageId.is_in(stage_ids))
            .order_by_asc(stage_entry::Column::Seed)
            .all(db),
    )?;
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let teams: BTreeMap<i32, String> = team::Entity::find()
        .filter(team::Column::Id.is_in(team_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let named = |entry: &stage_entry::Model| Named {
        name: teams.get(&entry.team_id).cloned().unwrap_or_default(),
        id: entry.team_id,
    };
    let mut groups = Vec::new();
    let mut knockouts = Vec::new();
    for stage in &stages {
        let stage_games = || games.iter().filter(|g| g.stage_id == stage.id).cloned();
        if stage.format == StageFormat::Knockout {
            knockouts.push((stage.name.clone(), stage_games().collect()));
            continue;
        }
        let stage_pools: Vec<&pool::Model> =
            pools.iter().filter(|p| p.stage_id == stage.id).collect();
        if stage_pools.is_empty() {
            let members = || entries.iter().filter(|e| e.stage_id == stage.id);
            groups.push(Group {
                title: stage.name.clone(),
                stage_id: stage.id,
                pool_id: None,
                teams: members().map(named).collect(),
                games: stage_games().collect(),
                lots: lots_of(members()),
            });
        }
        for pool in stage_pools {
            let members = || entries.iter().filter(|e| e.pool_id == Some(pool.id));
            groups.push(Group {
                title: pool.name.clone(),
                stage_id: stage.id,
                pool_id: Some(pool.id),
                teams: members().map(named).collect(),
                lots: lots_of(members()),
                games: stage_games()
                    .filter(|g| g.pool_id == Some(pool.id))
                    .collect(),
            });
        }
    }
    Ok(Some(Loaded { groups, knockouts }))
}

fn engine_error(error: engine::StandingsError) -> DbErr {
    DbErr::Custom(format!("stored results do not form a valid table: {error}"))
}

/// The CLI's report for each table of a competition (one for a league, one per pool of a cup).
pub async fn report_for_competition(
    db: &DatabaseConnection,
    competition_id: i32,
) -> Result<Option<Vec<(String, StandingsReport)>>, DbErr> {
    let Some(loaded) = load(db, competition_id).await? else {
        return Ok(None);
    };
    loaded
        .groups
        .iter()
        .map(|group| {
            let standings = group.standings().map_err(engine_error)?;
            Ok((group.title.clone(), StandingsReport::new(&standings)))
        })
        .collect::<Result<Vec<_>, DbErr>>()
        .map(Some)
}

/// Everything the standings page shows for one competition (the one being played now when
/// none is asked for: `queries::competitions_now`).
pub async fn page(
    db: &DatabaseConnection,
    names: &super::queries::NamesCache,
    competition_id: Option<i32>,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<StandingsData, DbErr> {
    let lookup = Lookup::load(db, names).await?;
    let competitions = super::queries::competitions_now(db, &lookup, now).await?;
    let selected = competition_id
        .and_then(|id| competitions.iter().find(|c| c.id == id))
        .or(competitions.first())
        .cloned();
    let mut data = StandingsData {
        competitions,
        selected: selected.clone(),
        tables: Vec::new(),
        brackets: Vec::new(),
        honours: None,
        leaders: Vec::new(),
        three_point_leaders: Vec::new(),
    };
    let Some(selected) = selected else {
        return Ok(data);
    };
    data.honours = super::honours::of_competition(db, &lookup, selected.id).await?;
    (data.leaders, data.three_point_leaders) =
        super::leaders::of_competition(db, &lookup, selected.id).await?;
    let Some(loaded) = load(db, selected.id).await? else {
        return Ok(data);
    };
    let engine_lang = match lang {
        Lang::Zh => engine::Lang::Zh,
        Lang::En => engine::Lang::En,
    };
    for group in &loaded.groups {
        let standings = group.standings().map_err(engine_error)?;
        let rows = standings
            .rows
            .iter()
            .map(|row| TableRow {
                rank: row.rank,
                shared_rank: row.shared_rank,
                draw_of_lots: row.draw_of_lots,
                team: lookup.team_ref(row.team.id).unwrap_or(TeamRef {
                    id: row.team.id,
                    name: row.team.name.clone(),
                    group: String::new(),
                }),
                played: row.played,
                won: row.won,
                lost: row.lost,
                points: row.points,
                points_for: row.points_for,
                points_against: row.points_against,
                difference: row.difference,
                last_five: row.last_five.iter().map(|f| *f == Form::Won).collect(),
                explanation: row.explanation.as_ref().map(|e| e.render(engine_lang)),
            })
            .collect();
        data.tables.push(TableView {
            title: group.title.clone(),
            complete: standings.completion.is_complete(),
            rows,
        });
    }
    for (title, games) in &loaded.knockouts {
        let mut rounds: BTreeMap<i32, Vec<GameCard>> = BTreeMap::new();
        for game in games {
            rounds
                .entry(game.round)
                .or_default()
                .push(lookup.game_card(game, now));
        }
        data.brackets.push(BracketView {
            title: title.clone(),
            rounds: rounds
                .into_iter()
                .map(|(round, games)| BracketRound { round, games })
                .collect(),
        });
    }
    Ok(data)
}
