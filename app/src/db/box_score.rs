//! The optional box score (players' points and fouls), stored as JSON on the report and,
//! once confirmed, on the game — the same way as the period scores.
use std::collections::HashMap;

use crate::domain::score::{PlayerLine, Side};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::entities::player;
use crate::model::{BoxLineView, RosterPlayer};

pub fn encode(lines: &[PlayerLine]) -> Option<String> {
    (!lines.is_empty()).then(|| serde_json::to_string(lines).expect("numbers serialise"))
}

pub fn decode(json: Option<&str>) -> Vec<PlayerLine> {
    json.and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

/// The players of the given teams, by jersey number, in one query.
pub async fn rosters(
    db: &impl ConnectionTrait,
    teams: &[i32],
) -> Result<HashMap<i32, Vec<RosterPlayer>>, DbErr> {
    let players = player::Entity::find()
        .filter(player::Column::TeamId.is_in(teams.iter().copied()))
        .order_by_asc(player::Column::JerseyNumber)
        .order_by_asc(player::Column::Id)
        .all(db)
        .await?;
    let mut by_team: HashMap<i32, Vec<RosterPlayer>> = HashMap::new();
    for p in players {
        by_team.entry(p.team_id).or_default().push(RosterPlayer {
            id: p.id,
            number: p.jersey_number,
            name: p.name,
        });
    }
    Ok(by_team)
}

/// The lines with the players' names and numbers: home team first, then by points.
/// A line whose player has since been deleted is left out.
pub async fn views(
    db: &impl ConnectionTrait,
    lines: &[PlayerLine],
) -> Result<Vec<BoxLineView>, DbErr> {
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    let players: HashMap<i32, player::Model> = player::Entity::find()
        .filter(player::Column::Id.is_in(lines.iter().map(|line| line.player_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut views: Vec<BoxLineView> = lines
        .iter()
        .filter_map(|line| {
            let p = players.get(&line.player_id)?;
            Some(BoxLineView {
                player: RosterPlayer {
                    id: p.id,
                    number: p.jersey_number,
                    name: p.name.clone(),
                },
                home: line.side == Side::Home,
                points: line.points,
                fouls: line.fouls,
            })
        })
        .collect();
    views.sort_by_key(|v| (!v.home, std::cmp::Reverse(v.points), v.player.number));
    Ok(views)
}
