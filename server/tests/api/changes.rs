//! The organiser's changes to the published demo league: who may use the change screens, a
//! move refused with the constraint it breaks, a move saved (version, notice, audit log,
//! iCal SEQUENCE), a postponement with three conflict-free suggestions and one picked,
//! referee assignment, the notice-board sheets and the CSV export read back.
use app::db::changes;
use app::db::entities::*;
use app::model::{CompetitionStatus, GameStatus, NoticeStatus};
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use chrono::{Duration, NaiveDate, Utc};
use icalendar::{Calendar, Component};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use server::demo::{DEMO_CAPTAIN_PIN, DEMO_ORGANISER, DEMO_REFEREE};

use crate::helpers::{Backend, TestApp, TestResponse, TEST_HOST};
use crate::on_every_backend;

async fn league(app: &TestApp) -> competition::Model {
    competition::Entity::find()
        .filter(competition::Column::Status.eq(CompetitionStatus::Published))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo league")
}

/// A scheduled league game at least two days ahead.
async fn future_game(app: &TestApp) -> game::Model {
    let league = league(app).await;
    game::Entity::find()
        .filter(game::Column::CompetitionId.eq(league.id))
        .filter(game::Column::Status.eq(GameStatus::Scheduled))
        .filter(game::Column::StartsAt.gt(Utc::now() + Duration::days(2)))
        .order_by_asc(game::Column::StartsAt)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a game ahead")
}

