//! One game's result, and what it counts for in the table (Annex D, D.1.1).

use serde::{Deserialize, Serialize};

use super::error::GameProblem;

/// No basketball score gets near this; anything above it is a typing slip.
pub const MAX_SCORE: u32 = 250;
/// A forfeit goes into the table as 20:0 for the team that turned up.
pub const FORFEIT_SCORE: u32 = 20;
/// A game lost by default whose winner was not ahead goes into the table as 2:0.
pub const DEFAULT_SCORE: u32 = 2;

const POINTS_FOR_WIN: u32 = 2;
const POINTS_FOR_LOSS: u32 = 1;
const POINTS_FOR_FORFEIT: u32 = 0;

/// How a game ended.
///
/// A forfeit (the team did not turn up, or refused to play) costs the loser every
/// classification point; a default (the team ran out of players on court) still earns the
/// loser the point of a loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Played to the end; the score decides.
    #[default]
    Played,
    /// The home team forfeited: the away team wins 20:0.
    ForfeitByHome,
    /// The away team forfeited: the home team wins 20:0.
    ForfeitByAway,
    /// The home team lost by default.
    DefaultByHome,
    /// The away team lost by default.
    DefaultByAway,
}

/// A finished game as the organiser entered it.
///
/// For a forfeit the scores entered are ignored (the table records 20:0); for a default
/// they are the score when the game stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GameResult<T> {
    pub home: T,
    pub away: T,
    pub home_score: u32,
    pub away_score: u32,
    #[serde(default)]
    pub outcome: Outcome,
}

/// What a game counts for in the table: the score as recorded and each side's
/// classification points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub home_score: u32,
    pub away_score: u32,
    pub home_points: u32,
    pub away_points: u32,
}

impl<T> GameResult<T> {
    /// A game played to the end.
    pub fn played(home: T, away: T, home_score: u32, away_score: u32) -> Self {
        Self {
            home,
            away,
            home_score,
            away_score,
            outcome: Outcome::Played,
        }
    }

    /// A game that ended another way; see [`Outcome`] for what the scores mean.
    pub fn ended(home: T, away: T, home_score: u32, away_score: u32, outcome: Outcome) -> Self {
        Self {
            home,
            away,
            home_score,
            away_score,
            outcome,
        }
    }

    /// The score and classification points this game puts into the table, or why it cannot
    /// go into a table at all. Whether the teams exist is the caller's business.
    pub fn recorded(&self) -> Result<Recorded, GameProblem>
    where
        T: PartialEq,
    {
        if self.home == self.away {
            return Err(GameProblem::PlaysItself);
        }
        let highest = self.home_score.max(self.away_score);
        if highest > MAX_SCORE {
            return Err(GameProblem::ScoreTooHigh {
                score: i64::from(highest),
            });
        }
        let (home, away) = (self.home_score, self.away_score);
        let recorded = match self.outcome {
            Outcome::Played if home == away => return Err(GameProblem::Draw { score: home }),
            Outcome::Played if home > away => Recorded::win_for_home(home, away, POINTS_FOR_LOSS),
            Outcome::Played => Recorded::win_for_home(away, home, POINTS_FOR_LOSS).swapped(),
            Outcome::ForfeitByAway => Recorded::win_for_home(FORFEIT_SCORE, 0, POINTS_FOR_FORFEIT),
            Outcome::ForfeitByHome => {
                Recorded::win_for_home(FORFEIT_SCORE, 0, POINTS_FOR_FORFEIT).swapped()
            }
            Outcome::DefaultByAway => {
                let (winner, loser) = default_score(home, away);
                Recorded::win_for_home(winner, loser, POINTS_FOR_LOSS)
            }
            Outcome::DefaultByHome => {
                let (winner, loser) = default_score(away, home);
                Recorded::win_for_home(winner, loser, POINTS_FOR_LOSS).swapped()
            }
        };
        Ok(recorded)
    }
}

/// The score stands if the winner was ahead when the game stopped; otherwise 2:0.
fn default_score(winner: u32, loser: u32) -> (u32, u32) {
    if winner > loser {
        (winner, loser)
    } else {
        (DEFAULT_SCORE, 0)
    }
}

impl Recorded {
    fn win_for_home(home_score: u32, away_score: u32, loser_points: u32) -> Self {
        Self {
            home_score,
            away_score,
            home_points: POINTS_FOR_WIN,
            away_points: loser_points,
        }
    }

    fn swapped(self) -> Self {
        Self {
            home_score: self.away_score,
            away_score: self.home_score,
            home_points: self.away_points,
            away_points: self.home_points,
        }
    }

    pub fn home_won(&self) -> bool {
        self.home_points > self.away_points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(home: u32, away: u32, outcome: Outcome) -> (u32, u32, u32, u32) {
        let r = GameResult::ended("H", "A", home, away, outcome)
            .recorded()
            .expect("valid game");
        (r.home_score, r.away_score, r.home_points, r.away_points)
    }

    #[test]
    fn a_played_game_keeps_its_score_and_gives_two_and_one() {
        assert_eq!(recorded(80, 75, Outcome::Played), (80, 75, 2, 1));
        assert_eq!(recorded(60, 61, Outcome::Played), (60, 61, 1, 2));
    }

    #[test]
    fn a_forfeit_is_twenty_nil_and_no_point_for_the_loser() {
        assert_eq!(recorded(0, 0, Outcome::ForfeitByAway), (20, 0, 2, 0));
        assert_eq!(recorded(0, 0, Outcome::ForfeitByHome), (0, 20, 0, 2));
        // What was typed in does not matter: the table records 20:0.
        assert_eq!(recorded(55, 40, Outcome::ForfeitByHome), (0, 20, 0, 2));
    }

    #[test]
    fn a_default_keeps_the_score_when_the_winner_was_ahead() {
        assert_eq!(recorded(60, 50, Outcome::DefaultByAway), (60, 50, 2, 1));
        assert_eq!(recorded(50, 60, Outcome::DefaultByHome), (50, 60, 1, 2));
    }

    #[test]
    fn a_default_is_two_nil_when_the_winner_was_not_ahead() {
        assert_eq!(recorded(40, 55, Outcome::DefaultByAway), (2, 0, 2, 1));
        assert_eq!(recorded(55, 40, Outcome::DefaultByHome), (0, 2, 1, 2));
        assert_eq!(recorded(30, 30, Outcome::DefaultByHome), (0, 2, 1, 2));
    }

    #[test]
    fn a_level_played_game_is_rejected() {
        let game = GameResult::played("H", "A", 80, 80);
        assert_eq!(game.recorded(), Err(GameProblem::Draw { score: 80 }));
    }

    #[test]
    fn scores_up_to_the_maximum_are_accepted() {
        assert!(GameResult::played("H", "A", MAX_SCORE, 0)
            .recorded()
            .is_ok());
        assert_eq!(
            GameResult::played("H", "A", 0, MAX_SCORE + 1).recorded(),
            Err(GameProblem::ScoreTooHigh { score: 251 })
        );
    }

    #[test]
    fn outcomes_use_snake_case_in_json() {
        let names: Vec<String> = [
            Outcome::Played,
            Outcome::ForfeitByHome,
            Outcome::ForfeitByAway,
            Outcome::DefaultByHome,
            Outcome::DefaultByAway,
        ]
        .iter()
        .map(|o| serde_json::to_string(o).unwrap())
        .collect();
        assert_eq!(
            names,
            [
                "\"played\"",
                "\"forfeit_by_home\"",
                "\"forfeit_by_away\"",
                "\"default_by_home\"",
                "\"default_by_away\""
            ]
        );
    }
}
