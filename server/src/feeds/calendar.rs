//! iCalendar feeds, `/calendar/{teams,courts,competitions}/{id}.ics`: the published games of
//! a team, a court or a competition, for subscribing in a phone's calendar. Times are written
//! in UTC (`…Z`), so no calendar app can shift them; a game's UID stays the same and its
//! SEQUENCE follows the game's version, so moves and cancellations reach subscribers.
use app::db::queries::{self, CalendarGame, FeedScope};
use app::model::GameStatus;
use app::state::AppState;
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use icalendar::{Calendar, Component, EventLike, EventStatus, Property};

/// How long a calendar entry lasts: a game with warm-up and breaks.
pub const GAME_LENGTH: chrono::Duration = chrono::Duration::minutes(90);
/// How often subscribers are asked to fetch the feed again.
const REFRESH: chrono::Duration = chrono::Duration::hours(1);
/// What caches (and the browser) may reuse without asking.
const CACHE_CONTROL: &str = "public, max-age=300";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/calendar/teams/{file}", get(team))
        .route("/calendar/courts/{file}", get(court))
        .route("/calendar/competitions/{file}", get(competition))
}

pub use app::components::share::origin;

/// A feed as iCalendar text: one VEVENT per game, times in UTC.
pub fn feed(name: &str, games: &[CalendarGame], origin: &str) -> String {
    let host = origin.split("://").nth(1).unwrap_or(origin);
    let host = host.split(':').next().unwrap_or(host);
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Cunba//Calendar feed//ZH"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    calendar.name(name).ttl(&REFRESH);
    for game in games {
        calendar.push(event(game, origin, host));
    }
    calendar.to_string()
}

fn event(game: &CalendarGame, origin: &str, host: &str) -> icalendar::Event {
    let prefix = match game.status {
        GameStatus::Postponed => "【延期 Postponed】",
        GameStatus::Cancelled => "【取消 Cancelled】",
        _ => "",
    };
    let summary = format!(
        "{prefix}{} 对 {} · {}",
        game.home, game.away, game.competition
    );
    let mut description = Vec::new();
    if let (GameStatus::Played | GameStatus::Forfeit, Some(home), Some(away)) =
        (game.status, game.home_score, game.away_score)
    {
        let forfeit = if game.status == GameStatus::Forfeit {
            "（弃权 forfeit）"
        } else {
            ""
        };
        description.push(format!(
            "比分 Result: {} {home} : {away} {}{forfeit}",
            game.home, game.away
        ));
    }
    match game.status {
        GameStatus::Postponed => {
            description.push("比赛延期，新时间待定 · Postponed, new time to follow".into())
        }
        GameStatus::Cancelled => description.push("比赛取消 · Cancelled".into()),
        _ => {}
    }
    let url = format!("{origin}/games/{}", game.id);
    description.push(url.clone());
    let mut event = icalendar::Event::new();
    event
        .uid(&format!("game-{}@{host}", game.id))
        .timestamp(game.updated_at)
        .last_modified(game.updated_at)
        .sequence(game.version.max(0) as u32)
        .summary(&summary)
        .description(&description.join("\n"))
        .starts(game.starts_at)
        .ends(game.starts_at + GAME_LENGTH)
        .url(&url);
    if let Some(court) = &game.court {
        event.location(court);
    }
    event.status(match game.status {
        GameStatus::Cancelled => EventStatus::Cancelled,
        GameStatus::Postponed => EventStatus::Tentative,
        _ => EventStatus::Confirmed,
    });
    event.done()
}

async fn team(state: State<AppState>, headers: HeaderMap, Path(file): Path<String>) -> Response {
    serve(state, headers, &file, "team", FeedScope::Team).await
}

async fn court(state: State<AppState>, headers: HeaderMap, Path(file): Path<String>) -> Response {
    serve(state, headers, &file, "court", FeedScope::Court).await
}

async fn competition(
    state: State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    serve(state, headers, &file, "competition", FeedScope::Competition).await
}

async fn serve(
    State(state): State<AppState>,
    headers: HeaderMap,
    file: &str,
    kind: &str,
    scope: fn(i32) -> FeedScope,
) -> Response {
    let Some(id) = file
        .strip_suffix(".ics")
        .and_then(|id| id.parse::<i32>().ok())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (name, games) = match queries::calendar_feed(&state.db, &state.names, scope(id)).await {
        Ok(Some(feed)) => feed,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "calendar feed query failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let body = feed(&name, &games, &origin(&headers));
    let etag = etag(&body);
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let common = [
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_CONTROL),
        ),
        (header::ETAG, HeaderValue::from_str(&etag).expect("hex")),
    ];
    if not_modified {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("inline; filename=\"cunba-{kind}-{id}.ics\""))
                    .expect("ascii"),
            ),
        ],
        body,
    )
        .into_response()
}

