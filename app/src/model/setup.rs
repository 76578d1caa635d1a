//! The season set-up: groups, teams and players, courts, the calendar.
use serde::{Deserialize, Serialize};

use super::*;

/// The season set-up hub: how much is set up so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupHub {
    /// The association's name (organisers may change it here).
    pub association: String,
    pub groups: usize,
    pub teams: usize,
    pub players: usize,
    pub courts: usize,
    pub blackouts: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupGroupLine {
    pub id: i32,
    pub name: String,
    pub teams: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupTeamLine {
    pub id: i32,
    pub name: String,
    pub short_name: String,
    pub division: Division,
    pub group: String,
    pub home_court: Option<String>,
    pub players: usize,
}

/// `/setup/teams`: every team with the lists the add form picks from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupTeams {
    pub teams: Vec<SetupTeamLine>,
    pub groups: Vec<Choice>,
    pub courts: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupPlayer {
    pub id: i32,
    pub name: String,
    pub number: i16,
    pub birth_year: Option<i16>,
}

/// `/setup/teams/:id`: a team's form values and its roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupTeam {
    pub id: i32,
    pub name: String,
    pub values: Vec<(String, String)>,
    pub players: Vec<SetupPlayer>,
    /// The team's own blackout dates (no game for it on them).
    pub blackouts: Vec<BlackoutLine>,
    pub groups: Vec<Choice>,
    pub courts: Vec<Choice>,
}

/// A roster file read for the preview page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub team_id: i32,
    pub team: String,
    pub import_id: i32,
    pub result:
        Result<crate::domain::players_csv::Preview, crate::domain::players_csv::FileProblem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupCourtLine {
    pub id: i32,
    pub name: String,
    pub group: Option<String>,
    pub has_lights: bool,
    pub games_per_evening: i32,
    pub windows: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupCourts {
    pub courts: Vec<SetupCourtLine>,
    pub groups: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowLine {
    pub id: i32,
    pub weekday: i16,
    pub starts_at: String,
    pub ends_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlackoutLine {
    pub id: i32,
    pub on_date: String,
    pub reason: String,
}

/// `/setup/courts/:id`: a court's form values, weekly windows and own blackout dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupCourt {
    pub id: i32,
    pub name: String,
    pub values: Vec<(String, String)>,
    pub windows: Vec<WindowLine>,
    pub blackouts: Vec<BlackoutLine>,
    pub groups: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FestivalLine {
    pub festival: crate::domain::festivals::Festival,
    pub date: String,
    /// Already an association-wide blackout.
    pub blocked: bool,
}

/// `/setup/calendar?year=`: the year's festivals and the association-wide blackout dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupCalendar {
    pub year: i32,
    pub festivals: Vec<FestivalLine>,
    pub blackouts: Vec<BlackoutLine>,
}
