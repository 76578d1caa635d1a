//! The types pages and server functions exchange. They compile for the browser too, so they
//! know nothing about the database; with `ssr` the enums double as SeaORM active enums.
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use sea_orm::{sea_query::StringLen, DeriveActiveEnum, EnumIter};

macro_rules! db_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(DeriveActiveEnum, EnumIter, utoipa::ToSchema))]
        #[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))"))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $(#[cfg_attr(feature = "ssr", sea_orm(string_value = $value))] $variant,)+
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $value,)+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($value => Ok(Self::$variant),)+
                    other => Err(format!("unknown {}: {other}", stringify!($name))),
                }
            }
        }
    };
}

db_enum!(
    /// The four divisions a village association plays in.
    Division { Men = "men", Women = "women", Youth = "youth", Veterans = "veterans" }
);
db_enum!(CompetitionKind { League = "league", Cup = "cup" });
db_enum!(CompetitionStatus { Draft = "draft", Published = "published", Finished = "finished" });
db_enum!(StageFormat {
    RoundRobin = "round_robin",
    DoubleRoundRobin = "double_round_robin",
    Groups = "groups",
    Knockout = "knockout",
});
db_enum!(GameStatus {
    Scheduled = "scheduled",
    Postponed = "postponed",
    Played = "played",
    Forfeit = "forfeit",
    Cancelled = "cancelled",
});
db_enum!(
    /// How a finished game ended, in the words of FIBA Annex D.
    Outcome {
        Played = "played",
        ForfeitByHome = "forfeit_by_home",
        ForfeitByAway = "forfeit_by_away",
        DefaultByHome = "default_by_home",
        DefaultByAway = "default_by_away",
    }
);

db_enum!(
    /// What a signed-in user may do. Residents and parents need no account.
    Role { Admin = "admin", Organiser = "organiser", Captain = "captain", Referee = "referee" }
);
db_enum!(
    /// Where a captain's score report stands: pending (waiting for the other captain or the
    /// auto-confirm deadline), confirmed (counts in the tables), disputed (an organiser
    /// decides) or superseded (replaced by a later report or an organiser's decision).
    ReportStatus {
        Pending = "pending",
        Confirmed = "confirmed",
        Disputed = "disputed",
        Superseded = "superseded",
    }
);

impl Role {
    /// Whom this role manages (invites, disables, gives a new PIN or password): an
    /// administrator manages organisers, referees and captains; an organiser manages
    /// referees and captains; nobody else manages anybody, and an administrator is made
    /// only on the server's command line.
    pub fn manages(self, other: Role) -> bool {
        match self {
            Role::Admin => matches!(other, Role::Organiser | Role::Referee | Role::Captain),
            Role::Organiser => matches!(other, Role::Referee | Role::Captain),
            Role::Captain | Role::Referee => false,
        }
    }
}

/// Who is signed in, as every page and check sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: i32,
    pub name: String,
    pub role: Role,
    /// The team a captain stands for.
    pub team_id: Option<i32>,
}

impl Viewer {
    /// Organisers and administrators run the association.
    pub fn organises(&self) -> bool {
        matches!(self.role, Role::Organiser | Role::Admin)
    }

    /// The captain of this team.
    pub fn captains(&self, team_id: Option<i32>) -> bool {
        self.role == Role::Captain && team_id.is_some() && self.team_id == team_id
    }
}

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

db_enum!(
    /// What happens when a confirmed place frees up: the next waiting child gets it at once,
    /// or it is offered to them until a deadline and passes on if not taken.
    FreePlacePolicy { Confirm = "confirm", Offer = "offer" }
);
db_enum!(
    /// Where a child's camp enrolment stands.
    EnrolmentStatus {
        Confirmed = "confirmed",
        Waitlisted = "waitlisted",
        Offered = "offered",
        Cancelled = "cancelled",
    }
);

/// One age group of a camp, with its counts (all the public ever sees of enrolments).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampGroupCount {
    pub id: i32,
    pub name: String,
    pub born_from: String,
    pub born_to: String,
    pub capacity: i32,
    pub taken: i32,
    pub waiting: i32,
}

/// The public camp page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampInfo {
    pub id: i32,
    pub name: String,
    pub year: i32,
    pub starts_on: String,
    pub ends_on: String,
    pub location: String,
    pub fee_yuan: i32,
    /// Local time (Asia/Shanghai), `YYYY-MM-DD HH:MM`.
    pub opens_at: String,
    pub closes_at: String,
    pub open: bool,
    pub not_yet: bool,
    pub keep_data_until: String,
    pub groups: Vec<CampGroupCount>,
    pub villager_groups: Vec<Choice>,
}

/// One child of a household, as the guardian's private page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildStatus {
    pub id: i32,
    pub name: String,
    pub group: String,
    pub status: EnrolmentStatus,
    /// Place in the waiting list (1 = next), when waiting.
    pub position: Option<i32>,
    pub offer_expires_at: Option<String>,
    /// What the guardian wrote (the private page only).
    pub medical: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdView {
    pub camp: String,
    pub reference: String,
    pub guardian_name: String,
    pub phone_masked: String,
    pub children: Vec<ChildStatus>,
}

