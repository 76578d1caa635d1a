//! The season's leaders and a player's page, from the box scores of confirmed games (the
//! rules of adding them up are the domain's [`crate::domain::leaders`]).
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{prelude::*, QueryOrder};

use super::entities::*;
use super::queries::Lookup;
use crate::domain::leaders::{season, top_scorers, top_three_point_shooters, SeasonLine};
use crate::domain::score::PlayerLine;
use crate::model::{
    GameStatus, LeaderLine, PlayerData, PlayerGame, PlayerSeason, RosterPlayer, TeamRef,
};

/// How many players a leaders' table shows.
pub const LEADERS: usize = 10;

/// The confirmed games of a competition (all when `None`) with a box score.
async fn scored_games(
    db: &impl ConnectionTrait,
    competition: Option<i32>,
) -> Result<Vec<(game::Model, Vec<PlayerLine>)>, DbErr> {
    let mut query = game::Entity::find()
        .filter(game::Column::Status.eq(GameStatus::Played))
        .filter(game::Column::BoxScore.is_not_null());
    if let Some(competition) = competition {
        query = query.filter(game::Column::CompetitionId.eq(competition));
    }
    Ok(query
        .order_by_desc(game::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(|game| {
            let lines = super::box_score::decode(game.box_score.as_deref());
            (game, lines)
        })
        .collect())
}

fn roster_player(player: &player::Model) -> RosterPlayer {
    RosterPlayer {
        id: player.id,
        number: player.jersey_number,
        name: player.name.clone(),
    }
}

fn team_of(lookup: &Lookup, team: i32) -> TeamRef {
    lookup.team_ref(team).unwrap_or(TeamRef {
        id: team,
        name: String::new(),
        group: String::new(),
    })
}

/// The top scorers of a competition's confirmed box scores, and its leaders in
/// three-pointers (empty when no box score recorded them).
pub async fn of_competition(
    db: &DatabaseConnection,
    lookup: &Lookup,
    competition: i32,
) -> Result<(Vec<LeaderLine>, Vec<LeaderLine>), DbErr> {
    let games = scored_games(db, Some(competition)).await?;
    let lines = season(games.iter().map(|(_, lines)| lines.as_slice()));
    let scorers = top_scorers(lines.clone(), LEADERS);
    let shooters = top_three_point_shooters(lines, LEADERS);
    let players: HashMap<i32, player::Model> = player::Entity::find()
        .filter(
            player::Column::Id.is_in(scorers.iter().chain(&shooters).map(|line| line.player_id)),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let table = |lines: Vec<SeasonLine>| -> Vec<LeaderLine> {
        lines
            .iter()
            .filter_map(|line| {
                let player = players.get(&line.player_id)?;
                Some(LeaderLine {
                    player: roster_player(player),
                    team: team_of(lookup, player.team_id),
                    games: line.games,
                    points: line.points,
                    per_game: line.per_game(),
                    fouls: line.fouls,
                    threes: line.threes,
                })
            })
            .collect()
    };
    Ok((table(scorers), table(shooters)))
}

/// A player's page; `None` when there is no such player.
pub async fn player_page(
    db: &DatabaseConnection,
    names: &super::queries::NamesCache,
    player_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<PlayerData>, DbErr> {
    let Some(player) = player::Entity::find_by_id(player_id).one(db).await? else {
        return Ok(None);
    };
    let lookup = Lookup::load(db, names).await?;
    let games: Vec<(game::Model, PlayerLine)> = scored_games(db, None)
        .await?
        .into_iter()
        .filter(|(game, _)| lookup.is_published(game.competition_id))
        .filter_map(|(game, lines)| {
            let line = lines.into_iter().find(|l| l.player_id == player_id)?;
            Some((game, line))
        })
        .collect();
    let mut competitions: Vec<i32> = games.iter().map(|(g, _)| g.competition_id).collect();
    competitions.dedup();
    competitions.sort_unstable();
    competitions.dedup();
    let seasons = competitions
        .into_iter()
        .filter_map(|competition| {
            let lines: Vec<[PlayerLine; 1]> = games
                .iter()
                .filter(|(g, _)| g.competition_id == competition)
                .map(|(_, line)| [*line])
                .collect();
            let line = season(lines.iter().map(|l| l.as_slice())).pop()?;
            Some(PlayerSeason {
                competition: lookup.competition(competition)?,
                games: line.games,
                points: line.points,
                per_game: line.per_game(),
                fouls: line.fouls,
                threes: line.threes,
            })
        })
        .collect();
    Ok(Some(PlayerData {
        player: roster_player(&player),
        team: team_of(&lookup, player.team_id),
        seasons,
        games: games
            .iter()
            .map(|(game, line)| PlayerGame {
                game: lookup.game_card(game, now),
                points: line.points,
                fouls: line.fouls,
                threes: line.threes,
            })
            .collect(),
    }))
}
