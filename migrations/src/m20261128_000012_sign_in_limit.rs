//! Failed sign-ins, counted per account in the database (so every server instance shares
//! them): after a few, each further guess waits longer (see `app::db::sign_in_limit`).
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
                    .table(SignInLimit::Table)
                    .col(pk_auto(SignInLimit::Id))
                    .col(integer_uniq(SignInLimit::UserId))
                    .col(integer(SignInLimit::Failures))
                    .col(timestamp_with_time_zone(SignInLimit::NotBefore))
                    .foreign_key(&mut fk(
                        SignInLimit::Table,
                        SignInLimit::UserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SignInLimit::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SignInLimit {
    Table,
    Id,
    UserId,
    Failures,
    NotBefore,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}
