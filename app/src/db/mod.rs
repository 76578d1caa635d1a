//! Data access (server only): SeaORM entities and the queries each page needs.
pub mod accounts;
pub mod box_score;
pub mod camp;
pub mod camp_setup;
pub mod changes;
pub mod community;
pub mod competitions;
pub mod entities;
pub mod honours;
pub mod hub;
pub mod leaders;
pub mod live;
pub mod people;
pub mod queries;
pub mod reports;
pub mod setup;
pub mod sign_in_limit;
pub mod standings;
pub mod todo;

use entities::{association, court, villager_group};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};

use crate::model::Choice;

/// A fresh reference code (a camp enrolment's, a resident's request's), from the
/// operating system's random numbers.
pub fn new_reference() -> String {
    use crate::domain::reference::{reference_code, CODE_LEN};
    use rand::RngCore;
    let mut bytes = [0u8; CODE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    reference_code(bytes)
}

/// The association this installation serves (the first one: there is one).
pub async fn association_id(db: &impl ConnectionTrait) -> Result<i32, DbErr> {
    association::Entity::find()
        .order_by_asc(association::Column::Id)
        .one(db)
        .await?
        .map(|a| a.id)
        .ok_or_else(|| DbErr::Custom("no association in the database".into()))
}

/// The villager groups in their order, as a form or a filter offers them.
pub async fn group_choices(db: &impl ConnectionTrait) -> Result<Vec<Choice>, DbErr> {
    Ok(villager_group::Entity::find()
        .order_by_asc(villager_group::Column::SortOrder)
        .order_by_asc(villager_group::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|g| Choice {
            id: g.id,
            name: g.name,
        })
        .collect())
}

/// Every court in the order they were added, as a form offers them.
pub async fn court_choices(db: &impl ConnectionTrait) -> Result<Vec<Choice>, DbErr> {
    Ok(court::Entity::find()
        .order_by_asc(court::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| Choice {
            id: c.id,
            name: c.name,
        })
        .collect())
}
