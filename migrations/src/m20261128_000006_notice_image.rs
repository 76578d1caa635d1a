//! A notice's optional image, in a table of its own so that reading notices never reads
//! the bytes. The bytes live in the database (BLOB / bytea): backups and several instances
//! need nothing more.
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
                    .table(NoticeImage::Table)
                    .col(pk_auto(NoticeImage::Id))
                    // One image per notice.
                    .col(integer(NoticeImage::NoticeId).unique_key())
                    // image/jpeg, image/png or image/webp, from the file's first bytes.
                    .col(string_len(NoticeImage::ContentType, 32))
                    .col(integer(NoticeImage::Width))
                    .col(integer(NoticeImage::Height))
                    .col(blob(NoticeImage::Data))
                    .col(timestamp_with_time_zone(NoticeImage::CreatedAt))
                    .foreign_key(&mut fk(
                        NoticeImage::Table,
                        NoticeImage::NoticeId,
                        Notice::Table,
                        Notice::Id,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(NoticeImage::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum NoticeImage {
    Table,
    Id,
    NoticeId,
    ContentType,
    Width,
    Height,
    Data,
    CreatedAt,
}
#[derive(DeriveIden)]
enum Notice {
    Table,
    Id,
}
