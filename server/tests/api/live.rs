//! Live updates through a real listening server: `GET /live` as a browser's EventSource
//! reads it (plain HTTP/1.1 over TCP), events published through the hub, and — on
//! PostgreSQL — across two instances sharing one database.
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use app::live::{LiveEvent, LiveKind};
use app::state::AppState;
use server::config::Settings;
use server::startup::Application;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{backends, Backend, TestApp, TestDatabase};
use crate::on_every_backend;

/// How long an event may take to arrive.
const DEADLINE: Duration = Duration::from_secs(2);

/// A running `Application` on 127.0.0.1 and its state (for the hub).
struct Running {
    addr: SocketAddr,
    state: AppState,
}

async fn start(database_url: &str) -> Running {
    let settings = Settings {
        database_url: database_url.to_owned(),
        addr: "127.0.0.1:0".parse().expect("an address"),
        site_root: "target/site".into(),
        demo: false,
        auto_confirm_hours: 24,
        report_limit: server::config::DEFAULT_REPORT_LIMIT,
        warm: false,
    };
    let app = Application::build(&settings)
        .await
        .expect("the application starts");
    let running = Running {
        addr: app.local_addr(),
        state: app.state.clone(),
    };
    tokio::spawn(app.run_until_stopped());
    running
}

/// A minimal EventSource: one HTTP/1.1 request, the chunked body decoded, events split on
/// blank lines, comments (keep-alives) skipped.
struct SseClient {
    stream: TcpStream,
    head: String,
    /// Bytes read but not yet decoded from their chunks.
    raw: Vec<u8>,
    /// Decoded body not yet split into events.
    body: String,
    ended: bool,
}

#[derive(Debug, PartialEq)]
struct Received {
    event: String,
    data: String,
}

impl SseClient {
    /// Connects and reads the response head: once it is here the server has subscribed.
    async fn open(addr: SocketAddr, path: &str) -> SseClient {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nAccept-Encoding: gzip, br\r\n\r\n"
        );
        stream
            .write_all(request.as_bytes())
            .await
            .expect("send the request");
        let mut raw = Vec::new();
        let head_end = tokio::time::timeout(DEADLINE, async {
            loop {
                if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                    return end;
                }
                let mut buffer = [0u8; 4096];
                let n = stream.read(&mut buffer).await.expect("read the head");
                assert!(n > 0, "the server closed before answering");
                raw.extend_from_slice(&buffer[..n]);
            }
        })
        .await
        .expect("the response head in time");
        let head = String::from_utf8_lossy(&raw[..head_end]).to_lowercase();
        let raw = raw[head_end + 4..].to_vec();
        SseClient {
            stream,
            head,
            raw,
            body: String::new(),
            ended: false,
        }
    }

    /// Moves every complete chunk from `raw` into `body`.
    fn decode(&mut self) {
        loop {
            let Some(line_end) = self.raw.windows(2).position(|w| w == b"\r\n") else {
                return;
            };
            let size_text = String::from_utf8_lossy(&self.raw[..line_end]).to_string();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
                .unwrap_or_else(|_| panic!("a chunk size, not {size_text:?}"));
            if size == 0 {
                self.ended = true;
                return;
            }
            let start = line_end + 2;
            if self.raw.len() < start + size + 2 {
                return;
            }
            self.body
                .push_str(&String::from_utf8_lossy(&self.raw[start..start + size]));
            self.raw.drain(..start + size + 2);
        }
    }

    /// The next event with data, or `None` when the stream ended. Panics after `DEADLINE`.
    async fn next(&mut self) -> Option<Received> {
        tokio::time::timeout(DEADLINE, self.next_unbounded())
            .await
            .expect("an event within 2 s")
    }

    async fn next_unbounded(&mut self) -> Option<Received> {
        loop {
            self.decode();
            while let Some(end) = self.body.find("\n\n") {
                let block: String = self.body.drain(..end + 2).collect();
                let mut event = String::from("message");
                let mut data = None;
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event:") {
                        event = value.trim().to_owned();
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data = Some(value.trim().to_owned());
                    }
                }
                if let Some(data) = data {
                    return Some(Received { event, data });
                }
            }
            if self.ended {
                return None;
            }
            let mut buffer = [0u8; 4096];
            let n = self
                .stream
                .read(&mut buffer)
                .await
                .expect("read the stream");
            if n == 0 {
                return None;
            }
            self.raw.extend_from_slice(&buffer[..n]);
        }
    }
}

