//! Share cards through the real router: each card of the demo league is a 1200×630 PNG, a
//! repeated fetch comes from the cache (304 with the ETag, and no new drawing), a confirmed
//! result draws the game's and the standings' cards again; without a Chinese font the
//! cards answer 503 and the pages leave the image out; the pages carry Open Graph tags
//! with an absolute image URL.
use std::sync::Arc;

use app::db::entities::*;
use app::model::CompetitionKind;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::demo::DEMO_CAPTAIN_PIN;
use server::feeds::cards::{CardFont, Cards};

use crate::helpers::{png_size, Backend, TestApp, TestResponse};
use crate::on_every_backend;
use crate::scoring::{open_game, reports_of, score_form, version};

/// Cards of their own for one test: a fresh cache and drawing count.
fn fresh_cards() -> Arc<Cards> {
    let font = CardFont::discover().expect(
        "the share-card tests need a Chinese font: apt-get install fonts-wqy-microhei \
         (make test does it) or set CUNBA_CARD_FONT",
    );
    Cards::new(Some(font))
}

async fn league_id(app: &TestApp) -> i32 {
    competition::Entity::find()
        .filter(competition::Column::Kind.eq(CompetitionKind::League))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo league")
        .id
}

fn assert_card(response: &TestResponse, what: &str) {
    assert_eq!(response.status, StatusCode::OK, "{what}: {}", response.body);
    assert_eq!(
        response.headers[header::CONTENT_TYPE],
        "image/png",
        "{what}"
    );
    assert_eq!(png_size(&response.bytes), (1200, 630), "{what}");
    assert_eq!(response.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(response.headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("max-age="));
    assert!(
        response.headers.contains_key(header::ETAG),
        "{what}: an ETag"
    );
}

fn etag(response: &TestResponse) -> String {
    response.headers[header::ETAG].to_str().unwrap().to_owned()
}

async fn get_if_none_match(app: &TestApp, path: &str, etag: &str) -> TestResponse {
    app.request(
        Request::get(path)
            .header(header::IF_NONE_MATCH, etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

async fn cards_of_the_demo_league(backend: Backend) {
    let cards = fresh_cards();
    let app = TestApp::spawn_with_cards(backend, true, Some(cards.clone())).await;
    let game = open_game(&app, 3).await;
    let league = league_id(&app).await;
    let game_path = format!("/cards/games/{}.png", game.id);
    let standings_path = format!("/cards/standings/{league}.png");

    let first = app.get(&game_path).await;
    assert_card(&first, "game");
    let standings = app.get(&standings_path).await;
    assert_card(&standings, "standings");
    let today = app.get("/cards/today.png").await;
    assert_card(&today, "today");
    assert_eq!(cards.renders(), 3);

    // Again: the same picture from the cache, nothing drawn.
    let again = app.get(&game_path).await;
    assert_card(&again, "game again");
    assert_eq!(etag(&again), etag(&first));
    assert_eq!(again.bytes, first.bytes);
    assert_eq!(cards.renders(), 3, "served from the cache");
    // A reader who has it is told so.
    let not_modified = get_if_none_match(&app, &game_path, &etag(&first)).await;
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
    assert!(not_modified.bytes.is_empty());
    assert_eq!(not_modified.headers[header::ETAG], etag(&first).as_str());

    // A result is reported and confirmed: the game's and the table's cards change.
    let home = app.sign_in(&game.home_captain, DEMO_CAPTAIN_PIN).await;
    let away = app.sign_in(&game.away_captain, DEMO_CAPTAIN_PIN).await;
    let sent = app
        .post(
            &format!("/actions/games/{}/report", game.id),
            &score_form(game.version, "k-card", 78, 65),
            Some(&home),
            true,
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    // Reported but not confirmed: the card (confirmed results only) stays as it was.
    let pending = get_if_none_match(&app, &game_path, &etag(&first)).await;
    assert_eq!(pending.status, StatusCode::NOT_MODIFIED);
    let report = reports_of(&app, game.id).await.pop().unwrap();
    let answer = format!(
        "report={}&version={}&answer=confirm",
        report.id,
        version(&app, game.id).await
    );
    let confirmed = app
        .post(
            &format!("/actions/games/{}/answer", game.id),
            &answer,
            Some(&away),
            true,
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);

    let changed = get_if_none_match(&app, &game_path, &etag(&first)).await;
    assert_card(&changed, "game after the result");
    assert_ne!(etag(&changed), etag(&first));
    assert_ne!(changed.bytes, first.bytes);
    let table = app.get(&standings_path).await;
    assert_card(&table, "standings after the result");
    assert_ne!(
        etag(&table),
        etag(&standings),
        "the table counts the game now"
    );
    assert_eq!(cards.renders(), 5);

    // Only what exists.
    for path in [
        "/cards/games/999999.png",
        "/cards/games/abc.png",
        "/cards/games/12",
        "/cards/standings/999999.png",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn each_card_is_a_png_served_from_the_cache_until_a_result_changes_it() {
    on_every_backend!(cards_of_the_demo_league);
}

#[tokio::test]
async fn without_a_chinese_font_cards_answer_503_and_pages_leave_the_image_out() {
    let app = TestApp::spawn_with_cards(Backend::Sqlite, true, Some(Cards::new(None))).await;
    let league = league_id(&app).await;
    for path in [
        "/cards/today.png".to_owned(),
        "/cards/games/1.png".to_owned(),
        format!("/cards/standings/{league}.png"),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert!(response.body.contains("中文字体"), "{}", response.body);
        assert_eq!(response.headers[header::CACHE_CONTROL], "no-store");
    }
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("property=\"og:title\""),
        "the page still has its title"
    );
    assert!(!page.body.contains("og:image"), "no image announced");
    assert!(!page.body.contains("/cards/"), "no link to a card");
}

async fn page_with_proxy_headers(app: &TestApp, path: &str) -> String {
    let response = app
        .request(
            Request::get(path)
                .header(header::HOST, "cunba.example.cn")
                .header("x-forwarded-proto", "https")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{path}");
    response.body
}

/// The `content` of `<meta property="…">` in a page.
fn meta(page: &str, property: &str) -> Option<String> {
    let at = page.find(&format!("property=\"{property}\""))?;
    let start = page[..at].rfind("<meta")?;
    let end = start + page[start..].find('>')?;
    let tag = &page[start..end];
    let content = tag.split("content=\"").nth(1)?;
    Some(content[..content.find('"')?].to_owned())
}

#[tokio::test]
async fn the_three_pages_announce_their_card_with_an_absolute_url() {
    let app = TestApp::spawn_with_cards(Backend::Sqlite, true, Some(fresh_cards())).await;
    let league = league_id(&app).await;
    let game = open_game(&app, 2).await;
    for (page, card) in [
        ("/".to_owned(), "/cards/today.png".to_owned()),
        (
            format!("/games/{}", game.id),
            format!("/cards/games/{}.png", game.id),
        ),
        (
            format!("/standings?competition={league}"),
            format!("/cards/standings/{league}.png"),
        ),
    ] {
        let body = page_with_proxy_headers(&app, &page).await;
        let image = meta(&body, "og:image").unwrap_or_else(|| panic!("og:image on {page}"));
        assert_eq!(image, format!("https://cunba.example.cn{card}"), "{page}");
        assert_eq!(meta(&body, "og:image:width").as_deref(), Some("1200"));
        assert_eq!(meta(&body, "og:image:height").as_deref(), Some("630"));
        assert!(
            meta(&body, "og:title").is_some_and(|t| t.contains("村BA")),
            "{page}"
        );
        assert!(
            meta(&body, "og:description").is_some_and(|d| !d.is_empty()),
            "{page}"
        );
        assert!(
            body.contains(&format!("href=\"{card}\"")),
            "{page} links its card"
        );
        // The card the page names is there.
        assert_eq!(app.get(&card).await.status, StatusCode::OK, "{card}");
    }
    // Without a proxy in front: plain http and the Host as given.
    let response = app
        .request(
            Request::get("/")
                .header(header::HOST, "127.0.0.1:3000")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        meta(&response.body, "og:image").as_deref(),
        Some("http://127.0.0.1:3000/cards/today.png")
    );
    // The game's description has the score once there is one.
    let played = game::Entity::find()
        .filter(game::Column::Status.eq(app::model::GameStatus::Played))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let body = page_with_proxy_headers(&app, &format!("/games/{}", played.id)).await;
    let description = meta(&body, "og:description").unwrap();
    assert!(
        description.contains(&format!(
            "{}:{}",
            played.home_score.unwrap(),
            played.away_score.unwrap()
        )),
        "{description}"
    );
}
