//! Properties that hold for any set of results.

use std::collections::{BTreeMap, BTreeSet};

use cunba_domain::standings::{
    compute_standings, Completion, Criterion, GameResult, Outcome, Reason, Standings,
};
use proptest::prelude::*;

const OUTCOMES: [Outcome; 5] = [
    Outcome::Played,
    Outcome::ForfeitByHome,
    Outcome::ForfeitByAway,
    Outcome::DefaultByHome,
    Outcome::DefaultByAway,
];

fn team(i: usize) -> String {
    format!("T{i}")
}

/// A game between two different teams. Scores come from a narrow band so that ties on
/// points, differences and points scored are common.
fn any_game(team_count: usize) -> impl Strategy<Value = GameResult<String>> {
    (
        0..team_count,
        1..team_count,
        60u32..66,
        60u32..66,
        prop::sample::select(vec![0usize, 0, 0, 0, 0, 0, 1, 2, 3, 4]),
    )
        .prop_map(move |(home, offset, home_score, away_score, outcome)| {
            let away = (home + offset) % team_count;
            let outcome = OUTCOMES[outcome];
            let home_score = if outcome == Outcome::Played && home_score == away_score {
                home_score + 1
            } else {
                home_score
            };
            GameResult::ended(team(home), team(away), home_score, away_score, outcome)
        })
}

/// Either some games between random pairs (a season under way) or a full round robin
/// (where draws of lots can happen).
fn any_season() -> impl Strategy<Value = (Vec<String>, Vec<GameResult<String>>, Completion)> {
    (2usize..7).prop_flat_map(|team_count| {
        let teams: Vec<String> = (0..team_count).map(team).collect();
        let pairs: Vec<(usize, usize)> = (0..team_count)
            .flat_map(|a| (a + 1..team_count).map(move |b| (a, b)))
            .collect();
        let round_robin = prop::collection::vec((60u32..64, 60u32..64, any::<bool>()), pairs.len())
            .prop_map(move |scores| {
                pairs
                    .iter()
                    .zip(scores)
                    .map(|(&(a, b), (winner, loser, a_won))| {
                        let (winner, loser) = (winner.max(loser) + 1, winner.min(loser));
                        let (home_score, away_score) = if a_won {
                            (winner, loser)
                        } else {
                            (loser, winner)
                        };
                        GameResult::played(team(a), team(b), home_score, away_score)
                    })
                    .collect::<Vec<_>>()
            });
        let under_way = prop::collection::vec(any_game(team_count), 0..16);
        let games = prop_oneof![under_way, round_robin];
        (Just(teams), games, any::<bool>()).prop_map(|(teams, games, complete)| {
            let completion = if complete {
                Completion::Complete
            } else {
                Completion::InProgress
            };
            (teams, games, completion)
        })
    })
}

fn standings(
    teams: &[String],
    games: &[GameResult<String>],
    completion: Completion,
) -> Standings<String> {
    compute_standings(teams, games, completion).expect("generated results are valid")
}

/// Teams that nothing separates, with the names mapped: within a block only the listing
/// order may depend on the names.
#[derive(Debug, Default, PartialEq)]
struct Block {
    /// Team → (played, won, lost, points, points for, points against).
    teams: BTreeMap<String, (u32, u32, u32, u32, u32, u32)>,
    ranks: Vec<usize>,
    /// How the block's last team is separated from the next: criterion, values, teams.
    separated_from_next: Option<(Criterion, i64, i64, BTreeSet<String>)>,
}

fn blocks(standings: &Standings<String>, rename: impl Fn(&str) -> String) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = Block::default();
    for row in &standings.rows {
        current.teams.insert(
            rename(&row.team),
            (
                row.played,
                row.won,
                row.lost,
                row.points,
                row.points_for,
                row.points_against,
            ),
        );
        current.ranks.push(row.rank);
        let level = match row.explanation.as_ref().map(|e| &e.reason) {
            Some(
                Reason::SharedPlace { .. }
                | Reason::DrawOfLots { .. }
                | Reason::DecidedByLot { .. },
            ) => true,
            Some(Reason::Separated {
                criterion,
                among,
                team_value,
                next_value,
            }) => {
                let among = among.iter().map(|t| rename(t)).collect();
                current.separated_from_next = Some((*criterion, *team_value, *next_value, among));
                false
            }
            None => false,
        };
        if !level {
            blocks.push(std::mem::take(&mut current));
        }
    }
    blocks
}

fn without_form(mut standings: Standings<String>) -> Standings<String> {
    for row in &mut standings.rows {
        row.last_five.clear();
    }
    standings
}

