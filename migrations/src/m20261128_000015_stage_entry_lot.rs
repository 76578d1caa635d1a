//! The place a drawing of lots gave a team (1 = first among those drawn), when teams of a
//! pool or league were level on every criterion with every game played.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StageEntry::Table)
                    .add_column(small_integer_null(StageEntry::Lot))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StageEntry::Table)
                    .drop_column(StageEntry::Lot)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum StageEntry {
    Table,
    Lot,
}
