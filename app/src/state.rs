//! What every request on the server can reach.
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    /// Live updates for open pages: publish a [`crate::live::LiveEvent`] after a change.
    pub live: crate::live::Hub,
}
