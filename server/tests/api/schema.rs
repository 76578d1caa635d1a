//! `cunba migrate` gives the same schema on SQLite and PostgreSQL, and the entities match it.
use std::collections::BTreeMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityName, IdenStatic,
    Iterable, Statement,
};

use crate::helpers::{backends, Backend, TestDatabase};

/// (table, column) → (type family, nullable)
type Schema = BTreeMap<(String, String), (&'static str, bool)>;

/// Folds each database's spelling of a type into one family.
fn family(sql_type: &str) -> &'static str {
    let t = sql_type.to_ascii_lowercase();
    if t.contains("timestamp") {
        "timestamp"
    } else if t.contains("int") {
        "integer"
    } else if t.starts_with("date") {
        // SQLite spells it date_text.
        "date"
    } else if t.starts_with("time") {
        "time"
    } else if t.contains("char") || t.contains("text") || t.contains("string") {
        "text"
    } else if t.contains("bool") {
        "boolean"
    } else {
        "other"
    }
}

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        sql.to_owned(),
    ))
    .await
    .expect("an introspection query")
}

async fn introspect(db: &DatabaseConnection) -> Schema {
    let mut schema = Schema::new();
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            let tables = rows(
                db,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .await;
            for table in tables {
                let table: String = table.try_get("", "name").expect("a table name");
                for column in rows(db, &format!("PRAGMA table_info(\"{table}\")")).await {
                    let name: String = column.try_get("", "name").expect("a column name");
                    let sql_type: String = column.try_get("", "type").expect("a type");
                    let not_null: i32 = column.try_get("", "notnull").expect("notnull");
                    let primary_key: i32 = column.try_get("", "pk").expect("pk");
                    schema.insert(
                        (table.clone(), name),
                        (family(&sql_type), not_null == 0 && primary_key == 0),
                    );
                }
            }
        }
        DatabaseBackend::Postgres => {
            let columns = rows(
                db,
                "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                 data_type::text AS data_type, is_nullable::text AS is_nullable \
                 FROM information_schema.columns WHERE table_schema = 'public'",
            )
            .await;
            for column in columns {
                let table: String = column.try_get("", "table_name").expect("table");
                let name: String = column.try_get("", "column_name").expect("column");
                let sql_type: String = column.try_get("", "data_type").expect("type");
                let nullable: String = column.try_get("", "is_nullable").expect("nullable");
                schema.insert((table, name), (family(&sql_type), nullable == "YES"));
            }
        }
        other => panic!("unexpected backend {other:?}"),
    }
    schema
}

async fn migrated(backend: Backend) -> (TestDatabase, Schema) {
    let database = TestDatabase::new(backend).await;
    let db = database.connect().await;
    server::database::migrate(&db)
        .await
        .expect("migrations run");
    let schema = introspect(&db).await;
    (database, schema)
}

#[tokio::test]
async fn migrations_give_the_same_schema_on_sqlite_and_postgresql() {
    let (_sqlite, sqlite) = migrated(Backend::Sqlite).await;
    assert!(
        sqlite.contains_key(&("game".into(), "version".into())),
        "{sqlite:?}"
    );
    if backends().contains(&Backend::Postgres) {
        let (_pg, postgres) = migrated(Backend::Postgres).await;
        let only = |a: &Schema, b: &Schema| -> Vec<String> {
            a.iter()
                .filter(|(key, value)| b.get(*key) != Some(value))
                .map(|((t, c), v)| format!("{t}.{c} {v:?}"))
                .collect()
        };
        assert_eq!(
            only(&sqlite, &postgres),
            Vec::<String>::new(),
            "SQLite differs from PostgreSQL"
        );
        assert_eq!(
            only(&postgres, &sqlite),
            Vec::<String>::new(),
            "PostgreSQL differs from SQLite"
        );
    } else {
        eprintln!("TEST_DATABASE_URL not set: compared SQLite with the entities only");
    }
}

/// Every entity column exists in the migrated table with the same nullability.
fn check_entity<E>(schema: &Schema, problems: &mut Vec<String>)
where
    E: sea_orm::EntityTrait + EntityName + Default,
    E::Column: Iterable,
{
    let table = E::default().table_name().to_owned();
    for column in E::Column::iter() {
        let key = (table.clone(), column.as_str().to_owned());
        match schema.get(&key) {
            None => problems.push(format!("{}.{} is not in the schema", key.0, key.1)),
            Some((_, nullable)) if *nullable != column.def().is_null() => {
                problems.push(format!("{}.{}: nullability differs", key.0, key.1))
            }
            Some(_) => {}
        }
    }
}

#[tokio::test]
async fn entities_match_the_migrated_schema() {
    use app::db::entities::*;
    let (_db, schema) = migrated(Backend::Sqlite).await;
    let mut problems = Vec::new();
    check_entity::<association::Entity>(&schema, &mut problems);
    check_entity::<villager_group::Entity>(&schema, &mut problems);
    check_entity::<court::Entity>(&schema, &mut problems);
    check_entity::<court_availability::Entity>(&schema, &mut problems);
    check_entity::<blackout::Entity>(&schema, &mut problems);
    check_entity::<team::Entity>(&schema, &mut problems);
    check_entity::<team_blackout::Entity>(&schema, &mut problems);
    check_entity::<player::Entity>(&schema, &mut problems);
    check_entity::<competition::Entity>(&schema, &mut problems);
    check_entity::<stage::Entity>(&schema, &mut problems);
    check_entity::<pool::Entity>(&schema, &mut problems);
    check_entity::<stage_entry::Entity>(&schema, &mut problems);
    check_entity::<game::Entity>(&schema, &mut problems);
    check_entity::<audit_log::Entity>(&schema, &mut problems);
    check_entity::<association_setting::Entity>(&schema, &mut problems);
    check_entity::<notice::Entity>(&schema, &mut problems);
    check_entity::<notice_image::Entity>(&schema, &mut problems);
    check_entity::<resident_request::Entity>(&schema, &mut problems);
    check_entity::<app_user::Entity>(&schema, &mut problems);
    check_entity::<game_referee::Entity>(&schema, &mut problems);
    check_entity::<schedule_run::Entity>(&schema, &mut problems);
    assert_eq!(problems, Vec::<String>::new());
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode() {
    let database = TestDatabase::new(Backend::Sqlite).await;
    let db = database.connect().await;
    let mode = rows(&db, "PRAGMA journal_mode").await;
    let mode: String = mode[0].try_get_by_index(0).expect("a journal mode");
    assert_eq!(mode.to_lowercase(), "wal");
}
