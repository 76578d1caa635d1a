//! Crash test: the real `cunba` binary is killed with SIGKILL in the middle of a burst of
//! score reports, then started again on the same database. Every report it acknowledged
//! must be there, and the database must pass its integrity check (SQLite: `PRAGMA
//! integrity_check`; PostgreSQL: the restarted server answers and every row reads back).
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::db::entities::*;
use app::model::{CompetitionKind, GameStatus};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement};
use server::demo::DEMO_ORGANISER;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{Backend, TestDatabase};
use crate::on_every_backend;

/// Concurrent clients, each correcting a game of its own.
const CLIENTS: usize = 6;
/// Acknowledged reports before the kill.
const KILL_AFTER: usize = 40;

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(database_url: &str, log: &std::path::Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("a server log file");
        let child = Command::new(env!("CARGO_BIN_EXE_cunba"))
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .args(["--database-url", database_url])
            // One organiser stands in for many captains here.
            .args(["--report-limit", "100000"])
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env_remove("DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start the cunba binary");
        Server { child, port }
    }

    async fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server exited at start-up: {status}");
            }
            if let Ok((200, _, _)) = http(self.port, "GET", "/healthz", None, None).await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("the server did not answer /healthz within two minutes");
    }

    /// SIGKILL: no graceful shutdown, no flush, no checkpoint.
    fn kill(&mut self) {
        self.child.kill().expect("kill -9 the server");
        self.child.wait().expect("reap the server");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request on a connection of its own: (status, headers, body).
async fn http(
    port: u16,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: Option<&str>,
) -> std::io::Result<(u16, String, String)> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let host = format!("127.0.0.1:{port}");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nAccept: application/json\r\nConnection: close\r\n"
    );
    if let Some(cookie) = cookie {
        request.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    let body = form.unwrap_or("");
    if form.is_some() {
        request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {head}")))?;
    Ok((status, head.to_owned(), body.to_owned()))
}

async fn sign_in(port: u16) -> String {
    let (login, password) = DEMO_ORGANISER;
    let (status, head, body) = http(
        port,
        "POST",
        "/actions/signin",
        None,
        Some(&format!("login={login}&secret={password}")),
    )
    .await
    .expect("sign in");
    assert_eq!(status, 200, "organiser sign-in: {body}");
    head.lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie")
                .then(|| value.trim().split(';').next().unwrap_or("").to_owned())
        })
        .expect("a session cookie")
}

/// Started league games with both teams known, one per client.
async fn games(db: &sea_orm::DatabaseConnection) -> Vec<(i32, i32)> {
    let league = competition::Entity::find()
        .filter(competition::Column::Kind.eq(CompetitionKind::League))
        .one(db)
        .await
        .unwrap()
        .expect("the demo league");
    game::Entity::find()
        .filter(game::Column::CompetitionId.eq(league.id))
        .filter(game::Column::StartsAt.lt(Utc::now()))
        .filter(game::Column::HomeTeamId.is_not_null())
        .filter(game::Column::AwayTeamId.is_not_null())
        .filter(game::Column::Status.is_not_in([GameStatus::Cancelled, GameStatus::Postponed]))
        .order_by_asc(game::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .take(CLIENTS)
        .map(|game| (game.id, game.version))
        .collect()
}

async fn killed_mid_burst(backend: Backend) {
    let database = TestDatabase::new(backend).await;
    let log_dir = tempfile::tempdir().unwrap();
    let log = log_dir.path().join("server.log");
    let mut server = Server::start(&database.url, &log);
    server.wait_ready().await;
    let db = database.connect().await;
    let games = games(&db).await;
    assert_eq!(
        games.len(),
        CLIENTS,
        "enough started league games in the demo"
    );
    let cookie = sign_in(server.port).await;

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for (n, (game_id, version)) in games.into_iter().enumerate() {
        let (acknowledged, count, stop, sent, cookie) = (
            acknowledged.clone(),
            count.clone(),
            stop.clone(),
            sent.clone(),
            cookie.clone(),
        );
        let port = server.port;
        let db = db.clone();
        clients.push(tokio::spawn(async move {
            let mut version = version;
            let mut i = 0u32;
            while !stop.load(Ordering::SeqCst) {
                let key = format!("crash-{n}-{i}");
                let home = 50 + (i % 40);
                let form = format!(
                    "version={version}&key={key}&home={home}&away={}&outcome=played",
                    home + 3
                );
                i += 1;
                sent.fetch_add(1, Ordering::SeqCst);
                let path = format!("/actions/games/{game_id}/report");
                match http(port, "POST", &path, Some(&cookie), Some(&form)).await {
                    Ok((200, _, _)) => {
                        acknowledged.lock().unwrap().push(key);
                        count.fetch_add(1, Ordering::SeqCst);
                        version += 1;
                    }
                    Ok((409, _, _)) => {
                        version = game::Entity::find_by_id(game_id)
                            .one(&db)
                            .await
                            .ok()
                            .flatten()
                            .map_or(version, |game| game.version);
                    }
                    Ok((status, _, body)) => panic!("report answered {status}: {body}"),
                    // The server is gone: the kill.
                    Err(_) => break,
                }
            }
        }));
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    while count.load(Ordering::SeqCst) < KILL_AFTER {
        assert!(
            Instant::now() < deadline,
            "only {} reports acknowledged in two minutes",
            count.load(Ordering::SeqCst)
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    let at_kill = count.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    for client in clients {
        client.await.expect("a client");
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    drop(db);

    // Start again on the same database: it must open, recover and serve.
    let mut again = Server::start(&database.url, &log);
    again.wait_ready().await;
    let db = database.connect().await;
    let stored: Vec<String> = score_report::Entity::find()
        .filter(score_report::Column::IdempotencyKey.starts_with("crash-"))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|report| report.idempotency_key)
        .collect();
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|key| !stored.contains(key))
        .collect();
    let integrity = match backend {
        Backend::Sqlite => {
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    "PRAGMA integrity_check",
                ))
                .await
                .unwrap()
                .expect("an integrity_check row");
            row.try_get_by_index::<String>(0).unwrap()
        }
        Backend::Postgres => {
            // Every row of the tables the burst wrote reads back.
            let count = |table: &str| {
                let db = db.clone();
                let sql = format!("SELECT COUNT(*) FROM {table}");
                async move {
                    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
                        .await
                        .unwrap()
                        .unwrap()
                        .try_get_by_index::<i64>(0)
                        .unwrap()
                }
            };
            let reports = count("score_report").await;
            let audits = count("audit_log").await;
            assert!(reports as usize >= stored.len() && audits > 0);
            "ok".to_owned()
        }
    };
    let page = http(again.port, "GET", "/api/v1/games", None, None)
        .await
        .expect("the restarted server answers");
    eprintln!(
        "crash test ({backend:?}): {} sent, {} acknowledged ({at_kill} when killed), {} stored, {} missing, integrity: {integrity}",
        sent.load(Ordering::SeqCst),
        acknowledged.len(),
        stored.len(),
        missing.len()
    );
    assert!(acknowledged.len() >= KILL_AFTER);
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    assert_eq!(integrity, "ok");
    assert_eq!(page.0, 200, "{}", page.2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_report_survives_kill_9() {
    on_every_backend!(killed_mid_burst);
}
