//! The season's leaders: each player's line over the confirmed box scores of a competition
//! (games, points, points per game, fouls, three-pointers where recorded), and the order a
//! leaders' table shows them in.
//! Plain Rust: the box scores come in, the lines go out.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::score::PlayerLine;

/// One player's season so far.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SeasonLine {
    pub player_id: i32,
    /// Games with a box-score line for the player.
    pub games: u32,
    pub points: u32,
    pub fouls: u32,
    /// Fouled out (five fouls) in this many games.
    pub fouled_out: u32,
    /// Three-pointers made, over the games that recorded them (`None`: none did).
    pub threes: Option<u32>,
}

impl SeasonLine {
    /// Points per game, to one decimal.
    pub fn per_game(&self) -> f64 {
        if self.games == 0 {
            return 0.0;
        }
        (f64::from(self.points) / f64::from(self.games) * 10.0).round() / 10.0
    }
}

/// Every player's season line from the box scores of a competition's confirmed games.
pub fn season<'a>(box_scores: impl IntoIterator<Item = &'a [PlayerLine]>) -> Vec<SeasonLine> {
    let mut lines: HashMap<i32, SeasonLine> = HashMap::new();
    for game in box_scores {
        for line in game {
            let season = lines.entry(line.player_id).or_insert(SeasonLine {
                player_id: line.player_id,
                games: 0,
                points: 0,
                fouls: 0,
                fouled_out: 0,
                threes: None,
            });
            season.games += 1;
            if let Some(threes) = line.threes {
                *season.threes.get_or_insert(0) += threes;
            }
            season.points += line.points;
            season.fouls += line.fouls;
            season.fouled_out += u32::from(line.fouls >= crate::score::MAX_FOULS);
        }
    }
    lines.into_values().collect()
}

/// Top scorers first: by points, then points per game, then fewer games; `limit` of them,
/// with nobody who has not scored.
pub fn top_scorers(mut lines: Vec<SeasonLine>, limit: usize) -> Vec<SeasonLine> {
    lines.retain(|line| line.points > 0);
    lines.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then(b.per_game().total_cmp(&a.per_game()))
            .then(a.games.cmp(&b.games))
            .then(a.player_id.cmp(&b.player_id))
    });
    lines.truncate(limit);
    lines
}

/// Most three-pointers first (then fewer games); `limit` of them, with nobody who has made
/// none. Empty when no box score recorded them.
pub fn top_three_point_shooters(mut lines: Vec<SeasonLine>, limit: usize) -> Vec<SeasonLine> {
    lines.retain(|line| line.threes.unwrap_or(0) > 0);
    lines.sort_by(|a, b| {
        b.threes
            .cmp(&a.threes)
            .then(a.games.cmp(&b.games))
            .then(a.player_id.cmp(&b.player_id))
    });
    lines.truncate(limit);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Side;

    fn line(player_id: i32, points: u32, fouls: u32) -> PlayerLine {
        PlayerLine {
            player_id,
            side: Side::Home,
            points,
            fouls,
            threes: None,
        }
    }

    #[test]
    fn a_season_adds_up_the_games_of_each_player() {
        let first = [line(7, 12, 2), line(9, 3, 5)];
        let second = [line(7, 8, 1), line(4, 20, 0)];
        let mut lines = season([&first[..], &second[..]]);
        lines.sort_by_key(|l| l.player_id);
        assert_eq!(
            lines,
            vec![
                SeasonLine {
                    player_id: 4,
                    games: 1,
                    points: 20,
                    fouls: 0,
                    fouled_out: 0,
                    threes: None
                },
                SeasonLine {
                    player_id: 7,
                    games: 2,
                    points: 20,
                    fouls: 3,
                    fouled_out: 0,
                    threes: None
                },
                SeasonLine {
                    player_id: 9,
                    games: 1,
                    points: 3,
                    fouls: 5,
                    fouled_out: 1,
                    threes: None
                },
            ]
        );
        assert_eq!(lines[1].per_game(), 10.0);
        // Equal totals: the better average first (20 in one game before 20 in two).
        let top = top_scorers(lines, 2);
        assert_eq!(
            top.iter().map(|l| l.player_id).collect::<Vec<_>>(),
            vec![4, 7]
        );
    }

    #[test]
    fn nobody_without_a_point_leads_and_an_empty_season_has_no_leaders() {
        let game = [line(1, 0, 2), line(2, 1, 0)];
        let top = top_scorers(season([&game[..]]), 10);
        assert_eq!(top.len(), 1);
        assert_eq!(top[0].player_id, 2);
        assert!(top_scorers(season(std::iter::empty::<&[PlayerLine]>()), 10).is_empty());
        assert_eq!(
            SeasonLine {
                player_id: 1,
                games: 3,
                points: 10,
                fouls: 0,
                fouled_out: 0,
                threes: None
            }
            .per_game(),
            3.3
        );
    }

    #[test]
    fn three_pointers_count_only_where_they_were_recorded() {
        let typed = [line(1, 12, 0), line(2, 9, 0)];
        let sheet = [
            PlayerLine {
                threes: Some(3),
                ..line(1, 9, 1)
            },
            PlayerLine {
                threes: Some(0),
                ..line(2, 4, 0)
            },
            PlayerLine {
                threes: Some(4),
                ..line(3, 12, 0)
            },
        ];
        let mut lines = season([&typed[..], &sheet[..]]);
        lines.sort_by_key(|l| l.player_id);
        assert_eq!(
            lines.iter().map(|l| l.threes).collect::<Vec<_>>(),
            vec![Some(3), Some(0), Some(4)]
        );
        assert_eq!(lines[0].points, 21, "points count from every game");
        // Player 3 made more in fewer games; player 2 made none and does not lead.
        let top = top_three_point_shooters(lines, 10);
        assert_eq!(
            top.iter().map(|l| l.player_id).collect::<Vec<_>>(),
            vec![3, 1]
        );
        // Only typed box scores: no three-point table at all.
        assert!(top_three_point_shooters(season([&typed[..]]), 10).is_empty());
    }
}
