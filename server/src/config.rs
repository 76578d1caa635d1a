//! Settings, from the command line or the environment, with defaults that serve the embedded
//! SQLite database on the loopback interface.
use std::net::SocketAddr;
use std::path::PathBuf;

use leptos::prelude::LeptosOptions;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/cunba.db";
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";
/// Score reports one user may send a minute: a captain sends one or two per game.
pub const DEFAULT_REPORT_LIMIT: u32 = 30;

#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: String,
    pub addr: SocketAddr,
    /// Where `scripts/site.sh` put the site: `pkg/` (CSS, JS, wasm) and the public assets.
    pub site_root: PathBuf,
    /// Load the demo league into a database that has just been created.
    pub demo: bool,
    /// Hours a captain's report waits for the other captain before it stands by itself.
    pub auto_confirm_hours: u32,
    /// Score reports (and answers to them) one user may send a minute, per server instance.
    pub report_limit: u32,
    /// Render the public pages into the page cache before taking requests
    /// ([`crate::http::warm`]).
    pub warm: bool,
}

impl Settings {
    pub fn leptos_options(&self) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name("cunba")
            .site_root(self.site_root.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .site_addr(self.addr)
            .env(leptos::config::Env::PROD)
            .build()
    }
}
