//! What every request on the server can reach.
use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    /// Live updates for open pages: publish a [`crate::live::LiveEvent`] after a change.
    pub live: crate::live::Hub,
    pub limits: Arc<Limits>,
    /// How long a captain's report waits for the other captain before it stands.
    pub auto_confirm_after: chrono::Duration,
}

/// Rate limits per server instance (an attacker spreading over instances gets each
/// instance's allowance; a village association runs one or two).
pub struct Limits {
    /// Sign-in attempts per client address.
    pub sign_in_per_client: DefaultKeyedRateLimiter<String>,
    /// Sign-in attempts per user name or mobile number, from anywhere.
    pub sign_in_per_login: DefaultKeyedRateLimiter<String>,
    /// Invite redemptions per client address.
    pub invite_per_client: DefaultKeyedRateLimiter<String>,
    /// Score reports and answers per user.
    pub report_per_user: DefaultKeyedRateLimiter<i32>,
    /// Camp enrolment forms per client address.
    pub camp_enrol_per_client: DefaultKeyedRateLimiter<String>,
    /// Residents' requests sent, per client address (or per signed-in user).
    pub request_per_client: DefaultKeyedRateLimiter<String>,
    /// Reference-code look-ups per client address: guessing a code takes forever.
    pub request_lookup_per_client: DefaultKeyedRateLimiter<String>,
    /// Notices, approvals and answers per user.
    pub community_per_user: DefaultKeyedRateLimiter<i32>,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n).expect("a positive quota"))
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            sign_in_per_client: RateLimiter::keyed(per_minute(10)),
            sign_in_per_login: RateLimiter::keyed(per_minute(5)),
            invite_per_client: RateLimiter::keyed(per_minute(10)),
            report_per_user: RateLimiter::keyed(per_minute(30)),
            camp_enrol_per_client: RateLimiter::keyed(per_minute(10)),
            request_per_client: RateLimiter::keyed(per_minute(5)),
            request_lookup_per_client: RateLimiter::keyed(per_minute(20)),
            community_per_user: RateLimiter::keyed(per_minute(30)),
        }
    }
}
