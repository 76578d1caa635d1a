//! A finished competition's podium, recorded when its last deciding game stands: champion
//! (place 1), runner-up (2) and third (3). The honours page, the team pages and the API read
//! it; a later correction of a result does not rewrite history behind anyone's back.
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
                    .table(Honour::Table)
                    .col(pk_auto(Honour::Id))
                    .col(integer(Honour::CompetitionId))
                    .col(small_integer(Honour::Place))
                    .col(integer(Honour::TeamId))
                    .col(timestamp_with_time_zone(Honour::RecordedAt))
                    .foreign_key(&mut fk(
                        Honour::Table,
                        Honour::CompetitionId,
                        Competition::Table,
                        Competition::Id,
                    ))
                    .foreign_key(&mut fk(
                        Honour::Table,
                        Honour::TeamId,
                        Team::Table,
                        Team::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_honour_competition_place")
                    .table(Honour::Table)
                    .col(Honour::CompetitionId)
                    .col(Honour::Place)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Honour::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Honour {
    Table,
    Id,
    CompetitionId,
    Place,
    TeamId,
    RecordedAt,
}
#[derive(DeriveIden)]
enum Competition {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Team {
    Table,
    Id,
}
