//! The camp's `keep_data_until`, kept by the server itself: on that date (Beijing time) a
//! camp that still holds personal data is anonymised as `cunba camp anonymise` does it, and
//! on SQLite the file is then rebuilt (`VACUUM`) and the write-ahead log emptied, so the
//! removed names, numbers and medical notes are gone from the database file, not merely
//! marked free. Backups taken before that date still hold them (see the README).
use app::db::entities::camp;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
};

/// How often the server looks for camps whose date has come.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Anonymises every camp whose `keep_data_until` has come; returns (camp, enrolments).
pub async fn anonymise_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<(i32, u64)>> {
    let today = app::db::camp::today(now);
    let due = camp::Entity::find()
        .filter(camp::Column::AnonymisedAt.is_null())
        .filter(camp::Column::KeepDataUntil.lte(today))
        .all(db)
        .await?;
    let mut done = Vec::new();
    for camp in due {
        let count = app::db::camp::anonymise(db, camp.id, now)
            .await
            .map_err(|error| anyhow::anyhow!("anonymising camp {}: {error}", camp.id))?;
        done.push((camp.id, count));
    }
    if !done.is_empty() && db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("VACUUM").await?;
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await?;
    }
    Ok(done)
}

/// Checks at start-up and then every [`EVERY`].
pub async fn retention_loop(db: DatabaseConnection) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        match anonymise_due(&db, Utc::now()).await {
            Ok(done) => {
                for (camp, count) in done {
                    tracing::info!(camp, count, "camp data kept until its date: anonymised");
                }
            }
            Err(error) => tracing::error!(%error, "anonymising camps past their date failed"),
        }
    }
}
