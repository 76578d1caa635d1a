//! The demo league is what the issue promises: 12 groups with a men's team and a court each,
//! other divisions, 8–12 players per team, a league about half played and a finished cup.
use app::db::entities::*;
use app::model::*;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{Backend, TestApp};
use crate::on_every_backend;

async fn demo_is_complete(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let db = &app.db;
    assert_eq!(villager_group::Entity::find().count(db).await.unwrap(), 12);
    assert_eq!(court::Entity::find().count(db).await.unwrap(), 12);
    let teams = team::Entity::find().all(db).await.unwrap();
    let men = teams.iter().filter(|t| t.division == Division::Men).count();
    assert_eq!(men, 12);
    for division in [Division::Women, Division::Youth, Division::Veterans] {
        assert!(
            teams.iter().any(|t| t.division == division),
            "no {division:?} team"
        );
    }
    for team in &teams {
        let players = player::Entity::find()
            .filter(player::Column::TeamId.eq(team.id))
            .all(db)
            .await
            .unwrap();
        assert!(
            (8..=12).contains(&players.len()),
            "{} has {} players",
            team.name,
            players.len()
        );
        let mut numbers: Vec<_> = players.iter().map(|p| p.jersey_number).collect();
        numbers.sort();
        numbers.dedup();
        assert_eq!(
            numbers.len(),
            players.len(),
            "{} repeats a jersey number",
            team.name
        );
    }

    let competitions = competition::Entity::find().all(db).await.unwrap();
    let league = competitions
        .iter()
        .find(|c| c.kind == CompetitionKind::League)
        .expect("a league");
    let cup = competitions
        .iter()
        .find(|c| c.kind == CompetitionKind::Cup)
        .expect("a cup");
    assert_eq!(cup.festival.as_deref(), Some("mid_autumn"));

    let league_games = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(league.id))
        .all(db)
        .await
        .unwrap();
    assert_eq!(
        league_games.len(),
        12 * 11,
        "a double round robin of 12 teams"
    );
    let decided = league_games
        .iter()
        .filter(|g| matches!(g.status, GameStatus::Played | GameStatus::Forfeit))
        .count();
    assert!(
        (50..=80).contains(&decided),
        "about half played, got {decided}"
    );
    assert!(league_games
        .iter()
        .any(|g| g.status == GameStatus::Postponed));
    assert!(league_games.iter().any(|g| g.status == GameStatus::Forfeit));

    let all_games = game::Entity::find().all(db).await.unwrap();
    for game in all_games.iter().filter(|g| g.status == GameStatus::Played) {
        let (home, away) = (game.home_score.unwrap(), game.away_score.unwrap());
        assert_ne!(home, away, "game {} is a draw", game.id);
        let periods: Vec<(i32, i32)> =
            serde_json::from_str(game.period_scores.as_deref().expect("period scores")).unwrap();
        assert!(periods.len() >= 4);
        assert_eq!(periods.iter().map(|p| p.0).sum::<i32>(), home);
        assert_eq!(periods.iter().map(|p| p.1).sum::<i32>(), away);
    }

    let cup_games: Vec<_> = all_games
        .iter()
        .filter(|g| g.competition_id == cup.id)
        .collect();
    assert_eq!(
        cup_games.len(),
        2 * 6 + 4,
        "two groups of four, two semis, third place, final"
    );
    assert!(
        cup_games.iter().all(|g| g.status == GameStatus::Played),
        "the cup is over"
    );
    assert_eq!(pool::Entity::find().count(db).await.unwrap(), 2);
}

#[tokio::test]
async fn the_demo_league_is_loaded_into_a_new_database() {
    on_every_backend!(demo_is_complete);
}

async fn no_demo_when_told(backend: Backend) {
    let app = TestApp::spawn(backend, false).await;
    // A real installation: one association, not demo data, nothing set up yet.
    let associations = association::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(associations.len(), 1);
    assert!(!associations[0].is_demo);
    assert_eq!(team::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(
        villager_group::Entity::find().count(&app.db).await.unwrap(),
        0
    );
    assert!(
        !page_says_demo(&app).await,
        "no demo marker on a real installation"
    );
    let page = app.get("/").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("今天没有比赛"),
        "an empty database shows empty states"
    );
}

#[tokio::test]
async fn no_demo_option_starts_an_empty_association() {
    on_every_backend!(no_demo_when_told);
}

async fn page_says_demo(app: &TestApp) -> bool {
    app.get("/").await.body.contains("演示数据")
}
