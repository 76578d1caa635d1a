//! Organisers set camps up (facts, enrolment window, groups), guardians update their
//! contact details by the private link, and the daily attendance sheet.
//!
//! Changing a group takes its row lock first, like an enrolment does (see [`super::camp`]),
//! so a capacity can never drop below the places a rush is taking at that moment, and a
//! capacity that goes up hands the new places to the waiting list in its order, through
//! the same promotion a cancellation uses.
use std::collections::HashMap;

use crate::domain::camp::setup::{self, CampSetup, FieldError, FreePlace, Problem};
use crate::domain::camp::{self as rules, HouseholdUpdate};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use sea_orm::{prelude::*, sea_query::Expr, ActiveValue::Set, QueryOrder, TransactionTrait};

use super::camp::{counts, fill_free_places, groups, local, lock_group, today};
use super::entities::*;
use crate::model::*;

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// Field errors, as the domain reports them (with what only the database knows).
    #[error("the set-up form has errors")]
    Invalid(Vec<FieldError>),
    #[error("no such camp")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A local time (Asia/Shanghai) as stored.
pub fn from_local(at: NaiveDateTime) -> DateTime<Utc> {
    Shanghai
        .from_local_datetime(&at)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&at))
}

fn to_local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&Shanghai).naive_local()
}

fn policy_of(policy: FreePlace) -> FreePlacePolicy {
    match policy {
        FreePlace::Offer => FreePlacePolicy::Offer,
        FreePlace::Confirm => FreePlacePolicy::Confirm,
    }
}

/// The form's values for a stored camp.
pub async fn form(db: &DatabaseConnection, camp_id: i32) -> Result<Option<CampSetupForm>, DbErr> {
    let Some(camp) = camp::Entity::find_by_id(camp_id).one(db).await? else {
        return Ok(None);
    };
    let groups = groups(db, camp.id).await?;
    let mut values: Vec<(String, String)> = vec![
        ("name".into(), camp.name.clone()),
        ("year".into(), camp.year.to_string()),
        ("starts_on".into(), camp.starts_on.to_string()),
        ("ends_on".into(), camp.ends_on.to_string()),
        ("location".into(), camp.location.clone()),
        ("fee".into(), camp.fee_yuan.to_string()),
        (
            "opens_at".into(),
            setup::format_local(to_local(camp.opens_at)),
        ),
        (
            "closes_at".into(),
            setup::format_local(to_local(camp.closes_at)),
        ),
        ("policy".into(), camp.free_place_policy.as_str().to_owned()),
        ("offer_hours".into(), camp.offer_hours.to_string()),
        ("keep_until".into(), camp.keep_data_until.to_string()),
    ];
    for (i, g) in groups.iter().enumerate() {
        let field = |part: &str| format!("g{i}_{part}");
        values.extend([
            (field("id"), g.id.to_string()),
            (field("name"), g.name.clone()),
            (field("from"), g.born_from.to_string()),
            (field("to"), g.born_to.to_string()),
            (field("capacity"), g.capacity.to_string()),
            (field("order"), g.sort_order.to_string()),
        ]);
    }
    Ok(Some(CampSetupForm {
        camp_id: Some(camp.id),
        name: camp.name,
        values,
        counts: counts(db, camp.id).await?,
    }))
}

/// The form for a new camp: the usual choices filled in.
pub fn blank_form() -> CampSetupForm {
    CampSetupForm {
        camp_id: None,
        name: String::new(),
        values: vec![
            ("policy".into(), "offer".into()),
            ("offer_hours".into(), "48".into()),
            ("fee".into(), "0".into()),
        ],
        counts: Vec::new(),
    }
}

/// One line for the audit log: the camp's facts and its groups (no personal data).
fn summary(camp: &camp::Model, groups: &[camp_group::Model]) -> String {
    let groups: Vec<String> = groups
        .iter()
        .map(|g| format!("{} {}…{} ×{}", g.name, g.born_from, g.born_to, g.capacity))
        .collect();
    format!(
        "{} {} {}…{} @{} ¥{} 报名 {}–{} {}/{}h 保留至 {} | {}",
        camp.name,
        camp.year,
        camp.starts_on,
        camp.ends_on,
        camp.location,
        camp.fee_yuan,
        local(camp.opens_at),
        local(camp.closes_at),
        camp.free_place_policy.as_str(),
        camp.offer_hours,
        camp.keep_data_until,
        groups.join("; ")
    )
}

