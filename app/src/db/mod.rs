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
pub mod people;
pub mod queries;
pub mod reports;
pub mod setup;
pub mod sign_in_limit;
pub mod standings;
pub mod todo;

use entities::association;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};

/// The association this installation serves (the first one: there is one).
pub async fn association_id(db: &impl ConnectionTrait) -> Result<i32, DbErr> {
    association::Entity::find()
        .order_by_asc(association::Column::Id)
        .one(db)
        .await?
        .map(|a| a.id)
        .ok_or_else(|| DbErr::Custom("no association in the database".into()))
}
