//! Accounts and score reports through the real router: sign-in, invites, reporting,
//! confirming, disputing, concurrency, idempotency, auto-confirm.
use app::db::entities::*;
use app::model::{GameStatus, ReportStatus};
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use server::demo::{DEMO_CAPTAIN_PIN, DEMO_ORGANISER};

use crate::helpers::{session_cookie, Backend, TestApp};
use crate::on_every_backend;

/// A league game between two men's teams with captains, set to have tipped off three
/// hours ago with no result, and the captains' user names.
pub struct OpenGame {
    pub id: i32,
    pub version: i32,
    pub home_captain: String,
    pub away_captain: String,
    /// A captain whose team does not play in it.
    pub other_captain: String,
}

pub async fn open_game(app: &TestApp, nth: u64) -> OpenGame {
    let captains = app_user::Entity::find()
        .filter(app_user::Column::TeamId.is_not_null())
        .all(&app.db)
        .await
        .unwrap();
    let captain_of = |team: Option<i32>| {
        captains
            .iter()
            .find(|user| user.team_id == team)
            .and_then(|user| user.username.clone())
    };
    let league = competition::Entity::find()
        .filter(competition::Column::Kind.eq(app::model::CompetitionKind::League))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo league");
    let game = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(league.id))
        .order_by_asc(game::Column::Id)
        .paginate(&app.db, 1)
        .fetch_page(nth)
        .await
        .unwrap()
        .pop()
        .expect("a league game");
    reset(app, game.id).await;
    let game = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let other = captains
        .iter()
        .find(|user| user.team_id != game.home_team_id && user.team_id != game.away_team_id)
        .and_then(|user| user.username.clone())
        .unwrap();
    OpenGame {
        id: game.id,
        version: game.version,
        home_captain: captain_of(game.home_team_id).expect("a home captain"),
        away_captain: captain_of(game.away_team_id).expect("an away captain"),
        other_captain: other,
    }
}

