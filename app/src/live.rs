//! Live updates: what happened ([`LiveEvent`]) and, on the server, the [`Hub`] that carries it
//! to every reader's open `/live` stream.
//!
//! With SQLite the hub is a broadcast channel inside the process. With PostgreSQL every
//! instance LISTENs on the channel [`CHANNEL`] and publishing is a `pg_notify`, so a result
//! confirmed on one instance reaches the readers of all of them — the publishing instance's
//! own readers included, through its own LISTEN, so nothing is delivered twice.
use serde::{Deserialize, Serialize};

/// What changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveKind {
    /// A result was confirmed (or corrected): scores, tables and brackets change.
    Result,
    /// A game was scheduled, moved, postponed or cancelled.
    Schedule,
    /// The scorer's sheet of a game being played changed: its live score.
    Score,
}

impl LiveKind {
    /// The SSE event name (`event: result`).
    pub fn as_str(self) -> &'static str {
        match self {
            LiveKind::Result => "result",
            LiveKind::Schedule => "schedule",
            LiveKind::Score => "score",
        }
    }
}

/// One change, as the `/live` stream sends it (the `data:` line is this as JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveEvent {
    pub kind: LiveKind,
    pub game_id: i32,
    pub competition_id: i32,
    /// The game's two teams, where known (their pages show its live score).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<i32>,
    /// A [`LiveKind::Score`] event's new live score: a page that shows the game writes it
    /// in place (`public/live.js`) instead of fetching itself again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<crate::model::LiveScore>,
}

impl LiveEvent {
    /// `kind` of change to `game`.
    #[cfg(feature = "ssr")]
    pub fn of(kind: LiveKind, game: &crate::db::entities::game::Model) -> LiveEvent {
        LiveEvent {
            kind,
            game_id: game.id,
            competition_id: game.competition_id,
            teams: [game.home_team_id, game.away_team_id]
                .into_iter()
                .flatten()
                .collect(),
            score: None,
        }
    }

    /// The public pages this change alters, when it alters only some (paths without
    /// query strings); `None` when any page may show it. A new live score shows where a game
    /// in progress is listed — today, the fixtures, the game, its teams, the standings (a
    /// cup's brackets list its games) and the API's games and standings — and not on the
    /// team list, honours or notices: so a scorer's every tap re-renders a handful of pages
    /// instead of emptying the page cache on every instance.
    pub fn pages(&self) -> Option<Vec<String>> {
        if self.kind != LiveKind::Score {
            return None;
        }
        let game = self.game_id;
        let mut pages = vec![
            "/".to_owned(),
            "/fixtures".to_owned(),
            format!("/games/{game}"),
            "/standings".to_owned(),
            "/api/v1/games".to_owned(),
            format!("/api/v1/games/{game}"),
            format!("/api/v1/competitions/{}/standings", self.competition_id),
        ];
        for team in &self.teams {
            pages.push(format!("/teams/{team}"));
            pages.push(format!("/api/v1/teams/{team}"));
        }
        Some(pages)
    }
}

/// The PostgreSQL NOTIFY channel every instance listens on.
pub const CHANNEL: &str = "cunba_live";

#[cfg(feature = "ssr")]
pub use hub::Hub;

