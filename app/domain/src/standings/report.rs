//! The CLI's view of standings: JSON in, and JSON or an aligned text table out.
//!
//! Input:
//!
//! ```json
//! {"teams": ["A", "B"],
//!  "games": [{"home": "A", "away": "B", "home_score": 80, "away_score": 75, "outcome": "played"}],
//!  "complete": false}
//! ```
//!
//! `outcome` defaults to `played`; scores may be left out of a forfeit (they are ignored) and
//! of a default (then it is recorded 2:0). Games not yet played are simply not listed.
//! `complete` may be left out: the input is then taken as a round robin, complete when every
//! pair of teams has met, all pairs equally often (see [`Completion::of_round_robin`]).

use std::fmt::Display;

use serde::{Deserialize, Serialize};

use super::error::{GameProblem, GameRef, StandingsError};
use super::explain::signed;
use super::game::{GameResult, Outcome, MAX_SCORE};
use super::table::{compute_standings, Completion, Form, Standings};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingsReport {
    pub standings: Vec<ReportRow>,
    pub complete: bool,
}

/// A [`StandingRow`](super::StandingRow) with the team and explanation as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub rank: usize,
    pub team: String,
    pub played: u32,
    pub won: u32,
    pub lost: u32,
    pub points: u32,
    pub points_for: u32,
    pub points_against: u32,
    pub difference: i64,
    pub last_five: Vec<Form>,
    /// English; `None` when the next team has fewer classification points.
    pub explanation: Option<String>,
    pub explanation_zh: Option<String>,
    pub shared_rank: bool,
    pub draw_of_lots: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("malformed input: {0}")]
    Malformed(String),
    #[error(transparent)]
    Invalid(#[from] StandingsError),
}

impl InputError {
    pub fn zh(&self) -> String {
        match self {
            InputError::Malformed(message) => format!("输入格式错误：{message}"),
            InputError::Invalid(error) => error.zh(),
        }
    }
}

impl StandingsReport {
    pub fn new<T: Display>(standings: &Standings<T>) -> Self {
        let standings_rows = standings
            .rows
            .iter()
            .map(|row| ReportRow {
                rank: row.rank,
                team: row.team.to_string(),
                played: row.played,
                won: row.won,
                lost: row.lost,
                points: row.points,
                points_for: row.points_for,
                points_against: row.points_against,
                difference: row.difference,
                last_five: row.last_five.clone(),
                explanation: row.explanation.as_ref().map(|e| e.en()),
                explanation_zh: row.explanation.as_ref().map(|e| e.zh()),
                shared_rank: row.shared_rank,
                draw_of_lots: row.draw_of_lots,
            })
            .collect();
        Self {
            standings: standings_rows,
            complete: standings.completion.is_complete(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    teams: Vec<String>,
    #[serde(default)]
    games: Vec<InputGame>,
    complete: Option<bool>,
}

/// Scores are read as signed numbers so that a negative one is reported against its game
/// rather than as a bare type error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputGame {
    home: String,
    away: String,
    home_score: Option<i64>,
    away_score: Option<i64>,
    #[serde(default)]
    outcome: Outcome,
}

pub fn standings_from_json(input: &str) -> Result<StandingsReport, InputError> {
    let input: Input =
        serde_json::from_str(input).map_err(|e| InputError::Malformed(e.to_string()))?;
    let games = input
        .games
        .into_iter()
        .enumerate()
        .map(|(number, game)| game.into_result(number))
        .collect::<Result<Vec<_>, _>>()?;
    let completion = match input.complete {
        Some(true) => Completion::Complete,
        Some(false) => Completion::InProgress,
        None => Completion::of_round_robin(&input.teams, &games),
    };
    let standings = compute_standings(&input.teams, &games, completion)?;
    Ok(StandingsReport::new(&standings))
}

impl InputGame {
    fn into_result(self, number: usize) -> Result<GameResult<String>, StandingsError> {
        let score = |score: Option<i64>| match score {
            None if self.outcome == Outcome::Played => Err(GameProblem::MissingScore),
            None => Ok(0),
            Some(s) if s < 0 => Err(GameProblem::NegativeScore { score: s }),
            Some(s) if s > i64::from(MAX_SCORE) => Err(GameProblem::ScoreTooHigh { score: s }),
            Some(s) => Ok(s as u32),
        };
        let scores = score(self.home_score).and_then(|h| Ok((h, score(self.away_score)?)));
        match scores {
            Ok((home_score, away_score)) => Ok(GameResult::ended(
                self.home,
                self.away,
                home_score,
                away_score,
                self.outcome,
            )),
            Err(problem) => Err(StandingsError::InvalidGame {
                game: GameRef::new(number, &self.home, &self.away),
                problem,
            }),
        }
    }
}

const SHARED_MARK: &str = "=";
const LOT_MARK: &str = "*";

/// The standings as an aligned text table, with the tie-break explanations under it in
/// both languages.
pub fn render_table(report: &StandingsReport) -> String {
    let header = [
        "#", "Team", "P", "W", "L", "Pts", "PF", "PA", "Diff", "Last 5",
    ];
    let left_aligned = |column: usize| matches!(column, 0 | 1 | 9);
    let lines: Vec<[String; 10]> = report
        .standings
        .iter()
        .map(|row| {
            let mark = if row.draw_of_lots {
                LOT_MARK
            } else if row.shared_rank {
                SHARED_MARK
            } else {
                ""
            };
            [
                format!("{}{mark}", row.rank),
                row.team.clone(),
                row.played.to_string(),
                row.won.to_string(),
                row.lost.to_string(),
                row.points.to_string(),
                row.points_for.to_string(),
                row.points_against.to_string(),
                signed(row.difference),
                row.last_five.iter().map(ToString::to_string).collect(),
            ]
        })
        .collect();
    let mut widths = header.map(display_width);
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(display_width(cell));
        }
    }
    let format_line = |cells: &[&str]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(column, cell)| {
                let padding = " ".repeat(widths[column] - display_width(cell));
                if left_aligned(column) {
                    format!("{cell}{padding}")
                } else {
                    format!("{padding}{cell}")
                }
            })
            .collect();
        padded.join("  ").trim_end().to_owned()
    };

    let mut out = String::new();
    out.push_str(&format_line(&header));
    out.push('\n');
    for line in &lines {
        let cells: Vec<&str> = line.iter().map(String::as_str).collect();
        out.push_str(&format_line(&cells));
        out.push('\n');
    }
    let rows = &report.standings;
    if rows.iter().any(|r| r.shared_rank) {
        out.push_str(&format!(
            "{SHARED_MARK} shared place, games remain / 并列名次，尚有比赛未完成\n"
        ));
    }
    if rows.iter().any(|r| r.draw_of_lots) {
        out.push_str(&format!(
            "{LOT_MARK} a drawing of lots must decide / 须抽签决定名次\n"
        ));
    }
    let explained: Vec<&ReportRow> = rows.iter().filter(|r| r.explanation.is_some()).collect();
    if !explained.is_empty() {
        out.push_str("\nTie-breaks / 同分排名:\n");
        for row in explained {
            for text in [&row.explanation_zh, &row.explanation]
                .into_iter()
                .flatten()
            {
                out.push_str(&format!("  {text}\n"));
            }
        }
    }
    out
}

/// Columns a terminal gives `text`: Chinese team names take two per character.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_are_two_columns_wide() {
        assert_eq!(display_width("大朗"), 4);
        assert_eq!(display_width("A队"), 3);
        assert_eq!(display_width("−35"), 3);
    }
}
