//! The season set-up (villager groups, teams, players with the CSV import and export,
//! courts with weekly windows, blackout dates and festivals): every route refused to
//! residents (401 / sign-in redirect) and captains (403) with nothing changed, done for
//! organisers and audit-logged; refused forms come back with what was typed — on SQLite
//! and, when configured, PostgreSQL.
use app::db::entities::*;
use axum::http::StatusCode;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use server::demo::DEMO_CAPTAIN_PIN;

use crate::helpers::{encode, organiser, Backend, TestApp, TestResponse, TEST_HOST};
use crate::on_every_backend;

mod courts;
mod csv;

async fn captain(app: &TestApp) -> String {
    app.sign_in("captain1", DEMO_CAPTAIN_PIN).await
}

async fn audit_count(app: &TestApp) -> u64 {
    audit_log::Entity::find().count(&app.db).await.unwrap()
}

/// A roster upload as the import form sends it: the file in part `file`, or pasted text.
async fn upload(
    app: &TestApp,
    team: i32,
    file: Option<&[u8]>,
    pasted: &str,
    cookie: Option<&str>,
    json: bool,
) -> TestResponse {
    let boundary = "----cunba-setup-boundary-x1";
    let mut body = Vec::new();
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csv\"\r\n\r\n{pasted}\r\n")
            .as_bytes(),
    );
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"roster.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend(file.unwrap_or_default());
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut request = axum::http::Request::post(format!("/actions/setup/teams/{team}/import"))
        .header(axum::http::header::HOST, TEST_HOST)
        .header(axum::http::header::ORIGIN, format!("http://{TEST_HOST}"))
        .header(
            axum::http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
    if let Some(cookie) = cookie {
        request = request.header(axum::http::header::COOKIE, cookie);
    }
    if json {
        request = request.header(axum::http::header::ACCEPT, "application/json");
    }
    app.request(request.body(axum::body::Body::from(body)).unwrap())
        .await
}

fn first_id<T>(rows: &[T], id: impl Fn(&T) -> i32) -> i32 {
    rows.iter().map(id).min().expect("a row")
}

/// Every set-up route, for one caller: (what, response). Each posts a valid form, so an
/// organiser's is done and anybody else's is refused.
async fn every_route(app: &TestApp, cookie: Option<&str>, n: usize) -> Vec<(String, TestResponse)> {
    let group = first_id(
        &villager_group::Entity::find().all(&app.db).await.unwrap(),
        |g| g.id,
    );
    let team = first_id(&team::Entity::find().all(&app.db).await.unwrap(), |t| t.id);
    let court = first_id(&court::Entity::find().all(&app.db).await.unwrap(), |c| c.id);
    let newest = |ids: Vec<i32>| ids.into_iter().max().unwrap_or(0);
    let player = newest(
        player::Entity::find()
            .filter(player::Column::TeamId.eq(team))
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect(),
    );
    let window = newest(
        court_availability::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|w| w.id)
            .collect(),
    );
    let blackout = newest(
        blackout::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|b| b.id)
            .collect(),
    );
    let team_blackout = newest(
        team_blackout::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|b| b.id)
            .collect(),
    );
    let import = newest(
        player_import::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect(),
    );
    let name = format!("测试{n}");
    let group_s = group.to_string();
    let day = format!("2031-03-{:02}", n + 1);
    let number = (60 + n).to_string();
    let posts: Vec<(String, String)> = vec![
        (
            "/actions/setup/association".into(),
            encode([("name", format!("{name}协会").as_str())]),
        ),
        (
            "/actions/setup/groups".into(),
            encode([("name", name.as_str())]),
        ),
        (
            format!("/actions/setup/groups/{group}"),
            encode([("name", format!("{name}组").as_str())]),
        ),
        (
            "/actions/setup/teams".into(),
            encode([
                ("name", format!("{name}队").as_str()),
                ("division", "men"),
                ("group_id", group_s.as_str()),
            ]),
        ),
        (
            format!("/actions/setup/teams/{team}"),
            encode([
                ("name", format!("{name}改").as_str()),
                ("short_name", "改"),
                ("division", "men"),
                ("group_id", group_s.as_str()),
            ]),
        ),
        (
            format!("/actions/setup/teams/{team}/players"),
            encode([("name", name.as_str()), ("number", number.as_str())]),
        ),
        (
            format!("/actions/setup/players/{player}/remove"),
            String::new(),
        ),
        (
            format!("/actions/setup/teams/{team}/import/{import}"),
            String::new(),
        ),
        (
            "/actions/setup/courts".into(),
            encode([
                ("name", format!("{name}场").as_str()),
                ("games_per_evening", "2"),
            ]),
        ),
        (
            format!("/actions/setup/courts/{court}"),
            encode([
                ("name", format!("{name}球场").as_str()),
                ("games_per_evening", "3"),
                ("has_lights", "on"),
            ]),
        ),
        (
            format!("/actions/setup/courts/{court}/windows"),
            encode([
                ("weekday", "6"),
                ("starts_at", "19:00"),
                ("ends_at", "22:00"),
            ]),
        ),
        (
            format!("/actions/setup/windows/{window}/remove"),
            String::new(),
        ),
        (
            format!("/actions/setup/courts/{court}/blackouts"),
            encode([("from", day.as_str()), ("reason", "维修")]),
        ),
        (
            "/actions/setup/blackouts".into(),
            encode([
                ("from", day.as_str()),
                ("to", day.as_str()),
                ("reason", "农忙"),
            ]),
        ),
        (
            format!("/actions/setup/blackouts/{blackout}/remove"),
            String::new(),
        ),
        (
            format!("/actions/setup/teams/{team}/blackouts"),
            encode([("from", day.as_str()), ("reason", "婚宴")]),
        ),
        (
            format!("/actions/setup/team-blackouts/{team_blackout}/remove"),
            String::new(),
        ),
        (
            "/actions/setup/festivals".into(),
            encode([
                ("year", (2030 + n).to_string().as_str()),
                ("festival", "mid_autumn"),
            ]),
        ),
    ];
    let mut answers = Vec::new();
    for (path, form) in posts {
        let response = app.post(&path, &form, cookie, true).await;
        answers.push((path, response));
    }
    // The upload (multipart) and the export (a GET).
    let csv = format!("姓名,号码\n上传{n},{}\n", 80 + n);
    answers.push((
        "upload".into(),
        upload(app, team, Some(csv.as_bytes()), "", cookie, true).await,
    ));
    let export = format!("/setup/teams/{team}/players.csv");
    let mut request =
        axum::http::Request::get(&export).header(axum::http::header::ACCEPT, "application/json");
    if let Some(cookie) = cookie {
        request = request.header(axum::http::header::COOKIE, cookie);
    }
    answers.push((
        export,
        app.request(request.body(axum::body::Body::empty()).unwrap())
            .await,
    ));
    answers
}

