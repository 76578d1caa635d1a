//! The reads behind the public pages. Each loads the few small tables it needs in flat
//! queries and joins in memory, so a page costs a fixed number of round trips.
use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;
use sea_orm::{prelude::*, PaginatorTrait, QueryOrder, QuerySelect};

use super::entities::*;
use crate::model::*;

/// How long after tip-off an unreported game is shown as live.
const LIVE_WINDOW: Duration = Duration::hours(2);
/// How long a scorer's sheet nobody touches still shows as a game in progress.
const LIVE_SHEET_IDLE: Duration = Duration::hours(3);

/// Names of everything a game refers to: the small tables that change only when an
/// organiser edits them. Shared by the requests of one instance through [`NamesCache`].
pub struct Names {
    teams: HashMap<i32, team::Model>,
    groups: HashMap<i32, String>,
    courts: HashMap<i32, String>,
    competitions: HashMap<i32, competition::Model>,
    pools: HashMap<i32, String>,
    pub is_demo: bool,
}

impl Names {
    async fn load(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let (teams, groups, courts, competitions, pools, association) = tokio::try_join!(
            team::Entity::find().all(db),
            villager_group::Entity::find().all(db),
            court::Entity::find().all(db),
            competition::Entity::find().all(db),
            pool::Entity::find().all(db),
            association::Entity::find().one(db),
        )?;
        Ok(Self {
            teams: teams.into_iter().map(|t| (t.id, t)).collect(),
            groups: groups.into_iter().map(|g| (g.id, g.name)).collect(),
            courts: courts.into_iter().map(|c| (c.id, c.name)).collect(),
            competitions: competitions.into_iter().map(|c| (c.id, c)).collect(),
            pools: pools.into_iter().map(|p| (p.id, p.name)).collect(),
            is_demo: association.is_some_and(|a| a.is_demo),
        })
    }
}

/// How long [`NamesCache`] keeps the names when no change is counted: what no event
/// announces (an organiser's edit on another instance) reaches this instance's pages at most
/// this much later than it would without the cache.
pub const NAMES_TTL: std::time::Duration = std::time::Duration::from_secs(1);

/// The names ([`Names`]) last loaded, reused by every page of this instance until this
/// instance writes anything or hears of a change ([`crate::live::Hub::changes`]), and for
/// at most [`NAMES_TTL`]. Each page's render used to load the six tables again: on
/// PostgreSQL six of a game page's nine round trips, each on a connection of its own
/// (issue 22: two servers on PostgreSQL under `make load`).
pub struct NamesCache {
    hub: crate::live::Hub,
    held: std::sync::Mutex<Option<HeldNames>>,
    /// Held by the one request loading the names: the others that miss wait for its load
    /// rather than each loading them (after a start, hundreds of renders miss at once).
    loading: tokio::sync::Mutex<()>,
}

struct HeldNames {
    /// [`crate::live::Hub::changes`] when the load began.
    changes: u64,
    loaded: std::time::Instant,
    names: std::sync::Arc<Names>,
}

impl NamesCache {
    pub fn new(hub: crate::live::Hub) -> Self {
        Self {
            hub,
            held: std::sync::Mutex::new(None),
            loading: tokio::sync::Mutex::new(()),
        }
    }

    /// The names, loaded again when a change was counted since they were (or they are older
    /// than [`NAMES_TTL`]). Stored under the count read *before* loading: names loaded while
    /// a change came are not taken for current by the next page.
    pub async fn get(&self, db: &DatabaseConnection) -> Result<std::sync::Arc<Names>, DbErr> {
        if let Some(names) = self.current() {
            return Ok(names);
        }
        let _loading = self.loading.lock().await;
        if let Some(names) = self.current() {
            return Ok(names);
        }
        let changes = self.hub.changes();
        let loaded = std::time::Instant::now();
        let names = std::sync::Arc::new(Names::load(db).await?);
        *self.held.lock().expect("names lock") = Some(HeldNames {
            changes,
            loaded,
            names: names.clone(),
        });
        Ok(names)
    }

    /// The names held, if nothing changed since they were loaded and they are fresh enough.
    fn current(&self) -> Option<std::sync::Arc<Names>> {
        let changes = self.hub.changes();
        let held = self.held.lock().expect("names lock");
        let held = held.as_ref()?;
        (held.changes == changes && held.loaded.elapsed() < NAMES_TTL).then(|| held.names.clone())
    }
}

/// What a page needs to show games: the [`Names`] and the games being scored live.
pub struct Lookup {
    names: std::sync::Arc<Names>,
    /// The games being scored live, by game.
    live: HashMap<i32, LiveScore>,
}

