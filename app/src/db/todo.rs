//! What a signed-in person has to do, counted from the data: the number beside 我的 in the
//! header, and the lines at the top of 我的.
//!
//! - a captain: their team's games that have started with no result (to report), and the
//!   other side's reports waiting for their answer;
//! - a referee: the games assigned to them from today to a week ahead;
//! - an organiser: disputes to settle, residents' requests to answer, notices to approve.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{prelude::*, Condition, PaginatorTrait, QueryOrder};

use super::entities::*;
use crate::model::*;

/// How far ahead a referee's games count.
pub const REFEREE_DAYS: i64 = 7;

/// The counts behind a person's to-do list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub to_report: u64,
    pub to_answer: u64,
    pub refereeing: u64,
    pub disputes: u64,
    pub requests: u64,
    pub notices: u64,
}

impl Counts {
    /// What the header shows beside 我的.
    pub fn total(&self) -> u64 {
        self.to_report
            + self.to_answer
            + self.refereeing
            + self.disputes
            + self.requests
            + self.notices
    }

    /// The lines of an organiser's (or referee's) list that are not single games.
    pub fn tasks(&self) -> Vec<Task> {
        [
            (TaskKind::Disputes, self.disputes),
            (TaskKind::Requests, self.requests),
            (TaskKind::Notices, self.notices),
        ]
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .map(|(kind, count)| Task { kind, count })
        .collect()
    }
}

/// Games of published competitions.
async fn published(db: &impl ConnectionTrait) -> Result<Vec<i32>, DbErr> {
    Ok(competition::Entity::find()
        .filter(competition::Column::Status.ne(CompetitionStatus::Draft))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

/// The referee's assigned games still to be played, from the start of today (Shanghai) to
/// [`REFEREE_DAYS`] ahead, in order.
pub async fn refereeing(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> Result<Vec<game::Model>, DbErr> {
    if viewer.role != Role::Referee {
        return Ok(Vec::new());
    }
    let assigned: Vec<i32> = game_referee::Entity::find()
        .filter(game_referee::Column::UserId.eq(viewer.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.game_id)
        .collect();
    let (date, _) = super::changes::local_date_time(now);
    let today = super::changes::utc_of(date, chrono::NaiveTime::MIN);
    game::Entity::find()
        .filter(game::Column::Id.is_in(assigned))
        .filter(game::Column::CompetitionId.is_in(published(db).await?))
        .filter(game::Column::Status.eq(GameStatus::Scheduled))
        .filter(game::Column::StartsAt.gte(today))
        .filter(game::Column::StartsAt.lt(today + Duration::days(REFEREE_DAYS)))
        .order_by_asc(game::Column::StartsAt)
        .all(db)
        .await
}

pub async fn counts(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> Result<Counts, DbErr> {
    let mut counts = Counts::default();
    match viewer.role {
        Role::Organiser | Role::Admin => {
            counts.disputes = score_report::Entity::find()
                .filter(score_report::Column::Status.eq(ReportStatus::Disputed))
                .count(db)
                .await?;
            counts.requests = resident_request::Entity::find()
                .filter(
                    resident_request::Column::Status
                        .is_in([RequestStatus::New, RequestStatus::InProgress]),
                )
                .count(db)
                .await?;
            counts.notices = notice::Entity::find()
                .filter(notice::Column::Status.eq(NoticeStatus::Pending))
                .count(db)
                .await?;
        }
        Role::Referee => {
            counts.refereeing = refereeing(db, viewer, now).await?.len() as u64;
        }
        Role::Captain => {
            let Some(team) = viewer.team_id else {
                return Ok(counts);
            };
            let plays = Condition::any()
                .add(game::Column::HomeTeamId.eq(team))
                .add(game::Column::AwayTeamId.eq(team));
            let games: Vec<i32> = game::Entity::find()
                .filter(plays.clone())
                .filter(game::Column::CompetitionId.is_in(published(db).await?))
                .all(db)
                .await?
                .into_iter()
                .map(|g| g.id)
                .collect();
            let open = score_report::Entity::find()
                .filter(score_report::Column::GameId.is_in(games.clone()))
                .filter(
                    score_report::Column::Status
                        .is_in([ReportStatus::Pending, ReportStatus::Disputed]),
                )
                .all(db)
                .await?;
            // The other side reported and this captain has not answered yet.
            counts.to_answer = open
                .iter()
                .filter(|r| {
                    r.status == ReportStatus::Pending
                        && r.team_id.is_some()
                        && r.team_id != Some(team)
                })
                .count() as u64;
            counts.to_report = game::Entity::find()
                .filter(game::Column::Id.is_in(games))
                .filter(game::Column::Id.is_not_in(open.iter().map(|r| r.game_id)))
                .filter(game::Column::Status.eq(GameStatus::Scheduled))
                .filter(game::Column::StartsAt.lte(now))
                .filter(game::Column::HomeTeamId.is_not_null())
                .filter(game::Column::AwayTeamId.is_not_null())
                .count(db)
                .await?;
        }
    }
    Ok(counts)
}