proptest! {
    #[test]
    fn the_order_games_are_listed_in_does_not_matter(
        (season, shuffled) in any_season().prop_flat_map(|season| {
            let games = season.1.clone();
            (Just(season), Just(games).prop_shuffle())
        })
    ) {
        let (teams, games, completion) = season;
        prop_assert_eq!(
            without_form(standings(&teams, &games, completion)),
            without_form(standings(&teams, &shuffled, completion))
        );
    }

    #[test]
    fn names_and_their_order_do_not_matter(
        (season, relabel) in any_season().prop_flat_map(|season| {
            let count = season.0.len();
            (Just(season), Just((0..count).collect::<Vec<_>>()).prop_shuffle())
        })
    ) {
        let (teams, games, completion) = season;
        let renamed = |name: &str| format!("R{}", relabel[name[1..].parse::<usize>().unwrap()]);
        let original = |name: &str| {
            let r: usize = name[1..].parse().unwrap();
            team(relabel.iter().position(|&x| x == r).unwrap())
        };
        let mut renamed_teams: Vec<String> = teams.iter().map(|t| renamed(t)).collect();
        renamed_teams.reverse();
        let renamed_games: Vec<_> = games
            .iter()
            .map(|g| GameResult::ended(renamed(&g.home), renamed(&g.away), g.home_score, g.away_score, g.outcome))
            .collect();

        let before = standings(&teams, &games, completion);
        let after = standings(&renamed_teams, &renamed_games, completion);
        prop_assert_eq!(blocks(&before, |t| t.to_owned()), blocks(&after, original));
    }

    #[test]
    fn classification_points_add_up((teams, games, completion) in any_season()) {
        let table = standings(&teams, &games, completion);
        let forfeits = games
            .iter()
            .filter(|g| matches!(g.outcome, Outcome::ForfeitByHome | Outcome::ForfeitByAway))
            .count() as u32;
        let others = games.len() as u32 - forfeits;
        let points: u32 = table.rows.iter().map(|r| r.points).sum();
        prop_assert_eq!(points, 3 * others + 2 * forfeits);
    }

    #[test]
    fn every_game_has_one_winner_and_one_loser((teams, games, completion) in any_season()) {
        let table = standings(&teams, &games, completion);
        let won: u32 = table.rows.iter().map(|r| r.won).sum();
        let lost: u32 = table.rows.iter().map(|r| r.lost).sum();
        let played: u32 = table.rows.iter().map(|r| r.played).sum();
        let scored: u32 = table.rows.iter().map(|r| r.points_for).sum();
        let conceded: u32 = table.rows.iter().map(|r| r.points_against).sum();
        prop_assert_eq!(won, games.len() as u32);
        prop_assert_eq!(lost, games.len() as u32);
        prop_assert_eq!(played, 2 * games.len() as u32);
        prop_assert_eq!(scored, conceded);
    }

    #[test]
    fn the_table_reads_consistently((teams, games, completion) in any_season()) {
        let table = standings(&teams, &games, completion);
        prop_assert_eq!(table.rows.len(), teams.len());
        for (position, pair) in table.rows.windows(2).enumerate() {
            let (above, below) = (&pair[0], &pair[1]);
            prop_assert!(above.points >= below.points);
            prop_assert!(above.rank <= below.rank);
            prop_assert!(below.rank <= position + 2);
            prop_assert_eq!(above.explanation.is_some(), above.points == below.points);
            match above.explanation.as_ref().map(|e| &e.reason) {
                Some(Reason::Separated { team_value, next_value, among, .. }) => {
                    prop_assert!(team_value > next_value);
                    prop_assert!(among.contains(&above.team) && among.contains(&below.team));
                    prop_assert!(above.rank < below.rank);
                }
                Some(Reason::SharedPlace { .. }) => {
                    prop_assert_eq!(completion, Completion::InProgress);
                    prop_assert_eq!(above.rank, below.rank);
                }
                Some(Reason::DrawOfLots { .. }) => {
                    prop_assert_eq!(completion, Completion::Complete);
                    prop_assert!(above.team < below.team);
                    prop_assert_eq!(above.rank + 1, below.rank);
                }
                // Only a recorded drawing of lots gives this (never compute_standings).
                Some(Reason::DecidedByLot { .. }) => prop_assert!(false, "no lots drawn here"),
                None => prop_assert!(above.rank < below.rank),
            }
        }
        if let Some(last) = table.rows.last() {
            prop_assert!(last.explanation.is_none());
        }
    }
}