impl std::ops::Deref for Lookup {
    type Target = Names;

    fn deref(&self) -> &Names {
        &self.names
    }
}

impl Lookup {
    pub async fn load(db: &DatabaseConnection, names: &NamesCache) -> Result<Self, DbErr> {
        let (names, live) = tokio::try_join!(
            names.get(db),
            super::live::scores(db, Utc::now() - LIVE_SHEET_IDLE),
        )?;
        Ok(Self { names, live })
    }

    pub fn team_ref(&self, id: i32) -> Option<TeamRef> {
        let team = self.teams.get(&id)?;
        Some(TeamRef {
            id,
            name: team.name.clone(),
            group: self
                .groups
                .get(&team.villager_group_id)
                .cloned()
                .unwrap_or_default(),
        })
    }

    pub fn game_card(&self, game: &game::Model, now: DateTime<Utc>) -> GameCard {
        let competition = self.competitions.get(&game.competition_id);
        let label = match (
            &game.bracket_slot,
            game.pool_id.and_then(|p| self.pools.get(&p)),
        ) {
            (Some(slot), _) => slot.clone(),
            (None, Some(pool)) => pool.clone(),
            (None, None) => String::new(),
        };
        // A sheet's score shows until the result is in.
        let live_score = (game.status == GameStatus::Scheduled)
            .then(|| self.live.get(&game.id).copied())
            .flatten();
        GameCard {
            id: game.id,
            competition: competition.map(|c| c.name.clone()).unwrap_or_default(),
            competition_id: game.competition_id,
            round: game.round,
            label,
            home: game.home_team_id.and_then(|id| self.team_ref(id)),
            away: game.away_team_id.and_then(|id| self.team_ref(id)),
            home_source: game.home_source.clone(),
            away_source: game.away_source.clone(),
            court: game.court_id.and_then(|id| self.courts.get(&id).cloned()),
            starts_at: game.starts_at.with_timezone(&Shanghai).to_rfc3339(),
            status: game.status,
            outcome: game.outcome,
            home_score: game.home_score,
            away_score: game.away_score,
            live: game.status == GameStatus::Scheduled
                && (live_score.is_some()
                    || (game.starts_at <= now && now - game.starts_at < LIVE_WINDOW)),
            live_score,
        }
    }

    pub fn team_summaries(&self) -> Vec<TeamSummary> {
        let mut teams: Vec<_> = self.teams.values().collect();
        teams.sort_by_key(|t| (t.villager_group_id, t.division as u8, t.id));
        teams
            .into_iter()
            .map(|t| TeamSummary {
                id: t.id,
                name: t.name.clone(),
                division: t.division,
                group: self
                    .groups
                    .get(&t.villager_group_id)
                    .cloned()
                    .unwrap_or_default(),
                home_court: t.home_court_id.and_then(|c| self.courts.get(&c).cloned()),
            })
            .collect()
    }

    fn teams_of_group(&self, group: i32) -> Vec<i32> {
        self.teams
            .values()
            .filter(|t| t.villager_group_id == group)
            .map(|t| t.id)
            .collect()
    }

    /// Whether the game is being scored live (its sheet has started, no result yet).
    pub fn is_live(&self, game_id: i32) -> bool {
        self.live.get(&game_id).is_some_and(|live| !live.finished)
    }

    /// A competition as lists name it.
    pub fn competition(&self, id: i32) -> Option<CompetitionSummary> {
        self.competitions.get(&id).map(CompetitionSummary::from)
    }

    pub fn is_published(&self, competition_id: i32) -> bool {
        self.competitions
            .get(&competition_id)
            .is_some_and(|c| c.status != CompetitionStatus::Draft)
    }
}

impl From<&competition::Model> for CompetitionSummary {
    fn from(c: &competition::Model) -> Self {
        CompetitionSummary {
            id: c.id,
            name: c.name.clone(),
            kind: c.kind,
            status: c.status,
            division: c.division,
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
        }
    }
}

/// A list of choices for a filter, in the order the items were created.
fn choices<T>(items: &HashMap<i32, T>, name: impl Fn(&T) -> String) -> Vec<Choice> {
    let mut list: Vec<Choice> = items
        .iter()
        .map(|(id, item)| Choice {
            id: *id,
            name: name(item),
        })
        .collect();
    list.sort_by_key(|c| c.id);
    list
}

/// The local calendar day `now` falls on in Asia/Shanghai, as a UTC range.
fn local_day(date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = date
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_local_timezone(Shanghai)
        .single()
        .expect("Shanghai has no DST gaps");
    (
        start.with_timezone(&Utc),
        (start + Duration::days(1)).with_timezone(&Utc),
    )
}

