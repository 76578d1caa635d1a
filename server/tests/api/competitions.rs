//! The organisers' competitions: who may open the pages and post the forms (checked on the
//! server, nothing changed when refused); a league created from the demo's men's teams,
//! generated in the background (waited for), reviewed with 0 hard violations, invisible to
//! residents while a draft (pages, API, calendar feeds, cards) and visible once published;
//! a run cancelled; a festival cup sized to its days and courts; publishing refused with hard
//! violations — on SQLite and, when configured, PostgreSQL.
use std::time::{Duration, Instant};

use app::db::entities::*;
use app::model::{CompetitionStatus, Division};
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use server::demo::{DEMO_CAPTAIN_PIN, DEMO_REFEREE};

use crate::helpers::{encode, organiser, Backend, TestApp};
use crate::on_every_backend;

async fn men(app: &TestApp) -> Vec<i32> {
    team::Entity::find()
        .filter(team::Column::Division.eq(Division::Men))
        .order_by_asc(team::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect()
}

fn league_form(name: &str, teams: &[i32], from: &str, to: &str) -> String {
    let ids: Vec<String> = teams.iter().map(i32::to_string).collect();
    let mut fields = vec![
        ("kind", "league"),
        ("name", name),
        ("division", "men"),
        ("format", "double"),
        ("starts_on", from),
        ("ends_on", to),
    ];
    fields.extend(ids.iter().map(|id| ("team", id.as_str())));
    encode(fields)
}

fn cup_form(name: &str, teams: &[i32], courts: &[i32], days: &str) -> String {
    let teams: Vec<String> = teams.iter().map(i32::to_string).collect();
    let courts: Vec<String> = courts.iter().map(i32::to_string).collect();
    let mut fields = vec![
        ("kind", "cup"),
        ("name", name),
        ("division", "men"),
        ("festival", "spring_festival:2026-02-17"),
        ("days", days),
        ("games_per_court", "3"),
        ("per_day", "3"),
    ];
    fields.extend(teams.iter().map(|id| ("team", id.as_str())));
    fields.extend(courts.iter().map(|id| ("court", id.as_str())));
    encode(fields)
}

/// The text of the element with this id on a page.
fn text_of(body: &str, id: &str) -> Option<String> {
    let at = body.find(&format!(r#"id="{id}""#))?;
    let rest = &body[at..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find('<')? + start;
    Some(rest[start..end].trim().to_owned())
}

/// Creates a league as the organiser (JSON answer) and returns its id.
pub(crate) async fn create_league(
    app: &TestApp,
    cookie: &str,
    name: &str,
    from: &str,
    to: &str,
) -> i32 {
    let teams = men(app).await;
    let response = app
        .post(
            "/actions/competitions",
            &league_form(name, &teams, from, to),
            Some(cookie),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()["competition_id"].as_i64().unwrap() as i32
}

async fn latest_run(app: &TestApp, id: i32) -> Option<schedule_run::Model> {
    schedule_run::Entity::find()
        .filter(schedule_run::Column::CompetitionId.eq(id))
        .order_by_desc(schedule_run::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
}

/// Waits for the competition's latest run to end; returns it.
pub(crate) async fn wait_for_run(app: &TestApp, id: i32, limit: Duration) -> schedule_run::Model {
    let started = Instant::now();
    loop {
        let run = latest_run(app, id).await.expect("a run");
        if run.status != "running" {
            return run;
        }
        assert!(started.elapsed() < limit, "the run took too long");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn status_of(app: &TestApp, id: i32) -> CompetitionStatus {
    competition::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .status
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Resident,
    Captain,
    Referee,
}

async fn cookie_of(app: &TestApp, who: Who) -> Option<String> {
    match who {
        Who::Resident => None,
        Who::Captain => Some(app.sign_in("captain1", DEMO_CAPTAIN_PIN).await),
        Who::Referee => Some(app.sign_in(DEMO_REFEREE.0, DEMO_REFEREE.1).await),
    }
}

fn refusal(who: Who) -> StatusCode {
    match who {
        Who::Resident => StatusCode::UNAUTHORIZED,
        _ => StatusCode::FORBIDDEN,
    }
}

async fn authorisation_matrix(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    let draft = create_league(&app, &boss, "草稿联赛甲", "2027-03-01", "2027-06-20").await;
    let teams = men(&app).await;
    for who in [Who::Resident, Who::Captain, Who::Referee] {
        let cookie = cookie_of(&app, who).await;
        for page in [
            "/admin/competitions".to_owned(),
            "/admin/competitions/new".to_owned(),
            format!("/admin/competitions/{draft}/review"),
        ] {
            let response = match &cookie {
                Some(cookie) => app.get_with_cookie(&page, cookie).await,
                None => app.get(&page).await,
            };
            assert_eq!(response.status, refusal(who), "{who:?} {page}");
            assert!(!response.body.contains("草稿联赛甲"), "{who:?} {page}");
        }
        let competitions = competition::Entity::find().count(&app.db).await.unwrap();
        let runs = schedule_run::Entity::find().count(&app.db).await.unwrap();
        for (path, form) in [
            (
                "/actions/competitions".to_owned(),
                league_form("偷建联赛", &teams, "2027-03-01", "2027-06-20"),
            ),
            (
                format!("/actions/competitions/{draft}/generate"),
                "seconds=1".to_owned(),
            ),
            (
                format!("/actions/competitions/{draft}/cancel"),
                String::new(),
            ),
            (
                format!("/actions/competitions/{draft}/publish"),
                String::new(),
            ),
        ] {
            let response = app.post(&path, &form, cookie.as_deref(), true).await;
            assert_eq!(response.status, refusal(who), "{who:?} {path}");
            // A plain form is sent to sign in, or refused.
            let plain = app.post(&path, &form, cookie.as_deref(), false).await;
            match who {
                Who::Resident => {
                    assert_eq!(plain.status, StatusCode::SEE_OTHER);
                    assert!(plain.location().starts_with("/signin?next="));
                }
                _ => assert_eq!(plain.status, StatusCode::FORBIDDEN),
            }
        }
        assert_eq!(
            competition::Entity::find().count(&app.db).await.unwrap(),
            competitions
        );
        assert_eq!(
            schedule_run::Entity::find().count(&app.db).await.unwrap(),
            runs
        );
        assert_eq!(status_of(&app, draft).await, CompetitionStatus::Draft);
    }
    // The organiser may do all of it.
    for page in [
        "/admin/competitions".to_owned(),
        "/admin/competitions/new".to_owned(),
        format!("/admin/competitions/{draft}/review"),
    ] {
        let response = app.get_with_cookie(&page, &boss).await;
        assert_eq!(response.status, StatusCode::OK, "{page}");
    }
    let list = app.get_with_cookie("/admin/competitions", &boss).await;
    assert!(list.body.contains("草稿联赛甲"));
    // Nothing to publish yet: refused, still a draft.
    let response = app
        .post(
            &format!("/actions/competitions/{draft}/publish"),
            "",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::CONFLICT, "{}", response.body);
    assert_eq!(status_of(&app, draft).await, CompetitionStatus::Draft);
    // GET on an action is not a way in.
    let response = app.get("/actions/competitions").await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn only_organisers_open_and_post_the_competition_forms() {
    on_every_backend!(authorisation_matrix);
}

/// Every public place a competition could show up: its name must (not) be there.
async fn visible_to_residents(app: &TestApp, id: i32, name: &str, team: i32) -> Vec<bool> {
    let mut seen = Vec::new();
    for page in [
        format!("/fixtures?competition={id}"),
        "/fixtures".to_owned(),
        "/".to_owned(),
        format!("/teams/{team}"),
        "/standings".to_owned(),
        "/api/v1/competitions".to_owned(),
        format!("/api/v1/games?competition={id}"),
        format!("/api/v1/teams/{team}"),
    ] {
        let response = app.get(&page).await;
        seen.push(response.body.contains(name) || response.body.contains("2027-03-0"));
    }
    let feed = app.get(&format!("/calendar/competitions/{id}.ics")).await;
    seen.push(feed.status == StatusCode::OK);
    let team_feed = app.get(&format!("/calendar/teams/{team}.ics")).await;
    seen.push(team_feed.body.contains(name));
    let card = app.get(&format!("/cards/standings/{id}.png")).await;
    seen.push(card.status == StatusCode::OK);
    let standings = app
        .get(&format!("/api/v1/competitions/{id}/standings"))
        .await;
    seen.push(standings.status == StatusCode::OK);
    seen
}

async fn league_from_create_to_publish(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    let teams = men(&app).await;
    assert_eq!(teams.len(), 12);
    // The plain form: redirected to the review page with a message.
    let response = app
        .post(
            "/actions/competitions",
            &league_form("2027 春季男篮联赛", &teams, "2027-03-01", "2027-06-20"),
            Some(&boss),
            false,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let location = response.location();
    assert!(
        location.starts_with("/admin/competitions/") && location.ends_with("/review?m=CompCreated"),
        "{location}"
    );
    let id: i32 = location
        .trim_start_matches("/admin/competitions/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let entries = stage_entry::Entity::find().all(&app.db).await.unwrap();
    let stage = stage::Entity::find()
        .filter(stage::Column::CompetitionId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        entries.iter().filter(|e| e.stage_id == stage.id).count(),
        12
    );
    let before = visible_to_residents(&app, id, "2027 春季男篮联赛", teams[0]).await;
    assert!(before.iter().all(|seen| !seen), "a fresh draft: {before:?}");

    // The first team is away for the first ten days of April: no game for it then.
    let away = app
        .post(
            &format!("/actions/setup/teams/{}/blackouts", teams[0]),
            "from=2027-04-01&to=2027-04-10&reason=%E5%A4%96%E5%87%BA",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(away.status, StatusCode::OK, "{}", away.body);
    assert_eq!(away.json()["added"], 10);

    // Generate: a background run, progress shown on the review page while it runs.
    let response = app
        .post(
            &format!("/actions/competitions/{id}/generate"),
            "min_rest_days=2&seconds=4",
            Some(&boss),
            false,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(
        response.location(),
        format!("/admin/competitions/{id}/review?m=CompGenerating")
    );
    let run = wait_for_run(&app, id, Duration::from_secs(60)).await;
    assert_eq!(run.status, "done", "{:?}", run.message);
    assert_eq!(run.hard_violations, Some(0), "{:?}", run.report);
    let games = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(games.len(), 12 * 11);
    // Every game at a court open that evening, between 1 March and 20 June 2027 (Shanghai).
    let windows = court_availability::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    for g in &games {
        let local = g.starts_at.with_timezone(&chrono_tz::Asia::Shanghai);
        let day = local.date_naive();
        if g.home_team_id == Some(teams[0]) || g.away_team_id == Some(teams[0]) {
            assert!(
                !(chrono::NaiveDate::from_ymd_opt(2027, 4, 1).unwrap()
                    ..=chrono::NaiveDate::from_ymd_opt(2027, 4, 10).unwrap())
                    .contains(&day),
                "game {} on the team's blackout day {day}",
                g.id
            );
        }
        assert!(day >= chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap());
        assert!(day <= chrono::NaiveDate::from_ymd_opt(2027, 6, 20).unwrap());
        use chrono::Datelike;
        let weekday = day.weekday().number_from_monday() as i16;
        let time = local.time();
        assert!(
            windows.iter().any(|w| w.court_id == g.court_id.unwrap()
                && w.weekday == weekday
                && w.starts_at <= time
                && time < w.ends_at),
            "game {} at {local} on court {:?}",
            g.id,
            g.court_id
        );
    }
    let review = app
        .get_with_cookie(&format!("/admin/competitions/{id}/review"), &boss)
        .await;
    assert_eq!(review.status, StatusCode::OK);
    assert_eq!(
        text_of(&review.body, "hard-violations").as_deref(),
        Some("0")
    );
    assert_eq!(text_of(&review.body, "game-count").as_deref(), Some("132"));
    assert!(review.body.contains(r#"id="publish""#));
    assert!(!review.body.contains("http-equiv=\"refresh\""));
    // Drafts with games stay invisible to residents.
    let drafted = visible_to_residents(&app, id, "2027 春季男篮联赛", teams[0]).await;
    assert!(
        drafted.iter().all(|seen| !seen),
        "a generated draft: {drafted:?}"
    );
    // Nobody reports a score on a draft's game, not even an organiser: nothing is stored.
    let report = app
        .post(
            &format!("/actions/games/{}/report", games[0].id),
            &crate::scoring::score_form(games[0].version, "draft-1", 70, 60),
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(
        report.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        report.body
    );
    assert!(report.body.contains("赛程还没发布"), "{}", report.body);
    assert_eq!(
        score_report::Entity::find()
            .filter(score_report::Column::GameId.eq(games[0].id))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    for g in games.iter().take(3) {
        assert_eq!(
            app.get(&format!("/games/{}", g.id)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get(&format!("/api/v1/games/{}", g.id)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_ne!(
            app.get(&format!("/cards/games/{}.png", g.id)).await.status,
            StatusCode::OK
        );
    }

    // Publish: residents see it.
    let response = app
        .post(
            &format!("/actions/competitions/{id}/publish"),
            "",
            Some(&boss),
            false,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(
        response.location(),
        format!("/admin/competitions/{id}/review?m=CompPublished")
    );
    assert_eq!(status_of(&app, id).await, CompetitionStatus::Published);
    let fixtures = app.get(&format!("/fixtures?competition={id}")).await;
    assert!(fixtures.body.contains("2027 春季男篮联赛"));
    let api = app.get("/api/v1/competitions").await;
    assert!(api.body.contains("2027 春季男篮联赛"));
    let feed = app.get(&format!("/calendar/competitions/{id}.ics")).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert_eq!(feed.body.matches("BEGIN:VEVENT").count(), 132);
    // Published: no second generate, no second publish.
    let again = app
        .post(
            &format!("/actions/competitions/{id}/generate"),
            "seconds=1",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let again = app
        .post(
            &format!("/actions/competitions/{id}/publish"),
            "",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // The audit log has the creation, the run and the publication.
    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("competition"))
        .filter(audit_log::Column::EntityId.eq(id))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(actions, ["create", "generate", "publish"]);
}

#[tokio::test]
async fn a_league_is_generated_reviewed_and_published() {
    on_every_backend!(league_from_create_to_publish);
}

async fn cancel_a_run(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    let id = create_league(&app, &boss, "取消测试联赛", "2027-03-01", "2027-06-20").await;
    // Two weeks' rest between games cannot be had: the search would use its whole minute.
    let response = app
        .post(
            &format!("/actions/competitions/{id}/generate"),
            "min_rest_days=14&seconds=60",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    // While it runs: the review page reloads itself and offers the cancel button.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let review = app
        .get_with_cookie(&format!("/admin/competitions/{id}/review"), &boss)
        .await;
    assert!(
        review.body.contains(r#"http-equiv="refresh""#),
        "{}",
        review.body
    );
    assert!(review.body.contains(r#"id="cancel""#));
    assert!(review.body.contains(r#"id="run-progress""#));
    // A second generate while running is refused.
    let twice = app
        .post(
            &format!("/actions/competitions/{id}/generate"),
            "seconds=1",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let started = Instant::now();
    let response = app
        .post(
            &format!("/actions/competitions/{id}/cancel"),
            "",
            Some(&boss),
            false,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(
        response.location(),
        format!("/admin/competitions/{id}/review?m=CompCancelled")
    );
    let run = wait_for_run(&app, id, Duration::from_secs(30)).await;
    assert_eq!(run.status, "cancelled");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(
        game::Entity::find()
            .filter(game::Column::CompetitionId.eq(id))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    // Nothing left to cancel; a cancelled run cannot be published; a new run may start.
    let none = app
        .post(
            &format!("/actions/competitions/{id}/cancel"),
            "",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(none.status, StatusCode::CONFLICT);
    let publish = app
        .post(
            &format!("/actions/competitions/{id}/publish"),
            "",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(publish.status, StatusCode::CONFLICT);
    let again = app
        .post(
            &format!("/actions/competitions/{id}/generate"),
            "seconds=2",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let run = wait_for_run(&app, id, Duration::from_secs(60)).await;
    assert_eq!(run.status, "done");
}

#[tokio::test]
async fn a_run_can_be_cancelled() {
    on_every_backend!(cancel_a_run);
}

async fn hard_violations_block_publishing(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    // Twelve teams, 132 games, one week: impossible.
    let id = create_league(&app, &boss, "一周联赛", "2027-03-01", "2027-03-07").await;
    let response = app
        .post(
            &format!("/actions/competitions/{id}/generate"),
            "seconds=1",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let run = wait_for_run(&app, id, Duration::from_secs(60)).await;
    assert_eq!(run.status, "done");
    assert!(run.hard_violations.unwrap() > 0);
    let review = app
        .get_with_cookie(&format!("/admin/competitions/{id}/review"), &boss)
        .await;
    assert!(review.body.contains(r#"id="publish-blocked""#));
    let response = app
        .post(
            &format!("/actions/competitions/{id}/publish"),
            "",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::CONFLICT);
    assert_eq!(response.json()["code"], "CompNotReady");
    assert_eq!(status_of(&app, id).await, CompetitionStatus::Draft);
}

#[tokio::test]
async fn publishing_is_refused_with_hard_violations() {
    on_every_backend!(hard_violations_block_publishing);
}

async fn festival_cup(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    let teams: Vec<i32> = men(&app).await.into_iter().take(8).collect();
    let courts: Vec<i32> = court::Entity::find()
        .filter(court::Column::HasLights.eq(true))
        .order_by_asc(court::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let response = app
        .post(
            "/actions/competitions",
            &cup_form("2026 春节杯（测试）", &teams, &courts, "3"),
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let id = response.json()["competition_id"].as_i64().unwrap() as i32;
    let cup = competition::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cup.status, CompetitionStatus::Draft);
    assert_eq!(cup.festival.as_deref(), Some("spring_festival"));
    // Three days ending on the festival: 15 to 17 February.
    assert_eq!(cup.starts_on.to_string(), "2026-02-15");
    assert_eq!(cup.ends_on.to_string(), "2026-02-17");
    // Two groups of four (snake draw), semi-finals, third place and the final.
    let pools = pool::Entity::find().all(&app.db).await.unwrap();
    let stages: Vec<i32> = stage::Entity::find()
        .filter(stage::Column::CompetitionId.eq(id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    let ours: Vec<_> = pools
        .iter()
        .filter(|p| stages.contains(&p.stage_id))
        .collect();
    assert_eq!(ours.len(), 2);
    let entries = stage_entry::Entity::find()
        .filter(stage_entry::Column::PoolId.eq(ours[0].id))
        .order_by_asc(stage_entry::Column::Seed)
        .all(&app.db)
        .await
        .unwrap();
    let seeds: Vec<i32> = entries.iter().map(|e| e.seed).collect();
    assert_eq!(seeds, [1, 4, 5, 8]);
    let games = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(games.len(), 12 + 4);
    let slots: Vec<&str> = games
        .iter()
        .filter_map(|g| g.bracket_slot.as_deref())
        .collect();
    for slot in ["SF1", "SF2", "3P", "F"] {
        assert!(slots.contains(&slot), "{slots:?}");
    }
    let last = games.iter().max_by_key(|g| g.starts_at).unwrap();
    assert_eq!(
        last.starts_at
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .date_naive()
            .to_string(),
        "2026-02-17"
    );
    let review = app
        .get_with_cookie(&format!("/admin/competitions/{id}/review"), &boss)
        .await;
    assert_eq!(
        text_of(&review.body, "hard-violations").as_deref(),
        Some("0")
    );
    assert!(review.body.contains("A组第1名"));
    let response = app
        .post(
            &format!("/actions/competitions/{id}/publish"),
            "",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert!(app
        .get(&format!("/fixtures?competition={id}"))
        .await
        .body
        .contains("2026 春节杯（测试）"));

    // One day and one court cannot hold eight teams' cup: the form comes back.
    let response = app
        .post(
            "/actions/competitions",
            &cup_form("太小的杯赛", &teams, &courts[..1], "1"),
            Some(&boss),
            false,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let location = response.location();
    assert!(
        location.starts_with("/admin/competitions/new?"),
        "{location}"
    );
    assert!(location.contains("f=days.fit"), "{location}");
    assert!(location.contains("form=cup"), "{location}");
    let page = app.get_with_cookie(&location, &boss).await;
    assert!(
        page.body.contains("太小的杯赛"),
        "the typed name comes back"
    );
    assert!(page.body.contains("放不下杯赛"));
}

#[tokio::test]
async fn a_festival_cup_is_sized_to_its_days_and_courts() {
    on_every_backend!(festival_cup);
}

async fn field_errors(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    let teams = men(&app).await;
    let before = competition::Entity::find().count(&app.db).await.unwrap();
    let response = app
        .post(
            "/actions/competitions",
            &league_form("两队联赛", &teams[..2], "2027-05-01", "2027-03-01"),
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = response.json()["errors"].to_string();
    assert!(errors.contains(r#""field":"team""#), "{errors}");
    assert!(errors.contains(r#""problem":"order""#), "{errors}");
    // A women's team in a men's league.
    let women = team::Entity::find()
        .filter(team::Column::Division.eq(Division::Women))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut mixed = teams[..3].to_vec();
    mixed.push(women.id);
    let response = app
        .post(
            "/actions/competitions",
            &league_form("混合联赛", &mixed, "2027-03-01", "2027-05-01"),
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        competition::Entity::find().count(&app.db).await.unwrap(),
        before
    );
}

#[tokio::test]
async fn bad_forms_come_back_with_field_errors() {
    on_every_backend!(field_errors);
}
