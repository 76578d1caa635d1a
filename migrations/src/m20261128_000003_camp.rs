//! The summer camp: camps, their age groups (with the place counter that keeps a rush from
//! overbooking), households (one private link each), enrolments and daily attendance.
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
                    .table(Camp::Table)
                    .col(pk_auto(Camp::Id))
                    .col(integer(Camp::AssociationId))
                    .col(string(Camp::Name))
                    .col(integer(Camp::Year))
                    .col(date(Camp::StartsOn))
                    .col(date(Camp::EndsOn))
                    .col(string(Camp::Location))
                    // Paid in person; recorded by an organiser.
                    .col(integer(Camp::FeeYuan))
                    .col(timestamp_with_time_zone(Camp::OpensAt))
                    .col(timestamp_with_time_zone(Camp::ClosesAt))
                    // "confirm": the next waiting child gets the place at once; "offer": it
                    // is offered until a deadline, then passes on.
                    .col(string_len(Camp::FreePlacePolicy, 16))
                    .col(integer(Camp::OfferHours))
                    // Personal data is deleted or anonymised after this day.
                    .col(date(Camp::KeepDataUntil))
                    .col(timestamp_with_time_zone_null(Camp::AnonymisedAt))
                    .foreign_key(&mut fk(
                        Camp::Table,
                        Camp::AssociationId,
                        Association::Table,
                        Association::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CampGroup::Table)
                    .col(pk_auto(CampGroup::Id))
                    .col(integer(CampGroup::CampId))
                    .col(string(CampGroup::Name))
                    .col(date(CampGroup::BornFrom))
                    .col(date(CampGroup::BornTo))
                    .col(integer(CampGroup::Capacity))
                    // Places taken (confirmed or offered): only ever changed by a single
                    // `UPDATE … WHERE confirmed < capacity`, the first statement of the
                    // enrolment's transaction.
                    .col(integer(CampGroup::Confirmed).default(0))
                    // The last waiting-list number handed out (first come, first served).
                    .col(integer(CampGroup::WaitlistSeq).default(0))
                    .col(integer(CampGroup::SortOrder))
                    .foreign_key(&mut fk(
                        CampGroup::Table,
                        CampGroup::CampId,
                        Camp::Table,
                        Camp::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CampHousehold::Table)
                    .col(pk_auto(CampHousehold::Id))
                    .col(integer(CampHousehold::CampId))
                    .col(string_len(CampHousehold::Reference, 8).unique_key())
                    // SHA-256 of the private link's token.
                    .col(string_len(CampHousehold::TokenHash, 64).unique_key())
                    .col(string(CampHousehold::GuardianName))
                    .col(string_len(CampHousehold::GuardianPhone, 20))
                    .col(timestamp_with_time_zone(CampHousehold::CreatedAt))
                    .foreign_key(&mut fk(
                        CampHousehold::Table,
                        CampHousehold::CampId,
                        Camp::Table,
                        Camp::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CampEnrolment::Table)
                    .col(pk_auto(CampEnrolment::Id))
                    .col(integer(CampEnrolment::CampId))
                    .col(integer(CampEnrolment::GroupId))
                    .col(integer(CampEnrolment::HouseholdId))
                    .col(string(CampEnrolment::ChildName))
                    .col(date(CampEnrolment::BirthDate))
                    .col(string_len(CampEnrolment::Gender, 8))
                    .col(integer_null(CampEnrolment::VillagerGroupId))
                    .col(text(CampEnrolment::MedicalNotes))
                    .col(string(CampEnrolment::ChildKey))
                    .col(string_len(CampEnrolment::Status, 16))
                    .col(integer_null(CampEnrolment::WaitlistNo))
                    .col(timestamp_with_time_zone_null(CampEnrolment::OfferExpiresAt))
                    .col(boolean(CampEnrolment::FeePaid).default(false))
                    .col(timestamp_with_time_zone(CampEnrolment::CreatedAt))
                    .col(timestamp_with_time_zone(CampEnrolment::UpdatedAt))
                    .foreign_key(&mut fk(
                        CampEnrolment::Table,
                        CampEnrolment::CampId,
                        Camp::Table,
                        Camp::Id,
                    ))
                    .foreign_key(&mut fk(
                        CampEnrolment::Table,
                        CampEnrolment::GroupId,
                        CampGroup::Table,
                        CampGroup::Id,
                    ))
                    .foreign_key(&mut fk(
                        CampEnrolment::Table,
                        CampEnrolment::HouseholdId,
                        CampHousehold::Table,
                        CampHousehold::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CampAttendance::Table)
                    .col(pk_auto(CampAttendance::Id))
                    .col(integer(CampAttendance::EnrolmentId))
                    .col(date(CampAttendance::OnDate))
                    .col(timestamp_with_time_zone(CampAttendance::CheckedAt))
                    .foreign_key(&mut fk(
                        CampAttendance::Table,
                        CampAttendance::EnrolmentId,
                        CampEnrolment::Table,
                        CampEnrolment::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_camp_attendance_day")
                    .table(CampAttendance::Table)
                    .col(CampAttendance::EnrolmentId)
                    .col(CampAttendance::OnDate)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_camp_enrolment_group_status")
                    .table(CampEnrolment::Table)
                    .col(CampEnrolment::GroupId)
                    .col(CampEnrolment::Status)
                    .to_owned(),
            )
            .await?;
        // The same child once per camp (a cancelled enrolment does not count): a partial
        // unique index, which SQLite and PostgreSQL both understand.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_camp_enrolment_child ON camp_enrolment (camp_id, child_key) WHERE status <> 'cancelled'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CampAttendance::Table.into_iden(),
            CampEnrolment::Table.into_iden(),
            CampHousehold::Table.into_iden(),
            CampGroup::Table.into_iden(),
            Camp::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Association {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Camp {
    Table,
    Id,
    AssociationId,
    Name,
    Year,
    StartsOn,
    EndsOn,
    Location,
    FeeYuan,
    OpensAt,
    ClosesAt,
    FreePlacePolicy,
    OfferHours,
    KeepDataUntil,
    AnonymisedAt,
}

#[derive(DeriveIden)]
enum CampGroup {
    Table,
    Id,
    CampId,
    Name,
    BornFrom,
    BornTo,
    Capacity,
    Confirmed,
    WaitlistSeq,
    SortOrder,
}

#[derive(DeriveIden)]
enum CampHousehold {
    Table,
    Id,
    CampId,
    Reference,
    TokenHash,
    GuardianName,
    GuardianPhone,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CampEnrolment {
    Table,
    Id,
    CampId,
    GroupId,
    HouseholdId,
    ChildName,
    BirthDate,
    Gender,
    VillagerGroupId,
    MedicalNotes,
    ChildKey,
    Status,
    WaitlistNo,
    OfferExpiresAt,
    FeePaid,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CampAttendance {
    Table,
    Id,
    EnrolmentId,
    OnDate,
    CheckedAt,
}
