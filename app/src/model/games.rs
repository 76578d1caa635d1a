//! Games as the public pages show them: today's list, tables and brackets, fixtures, a game's
//! box score, the score form and what a captain has to do.
use serde::{Deserialize, Serialize};

use super::*;

/// A team as a game or a table names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TeamRef {
    pub id: i32,
    pub name: String,
    pub group: String,
}

/// What a list of games shows for one game.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GameCard {
    pub id: i32,
    pub competition: String,
    pub competition_id: i32,
    pub round: i32,
    /// The pool or bracket slot ("A组", "SF1"); empty for a league game (its round shows).
    pub label: String,
    pub home: Option<TeamRef>,
    pub away: Option<TeamRef>,
    /// Where an undecided knockout team comes from ("W:SF1").
    pub home_source: Option<String>,
    pub away_source: Option<String>,
    pub court: Option<String>,
    /// RFC 3339 in Asia/Shanghai.
    pub starts_at: String,
    pub status: GameStatus,
    pub outcome: Option<Outcome>,
    pub home_score: Option<i32>,
    pub away_score: Option<i32>,
    /// Started within the last two hours and not yet reported.
    pub live: bool,
    /// The score so far, when the game is being scored live.
    pub live_score: Option<LiveScore>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TodayData {
    /// The local date in the association's time zone (YYYY-MM-DD).
    pub date: String,
    pub today: Vec<GameCard>,
    pub upcoming: Vec<GameCard>,
    pub recent: Vec<GameCard>,
    pub is_demo: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CompetitionSummary {
    pub id: i32,
    pub name: String,
    pub kind: CompetitionKind,
    pub status: CompetitionStatus,
    pub division: Division,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TeamSummary {
    pub id: i32,
    pub name: String,
    pub division: Division,
    pub group: String,
    pub home_court: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupTeams {
    pub group: String,
    pub teams: Vec<TeamSummary>,
}

/// One row of a league or pool table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TableRow {
    pub rank: usize,
    pub shared_rank: bool,
    pub draw_of_lots: bool,
    pub team: TeamRef,
    pub played: u32,
    pub won: u32,
    pub lost: u32,
    pub points: u32,
    pub points_for: u32,
    pub points_against: u32,
    pub difference: i64,
    /// Oldest first; `true` is a win.
    pub last_five: Vec<bool>,
    /// Why this team is above the next one on equal points, in the reader's language.
    pub explanation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TableView {
    /// The stage or pool ("双循环", "A组").
    pub title: String,
    pub complete: bool,
    pub rows: Vec<TableRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BracketRound {
    pub round: i32,
    pub games: Vec<GameCard>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BracketView {
    pub title: String,
    pub rounds: Vec<BracketRound>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StandingsData {
    pub competitions: Vec<CompetitionSummary>,
    pub selected: Option<CompetitionSummary>,
    pub tables: Vec<TableView>,
    pub brackets: Vec<BracketView>,
    /// The podium, once the competition has finished.
    pub honours: Option<Honours>,
    /// The top scorers of the confirmed box scores.
    pub leaders: Vec<LeaderLine>,
    /// The most three-pointers, from the box scores that recorded them (the scorer's sheet
    /// does; a box score typed in after the game does not): empty when none did.
    pub three_point_leaders: Vec<LeaderLine>,
}

/// What the fixtures page may be narrowed to; every field optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FixtureFilter {
    pub competition: Option<i32>,
    pub team: Option<i32>,
    pub group: Option<i32>,
    pub court: Option<i32>,
    /// Which days: the API asks for all, the page for today onwards or the days before.
    pub days: FixtureDays,
}

/// The days a list of fixtures covers, around today in Asia/Shanghai.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum FixtureDays {
    /// The whole season, in order of play.
    #[default]
    All,
    /// Today and every day after, in order of play: where residents look.
    FromToday,
    /// The days before today, the latest day first (each day's games in order of play).
    BeforeToday,
}

impl FixtureFilter {
    /// The page's query parameter for the days before today (`/fixtures?from=past`).
    pub const PAST: (&'static str, &'static str) = ("from", "past");

    /// This filter's address on the fixtures page (`/fixtures?competition=1&team=2…`).
    pub fn href(&self) -> String {
        let mut pairs: Vec<String> = [
            ("competition", self.competition),
            ("team", self.team),
            ("group", self.group),
            ("court", self.court),
        ]
        .into_iter()
        .filter_map(|(name, id)| id.map(|id| format!("{name}={id}")))
        .collect();
        if self.days == FixtureDays::BeforeToday {
            pairs.push(format!("{}={}", Self::PAST.0, Self::PAST.1));
        }
        if pairs.is_empty() {
            "/fixtures".into()
        } else {
            format!("/fixtures?{}", pairs.join("&"))
        }
    }
}

/// A choice in a filter: an id and its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Choice {
    pub id: i32,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FixturesData {
    pub competitions: Vec<CompetitionSummary>,
    pub teams: Vec<Choice>,
    pub groups: Vec<Choice>,
    pub courts: Vec<Choice>,
    pub games: Vec<GameCard>,
    /// How many games of the filter fall before today and are not listed (0 unless the list
    /// starts today).
    pub earlier: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlayerLine {
    pub id: i32,
    pub number: i16,
    pub name: String,
    /// Season totals from the confirmed box scores (0 when none were entered).
    pub points: u32,
    pub fouls: u32,
    /// Games with a box-score line for this player.
    pub games: u32,
}

/// A player as the score form and box score name them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RosterPlayer {
    pub id: i32,
    pub number: i16,
    pub name: String,
}

/// One player's line in a game's box score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BoxLineView {
    pub player: RosterPlayer,
    /// The home team's player (else the away team's).
    pub home: bool,
    pub points: u32,
    pub fouls: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TeamData {
    pub team: TeamSummary,
    /// Titles and podium places, the latest first.
    pub honours: Vec<TeamHonour>,
    pub players: Vec<PlayerLine>,
    pub results: Vec<GameCard>,
    pub upcoming: Vec<GameCard>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GameData {
    pub game: GameCard,
    /// Points per period, home then away; overtime periods after the fourth.
    pub periods: Vec<(i32, i32)>,
    /// Players' points and fouls of the confirmed result, when the captains entered them.
    pub box_score: Vec<BoxLineView>,
}

/// A score report waiting for an answer, as the game and report pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenReport {
    pub id: i32,
    /// The reporting team's name; empty when an organiser entered it.
    pub by: String,
    pub home: i32,
    pub away: i32,
    pub periods: Vec<(i32, i32)>,
    pub box_score: Vec<BoxLineView>,
    pub outcome: Outcome,
    pub status: ReportStatus,
    pub comment: Option<String>,
}

/// Everything the score form needs about one game and the viewer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportState {
    pub game: GameCard,
    /// The game's version the form answers to (optimistic concurrency).
    pub version: i32,
    pub open: Option<OpenReport>,
    /// The viewer may send a (new) report now.
    pub may_report: bool,
    /// The viewer may confirm or dispute `open`.
    pub may_answer: bool,
    /// Why the form is not offered (a message key's code), when it is not.
    pub blocked: Option<String>,
    /// A fresh idempotency key for this rendering of the form.
    pub key: String,
    pub organiser: bool,
    /// The two rosters, for the optional box score.
    pub home_roster: Vec<RosterPlayer>,
    pub away_roster: Vec<RosterPlayer>,
}

/// What a captain (or organiser) should do about a game.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Todo {
    Report,
    Answer,
    Waiting,
    Disputed,
}

/// A line of an organiser's to-do list: how many of one kind wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskKind {
    Disputes,
    Requests,
    Notices,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub kind: TaskKind,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TodoGame {
    pub game: GameCard,
    pub todo: Todo,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: String,
    pub actor: String,
    pub action: String,
    /// What changed: `game` or `camp`.
    pub entity: String,
    pub entity_id: i32,
    pub before: Option<String>,
    pub after: Option<String>,
}
