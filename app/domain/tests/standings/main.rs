//! The standings engine against FIBA Annex D, through its public API only.

mod annex_d;
mod cli;
mod outcomes;
mod properties;
mod validation;

use cunba_domain::standings::{
    compute_standings, Completion, GameResult, Outcome, Reason, StandingRow, Standings,
};

pub fn game(home: &str, away: &str, home_score: u32, away_score: u32) -> GameResult<String> {
    GameResult::played(home.to_owned(), away.to_owned(), home_score, away_score)
}

pub fn ended(
    home: &str,
    away: &str,
    home_score: u32,
    away_score: u32,
    outcome: Outcome,
) -> GameResult<String> {
    GameResult::ended(
        home.to_owned(),
        away.to_owned(),
        home_score,
        away_score,
        outcome,
    )
}

pub fn names(teams: &[&str]) -> Vec<String> {
    teams.iter().map(|t| t.to_string()).collect()
}

pub fn table(
    teams: &[&str],
    games: &[GameResult<String>],
    completion: Completion,
) -> Standings<String> {
    compute_standings(&names(teams), games, completion).expect("valid results")
}

pub fn order(standings: &Standings<String>) -> Vec<&str> {
    standings.rows.iter().map(|r| r.team.as_str()).collect()
}

pub fn row<'a>(standings: &'a Standings<String>, team: &str) -> &'a StandingRow<String> {
    standings
        .rows
        .iter()
        .find(|r| r.team == team)
        .unwrap_or_else(|| panic!("{team} is in the table"))
}

/// English and Chinese explanation of why `team` is above the next row.
pub fn explained(standings: &Standings<String>, team: &str) -> Option<(String, String)> {
    row(standings, team)
        .explanation
        .as_ref()
        .map(|e| (e.en(), e.zh()))
}

pub fn reason<'a>(standings: &'a Standings<String>, team: &str) -> &'a Reason<String> {
    &row(standings, team)
        .explanation
        .as_ref()
        .unwrap_or_else(|| panic!("{team} has an explanation"))
        .reason
}

/// (played, won, lost, points, points for, points against, difference)
pub fn line(standings: &Standings<String>, team: &str) -> (u32, u32, u32, u32, u32, u32, i64) {
    let r = row(standings, team);
    (
        r.played,
        r.won,
        r.lost,
        r.points,
        r.points_for,
        r.points_against,
        r.difference,
    )
}
