//! Cunba's schema. One file per change; a migration is never edited after it has landed.
pub use sea_orm_migration::prelude::*;

mod m20261128_000001_core;
mod m20261128_000002_accounts;
mod m20261128_000003_camp;
mod m20261128_000004_community;
mod m20261128_000006_notice_image;
mod m20261128_000007_box_score;
mod m20261128_000008_player_import;
mod m20261128_000009_schedule_run;
mod m20261128_000010_referees;
mod m20261128_000011_team_blackout;
mod m20261128_000012_sign_in_limit;
mod m20261128_000013_notice_game_change;
mod m20261128_000014_honour;
mod m20261128_000015_stage_entry_lot;
mod m20261207_000016_access_link;
mod m20261207_000017_live_sheet;
mod m20261207_000018_live_score;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_core::Migration),
            Box::new(m20261128_000002_accounts::Migration),
            Box::new(m20261128_000003_camp::Migration),
            Box::new(m20261128_000004_community::Migration),
            Box::new(m20261128_000006_notice_image::Migration),
            Box::new(m20261128_000007_box_score::Migration),
            Box::new(m20261128_000008_player_import::Migration),
            Box::new(m20261128_000009_schedule_run::Migration),
            Box::new(m20261128_000010_referees::Migration),
            Box::new(m20261128_000011_team_blackout::Migration),
            Box::new(m20261128_000012_sign_in_limit::Migration),
            Box::new(m20261128_000013_notice_game_change::Migration),
            Box::new(m20261128_000014_honour::Migration),
            Box::new(m20261128_000015_stage_entry_lot::Migration),
            Box::new(m20261207_000016_access_link::Migration),
            Box::new(m20261207_000017_live_sheet::Migration),
            Box::new(m20261207_000018_live_score::Migration),
        ]
    }
}
