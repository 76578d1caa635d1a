//! The summer camp: enrolment under a rush, the waiting list, cancellations and offers, the
//! organisers' roster, CSV export and anonymising a past camp.
//!
//! Places: each age group row holds `capacity` and `confirmed` (places taken, offers
//! included). An enrolment's transaction starts with the write
//! `UPDATE camp_group SET confirmed = confirmed + 1 WHERE id = ? AND confirmed < capacity`:
//! one row changed means a place, none means the waiting list, numbered by
//! `waitlist_seq = waitlist_seq + 1` on the same row. Starting with a write takes SQLite's
//! write lock at once (no SQLITE_BUSY upgrade failure) and PostgreSQL's row lock, so a rush
//! of guardians is served one at a time per group, first come first served, and a group is
//! never overbooked. A cancellation first takes the same row lock, then promotes.
//!
//! Offers (policy `offer`) that pass their deadline are lapsed by a task every minute and,
//! lazily, whenever a guardian's page is read.
use crate::domain::camp::{self as rules, AgeBand, EnrolmentInput};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;
use sea_orm::{
    prelude::*,
    sea_query::{Expr, ExprTrait},
    ActiveValue::Set,
    DatabaseTransaction, QueryOrder, TransactionTrait,
};

use super::entities::*;
use crate::model::*;

#[derive(Debug, thiserror::Error)]
pub enum CampError {
    #[error("no such camp")]
    NoCamp,
    #[error("enrolment has not opened")]
    NotYet,
    #[error("enrolment has closed")]
    Closed,
    /// The form's fields at fault (children already enrolled).
    #[error("invalid input: {0:?}")]
    Invalid(Vec<rules::FieldError>),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What a guardian is told after enrolling: the private link's token (shown once).
#[derive(Debug, Clone)]
pub struct Receipt {
    pub token: String,
    pub reference: String,
    /// Per child, in the order of the form: status and waiting-list position.
    pub children: Vec<(EnrolmentStatus, Option<i32>)>,
}

pub fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub fn today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Shanghai).date_naive()
}

/// The camp guardians enrol in: the latest that has not been anonymised.
pub async fn current(db: &impl ConnectionTrait) -> Result<Option<camp::Model>, DbErr> {
    camp::Entity::find()
        .filter(camp::Column::AnonymisedAt.is_null())
        .order_by_desc(camp::Column::OpensAt)
        .one(db)
        .await
}

pub async fn groups(
    db: &impl ConnectionTrait,
    camp_id: i32,
) -> Result<Vec<camp_group::Model>, DbErr> {
    camp_group::Entity::find()
        .filter(camp_group::Column::CampId.eq(camp_id))
        .order_by_asc(camp_group::Column::SortOrder)
        .all(db)
        .await
}

pub fn bands(groups: &[camp_group::Model]) -> Vec<AgeBand> {
    groups
        .iter()
        .map(|g| AgeBand {
            id: g.id,
            born_from: g.born_from,
            born_to: g.born_to,
        })
        .collect()
}

/// The villager groups, for the enrolment form.
pub use super::group_choices as villager_groups;

/// A camp's groups in their order with their places taken and children waiting.
pub(crate) async fn counts(
    db: &impl ConnectionTrait,
    camp_id: i32,
) -> Result<Vec<CampGroupCount>, DbErr> {
    let groups = groups(db, camp_id).await?;
    let waiting = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::CampId.eq(camp_id))
        .filter(camp_enrolment::Column::Status.eq(EnrolmentStatus::Waitlisted))
        .all(db)
        .await?;
    Ok(groups
        .into_iter()
        .map(|g| CampGroupCount {
            waiting: waiting.iter().filter(|e| e.group_id == g.id).count() as i32,
            id: g.id,
            name: g.name,
            born_from: g.born_from.to_string(),
            born_to: g.born_to.to_string(),
            capacity: g.capacity,
            taken: g.confirmed,
        })
        .collect())
}