/// What the setup tables hold, to see that a refused request changed nothing.
async fn snapshot(app: &TestApp) -> String {
    format!(
        "{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}",
        association::Entity::find().all(&app.db).await.unwrap(),
        team_blackout::Entity::find()
            .order_by_asc(team_blackout::Column::Id)
            .all(&app.db)
            .await
            .unwrap(),
        villager_group::Entity::find()
            .order_by_asc(villager_group::Column::Id)
            .all(&app.db)
            .await
            .unwrap(),
        team::Entity::find()
            .order_by_asc(team::Column::Id)
            .all(&app.db)
            .await
            .unwrap(),
        player::Entity::find()
            .order_by_asc(player::Column::Id)
            .all(&app.db)
            .await
            .unwrap(),
        court::Entity::find()
            .order_by_asc(court::Column::Id)
            .all(&app.db)
            .await
            .unwrap(),
        court_availability::Entity::find()
            .order_by_asc(court_availability::Column::Id)
            .all(&app.db)
            .await
            .unwrap(),
        blackout::Entity::find()
            .order_by_asc(blackout::Column::Id)
            .all(&app.db)
            .await
            .unwrap(),
        player_import::Entity::find().count(&app.db).await.unwrap(),
    )
}

/// Every set-up page (the team's, court's and import's of the first ones).
async fn pages(app: &TestApp) -> Vec<String> {
    let team = first_id(&team::Entity::find().all(&app.db).await.unwrap(), |t| t.id);
    let court = first_id(&court::Entity::find().all(&app.db).await.unwrap(), |c| c.id);
    let import = first_id(
        &player_import::Entity::find().all(&app.db).await.unwrap(),
        |i| i.id,
    );
    vec![
        "/setup".into(),
        "/setup/groups".into(),
        "/setup/teams".into(),
        format!("/setup/teams/{team}"),
        format!("/setup/teams/{team}/import/{import}"),
        "/setup/courts".into(),
        format!("/setup/courts/{court}"),
        "/setup/calendar?year=2026".into(),
    ]
}

