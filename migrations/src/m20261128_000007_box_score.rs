//! The optional box score: each player's points and personal fouls, as JSON beside the
//! period scores — on the report (what a captain sent) and on the game (what stands).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for table in [ScoreReport::Table.into_iden(), Game::Table.into_iden()] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(text_null(Game::BoxScore))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [ScoreReport::Table.into_iden(), Game::Table.into_iden()] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .drop_column(Game::BoxScore)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Game {
    Table,
    BoxScore,
}

#[derive(DeriveIden)]
enum ScoreReport {
    Table,
}