fn result(game_id: i32, competition_id: i32) -> LiveEvent {
    LiveEvent {
        kind: LiveKind::Result,
        game_id,
        competition_id,
        teams: vec![],
        score: None,
    }
}

fn parse(received: &Received) -> LiveEvent {
    serde_json::from_str(&received.data).expect("the data is a LiveEvent")
}

async fn streams_published_events(backend: Backend) {
    let database = TestDatabase::new(backend).await;
    let app = start(&database.url).await;
    let mut client = SseClient::open(app.addr, "/live").await;
    assert!(client.head.starts_with("http/1.1 200"), "{}", client.head);
    assert!(
        client.head.contains("content-type: text/event-stream"),
        "{}",
        client.head
    );
    assert!(
        client.head.contains("cache-control: no-cache"),
        "{}",
        client.head
    );
    assert!(
        client.head.contains("x-accel-buffering: no"),
        "{}",
        client.head
    );
    assert!(
        !client.head.contains("content-encoding"),
        "events are not compressed (a compressor would hold them back): {}",
        client.head
    );

    let event = result(12, 3);
    app.state.live.publish(event.clone()).await;
    let received = client.next().await.expect("the event");
    assert_eq!(received.event, "result");
    assert_eq!(
        received.data,
        r#"{"kind":"result","game_id":12,"competition_id":3}"#
    );
    assert_eq!(parse(&received), event);

    // Each event once: the next one read is the next one published, not a copy.
    let moved = LiveEvent {
        kind: LiveKind::Schedule,
        game_id: 13,
        competition_id: 3,
        teams: vec![],
        score: None,
    };
    app.state.live.publish(moved.clone()).await;
    let received = client.next().await.expect("the second event");
    assert_eq!(received.event, "schedule");
    assert_eq!(parse(&received), moved);
}

#[tokio::test]
async fn live_streams_published_events() {
    on_every_backend!(streams_published_events);
}

async fn filters(backend: Backend) {
    let database = TestDatabase::new(backend).await;
    let app = start(&database.url).await;
    let mut competition = SseClient::open(app.addr, "/live?competition=1").await;
    let mut game = SseClient::open(app.addr, "/live?game=5").await;
    let mut both = SseClient::open(app.addr, "/live?competition=1&game=6").await;
    for event in [result(5, 2), result(6, 2), result(7, 1), result(6, 1)] {
        app.state.live.publish(event).await;
    }
    // Events of other competitions and games never arrive: the first one each stream
    // gets is the first that matches.
    assert_eq!(parse(&competition.next().await.unwrap()), result(7, 1));
    assert_eq!(parse(&competition.next().await.unwrap()), result(6, 1));
    assert_eq!(parse(&game.next().await.unwrap()), result(5, 2));
    assert_eq!(parse(&both.next().await.unwrap()), result(6, 1));
}

#[tokio::test]
async fn live_filters_by_competition_and_game() {
    on_every_backend!(filters);
}

async fn ends_on_close(backend: Backend) {
    let database = TestDatabase::new(backend).await;
    let app = start(&database.url).await;
    let mut client = SseClient::open(app.addr, "/live").await;
    app.state.live.close();
    assert_eq!(client.next().await, None, "the stream ends for a shutdown");
}

#[tokio::test]
async fn live_streams_end_when_the_server_stops() {
    on_every_backend!(ends_on_close);
}

/// Two instances on one PostgreSQL database: published on A, read on B.
#[tokio::test]
async fn live_reaches_readers_of_another_instance() {
    if !backends().contains(&Backend::Postgres) {
        eprintln!("TEST_DATABASE_URL not set: skipping the two-instance test");
        return;
    }
    let database = TestDatabase::new(Backend::Postgres).await;
    let a = start(&database.url).await;
    let b = start(&database.url).await;
    let mut reader = SseClient::open(b.addr, "/live?competition=4").await;
    let mut latencies = Vec::new();
    for game_id in 1..=5 {
        let event = result(game_id, 4);
        let sent = Instant::now();
        a.state.live.publish(event.clone()).await;
        let received = reader.next().await.expect("the event on instance B");
        latencies.push(sent.elapsed());
        assert_eq!(parse(&received), event);
    }
    latencies.sort();
    eprintln!(
        "live latency A→B over PostgreSQL LISTEN/NOTIFY, publish to SSE read: median {:.1} ms, max {:.1} ms ({} events)",
        latencies[latencies.len() / 2].as_secs_f64() * 1000.0,
        latencies[latencies.len() - 1].as_secs_f64() * 1000.0,
        latencies.len()
    );
}

