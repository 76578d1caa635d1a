//! Community features: notices (公告) with an approval setting for captains' notices, and
//! residents' requests (诉求) with their answers.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000001_core::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Settings of the association that later features add without touching its table.
        manager
            .create_table(
                Table::create()
                    .table(AssociationSetting::Table)
                    .col(pk_auto(AssociationSetting::Id))
                    .col(integer(AssociationSetting::AssociationId).unique_key())
                    // Captains' notices wait for an organiser's approval.
                    .col(boolean(AssociationSetting::CaptainNoticesNeedApproval))
                    .foreign_key(&mut fk(
                        AssociationSetting::Table,
                        AssociationSetting::AssociationId,
                        Association::Table,
                        Association::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notice::Table)
                    .col(pk_auto(Notice::Id))
                    .col(integer(Notice::AssociationId))
                    .col(string_len(Notice::Title, 200))
                    .col(text(Notice::Body))
                    // The villager group it concerns; empty for everyone.
                    .col(integer_null(Notice::VillagerGroupId))
                    .col(boolean(Notice::Pinned))
                    .col(timestamp_with_time_zone_null(Notice::ExpiresAt))
                    // published, pending (a captain's, waiting for approval) or withdrawn.
                    .col(string_len(Notice::Status, 16))
                    // Empty for a notice the system wrote (a game change).
                    .col(integer_null(Notice::AuthorId))
                    .col(integer_null(Notice::GameId))
                    .col(integer_null(Notice::RequestId))
                    .col(timestamp_with_time_zone(Notice::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notice::PublishedAt))
                    .col(integer_null(Notice::ApprovedBy))
                    .foreign_key(&mut fk(
                        Notice::Table,
                        Notice::AssociationId,
                        Association::Table,
                        Association::Id,
                    ))
                    .foreign_key(&mut fk(
                        Notice::Table,
                        Notice::VillagerGroupId,
                        VillagerGroup::Table,
                        VillagerGroup::Id,
                    ))
                    .foreign_key(&mut fk(
                        Notice::Table,
                        Notice::AuthorId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .foreign_key(&mut fk(
                        Notice::Table,
                        Notice::GameId,
                        Game::Table,
                        Game::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notice_status_published")
                    .table(Notice::Table)
                    .col(Notice::Status)
                    .col(Notice::PublishedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ResidentRequest::Table)
                    .col(pk_auto(ResidentRequest::Id))
                    .col(integer(ResidentRequest::AssociationId))
                    // The sender's reference: 6 characters without 0/O/1/I.
                    .col(string_len(ResidentRequest::Code, 6).unique_key())
                    .col(string_len(ResidentRequest::Topic, 200))
                    .col(text(ResidentRequest::Body))
                    .col(integer_null(ResidentRequest::VillagerGroupId))
                    // Seen by organisers only.
                    .col(string_len_null(ResidentRequest::ContactPhone, 20))
                    .col(string_len(ResidentRequest::Status, 16))
                    .col(text_null(ResidentRequest::Answer))
                    .col(integer_null(ResidentRequest::AnsweredBy))
                    .col(timestamp_with_time_zone_null(ResidentRequest::AnsweredAt))
                    .col(timestamp_with_time_zone(ResidentRequest::CreatedAt))
                    .foreign_key(&mut fk(
                        ResidentRequest::Table,
                        ResidentRequest::AssociationId,
                        Association::Table,
                        Association::Id,
                    ))
                    .foreign_key(&mut fk(
                        ResidentRequest::Table,
                        ResidentRequest::VillagerGroupId,
                        VillagerGroup::Table,
                        VillagerGroup::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ResidentRequest::Table.into_iden(),
            Notice::Table.into_iden(),
            AssociationSetting::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AssociationSetting {
    Table,
    Id,
    AssociationId,
    CaptainNoticesNeedApproval,
}
#[derive(DeriveIden)]
enum Notice {
    Table,
    Id,
    AssociationId,
    Title,
    Body,
    VillagerGroupId,
    Pinned,
    ExpiresAt,
    Status,
    AuthorId,
    GameId,
    RequestId,
    CreatedAt,
    PublishedAt,
    ApprovedBy,
}
#[derive(DeriveIden)]
enum ResidentRequest {
    Table,
    Id,
    AssociationId,
    Code,
    Topic,
    Body,
    VillagerGroupId,
    ContactPhone,
    Status,
    Answer,
    AnsweredBy,
    AnsweredAt,
    CreatedAt,
}
#[derive(DeriveIden)]
enum Association {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum VillagerGroup {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Game {
    Table,
    Id,
}
