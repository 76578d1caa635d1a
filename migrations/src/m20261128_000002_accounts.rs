//! Accounts, sessions and captain invites; score reports as captains send them.
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
                    .table(AppUser::Table)
                    .col(pk_auto(AppUser::Id))
                    .col(string_len(AppUser::Role, 16))
                    .col(string(AppUser::DisplayName))
                    // Sign-in names: a user name, a mobile number, or both.
                    .col(string_len_null(AppUser::Username, 64).unique_key())
                    .col(string_len_null(AppUser::Phone, 20).unique_key())
                    // The team a captain stands for.
                    .col(integer_null(AppUser::TeamId))
                    // argon2id, PHC string format.
                    .col(string(AppUser::PasswordHash))
                    .col(timestamp_with_time_zone(AppUser::CreatedAt))
                    .col(timestamp_with_time_zone_null(AppUser::DisabledAt))
                    .foreign_key(&mut fk(
                        AppUser::Table,
                        AppUser::TeamId,
                        Team::Table,
                        Team::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserSession::Table)
                    .col(pk_auto(UserSession::Id))
                    // SHA-256 of the cookie's token: a leaked table signs nobody in.
                    .col(string_len(UserSession::TokenHash, 64).unique_key())
                    .col(integer(UserSession::UserId))
                    .col(timestamp_with_time_zone(UserSession::CreatedAt))
                    .col(timestamp_with_time_zone(UserSession::ExpiresAt))
                    .foreign_key(&mut fk(
                        UserSession::Table,
                        UserSession::UserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Invite::Table)
                    .col(pk_auto(Invite::Id))
                    .col(string_len(Invite::TokenHash, 64).unique_key())
                    .col(integer(Invite::TeamId))
                    .col(integer(Invite::CreatedBy))
                    .col(timestamp_with_time_zone(Invite::CreatedAt))
                    .col(timestamp_with_time_zone(Invite::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invite::RedeemedAt))
                    .col(integer_null(Invite::RedeemedBy))
                    .foreign_key(&mut fk(
                        Invite::Table,
                        Invite::TeamId,
                        Team::Table,
                        Team::Id,
                    ))
                    .foreign_key(&mut fk(
                        Invite::Table,
                        Invite::CreatedBy,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScoreReport::Table)
                    .col(pk_auto(ScoreReport::Id))
                    .col(integer(ScoreReport::GameId))
                    .col(integer(ScoreReport::ReportedBy))
                    // The side that reported; empty when an organiser entered the result.
                    .col(integer_null(ScoreReport::TeamId))
                    .col(integer(ScoreReport::HomeScore))
                    .col(integer(ScoreReport::AwayScore))
                    .col(text_null(ScoreReport::PeriodScores))
                    .col(string_len(ScoreReport::Outcome, 32))
                    .col(string_len(ScoreReport::Status, 16))
                    .col(text_null(ScoreReport::Comment))
                    // Chosen by the phone: the same report sent twice is stored once.
                    .col(string_len(ScoreReport::IdempotencyKey, 64).unique_key())
                    .col(timestamp_with_time_zone(ScoreReport::CreatedAt))
                    .col(timestamp_with_time_zone_null(ScoreReport::ResolvedAt))
                    .col(integer_null(ScoreReport::ResolvedBy))
                    .foreign_key(&mut fk(
                        ScoreReport::Table,
                        ScoreReport::GameId,
                        Game::Table,
                        Game::Id,
                    ))
                    .foreign_key(&mut fk(
                        ScoreReport::Table,
                        ScoreReport::ReportedBy,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_score_report_game")
                    .table(ScoreReport::Table)
                    .col(ScoreReport::GameId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_user_session_user")
                    .table(UserSession::Table)
                    .col(UserSession::UserId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ScoreReport::Table.into_iden(),
            Invite::Table.into_iden(),
            UserSession::Table.into_iden(),
            AppUser::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    Role,
    DisplayName,
    Username,
    Phone,
    TeamId,
    PasswordHash,
    CreatedAt,
    DisabledAt,
}
#[derive(DeriveIden)]
enum UserSession {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
}
#[derive(DeriveIden)]
enum Invite {
    Table,
    Id,
    TokenHash,
    TeamId,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    RedeemedAt,
    RedeemedBy,
}
#[derive(DeriveIden)]
enum ScoreReport {
    Table,
    Id,
    GameId,
    ReportedBy,
    TeamId,
    HomeScore,
    AwayScore,
    PeriodScores,
    Outcome,
    Status,
    Comment,
    IdempotencyKey,
    CreatedAt,
    ResolvedAt,
    ResolvedBy,
}
#[derive(DeriveIden)]
enum Team {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Game {
    Table,
    Id,
}
