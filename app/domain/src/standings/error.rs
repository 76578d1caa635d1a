//! Why a set of results cannot be tabled, said so that an organiser can find and fix the game.
//!
//! `Display` is English (for logs and the CLI); `zh()` says the same in Chinese for the pages.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::explain::signed;
use super::game::MAX_SCORE;

/// The game a problem is about, as a person would point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GameRef {
    /// Position in the list of games, counting from 1.
    pub number: usize,
    pub home: String,
    pub away: String,
}

/// What is wrong with one game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum GameProblem {
    UnknownTeam { team: String },
    PlaysItself,
    Draw { score: u32 },
    ScoreTooHigh { score: i64 },
    NegativeScore { score: i64 },
    MissingScore,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum StandingsError {
    #[error("team {team} is listed more than once")]
    DuplicateTeam { team: String },
    #[error("game {game}: {problem}")]
    InvalidGame { game: GameRef, problem: GameProblem },
}

impl GameRef {
    pub fn new(index: usize, home: impl fmt::Display, away: impl fmt::Display) -> Self {
        Self {
            number: index + 1,
            home: home.to_string(),
            away: away.to_string(),
        }
    }

    pub fn zh(&self) -> String {
        format!("第 {} 场（{} 对 {}）", self.number, self.home, self.away)
    }
}

impl fmt::Display for GameRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} vs {})", self.number, self.home, self.away)
    }
}

impl GameProblem {
    pub fn zh(&self) -> String {
        match self {
            Self::UnknownTeam { team } => format!("球队 {team} 不在参赛球队名单中"),
            Self::PlaysItself => "球队不能与自己比赛".to_owned(),
            Self::Draw { score } => {
                format!("篮球比赛不能打平，平局须打决胜期 — {score}:{score}")
            }
            Self::ScoreTooHigh { score } => format!("比分 {score} 超过上限 {MAX_SCORE}"),
            Self::NegativeScore { score } => format!("比分不能为负数 — {}", signed(*score)),
            Self::MissingScore => "已完成的比赛缺少比分".to_owned(),
        }
    }
}

impl fmt::Display for GameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownTeam { team } => write!(f, "team {team} is not in the list of teams"),
            Self::PlaysItself => f.write_str("a team cannot play itself"),
            Self::Draw { score } => {
                write!(f, "a draw is not possible in basketball — {score}:{score}")
            }
            Self::ScoreTooHigh { score } => {
                write!(f, "score {score} is above the maximum of {MAX_SCORE}")
            }
            Self::NegativeScore { score } => {
                write!(f, "a score cannot be negative — {}", signed(*score))
            }
            Self::MissingScore => f.write_str("a played game needs both scores"),
        }
    }
}

impl StandingsError {
    pub fn zh(&self) -> String {
        match self {
            Self::DuplicateTeam { team } => format!("球队 {team} 在名单中重复出现"),
            Self::InvalidGame { game, problem } => format!("{}：{}", game.zh(), problem.zh()),
        }
    }
}