#[cfg(feature = "ssr")]
mod hub {
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex, Weak};
    use std::time::Duration;

    use sea_orm::sqlx::postgres::{PgListener, PgPool};
    use sea_orm::{DatabaseBackend, DatabaseConnection};
    use tokio::sync::{broadcast, watch};

    use super::{LiveEvent, CHANNEL};

    /// How many events a slow reader may fall behind before it skips ahead.
    const BUFFER: usize = 256;

    /// Publishes [`LiveEvent`]s and hands out subscriptions. Cheap to clone.
    #[derive(Clone)]
    pub struct Hub {
        sender: Arc<broadcast::Sender<LiveEvent>>,
        postgres: Option<PgPool>,
        closed: Arc<watch::Sender<bool>>,
        /// Counts the events this instance has received (and lost LISTEN connections, which
        /// may have missed some): a cache of pages is good only while it stays the same.
        changes: Arc<Changes>,
    }

    /// The events a hub has received: those that may change any page, and per page those
    /// that change only some ([`LiveEvent::pages`]).
    #[derive(Default)]
    struct Changes {
        everything: AtomicU64,
        pages: Mutex<HashMap<String, u64>>,
    }

    /// Pages counted apart at most; past it the counts start again and everything counts as
    /// changed (forgetting a page's count could make an old render look current).
    const MAX_PAGES: usize = 4_096;

    impl Changes {
        fn everything(&self) {
            self.everything.fetch_add(1, Ordering::SeqCst);
        }

        fn count(&self, event: &LiveEvent) {
            let Some(changed) = event.pages() else {
                return self.everything();
            };
            let mut pages = self.pages.lock().expect("live changes lock");
            if pages.len() + changed.len() > MAX_PAGES {
                pages.clear();
                self.everything();
            }
            for page in changed {
                *pages.entry(page).or_default() += 1;
            }
        }
    }

    impl std::fmt::Debug for Hub {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Hub")
                .field("postgres", &self.postgres.is_some())
                .field("subscribers", &self.sender.receiver_count())
                .finish()
        }
    }

    impl Hub {
        /// A hub for this process only (SQLite, tests).
        pub fn in_process() -> Hub {
            let (sender, _) = broadcast::channel(BUFFER);
            Hub {
                sender: Arc::new(sender),
                postgres: None,
                closed: Arc::new(watch::Sender::new(false)),
                changes: Arc::new(Changes::default()),
            }
        }

        /// The hub that suits the database: on PostgreSQL, LISTEN/NOTIFY across instances
        /// (the LISTEN is in place when this returns); otherwise in-process.
        pub async fn for_database(db: &DatabaseConnection) -> anyhow::Result<Hub> {
            if db.get_database_backend() != DatabaseBackend::Postgres {
                return Ok(Hub::in_process());
            }
            let pool = db.get_postgres_connection_pool().clone();
            let listener = listen(&pool).await?;
            let hub = Hub {
                postgres: Some(pool.clone()),
                ..Hub::in_process()
            };
            tokio::spawn(forward(
                listener,
                pool,
                Arc::downgrade(&hub.sender),
                hub.changes.clone(),
            ));
            Ok(hub)
        }

        /// Tells every reader (on every instance) about `event`. Call it after the change is
        /// committed. Never fails the caller: a failure is logged and the readers see the
        /// change on their next load.
        pub async fn publish(&self, event: LiveEvent) {
            match &self.postgres {
                Some(pool) => {
                    let json = match serde_json::to_string(&event) {
                        Ok(json) => json,
                        Err(error) => {
                            tracing::error!(%error, ?event, "live event not serialisable");
                            return;
                        }
                    };
                    let sent = sea_orm::sqlx::query("SELECT pg_notify($1, $2)")
                        .bind(CHANNEL)
                        .bind(json)
                        .execute(pool)
                        .await;
                    if let Err(error) = sent {
                        tracing::error!(%error, ?event, "pg_notify failed: live update lost");
                    }
                }
                // No subscriber is not an error: nobody has a page open.
                None => {
                    self.changes.count(&event);
                    let _ = self.sender.send(event);
                }
            }
        }

        /// The events this instance has seen so far: those that may change any page (on
        /// PostgreSQL: notifications, and reconnections that may have lost some), and those
        /// that changed only some pages, `path` among them. Both only grow while the first
        /// stays the same. They are read together: the per-page counts start again only with
        /// a change of everything counted in the same step (under the same lock), so no
        /// reader sees the counts cleared without it.
        pub fn changes_with(&self, path: &str) -> (u64, u64) {
            let pages = self.changes.pages.lock().expect("live changes lock");
            (
                self.changes.everything.load(Ordering::SeqCst),
                pages.get(path).copied().unwrap_or(0),
            )
        }

        /// Counts a write of this instance that may have changed any page (called once the
        /// write is committed and answered): what is cached from before it is no longer current.
        pub fn count_write(&self) {
            self.changes.everything();
        }

        /// The changes of everything counted so far: this instance's writes
        /// ([`Hub::count_write`]) and the events that may change any page. It only grows;
        /// something cached while it read `n` is current while it still reads `n`.
        pub fn changes(&self) -> u64 {
            self.changes.everything.load(Ordering::SeqCst)
        }

        /// A receiver of every event published from now on.
        pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
            self.sender.subscribe()
        }

        /// Marks the hub closed: the server is stopping, and open streams should end so that
        /// a graceful shutdown does not wait for readers to close their pages.
        pub fn close(&self) {
            self.closed.send_replace(true);
        }

        /// Resolves once [`Hub::close`] has been called (at once if it already was).
        pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
            let mut closed = self.closed.subscribe();
            async move {
                let _ = closed.wait_for(|closed| *closed).await;
            }
        }
    }

    async fn listen(pool: &PgPool) -> Result<PgListener, sea_orm::sqlx::Error> {
        let mut listener = PgListener::connect_with(pool).await?;
        listener.listen(CHANNEL).await?;
        Ok(listener)
    }

    /// Forwards notifications into the broadcast channel until the pool closes or every
    /// hub is gone. `PgListener` reconnects by itself after a lost connection; when even
    /// that fails, wait and build a new listener.
    async fn forward(
        mut listener: PgListener,
        pool: PgPool,
        sender: Weak<broadcast::Sender<LiveEvent>>,
        changes: Arc<Changes>,
    ) {
        loop {
            match listener.recv().await {
                Ok(notification) => {
                    let Some(sender) = sender.upgrade() else {
                        return;
                    };
                    match serde_json::from_str::<LiveEvent>(notification.payload()) {
                        Ok(event) => {
                            changes.count(&event);
                            let _ = sender.send(event);
                        }
                        Err(error) => tracing::warn!(
                            %error,
                            payload = notification.payload(),
                            "ignoring a malformed live notification"
                        ),
                    }
                }
                Err(error) => {
                    if pool.is_closed() || sender.strong_count() == 0 {
                        return;
                    }
                    tracing::warn!(%error, "live updates: LISTEN connection lost, reconnecting");
                    // Whatever was notified meanwhile is lost: count it as a change.
                    changes.everything();
                    listener = loop {
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        if pool.is_closed() || sender.strong_count() == 0 {
                            return;
                        }
                        match listen(&pool).await {
                            Ok(listener) => {
                                changes.everything();
                                break listener;
                            }
                            Err(error) => {
                                tracing::warn!(%error, "live updates: cannot LISTEN yet")
                            }
                        }
                    };
                }
            }
        }
    }
}
