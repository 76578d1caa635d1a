//! The cache of what anonymous readers get: reused until something changes, per language,
//! never for a signed-in viewer.
use app::db::entities::team;
use app::live::{LiveEvent, LiveKind};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use server::demo::DEMO_ORGANISER;
use server::http::page_cache::{CACHE_HEADER, TTL};

use crate::helpers::{csp_nonce as nonce, Backend, TestApp, TestResponse};
use crate::on_every_backend;

fn hit(response: &TestResponse) -> bool {
    response
        .headers
        .get(CACHE_HEADER)
        .is_some_and(|value| value == "hit")
}

async fn cached_until_something_changes(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let first = app.get("/teams").await;
    assert_eq!(first.status, 200);
    assert!(!hit(&first), "the first reader renders the page");
    let second = app.get("/teams").await;
    assert!(hit(&second), "the next reader gets the same answer");
    // … the very same: the render's bytes and its nonce (see the module's doc).
    assert_eq!(nonce(&first), nonce(&second));
    assert_eq!(second.bytes, first.bytes);
    assert_eq!(second.headers["etag"], first.headers["etag"]);
    assert_eq!(
        second.headers["content-type"], first.headers["content-type"],
        "headers are kept"
    );

    // The language is part of the key.
    let english = app.get_with_cookie("/teams", "cunba_lang=en").await;
    assert!(!hit(&english));
    assert!(english.body.contains(r#"<html lang="en""#));
    assert!(hit(&app.get_with_cookie("/teams", "cunba_lang=en").await));
    assert!(hit(&app.get("/teams").await), "Chinese is still cached");

    // Another instance renamed a team and announced it (a live event): the next reader
    // sees the new name at once.
    let mut renamed = team::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("a demo team")
        .into_active_model();
    renamed.name = Set("缓存测试队".into());
    let renamed = renamed.update(&app.db).await.unwrap();
    assert!(
        !app.get("/teams").await.body.contains("缓存测试队"),
        "unannounced, the cached page is served (for at most the TTL)"
    );
    app.live
        .publish(LiveEvent {
            kind: LiveKind::Schedule,
            game_id: 0,
            competition_id: 0,
            teams: vec![],
            score: None,
        })
        .await;
    // On PostgreSQL the event comes back through LISTEN: wait for it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let page = app.get("/teams").await;
        if page.body.contains("缓存测试队") {
            assert!(!hit(&page));
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the event reached the cache"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    // A refused write changed nothing: what was cached stays (issue 21: an anonymous POST
    // in a loop used to empty the whole cache).
    assert!(hit(&app.get("/teams").await));
    let refused = app.post_form("/lang", "lang=xx").await;
    assert_eq!(refused.status, 400);
    assert!(hit(&app.get("/teams").await));
    // Nor does a post that is sent to sign in first, or a sign-out without a session.
    let anonymous = app.post_form("/actions/setup/groups", "name=x").await;
    assert_eq!(anonymous.status, 303);
    assert!(hit(&app.get("/teams").await));
    app.post_form("/actions/signout", "").await;
    assert!(hit(&app.get("/teams").await));

    // Unannounced changes show after the TTL.
    let mut back = renamed.into_active_model();
    back.name = Set("缓存测试队二".into());
    let back = back.update(&app.db).await.unwrap();
    assert!(!app.get("/teams").await.body.contains("缓存测试队二"));
    tokio::time::sleep(TTL + std::time::Duration::from_millis(200)).await;
    assert!(app.get("/teams").await.body.contains("缓存测试队二"));

    // The JSON API is cached the same way, and so are the camp's page and the feeds.
    app.get("/api/v1/teams").await;
    assert!(hit(&app.get("/api/v1/teams").await));
    let team = back.id;
    for path in [
        "/camp".to_owned(),
        "/notices.atom".to_owned(),
        format!("/calendar/teams/{team}.ics"),
    ] {
        let first = app.get(&path).await;
        assert_eq!(first.status, 200, "{path}");
        let again = app.get(&path).await;
        assert!(hit(&again), "{path}");
        assert_eq!(again.bytes, first.bytes, "{path}");
        assert_eq!(again.headers["content-type"], first.headers["content-type"]);
    }
}

#[tokio::test]
async fn anonymous_pages_are_cached_until_something_changes() {
    on_every_backend!(cached_until_something_changes);
}

/// A start renders the public pages before taking requests (`cunba serve` does unless
/// `--no-warm`): the first readers of the list pages get a cached answer.
async fn warmed_before_the_first_reader(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let warmed = server::http::warm::warm(&app.router, chrono::Utc::now()).await;
    assert!(warmed >= 10, "at least the list pages: {warmed}");
    for path in ["/", "/standings", "/fixtures", "/api/v1/games"] {
        let first = app.get(path).await;
        assert_eq!(first.status, 200, "{path}");
        let cache = first
            .headers
            .get(CACHE_HEADER)
            .map(|value| value.to_str().unwrap());
        assert!(
            matches!(cache, Some("hit" | "stale")),
            "{path}: the first reader got {cache:?}"
        );
    }
}

#[tokio::test]
async fn a_start_renders_the_public_pages_before_the_first_reader() {
    on_every_backend!(warmed_before_the_first_reader);
}

async fn never_for_a_viewer(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let (login, password) = DEMO_ORGANISER;
    let cookie = app.sign_in(login, password).await;
    app.get("/standings").await;
    assert!(hit(&app.get("/standings").await));
    for _ in 0..2 {
        let mine = app.get_with_cookie("/standings", &cookie).await;
        assert_eq!(mine.status, 200);
        assert!(!hit(&mine), "a signed-in page is rendered for its viewer");
    }
    // Pages with a secret in the address or for organisers are never stored.
    for path in ["/me", "/signin"] {
        app.get(path).await;
        assert!(!hit(&app.get(path).await), "{path}");
    }
}

#[tokio::test]
async fn signed_in_and_private_pages_are_never_cached() {
    on_every_backend!(never_for_a_viewer);
}

async fn a_pending_report_changes_its_game_page_only(backend: Backend) {
    use crate::scoring::{open_game, score_form};
    use server::demo::DEMO_CAPTAIN_PIN;
    let app = TestApp::with_demo(backend).await;
    let game = open_game(&app, 3).await;
    let captain = app.sign_in(&game.home_captain, DEMO_CAPTAIN_PIN).await;
    let page = format!("/games/{}", game.id);
    for path in ["/standings", page.as_str()] {
        app.get(path).await;
        assert!(hit(&app.get(path).await), "{path}");
    }
    let sent = app
        .post(
            &format!("/actions/games/{}/report", game.id),
            &score_form(game.version, "k-cache", 81, 77),
            Some(&captain),
            true,
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    // The tables count confirmed results only: still the cached answer.
    assert!(hit(&app.get("/standings").await));
    // The game's page shows the provisional result at once.
    let shown = app.get(&page).await;
    assert!(!hit(&shown));
    assert!(
        shown.body.contains("81 : 77"),
        "the provisional result is shown"
    );
}

#[tokio::test]
async fn a_pending_report_drops_only_its_game_page() {
    on_every_backend!(a_pending_report_changes_its_game_page_only);
}

async fn readers_arriving_together_cost_one_render(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    for path in ["/standings", "/fixtures", "/api/v1/games"] {
        // 16 readers of an address nobody read yet, all at once: one renders, the others
        // wait for it and get the cached answer.
        let answers = futures_util::future::join_all((0..16).map(|_| app.get(path))).await;
        let rendered = answers.iter().filter(|answer| !hit(answer)).count();
        assert_eq!(rendered, 1, "{path}");
        assert!(answers.iter().all(|answer| answer.status == 200));
    }
}

#[tokio::test]
async fn readers_arriving_together_wait_for_one_render() {
    on_every_backend!(readers_arriving_together_cost_one_render);
}

/// A GET as a phone sends it: `Accept-Encoding`, and `If-None-Match` when it has a copy.
async fn phone_get(
    app: &TestApp,
    path: &str,
    coding: &str,
    if_none_match: Option<&str>,
) -> TestResponse {
    let mut request = Request::get(path).header(header::ACCEPT_ENCODING, coding);
    if let Some(tag) = if_none_match {
        request = request.header(header::IF_NONE_MATCH, tag);
    }
    app.request(request.body(Body::empty()).expect("a request"))
        .await
}

fn text(response: &TestResponse, name: header::HeaderName) -> String {
    response
        .headers
        .get(&name)
        .map(|value| value.to_str().expect("ASCII").to_owned())
        .unwrap_or_default()
}

/// The body as the reader's browser reads it: decoded once, as `Content-Encoding` says.
fn decoded(response: &TestResponse) -> Vec<u8> {
    let mut plain = Vec::new();
    match text(response, header::CONTENT_ENCODING).as_str() {
        "br" => brotli::BrotliDecompress(&mut &response.bytes[..], &mut plain).expect("brotli"),
        "gzip" => {
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(&response.bytes[..]),
                &mut plain,
            )
            .expect("gzip");
        }
        "" => plain.clone_from(&response.bytes),
        other => panic!("unexpected coding {other}"),
    }
    plain
}

async fn compressed_once_per_render(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let plain = app.get("/standings").await;
    assert_eq!(plain.status, 200);
    assert!(text(&plain, header::CONTENT_ENCODING).is_empty());

    // A phone asks for brotli (WeChat sends `gzip, deflate, br`): the cached render's
    // brotli bytes, the same bytes for every reader (compressed when stored, not again for
    // each request, nor by the compression layer on the way out).
    let first = phone_get(&app, "/standings", "gzip, deflate, br", None).await;
    let second = phone_get(&app, "/standings", "gzip, deflate, br", None).await;
    for answer in [&first, &second] {
        assert!(hit(answer));
        assert_eq!(text(answer, header::CONTENT_ENCODING), "br");
        assert_eq!(
            text(answer, header::CONTENT_LENGTH),
            answer.bytes.len().to_string()
        );
        assert!(text(answer, header::VARY).contains("accept-encoding"));
        assert_eq!(decoded(answer), plain.bytes, "decoded once, the page");
    }
    assert_eq!(first.bytes, second.bytes, "the same bytes, compressed once");
    let etag = text(&first, header::ETAG);
    assert!(
        etag.starts_with('"') && etag.ends_with("-br\""),
        "a strong tag of the brotli copy: {etag}"
    );
    assert_eq!(text(&second, header::ETAG), etag);
    assert!(first.bytes.len() * 2 < plain.bytes.len());

    let gzipped = phone_get(&app, "/standings", "gzip", None).await;
    assert_eq!(text(&gzipped, header::CONTENT_ENCODING), "gzip");
    assert_eq!(decoded(&gzipped), plain.bytes);
    let gzip_tag = text(&gzipped, header::ETAG);
    let plain_tag = text(&plain, header::ETAG);
    assert!(etag != gzip_tag && gzip_tag != plain_tag && !plain_tag.is_empty());
    // The JSON API the same way.
    let api = app.get("/api/v1/games").await;
    assert_eq!(api.status, 200);
    let packed = phone_get(&app, "/api/v1/games", "br", None).await;
    assert_eq!(text(&packed, header::CONTENT_ENCODING), "br");
    assert_eq!(decoded(&packed), api.bytes);

    // A phone with the current copy: 304, nothing sent, and its page's policy kept.
    let not_modified = phone_get(&app, "/standings", "gzip, deflate, br", Some(&etag)).await;
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
    assert!(not_modified.bytes.is_empty());
    assert_eq!(text(&not_modified, header::ETAG), etag);
    assert_eq!(
        text(&not_modified, header::CONTENT_SECURITY_POLICY),
        text(&first, header::CONTENT_SECURITY_POLICY)
    );
    // A tag of another coding is another copy.
    let other = phone_get(&app, "/standings", "br", Some(&gzip_tag)).await;
    assert_eq!(other.status, 200);

    // A result is confirmed: the table changes, and so do its bytes and its tag.
    let game = crate::scoring::open_game(&app, 4).await;
    let page = format!("/games/{}", game.id);
    let before = phone_get(&app, &page, "br", None).await;
    let home = app
        .sign_in(&game.home_captain, server::demo::DEMO_CAPTAIN_PIN)
        .await;
    let away = app
        .sign_in(&game.away_captain, server::demo::DEMO_CAPTAIN_PIN)
        .await;
    let sent = app
        .post(
            &format!("/actions/games/{}/report", game.id),
            &crate::scoring::score_form(game.version, "k-once", 93, 88),
            Some(&home),
            true,
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let report = crate::scoring::reports_of(&app, game.id)
        .await
        .pop()
        .unwrap();
    let version = crate::scoring::version(&app, game.id).await;
    let confirmed = app
        .post(
            &format!("/actions/games/{}/answer", game.id),
            &format!("report={}&version={version}&answer=confirm", report.id),
            Some(&away),
            true,
        )
        .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let after = phone_get(&app, "/standings", "gzip, deflate, br", Some(&etag)).await;
    assert_eq!(after.status, 200, "the old copy is not current any more");
    assert!(!hit(&after), "rendered again");
    let new_tag = text(&after, header::ETAG);
    assert!(new_tag != etag && new_tag.ends_with("-br\""), "{new_tag}");
    assert_eq!(
        decoded(&after),
        app.get("/standings").await.bytes,
        "the new render, in brotli"
    );
    let game_page = phone_get(&app, &page, "br", Some(&text(&before, header::ETAG))).await;
    assert_eq!(game_page.status, 200);
    assert_ne!(text(&game_page, header::ETAG), text(&before, header::ETAG));
    assert!(String::from_utf8(decoded(&game_page))
        .unwrap()
        .contains("93 : 88"));
    assert_eq!(
        phone_get(&app, "/standings", "br", Some(&new_tag))
            .await
            .status,
        StatusCode::NOT_MODIFIED
    );
}

#[tokio::test]
async fn a_render_is_compressed_once_and_served_as_each_reader_asks() {
    on_every_backend!(compressed_once_per_render);
}

/// `X-Forwarded-Host` and `-Proto` name the site in a page's absolute links (its share
/// card) and are part of the cache's key: only a proxy on this machine may send them. A
/// client on the network that sends them gets the page of the site it reached, and does not
/// leave a page naming another site for the next readers.
async fn the_site_is_named_by_a_local_proxy_only(backend: Backend) {
    use axum::extract::ConnectInfo;
    let app = TestApp::with_demo(backend).await;
    let from = |peer: [u8; 4]| {
        let mut request = Request::get("/")
            .header(header::HOST, crate::helpers::TEST_HOST)
            .header("x-forwarded-host", "cunba.example")
            .header("x-forwarded-proto", "https")
            .body(Body::empty())
            .unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(std::net::SocketAddr::from((peer, 40000))));
        request
    };
    let remote = app.request(from([192, 0, 2, 44])).await;
    assert_eq!(remote.status, 200);
    assert!(!remote.body.contains("cunba.example"));
    assert!(remote
        .body
        .contains(&format!("http://{}/", crate::helpers::TEST_HOST)));
    let proxied = app.request(from([127, 0, 0, 1])).await;
    assert!(!hit(&proxied), "another site is another key");
    assert!(proxied.body.contains("https://cunba.example/"));
    let plain = app.get("/").await;
    assert!(!plain.body.contains("cunba.example"));
}

#[tokio::test]
async fn only_a_local_proxy_names_the_site() {
    on_every_backend!(the_site_is_named_by_a_local_proxy_only);
}
