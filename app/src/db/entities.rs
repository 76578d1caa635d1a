//! SeaORM entities for the core schema (see the `migrations` crate).
//!
//! Relations are left out on purpose: the queries load what a page needs in a few flat
//! queries and join in memory, which keeps them free of N+1 round trips on both databases.

macro_rules! entity {
    ($module:ident, $table:literal, { $($field:ident : $ty:ty),* $(,)? }) => {
        pub mod $module {
            use sea_orm::entity::prelude::*;
            use serde::{Deserialize, Serialize};
            #[allow(unused_imports)]
            use crate::model::*;

            #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key)]
                pub id: i32,
                $(pub $field: $ty,)*
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

entity!(association, "association", {
    name: String, timezone: String, locale: String, is_demo: bool,
});
entity!(villager_group, "villager_group", {
    association_id: i32, name: String, sort_order: i32,
});
entity!(court, "court", {
    association_id: i32, villager_group_id: Option<i32>, name: String, has_lights: bool,
    games_per_evening: i32,
});
entity!(court_availability, "court_availability", {
    court_id: i32, weekday: i16, starts_at: chrono::NaiveTime, ends_at: chrono::NaiveTime,
});
entity!(blackout, "blackout", {
    association_id: i32, court_id: Option<i32>, on_date: chrono::NaiveDate, reason: String,
});
entity!(team_blackout, "team_blackout", {
    team_id: i32, on_date: chrono::NaiveDate, reason: String,
});
entity!(team, "team", {
    association_id: i32, villager_group_id: i32, name: String, short_name: String,
    division: Division, home_court_id: Option<i32>,
});
entity!(player, "player", {
    team_id: i32, name: String, jersey_number: i16, birth_year: Option<i16>,
    villager_group_id: Option<i32>,
});
entity!(player_import, "player_import", {
    team_id: i32, created_by: i32, data: Vec<u8>, created_at: chrono::DateTime<chrono::Utc>,
});
entity!(competition, "competition", {
    association_id: i32, name: String, kind: CompetitionKind, season: String,
    division: Division, status: CompetitionStatus, festival: Option<String>,
    starts_on: chrono::NaiveDate, ends_on: chrono::NaiveDate,
});
entity!(stage, "stage", {
    competition_id: i32, name: String, format: StageFormat, sort_order: i32,
});
entity!(pool, "pool", { stage_id: i32, name: String });
entity!(stage_entry, "stage_entry", {
    stage_id: i32, pool_id: Option<i32>, team_id: i32, seed: i32, lot: Option<i16>,
});
entity!(game, "game", {
    competition_id: i32, stage_id: i32, pool_id: Option<i32>, round: i32,
    bracket_slot: Option<String>, home_team_id: Option<i32>, away_team_id: Option<i32>,
    home_source: Option<String>, away_source: Option<String>, court_id: Option<i32>,
    starts_at: chrono::DateTime<chrono::Utc>, status: GameStatus, home_score: Option<i32>,
    away_score: Option<i32>, period_scores: Option<String>, box_score: Option<String>, outcome: Option<Outcome>,
    version: i32, updated_at: chrono::DateTime<chrono::Utc>,
});
entity!(audit_log, "audit_log", {
    at: chrono::DateTime<chrono::Utc>, actor: String, entity: String, entity_id: i32,
    action: String, before: Option<String>, after: Option<String>,
});
entity!(app_user, "app_user", {
    role: Role, display_name: String, username: Option<String>, phone: Option<String>,
    team_id: Option<i32>, password_hash: String, created_at: chrono::DateTime<chrono::Utc>,
    disabled_at: Option<chrono::DateTime<chrono::Utc>>, villager_group_id: Option<i32>,
});
entity!(game_referee, "game_referee", {
    game_id: i32, user_id: i32, assigned_by: i32, assigned_at: chrono::DateTime<chrono::Utc>,
});
entity!(live_sheet, "live_sheet", {
    game_id: i32, scorer_id: i32, device_hash: Option<String>,
    claimed_at: chrono::DateTime<chrono::Utc>, lines: i32, updated_at: chrono::DateTime<chrono::Utc>,
    home_points: i32, away_points: i32, period: i32, home_fouls: i32, away_fouls: i32,
    finished: bool,
});
entity!(live_line, "live_line", {
    game_id: i32, line: i32, client_id: String, entry: String, by_user: i32,
    at: chrono::DateTime<chrono::Utc>,
});
entity!(user_session, "user_session", {
    token_hash: String, user_id: i32, created_at: chrono::DateTime<chrono::Utc>,
    expires_at: chrono::DateTime<chrono::Utc>,
});
entity!(honour, "honour", {
    competition_id: i32, place: i16, team_id: i32, recorded_at: chrono::DateTime<chrono::Utc>,
});
entity!(sign_in_limit, "sign_in_limit", {
    user_id: i32, failures: i32, not_before: chrono::DateTime<chrono::Utc>,
});
entity!(access_link, "access_link", {
    token_hash: String, role: Role, team_id: Option<i32>, user_id: Option<i32>,
    villager_group_id: Option<i32>, created_by: i32, created_at: chrono::DateTime<chrono::Utc>,
    expires_at: chrono::DateTime<chrono::Utc>, redeemed_at: Option<chrono::DateTime<chrono::Utc>>,
    redeemed_by: Option<i32>,
});
entity!(score_report, "score_report", {
    game_id: i32, reported_by: i32, team_id: Option<i32>, home_score: i32, away_score: i32,
    period_scores: Option<String>, box_score: Option<String>, outcome: Outcome, status: ReportStatus, comment: Option<String>,
    idempotency_key: String, created_at: chrono::DateTime<chrono::Utc>,
    resolved_at: Option<chrono::DateTime<chrono::Utc>>, resolved_by: Option<i32>,
});
entity!(camp, "camp", {
    association_id: i32, name: String, year: i32, starts_on: chrono::NaiveDate,
    ends_on: chrono::NaiveDate, location: String, fee_yuan: i32,
    opens_at: chrono::DateTime<chrono::Utc>, closes_at: chrono::DateTime<chrono::Utc>,
    free_place_policy: FreePlacePolicy, offer_hours: i32, keep_data_until: chrono::NaiveDate,
    anonymised_at: Option<chrono::DateTime<chrono::Utc>>,
});
entity!(camp_group, "camp_group", {
    camp_id: i32, name: String, born_from: chrono::NaiveDate, born_to: chrono::NaiveDate,
    capacity: i32, confirmed: i32, waitlist_seq: i32, sort_order: i32,
});
entity!(camp_household, "camp_household", {
    camp_id: i32, reference: String, token_hash: String, guardian_name: String,
    guardian_phone: String, created_at: chrono::DateTime<chrono::Utc>,
});
entity!(camp_enrolment, "camp_enrolment", {
    camp_id: i32, group_id: i32, household_id: i32, child_name: String,
    birth_date: chrono::NaiveDate, gender: String, villager_group_id: Option<i32>,
    medical_notes: String, child_key: String, status: EnrolmentStatus,
    waitlist_no: Option<i32>, offer_expires_at: Option<chrono::DateTime<chrono::Utc>>,
    fee_paid: bool, created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
});
entity!(camp_attendance, "camp_attendance", {
    enrolment_id: i32, on_date: chrono::NaiveDate, checked_at: chrono::DateTime<chrono::Utc>,
});
entity!(association_setting, "association_setting", {
    association_id: i32, captain_notices_need_approval: bool,
});
entity!(notice, "notice", {
    association_id: i32, title: String, body: String, villager_group_id: Option<i32>,
    pinned: bool, expires_at: Option<chrono::DateTime<chrono::Utc>>, status: NoticeStatus,
    author_id: Option<i32>, game_id: Option<i32>, request_id: Option<i32>,
    created_at: chrono::DateTime<chrono::Utc>,
    published_at: Option<chrono::DateTime<chrono::Utc>>, approved_by: Option<i32>,
    game_change: Option<String>,
});
entity!(notice_image, "notice_image", {
    notice_id: i32, content_type: String, width: i32, height: i32, data: Vec<u8>,
    created_at: chrono::DateTime<chrono::Utc>,
});
entity!(resident_request, "resident_request", {
    association_id: i32, code: String, topic: String, body: String,
    villager_group_id: Option<i32>, contact_phone: Option<String>, status: RequestStatus,
    answer: Option<String>, answered_by: Option<i32>,
    answered_at: Option<chrono::DateTime<chrono::Utc>>, created_at: chrono::DateTime<chrono::Utc>,
});
entity!(schedule_run, "schedule_run", {
    competition_id: i32, status: String, progress: i32, cancel_requested: bool,
    hard_violations: Option<i32>, report: Option<String>, message: Option<String>,
    actor: String, started_at: chrono::DateTime<chrono::Utc>,
    finished_at: Option<chrono::DateTime<chrono::Utc>>,
});