/// Today's games, the next few days' and the latest results.
pub async fn today(
    db: &DatabaseConnection,
    names: &NamesCache,
    now: DateTime<Utc>,
) -> Result<TodayData, DbErr> {
    const UPCOMING_DAYS: i64 = 4;
    const RECENT_RESULTS: u64 = 8;
    let lookup = Lookup::load(db, names).await?;
    let date = now.with_timezone(&Shanghai).date_naive();
    let (day_start, day_end) = local_day(date);
    // A game being scored live that began before midnight is still today's.
    let live: Vec<i32> = lookup
        .live
        .iter()
        .filter(|(_, live)| !live.finished)
        .map(|(id, _)| *id)
        .collect();
    let (live_before, window, recent) = tokio::try_join!(
        game::Entity::find()
            .filter(game::Column::Id.is_in(live))
            .filter(game::Column::StartsAt.lt(day_start))
            .filter(game::Column::Status.eq(GameStatus::Scheduled))
            .order_by_asc(game::Column::StartsAt)
            .all(db),
        game::Entity::find()
            .filter(game::Column::StartsAt.gte(day_start))
            .filter(game::Column::StartsAt.lt(day_end + Duration::days(UPCOMING_DAYS)))
            .order_by_asc(game::Column::StartsAt)
            .order_by_asc(game::Column::Id)
            .all(db),
        game::Entity::find()
            .filter(game::Column::StartsAt.lt(day_start))
            .filter(game::Column::Status.is_in([GameStatus::Played, GameStatus::Forfeit]))
            .order_by_desc(game::Column::StartsAt)
            .order_by_desc(game::Column::Id)
            .limit(RECENT_RESULTS)
            .all(db),
    )?;
    let cards = |games: Vec<game::Model>| -> Vec<GameCard> {
        games
            .iter()
            .filter(|g| lookup.is_published(g.competition_id))
            .map(|g| lookup.game_card(g, now))
            .collect()
    };
    let (today, upcoming): (Vec<_>, Vec<_>) = live_before
        .into_iter()
        .chain(window)
        .partition(|g| g.starts_at < day_end);
    Ok(TodayData {
        date: date.to_string(),
        today: cards(today),
        upcoming: cards(upcoming),
        recent: cards(recent),
        is_demo: lookup.is_demo,
    })
}

/// The published competitions, the one being played now first and the rest in the same
/// order (`domain::current`): what a page that names no competition opens on, and the order
/// of the competition links on the standings and fixtures pages.
pub async fn competitions_now(
    db: &DatabaseConnection,
    lookup: &Lookup,
    now: DateTime<Utc>,
) -> Result<Vec<CompetitionSummary>, DbErr> {
    use crate::domain::current;
    let games: Vec<(i32, DateTime<Utc>, GameStatus)> = game::Entity::find()
        .select_only()
        .columns([
            game::Column::CompetitionId,
            game::Column::StartsAt,
            game::Column::Status,
        ])
        .filter(game::Column::Status.ne(GameStatus::Cancelled))
        .into_tuple()
        .all(db)
        .await?;
    let games: Vec<current::Game> = games
        .into_iter()
        .filter(|(competition, _, _)| lookup.is_published(*competition))
        .map(|(competition, starts_at, status)| current::Game {
            competition,
            starts_at,
            played: matches!(status, GameStatus::Played | GameStatus::Forfeit),
        })
        .collect();
    let competitions: Vec<current::Competition> = lookup
        .competitions
        .values()
        .filter(|c| c.status != CompetitionStatus::Draft)
        .map(|c| current::Competition {
            id: c.id,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            finished: c.status == CompetitionStatus::Finished,
        })
        .collect();
    let today = now.with_timezone(&Shanghai).date_naive();
    Ok(current::order(&competitions, &games, today, now)
        .into_iter()
        .filter_map(|id| lookup.competitions.get(&id))
        .map(CompetitionSummary::from)
        .collect())
}

