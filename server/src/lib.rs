//! The `cunba` binary's library: configuration, database start-up, the demo league, the
//! router, and the command line. `main.rs` only parses arguments and calls in here.
pub mod actions;
pub mod assets;
pub mod calendar;
pub mod camp_actions;
pub mod camp_admin;
pub mod camp_setup_actions;
pub mod cards;
pub mod changes;
pub mod cli;
pub mod community_actions;
pub mod competition_actions;
pub mod config;
pub mod database;
pub mod demo;
pub mod demo_community;
pub mod http;
pub mod live;
pub mod page_cache;
pub mod print;
pub mod public_api;
pub mod schedule_demo;
pub mod setup_actions;
pub mod startup;
