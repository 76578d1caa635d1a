//! The Cunba app: pages, islands and server functions, shared by the server (`ssr`) and the
//! browser (`hydrate`). Domain rules live in `cunba-domain`, re-exported as [`domain`].
#![recursion_limit = "256"]

pub use cunba_domain as domain;

pub mod api;
pub mod api_camp;
pub mod api_changes;
pub mod api_community;
pub mod api_competitions;
pub mod api_setup;
pub mod auth;
pub mod components;
pub mod i18n;
pub mod live;
pub mod model;
pub mod pages;
mod root;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod site_files;
#[cfg(feature = "ssr")]
pub mod state;

pub use root::{request_lang, shell, App};
