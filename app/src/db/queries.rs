//! The reads behind the public pages. Each loads the few small tables it needs in flat
//! queries and joins in memory, so a page costs a fixed number of round trips.
use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;
use sea_orm::{prelude::*, QueryOrder, QuerySelect};

use super::entities::*;
use crate::model::*;

/// How long after tip-off an unreported game is shown as live.
const LIVE_WINDOW: Duration = Duration::hours(2);

/// Names of everything a game refers to, loaded once per request.
pub struct Lookup {
    teams: HashMap<i32, team::Model>,
    groups: HashMap<i32, String>,
    courts: HashMap<i32, String>,
    competitions: HashMap<i32, competition::Model>,
    pools: HashMap<i32, String>,
    pub is_demo: bool,
}

impl Lookup {
    pub async fn load(db: &DatabaseConnection) -> Result<Self, DbErr> {
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
            (None, None) => format!("R{}", game.round),
        };
        GameCard {
            id: game.id,
            competition: competition.map(|c| c.name.clone()).unwrap_or_default(),
            competition_id: game.competition_id,
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
                && game.starts_at <= now
                && now - game.starts_at < LIVE_WINDOW,
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

    pub fn published_competitions(&self) -> Vec<CompetitionSummary> {
        let mut list: Vec<_> = self
            .competitions
            .values()
            .filter(|c| c.status != CompetitionStatus::Draft)
            .map(|c| CompetitionSummary {
                id: c.id,
                name: c.name.clone(),
                kind: c.kind,
                status: c.status,
                division: c.division,
                starts_on: c.starts_on.to_string(),
                ends_on: c.ends_on.to_string(),
            })
            .collect();
        // Running competitions first, then the most recent.
        list.sort_by(|a, b| {
            (
                a.status == CompetitionStatus::Finished,
                std::cmp::Reverse(&a.starts_on),
            )
                .cmp(&(
                    b.status == CompetitionStatus::Finished,
                    std::cmp::Reverse(&b.starts_on),
                ))
        });
        list
    }

    fn is_published(&self, competition_id: i32) -> bool {
        self.competitions
            .get(&competition_id)
            .is_some_and(|c| c.status != CompetitionStatus::Draft)
    }
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
pub async fn today(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<TodayData, DbErr> {
    const UPCOMING_DAYS: i64 = 4;
    const RECENT_RESULTS: u64 = 8;
    let lookup = Lookup::load(db).await?;
    let date = now.with_timezone(&Shanghai).date_naive();
    let (day_start, day_end) = local_day(date);
    let (window, recent) = tokio::try_join!(
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
    let (today, upcoming): (Vec<_>, Vec<_>) =
        window.into_iter().partition(|g| g.starts_at < day_end);
    Ok(TodayData {
        date: date.to_string(),
        today: cards(today),
        upcoming: cards(upcoming),
        recent: cards(recent),
        is_demo: lookup.is_demo,
    })
}

/// Every published competition's games, in order of play.
pub async fn fixtures(
    db: &DatabaseConnection,
    competition_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(Vec<CompetitionSummary>, Vec<GameCard>), DbErr> {
    let lookup = Lookup::load(db).await?;
    let mut query = game::Entity::find()
        .order_by_asc(game::Column::StartsAt)
        .order_by_asc(game::Column::Id);
    if let Some(id) = competition_id {
        query = query.filter(game::Column::CompetitionId.eq(id));
    }
    let games = query.all(db).await?;
    let cards = games
        .iter()
        .filter(|g| lookup.is_published(g.competition_id))
        .map(|g| lookup.game_card(g, now))
        .collect();
    Ok((lookup.published_competitions(), cards))
}

/// The teams, grouped by villager group in the association's order.
pub async fn teams(db: &DatabaseConnection) -> Result<Vec<GroupTeams>, DbErr> {
    let lookup = Lookup::load(db).await?;
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
