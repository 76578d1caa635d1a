//! A roster file uploaded for a preview: kept until the organiser imports it (or for a day),
//! so the preview page and the import work as plain form posts, without JavaScript. The raw
//! bytes are kept (the encoding is detected when they are read).
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
                    .table(PlayerImport::Table)
                    .col(pk_auto(PlayerImport::Id))
                    .col(integer(PlayerImport::TeamId))
                    .col(integer(PlayerImport::CreatedBy))
                    .col(blob(PlayerImport::Data))
                    .col(timestamp_with_time_zone(PlayerImport::CreatedAt))
                    .foreign_key(&mut fk(
                        PlayerImport::Table,
                        PlayerImport::TeamId,
                        Team::Table,
                        Team::Id,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PlayerImport::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PlayerImport {
    Table,
    Id,
    TeamId,
    CreatedBy,
    Data,
    CreatedAt,
}
#[derive(DeriveIden)]
enum Team {
    Table,
    Id,
}
