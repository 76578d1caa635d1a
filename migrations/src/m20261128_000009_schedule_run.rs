//! A run of the scheduling engine for a draft competition: the organiser starts it, watches
//! its progress, may cancel it, and reviews its quality report before publishing. Kept in the
//! database so that the progress page, the cancel button and the worker need not share a
//! process, and the report outlives the run.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000001_core::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ScheduleRun::Table)
                    .col(pk_auto(ScheduleRun::Id))
                    .col(integer(ScheduleRun::CompetitionId))
                    // running, done, cancelled or failed.
                    .col(string_len(ScheduleRun::Status, 16))
                    // 0 to 100.
                    .col(integer(ScheduleRun::Progress))
                    .col(boolean(ScheduleRun::CancelRequested))
                    .col(integer_null(ScheduleRun::HardViolations))
                    // The quality report as JSON, once done.
                    .col(text_null(ScheduleRun::Report))
                    .col(text_null(ScheduleRun::Message))
                    .col(string(ScheduleRun::Actor))
                    .col(timestamp_with_time_zone(ScheduleRun::StartedAt))
                    .col(timestamp_with_time_zone_null(ScheduleRun::FinishedAt))
                    .foreign_key(&mut fk(
                        ScheduleRun::Table,
                        ScheduleRun::CompetitionId,
                        Competition::Table,
                        Competition::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_schedule_run_competition")
                    .table(ScheduleRun::Table)
                    .col(ScheduleRun::CompetitionId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ScheduleRun::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ScheduleRun {
    Table,
    Id,
    CompetitionId,
    Status,
    Progress,
    CancelRequested,
    HardViolations,
    Report,
    Message,
    Actor,
    StartedAt,
    FinishedAt,
}
#[derive(DeriveIden)]
enum Competition {
    Table,
    Id,
}
