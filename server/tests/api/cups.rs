//! Festival cups played to their champion: a straight knockout of six (the two top seeds get
//! byes) and two pools of four; every result entered by an organiser through the score form.
//! Pool places and winners move on by themselves; a corrected result moves them again until
//! the next game has started; the last result records the podium, finishes the competition,
//! and the honours page, the API and the champion's team page show it — on SQLite and, when
//! configured, PostgreSQL.
use std::collections::BTreeMap;

use app::db::entities::*;
use app::model::{CompetitionStatus, Division};
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::{encode, organiser, Backend, TestApp};
use crate::on_every_backend;
use crate::scoring::score_form;

pub async fn men(app: &TestApp, count: usize) -> Vec<i32> {
    team::Entity::find()
        .filter(team::Column::Division.eq(Division::Men))
        .order_by_asc(team::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .take(count)
        .map(|t| t.id)
        .collect()
}

async fn lit_courts(app: &TestApp) -> Vec<i32> {
    court::Entity::find()
        .filter(court::Column::HasLights.eq(true))
        .order_by_asc(court::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect()
}

/// Creates and publishes a cup on a festival already past (its games may be reported: the
/// 2026 Spring Festival, before the demo's league and cup), on every lit court.
async fn cup(app: &TestApp, boss: &str, name: &str, teams: &[i32], format: &str) -> i32 {
    publish_cup(app, boss, name, teams, format, "spring_festival:2026-02-17").await
}

/// Creates and publishes a cup on `festival` (`code:YYYY-MM-DD`, as the form sends it).
pub async fn publish_cup(
    app: &TestApp,
    boss: &str,
    name: &str,
    teams: &[i32],
    format: &str,
    festival: &str,
) -> i32 {
    let teams: Vec<String> = teams.iter().map(i32::to_string).collect();
    let courts: Vec<String> = lit_courts(app).await.iter().map(i32::to_string).collect();
    let mut fields = vec![
        ("kind", "cup"),
        ("name", name),
        ("division", "men"),
        ("festival", festival),
        ("format", format),
        ("days", "3"),
        ("games_per_court", "4"),
        ("per_day", "3"),
    ];
    fields.extend(teams.iter().map(|id| ("team", id.as_str())));
    fields.extend(courts.iter().map(|id| ("court", id.as_str())));
    let response = app
        .post("/actions/competitions", &encode(fields), Some(boss), true)
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let id = response.json()["competition_id"].as_i64().unwrap() as i32;
    let response = app
        .post(
            &format!("/actions/competitions/{id}/publish"),
            "",
            Some(boss),
            true,
        )
        .await;
    let run = schedule_run::Entity::find()
        .filter(schedule_run::Column::CompetitionId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{} {:?}",
        response.body,
        run.report
    );
    id
}

async fn games(app: &TestApp, competition: i32) -> Vec<game::Model> {
    game::Entity::find()
        .filter(game::Column::CompetitionId.eq(competition))
        .order_by_asc(game::Column::StartsAt)
        .order_by_asc(game::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn by_slot(app: &TestApp, competition: i32) -> BTreeMap<String, game::Model> {
    games(app, competition)
        .await
        .into_iter()
        .filter_map(|g| Some((g.bracket_slot.clone()?, g)))
        .collect()
}

/// The organiser enters `home`:`away` for the game as it is now.
async fn enter(app: &TestApp, boss: &str, game: &game::Model, home: u32, away: u32) {
    let fresh = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let key = format!("cup-{}-{}-{home}-{away}", game.id, fresh.version);
    let response = app
        .post(
            &format!("/actions/games/{}/report", game.id),
            &score_form(fresh.version, &key, home, away),
            Some(boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
}

async fn podium(app: &TestApp, competition: i32) -> Vec<(i16, i32)> {
    honour::Entity::find()
        .filter(honour::Column::CompetitionId.eq(competition))
        .order_by_asc(honour::Column::Place)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|h| (h.place, h.team_id))
        .collect()
}

async fn status(app: &TestApp, competition: i32) -> CompetitionStatus {
    competition::Entity::find_by_id(competition)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .status
}

async fn straight_knockout(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    let seeds = men(&app, 6).await;
    let id = cup(&app, &boss, "六队淘汰杯", &seeds, "knockout").await;
    let slots = by_slot(&app, id).await;
    let names: Vec<&str> = slots.keys().map(String::as_str).collect();
    assert_eq!(names, ["3P", "F", "QF2", "QF4", "SF1", "SF2"]);
    // Seeds 1 and 2 wait in the semi-finals; 3–6 play the quarter-finals.
    assert_eq!(slots["SF1"].home_team_id, Some(seeds[0]));
    assert_eq!(slots["SF2"].home_team_id, Some(seeds[1]));
    assert_eq!(slots["SF1"].away_team_id, None);
    assert_eq!(slots["SF1"].away_source.as_deref(), Some("QF2胜者"));
    assert_eq!(
        (slots["QF4"].home_team_id, slots["QF4"].away_team_id),
        (Some(seeds[2]), Some(seeds[5]))
    );
    // The semi-final cannot be reported while a side is unknown.
    let response = app
        .post(
            &format!("/actions/games/{}/report", slots["SF1"].id),
            &score_form(slots["SF1"].version, "too-early", 70, 60),
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        response.body
    );

    // QF2: seed 4 v seed 5, the away side wins; QF4: seed 3 wins.
    enter(&app, &boss, &slots["QF2"], 60, 71).await;
    enter(&app, &boss, &slots["QF4"], 80, 62).await;
    let slots = by_slot(&app, id).await;
    assert_eq!(slots["SF1"].away_team_id, Some(seeds[4]));
    assert_eq!(slots["SF2"].away_team_id, Some(seeds[2]));

    // SF1 entered wrongly (seed 1 won), then corrected (seed 5 won): the final follows.
    enter(&app, &boss, &slots["SF1"], 75, 70).await;
    assert_eq!(by_slot(&app, id).await["F"].home_team_id, Some(seeds[0]));
    enter(&app, &boss, &slots["SF1"], 70, 75).await;
    let slots = by_slot(&app, id).await;
    assert_eq!(slots["F"].home_team_id, Some(seeds[4]));
    assert_eq!(slots["3P"].home_team_id, Some(seeds[0]));
    enter(&app, &boss, &slots["SF2"], 66, 64).await;
    let slots = by_slot(&app, id).await;
    assert_eq!(slots["F"].away_team_id, Some(seeds[1]));
    assert_eq!(slots["3P"].away_team_id, Some(seeds[2]));
    assert!(podium(&app, id).await.is_empty());

    // The final is played: its teams no longer change behind anyone's back.
    enter(&app, &boss, &slots["F"], 90, 88).await;
    enter(&app, &boss, &slots["SF1"], 80, 75).await;
    let final_now = by_slot(&app, id).await["F"].clone();
    assert_eq!(
        final_now.home_team_id,
        Some(seeds[4]),
        "held: the final has started"
    );
    assert_eq!(status(&app, id).await, CompetitionStatus::Published);

    // The last game: the podium is recorded and the cup finished.
    enter(&app, &boss, &by_slot(&app, id).await["3P"], 50, 61).await;
    assert_eq!(
        podium(&app, id).await,
        [(1, seeds[4]), (2, seeds[1]), (3, seeds[2])]
    );
    assert_eq!(status(&app, id).await, CompetitionStatus::Finished);

    let champion = team::Entity::find_by_id(seeds[4])
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .name;
    let page = app.get("/honours").await;
    assert_eq!(page.status, StatusCode::OK);
    let card = &page.body[page.body.find("六队淘汰杯").expect("listed")..];
    assert!(card.contains(&champion), "the champion is named");
    let api = app.get("/api/v1/honours").await.json();
    let listed = api["years"][0]["competitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "六队淘汰杯")
        .cloned()
        .expect("in the API");
    assert_eq!(listed["champion"]["id"], seeds[4]);
    assert_eq!(listed["third"]["id"], seeds[2]);
    let team_page = app.get(&format!("/teams/{}", seeds[4])).await;
    assert!(team_page.body.contains("冠军"));
    assert!(team_page.body.contains("六队淘汰杯"));
    let standings = app.get(&format!("/standings?competition={id}")).await;
    assert!(standings.body.contains("podium-line"));
}

#[tokio::test]
async fn a_straight_knockout_is_played_to_its_champion() {
    on_every_backend!(straight_knockout);
}

async fn pools_then_knockout(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    let seeds = men(&app, 8).await;
    let id = cup(&app, &boss, "八队小组杯", &seeds, "groups").await;
    let all = games(&app, id).await;
    let pool_games: Vec<&game::Model> = all.iter().filter(|g| g.pool_id.is_some()).collect();
    assert_eq!(pool_games.len(), 12);
    // In every pool the better seed wins by the seed gap: the places follow the seeds.
    let rank = |team: Option<i32>| seeds.iter().position(|s| Some(*s) == team).unwrap() as u32;
    for (n, game) in pool_games.iter().enumerate() {
        let (home, away) = (rank(game.home_team_id), rank(game.away_team_id));
        let margin = 3 + (home as i64 - away as i64).unsigned_abs() as u32;
        let (h, a) = if home < away {
            (70 + margin, 70)
        } else {
            (70, 70 + margin)
        };
        enter(&app, &boss, game, h, a).await;
        let slots = by_slot(&app, id).await;
        if n < 11 {
            // A pool still playing sends nobody on... unless it is finished already.
            let semis_known = slots["SF1"].home_team_id.is_some() as u8
                + slots["SF2"].home_team_id.is_some() as u8;
            assert!(semis_known <= 1, "after {} games", n + 1);
        }
    }
    // Snake draw: A = seeds 1, 4, 5, 8; B = 2, 3, 6, 7. SF1 = A1 v B2, SF2 = B1 v A2.
    let slots = by_slot(&app, id).await;
    assert_eq!(
        (slots["SF1"].home_team_id, slots["SF1"].away_team_id),
        (Some(seeds[0]), Some(seeds[2]))
    );
    assert_eq!(
        (slots["SF2"].home_team_id, slots["SF2"].away_team_id),
        (Some(seeds[1]), Some(seeds[3]))
    );
    enter(&app, &boss, &slots["SF1"], 60, 64).await;
    enter(&app, &boss, &slots["SF2"], 77, 70).await;
    let slots = by_slot(&app, id).await;
    enter(&app, &boss, &slots["F"], 81, 79).await;
    assert_eq!(status(&app, id).await, CompetitionStatus::Published);
    enter(&app, &boss, &slots["3P"], 68, 71).await;
    assert_eq!(
        podium(&app, id).await,
        [(1, seeds[2]), (2, seeds[1]), (3, seeds[3])]
    );
    assert_eq!(status(&app, id).await, CompetitionStatus::Finished);
}

#[tokio::test]
async fn pools_then_knockout_reach_their_champion() {
    on_every_backend!(pools_then_knockout);
}

/// A cup's layout follows the courts' own hours and leaves other competitions' games alone;
/// its review counts what the calendar check finds; a league generated around it never
/// puts a game on a court at the same time as one of the cup's.
async fn cups_and_leagues_share_the_courts(backend: Backend) {
    use chrono::{Datelike, Timelike};
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    let seeds = men(&app, 8).await;
    let courts = lit_courts(&app).await;
    // A cup on the National Day 2027 (1 October), then a league whose season spans it.
    let teams: Vec<String> = seeds.iter().map(i32::to_string).collect();
    let court_ids: Vec<String> = courts.iter().map(i32::to_string).collect();
    let mut fields = vec![
        ("kind", "cup"),
        ("name", "国庆杯 2027"),
        ("division", "men"),
        ("festival", "national_day:2027-10-01"),
        ("format", "groups"),
        ("days", "3"),
        ("games_per_court", "4"),
        ("per_day", "2"),
    ];
    fields.extend(teams.iter().map(|id| ("team", id.as_str())));
    fields.extend(court_ids.iter().map(|id| ("court", id.as_str())));
    let response = app
        .post("/actions/competitions", &encode(fields), Some(&boss), true)
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let cup = response.json()["competition_id"].as_i64().unwrap() as i32;
    let run = schedule_run::Entity::find()
        .filter(schedule_run::Column::CompetitionId.eq(cup))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(run.hard_violations, Some(0), "{:?}", run.report);
    // Every cup game inside its court's own hours on that weekday.
    let windows = court_availability::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    let cup_games = games(&app, cup).await;
    for game in &cup_games {
        let local = game.starts_at.with_timezone(&chrono_tz::Asia::Shanghai);
        let weekday = local.weekday().number_from_monday() as i16;
        assert!(
            windows.iter().any(|w| Some(w.court_id) == game.court_id
                && w.weekday == weekday
                && local.time() >= w.starts_at
                && local.time() < w.ends_at),
            "game {} at {local} is outside its court's hours",
            game.id
        );
        assert!(local.hour() >= 12, "{local}");
    }
    let response = app
        .post(
            &format!("/actions/competitions/{cup}/publish"),
            "",
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);

    // A cup game may move to a day its teams play again (the cup's rhythm), not to the
    // same time as their other game.
    let first = cup_games.iter().find(|g| g.pool_id.is_some()).unwrap();
    let team = first.home_team_id;
    let day_two = first.starts_at + chrono::Duration::days(1);
    let later = cup_games
        .iter()
        .find(|g| {
            g.id != first.id
                && (g.home_team_id == team || g.away_team_id == team)
                && g.starts_at.date_naive() == day_two.date_naive()
        })
        .expect("the team plays on day two");
    let check = |court: i32, minutes: i64| {
        let at = (later.starts_at + chrono::Duration::minutes(minutes))
            .with_timezone(&chrono_tz::Asia::Shanghai);
        format!(
            "/admin/games/{}/check?date={}&time={}&court={court}",
            first.id,
            at.date_naive(),
            at.format("%H:%M")
        )
    };
    let mut codes = Vec::new();
    let mut free = 0;
    for court in lit_courts(&app).await {
        let answer = app.get_with_cookie(&check(court, 90), &boss).await.json();
        free += usize::from(answer["ok"] == true);
        codes.extend(
            answer["conflicts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["code"].clone()),
        );
    }
    assert!(free > 0, "{codes:?}");
    assert!(
        !codes.iter().any(|c| c == "team_plays_that_day"),
        "{codes:?}"
    );
    let court = later.court_id.unwrap();
    let other = lit_courts(&app)
        .await
        .into_iter()
        .find(|c| *c != court)
        .unwrap();
    let at_once = app.get_with_cookie(&check(other, 0), &boss).await.json();
    assert!(
        at_once["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "team_plays_that_day"),
        "{at_once}"
    );

    let league = crate::competitions::create_league(
        &app,
        &boss,
        "2027 秋季联赛",
        "2027-09-01",
        "2027-11-30",
    )
    .await;
    let response = app
        .post(
            &format!("/actions/competitions/{league}/generate"),
            "min_rest_days=2&seconds=3",
            Some(&boss),
            false,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let run =
        crate::competitions::wait_for_run(&app, league, std::time::Duration::from_secs(90)).await;
    assert_eq!(run.status, "done", "{:?}", run.message);
    let league_games = games(&app, league).await;
    assert!(!league_games.is_empty());
    for cup_game in &cup_games {
        for game in league_games
            .iter()
            .filter(|g| g.court_id == cup_game.court_id)
        {
            let apart = (game.starts_at - cup_game.starts_at).num_minutes().abs();
            assert!(
                apart >= 90,
                "league game {} and cup game {} share court {:?} at {}",
                game.id,
                cup_game.id,
                game.court_id,
                game.starts_at
            );
        }
    }
}

#[tokio::test]
async fn a_league_generated_beside_a_published_cup_never_double_books_a_court() {
    on_every_backend!(cups_and_leagues_share_the_courts);
}

/// Three teams of a pool level on everything: nobody goes on until the organiser records
/// the drawing of lots, which the table then follows and names.
async fn a_tie_waits_for_the_drawing_of_lots(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    let seeds = men(&app, 8).await;
    let id = cup(&app, &boss, "抽签杯", &seeds, "groups").await;
    // Pool A (seeds 1, 4, 5, 8): 1 beats 4, 4 beats 5, 5 beats 1, all by ten; all beat 8 by ten.
    let (a, b, c) = (seeds[0], seeds[3], seeds[4]);
    let beats = |winner: i32, loser: i32| (winner, loser);
    let wins = [beats(a, b), beats(b, c), beats(c, a)];
    for game in games(&app, id).await.iter().filter(|g| g.pool_id.is_some()) {
        let (home, away) = (game.home_team_id.unwrap(), game.away_team_id.unwrap());
        let home_wins = if wins.contains(&(home, away)) || away == seeds[7] {
            true
        } else if wins.contains(&(away, home)) || home == seeds[7] {
            false
        } else {
            // Pool B: the better seed wins.
            seeds.iter().position(|s| *s == home) < seeds.iter().position(|s| *s == away)
        };
        let (h, a_) = if home_wins { (70, 60) } else { (60, 70) };
        enter(&app, &boss, game, h, a_).await;
    }
    let slots = by_slot(&app, id).await;
    // Pool B sends its teams on; pool A waits for the draw.
    assert_eq!(slots["SF1"].away_team_id, Some(seeds[2]));
    assert_eq!(slots["SF1"].home_team_id, None);
    assert_eq!(slots["SF2"].away_team_id, None);
    let hub = app.get_with_cookie("/admin", &boss).await;
    assert!(
        hub.body.contains("须抽签决定名次"),
        "the workspace asks for the draw"
    );
    let pool = pool::Entity::find()
        .filter(pool::Column::Name.eq("A组"))
        .order_by_desc(pool::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let lots = |first: i32, second: i32, third: i32| {
        format!(
            "stage={}&pool={}&lot_{first}=1&lot_{second}=2&lot_{third}=3",
            pool.stage_id, pool.id
        )
    };
    // The same place twice is refused, and nothing is stored.
    let refused = app
        .post(
            &format!("/actions/competitions/{id}/lots"),
            &format!(
                "stage={}&pool={}&lot_{a}=1&lot_{b}=1&lot_{c}=2",
                pool.stage_id, pool.id
            ),
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(by_slot(&app, id).await["SF1"].home_team_id, None);
    // The draw: c first, a second, b third.
    let response = app
        .post(
            &format!("/actions/competitions/{id}/lots"),
            &lots(c, a, b),
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let slots = by_slot(&app, id).await;
    assert_eq!(slots["SF1"].home_team_id, Some(c), "A1 by lot");
    assert_eq!(slots["SF2"].away_team_id, Some(a), "A2 by lot");
    let standings = app.get(&format!("/standings?competition={id}")).await;
    assert!(
        standings.body.contains("由抽签决定名次"),
        "the explanation names the draw"
    );
    assert!(!app
        .get_with_cookie("/admin", &boss)
        .await
        .body
        .contains("须抽签决定名次"));
}

#[tokio::test]
async fn a_tie_only_lots_can_settle_waits_for_the_organisers_draw() {
    on_every_backend!(a_tie_waits_for_the_drawing_of_lots);
}

/// A game called off: not played, out of the tables, a notice for residents; only an
/// organiser may, and a called-off game cannot be called off again. The cup's last open
/// game called off (a third-place game rained off for good) still closes the cup.
async fn calling_a_game_off(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    let seeds = men(&app, 4).await;
    let id = cup(&app, &boss, "四队淘汰杯", &seeds, "knockout").await;
    let slots = by_slot(&app, id).await;
    enter(&app, &boss, &slots["SF1"], 70, 60).await;
    enter(&app, &boss, &slots["SF2"], 60, 70).await;
    enter(&app, &boss, &by_slot(&app, id).await["F"], 81, 80).await;
    let third = by_slot(&app, id).await["3P"].clone();
    // A captain may not call it off.
    let login = app_user::Entity::find()
        .filter(app_user::Column::TeamId.eq(seeds[1]))
        .one(&app.db)
        .await
        .unwrap()
        .and_then(|user| user.username)
        .expect("the demo captain of seed 2");
    let captain = app.sign_in(&login, server::demo::DEMO_CAPTAIN_PIN).await;
    let refused = app
        .post(
            &format!("/actions/games/{}/cancel", third.id),
            &format!("version={}", third.version),
            Some(&captain),
            true,
        )
        .await;
    assert!(
        matches!(
            refused.status,
            StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED
        ),
        "{}",
        refused.status
    );
    let response = app
        .post(
            &format!("/actions/games/{}/cancel", third.id),
            &format!("version={}", third.version),
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let called_off = by_slot(&app, id).await["3P"].clone();
    assert_eq!(called_off.status, app::model::GameStatus::Cancelled);
    assert!(notice::Entity::find()
        .filter(notice::Column::GameId.eq(third.id))
        .one(&app.db)
        .await
        .unwrap()
        .is_some());
    // The cup is finished: champion and runner-up, no third.
    assert_eq!(status(&app, id).await, CompetitionStatus::Finished);
    assert_eq!(podium(&app, id).await, [(1, seeds[0]), (2, seeds[2])]);
    let again = app
        .post(
            &format!("/actions/games/{}/cancel", third.id),
            &format!("version={}", called_off.version),
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_game_called_off_leaves_the_tables_and_may_close_the_cup() {
    on_every_backend!(calling_a_game_off);
}

/// A team withdraws mid-pool: its decided games stand, each one left is lost by forfeit
/// (20:0, no point), and the pool still completes and sends its places on.
async fn a_team_withdraws(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let boss = organiser(&app).await;
    let seeds = men(&app, 8).await;
    let id = cup(&app, &boss, "退赛杯", &seeds, "groups").await;
    let leaving = seeds[7];
    let pool_games: Vec<game::Model> = games(&app, id)
        .await
        .into_iter()
        .filter(|g| g.pool_id.is_some())
        .collect();
    // Its first game is played (and lost) before it withdraws.
    let played = pool_games
        .iter()
        .find(|g| g.home_team_id == Some(leaving) || g.away_team_id == Some(leaving))
        .unwrap();
    let (h, a) = if played.home_team_id == Some(leaving) {
        (50, 70)
    } else {
        (70, 50)
    };
    enter(&app, &boss, played, h, a).await;
    let review = app
        .get_with_cookie(&format!("/admin/competitions/{id}/review"), &boss)
        .await;
    assert!(review.body.contains("id=\"withdraw-form\""));
    let response = app
        .post(
            &format!("/actions/competitions/{id}/withdraw"),
            &format!("team={leaving}"),
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.json()["forfeited"], 2);
    for game in games(&app, id).await.iter().filter(|g| {
        g.pool_id.is_some() && (g.home_team_id == Some(leaving) || g.away_team_id == Some(leaving))
    }) {
        if game.id == played.id {
            assert_eq!(game.status, app::model::GameStatus::Played);
            continue;
        }
        assert_eq!(game.status, app::model::GameStatus::Forfeit);
        let (theirs, others) = if game.home_team_id == Some(leaving) {
            (game.home_score, game.away_score)
        } else {
            (game.away_score, game.home_score)
        };
        assert_eq!((theirs, others), (Some(0), Some(20)));
    }
    // A team not in the cup cannot withdraw from it.
    let outsider = men(&app, 12).await[11];
    let refused = app
        .post(
            &format!("/actions/competitions/{id}/withdraw"),
            &format!("team={outsider}"),
            Some(&boss),
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The rest of the pool is played: it completes with the withdrawn team last.
    for game in games(&app, id)
        .await
        .iter()
        .filter(|g| g.pool_id.is_some() && g.status == app::model::GameStatus::Scheduled)
    {
        enter(&app, &boss, game, 70, 60).await;
    }
    let slots = by_slot(&app, id).await;
    assert!(slots["SF1"].home_team_id.is_some() && slots["SF2"].away_team_id.is_some());
    assert_ne!(slots["SF2"].away_team_id, Some(leaving));
}

#[tokio::test]
async fn a_team_that_withdraws_forfeits_what_it_has_left() {
    on_every_backend!(a_team_withdraws);
}
