//! The `cunba` binary as an operator meets it.
use std::process::Command;

use crate::helpers::{Backend, TestDatabase};

fn cunba() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cunba"))
}

const ANNEX_D_EXAMPLE_1: &str = r#"{"teams": ["A", "B", "C", "D"], "games": [
  {"home": "A", "away": "B", "home_score": 100, "away_score": 55},
  {"home": "A", "away": "C", "home_score": 90, "away_score": 85},
  {"home": "A", "away": "D", "home_score": 75, "away_score": 80},
  {"home": "B", "away": "C", "home_score": 100, "away_score": 95},
  {"home": "B", "away": "D", "home_score": 80, "away_score": 75},
  {"home": "C", "away": "D", "home_score": 60, "away_score": 55}]}"#;

#[test]
fn standings_from_a_file_follow_annex_d() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("example1.json");
    std::fs::write(&input, ANNEX_D_EXAMPLE_1).unwrap();
    let output = cunba()
        .args(["standings", "--input"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let order: Vec<&str> = json["standings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["team"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["A", "B", "C", "D"]);
    assert_eq!(json["complete"], true);

    let table = cunba()
        .args(["standings", "--format", "table", "--input"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(table.status.success());
    assert!(String::from_utf8_lossy(&table.stdout).contains('A'));
}

#[test]
fn standings_reject_a_draw_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("draw.json");
    std::fs::write(
        &input,
        r#"{"teams": ["A", "B"], "games": [{"home": "A", "away": "B", "home_score": 70, "away_score": 70}]}"#,
    )
    .unwrap();
    let output = cunba()
        .args(["standings", "--input"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("game 1 (A vs B)") && stderr.contains("draw"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn a_bad_database_url_is_explained() {
    let output = cunba()
        .args(["migrate", "--database-url", "mysql://x@y/z"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid database URL"), "{stderr}");
}

#[test]
fn an_unreachable_database_is_explained() {
    let output = cunba()
        .args([
            "migrate",
            "--database-url",
            "postgres://nobody@127.0.0.1:1/none",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot connect to the database"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_port_in_use_is_explained() {
    let database = TestDatabase::new(Backend::Sqlite).await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = cunba()
        .args([
            "serve",
            "--no-demo",
            "--addr",
            &addr,
            "--database-url",
            &database.url,
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("already in use"), "{stderr}");
}

#[tokio::test]
async fn migrate_seed_and_standings_of_a_stored_competition() {
    let database = TestDatabase::new(Backend::Sqlite).await;
    let run = |args: &[&str]| {
        let output = cunba()
            .args(args)
            .args(["--database-url", &database.url])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(run(&["migrate"]).contains("SQLite"));
    assert!(run(&["seed-demo"]).contains("demo league loaded"));
    let league: serde_json::Value =
        serde_json::from_str(&run(&["standings", "--competition", "1"])).unwrap();
    assert_eq!(league["standings"].as_array().unwrap().len(), 12);
    assert_eq!(league["complete"], false);
    let cup: serde_json::Value =
        serde_json::from_str(&run(&["standings", "--competition", "2"])).unwrap();
    assert_eq!(cup.as_array().unwrap().len(), 2, "one table per pool");
    // Seeding twice would duplicate the league: refused.
    let again = cunba()
        .args(["seed-demo", "--database-url", &database.url])
        .output()
        .unwrap();
    assert!(!again.status.success());
}

fn robinx() -> std::path::PathBuf {
    std::env::var_os("ROBINX_DIR")
        .map(Into::into)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/robinx")
        })
}

#[test]
fn schedule_validate_reproduces_a_best_known_objective() {
    let dir = robinx().join("itc2021");
    let csv = std::fs::read_to_string(dir.join("best-known.csv")).expect("the benchmark data");
    let expected = csv
        .lines()
        .find(|l| l.starts_with("Early_01,"))
        .and_then(|l| l.split(',').nth(6))
        .unwrap()
        .to_owned();
    let solution = std::fs::read_dir(dir.join("best-known-solutions"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.ends_with("ITC2021_Early_01.xml"))
        .expect("the Early_1 solution");
    let output = cunba()
        .args(["schedule", "validate"])
        .arg(dir.join("instances/ITC2021_Early_1.xml"))
        .arg(&solution)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("infeasibility=0 objective={expected}")
    );
}

#[test]
fn schedule_robinx_writes_a_solution_the_validator_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("solution.xml");
    let instance = robinx().join("itc2021/instances/ITC2021_Test2.xml");
    let output = cunba()
        .args([
            "schedule",
            "robinx",
            "--seconds",
            "1",
            "--seed",
            "3",
            "--out",
        ])
        .arg(&out)
        .arg(&instance)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let check = cunba()
        .args(["schedule", "validate"])
        .arg(&instance)
        .arg(&out)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&check.stdout);
    assert!(printed.starts_with("infeasibility="), "{printed}");
    assert_eq!(
        printed.trim(),
        String::from_utf8_lossy(&output.stdout).trim()
    );
}

#[test]
fn schedule_rejects_malformed_xml_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, "<Instance><Structure>").unwrap();
    let output = cunba()
        .args(["schedule", "validate"])
        .arg(&bad)
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error:") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[tokio::test]
async fn backup_then_restore_gives_back_the_same_data() {
    use app::db::entities::game;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let database = TestDatabase::new(Backend::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.db");
    let run = |args: &[&str]| {
        cunba()
            .args(args)
            .args(["--database-url", &database.url])
            .output()
            .unwrap()
    };
    assert!(run(&["seed-demo"]).status.success());
    let db = database.connect().await;
    let games_before = game::Entity::find().all(&db).await.unwrap();

    let taken = run(&["backup", backup.to_str().unwrap()]);
    assert!(
        taken.status.success(),
        "{}",
        String::from_utf8_lossy(&taken.stderr)
    );
    // Lose data after the backup…
    game::Entity::delete_many().exec(&db).await.unwrap();
    assert_eq!(game::Entity::find().count(&db).await.unwrap(), 0);
    db.close().await.unwrap();
    // …and get it back.
    let restored = run(&["restore", backup.to_str().unwrap()]);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let db = database.connect().await;
    assert_eq!(game::Entity::find().all(&db).await.unwrap(), games_before);

    // A backup never overwrites, and a file that is not a database is refused.
    assert!(!run(&["backup", backup.to_str().unwrap()]).status.success());
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let refused = run(&["restore", junk.to_str().unwrap()]);
    assert!(!refused.status.success());
}

#[tokio::test]
async fn the_first_administrator_is_created_from_the_command_line() {
    use std::io::Write;
    let database = TestDatabase::new(Backend::Sqlite).await;
    let create = |password: &str, username: &str| {
        let mut child = cunba()
            .args([
                "--database-url",
                &database.url,
                "admin",
                "create",
                "--username",
                username,
                "--name",
                "管理员",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let short = create("short", "admin");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("至少8个字符"));
    let made = create("a long admin password", "admin");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let twice = create("a long admin password", "admin");
    assert!(String::from_utf8_lossy(&twice.stderr).contains("已被使用"));

    let db = database.connect().await;
    let (viewer, _) =
        app::db::accounts::sign_in(&db, "admin", "a long admin password", chrono::Utc::now())
            .await
            .expect("the administrator signs in");
    assert_eq!(viewer.role, app::model::Role::Admin);
    let stored: String = {
        use sea_orm::EntityTrait;
        app::db::entities::app_user::Entity::find()
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .password_hash
    };
    assert!(
        stored.starts_with("$argon2id$"),
        "argon2id, not the password: {stored}"
    );

    let revoked = cunba()
        .args([
            "--database-url",
            &database.url,
            "admin",
            "revoke-sessions",
            "--username",
            "admin",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&revoked.stdout).contains("1 session(s)"));
    // A captain has no user name: their mobile number, as they type it, finds them.
    {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
        let db = database.connect().await;
        let admin = app::db::entities::app_user::Entity::find()
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let mut captain: app::db::entities::app_user::ActiveModel = admin.into();
        captain.id = sea_orm::ActiveValue::NotSet;
        captain.username = Set(None);
        captain.phone = Set(Some("13800138000".into()));
        let captain = captain.insert(&db).await.unwrap();
        app::db::accounts::start_session(&db, captain.id, chrono::Utc::now())
            .await
            .unwrap();
    }
    let by_phone = cunba()
        .args([
            "--database-url",
            &database.url,
            "admin",
            "revoke-sessions",
            "--login",
            "138 0013 8000",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&by_phone.stdout).contains("1 session(s)"),
        "{}",
        String::from_utf8_lossy(&by_phone.stderr)
    );
}
