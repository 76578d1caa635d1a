//! The league table: teams and results in, ranked rows with their reasons out.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

use serde::{Deserialize, Serialize};

use super::error::{GameProblem, GameRef, StandingsError};
use super::explain::{Explanation, Reason};
use super::game::GameResult;
use super::tiebreak::{self, Link, TableGame};

/// How many recent results a row shows.
const FORM_LENGTH: usize = 5;

/// Whether games remain to be played. Annex D treats teams that nothing separates
/// differently: while games remain they share a place; once all are played a drawing of
/// lots decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    InProgress,
    Complete,
}

impl Completion {
    /// For a (multiple) round robin known only from its results: complete when every pair
    /// of teams has met, and all pairs the same number of times (games naming a team not in
    /// `teams` are left for [`compute_standings`] to refuse). A caller that knows the
    /// schedule should rather ask it whether any game is left.
    pub fn of_round_robin<T: Ord>(teams: &[T], games: &[GameResult<T>]) -> Self {
        let known: BTreeSet<&T> = teams.iter().collect();
        let mut meetings: BTreeMap<(&T, &T), usize> = BTreeMap::new();
        for game in games {
            let (home, away) = (&game.home, &game.away);
            if home != away && known.contains(home) && known.contains(away) {
                *meetings
                    .entry((home.min(away), home.max(away)))
                    .or_default() += 1;
            }
        }
        let pairs = known.len() * known.len().saturating_sub(1) / 2;
        let mut counts = meetings.values();
        let first = counts.next();
        let all_met_equally = meetings.len() == pairs && counts.all(|c| Some(c) == first);
        if all_met_equally {
            Completion::Complete
        } else {
            Completion::InProgress
        }
    }

    pub fn is_complete(self) -> bool {
        self == Completion::Complete
    }
}

/// One recent result, as the "last five" column shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Form {
    #[serde(rename = "W")]
    Won,
    #[serde(rename = "L")]
    Lost,
}

