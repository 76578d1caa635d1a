//! The season set-up (organisers only; the handlers check who asks): villager groups,
//! teams and their players (with a CSV import kept for its preview), courts with their
//! weekly windows, and blackout dates. Every change goes into the audit log.
use std::collections::HashMap;

use crate::domain::festivals::{self, Festival};
use crate::domain::players_csv::{self, PlayerRow};
use crate::domain::setup::{
    BlackoutInput, CourtInput, FieldError, Problem, TeamInput, WindowInput,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder, TransactionTrait};

use super::entities::*;
use super::reports::audit_entry;
use super::{association_id, court_choices, group_choices};
use crate::model::*;

mod blackouts;
mod courts;
mod teams;
pub use blackouts::*;
pub use courts::*;
pub use teams::*;

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// Each field at fault with its problem (what only the database knows: a name taken, a
    /// group or court that is not there).
    #[error("the form has errors")]
    Invalid(Vec<FieldError>),
    /// A roster file with no row to add.
    #[error("nothing to import")]
    NothingToImport,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl SetupError {
    fn one(field: &str, problem: Problem) -> SetupError {
        SetupError::Invalid(vec![FieldError::new(field, problem)])
    }
}

type Result<T> = std::result::Result<T, SetupError>;

/// The row `id` of `E`, or [`SetupError::NotFound`].
async fn found<E>(db: &impl ConnectionTrait, id: i32) -> Result<E::Model>
where
    E: EntityTrait,
    i32: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
{
    E::find_by_id(id).one(db).await?.ok_or(SetupError::NotFound)
}

/// Whether a row other than `except` has `name` in `column` (`id`: the rows' id column).
async fn name_taken<C>(
    db: &impl ConnectionTrait,
    column: C,
    id: C,
    name: &str,
    except: Option<i32>,
) -> std::result::Result<bool, DbErr>
where
    C: ColumnTrait,
    C::EntityName: EntityTrait,
{
    let mut same_name = <C::EntityName as EntityTrait>::find().filter(column.eq(name));
    if let Some(except) = except {
        same_name = same_name.filter(id.ne(except));
    }
    Ok(same_name.one(db).await?.is_some())
}

/// Today in Asia/Shanghai.
pub fn this_year(now: DateTime<Utc>) -> i32 {
    now.with_timezone(&Shanghai).year()
}

pub async fn hub(db: &DatabaseConnection) -> std::result::Result<SetupHub, DbErr> {
    let id = association_id(db).await?;
    Ok(SetupHub {
        association: association::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.name)
            .unwrap_or_default(),
        groups: villager_group::Entity::find().count(db).await? as usize,
        teams: team::Entity::find().count(db).await? as usize,
        players: player::Entity::find().count(db).await? as usize,
        courts: court::Entity::find().count(db).await? as usize,
        blackouts: blackout::Entity::find().count(db).await? as usize,
    })
}

/// Renames the association (audit-logged, before → after).
pub async fn rename_association(
    db: &DatabaseConnection,
    name: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    let id = association_id(&txn).await?;
    let association = found::<association::Entity>(&txn, id).await?;
    let before = association.name.clone();
    if before != name {
        let mut active: association::ActiveModel = association.into();
        active.name = Set(name.to_owned());
        active.update(&txn).await?;
        audit_entry(
            &txn,
            actor,
            "association",
            id,
            "association.rename",
            Some(before),
            Some(name.to_owned()),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

// ---- villager groups ----

pub async fn groups(db: &DatabaseConnection) -> std::result::Result<Vec<SetupGroupLine>, DbErr> {
    let teams = team::Entity::find().all(db).await?;
    Ok(group_choices(db)
        .await?
        .into_iter()
        .map(|g| SetupGroupLine {
            teams: teams.iter().filter(|t| t.villager_group_id == g.id).count(),
            id: g.id,
            name: g.name,
        })
        .collect())
}

async fn group_name_taken(
    db: &impl ConnectionTrait,
    name: &str,
    except: Option<i32>,
) -> std::result::Result<bool, DbErr> {
    use villager_group::Column;
    name_taken(db, Column::Name, Column::Id, name, except).await
}

pub async fn add_group(
    db: &DatabaseConnection,
    name: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    if group_name_taken(&txn, name, None).await? {
        return Err(SetupError::one("name", Problem::Taken));
    }
    let association_id = association_id(&txn).await?;
    let order = villager_group::Entity::find().count(&txn).await? as i32 + 1;
    let group = villager_group::ActiveModel {
        association_id: Set(association_id),
        name: Set(name.to_owned()),
        sort_order: Set(order),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        actor,
        "villager_group",
        group.id,
        "villager_group.create",
        None,
        Some(name.to_owned()),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(group.id)
}

pub async fn rename_group(
    db: &DatabaseConnection,
    id: i32,
    name: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    let group = found::<villager_group::Entity>(&txn, id).await?;
    if group_name_taken(&txn, name, Some(id)).await? {
        return Err(SetupError::one("name", Problem::Taken));
    }
    let before = group.name.clone();
    let mut active: villager_group::ActiveModel = group.into();
    active.name = Set(name.to_owned());
    active.update(&txn).await?;
    audit_entry(
        &txn,
        actor,
        "villager_group",
        id,
        "villager_group.rename",
        Some(before),
        Some(name.to_owned()),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
