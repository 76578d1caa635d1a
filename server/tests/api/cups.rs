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
        .take(2)
        .map(|c| c.id)
        .collect()
}

/// Creates and publishes a cup on a festival already past (its games may be reported).
async fn cup(app: &TestApp, boss: &str, name: &str, teams: &[i32], format: &str) -> i32 {
    publish_cup(app, boss, name, teams, format, "mid_autumn:2026-09-25").await
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
        ("days", "2"),
        ("games_per_court", "4"),
        ("first_game", "15:00"),
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
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
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
