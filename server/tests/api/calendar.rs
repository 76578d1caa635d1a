//! The iCalendar feeds, read back with the `icalendar` crate's parser: as many events as the
//! JSON API lists published games, every start in UTC and at the same Beijing time as the
//! pages show, and nothing from an unpublished competition.
use app::db::entities::competition;
use app::model::CompetitionStatus;
use axum::{
    body::Body,
    http::{header, Request},
};
use chrono::{DateTime, Utc};
use chrono_tz::Asia::Shanghai;
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use crate::helpers::{Backend, TestApp, TestResponse, TEST_HOST};
use crate::on_every_backend;

async fn fetch(app: &TestApp, path: &str) -> TestResponse {
    app.request(
        Request::get(path)
            .header(header::HOST, TEST_HOST)
            .header("x-forwarded-proto", "https")
            .body(Body::empty())
            .expect("a request"),
    )
    .await
}

/// The published games the JSON API lists for a filter, by id, with their start time.
async fn listed(app: &TestApp, query: &str) -> Vec<(i64, DateTime<chrono::FixedOffset>)> {
    let json: Value =
        serde_json::from_str(&app.get(&format!("/api/v1/games?{query}")).await.body).expect("JSON");
    json["games"]
        .as_array()
        .expect("games")
        .iter()
        .map(|g| {
            (
                g["id"].as_i64().unwrap(),
                DateTime::parse_from_rfc3339(g["starts_at"].as_str().unwrap()).unwrap(),
            )
        })
        .collect()
}

/// Fetches a feed, checks its headers, parses it and compares it with the API's games.
async fn check_feed(app: &TestApp, path: &str, query: &str) -> usize {
    let response = fetch(app, path).await;
    assert_eq!(response.status, 200, "{path}");
    let head = |name| response.headers[name].to_str().unwrap().to_owned();
    assert_eq!(head(header::CONTENT_TYPE), "text/calendar; charset=utf-8");
    assert!(head(header::CONTENT_DISPOSITION).starts_with("inline; filename="));
    assert!(head(header::CACHE_CONTROL).contains("max-age="));
    let etag = head(header::ETAG);
    for line in response.body.split("\r\n") {
        assert!(line.len() <= 75, "{path}: a line of {} octets", line.len());
    }

    let calendar: Calendar = response.body.parse().expect("an iCalendar feed");
    let games = listed(app, query).await;
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(
        events.len(),
        games.len(),
        "{path}: one event per published game"
    );
    assert!(!games.is_empty(), "{path}: the demo has games here");
    for (event, (id, starts_at)) in events.iter().zip(&games) {
        assert_eq!(
            event.get_uid(),
            Some(format!("game-{id}@{TEST_HOST}").as_str())
        );
        assert_eq!(
            event.get_url(),
            Some(format!("https://{TEST_HOST}/games/{id}").as_str())
        );
        let Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(start))) = event.get_start()
        else {
            panic!(
                "{path}: game {id} does not start in UTC: {:?}",
                event.get_start()
            );
        };
        assert_eq!(start, starts_at.with_timezone(&Utc), "{path}: game {id}");
        assert_eq!(
            start.with_timezone(&Shanghai).naive_local(),
            starts_at.naive_local(),
            "{path}: game {id} at the Beijing time the pages show"
        );
        assert!(event.get_summary().unwrap().contains(" 对 "));
    }

    // The same feed again: the same validator, and 304 when the client has it.
    let again = app
        .request(
            Request::get(path)
                .header(header::HOST, TEST_HOST)
                .header("x-forwarded-proto", "https")
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, 304, "{path}");
    assert!(again.body.is_empty());
    events.len()
}

async fn feeds_match_the_published_games(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let fixtures: Value = serde_json::from_str(&app.get("/api/v1/games").await.body).unwrap();
    let competitions = fixtures["competitions"].as_array().unwrap();
    let league = competitions
        .iter()
        .find(|c| c["kind"] == "league")
        .expect("the demo league")["id"]
        .as_i64()
        .unwrap();
    let other = competitions
        .iter()
        .find(|c| c["kind"] != "league")
        .expect("a second competition")["id"]
        .as_i64()
        .unwrap();
    let team = fixtures["games"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["competition_id"] == other && g["home"]["id"].is_i64())
        .expect("a team in both competitions")["home"]["id"]
        .as_i64()
        .unwrap();
    let court = fixtures["courts"][0]["id"].as_i64().unwrap();

    let league_events = check_feed(
        &app,
        &format!("/calendar/competitions/{league}.ics"),
        &format!("competition={league}"),
    )
    .await;
    assert_eq!(league_events, 132);
    let team_events = check_feed(
        &app,
        &format!("/calendar/teams/{team}.ics"),
        &format!("team={team}"),
    )
    .await;
    check_feed(
        &app,
        &format!("/calendar/courts/{court}.ics"),
        &format!("court={court}"),
    )
    .await;

    for missing in [
        "/calendar/teams/9999.ics",
        "/calendar/courts/9999.ics",
        "/calendar/competitions/9999.ics",
        "/calendar/teams/abc.ics",
        &format!("/calendar/teams/{team}.json"),
    ] {
        assert_eq!(fetch(&app, missing).await.status, 404, "{missing}");
    }

    // Take the second competition back to draft: its feed is gone, and its games leave the
    // team's feed.
    competition::Entity::update_many()
        .col_expr(
            competition::Column::Status,
            sea_orm::sea_query::Expr::value(CompetitionStatus::Draft),
        )
        .filter(competition::Column::Id.eq(other as i32))
        .exec(&app.db)
        .await
        .expect("back to draft");
    // Changed behind the server's back (no action, no live event): the API's cached
    // answer may be reused for its TTL, as a resident's would be.
    tokio::time::sleep(server::http::page_cache::TTL + std::time::Duration::from_millis(100)).await;
    let response = fetch(&app, &format!("/calendar/competitions/{other}.ics")).await;
    assert_eq!(response.status, 404);
    let fewer = check_feed(
        &app,
        &format!("/calendar/teams/{team}.ics"),
        &format!("team={team}"),
    )
    .await;
    assert!(fewer < team_events, "{fewer} < {team_events}");
}

#[tokio::test]
async fn calendar_feeds_carry_the_published_games_in_utc() {
    on_every_backend!(feeds_match_the_published_games);
}