/// The published games a filter selects, in order of play (the days before today latest day
/// first), with the choices for each filter.
pub async fn fixtures(
    db: &DatabaseConnection,
    names: &NamesCache,
    filter: &FixtureFilter,
    now: DateTime<Utc>,
) -> Result<FixturesData, DbErr> {
    let lookup = Lookup::load(db, names).await?;
    let mut query = game::Entity::find()
        .order_by_asc(game::Column::StartsAt)
        .order_by_asc(game::Column::Id);
    if let Some(id) = filter.competition {
        query = query.filter(game::Column::CompetitionId.eq(id));
    }
    if let Some(id) = filter.court {
        query = query.filter(game::Column::CourtId.eq(id));
    }
    let teams: Option<Vec<i32>> = match (filter.team, filter.group) {
        (Some(team), _) => Some(vec![team]),
        (None, Some(group)) => Some(lookup.teams_of_group(group)),
        (None, None) => None,
    };
    if let Some(teams) = teams {
        query = query.filter(
            sea_orm::Condition::any()
                .add(game::Column::HomeTeamId.is_in(teams.clone()))
                .add(game::Column::AwayTeamId.is_in(teams)),
        );
    }
    // Today starts at midnight in Beijing: its games stay listed after they are played.
    let (today_starts, _) = local_day(now.with_timezone(&Shanghai).date_naive());
    let before_today = game::Column::StartsAt.lt(today_starts);
    let (games, earlier) = match filter.days {
        FixtureDays::All => (query.all(db).await?, 0),
        FixtureDays::FromToday => {
            let published: Vec<i32> = lookup
                .competitions
                .keys()
                .copied()
                .filter(|id| lookup.is_published(*id))
                .collect();
            let earlier = query
                .clone()
                .filter(before_today)
                .filter(game::Column::CompetitionId.is_in(published))
                .count(db);
            let games = query
                .filter(game::Column::StartsAt.gte(today_starts))
                .all(db);
            let (games, earlier) = tokio::try_join!(games, earlier)?;
            (games, earlier as u32)
        }
        FixtureDays::BeforeToday => {
            let mut games = query.filter(before_today).all(db).await?;
            // The latest day first; each day's games in order of play.
            let day = |g: &game::Model| g.starts_at.with_timezone(&Shanghai).date_naive();
            games.sort_by_key(|g| (std::cmp::Reverse(day(g)), g.starts_at, g.id));
            (games, 0)
        }
    };
    let games: Vec<GameCard> = games
        .iter()
        .filter(|g| lookup.is_published(g.competition_id))
        .map(|g| lookup.game_card(g, now))
        .collect();
    Ok(FixturesData {
        competitions: competitions_now(db, &lookup, now).await?,
        teams: choices(&lookup.teams, |t| t.name.clone()),
        groups: choices(&lookup.groups, |g| g.clone()),
        courts: choices(&lookup.courts, |c| c.clone()),
        games,
        earlier,
    })
}

/// A team's page: who plays, what they won and lost, and what comes next.
pub async fn team_page(
    db: &DatabaseConnection,
    names: &NamesCache,
    team_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<TeamData>, DbErr> {
    let lookup = Lookup::load(db, names).await?;
    let Some(team) = lookup
        .team_summaries()
        .into_iter()
        .find(|t| t.id == team_id)
    else {
        return Ok(None);
    };
    let (players, games) = tokio::try_join!(
        player::Entity::find()
            .filter(player::Column::TeamId.eq(team_id))
            .order_by_asc(player::Column::JerseyNumber)
            .all(db),
        game::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(game::Column::HomeTeamId.eq(team_id))
                    .add(game::Column::AwayTeamId.eq(team_id)),
            )
            .order_by_asc(game::Column::StartsAt)
            .all(db),
    )?;
    let (done, open): (Vec<_>, Vec<_>) = games
        .into_iter()
        .filter(|g| lookup.is_published(g.competition_id))
        .partition(|g| matches!(g.status, GameStatus::Played | GameStatus::Forfeit));
    // Season totals from the confirmed box scores of the games shown.
    let box_scores: Vec<_> = done
        .iter()
        .map(|g| super::box_score::decode(g.box_score.as_deref()))
        .collect();
    let totals: HashMap<i32, (u32, u32, u32)> =
        crate::domain::leaders::season(box_scores.iter().map(Vec::as_slice))
            .into_iter()
            .map(|line| (line.player_id, (line.points, line.fouls, line.games)))
            .collect();
    let honours = super::honours::of_team(db, team_id).await?;
    let (today_starts, _) = local_day(now.with_timezone(&Shanghai).date_naive());
    Ok(Some(TeamData {
        team,
        honours,
        players: players
            .into_iter()
            .map(|p| {
                let (points, fouls, games) = totals.get(&p.id).copied().unwrap_or_default();
                PlayerLine {
                    id: p.id,
                    number: p.jersey_number,
                    name: p.name,
                    points,
                    fouls,
                    games,
                }
            })
            .collect(),
        results: done
            .iter()
            .rev()
            .map(|g| lookup.game_card(g, now))
            .collect(),
        // From today on: a past game still without a result is not "next".
        upcoming: open
            .iter()
            .filter(|g| g.status != GameStatus::Cancelled)
            // A game being scored live stays, even one that began before midnight.
            .filter(|g| {
                g.status == GameStatus::Postponed
                    || g.starts_at >= today_starts
                    || lookup.is_live(g.id)
            })
            .map(|g| lookup.game_card(g, now))
            .collect(),
    }))
}

