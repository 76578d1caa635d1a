//! The scorer's sheet (issue #19) over the real router and database: who may keep it, one
//! device at a time and the organiser's hand-over; its lines stored exactly once and in
//! order, refused by the FIBA rules, and undone.
use app::db::entities::*;
use app::live::LiveKind;
use app::model::{CompetitionStatus, GameStatus};
use axum::http::StatusCode;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use server::demo::{DEMO_CAPTAIN_PIN, DEMO_REFEREE};

use crate::helpers::{organiser, Backend, TestApp, TestResponse};
use crate::on_every_backend;

/// A scheduled game of the published league, both teams known.
async fn scheduled_game(app: &TestApp) -> game::Model {
    let league = competition::Entity::find()
        .filter(competition::Column::Status.eq(CompetitionStatus::Published))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo league");
    game::Entity::find()
        .filter(game::Column::CompetitionId.eq(league.id))
        .filter(game::Column::Status.eq(GameStatus::Scheduled))
        .filter(game::Column::HomeTeamId.is_not_null())
        .filter(game::Column::AwayTeamId.is_not_null())
        .order_by_asc(game::Column::StartsAt)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a scheduled game")
}

async fn roster(app: &TestApp, team: Option<i32>) -> Vec<i32> {
    player::Entity::find()
        .filter(player::Column::TeamId.eq(team.unwrap()))
        .order_by_asc(player::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect()
}

async fn user_id(app: &TestApp, username: &str) -> i32 {
    app_user::Entity::find()
        .filter(app_user::Column::Username.eq(username))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("user {username}"))
        .id
}

