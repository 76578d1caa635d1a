//! The organisers' competitions: the list, the new-competition forms and the review of a draft.
use serde::{Deserialize, Serialize};

use super::*;

/// A competition in the organisers' list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetitionRow {
    pub id: i32,
    pub name: String,
    pub kind: CompetitionKind,
    pub division: Division,
    pub status: CompetitionStatus,
    pub festival: Option<String>,
    pub starts_on: String,
    pub ends_on: String,
    pub games: u32,
}

/// A team the new-competition forms offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamChoice {
    pub id: i32,
    pub name: String,
    pub division: Division,
}

/// A court the cup form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourtChoice {
    pub id: i32,
    pub name: String,
    pub has_lights: bool,
}

/// A festival the cup form offers: `value` is what the form sends (`mid_autumn:2026-09-25`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FestivalChoice {
    pub value: String,
    pub name_zh: String,
    pub name_en: String,
    pub date: String,
    pub big: bool,
}

/// The organisers' competitions page and the choices of the new-competition forms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetitionsAdmin {
    pub competitions: Vec<CompetitionRow>,
    pub teams: Vec<TeamChoice>,
    pub courts: Vec<CourtChoice>,
    pub festivals: Vec<FestivalChoice>,
    pub today: String,
}

/// One game on the review page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewGame {
    pub id: i32,
    /// Local date and time, `YYYY-MM-DD` and `HH:MM`.
    pub date: String,
    pub time: String,
    pub court: String,
    pub home: String,
    pub away: String,
    /// Group or bracket slot, else the round.
    pub label: String,
}

/// A calendar (one court's or one team's games), as a table by date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewCalendar {
    pub name: String,
    pub games: Vec<ReviewGame>,
}

/// One team's line in the quality report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamBalance {
    pub team: String,
    pub group: String,
    pub home: u32,
    pub away: u32,
    pub breaks: u32,
    pub min_rest_days: Option<u32>,
}

/// A run of the scheduling engine, as the review page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunView {
    pub id: i32,
    /// running, done, cancelled or failed.
    pub status: String,
    pub progress: i32,
    pub hard_violations: Option<i32>,
    pub problems: Vec<String>,
    pub message: Option<String>,
    pub started_at: String,
    pub seconds: Option<f64>,
}

/// `/admin/competitions/:id/review`: the draft's calendars and its quality report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetitionReview {
    pub id: i32,
    pub name: String,
    pub kind: CompetitionKind,
    pub status: CompetitionStatus,
    pub festival: Option<String>,
    pub starts_on: String,
    pub ends_on: String,
    pub teams: u32,
    /// Stages and their pools in words: "A组: …".
    pub structure: Vec<String>,
    pub run: Option<RunView>,
    pub games: u32,
    pub breaks: u32,
    pub breaks_reference: Option<u32>,
    pub min_rest_days: Option<u32>,
    pub avg_rest_days: Option<f64>,
    pub balance: Vec<TeamBalance>,
    pub games_per_court: Vec<(String, u32)>,
    pub by_court: Vec<ReviewCalendar>,
    pub by_team: Vec<ReviewCalendar>,
    pub can_publish: bool,
    /// The entered teams (for a withdrawal).
    pub entrants: Vec<Choice>,
}
