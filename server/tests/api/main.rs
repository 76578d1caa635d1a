//! Integration tests: the real router on a real database — SQLite always, PostgreSQL too
//! when `TEST_DATABASE_URL` is set.
mod authz;
mod calendar;
mod camp;
mod camp_authz;
mod camp_setup;
mod cards;
mod changes;
mod cli;
mod community;
mod community_authz;
mod competitions;
mod crash;
mod cups;
mod demo;
mod helpers;
mod live;
mod live_sheet;
mod notice_images;
mod page_cache;
mod pages;
mod people;
mod public_api;
mod schema;
mod scoring;
mod setup;
mod trust;
