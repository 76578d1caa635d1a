//! What a signed-in person has to do, counted from the data: the number beside 我的 in the
//! header, and the lines at the top of 我的.
//!
//! - a captain: their team's games that have started with no result (to report), and the
//!   other side's reports waiting for their answer — by the rule of 我的's own list
//!   ([`super::reports::todo_of`]);
//! - a referee: the games assigned to them from today to a week ahead;
//! - an organiser: disputes to settle, residents' requests to answer, notices to approve.
use std::collections::HashMap;

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
            let games = game::Entity::find()
                .filter(plays)
                .filter(game::Column::CompetitionId.is_in(published(db).await?))
                .all(db)
                .await?;
            let open: HashMap<i32, score_report::Model> = score_report::Entity::find()
                .filter(score_report::Column::GameId.is_in(games.iter().map(|g| g.id)))
                .filter(
                    score_report::Column::Status
                        .is_in([ReportStatus::Pending, ReportStatus::Disputed]),
                )
                .all(db)
                .await?
                .into_iter()
                .map(|report| (report.game_id, report))
                .collect();
            for game in &games {
                match super::reports::todo_of(viewer, game, open.get(&game.id), now) {
                    Some(Todo::Report) => counts.to_report += 1,
                    Some(Todo::Answer) => counts.to_answer += 1,
                    _ => {}
                }
            }
        }
    }
    Ok(counts)
}
