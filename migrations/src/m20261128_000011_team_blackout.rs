//! A team's own blackout dates (a wedding in the village, a team away at a tournament): the
//! scheduler gives the team no game on them, and a move or postponement onto one is refused.
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
                    .table(TeamBlackout::Table)
                    .col(pk_auto(TeamBlackout::Id))
                    .col(integer(TeamBlackout::TeamId))
                    .col(date(TeamBlackout::OnDate))
                    .col(string(TeamBlackout::Reason))
                    .foreign_key(&mut fk(
                        TeamBlackout::Table,
                        TeamBlackout::TeamId,
                        Team::Table,
                        Team::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_team_blackout_team_date")
                    .table(TeamBlackout::Table)
                    .col(TeamBlackout::TeamId)
                    .col(TeamBlackout::OnDate)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TeamBlackout::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum TeamBlackout {
    Table,
    Id,
    TeamId,
    OnDate,
    Reason,
}

#[derive(DeriveIden)]
enum Team {
    Table,
    Id,
}