/// In-process latency on SQLite, for comparison (printed, not asserted beyond the deadline).
#[tokio::test]
async fn live_latency_in_process() {
    let database = TestDatabase::new(Backend::Sqlite).await;
    let app = start(&database.url).await;
    let mut reader = SseClient::open(app.addr, "/live").await;
    let mut latencies = Vec::new();
    for game_id in 1..=5 {
        let sent = Instant::now();
        app.state.live.publish(result(game_id, 1)).await;
        reader.next().await.expect("the event");
        latencies.push(sent.elapsed());
    }
    latencies.sort();
    eprintln!(
        "live latency on SQLite (in-process), publish to SSE read: median {:.2} ms, max {:.2} ms",
        latencies[2].as_secs_f64() * 1000.0,
        latencies[4].as_secs_f64() * 1000.0
    );
}

/// The pages that refresh themselves carry the live script, with the right filter — and,
/// for a resident, nothing of the islands runtime (no wasm to load).
async fn pages_carry_the_island(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let today = app.get("/").await;
    assert_eq!(today.status, 200);
    let game_id: i32 = today
        .body
        .split("href=\"/games/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|id| id.parse().ok())
        .expect("the today page links a game");
    for (path, src) in [
        ("/".to_owned(), "/live".to_owned()),
        ("/standings".to_owned(), "/live".to_owned()),
        (
            "/standings?competition=1".to_owned(),
            "/live?competition=1".to_owned(),
        ),
        (format!("/games/{game_id}"), format!("/live?game={game_id}")),
        ("/teams/1".to_owned(), "/live?team=1".to_owned()),
    ] {
        let page = app.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.body.contains(r#"class="live-note""#),
            "{path} has the live note"
        );
        assert!(
            page.body.contains(r#"<script src="/live.js"#),
            "{path} has the live script"
        );
        assert!(
            !page.body.contains("<leptos-island") && !page.body.contains("cunba.wasm"),
            "{path} loads no wasm for a resident"
        );
        assert!(
            page.body.contains(&format!(r#"data-src="{src}""#)),
            "{path} listens to {src}: {}",
            page.body[page.body.find(r#"id="live""#).unwrap_or(0)..]
                .chars()
                .take(400)
                .collect::<String>()
        );
        // The script's settings are outside <main>, which it replaces.
        let main_end = page.body.find("</main>").expect("a main");
        assert!(page.body.find(r#"id="live""#).unwrap() > main_end, "{path}");
    }
    // A signed-in captain's page keeps the islands (the score outbox).
    let captain = app
        .sign_in("captain1", server::demo::DEMO_CAPTAIN_PIN)
        .await;
    let page = app.get_with_cookie("/", &captain).await;
    assert!(page.body.contains("cunba.wasm") && page.body.contains("<leptos-island"));
    let teams = app.get("/teams").await;
    assert!(
        !teams.body.contains("live-note"),
        "other pages do not listen"
    );
}

#[tokio::test]
async fn live_pages_carry_the_live_script_and_no_wasm() {
    on_every_backend!(pages_carry_the_island);
}

/// A client that sends its headers a byte at a time, or never finishes them, loses the
/// connection after [`server::startup::HEADER_READ_TIMEOUT`]; everybody else is answered
/// meanwhile.
#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let database = TestDatabase::new(Backend::Sqlite).await;
    let running = start(&database.url).await;
    let mut slow = TcpStream::connect(running.addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    let started = Instant::now();
    // Another reader is served at once.
    let mut other = TcpStream::connect(running.addr).await.unwrap();
    other
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    other.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // The slow one trickles a byte a second; the server closes it at the timeout.
    let limit = server::startup::HEADER_READ_TIMEOUT;
    let closed = tokio::time::timeout(limit + Duration::from_secs(5), async {
        let mut buffer = [0u8; 256];
        loop {
            tokio::select! {
                read = slow.read(&mut buffer) => match read {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {} // a 408 before the close is fine
                },
                () = tokio::time::sleep(Duration::from_secs(1)) => {
                    if slow.write_all(b"a").await.is_err() {
                        return;
                    }
                }
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the connection was still open after {:?}",
        started.elapsed()
    );
    assert!(
        started.elapsed() >= limit - Duration::from_secs(1),
        "cut off after {:?}, before the limit",
        started.elapsed()
    );
}
