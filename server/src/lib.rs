//! The `cunba` binary's library: configuration, database start-up, the demo league, the
//! router, and the command line. `main.rs` only parses arguments and calls in here.
pub mod actions;
pub mod cli;
pub mod config;
pub mod database;
pub mod demo;
pub mod feeds;
pub mod http;
pub mod retention;
pub mod startup;