async fn reload(app: &TestApp, id: i32) -> game::Model {
    game::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn get_as(app: &TestApp, path: &str, cookie: Option<&str>) -> TestResponse {
    let mut request = Request::get(path).header(header::HOST, TEST_HOST);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    app.request(request.body(Body::empty()).unwrap()).await
}

fn form(fields: &[(&str, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::helpers::urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn authorisation(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = future_game(&app).await;
    let league = league(&app).await;
    let court = game.court_id.unwrap();
    let captain = app.sign_in("captain1", DEMO_CAPTAIN_PIN).await;
    let referee = app.sign_in(DEMO_REFEREE.0, DEMO_REFEREE.1).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let pages = [
        format!("/admin/games/{}/move", game.id),
        format!("/admin/games/{}/postpone", game.id),
        format!(
            "/admin/games/{}/check?date=2030-01-01&time=19:30&court={court}",
            game.id
        ),
        "/admin/referees".to_owned(),
        format!("/print/courts/{court}"),
        "/print/week".to_owned(),
        format!("/export/competitions/{}/schedule.csv", league.id),
    ];
    for path in &pages {
        let resident = get_as(&app, path, None).await;
        assert!(
            matches!(
                resident.status,
                StatusCode::SEE_OTHER | StatusCode::UNAUTHORIZED
            ),
            "{path}: {}",
            resident.status
        );
        if resident.status == StatusCode::SEE_OTHER {
            assert!(resident.location().starts_with("/signin"), "{path}");
        }
        for cookie in [&captain, &referee] {
            let refused = get_as(&app, path, Some(cookie)).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        }
        let allowed = get_as(&app, path, Some(&organiser)).await;
        assert_eq!(allowed.status, StatusCode::OK, "{path}: {}", allowed.body);
    }
    let (date, time) = changes::local_date_time(game.starts_at + Duration::days(1));
    let posts = [
        (
            format!("/actions/games/{}/move", game.id),
            form(&[
                ("date", date.to_string()),
                ("time", time.format("%H:%M").to_string()),
                ("court", court.to_string()),
            ]),
        ),
        (
            format!("/actions/games/{}/postpone", game.id),
            String::new(),
        ),
        (
            format!("/actions/games/{}/referee", game.id),
            "referee=".to_owned(),
        ),
    ];
    for (path, body) in &posts {
        let resident = app.post(path, body, None, true).await;
        assert_eq!(resident.status, StatusCode::UNAUTHORIZED, "{path}");
        let resident = app.post(path, body, None, false).await;
        assert!(resident.location().starts_with("/signin"), "{path}");
        for cookie in [&captain, &referee] {
            let refused = app.post(path, body, Some(cookie), true).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        }
        // GET on an action is not a way in.
        let get = get_as(&app, path, Some(&organiser)).await;
        assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
    }
    let after = reload(&app, game.id).await;
    assert_eq!(after.version, game.version, "nobody changed the game");
    assert_eq!(after.status, GameStatus::Scheduled);
    assert!(game_referee::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn only_organisers_change_print_and_export() {
    on_every_backend!(authorisation);
}

async fn sequence_of(app: &TestApp, competition: i32, game: i32) -> u32 {
    let feed = get_as(
        app,
        &format!("/calendar/competitions/{competition}.ics"),
        None,
    )
    .await;
    assert_eq!(feed.status, StatusCode::OK);
    let calendar: Calendar = feed.body.parse().expect("an iCalendar feed");
    let uid = format!("game-{game}@{TEST_HOST}");
    let sequence: u32 = calendar
        .events()
        .find(|e| e.get_uid() == Some(uid.as_str()))
        .and_then(|e| e.property_value("SEQUENCE"))
        .expect("the game's event with a SEQUENCE")
        .parse()
        .unwrap();
    sequence
}

async fn moving(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let game = future_game(&app).await;
    let league = league(&app).await;
    let association = association::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // A harvest day closes everything a week after the game.
    let (date, time) = changes::local_date_time(game.starts_at);
    let harvest = date + Duration::days(7);
    blackout::ActiveModel {
        association_id: Set(association.id),
        court_id: Set(None),
        on_date: Set(harvest),
        reason: Set("秋收".into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let court = game.court_id.unwrap();
    let to = |date: NaiveDate| {
        form(&[
            ("date", date.to_string()),
            ("time", time.format("%H:%M").to_string()),
            ("court", court.to_string()),
            ("version", game.version.to_string()),
        ])
    };
    let path = format!("/actions/games/{}/move", game.id);

    // Refused, naming the constraint: as JSON and as a plain form.
    let refused = app.post(&path, &to(harvest), Some(&organiser), true).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = refused.json()["errors"].clone();
    assert!(
        errors
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "association_blackout"
                && e["field"] == "date"
                && e["message"].as_str().unwrap().contains("秋收")),
        "{errors}"
    );
    let refused = app.post(&path, &to(harvest), Some(&organiser), false).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    let back = refused.location();
    assert!(
        back.starts_with(&format!("/admin/games/{}/move?", game.id)),
        "{back}"
    );
    assert!(back.contains("f=date.association_blackout"), "{back}");
    assert!(back.contains("e=MoveHasConflicts"), "{back}");
    // The page it goes back to shows the typed slot and says why.
    let shown = get_as(&app, &back, Some(&organiser)).await;
    assert!(shown.body.contains("秋收"), "{}", shown.body);
    assert!(shown.body.contains(&format!("value=\"{harvest}\"")));
    // A day the home team already plays: the team is named.
    let home = game.home_team_id.unwrap();
    let other = game::Entity::find()
        .filter(game::Column::Id.ne(game.id))
        .filter(game::Column::Status.eq(GameStatus::Scheduled))
        .filter(
            sea_orm::Condition::any()
                .add(game::Column::HomeTeamId.eq(home))
                .add(game::Column::AwayTeamId.eq(home)),
        )
        .filter(game::Column::StartsAt.gt(game.starts_at))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the home team's next game");
    let (other_date, _) = changes::local_date_time(other.starts_at);
    let clash = app
        .post(&path, &to(other_date), Some(&organiser), true)
        .await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    let team = team::Entity::find_by_id(home)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        clash.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "team_plays_that_day"
                && e["message"].as_str().unwrap().contains(&team.name)),
        "{}",
        clash.body
    );
    // The away team's own blackout day (set up on its team page): refused, with its reason.
    let away = game.away_team_id.unwrap();
    let wedding = date + Duration::days(8);
    let blocked = app
        .post(
            &format!("/actions/setup/teams/{away}/blackouts"),
            &form(&[
                ("from", wedding.to_string()),
                ("reason", "村里办喜事".to_string()),
            ]),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(blocked.status, StatusCode::OK, "{}", blocked.body);
    let refused = app.post(&path, &to(wedding), Some(&organiser), true).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "team_blackout"
                && e["message"].as_str().unwrap().contains("村里办喜事")),
        "{}",
        refused.body
    );
    // The check endpoint says the same before saving.
    let check = get_as(
        &app,
        &format!(
            "/admin/games/{}/check?date={harvest}&time={}&court={court}",
            game.id,
            time.format("%H:%M")
        ),
        Some(&organiser),
    )
    .await;
    assert_eq!(check.json()["ok"], false);
    assert!(check.json()["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["code"] == "association_blackout"));
    let unchanged = reload(&app, game.id).await;
    assert_eq!(unchanged.version, game.version);
    assert_eq!(unchanged.starts_at, game.starts_at);

    // A free slot from the list is saved.
    let sequence_before = sequence_of(&app, league.id, game.id).await;
    let free = changes::suggest_slots(&app.db, game.id, Utc::now(), 1)
        .await
        .unwrap();
    let slot = free.first().expect("a free slot");
    let moved = app
        .post(
            &path,
            &form(&[
                ("date", slot.date.to_string()),
                ("time", slot.time.clone()),
                ("court", slot.court_id.to_string()),
                ("version", game.version.to_string()),
            ]),
            Some(&organiser),
            false,
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    assert_eq!(
        moved.location(),
        format!("/games/{}?m=GameMovedNow", game.id)
    );
    let after = reload(&app, game.id).await;
    assert_eq!(after.version, game.version + 1);
    assert_eq!(after.court_id, Some(slot.court_id));
    let (new_date, new_time) = changes::local_date_time(after.starts_at);
    assert_eq!(new_date, slot.date);
    assert_eq!(new_time.format("%H:%M").to_string(), slot.time);
    assert!(sequence_of(&app, league.id, game.id).await > sequence_before);
    let notice = notice::Entity::find()
        .filter(notice::Column::GameId.eq(game.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a notice");
    assert_eq!(notice.status, NoticeStatus::Published);
    assert!(notice.title.starts_with("比赛改期"), "{}", notice.title);
    assert!(notice.body.contains(&new_time.format("%H:%M").to_string()));
    let notices = get_as(&app, "/notices", None).await;
    assert!(notices.body.contains(&notice.title));
    // An English reader gets the same notice in English, from the facts stored with it.
    let english = get_as(&app, "/notices", Some("cunba_lang=en")).await;
    assert!(english.body.contains("Game moved: "), "{}", english.body);
    assert!(
        !english.body.contains(&notice.title),
        "{}",
        english
            .body
            .split(&notice.title)
            .next()
            .map(|before| before.chars().rev().take(300).collect::<String>())
            .unwrap_or_default()
    );
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::EntityId.eq(game.id))
        .filter(audit_log::Column::Action.eq("move"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("an audit line");
    assert!(audit.actor.contains("organiser"), "{}", audit.actor);
    assert!(audit.after.unwrap().contains(&slot.date.to_string()));
    // The same form again is stale.
    let stale = app
        .post(&path, &to(slot.date), Some(&organiser), true)
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_move_is_checked_saved_announced_and_logged() {
    on_every_backend!(moving);
}

async fn postponing(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let game = future_game(&app).await;
    let league = league(&app).await;
    let path = format!("/actions/games/{}/postpone", game.id);
    let page = get_as(
        &app,
        &format!("/admin/games/{}/postpone", game.id),
        Some(&organiser),
    )
    .await;
    assert!(page.body.contains("id=\"postpone-submit\""));
    let postponed = app
        .post(
            &path,
            &format!("version={}", game.version),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(postponed.status, StatusCode::OK, "{}", postponed.body);
    let answer = postponed.json();
    assert_eq!(
        answer["redirect"],
        format!("/admin/games/{}/postpone?m=GamePostponedNow", game.id)
    );
    let suggestions = answer["suggestions"].as_array().unwrap().clone();
    // Up to three evenings, each a different date, in date order, inside the league's dates.
    assert!((1..=3).contains(&suggestions.len()), "{answer}");
    let dates: Vec<&str> = suggestions
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] < w[1]), "{dates:?}");
    assert!(
        dates
            .iter()
            .all(|d| *d <= league.ends_on.to_string().as_str()),
        "{dates:?} after {}",
        league.ends_on
    );
    let after = reload(&app, game.id).await;
    assert_eq!(after.status, GameStatus::Postponed);
    assert_eq!(after.version, game.version + 1);
    assert_eq!(after.starts_at, game.starts_at, "the original date stays");
    for s in &suggestions {
        let date = NaiveDate::parse_from_str(s["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let time = chrono::NaiveTime::parse_from_str(s["time"].as_str().unwrap(), "%H:%M").unwrap();
        let conflicts = changes::check_move(
            &app.db,
            game.id,
            date,
            time,
            s["court_id"].as_i64().unwrap() as i32,
        )
        .await
        .unwrap();
        assert!(conflicts.is_empty(), "{s}: {conflicts:?}");
        assert!(date > changes::local_date_time(Utc::now()).0);
    }
    // The page lists the same three, each a form of its own.
    let page = get_as(
        &app,
        &format!("/admin/games/{}/postpone?m=GamePostponedNow", game.id),
        Some(&organiser),
    )
    .await;
    assert_eq!(
        page.body.matches("class=\"pick-slot\"").count(),
        suggestions.len(),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!(
        "id=\"slot-1\" data-date=\"{}\"",
        suggestions[0]["date"].as_str().unwrap()
    )));
    // A second postponement is refused.
    let again = app
        .post(
            &path,
            &format!("version={}", after.version),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The public notice, the game page and the feed say so.
    let notice = notice::Entity::find()
        .filter(notice::Column::GameId.eq(game.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a notice");
    assert!(notice.title.starts_with("比赛延期"));
    let feed = get_as(
        &app,
        &format!("/calendar/competitions/{}.ics", league.id),
        None,
    )
    .await;
    assert!(feed.body.contains("延期"));
    // Pick the first suggestion.
    let first = &suggestions[0];
    let picked = app
        .post(
            &format!("/actions/games/{}/move", game.id),
            &form(&[
                ("date", first["date"].as_str().unwrap().to_owned()),
                ("time", first["time"].as_str().unwrap().to_owned()),
                ("court", first["court_id"].to_string()),
                ("version", after.version.to_string()),
            ]),
            Some(&organiser),
            false,
        )
        .await;
    assert_eq!(
        picked.location(),
        format!("/games/{}?m=GameMovedNow", game.id)
    );
    let rescheduled = reload(&app, game.id).await;
    assert_eq!(rescheduled.status, GameStatus::Scheduled);
    assert_eq!(rescheduled.version, game.version + 2);
    let notices = notice::Entity::find()
        .filter(notice::Column::GameId.eq(game.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(notices.len(), 2);
    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::EntityId.eq(game.id))
        .filter(audit_log::Column::Entity.eq("game"))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(actions, vec!["postpone", "move"]);

    // The demo's rained-off game gets suggestions too, from tomorrow on.
    let rained = game::Entity::find()
        .filter(game::Column::Status.eq(GameStatus::Postponed))
        .filter(game::Column::Id.ne(game.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo's postponed game");
    let slots = changes::suggest_slots(&app.db, rained.id, Utc::now(), 3)
        .await
        .unwrap();
    // How many free evenings are left in the league depends on the hour the demo was made
    // (late in the evening the rained-off game is tonight's): one to three.
    assert!((1..=3).contains(&slots.len()), "{}", slots.len());
    assert!(slots.windows(2).all(|w| w[0].cost <= w[1].cost));
}

#[tokio::test]
async fn a_postponed_game_gets_conflict_free_suggestions_inside_its_competition() {
    on_every_backend!(postponing);
}

async fn refereeing(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let page = get_as(&app, "/admin/referees", Some(&organiser)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("南坊裁判") && page.body.contains("石桥裁判"));
    let game = future_game(&app).await;
    let referee2 = app_user::Entity::find()
        .filter(app_user::Column::Username.eq("referee2"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let path = format!("/actions/games/{}/referee", game.id);
    let done = app
        .post(
            &path,
            &format!("referee={}&version={}", referee2.id, game.version),
            Some(&organiser),
            false,
        )
        .await;
    assert_eq!(done.location(), "/admin/referees?m=RefereeAssignedNow");
    let assigned = game_referee::Entity::find()
        .filter(game_referee::Column::GameId.eq(game.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(assigned.len(), 1);
    assert_eq!(assigned[0].user_id, referee2.id);
    assert_eq!(reload(&app, game.id).await.version, game.version + 1);
    let page = get_as(&app, "/admin/referees", Some(&organiser)).await;
    assert!(
        page.body.contains(&format!("<tr data-referee=\"{}\"><th scope=\"row\">南坊裁判</th><td>南坊村民小组</td><td class=\"pts\">1</td>", referee2.id)),
        "{}",
        page.body
    );
    // Suggestions: a neutral referee comes first for a game.
    let overview = changes::referee_overview(&app.db, Utc::now(), 21)
        .await
        .unwrap();
    assert!(overview
        .games
        .iter()
        .all(|g| g.options[0].neutrality != "involved"));
    // A captain is no referee.
    let captain = app_user::Entity::find()
        .filter(app_user::Column::Username.eq("captain2"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let wrong = app
        .post(
            &path,
            &format!("referee={}", captain.id),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.json()["errors"][0]["field"], "referee");
    // Cleared again.
    let cleared = app.post(&path, "referee=", Some(&organiser), true).await;
    assert_eq!(cleared.status, StatusCode::OK);
    assert!(game_referee::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .is_empty());
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::EntityId.eq(game.id))
        .filter(audit_log::Column::Action.eq("referee"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 2);
}

#[tokio::test]
async fn referees_are_assigned_neutral_and_counted() {
    on_every_backend!(refereeing);
}

/// Splits one CSV line as RFC 4180 writes it.
fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cell)),
            (c, _) => cell.push(c),
        }
    }
    out.push(cell);
    out
}

async fn exporting(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let league = league(&app).await;
    let csv = get_as(
        &app,
        &format!("/export/competitions/{}/schedule.csv", league.id),
        Some(&organiser),
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.headers[header::CONTENT_TYPE].to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    assert!(
        csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "a byte-order mark"
    );
    let text = csv.body.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        cells(lines[0]),
        vec!["轮次", "日期", "时间", "场地", "主队", "客队", "状态", "比分"]
    );
    let games = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(league.id))
        .order_by_asc(game::Column::StartsAt)
        .order_by_asc(game::Column::CourtId)
        .order_by_asc(game::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(lines.len() - 1, games.len());
    let teams: std::collections::HashMap<i32, String> = team::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    for (line, game) in lines[1..].iter().zip(&games) {
        let row = cells(line);
        assert_eq!(row.len(), 8, "{line}");
        let (date, time) = changes::local_date_time(game.starts_at);
        assert_eq!(row[0], format!("第{}轮", game.round));
        assert_eq!(row[1], date.to_string());
        assert_eq!(row[2], time.format("%H:%M").to_string());
        assert!(
            row[2] == "19:30" || row[2] == "16:00",
            "Beijing time: {}",
            row[2]
        );
        assert_eq!(row[4], teams[&game.home_team_id.unwrap()]);
        assert_eq!(row[5], teams[&game.away_team_id.unwrap()]);
        match game.status {
            GameStatus::Played | GameStatus::Forfeit => assert_eq!(
                row[7],
                format!("{}:{}", game.home_score.unwrap(), game.away_score.unwrap())
            ),
            _ => assert_eq!(row[7], ""),
        }
        for cell in &row {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }
    assert!(lines.iter().any(|l| l.contains(",延期,")));

    // The sheets: a court's two weeks and this week, with a QR code and a table per day.
    let court = games[0].court_id.unwrap();
    let sheet = get_as(&app, &format!("/print/courts/{court}"), Some(&organiser)).await;
    assert!(sheet.body.contains("<svg"), "a QR code");
    assert!(sheet
        .body
        .contains(&format!("http://{TEST_HOST}/fixtures?court={court}")));
    assert!(sheet.body.contains("class=\"sheet-day\""));
    let week = get_as(&app, "/print/week", Some(&organiser)).await;
    assert!(week.body.contains("<thead>"));
    let bad = get_as(&app, "/print/courts/999999", Some(&organiser)).await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_schedule_exports_as_csv_and_prints() {
    on_every_backend!(exporting);
}

/// Rain: one action postpones every game of an evening (or of one court that evening), each
/// with its notice, and the workspace lists them waiting for a date; other evenings stay.
async fn a_rained_off_evening(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let game = future_game(&app).await;
    let date = changes::local_date_time(game.starts_at).0;
    let that_evening: Vec<game::Model> = game::Entity::find()
        .filter(game::Column::Status.eq(GameStatus::Scheduled))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|g| changes::local_date_time(g.starts_at).0 == date)
        .collect();
    assert!(!that_evening.is_empty());
    let before_other = game::Entity::find()
        .filter(game::Column::Status.eq(GameStatus::Postponed))
        .count(&app.db)
        .await
        .unwrap();
    // One court first: only its games.
    let court = game.court_id.unwrap();
    let response = app
        .post(
            "/actions/evenings/postpone",
            &format!("date={date}&court={court}"),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let on_court = that_evening
        .iter()
        .filter(|g| g.court_id == Some(court))
        .count();
    assert_eq!(
        response.json()["postponed"].as_array().unwrap().len(),
        on_court
    );
    // Then the whole evening: the rest.
    let response = app
        .post(
            "/actions/evenings/postpone",
            &format!("date={date}&court="),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(
        response.json()["postponed"].as_array().unwrap().len(),
        that_evening.len() - on_court
    );
    for g in &that_evening {
        assert_eq!(reload(&app, g.id).await.status, GameStatus::Postponed);
        assert!(notice::Entity::find()
            .filter(notice::Column::GameId.eq(g.id))
            .one(&app.db)
            .await
            .unwrap()
            .is_some());
    }
    let after = game::Entity::find()
        .filter(game::Column::Status.eq(GameStatus::Postponed))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(after, before_other + that_evening.len() as u64);
    // Nothing left that evening: said so, nothing changed.
    let again = app
        .post(
            "/actions/evenings/postpone",
            &format!("date={date}"),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The workspace lists them with a way to give each a date.
    let hub = get_as(&app, "/admin", Some(&organiser)).await;
    for g in &that_evening {
        assert!(hub.body.contains(&format!("/admin/games/{}/move", g.id)));
    }
    // Residents cannot.
    let anonymous = app
        .post(
            "/actions/evenings/postpone",
            &format!("date={date}"),
            None,
            true,
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_rained_off_evening_is_postponed_in_one_action() {
    on_every_backend!(a_rained_off_evening);
}
