//! The organiser's workspace (管理): what needs attention now, counted from the data, and
//! what each tool needs to be reached (the competitions, the camp, the courts).
use chrono::{DateTime, Utc};
use sea_orm::{prelude::*, PaginatorTrait, QueryOrder, QuerySelect};

use super::entities::*;
use super::queries::Lookup;
use crate::model::*;

/// How many games without a result the workspace lists (the latest first); it counts them all.
const UNREPORTED_SHOWN: u64 = 8;

pub async fn page(
    db: &DatabaseConnection,
    names: &super::queries::NamesCache,
    now: DateTime<Utc>,
) -> Result<HubData, DbErr> {
    let lookup = Lookup::load(db, names).await?;
    let postponed = game::Entity::find()
        .filter(game::Column::Status.eq(GameStatus::Postponed))
        .order_by_asc(game::Column::StartsAt)
        .all(db)
        .await?;
    let disputed_ids: Vec<i32> = score_report::Entity::find()
        .filter(score_report::Column::Status.eq(ReportStatus::Disputed))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.game_id)
        .collect();
    let disputed = game::Entity::find()
        .filter(game::Column::Id.is_in(disputed_ids))
        .order_by_asc(game::Column::StartsAt)
        .all(db)
        .await?;
    // Games whose start is past, both teams known, and no result yet: someone must enter it.
    // The latest first: tonight's games are the ones the organiser has just watched.
    let published: Vec<i32> = competition::Entity::find()
        .filter(competition::Column::Status.ne(CompetitionStatus::Draft))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let reported: Vec<i32> = score_report::Entity::find()
        .filter(score_report::Column::Status.is_in([ReportStatus::Pending, ReportStatus::Disputed]))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.game_id)
        .collect();
    let waiting = game::Entity::find()
        .filter(game::Column::CompetitionId.is_in(published))
        .filter(game::Column::Status.eq(GameStatus::Scheduled))
        .filter(game::Column::StartsAt.lte(now))
        .filter(game::Column::HomeTeamId.is_not_null())
        .filter(game::Column::AwayTeamId.is_not_null())
        .filter(game::Column::Id.is_not_in(reported));
    let unreported_total = waiting.clone().count(db).await?;
    let unreported = waiting
        .order_by_desc(game::Column::StartsAt)
        .order_by_asc(game::Column::Id)
        .limit(UNREPORTED_SHOWN)
        .all(db)
        .await?;
    let pending_reports = score_report::Entity::find()
        .filter(score_report::Column::Status.eq(ReportStatus::Pending))
        .count(db)
        .await?;
    let open_requests = resident_request::Entity::find()
        .filter(
            resident_request::Column::Status.is_in([RequestStatus::New, RequestStatus::InProgress]),
        )
        .count(db)
        .await?;
    let notices_to_approve = notice::Entity::find()
        .filter(notice::Column::Status.eq(NoticeStatus::Pending))
        .count(db)
        .await?;
    let competitions = competition::Entity::find()
        .order_by_desc(competition::Column::StartsOn)
        .all(db)
        .await?;
    let of_status = |status: CompetitionStatus| {
        competitions
            .iter()
            .filter(|c| c.status == status)
            .map(CompetitionSummary::from)
            .collect::<Vec<_>>()
    };
    let camp = match super::camp::current(db).await? {
        Some(camp) => {
            let count = |status: EnrolmentStatus| {
                camp_enrolment::Entity::find()
                    .filter(camp_enrolment::Column::CampId.eq(camp.id))
                    .filter(camp_enrolment::Column::Status.eq(status))
                    .count(db)
            };
            Some(HubCamp {
                id: camp.id,
                name: camp.name.clone(),
                confirmed: count(EnrolmentStatus::Confirmed).await?,
                waiting: count(EnrolmentStatus::Waitlisted).await?
                    + count(EnrolmentStatus::Offered).await?,
            })
        }
        None => None,
    };
    let mut courts = super::court_choices(db).await?;
    courts.truncate(40);
    Ok(HubData {
        lots: super::honours::lots_needed(db).await?,
        postponed: postponed.iter().map(|g| lookup.game_card(g, now)).collect(),
        unreported: unreported
            .iter()
            .map(|g| lookup.game_card(g, now))
            .collect(),
        unreported_total,
        disputed: disputed.iter().map(|g| lookup.game_card(g, now)).collect(),
        pending_reports,
        open_requests,
        notices_to_approve,
        drafts: of_status(CompetitionStatus::Draft),
        running: of_status(CompetitionStatus::Published),
        finished: of_status(CompetitionStatus::Finished),
        camp,
        courts,
        today: now
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .date_naive()
            .to_string(),
    })
}

/// The latest lines of the audit log (who changed what, before → after), newest first.
pub async fn audit(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<AuditLine>, DbErr> {
    Ok(audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|line| AuditLine {
            at: line
                .at
                .with_timezone(&chrono_tz::Asia::Shanghai)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            actor: line.actor,
            action: line.action,
            entity: line.entity,
            entity_id: line.entity_id,
            before: line.before,
            after: line.after,
        })
        .collect())
}
