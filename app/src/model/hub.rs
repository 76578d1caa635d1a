//! The organiser's workspace (管理) and the honours page (荣誉榜).
use serde::{Deserialize, Serialize};

use super::*;

/// The organiser's workspace: what needs attention, and the way to every tool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HubData {
    /// Postponed games still waiting for a new date.
    pub postponed: Vec<GameCard>,
    /// Ties waiting for a drawing of lots.
    pub lots: Vec<LotsNeeded>,
    /// Games that have started with no result reported yet, the latest first (the first few).
    pub unreported: Vec<GameCard>,
    /// How many there are in all.
    pub unreported_total: u64,
    /// Games whose reported result a captain disputes: an organiser decides.
    pub disputed: Vec<GameCard>,
    /// Reports waiting for the other captain.
    pub pending_reports: u64,
    pub open_requests: u64,
    pub notices_to_approve: u64,
    pub drafts: Vec<CompetitionSummary>,
    pub running: Vec<CompetitionSummary>,
    pub finished: Vec<CompetitionSummary>,
    pub camp: Option<HubCamp>,
    /// For the courts' print sheets and a rained-off evening.
    pub courts: Vec<Choice>,
    /// Today (Asia/Shanghai), `YYYY-MM-DD`.
    pub today: String,
}

/// A tie only a drawing of lots can settle: the organiser holds the draw and records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotsNeeded {
    pub competition_id: i32,
    pub competition: String,
    /// The table: a pool (`A组`) or a league's stage.
    pub table: String,
    pub stage_id: i32,
    pub pool_id: Option<i32>,
    pub teams: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubCamp {
    pub id: i32,
    pub name: String,
    pub confirmed: u64,
    /// Waiting lists and open offers.
    pub waiting: u64,
}

/// One finished competition's podium (荣誉榜).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Honours {
    pub competition_id: i32,
    pub name: String,
    pub kind: CompetitionKind,
    pub division: Division,
    pub ends_on: String,
    pub champion: TeamRef,
    pub runner_up: Option<TeamRef>,
    pub third: Option<TeamRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HonoursYear {
    pub year: i32,
    pub competitions: Vec<Honours>,
}

/// The honours page: every finished competition, the latest year first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HonoursData {
    pub years: Vec<HonoursYear>,
}

/// A team's place on a finished competition's podium (1 = champion).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TeamHonour {
    pub competition_id: i32,
    pub name: String,
    pub year: i32,
    pub place: u8,
}