/// One game with its score by period.
pub async fn game_page(
    db: &DatabaseConnection,
    names: &NamesCache,
    game_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<GameData>, DbErr> {
    let lookup = Lookup::load(db, names).await?;
    let Some(game) = game::Entity::find_by_id(game_id).one(db).await? else {
        return Ok(None);
    };
    if !lookup.is_published(game.competition_id) {
        return Ok(None);
    }
    let periods = game
        .period_scores
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    let box_score =
        super::box_score::views(db, &super::box_score::decode(game.box_score.as_deref())).await?;
    Ok(Some(GameData {
        game: lookup.game_card(&game, now),
        periods,
        box_score,
    }))
}

/// The teams, grouped by villager group in the association's order.
pub async fn teams(db: &DatabaseConnection, names: &NamesCache) -> Result<Vec<GroupTeams>, DbErr> {
    let lookup = Lookup::load(db, names).await?;
    let order: Vec<String> = villager_group::Entity::find()
        .order_by_asc(villager_group::Column::SortOrder)
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.name)
        .collect();
    let mut by_group: HashMap<String, Vec<TeamSummary>> = HashMap::new();
    for team in lookup.team_summaries() {
        by_group.entry(team.group.clone()).or_default().push(team);
    }
    Ok(order
        .into_iter()
        .filter_map(|group| {
            let teams = by_group.remove(&group)?;
            Some(GroupTeams { group, teams })
        })
        .collect())
}

/// Which games a calendar feed carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedScope {
    Team(i32),
    Court(i32),
    Competition(i32),
}

/// One game as a calendar entry: names resolved, time in UTC.
#[derive(Clone, Debug)]
pub struct CalendarGame {
    pub id: i32,
    pub competition: String,
    /// The teams' names, or where they come from while a bracket is open.
    pub home: String,
    pub away: String,
    pub court: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub status: GameStatus,
    pub home_score: Option<i32>,
    pub away_score: Option<i32>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// A feed's name and its games, or `None` when there is no such team, court or published
/// competition. Games of unpublished competitions never appear.
pub async fn calendar_feed(
    db: &DatabaseConnection,
    names: &NamesCache,
    scope: FeedScope,
) -> Result<Option<(String, Vec<CalendarGame>)>, DbErr> {
    let lookup = Lookup::load(db, names).await?;
    let mut query = game::Entity::find()
        .order_by_asc(game::Column::StartsAt)
        .order_by_asc(game::Column::Id);
    let name = match scope {
        FeedScope::Team(id) => {
            query = query.filter(
                sea_orm::Condition::any()
                    .add(game::Column::HomeTeamId.eq(id))
                    .add(game::Column::AwayTeamId.eq(id)),
            );
            lookup.teams.get(&id).map(|t| t.name.clone())
        }
        FeedScope::Court(id) => {
            query = query.filter(game::Column::CourtId.eq(id));
            lookup.courts.get(&id).cloned()
        }
        FeedScope::Competition(id) => {
            query = query.filter(game::Column::CompetitionId.eq(id));
            lookup
                .is_published(id)
                .then(|| lookup.competitions.get(&id).map(|c| c.name.clone()))
                .flatten()
        }
    };
    let Some(name) = name else {
        return Ok(None);
    };
    let side = |team: Option<i32>, source: &Option<String>| {
        team.and_then(|id| lookup.teams.get(&id).map(|t| t.name.clone()))
            .or_else(|| source.clone())
            .unwrap_or_else(|| "?".into())
    };
    let games = query
        .all(db)
        .await?
        .into_iter()
        .filter(|g| lookup.is_published(g.competition_id))
        .map(|g| CalendarGame {
            id: g.id,
            competition: lookup
                .competitions
                .get(&g.competition_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            home: side(g.home_team_id, &g.home_source),
            away: side(g.away_team_id, &g.away_source),
            court: g.court_id.and_then(|id| lookup.courts.get(&id).cloned()),
            starts_at: g.starts_at,
            status: g.status,
            home_score: g.home_score,
            away_score: g.away_score,
            version: g.version,
            updated_at: g.updated_at,
        })
        .collect();
    Ok(Some((name, games)))
}