/// An organiser's assignment of `referee` to `game` (as the referees page makes it).
async fn assign_referee(app: &TestApp, game: i32, referee: i32) {
    game_referee::ActiveModel {
        game_id: Set(game),
        user_id: Set(referee),
        assigned_by: Set(referee),
        assigned_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// The villager group a person comes from.
async fn set_village(app: &TestApp, user: i32, group: i32) {
    let mut person: app_user::ActiveModel = app_user::Entity::find_by_id(user)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    person.villager_group_id = Set(Some(group));
    person.update(&app.db).await.unwrap();
}

/// Lines as the phone sends them: (number, id, code) each.
fn lines_form(lines: &[(u32, &str, &str)]) -> String {
    lines
        .iter()
        .map(|(line, id, entry)| format!("line={line}&id={id}&entry={entry}"))
        .collect::<Vec<_>>()
        .join("&")
}

async fn send(app: &TestApp, game: i32, cookie: &str, lines: &[(u32, &str, &str)]) -> TestResponse {
    app.post(
        &format!("/actions/games/{game}/live/lines"),
        &lines_form(lines),
        Some(cookie),
        true,
    )
    .await
}

async fn open(app: &TestApp, game: i32, cookie: Option<&str>) -> TestResponse {
    app.post(
        &format!("/actions/games/{game}/live/open"),
        "",
        cookie,
        true,
    )
    .await
}

async fn stored_lines(app: &TestApp, game: i32) -> u64 {
    live_line::Entity::find()
        .filter(live_line::Column::GameId.eq(game))
        .count(&app.db)
        .await
        .unwrap()
}

fn code(response: &TestResponse) -> String {
    response.json()["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn keeping(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = scheduled_game(&app).await;
    let captain = app.sign_in("captain1", DEMO_CAPTAIN_PIN).await;
    let referee = app.sign_in(DEMO_REFEREE.0, DEMO_REFEREE.1).await;

    // Nobody signed in, a captain, a referee not assigned to the game: refused.
    assert_eq!(
        open(&app, game.id, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        open(&app, game.id, Some(&captain)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        open(&app, game.id, Some(&referee)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        live_sheet::Entity::find().count(&app.db).await.unwrap(),
        0,
        "a refusal keeps nothing"
    );

    // Assigned to the game, the referee opens the sheet and holds it on this phone.
    let referee_id = user_id(&app, DEMO_REFEREE.0).await;
    assign_referee(&app, game.id, referee_id).await;
    let opened = open(&app, game.id, Some(&referee)).await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    assert_eq!(code(&opened), "LiveOpened");
    let started = send(&app, game.id, &referee, &[(1, "r-1", "start")]).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    assert_eq!(started.json()["lines"], 1);

    // The same referee on a second phone only watches, until they take the sheet there.
    let second_phone = app.sign_in(DEMO_REFEREE.0, DEMO_REFEREE.1).await;
    let watching = send(&app, game.id, &second_phone, &[(2, "r2-2", "end")]).await;
    assert_eq!(watching.status, StatusCode::CONFLICT);
    assert_eq!(code(&watching), "LiveHeldElsewhere");
    assert_eq!(
        open(&app, game.id, Some(&second_phone)).await.status,
        StatusCode::OK
    );
    let first_phone = send(&app, game.id, &referee, &[(2, "r-2", "end")]).await;
    assert_eq!(first_phone.status, StatusCode::CONFLICT);
    assert_eq!(stored_lines(&app, game.id).await, 1);

    // Only an organiser hands the sheet to somebody else; a captain cannot be given it.
    let hand_over = format!("/actions/games/{}/live/hand-over", game.id);
    let organiser = organiser(&app).await;
    let organiser_id = user_id(&app, server::demo::DEMO_ORGANISER.0).await;
    let form = format!("scorer={organiser_id}");
    for cookie in [&captain, &referee] {
        let refused = app.post(&hand_over, &form, Some(cookie), true).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let captain_id = user_id(&app, "captain1").await;
    let to_captain = app
        .post(
            &hand_over,
            &format!("scorer={captain_id}"),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(to_captain.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(&to_captain), "LiveNoSuchScorer");
    let handed = app.post(&hand_over, &form, Some(&organiser), true).await;
    assert_eq!(handed.status, StatusCode::OK, "{}", handed.body);
    assert_eq!(code(&handed), "LiveHandedOver");
    // The referee's phone now only watches; the new scorer opens the sheet and goes on.
    let after = send(&app, game.id, &second_phone, &[(2, "r2-2", "end")]).await;
    assert_eq!(after.status, StatusCode::CONFLICT);
    assert_eq!(
        open(&app, game.id, Some(&organiser)).await.status,
        StatusCode::OK
    );
    let goes_on = send(&app, game.id, &organiser, &[(2, "o-2", "end")]).await;
    assert_eq!(goes_on.status, StatusCode::OK, "{}", goes_on.body);
    assert_eq!(goes_on.json()["period"], 2);
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::EntityId.eq(game.id))
        .filter(audit_log::Column::Action.eq("live.hand_over"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audit, 1);

    // A game already played is not scored live.
    let played = game::Entity::find()
        .filter(game::Column::Status.eq(GameStatus::Played))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a played game");
    let refused = open(&app, played.id, Some(&organiser)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(code(&refused), "LiveNotLive");
}

#[tokio::test]
async fn one_keeper_on_one_device_and_the_organiser_hands_it_over() {
    on_every_backend!(keeping);
}

async fn lines(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = scheduled_game(&app).await;
    let (home, away) = (
        roster(&app, game.home_team_id).await,
        roster(&app, game.away_team_id).await,
    );
    let scorer = organiser(&app).await;
    assert_eq!(
        open(&app, game.id, Some(&scorer)).await.status,
        StatusCode::OK
    );

    let home_two = format!("pts.home.{}.2", home[0]);
    let away_foul = format!("foul.away.{}", away[0]);
    let first = [
        (1, "a1", "start"),
        (2, "a2", &*home_two),
        (3, "a3", &*away_foul),
    ];
    let sent = send(&app, game.id, &scorer, &first).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let state = sent.json();
    assert_eq!(
        (state["lines"].clone(), state["score"].clone()),
        (3.into(), serde_json::json!([2, 0]))
    );
    assert_eq!(state["team_fouls"], serde_json::json!([0, 1]));

    // The phone never heard the answer and sends the same lines again: nothing is added.
    let again = send(&app, game.id, &scorer, &first).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["lines"], 3);
    assert_eq!(stored_lines(&app, game.id).await, 3);

    // Out of order: the sheet says which line it expects.
    let gap = send(&app, game.id, &scorer, &[(5, "a5", "end")]).await;
    assert_eq!(gap.status, StatusCode::CONFLICT);
    assert_eq!(gap.json()["expected"], 4);
    // A player of the other side, an unknown code, an id used for another line: unreadable.
    let wrong_side = format!("pts.home.{}.2", away[0]);
    for bad in [
        vec![(4, "a4", &*wrong_side)],
        vec![(4, "a4", "dunk.home")],
        vec![(4, "a2", "end")],
    ] {
        let refused = send(&app, game.id, &scorer, &bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert_eq!(code(&refused), "LiveBadLine");
    }
    assert_eq!(stored_lines(&app, game.id).await, 3);

    // Four more fouls foul the away player out: their next basket is refused by the rules,
    // and the lines before it stay stored.
    let away_three = format!("pts.away.{}.3", away[0]);
    let fouls: Vec<(u32, String)> = (4..=7).map(|n| (n, format!("a{n}"))).collect();
    let mut batch: Vec<(u32, &str, &str)> = fouls
        .iter()
        .map(|(n, id)| (*n, id.as_str(), away_foul.as_str()))
        .collect();
    batch.push((8, "a8", &away_three));
    let out = send(&app, game.id, &scorer, &batch).await;
    assert_eq!(out.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", out.body);
    assert_eq!(code(&out), "LiveFouledOut");
    assert_eq!(out.json()["line"], 8);
    assert_eq!(stored_lines(&app, game.id).await, 7);

    // Undoing the fifth foul (line 7) lets the player score again; the score follows.
    let undo = send(
        &app,
        game.id,
        &scorer,
        &[(8, "a8u", "undo.7"), (9, "a9", &away_three)],
    )
    .await;
    assert_eq!(undo.status, StatusCode::OK, "{}", undo.body);
    assert_eq!(undo.json()["score"], serde_json::json!([2, 3]));
    assert_eq!(undo.json()["team_fouls"], serde_json::json!([0, 4]));
    let twice = send(&app, game.id, &scorer, &[(10, "a10", "undo.7")]).await;
    assert_eq!(code(&twice), "LiveNothingToUndo");
    assert_eq!(stored_lines(&app, game.id).await, 9);
}

#[tokio::test]
async fn lines_are_kept_once_in_order_and_by_the_rules() {
    on_every_backend!(lines);
}

/// A post from the sheet's page, as a browser without JavaScript sends it.
async fn tap(app: &TestApp, game: i32, cookie: &str, form: &str) -> TestResponse {
    app.post(
        &format!("/actions/games/{game}/live/lines"),
        form,
        Some(cookie),
        false,
    )
    .await
}

/// The next line's number and id, as the sheet's page draws them into its form.
fn next_line(page: &TestResponse) -> (String, String) {
    let value_of = |name: &str| {
        let at = page
            .body
            .find(&format!("name=\"{name}\""))
            .unwrap_or_else(|| panic!("a {name} field in {}", page.body));
        let rest = &page.body[at..];
        let value = &rest[rest.find("value=\"").expect("a value") + 7..];
        value[..value.find('"').unwrap()].to_owned()
    };
    (value_of("line"), value_of("id"))
}

/// Starts the game `minutes` ago (the result of a game not yet begun is not taken).
async fn started_ago(app: &TestApp, game: &game::Model, minutes: i64) {
    let mut started: game::ActiveModel = game.clone().into();
    started.starts_at = Set(Utc::now() - chrono::Duration::minutes(minutes));
    started.update(&app.db).await.unwrap();
}

async fn page_form(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = scheduled_game(&app).await;
    started_ago(&app, &game, 20).await;
    let home = roster(&app, game.home_team_id).await;
    let scorer = organiser(&app).await;
    let captain = app.sign_in("captain1", DEMO_CAPTAIN_PIN).await;
    let sheet = format!("/games/{}/live", game.id);

    // Only those who may keep the sheet see it.
    assert_eq!(app.get(&sheet).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get_with_cookie(&sheet, &captain).await.status,
        StatusCode::FORBIDDEN
    );
    // The organiser opens it on this phone: the form's buttons appear.
    let before = app.get_with_cookie(&sheet, &scorer).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.body.contains("/live/open"), "{}", before.body);
    assert!(!before.body.contains("name=\"player\""));
    let opened = app
        .post(
            &format!("/actions/games/{}/live/open", game.id),
            "",
            Some(&scorer),
            false,
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    assert!(
        opened.location().starts_with(&sheet),
        "{}",
        opened.location()
    );
    let page = app.get_with_cookie(&sheet, &scorer).await;
    assert!(page.body.contains(&format!("value=\"home.{}\"", home[0])));
    assert!(page.body.contains("value=\"start\""));

    // Tip-off, then a player's action without a player: said, and nothing stored.
    let (line, id) = next_line(&page);
    let started = tap(
        &app,
        game.id,
        &scorer,
        &format!("line={line}&id={id}&act=start"),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    assert!(
        started.location().contains("m=LiveSaved"),
        "{}",
        started.location()
    );
    let page = app.get_with_cookie(&sheet, &scorer).await;
    let (line, id) = next_line(&page);
    assert_eq!(line, "2");
    let no_player = tap(
        &app,
        game.id,
        &scorer,
        &format!("line={line}&id={id}&act=pts.2"),
    )
    .await;
    assert!(
        no_player.location().contains("e=LiveChoosePlayer"),
        "{}",
        no_player.location()
    );
    assert_eq!(stored_lines(&app, game.id).await, 1);

    // Three points for the first home player; the same post twice (a double tap, a resend)
    // is stored once.
    let three = format!("line={line}&id={id}&player=home.{}&act=pts.3", home[0]);
    for _ in 0..2 {
        let scored = tap(&app, game.id, &scorer, &three).await;
        assert!(
            scored.location().contains("m=LiveSaved"),
            "{}",
            scored.location()
        );
    }
    assert_eq!(stored_lines(&app, game.id).await, 2);

    // Everybody sees the live score: the game page, with the period and team fouls, and
    // the teams' pages.
    let public = app.get(&format!("/games/{}", game.id)).await;
    assert!(public.body.contains("3 : 0"), "{}", public.body);
    assert!(public.body.contains("live-score"));
    let team = app
        .get(&format!("/teams/{}", game.home_team_id.unwrap()))
        .await;
    assert!(team.body.contains("3 : 0"), "the team page: {}", team.body);

    // The result is handed in only after the last period.
    let finish = format!("/actions/games/{}/live/finish", game.id);
    let early = app.post(&finish, "", Some(&scorer), false).await;
    assert!(
        early.location().contains("e=LiveNotFinished"),
        "{}",
        early.location()
    );
    for _ in 0..4 {
        let page = app.get_with_cookie(&sheet, &scorer).await;
        let (line, id) = next_line(&page);
        let ended = tap(
            &app,
            game.id,
            &scorer,
            &format!("line={line}&id={id}&act=end"),
        )
        .await;
        assert!(
            ended.location().contains("m=LiveSaved"),
            "{}",
            ended.location()
        );
    }
    let page = app.get_with_cookie(&sheet, &scorer).await;
    assert!(page.body.contains("data-phase=\"over\""));
    let handed = app.post(&finish, "", Some(&scorer), false).await;
    assert_eq!(handed.status, StatusCode::SEE_OTHER);
    assert!(
        handed.location().contains("m=LiveHandedIn"),
        "{}",
        handed.location()
    );
    // The organiser's sheet stands at once: the score, four quarters, the box score.
    let played = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(played.status, GameStatus::Played);
    assert_eq!((played.home_score, played.away_score), (Some(3), Some(0)));
    let periods: Vec<(i32, i32)> =
        serde_json::from_str(played.period_scores.as_deref().unwrap()).unwrap();
    assert_eq!(periods, vec![(3, 0), (0, 0), (0, 0), (0, 0)]);
    assert!(played
        .box_score
        .as_deref()
        .unwrap()
        .contains(&home[0].to_string()));
    // The sheet is closed: no line is added after the result.
    let late = tap(&app, game.id, &scorer, "line=99&id=late&act=end").await;
    assert!(
        late.location().contains("e=LiveNotLive"),
        "{}",
        late.location()
    );
    // Handing it in again stores nothing more; the sheet page says the result is in.
    let again = app.post(&finish, "", Some(&scorer), true).await;
    assert_eq!(again.json()["duplicate"], true, "{}", again.body);
    let reports = score_report::Entity::find()
        .filter(score_report::Column::GameId.eq(game.id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(reports, 1);
    let public = app.get(&format!("/games/{}", game.id)).await;
    assert!(
        !public.body.contains("live-score"),
        "a result, no longer live"
    );

    // The box score reaches the season's leaders, the player's page and the API.
    let scorer_page = format!("/players/{}", home[0]);
    let standings = app
        .get(&format!("/standings?competition={}", game.competition_id))
        .await;
    assert!(standings.body.contains(&scorer_page), "{}", standings.body);
    let api = app.get(&format!("/api/v1{scorer_page}")).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let line = api.json()["games"]
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line["game"]["id"] == game.id)
        .cloned()
        .expect("the game on the player's page");
    assert_eq!(line["points"], 3);
    assert!(api.json()["seasons"][0]["points"].as_u64().unwrap() >= 3);
    // The sheet recorded the basket as a three (a typed box score could not): the
    // player's line and the competition's three-point table say so.
    assert_eq!(line["threes"], 1);
    assert!(standings.body.contains("三分榜"), "{}", standings.body);
    let table = app
        .get(&format!(
            "/api/v1/competitions/{}/standings",
            game.competition_id
        ))
        .await;
    let shooters = table.json()["three_point_leaders"].clone();
    assert_eq!(shooters[0]["player"]["id"], home[0], "{shooters}");
    assert_eq!(shooters[0]["threes"], 1);
    let page = app.get(&scorer_page).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("/games/{}", game.id)));
    // Under its day's heading, as in every list of games (the day it was played on).
    let played = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let day = played
        .starts_at
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive();
    let heading = format!(
        r#"<h3 class="day">{}"#,
        app::components::format_day(day, app::i18n::Lang::Zh)
    );
    assert!(page.body.contains(&heading), "{heading}");
    assert_eq!(
        app.get("/players/999999").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_whole_game_scored_with_the_page_form_becomes_the_result() {
    on_every_backend!(page_form);
}

/// Plays a game out on the sheet (tip-off, a home basket, four quarters) as `cookie`.
async fn play_out(app: &TestApp, game: &game::Model, cookie: &str) {
    let home = roster(app, game.home_team_id).await;
    let opened = open(app, game.id, Some(cookie)).await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    let basket = format!("pts.home.{}.2", home[0]);
    let lines = [
        (1, "p1", "start"),
        (2, "p2", basket.as_str()),
        (3, "p3", "end"),
        (4, "p4", "end"),
        (5, "p5", "end"),
        (6, "p6", "end"),
    ];
    let sent = send(app, game.id, cookie, &lines).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(sent.json()["finished"], true);
}

async fn confirmation(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = scheduled_game(&app).await;
    started_ago(&app, &game, 60).await;
    let referee = app.sign_in(DEMO_REFEREE.0, DEMO_REFEREE.1).await;
    let referee_id = user_id(&app, DEMO_REFEREE.0).await;
    assign_referee(&app, game.id, referee_id).await;
    // The referee is from the home team's village: their sheet waits for a captain.
    let home_team = team::Entity::find_by_id(game.home_team_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    set_village(&app, referee_id, home_team.villager_group_id).await;
    play_out(&app, &game, &referee).await;
    let finish = format!("/actions/games/{}/live/finish", game.id);
    let handed = app.post(&finish, "", Some(&referee), true).await;
    assert_eq!(handed.status, StatusCode::OK, "{}", handed.body);
    assert_eq!(handed.json()["code"], "LiveHandedInPending");
    assert_eq!(handed.json()["status"], "pending");
    let waiting = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(waiting.status, GameStatus::Scheduled, "not yet the result");
    // Either captain may answer it: the away captain confirms.
    let away_captain = app_user::Entity::find()
        .filter(app_user::Column::TeamId.eq(game.away_team_id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the away team's captain");
    let captain = app
        .sign_in(
            away_captain
                .username
                .as_deref()
                .or(away_captain.phone.as_deref())
                .unwrap(),
            DEMO_CAPTAIN_PIN,
        )
        .await;
    let report = score_report::Entity::find()
        .filter(score_report::Column::GameId.eq(game.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let confirmed = app
        .post(
            &format!("/actions/games/{}/answer", game.id),
            &format!(
                "report={}&version={}&answer=confirm",
                report.id, waiting.version
            ),
            Some(&captain),
            true,
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    let played = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(played.status, GameStatus::Played);
    assert_eq!((played.home_score, played.away_score), (Some(2), Some(0)));

    // A neutral referee's sheet stands at once.
    let next = scheduled_game(&app).await;
    started_ago(&app, &next, 60).await;
    let groups: Vec<i32> = team::Entity::find()
        .filter(team::Column::Id.is_in([next.home_team_id.unwrap(), next.away_team_id.unwrap()]))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.villager_group_id)
        .collect();
    let third = villager_group::Entity::find()
        .filter(villager_group::Column::Id.is_not_in(groups))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a third village");
    set_village(&app, referee_id, third.id).await;
    assign_referee(&app, next.id, referee_id).await;
    play_out(&app, &next, &referee).await;
    let handed = app
        .post(
            &format!("/actions/games/{}/live/finish", next.id),
            "",
            Some(&referee),
            true,
        )
        .await;
    assert_eq!(handed.json()["code"], "LiveHandedIn", "{}", handed.body);
    let played = game::Entity::find_by_id(next.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(played.status, GameStatus::Played);
}

#[tokio::test]
async fn a_neutral_referees_sheet_stands_and_a_village_referees_waits_for_a_captain() {
    on_every_backend!(confirmation);
}

fn cache_hit(response: &TestResponse) -> bool {
    response
        .headers
        .get(server::http::page_cache::CACHE_HEADER)
        .is_some_and(|value| value == "hit")
}

/// Waits for the hub's next event, a new score of `game`: by then the page cache has counted
/// it (on PostgreSQL it comes back through LISTEN).
async fn score_event(
    events: &mut tokio::sync::broadcast::Receiver<app::live::LiveEvent>,
    game: i32,
) -> app::live::LiveEvent {
    let event = tokio::time::timeout(std::time::Duration::from_secs(5), events.recv())
        .await
        .expect("the score event")
        .unwrap();
    assert_eq!((event.kind, event.game_id), (LiveKind::Score, game));
    event
}

async fn taps_renew_only_the_pages_listing_the_game(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = scheduled_game(&app).await;
    started_ago(&app, &game, 20).await;
    let home = roster(&app, game.home_team_id).await;
    let scorer = organiser(&app).await;
    assert_eq!(
        open(&app, game.id, Some(&scorer)).await.status,
        StatusCode::OK
    );
    let mut events = app.live.subscribe();
    assert_eq!(
        send(&app, game.id, &scorer, &[(1, "c1", "start")])
            .await
            .status,
        StatusCode::OK
    );
    score_event(&mut events, game.id).await;
    let listing = [
        "/".to_owned(),
        format!("/games/{}", game.id),
        format!("/teams/{}", game.home_team_id.unwrap()),
        format!("/teams/{}", game.away_team_id.unwrap()),
        format!("/api/v1/games/{}", game.id),
    ];
    let tables = ["/honours", "/teams", "/notices"];
    // Each round: every page read twice (the second from the cache), a tap, then the pages
    // again. A round slower than the cache's TTL proves nothing about the tables: again.
    let mut proved = false;
    for round in 1..=5u32 {
        let began = std::time::Instant::now();
        for page in listing.iter().map(String::as_str).chain(tables) {
            app.get(page).await;
            assert!(cache_hit(&app.get(page).await), "{page} is cached");
        }
        let line = round + 1;
        let id = format!("c{line}");
        let code = format!("pts.home.{}.2", home[0]);
        let sent = send(&app, game.id, &scorer, &[(line, &id, &code)]).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        // The event carries the new score: a page showing the game writes it in place.
        let event = score_event(&mut events, game.id).await;
        let live = event.score.expect("the live score");
        assert_eq!((live.home, live.away, live.period), (2 * round, 0, 1));
        let score = format!("{} : 0", 2 * round);
        for page in &listing {
            let fresh = app.get(page).await;
            assert!(!cache_hit(&fresh), "{page} shows the new live score");
            if !page.starts_with("/api") {
                assert!(fresh.body.contains(&score), "{page} shows {score}");
                // … where `/live.js` writes the next one.
                assert!(
                    fresh
                        .body
                        .contains(&format!("data-live-score=\"{}\"", game.id)),
                    "{page}"
                );
            }
        }
        let tables_kept = {
            let mut kept = true;
            for page in tables {
                kept &= cache_hit(&app.get(page).await);
            }
            kept
        };
        if began.elapsed() < server::http::page_cache::TTL {
            assert!(tables_kept, "a tap leaves the tables' renders alone");
            proved = true;
            break;
        }
    }
    assert!(proved, "no round was faster than the cache's TTL");
}

#[tokio::test]
async fn a_tap_renews_only_the_pages_that_list_the_game() {
    on_every_backend!(taps_renew_only_the_pages_listing_the_game);
}