/// Creates a camp with its groups. Returns its id.
pub async fn create(
    db: &DatabaseConnection,
    input: &CampSetup,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32, SetupError> {
    let association = association::Entity::find()
        .one(db)
        .await?
        .ok_or(SetupError::NotFound)?;
    let txn = db.begin().await?;
    let camp = camp::ActiveModel {
        association_id: Set(association.id),
        anonymised_at: Set(None),
        ..form_values(input)
    }
    .insert(&txn)
    .await?;
    let mut created = Vec::new();
    for group in &input.groups {
        created.push(insert_group(&txn, camp.id, group).await?);
    }
    super::reports::audit_entry(
        &txn,
        actor,
        "camp",
        camp.id,
        "camp.create",
        None,
        Some(summary(&camp, &created)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(camp.id)
}

/// What the set-up form says of a camp, as stored.
fn form_values(input: &CampSetup) -> camp::ActiveModel {
    camp::ActiveModel {
        name: Set(input.name.clone()),
        year: Set(input.year),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        location: Set(input.location.clone()),
        fee_yuan: Set(input.fee_yuan),
        opens_at: Set(from_local(input.opens_at)),
        closes_at: Set(from_local(input.closes_at)),
        free_place_policy: Set(policy_of(input.policy)),
        offer_hours: Set(input.offer_hours),
        keep_data_until: Set(input.keep_data_until),
        ..Default::default()
    }
}

async fn insert_group(
    txn: &impl ConnectionTrait,
    camp_id: i32,
    group: &setup::GroupSetup,
) -> Result<camp_group::Model, DbErr> {
    camp_group::ActiveModel {
        camp_id: Set(camp_id),
        name: Set(group.name.clone()),
        born_from: Set(group.born_from),
        born_to: Set(group.born_to),
        capacity: Set(group.capacity),
        confirmed: Set(0),
        waitlist_seq: Set(0),
        sort_order: Set(group.sort_order),
        ..Default::default()
    }
    .insert(txn)
    .await
}

/// What an update did besides saving: the children promoted from the waiting lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Updated {
    pub promoted: Vec<i32>,
}

/// Saves a camp's facts and groups: changes, adds and removes groups. Refused (as field
/// errors) when a capacity would drop below the places taken, a group with children in it
/// would go, or a new birth range would leave out an enrolled child. A capacity that goes
/// up gives the new places to the waiting list, first come first served.
pub async fn update(
    db: &DatabaseConnection,
    camp_id: i32,
    input: &CampSetup,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Updated, SetupError> {
    let before = camp::Entity::find_by_id(camp_id)
        .one(db)
        .await?
        .filter(|camp| camp.anonymised_at.is_none())
        .ok_or(SetupError::NotFound)?;
    let existing = groups(db, camp_id).await?;
    let mentioned = input
        .groups
        .iter()
        .filter_map(|g| g.id)
        .chain(input.removed.iter().map(|(_, id)| *id));
    for id in mentioned {
        if !existing.iter().any(|g| g.id == id) {
            // A group of another camp, or one removed meanwhile: the form is stale.
            return Err(SetupError::NotFound);
        }
    }
    let txn = db.begin().await?;
    // Every group's row lock, in id order (as enrolments take them): from here on no
    // enrolment changes the places taken until this commits.
    let mut ids: Vec<i32> = existing.iter().map(|g| g.id).collect();
    ids.sort_unstable();
    for id in &ids {
        lock_group(&txn, *id).await?;
    }
    let locked = groups(&txn, camp_id).await?;
    let live = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::CampId.eq(camp_id))
        .filter(camp_enrolment::Column::Status.ne(EnrolmentStatus::Cancelled))
        .all(&txn)
        .await?;
    let mut errors = Vec::new();
    let mut fail = |row: usize, part: &str, problem| {
        errors.push(FieldError {
            field: format!("g{row}_{part}"),
            problem,
        })
    };
    for (row, id) in &input.removed {
        if live.iter().any(|e| e.group_id == *id) {
            fail(*row, "remove", Problem::BelowTaken);
        }
    }
    for group in &input.groups {
        let Some(current) = group.id.and_then(|id| locked.iter().find(|g| g.id == id)) else {
            continue;
        };
        if group.capacity < current.confirmed {
            fail(group.row, "capacity", Problem::BelowTaken);
        }
        let left_out = live.iter().any(|e| {
            e.group_id == current.id
                && (e.birth_date < group.born_from || e.birth_date > group.born_to)
        });
        if left_out {
            fail(group.row, "from", Problem::ExcludesEnrolled);
        }
    }
    // Groups the form did not carry stay as they are: the new ranges must not overlap them.
    for other in locked.iter().filter(|g| {
        !input.groups.iter().any(|i| i.id == Some(g.id))
            && !input.removed.iter().any(|(_, id)| *id == g.id)
    }) {
        for group in &input.groups {
            if setup::overlaps(
                (other.born_from, other.born_to),
                (group.born_from, group.born_to),
            ) {
                fail(group.row, "from", Problem::Overlap);
            }
        }
    }
    if !errors.is_empty() {
        txn.rollback().await?;
        return Err(SetupError::Invalid(errors));
    }
    let camp = camp::ActiveModel {
        id: Set(camp_id),
        ..form_values(input)
    }
    .update(&txn)
    .await?;
    for (_, id) in &input.removed {
        // Only cancelled enrolments are left in it (checked above): they go with it.
        let gone: Vec<i32> = camp_enrolment::Entity::find()
            .filter(camp_enrolment::Column::GroupId.eq(*id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|e| e.id)
            .collect();
        if !gone.is_empty() {
            camp_attendance::Entity::delete_many()
                .filter(camp_attendance::Column::EnrolmentId.is_in(gone.clone()))
                .exec(&txn)
                .await?;
            camp_enrolment::Entity::delete_many()
                .filter(camp_enrolment::Column::Id.is_in(gone))
                .exec(&txn)
                .await?;
        }
        camp_group::Entity::delete_by_id(*id).exec(&txn).await?;
    }
    let mut promoted = Vec::new();
    for group in &input.groups {
        match group.id {
            None => {
                insert_group(&txn, camp_id, group).await?;
            }
            Some(id) => {
                // `confirmed <= capacity` holds under the lock (checked above); saying it
                // again here keeps the rule in the one statement that could break it.
                let changed = camp_group::Entity::update_many()
                    .col_expr(camp_group::Column::Name, Expr::value(group.name.clone()))
                    .col_expr(camp_group::Column::BornFrom, Expr::value(group.born_from))
                    .col_expr(camp_group::Column::BornTo, Expr::value(group.born_to))
                    .col_expr(camp_group::Column::Capacity, Expr::value(group.capacity))
                    .col_expr(camp_group::Column::SortOrder, Expr::value(group.sort_order))
                    .filter(camp_group::Column::Id.eq(id))
                    .filter(camp_group::Column::Confirmed.lte(group.capacity))
                    .exec(&txn)
                    .await?
                    .rows_affected;
                if changed != 1 {
                    txn.rollback().await?;
                    return Err(SetupError::Invalid(vec![FieldError {
                        field: format!("g{}_capacity", group.row),
                        problem: Problem::BelowTaken,
                    }]));
                }
                promoted.extend(fill_free_places(&txn, &camp, id, now).await?);
            }
        }
    }
    let after = groups(&txn, camp_id).await?;
    super::reports::audit_entry(
        &txn,
        actor,
        "camp",
        camp_id,
        "camp.update",
        Some(summary(&before, &locked)),
        Some(summary(&camp, &after)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Updated { promoted })
}

/// The household's own enrolments a guardian may still change (not cancelled).
pub async fn open_enrolments(
    db: &impl ConnectionTrait,
    household_id: i32,
) -> Result<Vec<i32>, DbErr> {
    Ok(camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::HouseholdId.eq(household_id))
        .filter(camp_enrolment::Column::Status.ne(EnrolmentStatus::Cancelled))
        .order_by_asc(camp_enrolment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect())
}

/// A guardian's new contact details and medical notes (by the private link). The audit log
/// says which fields changed, never what they hold (the log outlives the camp's personal
/// data, which is anonymised after the camp).
pub async fn update_household(
    db: &DatabaseConnection,
    household_id: i32,
    update: &HouseholdUpdate,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let Some(before) = camp_household::Entity::find_by_id(household_id)
        .one(&txn)
        .await?
    else {
        return Ok(());
    };
    let notes_before: HashMap<i32, String> = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::HouseholdId.eq(household_id))
        .filter(camp_enrolment::Column::Status.ne(EnrolmentStatus::Cancelled))
        .all(&txn)
        .await?
        .into_iter()
        .map(|e| (e.id, e.medical_notes))
        .collect();
    let mut changed = Vec::new();
    if before.guardian_name != update.guardian_name {
        changed.push("guardian_name".to_owned());
    }
    let mut household = camp_household::Entity::update_many()
        .col_expr(
            camp_household::Column::GuardianName,
            Expr::value(update.guardian_name.clone()),
        )
        .filter(camp_household::Column::Id.eq(household_id));
    if let Some(phone) = &update.guardian_phone {
        if *phone != before.guardian_phone {
            changed.push("guardian_phone".to_owned());
        }
        household = household.col_expr(
            camp_household::Column::GuardianPhone,
            Expr::value(phone.clone()),
        );
    }
    household.exec(&txn).await?;
    for (id, notes) in &update.medical {
        // Only this household's children still enrolled.
        let Some(old) = notes_before.get(id) else {
            continue;
        };
        if old == notes {
            continue;
        }
        changed.push(format!("medical_notes:{id}"));
        camp_enrolment::Entity::update_many()
            .col_expr(
                camp_enrolment::Column::MedicalNotes,
                Expr::value(notes.clone()),
            )
            .col_expr(camp_enrolment::Column::UpdatedAt, Expr::value(now))
            .filter(camp_enrolment::Column::Id.eq(*id))
            .filter(camp_enrolment::Column::HouseholdId.eq(household_id))
            .filter(camp_enrolment::Column::Status.ne(EnrolmentStatus::Cancelled))
            .exec(&txn)
            .await?;
    }
    if !changed.is_empty() {
        super::reports::audit_entry(
            &txn,
            "guardian",
            "camp_household",
            household_id,
            "update",
            None,
            Some(changed.join(",")),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The attendance sheet of one camp day (today when it is a camp day, else the first),
/// for one group or all, children in the order they enrolled. Five queries whatever the
/// size of the camp.
pub async fn attendance_sheet(
    db: &DatabaseConnection,
    camp_id: i32,
    day: Option<NaiveDate>,
    group: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Option<AttendanceSheet>, DbErr> {
    let Some(camp) = camp::Entity::find_by_id(camp_id).one(db).await? else {
        return Ok(None);
    };
    let days = setup::camp_days(camp.starts_on, camp.ends_on);
    let day = day
        .filter(|day| days.contains(day))
        .or_else(|| Some(today(now)).filter(|day| days.contains(day)))
        .unwrap_or(camp.starts_on);
    let all_groups = groups(db, camp_id).await?;
    let group = group.filter(|id| all_groups.iter().any(|g| g.id == *id));
    let households = camp_household::Entity::find()
        .filter(camp_household::Column::CampId.eq(camp_id))
        .all(db)
        .await?;
    let confirmed = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::CampId.eq(camp_id))
        .filter(camp_enrolment::Column::Status.eq(EnrolmentStatus::Confirmed))
        .order_by_asc(camp_enrolment::Column::Id)
        .all(db)
        .await?;
    let present = camp_attendance::Entity::find()
        .filter(camp_attendance::Column::OnDate.eq(day))
        .all(db)
        .await?;
    let sections = all_groups
        .iter()
        .filter(|g| group.is_none_or(|id| id == g.id))
        .map(|g| {
            let rows: Vec<SheetRow> = confirmed
                .iter()
                .filter(|e| e.group_id == g.id)
                .map(|e| {
                    let household = households.iter().find(|h| h.id == e.household_id);
                    SheetRow {
                        child_name: e.child_name.clone(),
                        gender: e.gender.clone(),
                        birth_date: e.birth_date.to_string(),
                        guardian_name: household
                            .map(|h| h.guardian_name.clone())
                            .unwrap_or_default(),
                        phone_masked: rules::mask_phone(
                            household.map(|h| h.guardian_phone.as_str()).unwrap_or(""),
                        ),
                        medical: e.medical_notes.clone(),
                        checked_at: present.iter().find(|a| a.enrolment_id == e.id).map(|a| {
                            a.checked_at
                                .with_timezone(&Shanghai)
                                .format("%H:%M")
                                .to_string()
                        }),
                    }
                })
                .collect();
            SheetGroup {
                id: g.id,
                name: g.name.clone(),
                born_from: g.born_from.to_string(),
                born_to: g.born_to.to_string(),
                present: rows.iter().filter(|r| r.checked_at.is_some()).count(),
                rows,
            }
        })
        .collect();
    Ok(Some(AttendanceSheet {
        camp_id,
        camp: camp.name,
        location: camp.location,
        day: day.to_string(),
        days: days.iter().map(NaiveDate::to_string).collect(),
        groups: all_groups
            .iter()
            .map(|g| Choice {
                id: g.id,
                name: g.name.clone(),
            })
            .collect(),
        group,
        sections,
    }))
}
