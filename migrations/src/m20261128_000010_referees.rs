//! Referees: who is assigned to which game, and the villager group a user belongs to (so a
//! referee from neither team's group can be chosen).
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000001_core::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AppUser::Table)
                    .add_column(integer_null(AppUser::VillagerGroupId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GameReferee::Table)
                    .col(pk_auto(GameReferee::Id))
                    .col(integer(GameReferee::GameId))
                    .col(integer(GameReferee::UserId))
                    .col(integer(GameReferee::AssignedBy))
                    .col(timestamp_with_time_zone(GameReferee::AssignedAt))
                    .foreign_key(&mut fk(
                        GameReferee::Table,
                        GameReferee::GameId,
                        Game::Table,
                        Game::Id,
                    ))
                    .foreign_key(&mut fk(
                        GameReferee::Table,
                        GameReferee::UserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_game_referee_game_user")
                    .table(GameReferee::Table)
                    .col(GameReferee::GameId)
                    .col(GameReferee::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GameReferee::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AppUser::Table)
                    .drop_column(AppUser::VillagerGroupId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    VillagerGroupId,
}
#[derive(DeriveIden)]
enum Game {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum GameReferee {
    Table,
    Id,
    GameId,
    UserId,
    AssignedBy,
    AssignedAt,
}