async fn matrix(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = organiser(&app).await;
    let captain = captain(&app).await;
    // Something for every removal and the import to act on.
    for n in 0..3 {
        let team = first_id(&team::Entity::find().all(&app.db).await.unwrap(), |t| t.id);
        let court = first_id(&court::Entity::find().all(&app.db).await.unwrap(), |c| c.id);
        let number = (50 + n).to_string();
        let added = app
            .post(
                &format!("/actions/setup/teams/{team}/players"),
                &encode([("name", "备用"), ("number", number.as_str())]),
                Some(&organiser),
                true,
            )
            .await;
        assert_eq!(added.status, StatusCode::OK, "{}", added.body);
        app.post(
            &format!("/actions/setup/courts/{court}/windows"),
            &encode([
                ("weekday", "1"),
                ("starts_at", "18:00"),
                ("ends_at", "20:00"),
            ]),
            Some(&organiser),
            true,
        )
        .await;
        app.post(
            "/actions/setup/blackouts",
            &encode([
                ("from", format!("2032-01-0{}", n + 1).as_str()),
                ("reason", "备用"),
            ]),
            Some(&organiser),
            true,
        )
        .await;
        app.post(
            &format!("/actions/setup/teams/{team}/blackouts"),
            &encode([
                ("from", format!("2032-02-0{}", n + 1).as_str()),
                ("reason", "备用"),
            ]),
            Some(&organiser),
            true,
        )
        .await;
        upload(
            &app,
            team,
            Some(format!("姓名,号码\n导入{n},{}\n", 70 + n).as_bytes()),
            "",
            Some(&organiser),
            true,
        )
        .await;
    }
    for (who, cookie, expected) in [
        ("resident", None, StatusCode::UNAUTHORIZED),
        ("captain", Some(captain.as_str()), StatusCode::FORBIDDEN),
    ] {
        let before = snapshot(&app).await;
        let audit = audit_count(&app).await;
        let answers = every_route(&app, cookie, 0).await;
        assert_eq!(answers.len(), 20);
        for (path, response) in &answers {
            assert_eq!(
                response.status, expected,
                "{who} × {path}: {}",
                response.body
            );
            assert!(
                !response.body.contains("姓名,号码"),
                "{who} × {path}: no roster"
            );
        }
        assert_eq!(snapshot(&app).await, before, "{who}: nothing changed");
        assert_eq!(audit_count(&app).await, audit, "{who}: nothing logged");
        // The pages: no data, the right status.
        for page in pages(&app).await {
            let response = match cookie {
                Some(cookie) => app.get_with_cookie(&page, cookie).await,
                None => app.get(&page).await,
            };
            assert_eq!(response.status, expected, "{who} × {page}");
            assert!(!response.body.contains("备用"), "{who} × {page}: no roster");
        }
    }
    // A plain form post (no JSON) from a resident goes to the sign-in page and back.
    let plain = app
        .post("/actions/setup/groups", "name=x", None, false)
        .await;
    assert_eq!(plain.status, StatusCode::SEE_OTHER);
    assert!(
        plain
            .location()
            .starts_with("/signin?next=%2Fsetup%2Fgroups"),
        "{}",
        plain.location()
    );
    // The organiser: every route done, every change logged.
    let audit = audit_count(&app).await;
    let answers = every_route(&app, Some(&organiser), 1).await;
    for (path, response) in &answers {
        assert_eq!(
            response.status,
            StatusCode::OK,
            "organiser × {path}: {}",
            response.body
        );
    }
    // 18 posts change something (the upload is kept for its preview, the export reads).
    assert_eq!(audit_count(&app).await, audit + 18);
    for page in pages(&app).await {
        let response = app.get_with_cookie(&page, &organiser).await;
        assert_eq!(response.status, StatusCode::OK, "organiser × {page}");
    }
    // GET on an action is not a way in.
    let get = app
        .get_with_cookie("/actions/setup/groups", &organiser)
        .await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    // /me links organisers to the set-up, not captains.
    assert!(app
        .get_with_cookie("/me", &organiser)
        .await
        .body
        .contains("href=\"/setup\""));
    assert!(!app
        .get_with_cookie("/me", &captain)
        .await
        .body
        .contains("href=\"/setup\""));
}

#[tokio::test]
async fn every_setup_route_is_for_organisers_only() {
    on_every_backend!(matrix);
}