/// The game as if it had just been played and nobody had reported it.
pub async fn reset(app: &TestApp, game_id: i32) {
    score_report::Entity::delete_many()
        .filter(score_report::Column::GameId.eq(game_id))
        .exec(&app.db)
        .await
        .unwrap();
    let game = game::Entity::find_by_id(game_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut game: game::ActiveModel = game.into();
    game.status = Set(GameStatus::Scheduled);
    game.starts_at = Set(Utc::now() - Duration::hours(3));
    game.home_score = Set(None);
    game.away_score = Set(None);
    game.period_scores = Set(None);
    game.box_score = Set(None);
    game.outcome = Set(None);
    game.update(&app.db).await.unwrap();
}

pub async fn version(app: &TestApp, game_id: i32) -> i32 {
    game::Entity::find_by_id(game_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .version
}

pub async fn reports_of(app: &TestApp, game_id: i32) -> Vec<score_report::Model> {
    score_report::Entity::find()
        .filter(score_report::Column::GameId.eq(game_id))
        .order_by_asc(score_report::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

pub fn score_form(version: i32, key: &str, home: u32, away: u32) -> String {
    format!("version={version}&key={key}&home={home}&away={away}&outcome=played")
}

async fn sign_in_and_out(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let (login, password) = DEMO_ORGANISER;
    let response = app
        .post(
            "/actions/signin",
            &format!("login={login}&secret={password}&next=%2Fme"),
            None,
            false,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert!(response.location().starts_with("/me"));
    let set_cookie = response
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    assert!(!set_cookie.contains("Secure"), "no Secure over plain HTTP");
    let cookie = session_cookie(&response).unwrap();
    let me = app.get_with_cookie("/me", &cookie).await;
    assert!(me.body.contains("演示组织者"), "the organiser's page");
    assert!(
        me.body.contains("href=\"/admin\""),
        "organisers reach 管理 (and its people page) from the header"
    );

    // Wrong password and unknown user get the same answer.
    let wrong = app
        .post(
            "/actions/signin",
            &format!("login={login}&secret=nope-nope-nope"),
            None,
            true,
        )
        .await;
    let unknown = app
        .post(
            "/actions/signin",
            "login=nobody&secret=nope-nope-nope",
            None,
            true,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json()["message"], unknown.json()["message"]);
    assert_eq!(wrong.json()["code"], "SignInFailed");

    // Signing out ends the session on the server, not only in the browser.
    let out = app.post("/actions/signout", "", Some(&cookie), false).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let me = app.get_with_cookie("/me", &cookie).await;
    assert!(
        !me.body.contains("演示组织者"),
        "the old cookie no longer signs in"
    );
}

#[tokio::test]
async fn organisers_sign_in_and_out() {
    on_every_backend!(sign_in_and_out);
}

/// A failed sign-in (a different login each time, so only the per-address limit counts)
/// from `peer`, with the `X-Forwarded-For` a proxy would add.
async fn sign_in_from(app: &TestApp, n: usize, peer: [u8; 4], forwarded: Option<&str>) -> u16 {
    use axum::{body::Body, extract::ConnectInfo, http::header, http::Request};
    let mut request = Request::post("/actions/signin")
        .header(header::HOST, crate::helpers::TEST_HOST)
        .header(
            header::ORIGIN,
            format!("http://{}", crate::helpers::TEST_HOST),
        )
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(forwarded) = forwarded {
        request = request.header("x-forwarded-for", forwarded);
    }
    let mut request = request
        .body(Body::from(format!("login=nobody{n}&secret=wrong")))
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::from((peer, 40000))));
    app.request(request).await.status.as_u16()
}

#[tokio::test]
async fn behind_a_local_proxy_the_forwarded_client_is_limited_not_the_proxy() {
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let proxy = [127, 0, 0, 1];
    // Ten failed sign-ins a minute per client address, then 429.
    let mut statuses = Vec::new();
    for n in 0..11 {
        statuses.push(sign_in_from(&app, n, proxy, Some("198.51.100.9, 203.0.113.5")).await);
    }
    assert_eq!(&statuses[..10], &[401; 10], "{statuses:?}");
    assert_eq!(statuses[10], 429);
    // Another client behind the same proxy is not held up.
    assert_eq!(
        sign_in_from(&app, 11, proxy, Some("203.0.113.6")).await,
        401
    );
    // A client on the network cannot pick its address: the header is ignored.
    let remote = [192, 0, 2, 44];
    let mut statuses = Vec::new();
    for n in 0..11 {
        let spoofed = format!("203.0.113.{}", 100 + n);
        statuses.push(sign_in_from(&app, 20 + n, remote, Some(&spoofed)).await);
    }
    assert_eq!(statuses[10], 429, "{statuses:?}");
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_login() {
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let response = app
            .post(
                "/actions/signin",
                "login=organiser&secret=wrong-password",
                None,
                true,
            )
            .await;
        statuses.push(response.status.as_u16());
    }
    assert_eq!(&statuses[..5], &[401; 5]);
    assert_eq!(statuses[5], 429, "{statuses:?}");
    let response = app
        .post(
            "/actions/signin",
            "login=organiser&secret=cunba-demo-2026",
            None,
            true,
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(response.json()["message"]
        .as_str()
        .unwrap()
        .contains("稍后"));
}

async fn invite_flow(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let team = team::Entity::find().one(&app.db).await.unwrap().unwrap();
    let created = app
        .post(
            "/actions/people/links",
            &format!("role=captain&team={}", team.id),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let token = created.json()["token"].as_str().unwrap().to_owned();
    let stored = access_link::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.token_hash, token, "only the hash is stored");

    // Nobody but an organiser sees a new link's page.
    let anonymous = app.get("/admin/people/link").await;
    assert!(!anonymous.body.contains("class=\"qr\"") && !anonymous.body.contains(&token[..20]));

    let page = app.get(&format!("/invite/{token}")).await;
    assert!(page.body.contains(&team.name), "the invite names the team");

    // A PIN that is too short is refused and what was typed comes back, in the page.
    let short = app
        .post(
            &format!("/actions/invite/{token}"),
            "name=%E5%8F%B6%E4%BC%9F&phone=13800138000&secret=123",
            None,
            false,
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("value=\"13800138000\"") && short.location().is_empty());

    let redeemed = app
        .post(
            &format!("/actions/invite/{token}"),
            "name=%E5%8F%B6%E4%BC%9F&phone=138+0013+8000&secret=246810",
            None,
            true,
        )
        .await;
    assert_eq!(redeemed.status, StatusCode::OK, "{}", redeemed.body);
    let captain = session_cookie(&redeemed).unwrap();
    let me = app.get_with_cookie("/me", &captain).await;
    assert!(me.body.contains("叶伟") && me.body.contains(&team.name));

    // Used once; the captain signs in again with phone and PIN on another phone.
    let again = app
        .post(
            &format!("/actions/invite/{token}"),
            "name=x&phone=13900139000&secret=246810",
            None,
            true,
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.json()["code"], "InviteInvalid");
    let second_phone = app.sign_in("13800138000", "246810").await;

    // Sign out everywhere ends both sessions.
    let out = app
        .post(
            "/actions/signout-everywhere",
            "",
            Some(&second_phone),
            false,
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    for cookie in [&captain, &second_phone] {
        let me = app.get_with_cookie("/me", cookie).await;
        assert!(!me.body.contains("叶伟"), "every session ended");
    }
}

#[tokio::test]
async fn a_captain_is_invited_sets_a_pin_and_signs_in_again() {
    on_every_backend!(invite_flow);
}

async fn report_and_confirm(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = open_game(&app, 3).await;
    let home = app.sign_in(&game.home_captain, DEMO_CAPTAIN_PIN).await;
    let away = app.sign_in(&game.away_captain, DEMO_CAPTAIN_PIN).await;

    // The form is offered to the captain, with the game's version.
    let form = app
        .get_with_cookie(&format!("/games/{}/report", game.id), &home)
        .await;
    assert!(
        form.body.contains("score-form")
            && form
                .body
                .contains(&format!("name=\"version\" value=\"{}\"", game.version))
    );

    // A draw is refused, field by field, with what was typed kept.
    let draw = app
        .post(
            &format!("/actions/games/{}/report", game.id),
            &score_form(game.version, "k-draw", 70, 70),
            Some(&home),
            false,
        )
        .await;
    assert_eq!(draw.status, StatusCode::SEE_OTHER);
    assert!(
        draw.location().contains("f=away.Draw") && draw.location().contains("home=70"),
        "{}",
        draw.location()
    );
    let shown = app.get_with_cookie(&draw.location(), &home).await;
    assert!(shown.body.contains("篮球比赛没有平局") && shown.body.contains("value=\"70\""));
    assert!(reports_of(&app, game.id).await.is_empty(), "nothing stored");

    let sent = app
        .post(
            &format!("/actions/games/{}/report", game.id),
            &score_form(game.version, "k-1", 78, 65),
            Some(&home),
            true,
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(sent.json()["status"], "pending");
    // Provisional: shown on the game page, not counted in the table.
    let page = app.get(&format!("/games/{}", game.id)).await;
    assert!(page.body.contains("暂定比分") && page.body.contains("78"));
    let stored = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, GameStatus::Scheduled);
    assert_eq!(stored.home_score, None);

    // The reporting captain cannot confirm their own report; the other captain can.
    let report = reports_of(&app, game.id).await.pop().unwrap();
    let version = version(&app, game.id).await;
    let answer = format!("report={}&version={version}&answer=confirm", report.id);
    let own = app
        .post(
            &format!("/actions/games/{}/answer", game.id),
            &answer,
            Some(&home),
            true,
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    let confirmed = app
        .post(
            &format!("/actions/games/{}/answer", game.id),
            &answer,
            Some(&away),
            true,
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    let stored = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.status, stored.home_score, stored.away_score),
        (GameStatus::Played, Some(78), Some(65))
    );

    // The audit log has who did what, before and after.
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::EntityId.eq(game.id))
        .all(&app.db)
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|line| line.action.as_str()).collect();
    assert_eq!(actions, ["score.reported", "score.confirmed", "result.set"]);
    assert!(audit[2].after.as_deref().unwrap().starts_with("78:65"));

    // Now it stands: a captain cannot change it any more.
    let late = app
        .post(
            &format!("/actions/games/{}/report", game.id),
            &score_form(version + 1, "k-2", 80, 65),
            Some(&away),
            true,
        )
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(late.json()["code"], "ResultAlreadyConfirmed");
}

#[tokio::test]
async fn a_captain_reports_and_the_other_confirms() {
    on_every_backend!(report_and_confirm);
}

async fn roster_of(app: &TestApp, team: Option<i32>) -> Vec<player::Model> {
    player::Entity::find()
        .filter(player::Column::TeamId.eq(team.unwrap()))
        .order_by_asc(player::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn box_score(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = open_game(&app, 5).await;
    let stored = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let (home_players, away_players) = (
        roster_of(&app, stored.home_team_id).await,
        roster_of(&app, stored.away_team_id).await,
    );
    let (h1, h2, a1) = (home_players[0].id, home_players[1].id, away_players[0].id);
    let home = app.sign_in(&game.home_captain, DEMO_CAPTAIN_PIN).await;
    let away = app.sign_in(&game.away_captain, DEMO_CAPTAIN_PIN).await;
    let path = format!("/actions/games/{}/report", game.id);

    // The form lists both rosters.
    let form = app
        .get_with_cookie(&format!("/games/{}/report", game.id), &home)
        .await;
    assert!(
        form.body.contains(&format!("name=\"pts{h1}\""))
            && form.body.contains(&format!("name=\"pf{a1}\""))
            && form.body.contains(&away_players[0].name),
        "both rosters on the form"
    );

    // Players scoring more than their team and a sixth foul are refused, field by field,
    // and what was typed comes back.
    let too_many = app
        .post(
            &path,
            &format!(
                "{}&pts{h1}=40&pts{h2}=25&pf{h1}=6",
                score_form(game.version, "box-bad", 60, 55)
            ),
            Some(&home),
            false,
        )
        .await;
    assert_eq!(too_many.status, StatusCode::SEE_OTHER);
    let location = too_many.location();
    assert!(
        location.contains("box_home.PlayerPointsExceedScore")
            && location.contains(&format!("pf{h1}.TooManyFouls"))
            && location.contains(&format!("pts{h1}=40")),
        "{location}"
    );
    let shown = app.get_with_cookie(&location, &home).await;
    assert!(
        shown.body.contains("球员得分之和超过了全队得分")
            && shown.body.contains("每人最多5次犯规")
            && shown.body.contains("value=\"40\""),
        "errors and typed values shown"
    );
    assert!(reports_of(&app, game.id).await.is_empty(), "nothing stored");

    // A good box score is stored with the report and shown to the other captain.
    let sent = app
        .post(
            &path,
            &format!(
                "{}&pts{h1}=30&pf{h1}=2&pf{h2}=1&pts{a1}=%EF%BC%92%EF%BC%90",
                score_form(game.version, "box-good", 60, 55)
            ),
            Some(&home),
            true,
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let report = reports_of(&app, game.id).await.pop().unwrap();
    let lines = app::db::box_score::decode(report.box_score.as_deref());
    let summary: Vec<(i32, u32, u32)> = lines
        .iter()
        .map(|l| (l.player_id, l.points, l.fouls))
        .collect();
    assert_eq!(summary, vec![(h1, 30, 2), (h2, 0, 1), (a1, 20, 0)]);
    let to_confirm = app
        .get_with_cookie(&format!("/games/{}/report", game.id), &away)
        .await;
    assert!(
        to_confirm.body.contains("球员数据") && to_confirm.body.contains(&home_players[0].name)
    );

    // Confirmed, it is the game's box score: on the page and in the API.
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
    let page = app.get(&format!("/games/{}", game.id)).await;
    assert!(page.body.contains("球员数据") && page.body.contains(&home_players[0].name));
    let api = app.get(&format!("/api/v1/games/{}", game.id)).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let first = &json["box_score"][0];
    assert_eq!(
        (
            first["player"]["id"].as_i64(),
            first["points"].as_u64(),
            first["home"].as_bool()
        ),
        (Some(h1 as i64), Some(30), Some(true)),
        "{json}"
    );
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::EntityId.eq(game.id))
        .filter(audit_log::Column::Action.eq("result.set"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        audit.after.unwrap().contains("\"points\":30"),
        "the audit log keeps the box score"
    );

    // A forfeit has no box score, whatever was typed.
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let forfeit = app
        .post(
            &path,
            &format!(
                "version={}&key=box-forfeit&outcome=forfeit_by_away&pts{h1}=12",
                version(&app, game.id).await
            ),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(forfeit.status, StatusCode::OK, "{}", forfeit.body);
    let stored = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.status, stored.box_score),
        (GameStatus::Forfeit, None)
    );
}

#[tokio::test]
async fn a_box_score_is_checked_stored_and_shown_once_confirmed() {
    on_every_backend!(box_score);
}

async fn dispute_and_resolve(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = open_game(&app, 4).await;
    let home = app.sign_in(&game.home_captain, DEMO_CAPTAIN_PIN).await;
    let away = app.sign_in(&game.away_captain, DEMO_CAPTAIN_PIN).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let path = format!("/actions/games/{}/report", game.id);
    app.post(
        &path,
        &score_form(game.version, "d-1", 60, 59),
        Some(&home),
        true,
    )
    .await;
    let report = reports_of(&app, game.id).await.pop().unwrap();
    let answer = |comment: &str| {
        format!(
            "report={}&version={}&answer=dispute&comment={comment}",
            report.id,
            game.version + 1
        )
    };
    let empty = app
        .post(
            &format!("/actions/games/{}/answer", game.id),
            &answer(""),
            Some(&away),
            true,
        )
        .await;
    assert_eq!(empty.json()["code"], "CommentMissing");
    let disputed = app
        .post(
            &format!("/actions/games/{}/answer", game.id),
            &answer("%E6%98%AF59%3A60"),
            Some(&away),
            true,
        )
        .await;
    assert_eq!(disputed.status, StatusCode::OK, "{}", disputed.body);
    assert_eq!(
        reports_of(&app, game.id).await[0].status,
        ReportStatus::Disputed
    );

    // The organiser decides: their report is the result at once.
    let decided = app
        .post(
            &path,
            &score_form(version(&app, game.id).await, "d-2", 59, 60),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    assert_eq!(decided.json()["status"], "confirmed");
    let reports = reports_of(&app, game.id).await;
    assert_eq!(
        reports.iter().map(|r| r.status).collect::<Vec<_>>(),
        [ReportStatus::Superseded, ReportStatus::Confirmed]
    );
    let stored = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((stored.home_score, stored.away_score), (Some(59), Some(60)));
}

#[tokio::test]
async fn a_dispute_is_settled_by_an_organiser() {
    on_every_backend!(dispute_and_resolve);
}

async fn rules(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = open_game(&app, 5).await;
    let home = app.sign_in(&game.home_captain, DEMO_CAPTAIN_PIN).await;
    let path = format!("/actions/games/{}/report", game.id);

    // A game in the future cannot get a score.
    let mut future: game::ActiveModel = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    future.starts_at = Set(Utc::now() + Duration::hours(5));
    future.update(&app.db).await.unwrap();
    let early = app
        .post(
            &path,
            &score_form(game.version, "r-1", 70, 60),
            Some(&home),
            true,
        )
        .await;
    assert_eq!(early.json()["code"], "GameNotStarted");
    reset(&app, game.id).await;

    // Quarters that do not add up, and a score over 250.
    let quarters = format!(
        "{}&q1h=20&q1a=15&q2h=20&q2a=15&q3h=20&q3a=15&q4h=20&q4a=16",
        score_form(game.version, "r-2", 80, 60)
    );
    let wrong = app.post(&path, &quarters, Some(&home), true).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = wrong.json();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["away"]);
    let high = app
        .post(
            &path,
            &score_form(game.version, "r-3", 300, 60),
            Some(&home),
            true,
        )
        .await;
    assert_eq!(high.json()["errors"][0]["message"], "比分须在0到250之间");

    // A resend of the same report (same key) is stored once and answered the same.
    let first = app
        .post(
            &path,
            &score_form(game.version, "same-key", 80, 61),
            Some(&home),
            true,
        )
        .await;
    let again = app
        .post(
            &path,
            &score_form(game.version, "same-key", 80, 61),
            Some(&home),
            true,
        )
        .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.json()["duplicate"], true);
    assert_eq!(first.json()["report_id"], again.json()["report_id"]);
    assert_eq!(reports_of(&app, game.id).await.len(), 1);
}

#[tokio::test]
async fn reports_follow_the_rules_and_a_resend_is_stored_once() {
    on_every_backend!(rules);
}

async fn simultaneous(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    for round in 0..3 {
        let game = open_game(&app, 6 + round).await;
        let home = app.sign_in(&game.home_captain, DEMO_CAPTAIN_PIN).await;
        let away = app.sign_in(&game.away_captain, DEMO_CAPTAIN_PIN).await;
        let path = format!("/actions/games/{}/report", game.id);
        let home_form = score_form(game.version, &format!("h-{round}"), 81, 70);
        let away_form = score_form(game.version, &format!("a-{round}"), 70, 81);
        let (a, b) = tokio::join!(
            app.post(&path, &home_form, Some(&home), true),
            app.post(&path, &away_form, Some(&away), true),
        );
        let mut statuses = [a.status.as_u16(), b.status.as_u16()];
        statuses.sort();
        assert_eq!(
            statuses,
            [200, 409],
            "one wins, the other is told: {} / {}",
            a.body,
            b.body
        );
        let loser = if a.status == StatusCode::CONFLICT {
            &a
        } else {
            &b
        };
        assert_eq!(loser.json()["code"], "ChangedMeanwhile");
        assert_eq!(
            reports_of(&app, game.id).await.len(),
            1,
            "no lost update, no second report"
        );
        assert_eq!(version(&app, game.id).await, game.version + 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_captains_submitting_at_once_one_wins_the_other_is_told() {
    on_every_backend!(simultaneous);
}

async fn auto_confirm(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = open_game(&app, 9).await;
    let home = app.sign_in(&game.home_captain, DEMO_CAPTAIN_PIN).await;
    let path = format!("/actions/games/{}/report", game.id);
    app.post(
        &path,
        &score_form(game.version, "auto", 66, 64),
        Some(&home),
        true,
    )
    .await;
    let after = Duration::hours(24);
    let soon = app::db::reports::auto_confirm(&app.db, after, Utc::now() + Duration::hours(23))
        .await
        .unwrap();
    assert!(soon.is_empty(), "not before the deadline");
    let late = app::db::reports::auto_confirm(&app.db, after, Utc::now() + Duration::hours(25))
        .await
        .unwrap();
    assert_eq!(late.iter().map(|g| g.id).collect::<Vec<_>>(), [game.id]);
    assert_eq!(late[0].home_score, Some(66));
    assert_eq!(
        reports_of(&app, game.id).await[0].status,
        ReportStatus::Confirmed
    );
    let again = app::db::reports::auto_confirm(&app.db, after, Utc::now() + Duration::hours(26))
        .await
        .unwrap();
    assert!(again.is_empty(), "confirmed once");
}

#[tokio::test]
async fn an_unanswered_report_stands_after_the_deadline() {
    on_every_backend!(auto_confirm);
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    use axum::{
        body::Body,
        http::{header, Request},
    };
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let cookie = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    for (origin, referer) in [
        (Some("http://evil.example"), None),
        (None, None),
        (None, Some("https://evil.example/page")),
    ] {
        let mut request = Request::post("/actions/people/links")
            .header(header::HOST, crate::helpers::TEST_HOST)
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        if let Some(referer) = referer {
            request = request.header(header::REFERER, referer);
        }
        let response = app
            .request(request.body(Body::from("role=captain&team=1")).unwrap())
            .await;
        assert_eq!(
            response.status,
            StatusCode::FORBIDDEN,
            "{origin:?} {referer:?}"
        );
    }
    assert_eq!(
        access_link::Entity::find().count(&app.db).await.unwrap(),
        0,
        "nothing was created"
    );
}
