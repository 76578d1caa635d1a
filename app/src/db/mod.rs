//! Data access (server only): SeaORM entities and the queries each page needs.
pub mod entities;
pub mod queries;
pub mod standings;