/// A line of the organisers' roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub id: i32,
    pub child_name: String,
    pub birth_date: String,
    pub gender: String,
    pub group_id: i32,
    pub group: String,
    pub villager_group: String,
    pub guardian_name: String,
    pub phone_masked: String,
    pub medical: String,
    pub reference: String,
    pub status: EnrolmentStatus,
    pub position: Option<i32>,
    pub fee_paid: bool,
    pub present_today: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampRoster {
    pub camp_id: i32,
    pub camp: String,
    pub today: String,
    pub groups: Vec<CampGroupCount>,
    pub rows: Vec<RosterRow>,
}

db_enum!(
    /// A notice is published, waits for an organiser (a captain's, when the association
    /// wants that), or was withdrawn.
    NoticeStatus { Published = "published", Pending = "pending", Withdrawn = "withdrawn" }
);
db_enum!(
    /// Where a resident's request stands.
    RequestStatus { New = "new", InProgress = "in_progress", Answered = "answered", Closed = "closed" }
);

/// A notice as the pages and the feed show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i32,
    pub title: String,
    pub body: String,
    /// The villager group it concerns; `None` for everyone.
    pub group: Option<String>,
    pub pinned: bool,
    /// RFC 3339 in Asia/Shanghai: when it was published (or sent, while pending).
    pub at: String,
    pub expires_at: Option<String>,
    pub status: NoticeStatus,
    /// Who wrote it; empty for a notice the system wrote.
    pub author: String,
    pub game_id: Option<i32>,
    pub image: Option<NoticeImageView>,
    /// For a notice a game change wrote: what it is about, so that the page words it in its
    /// reader's language (`title` and `body` are its Chinese text as stored).
    pub game_change: Option<GameChangeNotice>,
}

/// A notice's image as a page shows it (the bytes are at [`NoticeImageView::url`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeImageView {
    pub notice_id: i32,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
}

impl NoticeImageView {
    pub fn url(&self) -> String {
        format!("/notices/{}/image", self.notice_id)
    }
}

/// The notices page: what residents read, and what the viewer may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticesData {
    pub notices: Vec<NoticeView>,
    /// Organisers: captains' notices waiting for approval.
    pub pending: Vec<NoticeView>,
    /// The viewer's own notices waiting for approval (captains).
    pub mine_pending: Vec<NoticeView>,
    /// The viewer may post: organisers for any group, captains for their own.
    pub may_post: bool,
    pub organiser: bool,
    /// The groups a notice may concern, for the form (a captain: only theirs).
    pub groups: Vec<Choice>,
    pub needs_approval: bool,
}

/// A resident's request as its sender sees it with the reference code (no personal data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: i32,
    pub code: String,
    pub topic: String,
    pub body: String,
    pub group: Option<String>,
    pub status: RequestStatus,
    pub answer: Option<String>,
    pub at: String,
    pub answered_at: Option<String>,
    /// Organisers only; always `None` for anyone else.
    pub contact_phone: Option<String>,
    pub notice_id: Option<i32>,
}

/// What a request lookup found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestLookup {
    NotAsked,
    Found(Box<RequestView>),
    NotFound,
    TooManyAttempts,
}

/// An organisers' page as the server answers it: sign in first (401), not allowed (403),
/// nothing there (404), or the data. No personal data in anything but `Found`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Guarded<T> {
    NeedSignIn,
    NotAllowed,
    NotFound,
    Found(T),
}

/// A camp's set-up form as stored (blank for a new camp): the values its inputs show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampSetupForm {
    /// `None`: a new camp.
    pub camp_id: Option<i32>,
    pub name: String,
    /// Field name → value, in the form's own format (`datetime-local` for times).
    pub values: Vec<(String, String)>,
    /// The existing groups' places taken and waiting lists.
    pub counts: Vec<CampGroupCount>,
}

/// The organisers' daily attendance sheet: the confirmed children of each group for one
/// camp day, and who was checked in that day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceSheet {
    pub camp_id: i32,
    pub camp: String,
    pub location: String,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Every day of the camp, for choosing.
    pub days: Vec<String>,
    pub groups: Vec<Choice>,
    /// The group shown, or all (one per printed page).
    pub group: Option<i32>,
    pub sections: Vec<SheetGroup>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetGroup {
    pub id: i32,
    pub name: String,
    pub born_from: String,
    pub born_to: String,
    pub rows: Vec<SheetRow>,
    /// How many of them were checked in that day.
    pub present: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub child_name: String,
    pub gender: String,
    pub birth_date: String,
    pub guardian_name: String,
    pub phone_masked: String,
    pub medical: String,
    /// `HH:MM` (Asia/Shanghai) when checked in that day.
    pub checked_at: Option<String>,
}

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

mod changes;
pub use changes::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixture_filter_keeps_its_address() {
        assert_eq!(FixtureFilter::default().href(), "/fixtures");
        let filter = FixtureFilter {
            competition: Some(3),
            group: Some(1),
            days: FixtureDays::BeforeToday,
            ..FixtureFilter::default()
        };
        assert_eq!(filter.href(), "/fixtures?competition=3&group=1&from=past");
        let today = FixtureFilter {
            days: FixtureDays::FromToday,
            ..filter
        };
        assert_eq!(today.href(), "/fixtures?competition=3&group=1");
    }
}
