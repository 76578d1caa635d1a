//! Cunba's domain: the rules of basketball and of sports timetabling, as plain Rust.
//!
//! Nothing in here touches a database, the network or Leptos, so it builds for the server,
//! for the browser and for the CLI alike, and its tests run in seconds.

pub mod camp;
pub mod community;
pub mod competition;
pub mod current;
pub mod festivals;
pub mod form;
pub mod image;
pub mod invite;
pub mod leaders;
pub mod phone;
pub mod players_csv;
pub mod reference;
pub mod schedule;
pub mod score;
pub mod scoresheet;
pub mod setup;
pub mod standings;
