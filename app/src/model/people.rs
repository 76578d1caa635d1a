//! Accounts: the signed-in user's own page, the people page (人员) and one-time links.
use serde::{Deserialize, Serialize};

use super::*;

/// The signed-in user's own page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeData {
    pub viewer: Viewer,
    pub team: Option<String>,
    /// Disputes, requests, notices waiting for an organiser.
    pub tasks: Vec<Task>,
    /// A referee's games from today to a week ahead.
    pub refereeing: Vec<GameCard>,
    pub todo: Vec<TodoGame>,
    pub upcoming: Vec<GameCard>,
    /// Organisers: the latest changes.
    pub audit: Vec<AuditLine>,
}

/// One person with an account, as the people page (人员) lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i32,
    pub name: String,
    pub role: Role,
    /// How they sign in: a mobile number or a user name.
    pub login: String,
    pub team_id: Option<i32>,
    pub team: Option<String>,
    /// A referee's villager group (neutrality depends on it).
    pub group_id: Option<i32>,
    pub group: Option<String>,
    pub disabled: bool,
    /// The viewer may disable them, give them a new PIN, hand them a team.
    pub manageable: bool,
}

/// The people page: everyone with a role, and what the viewer may invite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleData {
    /// Organisers, then referees, then captains (by team), each by name.
    pub people: Vec<Person>,
    pub teams: Vec<Choice>,
    pub groups: Vec<Choice>,
    /// The roles the viewer may invite.
    pub may_invite: Vec<Role>,
}

/// What a one-time link is for, as its page says before it is used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkInfo {
    pub role: Role,
    /// A captain's team.
    pub team: Option<String>,
    /// A new PIN or password for this person (the link resets an account).
    pub person: Option<String>,
}

/// A new one-time link as the organiser who made it sees it, once: the link and its QR code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkShown {
    pub info: LinkInfo,
    pub link: String,
    pub svg: String,
}