impl Display for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Form::Won => "W",
            Form::Lost => "L",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingRow<T> {
    /// 1-based. Teams sharing a place have the same rank, and the next rank skips (1, 2, 2, 4).
    pub rank: usize,
    pub team: T,
    pub played: u32,
    pub won: u32,
    pub lost: u32,
    /// Classification points: 2 a win, 1 a loss (also by default), 0 a forfeit.
    pub points: u32,
    /// Points scored as recorded (a forfeit counts 20:0, a default may count 2:0).
    pub points_for: u32,
    pub points_against: u32,
    pub difference: i64,
    /// Up to five results, most recent last.
    pub last_five: Vec<Form>,
    /// Why this team is above the next one, when both have the same classification points.
    pub explanation: Option<Explanation<T>>,
    /// Level with a neighbour on every criterion while games remain: the rank is shared.
    pub shared_rank: bool,
    /// Level with a neighbour on every criterion with all games played: a drawing of lots
    /// must decide, and the rank shown is only the listing order.
    pub draw_of_lots: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standings<T> {
    pub rows: Vec<StandingRow<T>>,
    pub completion: Completion,
}

/// Ranks `teams` by the results in `games` (in the order played, for the "last five").
///
/// Any identifier will do for a team: a name, a database id, or a type of the caller's own
/// whose `Display` is what a person should read in explanations. Its `Ord` fixes the listing
/// order of teams that only a drawing of lots can separate.
pub fn compute_standings<T>(
    teams: &[T],
    games: &[GameResult<T>],
    completion: Completion,
) -> Result<Standings<T>, StandingsError>
where
    T: Clone + Ord + Display,
{
    let mut ids: Vec<&T> = teams.iter().collect();
    ids.sort();
    if let Some(pair) = ids.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(StandingsError::DuplicateTeam {
            team: pair[0].to_string(),
        });
    }
    let index: BTreeMap<&T, usize> = ids.iter().enumerate().map(|(i, &t)| (t, i)).collect();
    let table_games = games
        .iter()
        .enumerate()
        .map(|(number, game)| {
            to_table_game(game, &index).map_err(|problem| StandingsError::InvalidGame {
                game: GameRef::new(number, &game.home, &game.away),
                problem,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let placed = tiebreak::order(&table_games, ids.len());
    let mut position = vec![0; ids.len()];
    for (p, (team, _)) in placed.iter().enumerate() {
        position[*team] = p;
    }
    let in_table_order = |among: &[usize]| -> Vec<T> {
        let mut among = among.to_vec();
        among.sort_by_key(|&t| position[t]);
        among.into_iter().map(|t| ids[t].clone()).collect()
    };

    let records = team_records(&table_games, ids.len());
    let mut rows: Vec<StandingRow<T>> = Vec::with_capacity(ids.len());
    let mut level_with_previous = false;
    for (p, (team, link)) in placed.iter().enumerate() {
        let level_with_next = matches!(link, Link::Level { .. });
        let in_level_block = level_with_previous || level_with_next;
        let rank = match rows.last() {
            Some(previous) if level_with_previous && !completion.is_complete() => previous.rank,
            _ => p + 1,
        };
        let explanation = placed.get(p + 1).and_then(|(next, _)| {
            let reason = match link {
                Link::Unrelated => return None,
                Link::Separated {
                    criterion,
                    among,
                    values,
                } => Reason::Separated {
                    criterion: *criterion,
                    among: in_table_order(among),
                    team_value: values.0,
                    next_value: values.1,
                },
                Link::Level { among } if completion.is_complete() => Reason::DrawOfLots {
                    among: in_table_order(among),
                },
                Link::Level { among } => Reason::SharedPlace {
                    among: in_table_order(among),
                },
            };
            Some(Explanation {
                team: ids[*team].clone(),
                next: ids[*next].clone(),
                reason,
            })
        });
        let record = &records[*team];
        rows.push(StandingRow {
            rank,
            team: ids[*team].clone(),
            played: record.won + record.lost,
            won: record.won,
            lost: record.lost,
            points: record.tally.points,
            points_for: record.tally.scored,
            points_against: record.tally.conceded,
            difference: record.tally.difference(),
            last_five: record.form.clone(),
            explanation,
            shared_rank: in_level_block && !completion.is_complete(),
            draw_of_lots: in_level_block && completion.is_complete(),
        });
        level_with_previous = level_with_next;
    }
    Ok(Standings { rows, completion })
}

fn to_table_game<T: Ord + Display>(
    game: &GameResult<T>,
    index: &BTreeMap<&T, usize>,
) -> Result<TableGame, GameProblem> {
    let find = |team: &T| {
        index
            .get(team)
            .copied()
            .ok_or_else(|| GameProblem::UnknownTeam {
                team: team.to_string(),
            })
    };
    let (home, away) = (find(&game.home)?, find(&game.away)?);
    let recorded = game.recorded()?;
    Ok(TableGame {
        home,
        away,
        recorded,
    })
}

struct TeamRecord {
    tally: tiebreak::Tally,
    won: u32,
    lost: u32,
    form: Vec<Form>,
}

fn team_records(games: &[TableGame], team_count: usize) -> Vec<TeamRecord> {
    let tallies = tiebreak::tally(games, team_count, |_| true);
    let mut records: Vec<TeamRecord> = tallies
        .into_iter()
        .map(|tally| TeamRecord {
            tally,
            won: 0,
            lost: 0,
            form: Vec::new(),
        })
        .collect();
    for game in games {
        let home_won = game.recorded.home_won();
        for (team, won) in [(game.home, home_won), (game.away, !home_won)] {
            let record = &mut records[team];
            if won {
                record.won += 1;
                record.form.push(Form::Won);
            } else {
                record.lost += 1;
                record.form.push(Form::Lost);
            }
        }
    }
    for record in &mut records {
        let older = record.form.len().saturating_sub(FORM_LENGTH);
        record.form.drain(..older);
    }
    records
}
