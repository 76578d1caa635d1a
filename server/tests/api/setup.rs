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

async fn csv_import(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cookie = organiser(&app).await;
    let team = first_id(&team::Entity::find().all(&app.db).await.unwrap(), |t| t.id);
    let roster = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            player::Entity::find()
                .filter(player::Column::TeamId.eq(team))
                .all(&db)
                .await
                .unwrap()
        }
    };
    let before = roster(&app).await;
    let worn = before
        .first()
        .map(|p| p.jersey_number)
        .expect("demo players");
    // One bad row (number 100), one number already worn, one duplicate in the file.
    let file = format!(
        "\u{feff}姓名,号码,出生年份\r\n王小明,88,2001\r\n李大壮,100,1999\r\n赵四,{worn},\r\n孙五,88,\r\n=HACK(),89,\r\n"
    );
    let sent = upload(&app, team, Some(file.as_bytes()), "", Some(&cookie), false).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let preview_page = sent.location();
    assert!(
        preview_page.starts_with(&format!("/setup/teams/{team}/import/")),
        "{preview_page}"
    );
    let page = app.get_with_cookie(&preview_page, &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "王小明",
        "号码须在0到99之间",
        "本队已有球员穿这个号码",
        "前面的行已用了这个号码",
        "2行无误",
        "3行有问题",
        "只导入标为“无误”的行",
    ] {
        assert!(page.body.contains(text), "{text} on the preview");
    }
    assert_eq!(
        roster(&app).await.len(),
        before.len(),
        "nothing imported by a preview"
    );
    // The same as JSON, for a script.
    let json = upload(&app, team, Some(file.as_bytes()), "", Some(&cookie), true).await;
    let rows = json.json()["preview"]["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[1]["line"], 3);
    assert_eq!(rows[1]["problems"][0]["problem"], "number_out_of_range");
    assert_eq!(rows[0]["ok"], true);
    // Import: only the OK rows.
    let import = preview_page
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let done = app
        .post(
            &format!("/actions/setup/teams/{team}/import/{import}"),
            "",
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.json()["imported"], 2);
    let after = roster(&app).await;
    assert_eq!(after.len(), before.len() + 2);
    let new = after.iter().find(|p| p.name == "王小明").unwrap();
    assert_eq!((new.jersey_number, new.birth_year), (88, Some(2001)));
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("team.import_players"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(audit.after.unwrap().contains("王小明"));
    // The upload is gone: importing twice is refused.
    let twice = app
        .post(
            &format!("/actions/setup/teams/{team}/import/{import}"),
            "",
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);
    // Export: UTF-8 with a BOM, the formula cell made safe, read back by the importer.
    let export = app
        .get_with_cookie(&format!("/setup/teams/{team}/players.csv"), &cookie)
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(
        export
            .bytes
            .starts_with(b"\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D"),
        "BOM then 姓名"
    );
    assert!(export.body.contains("'=HACK(),89,"), "{}", export.body);
    assert!(export.body.contains("王小明,88,2001\r\n"));
    let back = app::domain::players_csv::parse(&export.bytes, &[], 2026).unwrap();
    assert_eq!(back.rows.len(), after.len());
    // GBK (Excel on a Chinese Windows) is read and said; an .xlsx is refused with a reason.
    let gbk = encoding_rs::GBK
        .encode("姓名,号码\n钱六,77\n")
        .0
        .into_owned();
    let sent = upload(&app, team, Some(gbk.as_slice()), "", Some(&cookie), false).await;
    let page = app.get_with_cookie(&sent.location(), &cookie).await;
    assert!(
        page.body.contains("GBK") && page.body.contains("钱六"),
        "GBK preview"
    );
    let sent = upload(
        &app,
        team,
        Some(&b"PK\x03\x04xlsx"[..]),
        "",
        Some(&cookie),
        false,
    )
    .await;
    let page = app.get_with_cookie(&sent.location(), &cookie).await;
    assert!(page.body.contains("另存为"), "an xlsx is explained");
    // Pasted text works too; nothing at all is refused back on the team page.
    let pasted = upload(
        &app,
        team,
        None,
        "name,number\nPasted,66",
        Some(&cookie),
        true,
    )
    .await;
    assert_eq!(pasted.json()["preview"]["rows"][0]["ok"], true);
    let empty = upload(&app, team, None, "  ", Some(&cookie), false).await;
    assert_eq!(
        empty.location(),
        format!("/setup/teams/{team}?form=import&e=CsvEmpty")
    );
    // A file with no valid row cannot be imported.
    let none = upload(
        &app,
        team,
        Some(&b"name,number\n,\n"[..]),
        "",
        Some(&cookie),
        false,
    )
    .await;
    let import = none.location().rsplit('/').next().unwrap().to_owned();
    let refused = app
        .post(
            &format!("/actions/setup/teams/{team}/import/{import}"),
            "",
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn players_import_from_csv_through_a_preview_and_export_back() {
    on_every_backend!(csv_import);
}

async fn courts_and_calendar(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cookie = organiser(&app).await;
    let group = first_id(
        &villager_group::Entity::find().all(&app.db).await.unwrap(),
        |g| g.id,
    );
    let form = encode([
        ("name", "河边球场"),
        ("group_id", group.to_string().as_str()),
        ("games_per_evening", "3"),
        ("has_lights", "on"),
    ]);
    let made = app
        .post("/actions/setup/courts", &form, Some(&cookie), false)
        .await;
    let court_page = made.location();
    assert!(court_page.starts_with("/setup/courts/"), "{court_page}");
    let court_id: i32 = court_page
        .trim_start_matches("/setup/courts/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let court = court::Entity::find_by_id(court_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            court.has_lights,
            court.games_per_evening,
            court.villager_group_id
        ),
        (true, 3, Some(group))
    );
    // Lights off: an unticked box is not sent.
    let off = app
        .post(
            &format!("/actions/setup/courts/{court_id}"),
            &encode([("name", "河边球场"), ("games_per_evening", "2")]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(off.status, StatusCode::OK);
    let court = court::Entity::find_by_id(court_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!court.has_lights);
    assert_eq!(court.villager_group_id, None);
    // Weekly windows.
    for (day, from, to) in [("6", "19:00", "22:00"), ("7", "15:00", "18:30")] {
        let added = app
            .post(
                &format!("/actions/setup/courts/{court_id}/windows"),
                &encode([("weekday", day), ("starts_at", from), ("ends_at", to)]),
                Some(&cookie),
                true,
            )
            .await;
        assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    }
    let windows = court_availability::Entity::find()
        .filter(court_availability::Column::CourtId.eq(court_id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(windows.len(), 2);
    assert!(windows
        .iter()
        .any(|w| w.weekday == 7 && w.ends_at.to_string() == "18:30:00"));
    let page = app.get_with_cookie(&court_page, &cookie).await;
    assert!(page.body.contains("星期六") && page.body.contains("19:00–22:00"));
    // A court blackout for three days; the association's farming season as one range.
    let added = app
        .post(
            &format!("/actions/setup/courts/{court_id}/blackouts"),
            &encode([
                ("from", "2026-07-01"),
                ("to", "2026-07-03"),
                ("reason", "换篮筐"),
            ]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(added.json()["added"], 3);
    let season = app
        .post(
            "/actions/setup/blackouts",
            &encode([
                ("from", "2026-05-20"),
                ("to", "2026-06-10"),
                ("reason", "农忙（插秧）"),
            ]),
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(
        season.location(),
        "/setup/calendar?year=2026&m=BlackoutAdded"
    );
    let association = blackout::Entity::find()
        .filter(blackout::Column::CourtId.is_null())
        .filter(blackout::Column::Reason.eq("农忙（插秧）"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(association.len(), 22);
    // Festivals: computed for the year, one click makes one a blackout.
    let page = app
        .get_with_cookie("/setup/calendar?year=2026", &cookie)
        .await;
    for text in [
        "2026-02-17",
        "2026-04-05",
        "2026-06-19",
        "2026-09-25",
        "2026-10-01",
        "中秋节",
    ] {
        assert!(page.body.contains(text), "{text} on the calendar");
    }
    let block = app
        .post(
            "/actions/setup/festivals",
            &encode([("year", "2026"), ("festival", "mid_autumn")]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(block.json()["added"], true);
    assert_eq!(block.json()["date"], "2026-09-25");
    let again = app
        .post(
            "/actions/setup/festivals",
            &encode([("year", "2026"), ("festival", "mid_autumn")]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(again.json()["added"], false, "once is enough");
    let mid_autumn = blackout::Entity::find()
        .filter(blackout::Column::OnDate.eq(NaiveDate::from_ymd_opt(2026, 9, 25).unwrap()))
        .filter(blackout::Column::CourtId.is_null())
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(mid_autumn.len(), 1);
    assert_eq!(mid_autumn[0].reason, "中秋节");
    let page = app
        .get_with_cookie("/setup/calendar?year=2026", &cookie)
        .await;
    assert!(page.body.contains("已设为停赛日"));
    let wrong = app
        .post(
            "/actions/setup/festivals",
            &encode([("year", "2026"), ("festival", "halloween")]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Removing a day; every change is in the audit log.
    let removed = app
        .post(
            &format!("/actions/setup/blackouts/{}/remove", mid_autumn[0].id),
            "year=2026",
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(
        removed.location(),
        "/setup/calendar?year=2026&m=BlackoutRemoved"
    );
    let actions: Vec<String> = audit_log::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for action in [
        "court.create",
        "court.update",
        "court.add_window",
        "court.add_blackout",
        "association.add_blackout",
        "association.remove_blackout",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action} logged");
    }
}

#[tokio::test]
async fn courts_windows_blackouts_and_festivals() {
    on_every_backend!(courts_and_calendar);
}

async fn association_renamed(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cookie = organiser(&app).await;
    let hub = app.get_with_cookie("/setup", &cookie).await;
    assert!(
        hub.body.contains("大朗镇篮球协会 · 巷头社区（演示）"),
        "{}",
        hub.body
    );
    // Empty or too long: refused, the name unchanged, what was typed shown again.
    let empty = app
        .post("/actions/setup/association", "name=+", Some(&cookie), false)
        .await;
    assert!(shown_again(&empty).contains("class=\"field-error\""));
    let long = "协".repeat(41);
    let refused = app
        .post(
            "/actions/setup/association",
            &encode([("name", long.as_str())]),
            Some(&cookie),
            false,
        )
        .await;
    assert!(
        shown_again(&refused).contains(&long),
        "the long name typed is kept"
    );
    assert_eq!(
        association::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .name,
        "大朗镇篮球协会 · 巷头社区（演示）"
    );
    // Saved: the set-up page and the audit log say so.
    let saved = app
        .post(
            "/actions/setup/association",
            &encode([("name", " 巷头社区篮球协会 ")]),
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(saved.location(), "/setup?m=AssociationRenamed");
    let hub = app.get_with_cookie(&saved.location(), &cookie).await;
    assert!(hub.body.contains("value=\"巷头社区篮球协会\"") && hub.body.contains("协会名称已保存"));
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("association"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the rename is logged");
    assert_eq!(
        (audit.before.as_deref(), audit.after.as_deref()),
        (
            Some("大朗镇篮球协会 · 巷头社区（演示）"),
            Some("巷头社区篮球协会")
        )
    );
}

#[tokio::test]
async fn organisers_rename_the_association() {
    on_every_backend!(association_renamed);
}

async fn team_blackouts(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cookie = organiser(&app).await;
    let team = first_id(&team::Entity::find().all(&app.db).await.unwrap(), |t| t.id);
    let page = format!("/setup/teams/{team}");
    // Three days; then two of them again with a fourth: only the fourth is added.
    let added = app
        .post(
            &format!("/actions/setup/teams/{team}/blackouts"),
            &encode([
                ("from", "2031-05-01"),
                ("to", "2031-05-03"),
                ("reason", "村里办喜事"),
            ]),
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(added.location(), format!("{page}?m=BlackoutAdded"));
    let again = app
        .post(
            &format!("/actions/setup/teams/{team}/blackouts"),
            &encode([
                ("from", "2031-05-02"),
                ("to", "2031-05-04"),
                ("reason", "村里办喜事"),
            ]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(again.json()["added"], 1);
    let shown = app.get_with_cookie(&page, &cookie).await;
    for day in ["2031-05-01", "2031-05-02", "2031-05-03", "2031-05-04"] {
        assert!(shown.body.contains(day), "{day} listed");
    }
    assert!(shown.body.contains("球队停赛日期") && shown.body.contains("村里办喜事"));
    // A reason is required and the typed dates come back.
    let refused = app
        .post(
            &format!("/actions/setup/teams/{team}/blackouts"),
            &encode([("from", "2031-06-01")]),
            Some(&cookie),
            false,
        )
        .await;
    let again = shown_again(&refused);
    assert!(again.contains("value=\"2031-06-01\"") && again.contains("class=\"field-error\""));
    // Removed one by one, back to the team's page; the audit log has both kinds.
    let first = team_blackout::Entity::find()
        .order_by_asc(team_blackout::Column::OnDate)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let removed = app
        .post(
            &format!("/actions/setup/team-blackouts/{}/remove", first.id),
            "",
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(removed.location(), format!("{page}?m=BlackoutRemoved"));
    assert_eq!(
        team_blackout::Entity::find().count(&app.db).await.unwrap(),
        3
    );
    let gone = app
        .post(
            &format!("/actions/setup/team-blackouts/{}/remove", first.id),
            "",
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("team"))
        .filter(audit_log::Column::EntityId.eq(team))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(
        actions,
        [
            "team.add_blackout",
            "team.add_blackout",
            "team.remove_blackout"
        ]
    );
}

#[tokio::test]
async fn a_teams_own_blackout_dates() {
    on_every_backend!(team_blackouts);
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