async fn refusals_keep_what_was_typed(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cookie = organiser(&app).await;
    // A group: added, renamed, a duplicate refused with the name typed.
    let added = app
        .post(
            "/actions/setup/groups",
            "name=%E5%8D%81%E4%B8%89%E7%BB%84",
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(added.location(), "/setup/groups?m=GroupAdded");
    let group = villager_group::Entity::find()
        .filter(villager_group::Column::Name.eq("十三组"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the new group");
    let again = app
        .post(
            "/actions/setup/groups",
            "name=%E5%8D%81%E4%B8%89%E7%BB%84",
            Some(&cookie),
            false,
        )
        .await;
    // The form again, in the answer itself: what was typed is in no address.
    let page = shown_again(&again);
    assert!(
        page.contains("已有同名的一项") && page.contains("value=\"十三组\""),
        "the error in the user's language, next to what was typed"
    );
    let renamed = app
        .post(
            &format!("/actions/setup/groups/{}", group.id),
            &encode([("name", "十三组（新）")]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    // A team with errors: everything typed comes back, each error next to its field.
    let form = encode([
        ("name", "新队"),
        ("short_name", "这个简称实在是太长了"),
        ("division", "kids"),
        ("group_id", ""),
    ]);
    let refused = app
        .post("/actions/setup/teams", &form, Some(&cookie), false)
        .await;
    let page = shown_again(&refused);
    assert!(page.contains("value=\"新队\""), "the name typed is back");
    assert!(page.contains("value=\"这个简称实在是太长了\""));
    assert!(page.contains("请从列表中选择") && page.contains("内容过长"));
    let json = app
        .post("/actions/setup/teams", &form, Some(&cookie), true)
        .await;
    assert_eq!(json.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json.json()["errors"].as_array().unwrap().len(), 3);
    // The team made: to its page.
    let form = encode([
        ("name", "新队"),
        ("division", "youth"),
        ("group_id", group.id.to_string().as_str()),
    ]);
    let made = app
        .post("/actions/setup/teams", &form, Some(&cookie), true)
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let team_id = made.json()["team_id"].as_i64().unwrap() as i32;
    let team = team::Entity::find_by_id(team_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (team.short_name.as_str(), team.division.as_str()),
        ("新队", "youth")
    );
    // A player: a number out of range comes back with the name typed.
    let players = format!("/actions/setup/teams/{team_id}/players");
    let bad = app
        .post(
            &players,
            &encode([("name", "张三"), ("number", "100")]),
            Some(&cookie),
            false,
        )
        .await;
    // A player's name never goes into an address.
    let page = shown_again(&bad);
    assert!(page.contains("value=\"张三\"") && page.contains("号码须在0到99之间"));
    let good = app
        .post(
            &players,
            &encode([("name", "张三"), ("number", "9"), ("birth_year", "1990")]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.body);
    let taken = app
        .post(
            &players,
            &encode([("name", "李四"), ("number", "9")]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(taken.json()["errors"][0]["problem"], "number_taken");
    // A court window that ends before it starts, a blackout range backwards.
    let court = app
        .post(
            "/actions/setup/courts",
            &encode([("name", "新球场"), ("games_per_evening", "9")]),
            Some(&cookie),
            false,
        )
        .await;
    let page = shown_again(&court);
    assert!(page.contains("value=\"新球场\"") && page.contains("每晚1到6场"));
    let court = app
        .post(
            "/actions/setup/courts",
            &encode([
                ("name", "新球场"),
                ("games_per_evening", "2"),
                ("has_lights", "on"),
            ]),
            Some(&cookie),
            true,
        )
        .await;
    let court_id = court.json()["court_id"].as_i64().unwrap() as i32;
    let window = app
        .post(
            &format!("/actions/setup/courts/{court_id}/windows"),
            &encode([
                ("weekday", "6"),
                ("starts_at", "21:00"),
                ("ends_at", "19:00"),
            ]),
            Some(&cookie),
            false,
        )
        .await;
    let page = shown_again(&window);
    assert!(page.contains("value=\"21:00\"") && page.contains("结束须晚于开始"));
    let range = app
        .post(
            "/actions/setup/blackouts",
            &encode([
                ("from", "2026-06-20"),
                ("to", "2026-06-01"),
                ("reason", "农忙"),
            ]),
            Some(&cookie),
            false,
        )
        .await;
    let page = shown_again(&range);
    assert!(page.contains("value=\"农忙\"") && page.contains("value=\"2026-06-20\""));
}

#[tokio::test]
async fn refused_forms_come_back_with_what_was_typed() {
    on_every_backend!(refusals_keep_what_was_typed);
}

/// A form the server sent back with its errors: shown again in the answer itself (422),
/// with what was typed in its body and nothing in an address.
fn shown_again(response: &TestResponse) -> &str {
    assert_eq!(
        response.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        response.body
    );
    assert!(response.location().is_empty(), "{}", response.location());
    assert_eq!(response.headers["cache-control"], "no-store");
    &response.body
}
