//! The organiser's schedule changes (move, postpone, referees) and the notice-board sheets:
//! what their pages show, and what a change may be refused for.
use serde::{Deserialize, Serialize};

use super::*;

/// Why a move, a postponement or a referee was refused: a bad field, or a constraint the
/// slot breaks. Worded by [`crate::i18n::change_problem_text`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeProblem {
    DateInvalid,
    DatePast,
    TimeInvalid,
    CourtMissing,
    /// The referee field is not a user id.
    RefereeInvalid,
    /// The user chosen is no (active) referee.
    NotAReferee,
    UnknownCourt,
    /// ISO weekday, 1 = Monday.
    CourtClosedWeekday {
        weekday: i16,
    },
    /// `HH:MM`.
    OutsideCourtHours {
        starts: String,
        ends: String,
    },
    CourtBlackout {
        reason: String,
    },
    AssociationBlackout {
        reason: String,
    },
    CourtFull {
        games: u32,
    },
    CourtTaken {
        time: String,
    },
    TeamPlaysThatDay {
        team: String,
    },
    TeamRestTooShort {
        team: String,
        rest_days: u32,
        min_rest_days: u32,
    },
    TeamBlackout {
        team: String,
        reason: String,
    },
}

impl ChangeProblem {
    /// The form field it belongs to.
    pub fn field(&self) -> &'static str {
        use ChangeProblem::*;
        match self {
            DateInvalid | DatePast => "date",
            TimeInvalid => "time",
            CourtMissing | UnknownCourt | CourtFull { .. } | CourtTaken { .. } => "court",
            RefereeInvalid | NotAReferee => "referee",
            CourtClosedWeekday { .. }
            | CourtBlackout { .. }
            | AssociationBlackout { .. }
            | TeamPlaysThatDay { .. }
            | TeamRestTooShort { .. }
            | TeamBlackout { .. } => "date",
            OutsideCourtHours { .. } => "time",
        }
    }

    /// Its code in `f=field.code` and in JSON answers.
    pub fn code(&self) -> &'static str {
        use ChangeProblem::*;
        match self {
            DateInvalid | TimeInvalid | RefereeInvalid => "invalid",
            DatePast => "past",
            CourtMissing => "missing",
            NotAReferee => "not_a_referee",
            UnknownCourt => "unknown_court",
            CourtClosedWeekday { .. } => "court_closed_weekday",
            OutsideCourtHours { .. } => "outside_court_hours",
            CourtBlackout { .. } => "court_blackout",
            AssociationBlackout { .. } => "association_blackout",
            CourtFull { .. } => "court_full",
            CourtTaken { .. } => "court_taken",
            TeamPlaysThatDay { .. } => "team_plays_that_day",
            TeamRestTooShort { .. } => "team_rest_too_short",
            TeamBlackout { .. } => "team_blackout",
        }
    }

    /// A field typed wrong (rather than a slot that clashes).
    pub fn is_input_error(&self) -> bool {
        matches!(self.code(), "invalid" | "missing" | "past")
    }
}

/// A game as the change pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeGame {
    pub id: i32,
    pub version: i32,
    pub competition: String,
    /// A team's name, or where an undecided side comes from (`A组第1名`).
    pub home: String,
    pub away: String,
    /// Local (Asia/Shanghai) date and `HH:MM`.
    pub date: chrono::NaiveDate,
    pub time: String,
    /// The court's name; `None`: not set.
    pub court: Option<String>,
    pub court_id: Option<i32>,
    pub status: GameStatus,
    pub referee: Option<String>,
}

/// A free slot as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub court_id: i32,
    pub court: String,
    pub date: chrono::NaiveDate,
    pub time: String,
    pub cost: u32,
    pub rest_days: Option<u32>,
    pub breaks_added: u32,
    pub days_from_original: u32,
    pub home_court: bool,
    pub court_load: u32,
}

/// `/admin/games/{id}/move`: the game, the courts, what the typed slot breaks (when one was
/// typed) and free slots to pick.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovePage {
    pub game: ChangeGame,
    pub courts: Vec<(i32, String)>,
    /// `None`: nothing typed yet; empty: the typed slot is free.
    pub problems: Option<Vec<ChangeProblem>>,
    pub free: Vec<SlotView>,
}

/// `/admin/games/{id}/postpone`: the game and, once postponed, the suggested slots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostponePage {
    pub game: ChangeGame,
    pub suggestions: Vec<SlotView>,
}

/// A referee and how many games they have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefereeLoad {
    pub id: i32,
    pub name: String,
    pub group: Option<String>,
    pub games: u32,
}

/// A referee offered for one game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefereeOption {
    pub id: i32,
    pub name: String,
    /// "neutral", "unknown" or "involved".
    pub neutrality: String,
    pub games: u32,
}

/// A game on the referee page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefereeGame {
    pub game: ChangeGame,
    pub referee_id: Option<i32>,
    /// Best first; the first is the suggestion.
    pub options: Vec<RefereeOption>,
}

/// `/admin/referees`: every referee's count and the games to come with their choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefereeOverview {
    pub referees: Vec<RefereeLoad>,
    pub games: Vec<RefereeGame>,
}

/// One line of a printed sheet or the CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetGame {
    pub id: i32,
    pub competition_id: i32,
    pub competition: String,
    /// "第3轮", a pool's or a bracket slot's name.
    pub round: String,
    pub date: chrono::NaiveDate,
    pub time: chrono::NaiveTime,
    pub court_id: Option<i32>,
    pub court: String,
    pub home: String,
    pub away: String,
    pub status: GameStatus,
    pub score: Option<(i32, i32)>,
}

/// What a notice-board sheet covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SheetScope {
    /// One court, named, from–to.
    Court(String),
    /// Monday to Sunday of one week, every court.
    Week,
}

/// `/print/courts/{id}` and `/print/week`: an A4 sheet for the notice board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintSheet {
    pub scope: SheetScope,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// The live page the QR code leads to, absolute.
    pub live: String,
    /// The QR code of `live`, an SVG element.
    pub qr_svg: String,
    pub games: Vec<SheetGame>,
}

/// What happened to a game, for the notice it produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GameChange {
    Postponed,
    /// A new time or court: the notice says the game's time and court as stored now.
    Moved,
    Cancelled,
}

/// The facts of an automatic notice about a game change, stored with it (as JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GameChangeNotice {
    pub change: GameChange,
    pub competition: String,
    /// A team's name, or where an undecided side comes from (`SF1胜者`); empty: unknown.
    pub home: String,
    pub away: String,
    /// Local (Asia/Shanghai) date and `HH:MM`: the new slot of a move, else the original.
    pub date: chrono::NaiveDate,
    pub time: String,
    /// `None`: no court set.
    pub court: Option<String>,
}
