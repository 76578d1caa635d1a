//! `TestApp`: a fresh database, migrated (with the demo league when asked), and the real
//! router, called in-process with `oneshot`.
mod forms;
pub use forms::*;

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use server::config::Settings;
use server::feeds::cards::Cards;
use server::startup::{prepare_state, router, router_with_cards};
use std::sync::Arc;
use tower::ServiceExt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The backends to run against: SQLite, and PostgreSQL when `TEST_DATABASE_URL` names one.
pub fn backends() -> Vec<Backend> {
    let mut list = vec![Backend::Sqlite];
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|url| !url.is_empty()) {
        list.push(Backend::Postgres);
    }
    list
}

/// A database of its own for one test, dropped (PostgreSQL) or deleted (SQLite) afterwards.
pub struct TestDatabase {
    pub url: String,
    #[allow(dead_code)]
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
    admin: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn new(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let url = format!("sqlite://{}", dir.path().join("cunba.db").display());
                TestDatabase {
                    url,
                    backend,
                    _dir: Some(dir),
                    admin: None,
                }
            }
            Backend::Postgres => {
                let admin_url = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
                let name = format!("cunba_test_{}_{}", std::process::id(), rand_suffix());
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("the test PostgreSQL server");
                admin
                    .execute_raw(Statement::from_string(
                        admin.get_database_backend(),
                        format!("CREATE DATABASE {name}"),
                    ))
                    .await
                    .expect("create a test database");
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(base, _)| base)
                    .expect("URL with a database");
                TestDatabase {
                    url: format!("{base}/{name}"),
                    backend,
                    _dir: None,
                    admin: Some((admin_url, name)),
                }
            }
        }
    }

    pub async fn connect(&self) -> DatabaseConnection {
        server::database::connect(&self.url)
            .await
            .expect("connect to the test database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.admin.take() {
            // Best effort, on a thread of its own: Drop cannot await.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let admin = Database::connect(&admin_url).await.ok()?;
                    admin
                        .execute_raw(Statement::from_string(
                            admin.get_database_backend(),
                            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                        ))
                        .await
                        .ok()
                })
            })
            .join();
        }
    }
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("{nanos}_{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

pub struct TestApp {
    pub router: Router,
    pub db: DatabaseConnection,
    /// The live hub, as another instance's change reaches this one.
    pub live: app::live::Hub,
    /// What the router was made with (a test may make more routers over it).
    #[allow(dead_code)]
    pub state: app::state::AppState,
    /// Kept alive for the test: dropping it removes the database.
    #[allow(dead_code)]
    pub database: TestDatabase,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as it came (a PNG is not text).
    pub bytes: Vec<u8>,
}

impl TestApp {
    /// A migrated database with the demo league, and the router over it.
    pub async fn with_demo(backend: Backend) -> TestApp {
        Self::spawn(backend, true).await
    }

    pub async fn spawn(backend: Backend, demo: bool) -> TestApp {
        Self::spawn_with_cards(backend, demo, None).await
    }

    /// With share cards of its own (a fresh cache and count), or the process's when `None`.
    pub async fn spawn_with_cards(
        backend: Backend,
        demo: bool,
        cards: Option<Arc<Cards>>,
    ) -> TestApp {
        let database = TestDatabase::new(backend).await;
        let settings = Settings {
            database_url: database.url.clone(),
            addr: "127.0.0.1:0".parse().expect("an address"),
            site_root: "target/site".into(),
            demo,
            auto_confirm_hours: 24,
            report_limit: server::config::DEFAULT_REPORT_LIMIT,
            warm: false,
        };
        let state = prepare_state(&settings)
            .await
            .expect("the application state");
        let router = match cards {
            Some(cards) => router_with_cards(state.clone(), cards),
            None => router(state.clone()),
        };
        TestApp {
            router,
            live: state.live.clone(),
            db: state.db.clone(),
            state,
            database,
        }
    }

    pub async fn request(&self, request: Request<Body>) -> TestResponse {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("a response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).expect("a request"))
            .await
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> TestResponse {
        self.request(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .expect("a request"),
        )
        .await
    }

    /// A form post from a page of this site (same Origin), as a browser sends it.
    pub async fn post_form(&self, path: &str, form: &str) -> TestResponse {
        self.post(path, form, None, false).await
    }

    /// A form post from this site, with a session cookie when given; `json` asks for the
    /// JSON answer a script gets instead of a redirect.
    pub async fn post(
        &self,
        path: &str,
        form: &str,
        cookie: Option<&str>,
        json: bool,
    ) -> TestResponse {
        let mut request = Request::post(path)
            .header(header::HOST, TEST_HOST)
            .header(header::ORIGIN, format!("http://{TEST_HOST}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if json {
            request = request.header(header::ACCEPT, "application/json");
        }
        self.request(
            request
                .body(Body::from(form.to_owned()))
                .expect("a request"),
        )
        .await
    }

    /// A `multipart/form-data` post from this site, as the notice form sends it: text
    /// fields, then a file field when given (name, the type the browser claims, bytes).
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
        cookie: Option<&str>,
        json: bool,
    ) -> TestResponse {
        let (boundary, body) = multipart_body(fields, file);
        let mut request = Request::post(path)
            .header(header::HOST, TEST_HOST)
            .header(header::ORIGIN, format!("http://{TEST_HOST}"))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            );
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if json {
            request = request.header(header::ACCEPT, "application/json");
        }
        self.request(request.body(Body::from(body)).expect("a request"))
            .await
    }

    /// Signs in and returns the `Cookie` header value that carries the session.
    pub async fn sign_in(&self, login: &str, secret: &str) -> String {
        let form = format!("login={}&secret={}", urlencode(login), urlencode(secret));
        let response = self.post("/actions/signin", &form, None, true).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "sign-in of {login}: {}",
            response.body
        );
        session_cookie(&response).expect("a session cookie")
    }
}

/// A real PNG of the given size (drawn with the card renderer's pixmap).
pub fn png_of(width: u32, height: u32) -> Vec<u8> {
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).expect("a pixmap");
    pixmap.fill(resvg::tiny_skia::Color::from_rgba8(179, 38, 30, 255));
    pixmap.encode_png().expect("a PNG")
}

/// Width and height from a PNG's IHDR.
pub fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

/// The host the in-process requests claim to be for.
pub const TEST_HOST: &str = "cunba.test";

/// `cunba_session=…` from a response's Set-Cookie, if it sets a non-empty session.
pub fn session_cookie(response: &TestResponse) -> Option<String> {
    response
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|cookie| cookie.split(';').next())
        .find(|pair| pair.starts_with("cunba_session=") && pair.len() > "cunba_session=".len())
        .map(str::to_owned)
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("JSON, got: {}", self.body))
    }

    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
}

/// Runs `test` once per backend, naming the backend when it fails.
#[macro_export]
macro_rules! on_every_backend {
    ($test:expr) => {
        for backend in $crate::helpers::backends() {
            eprintln!("backend: {backend:?}");
            $test(backend).await;
        }
    };
}

/// The Content-Security-Policy nonce of a page (`'nonce-…'` in its policy).
pub fn csp_nonce(response: &TestResponse) -> String {
    response.headers["content-security-policy"]
        .to_str()
        .expect("an ASCII policy")
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy")
        .to_owned()
}

/// Signs the demo organiser in: the session cookie.
pub async fn organiser(app: &TestApp) -> String {
    app.sign_in(
        server::demo::DEMO_ORGANISER.0,
        server::demo::DEMO_ORGANISER.1,
    )
    .await
}
