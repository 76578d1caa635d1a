//! The scorer's sheet of a game being played (issue #19): who keeps it, on which device,
//! and its lines (an action each, or an undo), numbered in the order the scorer made them.
//! The lines only ever grow, so a phone can send them exactly once and in order: a line
//! is unique by its number and by the id the phone gave it.
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
                    .table(LiveSheet::Table)
                    .col(pk_auto(LiveSheet::Id))
                    .col(integer(LiveSheet::GameId).unique_key())
                    // The person keeping the sheet.
                    .col(integer(LiveSheet::ScorerId))
                    // The device they keep it on: the SHA-256 of its session; none until the
                    // scorer an organiser named opens the sheet.
                    .col(string_len_null(LiveSheet::DeviceHash, 64))
                    .col(timestamp_with_time_zone(LiveSheet::ClaimedAt))
                    // How many lines the sheet has.
                    .col(integer(LiveSheet::Lines).default(0))
                    .col(timestamp_with_time_zone(LiveSheet::UpdatedAt))
                    .foreign_key(&mut fk(
                        LiveSheet::Table,
                        LiveSheet::GameId,
                        Game::Table,
                        Game::Id,
                    ))
                    .foreign_key(&mut fk(
                        LiveSheet::Table,
                        LiveSheet::ScorerId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LiveLine::Table)
                    .col(pk_auto(LiveLine::Id))
                    .col(integer(LiveLine::GameId))
                    .col(integer(LiveLine::Line))
                    // The id the scorer's phone gave the line.
                    .col(string_len(LiveLine::ClientId, 64))
                    // `start`, `pts.home.17.2`, `undo.5` … (the domain's `scoresheet::Entry`).
                    .col(string_len(LiveLine::Entry, 40))
                    .col(integer(LiveLine::ByUser))
                    .col(timestamp_with_time_zone(LiveLine::At))
                    .foreign_key(&mut fk(
                        LiveLine::Table,
                        LiveLine::GameId,
                        Game::Table,
                        Game::Id,
                    ))
                    .foreign_key(&mut fk(
                        LiveLine::Table,
                        LiveLine::ByUser,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_live_line_game_line", LiveLine::Line),
            ("idx_live_line_game_client", LiveLine::ClientId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(LiveLine::Table)
                        .col(LiveLine::GameId)
                        .col(column)
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LiveLine::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LiveSheet::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum LiveSheet {
    Table,
    Id,
    GameId,
    ScorerId,
    DeviceHash,
    ClaimedAt,
    Lines,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LiveLine {
    Table,
    Id,
    GameId,
    Line,
    ClientId,
    Entry,
    ByUser,
    At,
}

#[derive(DeriveIden)]
enum Game {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}
