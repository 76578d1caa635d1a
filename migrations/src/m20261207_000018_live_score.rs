//! The live score of a game being scored (issue #19), kept beside its sheet as the sheet
//! changes: the public pages (今日, the game, the teams) show it without reading the lines.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [LiveSheet; 6] = [
    LiveSheet::HomePoints,
    LiveSheet::AwayPoints,
    LiveSheet::Period,
    LiveSheet::HomeFouls,
    LiveSheet::AwayFouls,
    LiveSheet::Finished,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite alters a table one change at a time.
        for column in COLUMNS {
            let mut definition = match column {
                LiveSheet::Finished => boolean(column).default(false).to_owned(),
                _ => integer(column).default(0).to_owned(),
            };
            manager
                .alter_table(
                    Table::alter()
                        .table(LiveSheet::Table)
                        .add_column(&mut definition)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(LiveSheet::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum LiveSheet {
    Table,
    /// Points so far.
    HomePoints,
    AwayPoints,
    /// 1–4 the quarters, 5 on the extra periods; 0 before tip-off.
    Period,
    /// Team fouls that count for the penalty now.
    HomeFouls,
    AwayFouls,
    /// The scorer ended the game (the last period is over).
    Finished,
}