/// The public camp page: the camp, its groups and counts (never a name).
pub async fn public_page(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Option<CampInfo>, DbErr> {
    let Some(camp) = current(db).await? else {
        return Ok(None);
    };
    Ok(Some(CampInfo {
        id: camp.id,
        name: camp.name,
        year: camp.year,
        starts_on: camp.starts_on.to_string(),
        ends_on: camp.ends_on.to_string(),
        location: camp.location,
        fee_yuan: camp.fee_yuan,
        opens_at: local(camp.opens_at),
        closes_at: local(camp.closes_at),
        open: camp.opens_at <= now && now < camp.closes_at,
        not_yet: now < camp.opens_at,
        keep_data_until: camp.keep_data_until.to_string(),
        groups: counts(db, camp.id).await?,
        villager_groups: super::group_choices(db).await?,
    }))
}

/// Enrols the children of one form. See the module notes for why nothing overbooks.
pub async fn enrol(
    db: &DatabaseConnection,
    camp_id: i32,
    input: &EnrolmentInput,
    now: DateTime<Utc>,
) -> Result<Receipt, CampError> {
    let camp = camp::Entity::find_by_id(camp_id)
        .one(db)
        .await?
        .filter(|camp| camp.anonymised_at.is_none())
        .ok_or(CampError::NoCamp)?;
    if now < camp.opens_at {
        return Err(CampError::NotYet);
    }
    if now >= camp.closes_at {
        return Err(CampError::Closed);
    }
    let keys: Vec<String> = input
        .children
        .iter()
        .map(|c| rules::child_key(&c.name, c.birth))
        .collect();
    let known = already_enrolled(db, camp_id, &keys).await?;
    if !known.is_empty() {
        return Err(CampError::Invalid(rules::already_enrolled(known)));
    }
    // Lock group rows in id order: two households with children in two groups never
    // wait for each other crosswise.
    let mut order: Vec<usize> = (0..input.children.len()).collect();
    order.sort_by_key(|&i| input.children[i].band_id);
    let (token, token_hash) = super::accounts::new_token();
    let reference = super::new_reference();
    let txn = db.begin().await?;
    let mut placed = vec![(EnrolmentStatus::Waitlisted, None); input.children.len()];
    for &i in &order {
        let group_id = input.children[i].band_id;
        let took = take_place(&txn, group_id).await?;
        placed[i] = if took {
            (EnrolmentStatus::Confirmed, None)
        } else {
            camp_group::Entity::update_many()
                .col_expr(
                    camp_group::Column::WaitlistSeq,
                    Expr::col(camp_group::Column::WaitlistSeq).add(1),
                )
                .filter(camp_group::Column::Id.eq(group_id))
                .exec(&txn)
                .await?;
            let group = camp_group::Entity::find_by_id(group_id)
                .one(&txn)
                .await?
                .ok_or(CampError::NotFound)?;
            (EnrolmentStatus::Waitlisted, Some(group.waitlist_seq))
        };
    }
    let household = camp_household::ActiveModel {
        camp_id: Set(camp_id),
        reference: Set(reference.clone()),
        token_hash: Set(token_hash),
        guardian_name: Set(input.guardian_name.clone()),
        guardian_phone: Set(input.guardian_phone.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut children = Vec::new();
    for (i, child) in input.children.iter().enumerate() {
        let (status, number) = placed[i];
        let inserted = camp_enrolment::ActiveModel {
            camp_id: Set(camp_id),
            group_id: Set(child.band_id),
            household_id: Set(household.id),
            child_name: Set(child.name.clone()),
            birth_date: Set(child.birth),
            gender: Set(child.gender.code().to_owned()),
            villager_group_id: Set(child.villager_group_id),
            medical_notes: Set(child.medical.clone()),
            child_key: Set(keys[i].clone()),
            status: Set(status),
            waitlist_no: Set(number),
            offer_expires_at: Set(None),
            fee_paid: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        if let Err(error) = inserted {
            // The same child sent twice at the same moment: the unique index says so. The
            // transaction ends first: it holds a connection (SQLite's only one), and on
            // PostgreSQL a failed statement leaves it unable to answer anything else.
            txn.rollback().await?;
            let known = already_enrolled(db, camp_id, &keys)
                .await
                .unwrap_or_default();
            return Err(if known.is_empty() && !is_unique_violation(&error) {
                CampError::Db(error)
            } else {
                CampError::Invalid(rules::already_enrolled(if known.is_empty() {
                    vec![i]
                } else {
                    known
                }))
            });
        }
        let position = match number {
            Some(number) => Some(position_of(&txn, child.band_id, number).await?),
            None => None,
        };
        children.push((status, position));
    }
    txn.commit().await?;
    Ok(Receipt {
        token,
        reference,
        children,
    })
}

fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

async fn already_enrolled(
    db: &impl ConnectionTrait,
    camp_id: i32,
    keys: &[String],
) -> Result<Vec<usize>, DbErr> {
    let found = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::CampId.eq(camp_id))
        .filter(camp_enrolment::Column::ChildKey.is_in(keys.iter().cloned()))
        .filter(camp_enrolment::Column::Status.ne(EnrolmentStatus::Cancelled))
        .all(db)
        .await?;
    Ok(keys
        .iter()
        .enumerate()
        .filter(|(_, key)| found.iter().any(|e| &e.child_key == *key))
        .map(|(i, _)| i)
        .collect())
}

/// 1 = next in line.
async fn position_of(db: &impl ConnectionTrait, group_id: i32, number: i32) -> Result<i32, DbErr> {
    let ahead = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::GroupId.eq(group_id))
        .filter(camp_enrolment::Column::Status.eq(EnrolmentStatus::Waitlisted))
        .filter(camp_enrolment::Column::WaitlistNo.lt(number))
        .count(db)
        .await?;
    Ok(ahead as i32 + 1)
}

/// Takes the group row's lock (a write that changes nothing) as a transaction's first
/// statement.
pub(crate) async fn lock_group(txn: &DatabaseTransaction, group_id: i32) -> Result<(), DbErr> {
    camp_group::Entity::update_many()
        .col_expr(
            camp_group::Column::WaitlistSeq,
            Expr::col(camp_group::Column::WaitlistSeq),
        )
        .filter(camp_group::Column::Id.eq(group_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// A place of `group_id` is free (inside a transaction holding the group's lock): the first
/// waiting child gets it (or its offer), else the count goes down.
async fn release(
    txn: &DatabaseTransaction,
    camp: &camp::Model,
    group_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<i32>, DbErr> {
    let promoted = promote_next(txn, camp, group_id, now).await?;
    if promoted.is_none() {
        give_back_place(txn, group_id).await?;
    }
    Ok(promoted)
}

/// The first child on the group's waiting list gets a place the caller has counted for
/// them: confirmed at once or offered until a deadline, as the camp says. `None` when
/// nobody waits. Inside a transaction holding the group's lock.
async fn promote_next(
    txn: &DatabaseTransaction,
    camp: &camp::Model,
    group_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<i32>, DbErr> {
    let Some(next) = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::GroupId.eq(group_id))
        .filter(camp_enrolment::Column::Status.eq(EnrolmentStatus::Waitlisted))
        .order_by_asc(camp_enrolment::Column::WaitlistNo)
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let (status, expires) = match camp.free_place_policy {
        FreePlacePolicy::Confirm => (EnrolmentStatus::Confirmed, None),
        FreePlacePolicy::Offer => (
            EnrolmentStatus::Offered,
            Some(now + Duration::hours(i64::from(camp.offer_hours))),
        ),
    };
    move_enrolment(status, expires, now)
        .filter(camp_enrolment::Column::Id.eq(next.id))
        .exec(txn)
        .await?;
    Ok(Some(next.id))
}

/// An update of enrolments to `status`, with the offer's deadline `expires` (none but an
/// offer's), stamped `now`; the caller says which enrolment, and from where it may move.
fn move_enrolment(
    status: EnrolmentStatus,
    expires: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> sea_orm::UpdateMany<camp_enrolment::Entity> {
    camp_enrolment::Entity::update_many()
        .col_expr(camp_enrolment::Column::Status, Expr::value(status))
        .col_expr(camp_enrolment::Column::OfferExpiresAt, Expr::value(expires))
        .col_expr(camp_enrolment::Column::UpdatedAt, Expr::value(now))
}

/// Takes a place in a group if one is free (confirmed below capacity); whether it did.
async fn take_place(txn: &DatabaseTransaction, group_id: i32) -> Result<bool, DbErr> {
    Ok(camp_group::Entity::update_many()
        .col_expr(
            camp_group::Column::Confirmed,
            Expr::col(camp_group::Column::Confirmed).add(1),
        )
        .filter(camp_group::Column::Id.eq(group_id))
        .filter(
            Expr::col(camp_group::Column::Confirmed).lt(Expr::col(camp_group::Column::Capacity)),
        )
        .exec(txn)
        .await?
        .rows_affected
        == 1)
}

async fn give_back_place(txn: &DatabaseTransaction, group_id: i32) -> Result<(), DbErr> {
    camp_group::Entity::update_many()
        .col_expr(
            camp_group::Column::Confirmed,
            Expr::col(camp_group::Column::Confirmed).sub(1),
        )
        .filter(camp_group::Column::Id.eq(group_id))
        .filter(camp_group::Column::Confirmed.gt(0))
        .exec(txn)
        .await?;
    Ok(())
}

/// After a group's capacity went up: while a place is free and a child waits, the next in
/// line gets it (the same promotion as a cancellation's). Inside a transaction holding the
/// group's lock; returns the enrolments promoted, in waiting-list order.
pub(crate) async fn fill_free_places(
    txn: &DatabaseTransaction,
    camp: &camp::Model,
    group_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<i32>, DbErr> {
    let mut promoted = Vec::new();
    loop {
        // Count the place first, exactly as an enrolment takes one.
        let took = take_place(txn, group_id).await?;
        if !took {
            break;
        }
        match promote_next(txn, camp, group_id, now).await? {
            Some(id) => promoted.push(id),
            None => {
                give_back_place(txn, group_id).await?;
                break;
            }
        }
    }
    Ok(promoted)
}

pub async fn household_by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<camp_household::Model>, DbErr> {
    camp_household::Entity::find()
        .filter(camp_household::Column::TokenHash.eq(super::accounts::token_hash(token)))
        .one(db)
        .await
}

/// Cancels one enrolment (by its guardian's link, or by an organiser when `household` is
/// `None`). Returns the enrolment promoted (or offered) in its place, if any.
pub async fn cancel(
    db: &DatabaseConnection,
    household: Option<i32>,
    enrolment_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<i32>, CampError> {
    let enrolment = camp_enrolment::Entity::find_by_id(enrolment_id)
        .one(db)
        .await?
        .filter(|e| household.is_none_or(|h| h == e.household_id))
        .ok_or(CampError::NotFound)?;
    let camp = camp::Entity::find_by_id(enrolment.camp_id)
        .one(db)
        .await?
        .ok_or(CampError::NoCamp)?;
    let txn = db.begin().await?;
    lock_group(&txn, enrolment.group_id).await?;
    let held_place = set_cancelled(
        &txn,
        enrolment_id,
        &[EnrolmentStatus::Confirmed, EnrolmentStatus::Offered],
        now,
    )
    .await?;
    let promoted = if held_place {
        release(&txn, &camp, enrolment.group_id, now).await?
    } else {
        set_cancelled(&txn, enrolment_id, &[EnrolmentStatus::Waitlisted], now).await?;
        None
    };
    txn.commit().await?;
    Ok(promoted)
}

async fn set_cancelled(
    txn: &DatabaseTransaction,
    enrolment_id: i32,
    from: &[EnrolmentStatus],
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(move_enrolment(EnrolmentStatus::Cancelled, None, now)
        .filter(camp_enrolment::Column::Id.eq(enrolment_id))
        .filter(camp_enrolment::Column::Status.is_in(from.iter().copied()))
        .exec(txn)
        .await?
        .rows_affected
        == 1)
}

/// A guardian takes up an offered place before its deadline.
pub async fn accept_offer(
    db: &DatabaseConnection,
    household: i32,
    enrolment_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(move_enrolment(EnrolmentStatus::Confirmed, None, now)
        .filter(camp_enrolment::Column::Id.eq(enrolment_id))
        .filter(camp_enrolment::Column::HouseholdId.eq(household))
        .filter(camp_enrolment::Column::Status.eq(EnrolmentStatus::Offered))
        .filter(camp_enrolment::Column::OfferExpiresAt.gt(now))
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Offers past their deadline lapse, and the place goes to the next in line. Returns how
/// many lapsed.
pub async fn lapse_offers(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<usize, DbErr> {
    let due = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::Status.eq(EnrolmentStatus::Offered))
        .filter(camp_enrolment::Column::OfferExpiresAt.lte(now))
        .all(db)
        .await?;
    let mut lapsed = 0;
    for offer in due {
        let Some(camp) = camp::Entity::find_by_id(offer.camp_id).one(db).await? else {
            continue;
        };
        let txn = db.begin().await?;
        lock_group(&txn, offer.group_id).await?;
        let still_due = camp_enrolment::Entity::update_many()
            .col_expr(
                camp_enrolment::Column::Status,
                Expr::value(EnrolmentStatus::Cancelled),
            )
            .col_expr(camp_enrolment::Column::UpdatedAt, Expr::value(now))
            .filter(camp_enrolment::Column::Id.eq(offer.id))
            .filter(camp_enrolment::Column::Status.eq(EnrolmentStatus::Offered))
            .filter(camp_enrolment::Column::OfferExpiresAt.lte(now))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if still_due {
            release(&txn, &camp, offer.group_id, now).await?;
            lapsed += 1;
        }
        txn.commit().await?;
    }
    Ok(lapsed)
}

/// The guardian's private page (offers past their deadline lapse first).
pub async fn household_view(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<HouseholdView>, DbErr> {
    lapse_offers(db, now).await?;
    let Some(household) = household_by_token(db, token).await? else {
        return Ok(None);
    };
    let Some(camp) = camp::Entity::find_by_id(household.camp_id).one(db).await? else {
        return Ok(None);
    };
    let groups = groups(db, camp.id).await?;
    let enrolments = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::HouseholdId.eq(household.id))
        .order_by_asc(camp_enrolment::Column::Id)
        .all(db)
        .await?;
    let mut children = Vec::new();
    for e in enrolments {
        let position = match (e.status, e.waitlist_no) {
            (EnrolmentStatus::Waitlisted, Some(number)) => {
                Some(position_of(db, e.group_id, number).await?)
            }
            _ => None,
        };
        children.push(ChildStatus {
            id: e.id,
            name: e.child_name,
            group: groups
                .iter()
                .find(|g| g.id == e.group_id)
                .map(|g| g.name.clone())
                .unwrap_or_default(),
            status: e.status,
            position,
            offer_expires_at: e.offer_expires_at.map(local),
            medical: e.medical_notes,
        });
    }
    Ok(Some(HouseholdView {
        camp: camp.name,
        reference: household.reference,
        guardian_name: household.guardian_name,
        phone_masked: rules::mask_phone(&household.guardian_phone),
        children,
    }))
}

/// The organisers' roster, optionally one group and a search on child, guardian or
/// reference. Cancelled enrolments are left out.
pub async fn roster(
    db: &DatabaseConnection,
    camp_id: i32,
    group: Option<i32>,
    search: &str,
    now: DateTime<Utc>,
) -> Result<Option<CampRoster>, DbErr> {
    let Some(camp) = camp::Entity::find_by_id(camp_id).one(db).await? else {
        return Ok(None);
    };
    let day = today(now);
    let rows = full_rows(db, camp_id, day).await?;
    let search = search.trim().to_lowercase();
    let rows = rows
        .into_iter()
        .filter(|(row, _)| group.is_none_or(|g| row.group_id == g))
        .filter(|(row, phone)| {
            search.is_empty()
                || row.child_name.to_lowercase().contains(&search)
                || row.guardian_name.to_lowercase().contains(&search)
                || row.reference.to_lowercase().contains(&search)
                || phone.ends_with(&search)
        })
        .map(|(row, _)| row)
        .collect();
    Ok(Some(CampRoster {
        camp_id,
        camp: camp.name,
        today: day.to_string(),
        groups: counts(db, camp_id).await?,
        rows,
    }))
}

/// Every live enrolment with its full phone number (for the CSV and the search).
async fn full_rows(
    db: &DatabaseConnection,
    camp_id: i32,
    day: NaiveDate,
) -> Result<Vec<(RosterRow, String)>, DbErr> {
    let groups = groups(db, camp_id).await?;
    let villages = super::group_choices(db).await?;
    let households = camp_household::Entity::find()
        .filter(camp_household::Column::CampId.eq(camp_id))
        .all(db)
        .await?;
    let enrolments = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::CampId.eq(camp_id))
        .filter(camp_enrolment::Column::Status.ne(EnrolmentStatus::Cancelled))
        .order_by_asc(camp_enrolment::Column::GroupId)
        .order_by_asc(camp_enrolment::Column::Id)
        .all(db)
        .await?;
    let present: Vec<i32> = camp_attendance::Entity::find()
        .filter(camp_attendance::Column::OnDate.eq(day))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.enrolment_id)
        .collect();
    let mut rows = Vec::new();
    for e in enrolments {
        let household = households.iter().find(|h| h.id == e.household_id);
        let phone = household
            .map(|h| h.guardian_phone.clone())
            .unwrap_or_default();
        let position = match (e.status, e.waitlist_no) {
            (EnrolmentStatus::Waitlisted, Some(number)) => {
                Some(position_of(db, e.group_id, number).await?)
            }
            _ => None,
        };
        rows.push((
            RosterRow {
                id: e.id,
                child_name: e.child_name,
                birth_date: e.birth_date.to_string(),
                gender: e.gender,
                group_id: e.group_id,
                group: groups
                    .iter()
                    .find(|g| g.id == e.group_id)
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
                villager_group: e
                    .villager_group_id
                    .and_then(|id| villages.iter().find(|v| v.id == id))
                    .map(|v| v.name.clone())
                    .unwrap_or_default(),
                guardian_name: household
                    .map(|h| h.guardian_name.clone())
                    .unwrap_or_default(),
                phone_masked: rules::mask_phone(&phone),
                medical: e.medical_notes,
                reference: household.map(|h| h.reference.clone()).unwrap_or_default(),
                status: e.status,
                position,
                fee_paid: e.fee_paid,
                present_today: present.contains(&e.id),
            },
            phone,
        ));
    }
    Ok(rows)
}

fn csv_cell(text: &str) -> String {
    // Quote everything; a leading = + - @ would be a formula in Excel.
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The roster as CSV for Excel: UTF-8 with a byte-order mark, CRLF lines, Chinese headers.
/// Organisers only: it carries the full mobile numbers (to call the guardians).
pub async fn csv(
    db: &DatabaseConnection,
    camp_id: i32,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let rows = full_rows(db, camp_id, today(now)).await?;
    let mut out = String::from("\u{feff}");
    let header = [
        "参考号",
        "组别",
        "孩子姓名",
        "出生日期",
        "性别",
        "村民小组",
        "监护人",
        "手机号",
        "健康备注",
        "状态",
        "候补位置",
        "已缴费",
    ];
    out.push_str(&header.map(csv_cell).join(","));
    out.push_str("\r\n");
    for (row, phone) in rows {
        let status = match row.status {
            EnrolmentStatus::Confirmed => "已确认",
            EnrolmentStatus::Waitlisted => "候补",
            EnrolmentStatus::Offered => "待接受",
            EnrolmentStatus::Cancelled => "已取消",
        };
        let gender = if row.gender == "f" { "女" } else { "男" };
        let cells = [
            row.reference,
            row.group,
            row.child_name,
            row.birth_date,
            gender.to_owned(),
            row.villager_group,
            row.guardian_name,
            phone,
            row.medical,
            status.to_owned(),
            row.position.map(|p| p.to_string()).unwrap_or_default(),
            if row.fee_paid { "是" } else { "否" }.to_owned(),
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    Ok(out)
}

pub async fn set_fee_paid(
    db: &DatabaseConnection,
    enrolment_id: i32,
    paid: bool,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(camp_enrolment::Entity::update_many()
        .col_expr(camp_enrolment::Column::FeePaid, Expr::value(paid))
        .col_expr(camp_enrolment::Column::UpdatedAt, Expr::value(now))
        .filter(camp_enrolment::Column::Id.eq(enrolment_id))
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Today's check-in of a confirmed child (twice is once).
pub async fn check_in(
    db: &DatabaseConnection,
    enrolment_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(enrolment) = camp_enrolment::Entity::find_by_id(enrolment_id)
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    if enrolment.status != EnrolmentStatus::Confirmed {
        return Ok(false);
    }
    let day = today(now);
    let exists = camp_attendance::Entity::find()
        .filter(camp_attendance::Column::EnrolmentId.eq(enrolment_id))
        .filter(camp_attendance::Column::OnDate.eq(day))
        .one(db)
        .await?
        .is_some();
    if !exists {
        let inserted = camp_attendance::ActiveModel {
            enrolment_id: Set(enrolment_id),
            on_date: Set(day),
            checked_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await;
        if let Err(error) = inserted {
            if !is_unique_violation(&error) {
                return Err(error);
            }
        }
    }
    Ok(true)
}

/// Removes the personal data of a past camp: names, phones, medical notes and exact birth
/// dates go; counts, groups and the year of birth stay for the association's statistics.
/// Returns how many enrolments were anonymised.
pub async fn anonymise(
    db: &DatabaseConnection,
    camp_id: i32,
    now: DateTime<Utc>,
) -> Result<u64, CampError> {
    let camp = camp::Entity::find_by_id(camp_id)
        .one(db)
        .await?
        .ok_or(CampError::NoCamp)?;
    let txn = db.begin().await?;
    camp::Entity::update_many()
        .col_expr(camp::Column::AnonymisedAt, Expr::value(Some(now)))
        .filter(camp::Column::Id.eq(camp.id))
        .exec(&txn)
        .await?;
    let enrolments = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::CampId.eq(camp.id))
        .all(&txn)
        .await?;
    for e in &enrolments {
        let year_start = NaiveDate::from_ymd_opt(chrono::Datelike::year(&e.birth_date), 1, 1)
            .unwrap_or(e.birth_date);
        camp_enrolment::Entity::update_many()
            .col_expr(camp_enrolment::Column::ChildName, Expr::value("—"))
            .col_expr(camp_enrolment::Column::BirthDate, Expr::value(year_start))
            .col_expr(camp_enrolment::Column::MedicalNotes, Expr::value(""))
            .col_expr(
                camp_enrolment::Column::VillagerGroupId,
                Expr::value(Option::<i32>::None),
            )
            .col_expr(
                camp_enrolment::Column::ChildKey,
                Expr::value(format!("anon:{}", e.id)),
            )
            .col_expr(camp_enrolment::Column::UpdatedAt, Expr::value(now))
            .filter(camp_enrolment::Column::Id.eq(e.id))
            .exec(&txn)
            .await?;
    }
    let households = camp_household::Entity::find()
        .filter(camp_household::Column::CampId.eq(camp.id))
        .all(&txn)
        .await?;
    for h in households {
        // A fresh random hash: the private links stop working.
        let (_, dead) = super::accounts::new_token();
        camp_household::Entity::update_many()
            .col_expr(camp_household::Column::GuardianName, Expr::value("—"))
            .col_expr(camp_household::Column::GuardianPhone, Expr::value(""))
            .col_expr(camp_household::Column::TokenHash, Expr::value(dead))
            .filter(camp_household::Column::Id.eq(h.id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(enrolments.len() as u64)
}
