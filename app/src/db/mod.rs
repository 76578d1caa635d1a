//! Data access (server only): SeaORM entities and the queries each page needs.
pub mod accounts;
pub mod box_score;
pub mod camp;
pub mod camp_setup;
pub mod changes;
pub mod community;
pub mod competitions;
pub mod entities;
pub mod queries;
pub mod reports;
pub mod setup;
pub mod standings;