/// A strong validator for the feed's bytes (FNV-1a, stable across builds).
fn etag(body: &str) -> String {
    let hash = body.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("\"{hash:016x}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};
    use chrono_tz::Asia::Shanghai;
    use icalendar::{CalendarDateTime, DatePerhapsTime};

    fn game(status: GameStatus) -> CalendarGame {
        let starts_at = Shanghai
            .from_local_datetime(
                &NaiveDate::from_ymd_opt(2026, 5, 8)
                    .unwrap()
                    .and_hms_opt(19, 30, 0)
                    .unwrap(),
            )
            .single()
            .unwrap()
            .with_timezone(&Utc);
        CalendarGame {
            id: 42,
            competition: "2026 巷头男篮联赛".into(),
            home: "东坊".into(),
            away: "石桥".into(),
            court: Some("祠堂前灯光球场, 北侧; 一号\\场".into()),
            starts_at,
            status,
            home_score: Some(78),
            away_score: Some(65),
            version: 3,
            updated_at: Utc.with_ymd_and_hms(2026, 5, 1, 2, 0, 0).unwrap(),
        }
    }

    fn parse(text: &str) -> Calendar {
        text.parse().expect("a calendar")
    }

    #[test]
    fn a_half_past_seven_game_in_beijing_is_half_past_eleven_utc() {
        let text = feed("东坊", &[game(GameStatus::Scheduled)], "https://cunba.test");
        assert!(text.contains("DTSTART:20260508T113000Z\r\n"), "{text}");
        assert!(text.contains("DTEND:20260508T130000Z\r\n"), "{text}");
        let calendar = parse(&text);
        let event = calendar.events().next().expect("one event");
        let Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(start))) = event.get_start()
        else {
            panic!("a UTC start: {:?}", event.get_start());
        };
        let local = start.with_timezone(&Shanghai);
        assert_eq!(
            local.format("%Y-%m-%d %H:%M").to_string(),
            "2026-05-08 19:30"
        );
        assert_eq!(event.get_uid(), Some("game-42@cunba.test"));
        assert_eq!(event.get_sequence(), Some(3));
        assert_eq!(
            event.get_summary(),
            Some("东坊 对 石桥 · 2026 巷头男篮联赛")
        );
        assert_eq!(event.get_url(), Some("https://cunba.test/games/42"));
        assert_eq!(event.get_status(), Some(EventStatus::Confirmed));
        assert_eq!(
            event.property_value("LOCATION"),
            Some("祠堂前灯光球场, 北侧; 一号\\场"),
            "escaped on the way out, unescaped on the way in"
        );
        assert!(
            text.contains(r"LOCATION:祠堂前灯光球场\, 北侧\; 一号\\场"),
            "{text}"
        );
        assert_eq!(calendar.get_name(), Some("东坊"));
    }

    #[test]
    fn lines_are_folded_at_75_octets_between_characters() {
        let mut long = game(GameStatus::Played);
        long.competition = "二〇二六年巷头村男子篮球联赛（春季·常规赛·第十二轮补赛）".repeat(3);
        let text = feed("东坊", &[long.clone()], "http://cunba.test");
        assert!(text.ends_with("\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // Every folded piece is valid UTF-8 on its own: no character was cut in two.
        assert!(text.contains("\r\n "), "the summary is folded");
        let calendar = parse(&text);
        let event = calendar.events().next().unwrap();
        assert_eq!(
            event.get_summary().map(str::to_owned),
            Some(format!("东坊 对 石桥 · {}", long.competition))
        );
        let description = event.get_description().unwrap();
        assert!(
            description.starts_with("比分 Result: 东坊 78 : 65 石桥\n"),
            "{description}"
        );
    }

    #[test]
    fn cancelled_and_postponed_games_say_so() {
        let text = feed(
            "c",
            &[game(GameStatus::Cancelled), game(GameStatus::Postponed)],
            "http://cunba.test",
        );
        let calendar = parse(&text);
        let events: Vec<_> = calendar.events().collect();
        assert_eq!(events[0].get_status(), Some(EventStatus::Cancelled));
        assert!(events[0].get_summary().unwrap().starts_with("【取消"));
        assert!(!events[0].get_description().unwrap().contains("78"));
        assert_eq!(events[1].get_status(), Some(EventStatus::Tentative));
        assert!(events[1].get_summary().unwrap().starts_with("【延期"));
    }

    #[test]
    fn the_origin_follows_the_proxy() {
        let mut headers = HeaderMap::new();
        assert_eq!(origin(&headers), "http://localhost");
        headers.insert(header::HOST, HeaderValue::from_static("cunba.test:3000"));
        assert_eq!(origin(&headers), "http://cunba.test:3000");
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(origin(&headers), "https://cunba.test:3000");
        headers.insert(header::HOST, HeaderValue::from_static("evil\"host"));
        assert_eq!(origin(&headers), "https://localhost");
    }
}
