//! The core of the data model: the association, its villager groups, courts and teams,
//! competitions with their stages, pools and games, and the audit log.
//!
//! Users, roles, camps and notices come with their own migrations.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Association::Table)
                    .col(pk_auto(Association::Id))
                    .col(string(Association::Name))
                    .col(string(Association::Timezone))
                    .col(string(Association::Locale))
                    .col(boolean(Association::IsDemo))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VillagerGroup::Table)
                    .col(pk_auto(VillagerGroup::Id))
                    .col(integer(VillagerGroup::AssociationId))
                    .col(string(VillagerGroup::Name))
                    .col(integer(VillagerGroup::SortOrder))
                    .foreign_key(&mut fk(
                        VillagerGroup::Table,
                        VillagerGroup::AssociationId,
                        Association::Table,
                        Association::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Court::Table)
                    .col(pk_auto(Court::Id))
                    .col(integer(Court::AssociationId))
                    .col(integer_null(Court::VillagerGroupId))
                    .col(string(Court::Name))
                    .col(boolean(Court::HasLights))
                    .col(integer(Court::GamesPerEvening))
                    .foreign_key(&mut fk(
                        Court::Table,
                        Court::AssociationId,
                        Association::Table,
                        Association::Id,
                    ))
                    .foreign_key(&mut fk(
                        Court::Table,
                        Court::VillagerGroupId,
                        VillagerGroup::Table,
                        VillagerGroup::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CourtAvailability::Table)
                    .col(pk_auto(CourtAvailability::Id))
                    .col(integer(CourtAvailability::CourtId))
                    // ISO weekday: 1 = Monday … 7 = Sunday.
                    .col(small_integer(CourtAvailability::Weekday))
                    .col(time(CourtAvailability::StartsAt))
                    .col(time(CourtAvailability::EndsAt))
                    .foreign_key(&mut fk(
                        CourtAvailability::Table,
                        CourtAvailability::CourtId,
                        Court::Table,
                        Court::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Blackout::Table)
                    .col(pk_auto(Blackout::Id))
                    .col(integer(Blackout::AssociationId))
                    // A court's own blackout when set; otherwise the whole association's.
                    .col(integer_null(Blackout::CourtId))
                    .col(date(Blackout::OnDate))
                    .col(string(Blackout::Reason))
                    .foreign_key(&mut fk(
                        Blackout::Table,
                        Blackout::AssociationId,
                        Association::Table,
                        Association::Id,
                    ))
                    .foreign_key(&mut fk(
                        Blackout::Table,
                        Blackout::CourtId,
                        Court::Table,
                        Court::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Team::Table)
                    .col(pk_auto(Team::Id))
                    .col(integer(Team::AssociationId))
                    .col(integer(Team::VillagerGroupId))
                    .col(string(Team::Name))
                    .col(string(Team::ShortName))
                    .col(string_len(Team::Division, 16))
                    .col(integer_null(Team::HomeCourtId))
                    .foreign_key(&mut fk(
                        Team::Table,
                        Team::AssociationId,
                        Association::Table,
                        Association::Id,
                    ))
                    .foreign_key(&mut fk(
                        Team::Table,
                        Team::VillagerGroupId,
                        VillagerGroup::Table,
                        VillagerGroup::Id,
                    ))
                    .foreign_key(&mut fk(
                        Team::Table,
                        Team::HomeCourtId,
                        Court::Table,
                        Court::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Player::Table)
                    .col(pk_auto(Player::Id))
                    .col(integer(Player::TeamId))
                    .col(string(Player::Name))
                    .col(small_integer(Player::JerseyNumber))
                    .col(small_integer_null(Player::BirthYear))
                    // Eligibility: the villager group the player belongs to.
                    .col(integer_null(Player::VillagerGroupId))
                    .foreign_key(&mut fk(
                        Player::Table,
                        Player::TeamId,
                        Team::Table,
                        Team::Id,
                    ))
                    .foreign_key(&mut fk(
                        Player::Table,
                        Player::VillagerGroupId,
                        VillagerGroup::Table,
                        VillagerGroup::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Competition::Table)
                    .col(pk_auto(Competition::Id))
                    .col(integer(Competition::AssociationId))
                    .col(string(Competition::Name))
                    .col(string_len(Competition::Kind, 16))
                    .col(string_len(Competition::Season, 16))
                    .col(string_len(Competition::Division, 16))
                    .col(string_len(Competition::Status, 16))
                    .col(string_len_null(Competition::Festival, 32))
                    .col(date(Competition::StartsOn))
                    .col(date(Competition::EndsOn))
                    .foreign_key(&mut fk(
                        Competition::Table,
                        Competition::AssociationId,
                        Association::Table,
                        Association::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Stage::Table)
                    .col(pk_auto(Stage::Id))
                    .col(integer(Stage::CompetitionId))
                    .col(string(Stage::Name))
                    .col(string_len(Stage::Format, 32))
                    .col(integer(Stage::SortOrder))
                    .foreign_key(&mut fk(
                        Stage::Table,
                        Stage::CompetitionId,
                        Competition::Table,
                        Competition::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Pool::Table)
                    .col(pk_auto(Pool::Id))
                    .col(integer(Pool::StageId))
                    .col(string(Pool::Name))
                    .foreign_key(&mut fk(Pool::Table, Pool::StageId, Stage::Table, Stage::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StageEntry::Table)
                    .col(pk_auto(StageEntry::Id))
                    .col(integer(StageEntry::StageId))
                    .col(integer_null(StageEntry::PoolId))
                    .col(integer(StageEntry::TeamId))
                    .col(integer(StageEntry::Seed))
                    .foreign_key(&mut fk(
                        StageEntry::Table,
                        StageEntry::StageId,
                        Stage::Table,
                        Stage::Id,
                    ))
                    .foreign_key(&mut fk(
                        StageEntry::Table,
                        StageEntry::PoolId,
                        Pool::Table,
                        Pool::Id,
                    ))
                    .foreign_key(&mut fk(
                        StageEntry::Table,
                        StageEntry::TeamId,
                        Team::Table,
                        Team::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Game::Table)
                    .col(pk_auto(Game::Id))
                    .col(integer(Game::CompetitionId))
                    .col(integer(Game::StageId))
                    .col(integer_null(Game::PoolId))
                    .col(integer(Game::Round))
                    // Knockout games name their place in the bracket ("SF1") and where their
                    // teams come from ("W:SF1") until the teams are known.
                    .col(string_len_null(Game::BracketSlot, 16))
                    .col(integer_null(Game::HomeTeamId))
                    .col(integer_null(Game::AwayTeamId))
                    .col(string_len_null(Game::HomeSource, 32))
                    .col(string_len_null(Game::AwaySource, 32))
                    .col(integer_null(Game::CourtId))
                    .col(timestamp_with_time_zone(Game::StartsAt))
                    .col(string_len(Game::Status, 16))
                    .col(integer_null(Game::HomeScore))
                    .col(integer_null(Game::AwayScore))
                    // JSON: [[home, away], …] per period, overtime periods after the fourth.
                    .col(text_null(Game::PeriodScores))
                    .col(string_len_null(Game::Outcome, 32))
                    .col(integer(Game::Version))
                    .col(timestamp_with_time_zone(Game::UpdatedAt))
                    .foreign_key(&mut fk(
                        Game::Table,
                        Game::CompetitionId,
                        Competition::Table,
                        Competition::Id,
                    ))
                    .foreign_key(&mut fk(Game::Table, Game::StageId, Stage::Table, Stage::Id))
                    .foreign_key(&mut fk(Game::Table, Game::PoolId, Pool::Table, Pool::Id))
                    .foreign_key(&mut fk(
                        Game::Table,
                        Game::HomeTeamId,
                        Team::Table,
                        Team::Id,
                    ))
                    .foreign_key(&mut fk(
                        Game::Table,
                        Game::AwayTeamId,
                        Team::Table,
                        Team::Id,
                    ))
                    .foreign_key(&mut fk(Game::Table, Game::CourtId, Court::Table, Court::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_game_starts_at")
                    .table(Game::Table)
                    .col(Game::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_game_competition")
                    .table(Game::Table)
                    .col(Game::CompetitionId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(string(AuditLog::Actor))
                    .col(string_len(AuditLog::Entity, 32))
                    .col(integer(AuditLog::EntityId))
                    .col(string_len(AuditLog::Action, 32))
                    .col(text_null(AuditLog::Before))
                    .col(text_null(AuditLog::After))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            Game::Table.into_iden(),
            StageEntry::Table.into_iden(),
            Pool::Table.into_iden(),
            Stage::Table.into_iden(),
            Competition::Table.into_iden(),
            Player::Table.into_iden(),
            Team::Table.into_iden(),
            Blackout::Table.into_iden(),
            CourtAvailability::Table.into_iden(),
            Court::Table.into_iden(),
            VillagerGroup::Table.into_iden(),
            Association::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

pub(crate) fn fk<T: IntoIden, C: IntoIden, R: IntoIden, RC: IntoIden>(
    table: T,
    column: C,
    ref_table: R,
    ref_column: RC,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(ref_table, ref_column)
        .to_owned()
}

#[derive(DeriveIden)]
enum Association {
    Table,
    Id,
    Name,
    Timezone,
    Locale,
    IsDemo,
}
#[derive(DeriveIden)]
enum VillagerGroup {
    Table,
    Id,
    AssociationId,
    Name,
    SortOrder,
}
#[derive(DeriveIden)]
enum Court {
    Table,
    Id,
    AssociationId,
    VillagerGroupId,
    Name,
    HasLights,
    GamesPerEvening,
}
#[derive(DeriveIden)]
enum CourtAvailability {
    Table,
    Id,
    CourtId,
    Weekday,
    StartsAt,
    EndsAt,
}
#[derive(DeriveIden)]
enum Blackout {
    Table,
    Id,
    AssociationId,
    CourtId,
    OnDate,
    Reason,
}
#[derive(DeriveIden)]
enum Team {
    Table,
    Id,
    AssociationId,
    VillagerGroupId,
    Name,
    ShortName,
    Division,
    HomeCourtId,
}
#[derive(DeriveIden)]
enum Player {
    Table,
    Id,
    TeamId,
    Name,
    JerseyNumber,
    BirthYear,
    VillagerGroupId,
}
#[derive(DeriveIden)]
enum Competition {
    Table,
    Id,
    AssociationId,
    Name,
    Kind,
    Season,
    Division,
    Status,
    Festival,
    StartsOn,
    EndsOn,
}
#[derive(DeriveIden)]
enum Stage {
    Table,
    Id,
    CompetitionId,
    Name,
    Format,
    SortOrder,
}
#[derive(DeriveIden)]
enum Pool {
    Table,
    Id,
    StageId,
    Name,
}
#[derive(DeriveIden)]
enum StageEntry {
    Table,
    Id,
    StageId,
    PoolId,
    TeamId,
    Seed,
}
#[derive(DeriveIden)]
enum Game {
    Table,
    Id,
    CompetitionId,
    StageId,
    PoolId,
    Round,
    BracketSlot,
    HomeTeamId,
    AwayTeamId,
    HomeSource,
    AwaySource,
    CourtId,
    StartsAt,
    Status,
    HomeScore,
    AwayScore,
    PeriodScores,
    Outcome,
    Version,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    Actor,
    Entity,
    EntityId,
    Action,
    Before,
    After,
}
