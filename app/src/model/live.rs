//! A game scored live: the score everybody sees while it is played, and the scorer's sheet.
use serde::{Deserialize, Serialize};

use super::*;
use crate::domain::scoresheet::Action;

/// The score of a game being scored live, as the lists and the game page show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LiveScore {
    pub home: u32,
    pub away: u32,
    /// 1–4 the quarters, 5 and on the extra periods; 0 before tip-off.
    pub period: u8,
    /// Team fouls that count for the penalty now (4 or more: the next is penalised).
    pub home_fouls: u8,
    pub away_fouls: u8,
    /// The last period is over; the result follows when the scorer hands the sheet in.
    pub finished: bool,
    /// Lines on the sheet so far: which of two scores is the newer (an undo may lower one).
    pub lines: u32,
}

/// One player on the scorer's sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetPlayer {
    pub id: i32,
    pub number: i16,
    pub name: String,
    pub points: u32,
    pub fouls: u32,
    /// Five fouls: out of the game.
    pub out: bool,
}

/// One team on the scorer's sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetTeam {
    pub name: String,
    pub players: Vec<SheetPlayer>,
    pub points: u32,
    /// Team fouls that count for the penalty now.
    pub fouls: u8,
    pub timeouts_left: u8,
}

/// The scorer's sheet page: the game, both teams with their players' figures, the running
/// log, and what the viewer may do with the sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetPage {
    pub game: GameCard,
    pub home: SheetTeam,
    pub away: SheetTeam,
    pub started: bool,
    pub finished: bool,
    pub period: u8,
    /// Points per period, home and away.
    pub periods: Vec<(u32, u32)>,
    /// The actions that stand, newest first, with their line numbers.
    pub log: Vec<(u32, Action)>,
    /// Every line so far as its code, in order (the phone replays them when offline).
    pub codes: Vec<String>,
    /// The number the next line gets.
    pub next_line: u32,
    /// A fresh id for the next line sent by the page's form.
    pub next_id: String,
    /// The viewer keeps the sheet on this device: the buttons work.
    pub holds: bool,
    /// The viewer may open the sheet here (it is theirs, or nobody's yet).
    pub may_open: bool,
    /// Who keeps the sheet, if anybody.
    pub scorer: Option<String>,
    /// The result is in (the game has been decided).
    pub decided: bool,
    /// For an organiser: the referees and organisers the sheet can be handed to.
    pub scorers: Vec<Choice>,
}

/// One player's line in a competition's leaders: games, points, per game, fouls.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LeaderLine {
    pub player: RosterPlayer,
    pub team: TeamRef,
    pub games: u32,
    pub points: u32,
    /// Points per game, to one decimal.
    pub per_game: f64,
    pub fouls: u32,
    /// Three-pointers made, over the games whose box score recorded them (`None`: none did).
    pub threes: Option<u32>,
}

/// A player's season in one competition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlayerSeason {
    pub competition: CompetitionSummary,
    pub games: u32,
    pub points: u32,
    pub per_game: f64,
    pub fouls: u32,
    /// Three-pointers made, where recorded.
    pub threes: Option<u32>,
}

/// A player's line in one game.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlayerGame {
    pub game: GameCard,
    pub points: u32,
    pub fouls: u32,
    /// Three-pointers made, when the game's box score recorded them.
    pub threes: Option<u32>,
}

/// A player's page: their team, each competition's season line and their games.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlayerData {
    pub player: RosterPlayer,
    pub team: TeamRef,
    pub seasons: Vec<PlayerSeason>,
    /// The games with a box-score line for the player, latest first.
    pub games: Vec<PlayerGame>,
}
