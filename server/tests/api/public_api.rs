//! The read-only JSON API and its OpenAPI document.
use crate::helpers::{Backend, TestApp};
use crate::on_every_backend;

async fn api_serves_the_demo(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let json = |body: &str| serde_json::from_str::<serde_json::Value>(body).expect("JSON");

    let competitions = json(&app.get("/api/v1/competitions").await.body);
    let list = competitions.as_array().expect("a list");
    assert_eq!(list.len(), 2);
    let league = list
        .iter()
        .find(|c| c["kind"] == "league")
        .expect("the league");
    let id = league["id"].as_i64().unwrap();

    let standings = app
        .get(&format!("/api/v1/competitions/{id}/standings?lang=en"))
        .await;
    assert_eq!(standings.status, 200);
    let standings = json(&standings.body);
    let rows = standings["tables"][0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    let points: u64 = rows.iter().map(|r| r["points"].as_u64().unwrap()).sum();
    let played: u64 = rows.iter().map(|r| r["played"].as_u64().unwrap()).sum();
    assert!(points >= played / 2 * 3 - 2, "classification points add up");

    let missing = app.get("/api/v1/competitions/9999/standings").await;
    assert_eq!(missing.status, 404);
    assert_eq!(json(&missing.body)["error"], "not found");

    let games = json(
        &app.get(&format!("/api/v1/games?competition={id}"))
            .await
            .body,
    );
    assert_eq!(games["games"].as_array().unwrap().len(), 132);
    let team_id = rows[0]["team"]["id"].as_i64().unwrap();
    let team_games = json(
        &app.get(&format!("/api/v1/games?team={team_id}&competition={id}"))
            .await
            .body,
    );
    assert_eq!(
        team_games["games"].as_array().unwrap().len(),
        22,
        "each team plays 22 league games"
    );

    let team = json(&app.get(&format!("/api/v1/teams/{team_id}")).await.body);
    assert!(team["players"].as_array().unwrap().len() >= 8);
    let game_id = games["games"][0]["id"].as_i64().unwrap();
    let game = json(&app.get(&format!("/api/v1/games/{game_id}")).await.body);
    assert_eq!(game["game"]["id"].as_i64(), Some(game_id));
    assert_eq!(app.get("/api/v1/teams/9999").await.status, 404);
}

#[tokio::test]
async fn the_json_api_serves_the_same_data_as_the_pages() {
    on_every_backend!(api_serves_the_demo);
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = TestApp::spawn(Backend::Sqlite, false).await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status, 200);
    let doc: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/competitions",
        "/api/v1/competitions/{id}/standings",
        "/api/v1/games",
        "/api/v1/games/{id}",
        "/api/v1/teams",
        "/api/v1/teams/{id}",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
}

#[tokio::test]
async fn bad_ids_and_filters_answer_json_400_as_documented() {
    let app = TestApp::spawn(Backend::Sqlite, false).await;
    for path in [
        "/api/v1/games/2147483648",
        "/api/v1/games/abc",
        "/api/v1/teams/-2147483649",
        "/api/v1/competitions/9999999999/standings",
        "/api/v1/games?team=abc",
        "/api/v1/games?competition=2147483648",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, 400, "{path}: {}", response.body);
        let body: serde_json::Value = serde_json::from_str(&response.body)
            .unwrap_or_else(|_| panic!("{path} answers JSON: {}", response.body));
        assert!(
            body["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{path}"
        );
    }
    assert_eq!(app.get("/api/v1/games/2147483647").await.status, 404);

    let doc: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/openapi.json").await.body).unwrap();
    let params = |path: &str| {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap()
    };
    let place = |path: &str, name: &str| {
        params(path)
            .into_iter()
            .find(|p| p["name"] == name)
            .map(|p| p["in"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("{path} documents {name}"))
    };
    assert_eq!(place("/api/v1/competitions/{id}/standings", "id"), "path");
    assert_eq!(
        place("/api/v1/competitions/{id}/standings", "lang"),
        "query"
    );
    for filter in ["competition", "team", "group", "court"] {
        assert_eq!(place("/api/v1/games", filter), "query", "{filter}");
    }
    for path in ["/api/v1/games", "/api/v1/games/{id}", "/api/v1/teams/{id}"] {
        assert!(
            doc["paths"][path]["get"]["responses"]["400"].is_object(),
            "{path} documents its 400"
        );
    }
}
