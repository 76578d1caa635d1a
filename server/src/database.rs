//! Connecting to SQLite or PostgreSQL, and bringing the schema up to date.
use std::time::Duration;

use anyhow::{bail, Context};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection};

/// Which database a URL names, checked before any connection is tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> anyhow::Result<Backend> {
        match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => Ok(Backend::Sqlite),
            Some("postgres" | "postgresql") => Ok(Backend::Postgres),
            _ => bail!(
                "数据库地址无效 / invalid database URL {url:?}: expected sqlite://PATH or postgres://USER@HOST/DB"
            ),
        }
    }
}

/// The file a `sqlite://` URL points at, if it is a file (not `:memory:`).
fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && !path.contains(":memory:")).then_some(path)
}

/// Connections in the pool of an SQLite database: one. SQLite lets one writer in at a time
/// anyway, and a transaction that reads before it writes on one connection while another
/// connection commits fails at once (`SQLITE_BUSY_SNAPSHOT`), which one connection rules
/// out. So nothing may ask the pool while a transaction of the same request is open — it
/// would wait for itself (`app::db` never does).
pub const SQLITE_POOL: u32 = 1;
/// Connections in the pool of a PostgreSQL database, per server instance, unless
/// `CUNBA_DB_POOL` says otherwise (PostgreSQL's own limit is 100 for all instances).
pub const POSTGRES_POOL: u32 = 16;

/// The pool size for `backend`: [`SQLITE_POOL`], or [`POSTGRES_POOL`] / `CUNBA_DB_POOL`.
pub fn pool_size(backend: Backend) -> u32 {
    match backend {
        Backend::Sqlite => SQLITE_POOL,
        Backend::Postgres => std::env::var("CUNBA_DB_POOL")
            .ok()
            .and_then(|size| size.trim().parse().ok())
            .filter(|&size| size > 0)
            .unwrap_or(POSTGRES_POOL),
    }
}

/// Opens the database, creating an SQLite file (and its folder) when it does not exist yet.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let backend = Backend::of(url)?;
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(pool_size(backend))
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if backend == Backend::Sqlite {
        if let Some(path) = sqlite_path(url) {
            if let Some(dir) = std::path::Path::new(path).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create the database folder {dir:?}"))?;
                }
            }
        }
        options.map_sqlx_sqlite_opts(|opts| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // With WAL, NORMAL loses no committed transaction on a process crash.
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    }
    Database::connect(options).await.with_context(|| {
        format!(
            "无法连接数据库 / cannot connect to the database at {}",
            redact(url)
        )
    })
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Applies every pending migration. Returns whether the database was empty before.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let was_new = Migrator::get_applied_migrations(db)
        .await
        .map(|applied| applied.is_empty())
        .unwrap_or(true);
    Migrator::up(db, None)
        .await
        .context("迁移失败 / the database migration failed")?;
    Ok(was_new)
}

/// Opens every connection of a PostgreSQL pool before the server takes requests, so that
/// the first readers after a start do not wait for connections to be opened (a PostgreSQL
/// backend process forked and its catalogue read, each) while 1,000 others arrive: on
/// `make load`, the first 10 seconds of two fresh servers had a p99 of 1.7 s against
/// 59–145 ms after (issue 22). SQLite has one connection, already open.
pub async fn open_every_connection(db: &DatabaseConnection) -> anyhow::Result<()> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let pool = db.get_postgres_connection_pool();
    // Those in use (the live hub's LISTEN holds one for good) stay open anyway.
    let in_use = pool.size().saturating_sub(pool.num_idle() as u32);
    let free = pool.options().get_max_connections().saturating_sub(in_use);
    let opened = futures_util::future::try_join_all((0..free).map(|_| async {
        let mut connection = pool.acquire().await?;
        sea_orm::sqlx::query("SELECT 1")
            .execute(&mut *connection)
            .await?;
        Ok::<_, sea_orm::sqlx::Error>(connection)
    }))
    .await
    .context("无法连接数据库 / cannot open the database connections")?;
    drop(opened);
    Ok(())
}

/// A check that the database answers, for start-up messages and health checks.
pub async fn ping(db: &DatabaseConnection) -> anyhow::Result<()> {
    let statement = sea_orm::Statement::from_string(db.get_database_backend(), "SELECT 1");
    db.execute_raw(statement)
        .await
        .context("the database did not answer")?;
    Ok(())
}

/// A consistent copy of an SQLite database, taken while it may be serving: `VACUUM INTO`
/// reads one snapshot and writes a compact, self-contained file (no WAL beside it).
pub async fn backup(url: &str, file: &std::path::Path) -> anyhow::Result<()> {
    if Backend::of(url)? != Backend::Sqlite {
        bail!("backup copies the embedded SQLite database; for PostgreSQL use pg_dump (see the README)");
    }
    if file.exists() {
        bail!("{} already exists: choose a new file name", file.display());
    }
    let db = connect(url).await?;
    let target = file.to_string_lossy().replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{target}'"))
        .await
        .with_context(|| format!("cannot write the backup to {}", file.display()))?;
    Ok(())
}

/// Puts a backup in place of the SQLite database, after checking that it is a sound Cunba
/// database. The server must be stopped: a running one keeps the old file open.
pub async fn restore(url: &str, file: &std::path::Path) -> anyhow::Result<()> {
    if Backend::of(url)? != Backend::Sqlite {
        bail!("restore replaces the embedded SQLite database; for PostgreSQL use pg_restore / psql (see the README)");
    }
    let path = sqlite_path(url).context("restore needs a database file, not an in-memory one")?;
    let backup_url = format!("sqlite://{}?mode=ro", file.display());
    let check = Database::connect(backup_url.as_str())
        .await
        .with_context(|| format!("cannot open the backup {}", file.display()))?;
    let verdict = check
        .query_one_raw(sea_orm::Statement::from_string(
            DatabaseBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await?
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    if verdict.as_deref() != Some("ok") {
        bail!("{} failed its integrity check: {verdict:?}", file.display());
    }
    if Migrator::get_applied_migrations(&check)
        .await
        .map(|m| m.is_empty())
        .unwrap_or(true)
    {
        bail!("{} is not a Cunba database", file.display());
    }
    check.close().await?;
    // Copy beside the database, then rename over it: a crash leaves the old one whole.
    let staging = format!("{path}.restoring");
    std::fs::copy(file, &staging).with_context(|| format!("cannot copy to {staging}"))?;
    for stale in [format!("{path}-wal"), format!("{path}-shm")] {
        let _ = std::fs::remove_file(stale);
    }
    std::fs::rename(&staging, path).with_context(|| format!("cannot replace {path}"))?;
    Ok(())
}

pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => "SQLite",
        DatabaseBackend::Postgres => "PostgreSQL",
        _ => "unknown",
    }
}

/// The association of a new, real (not demo) installation: organisers set up its villager
/// groups, teams and courts at `/setup`.
pub async fn create_association(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    use app::db::entities::association;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    association::ActiveModel {
        name: Set("大朗镇篮球协会 · 巷头社区".into()),
        timezone: Set("Asia/Shanghai".into()),
        locale: Set("zh-CN".into()),
        is_demo: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_backend_or_refuses() {
        assert_eq!(Backend::of("sqlite://data/x.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of("postgres://u@h/db").unwrap(), Backend::Postgres);
        let error = Backend::of("mysql://u@h/db").unwrap_err().to_string();
        assert!(error.contains("invalid database URL"), "{error}");
    }

    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(
            sqlite_path("sqlite://data/cunba.db?mode=rwc"),
            Some("data/cunba.db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }

    #[test]
    fn hides_passwords() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
