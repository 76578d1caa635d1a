//! What an automatic notice (a game moved, postponed or cancelled) is about, as JSON beside
//! its stored (Chinese) title and body: pages word it in their reader's language.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Notice::Table)
                    .add_column(text_null(Notice::GameChange))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Notice::Table)
                    .drop_column(Notice::GameChange)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Notice {
    Table,
    GameChange,
}
