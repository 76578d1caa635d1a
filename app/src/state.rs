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
    /// The names every page shows (teams, courts, competitions…), kept while nothing changes.
    pub names: Arc<crate::db::queries::NamesCache>,
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
    /// Camp enrolment forms per client address: generous, since a whole village may share
    /// one public address (carrier-grade NAT) in the opening rush — see the README.
    pub camp_enrol_per_client: DefaultKeyedRateLimiter<String>,
    /// Camp enrolment forms per guardian mobile number (forms with field errors not
    /// counted): one household cannot flood the places from behind a shared address.
    pub camp_enrol_per_phone: DefaultKeyedRateLimiter<String>,
    /// A guardian's private-link actions (update, cancel, accept) per client address.
    pub camp_link_per_client: DefaultKeyedRateLimiter<String>,
    /// A guardian's private-link actions per household (per link).
    pub camp_link_per_household: DefaultKeyedRateLimiter<i32>,
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

/// Forms one client address may send at once during the camp's opening rush: a village of
/// 200+ children is about 150 households, and with a form sent back for a correction now
/// and then, about 200 forms in the first minute — all possibly from one NAT address.
pub const CAMP_BURST_PER_CLIENT: u32 = 200;
/// After the burst, one more form per client address every second (60 a minute).
pub const CAMP_CLIENT_REFILL: std::time::Duration = std::time::Duration::from_secs(1);
/// Enrolment forms one mobile number may send at once …
pub const CAMP_FORMS_PER_PHONE: u32 = 6;
/// … then one more every ten minutes.
pub const CAMP_PHONE_REFILL: std::time::Duration = std::time::Duration::from_secs(600);
/// Private-link actions per household a minute.
pub const CAMP_LINK_PER_MINUTE: u32 = 10;

/// `burst` at once, then one per `refill`.
fn burst_then(burst: u32, refill: std::time::Duration) -> Quota {
    Quota::with_period(refill)
        .expect("a positive period")
        .allow_burst(NonZeroU32::new(burst).expect("a positive burst"))
}

impl Limits {
    /// Drops the keys (addresses, logins, phones) whose limit is full again: without it
    /// every address that ever signed in would stay in memory.
    pub fn forget_idle(&self) {
        macro_rules! each {
            ($($limiter:ident),*) => {$(
                self.$limiter.retain_recent();
                self.$limiter.shrink_to_fit();
            )*};
        }
        each!(
            sign_in_per_client,
            sign_in_per_login,
            invite_per_client,
            report_per_user,
            camp_enrol_per_client,
            camp_enrol_per_phone,
            camp_link_per_client,
            camp_link_per_household,
            request_per_client,
            request_lookup_per_client,
            community_per_user
        );
    }

    /// Keys held, over every limiter.
    pub fn keys(&self) -> usize {
        self.sign_in_per_client.len()
            + self.sign_in_per_login.len()
            + self.invite_per_client.len()
            + self.report_per_user.len()
            + self.camp_enrol_per_client.len()
            + self.camp_enrol_per_phone.len()
            + self.camp_link_per_client.len()
            + self.camp_link_per_household.len()
            + self.request_per_client.len()
            + self.request_lookup_per_client.len()
            + self.community_per_user.len()
    }

    /// The default limits, with `per_minute` score reports per user (`cunba serve
    /// --report-limit`).
    pub fn with_report_limit(per_minute_reports: u32) -> Self {
        Limits {
            report_per_user: RateLimiter::keyed(per_minute(per_minute_reports.max(1))),
            ..Limits::default()
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            sign_in_per_client: RateLimiter::keyed(per_minute(10)),
            sign_in_per_login: RateLimiter::keyed(per_minute(5)),
            invite_per_client: RateLimiter::keyed(per_minute(10)),
            report_per_user: RateLimiter::keyed(per_minute(30)),
            camp_enrol_per_client: RateLimiter::keyed(burst_then(
                CAMP_BURST_PER_CLIENT,
                CAMP_CLIENT_REFILL,
            )),
            camp_enrol_per_phone: RateLimiter::keyed(burst_then(
                CAMP_FORMS_PER_PHONE,
                CAMP_PHONE_REFILL,
            )),
            camp_link_per_client: RateLimiter::keyed(burst_then(
                CAMP_BURST_PER_CLIENT,
                CAMP_CLIENT_REFILL,
            )),
            camp_link_per_household: RateLimiter::keyed(per_minute(CAMP_LINK_PER_MINUTE)),
            request_per_client: RateLimiter::keyed(per_minute(5)),
            request_lookup_per_client: RateLimiter::keyed(per_minute(20)),
            community_per_user: RateLimiter::keyed(per_minute(30)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Limits;

    #[test]
    fn idle_keys_are_forgotten_and_recent_ones_kept() {
        // 60,000 reports a minute: one report is forgotten a millisecond later; a sign-in
        // (10 a minute) is remembered for six seconds.
        let limits = Limits::with_report_limit(60_000);
        assert!(limits
            .sign_in_per_client
            .check_key(&"10.0.0.1".to_owned())
            .is_ok());
        assert!(limits.report_per_user.check_key(&7).is_ok());
        assert_eq!(limits.keys(), 2);
        std::thread::sleep(std::time::Duration::from_millis(20));
        limits.forget_idle();
        assert_eq!(limits.keys(), 1, "the idle report key is gone");
        assert_eq!(
            limits.sign_in_per_client.len(),
            1,
            "the recent sign-in is kept"
        );
    }
}
