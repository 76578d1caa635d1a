//! The public pages through the real router, rendered on the server (no JavaScript needed).
use crate::helpers::{Backend, TestApp};
use crate::on_every_backend;

async fn today_page(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let page = app.get("/").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"<html lang="zh-CN""#));
    assert!(page.body.contains("今日比赛"));
    assert!(page.body.contains("演示数据"), "demo data is marked");
    assert!(page.body.contains("最新赛果"));
    assert!(page.body.contains(r#"class="game""#), "games are listed");
    // Everything is in the HTML: no streamed placeholders that need JavaScript.
    assert!(!page.body.contains("加载中"), "the page arrived whole");
    // No external resources: the only absolute URL is the share card's in the Open Graph
    // tags, on this very site (no Host header here: localhost).
    assert!(page
        .body
        .contains(r#"<meta property="og:image" content="http://localhost/cards/today.png">"#));
    let without_open_graph = page
        .body
        .split('<')
        .filter(|tag| !tag.starts_with("meta property=\"og:"))
        .collect::<Vec<_>>()
        .join("<");
    assert!(!without_open_graph.contains("http://") && !without_open_graph.contains("https://"));
}

#[tokio::test]
async fn today_shows_the_demo_league_in_chinese() {
    on_every_backend!(today_page);
}

async fn english(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let switched = app.post_form("/lang", "lang=en&next=%2Fstandings").await;
    assert_eq!(switched.status, 303);
    assert_eq!(switched.headers["location"], "/standings");
    let cookie = switched.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("cunba_lang=en;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"));
    let page = app.get_with_cookie("/standings", "cunba_lang=en").await;
    assert!(page.body.contains(r#"<html lang="en""#));
    assert!(page.body.contains("Standings"));
    assert!(page.body.contains("中文"), "the switch offers Chinese back");
}

#[tokio::test]
async fn language_switch_persists_in_a_cookie() {
    on_every_backend!(english);
}

#[tokio::test]
async fn language_switch_never_redirects_off_site() {
    let app = TestApp::spawn(Backend::Sqlite, false).await;
    for next in ["%2F%2Fevil.example", "https%3A%2F%2Fevil.example"] {
        let response = app
            .post_form("/lang", &format!("lang=en&next={next}"))
            .await;
        assert_eq!(response.headers["location"], "/", "next={next}");
    }
    let bad = app.post_form("/lang", "lang=xx").await;
    assert_eq!(bad.status, 400);
}

async fn standings_page(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let page = app.get("/standings").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<table class=\"standings\""));
    assert_eq!(table_rows(&page.body), 13, "a header row and 12 teams");
    assert!(page.body.contains("为什么这样排名"));
    assert!(
        page.body.contains("排名暂定"),
        "the league is still running"
    );
}

#[tokio::test]
async fn standings_table_for_the_league() {
    on_every_backend!(standings_page);
}

async fn cup_standings(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let fixtures = app.get("/fixtures").await;
    let cup_id = fixtures
        .body
        .split("/fixtures?competition=")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse::<i32>().ok())
        .max()
        .expect("competition links");
    let page = app.get(&format!("/standings?competition={cup_id}")).await;
    assert!(
        page.body.contains("A组") && page.body.contains("B组"),
        "a table per pool"
    );
    assert!(page.body.contains("决赛"), "the knockout is a bracket");
    assert!(page.body.contains("最终排名"), "group stage complete");
}

#[tokio::test]
async fn cup_has_pool_tables_and_a_bracket() {
    on_every_backend!(cup_standings);
}

async fn teams_page(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let page = app.get("/teams").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches(r#"<section class="group">"#).count(), 12);
    assert!(page.body.contains("东坊村民小组"));
    assert!(page.body.contains("女子"));
}

#[tokio::test]
async fn teams_are_listed_by_villager_group() {
    on_every_backend!(teams_page);
}

#[tokio::test]
async fn unknown_pages_are_404_in_the_layout() {
    let app = TestApp::spawn(Backend::Sqlite, false).await;
    let page = app.get("/no-such-page").await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("找不到这个页面"));
}

#[tokio::test]
async fn health_check_answers() {
    let app = TestApp::spawn(Backend::Sqlite, false).await;
    let response = app.get("/healthz").await;
    assert_eq!(
        (response.status.as_u16(), response.body.as_str()),
        (200, "ok")
    );
}

async fn team_and_game_pages(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let teams = app.get("/teams").await;
    let team_link = teams
        .body
        .split("href=\"/teams/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap();
    let team = app.get(&format!("/teams/{team_link}")).await;
    assert_eq!(team.status, 200);
    assert!(team.body.contains("球员名单") && team.body.contains(r#"class="roster""#));
    let game_link = team
        .body
        .split("href=\"/games/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap();
    let game = app.get(&format!("/games/{game_link}")).await;
    assert_eq!(game.status, 200);
    assert!(game.body.contains(r#"class="game""#));
    assert_eq!(app.get("/teams/99999").await.status, 404);
    assert_eq!(app.get("/games/99999").await.status, 404);
}

#[tokio::test]
async fn team_and_game_pages_render_and_404_when_missing() {
    on_every_backend!(team_and_game_pages);
}

async fn played_game_shows_periods(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let page = app.get("/").await;
    // Latest results link to played games.
    let results = page.body.split("最新赛果").nth(1).unwrap();
    let link = results
        .split("href=\"/games/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap();
    let game = app.get(&format!("/games/{link}")).await;
    assert!(
        game.body.contains("每节比分"),
        "a played game shows its score by period"
    );
    assert!(game.body.contains("第4节"));
}

#[tokio::test]
async fn a_played_game_shows_its_score_by_period() {
    on_every_backend!(played_game_shows_periods);
}

/// Today in Beijing, and when it began.
fn today() -> (chrono::NaiveDate, chrono::DateTime<chrono::Utc>) {
    use chrono::TimeZone;
    let date = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    let midnight = chrono_tz::Asia::Shanghai
        .from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap())
        .single()
        .unwrap()
        .with_timezone(&chrono::Utc);
    (date, midnight)
}

/// The day headings of a page's game lists, in order.
fn day_headings(body: &str) -> Vec<String> {
    body.split(r#"<h3 class="day">"#)
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .map(str::to_owned)
        .collect()
}

fn game_count(body: &str) -> usize {
    body.matches(r#"<li class="game">"#).count()
}

/// The `href` of the element with this id.
fn href_of(body: &str, id: &str) -> Option<String> {
    let at = body.find(&format!(r#"id="{id}""#))?;
    let tag = &body[body[..at].rfind('<')?..];
    let href = tag.split(r#"href=""#).nth(1)?.split('"').next()?;
    Some(href.replace("&amp;", "&"))
}

async fn fixture_filters(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    // The page opens at today; the days before are one link away; together they are the
    // whole season, which the API still gives in one list.
    let from_today = app.get("/fixtures").await;
    let earlier = app.get("/fixtures?from=past").await;
    let (upcoming, past) = (game_count(&from_today.body), game_count(&earlier.body));
    assert!(upcoming > 0 && past > 0, "{upcoming} + {past}");
    assert_eq!(upcoming + past, 132 + 16, "league and cup");
    let api = app.get("/api/v1/games").await.json();
    assert_eq!(api["games"].as_array().unwrap().len(), 132 + 16);
    assert_eq!(api["earlier"], 0);

    let group = app.get("/fixtures?group=1").await;
    let group_earlier = href_of(&group.body, "earlier-games").expect("a link to earlier games");
    assert_eq!(
        group_earlier, "/fixtures?group=1&from=past",
        "the filter stays"
    );
    let group_past = app.get(&group_earlier).await;
    let group_games = game_count(&group.body) + game_count(&group_past.body);
    assert!((22..132 + 16).contains(&group_games), "{group_games}");
    assert!(
        group_past.body.contains(r#"name="from" value="past""#),
        "filtering the earlier games keeps to them"
    );
    let court = app.get("/fixtures?court=1").await;
    assert!(game_count(&court.body) < upcoming);
    // Each list refreshes when a game it shows is moved; only the whole list from today on
    // also hears live scores (the narrowed ones do not list every game being scored).
    for (page, kinds) in [
        (&from_today, "result schedule score"),
        (&earlier, "result schedule"),
        (&group, "result schedule"),
        (&court, "result schedule"),
    ] {
        assert!(
            page.body.contains(&format!(r#"data-kinds="{kinds}""#)),
            "{kinds}"
        );
    }
    assert!(
        group.body.contains(r#"<option value="1" selected"#),
        "the filter stays selected"
    );
}

#[tokio::test]
async fn fixtures_filter_by_group_and_court() {
    on_every_backend!(fixture_filters);
}

async fn fixtures_at_today(backend: Backend) {
    use app::components::format_day;
    use app::i18n::Lang;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = TestApp::with_demo(backend).await;
    let (date, midnight) = today();
    let before = app::db::entities::game::Entity::find()
        .filter(app::db::entities::game::Column::StartsAt.lt(midnight))
        .count(&app.db)
        .await
        .unwrap() as usize;
    assert!(before > 0 && before < 132 + 16, "{before}");

    // The first day shown is today (the demo plays a round today), then the days after.
    let page = app.get("/fixtures").await;
    assert_eq!(game_count(&page.body), 132 + 16 - before);
    let days = day_headings(&page.body);
    assert_eq!(days[0], format_day(date, Lang::Zh), "{days:?}");
    // One tap to the days before, saying how many games there are.
    assert_eq!(
        href_of(&page.body, "earlier-games").unwrap(),
        "/fixtures?from=past"
    );
    assert!(page.body.contains(&format!("更早的比赛（{before}场）")));
    assert!(href_of(&page.body, "from-today").is_none());

    // The days before today, the latest first, and the way back to today.
    let past = app.get("/fixtures?from=past").await;
    assert_eq!(game_count(&past.body), before);
    assert!(past.body.contains("<h2>更早的比赛</h2>"));
    assert_eq!(href_of(&past.body, "from-today").unwrap(), "/fixtures");
    assert!(href_of(&past.body, "earlier-games").is_none());
    let dates: Vec<chrono::NaiveDate> = past
        .body
        .split(r#"<time datetime=""#)
        .skip(1)
        .filter_map(|rest| chrono::DateTime::parse_from_rfc3339(rest.split('"').next()?).ok())
        .map(|t| t.date_naive())
        .collect();
    assert_eq!(dates.len(), before);
    assert!(dates.iter().all(|d| *d < date), "only days before today");
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "the latest day first: {dates:?}"
    );
    let past_days = day_headings(&past.body);
    let mut distinct = past_days.clone();
    distinct.dedup();
    assert_eq!(distinct, past_days, "one heading per day");

    // In English too.
    let english = app.get_with_cookie("/fixtures", "cunba_lang=en").await.body;
    assert!(english.contains(&format!("Earlier games ({before})")));
    assert_eq!(day_headings(&english)[0], format_day(date, Lang::En));
}

#[tokio::test]
async fn fixtures_open_at_today_with_the_earlier_days_one_link_away() {
    on_every_backend!(fixtures_at_today);
}

async fn standings_now(backend: Backend) {
    use app::db::entities::competition;
    use app::model::CompetitionKind;
    use chrono::Datelike;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::with_demo(backend).await;
    let boss = crate::helpers::organiser(&app).await;
    let league = competition::Entity::find()
        .filter(competition::Column::Kind.eq(CompetitionKind::League))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    // A cup published now for next year's National Day: running, but nothing played yet.
    // (Before, the page opened on it, the running competition that starts last.)
    let next_year = today().0.year() + 1;
    let teams = crate::cups::men(&app, 6).await;
    let cup = crate::cups::publish_cup(
        &app,
        &boss,
        "明年国庆杯",
        &teams,
        "knockout",
        &format!("national_day:{next_year}-10-01"),
    )
    .await;
    let finished = competition::Entity::find()
        .filter(competition::Column::Kind.eq(CompetitionKind::Cup))
        .filter(competition::Column::Id.ne(cup))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;

    let page = app.get("/standings").await;
    assert!(
        page.body.contains(&format!(
            r#"href="/standings?competition={league}" aria-current="page""#
        )),
        "the league being played is shown"
    );
    assert_eq!(table_rows(&page.body), 13, "its 12 teams");
    assert!(page.body.contains("排名暂定"));
    // The others stay one tap away: the current one first, the finished one last.
    let at = |body: &str, id: i32| body.find(&format!("?competition={id}\"")).unwrap();
    assert!(at(&page.body, league) < at(&page.body, cup));
    assert!(at(&page.body, cup) < at(&page.body, finished));
    // The fixtures page lists them in the same order, and the API too.
    let fixtures = app.get("/fixtures").await.body;
    assert!(at(&fixtures, league) < at(&fixtures, cup));
    assert!(at(&fixtures, cup) < at(&fixtures, finished));
    let api = app.get("/api/v1/competitions").await.json();
    let ids: Vec<i64> = api
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![league as i64, cup as i64, finished as i64]);
    // Asked for, the cup is shown.
    let asked = app.get(&format!("/standings?competition={cup}")).await;
    assert!(asked.body.contains(&format!(
        r#"href="/standings?competition={cup}" aria-current="page""#
    )));
}

#[tokio::test]
async fn standings_open_on_the_competition_being_played_not_a_cup_ahead() {
    on_every_backend!(standings_now);
}

async fn captain_dates(backend: Backend) {
    use app::components::format_day;
    use app::i18n::Lang;
    let app = TestApp::with_demo(backend).await;
    let captain = app
        .sign_in("captain1", server::demo::DEMO_CAPTAIN_PIN)
        .await;
    let me = app.get_with_cookie("/me", &captain).await;
    assert_eq!(me.status, 200);
    let games: Vec<&str> = me.body.split(r#"<li class="game">"#).skip(1).collect();
    assert!(games.len() >= 5, "games to report and the next ones");
    // Every game stands under the heading of its day.
    let mut before = me
        .body
        .split(r#"<li class="game">"#)
        .next()
        .unwrap()
        .to_owned();
    for game in games {
        let starts = game
            .split(r#"<time datetime=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap();
        let day = chrono::DateTime::parse_from_rfc3339(starts)
            .unwrap()
            .date_naive();
        let heading = day_headings(&before).pop().expect("a day heading");
        assert_eq!(heading, format_day(day, Lang::Zh), "the game of {starts}");
        before.push_str(game);
    }
}

#[tokio::test]
async fn a_captain_sees_the_date_of_each_of_their_games() {
    on_every_backend!(captain_dates);
}

async fn webcal_links(backend: Backend) {
    use axum::{body::Body, http::header, http::Request};
    let app = TestApp::with_demo(backend).await;
    let get = |path: String| {
        app.request(
            Request::get(path)
                .header(header::HOST, crate::helpers::TEST_HOST)
                .body(Body::empty())
                .unwrap(),
        )
    };
    let host = crate::helpers::TEST_HOST;
    let team = get("/teams/1".into()).await.body;
    // Subscribing is the main action: the phone's calendar keeps a webcal:// feed up to
    // date; the plain file stays for a computer.
    let subscribe = team
        .split(r#"<div class="subscribe">"#)
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .expect("the calendar links");
    let webcal = subscribe
        .find(&format!(r#"href="webcal://{host}/calendar/teams/1.ics""#))
        .expect("a webcal link");
    let file = subscribe
        .find(r#"href="/calendar/teams/1.ics" type="text/calendar" download"#)
        .expect("the plain file");
    assert!(webcal < file, "subscribing first: {subscribe}");
    assert!(subscribe[..file].contains(r#"class="button webcal""#));
    let standings = get("/standings".into()).await.body;
    assert!(standings.contains(&format!("webcal://{host}/calendar/competitions/")));
    let fixtures = get("/fixtures?court=2".into()).await.body;
    assert!(fixtures.contains(&format!("webcal://{host}/calendar/courts/2.ics")));
    // The feed answers at that path.
    assert_eq!(app.get("/calendar/teams/1.ics").await.status, 200);
}

#[tokio::test]
async fn calendar_links_subscribe_with_webcal_on_the_request_host() {
    on_every_backend!(webcal_links);
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_csp_their_scripts_satisfy() {
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let page = app.get("/").await;
    let header = |name: &str| {
        page.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "same-origin");
    assert_eq!(header("x-frame-options"), "DENY");
    let csp = header("content-security-policy");
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    let nonce = &crate::helpers::csp_nonce(&page);
    // Every inline script of the page carries this response's nonce (`/live.js` is this
    // site's own file, which the policy allows).
    let scripts =
        page.body.matches("<script").count() - page.body.matches("<script src=\"/").count();
    assert!(scripts > 0);
    assert_eq!(
        page.body.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "{}",
        page.body
    );
    // A reader served from the cache gets the render's bytes, its nonce with them; a new
    // render of a page that changed gets a fresh one, on every script.
    let again = app.get("/").await;
    assert_eq!(again.headers["x-cunba-cache"], "hit");
    assert_eq!(&crate::helpers::csp_nonce(&again), nonce);
    assert_eq!(again.bytes, page.bytes);
    use app::db::entities::team;
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
    let teams = app.get("/teams").await;
    let before = crate::helpers::csp_nonce(&teams);
    let mut renamed = team::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("a demo team")
        .into_active_model();
    renamed.name = Set("新名字队".into());
    renamed.update(&app.db).await.unwrap();
    app.live
        .publish(app::live::LiveEvent {
            kind: app::live::LiveKind::Schedule,
            game_id: 0,
            competition_id: 0,
            teams: vec![],
            score: None,
        })
        .await;
    let rendered = app.get("/teams").await;
    assert!(rendered.body.contains("新名字队"));
    let fresh = crate::helpers::csp_nonce(&rendered);
    assert_ne!(fresh, before);
    assert!(!rendered.body.contains(before.as_str()));
    assert_eq!(
        rendered.body.matches(&format!("nonce=\"{fresh}\"")).count(),
        rendered.body.matches("<script").count() - rendered.body.matches("<script src=\"/").count()
    );
}

#[tokio::test]
async fn oversized_form_posts_are_refused_unread() {
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let huge = format!("lang=en&next={}", "a".repeat(100 * 1024));
    let response = app.post_form("/lang", &huge).await;
    assert_eq!(response.status, axum::http::StatusCode::PAYLOAD_TOO_LARGE);
}

/// Routers made while pages render (the tests make many at once in one process) never stall
/// a page. Leptos works the routes out with resource loading switched off for the whole
/// process (leptos-rs/leptos#4773); a page whose data began loading then would never finish.
/// The routes are now worked out once per process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn routers_made_while_pages_render_never_stall_a_page() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let stop = Arc::new(AtomicBool::new(false));
    let maker = {
        let (stop, state) = (stop.clone(), app.state.clone());
        std::thread::spawn(move || {
            let mut made = 0u32;
            while !stop.load(Ordering::SeqCst) {
                drop(server::startup::router(state.clone()));
                made += 1;
            }
            made
        })
    };
    for n in 0..40 {
        // A new address each time: rendered, not taken from the page cache.
        let page = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            app.get(&format!("/standings?n={n}")),
        )
        .await
        .unwrap_or_else(|_| panic!("page {n} stalled"));
        assert_eq!(page.status, axum::http::StatusCode::OK);
    }
    stop.store(true, Ordering::SeqCst);
    assert!(maker.join().expect("the router maker") > 0);
}

/// A team's next games start today or later: a past game still waiting for its result is
/// not "next" (it waits in 管理 for the organiser).
async fn next_games_are_from_today(backend: Backend) {
    use app::db::entities::{game, team};
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let app = TestApp::with_demo(backend).await;
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    // The demo leaves a game its captains have not reported. The demo is made from the
    // clock, so late in the evening that game may be tonight's: set it two days back, a
    // past game still waiting for its result whatever the hour.
    let unreported = game::Entity::find()
        .filter(game::Column::Status.eq(app::model::GameStatus::Scheduled))
        .filter(game::Column::StartsAt.lt(chrono::Utc::now()))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo leaves a game without a result");
    let two_days_back = unreported.starts_at - chrono::Duration::days(2);
    let mut moved: game::ActiveModel = unreported.into();
    moved.starts_at = Set(two_days_back);
    moved.update(&app.db).await.unwrap();
    let waiting: Vec<game::Model> = game::Entity::find()
        .filter(game::Column::Status.eq(app::model::GameStatus::Scheduled))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|g| {
            g.starts_at
                .with_timezone(&chrono_tz::Asia::Shanghai)
                .date_naive()
                < today
        })
        .collect();
    assert!(
        !waiting.is_empty(),
        "the demo leaves a past game without a result"
    );
    for team in team::Entity::find().all(&app.db).await.unwrap() {
        let data = app.get(&format!("/api/v1/teams/{}", team.id)).await.json();
        for game in data["upcoming"].as_array().unwrap() {
            let at = chrono::DateTime::parse_from_rfc3339(game["starts_at"].as_str().unwrap())
                .unwrap()
                .with_timezone(&chrono_tz::Asia::Shanghai);
            assert!(
                at.date_naive() >= today || game["status"] == "postponed",
                "{} lists {game} as next",
                team.name
            );
        }
    }
}

#[tokio::test]
async fn a_teams_next_games_start_from_today() {
    on_every_backend!(next_games_are_from_today);
}

/// The rows of a standings page's tables (not of its leaders).
fn table_rows(body: &str) -> usize {
    body.split("id=\"leaders\"")
        .next()
        .unwrap_or_default()
        .matches("<tr>")
        .count()
}
