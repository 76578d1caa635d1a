//! One kind of one-time link for every way into an account: a captain's, a referee's or an
//! organiser's invite, and a new PIN or password for someone who already has an account.
//! It replaces `invite` (captains only, always for a team); the invites already made are
//! kept, as captain links.
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
                    .table(AccessLink::Table)
                    .col(pk_auto(AccessLink::Id))
                    .col(string_len(AccessLink::TokenHash, 64).unique_key())
                    // The role the new account gets, or the role of the account reset.
                    .col(string_len(AccessLink::Role, 16))
                    // A captain's team.
                    .col(integer_null(AccessLink::TeamId))
                    // A reset: the account whose PIN or password is set anew.
                    .col(integer_null(AccessLink::UserId))
                    // A referee's villager group.
                    .col(integer_null(AccessLink::VillagerGroupId))
                    .col(integer(AccessLink::CreatedBy))
                    .col(timestamp_with_time_zone(AccessLink::CreatedAt))
                    .col(timestamp_with_time_zone(AccessLink::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AccessLink::RedeemedAt))
                    .col(integer_null(AccessLink::RedeemedBy))
                    .foreign_key(&mut fk(
                        AccessLink::Table,
                        AccessLink::TeamId,
                        Team::Table,
                        Team::Id,
                    ))
                    .foreign_key(&mut fk(
                        AccessLink::Table,
                        AccessLink::UserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .foreign_key(&mut fk(
                        AccessLink::Table,
                        AccessLink::CreatedBy,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO access_link (token_hash, role, team_id, created_by, created_at, \
                 expires_at, redeemed_at, redeemed_by) \
                 SELECT token_hash, 'captain', team_id, created_by, created_at, expires_at, \
                 redeemed_at, redeemed_by FROM invite",
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Invite::Table).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
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
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO invite (token_hash, team_id, created_by, created_at, expires_at, \
                 redeemed_at, redeemed_by) \
                 SELECT token_hash, team_id, created_by, created_at, expires_at, redeemed_at, \
                 redeemed_by FROM access_link WHERE role = 'captain' AND team_id IS NOT NULL \
                 AND user_id IS NULL",
            )
            .await?;
        manager
            .drop_table(Table::drop().table(AccessLink::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AccessLink {
    Table,
    Id,
    TokenHash,
    Role,
    TeamId,
    UserId,
    VillagerGroupId,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    RedeemedAt,
    RedeemedBy,
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
enum Team {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}
