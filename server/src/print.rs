//! What leaves the screen: the A4 notice-board sheet per court (`/print/courts/{id}`) or per
//! week (`/print/week`), black on white in large type with a QR code to the live page; and a
//! competition's schedule as CSV (`/export/competitions/{id}/schedule.csv`).
//!
//! The sheets are whole HTML documents with the print rules in the site's stylesheet: one
//! table per day that never splits across pages, its header repeated if it must.
use app::auth::CurrentViewer;
use app::db::changes::{self, SheetGame};
use app::i18n::Lang;
use app::state::AppState;
use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
    routing::get,
    Extension, Router,
};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde::Deserialize;

use crate::actions::refuse;
use crate::actions::Reply;
use crate::changes::{esc, tr};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/print/courts/{id}", get(court_sheet))
        .route("/print/week", get(week_sheet))
        .route("/export/competitions/{id}/schedule.csv", get(schedule_csv))
}

/// The longest range one sheet covers.
const MAX_DAYS: i64 = 62;
/// A court's sheet covers two weeks unless told otherwise.
const DEFAULT_DAYS: i64 = 13;

#[derive(Debug, Default, Deserialize)]
struct Range {
    from: Option<String>,
    to: Option<String>,
    date: Option<String>,
}

fn parse_date(text: &Option<String>) -> Option<NaiveDate> {
    text.as_deref()
        .and_then(|t| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok())
}

fn today() -> NaiveDate {
    changes::local_date_time(Utc::now()).0
}

fn day_heading(lang: Lang, date: NaiveDate) -> String {
    match lang {
        Lang::Zh => format!(
            "{}月{}日 {}",
            date.month(),
            date.day(),
            changes::weekday_zh(date.weekday())
        ),
        Lang::En => date.format("%A %-d %B").to_string(),
    }
}

fn status_mark(lang: Lang, game: &SheetGame) -> String {
    match (game.status, game.score) {
        (_, Some((h, a))) => format!("{h} : {a}"),
        (app::model::GameStatus::Postponed, _) => tr(lang, "延期", "Postponed").into(),
        (app::model::GameStatus::Cancelled, _) => tr(lang, "取消", "Cancelled").into(),
        _ => String::new(),
    }
}

/// The sheet: a title, the range, a QR code to `live`, one table per day.
fn sheet(
    lang: Lang,
    title: &str,
    range: &str,
    live: &str,
    games: &[SheetGame],
    show_court: bool,
) -> Response {
    let mut days: Vec<(NaiveDate, Vec<&SheetGame>)> = Vec::new();
    for game in games {
        match days.last_mut() {
            Some((date, list)) if *date == game.date => list.push(game),
            _ => days.push((game.date, vec![game])),
        }
    }
    let head = format!(
        "<thead><tr><th scope=\"col\" class=\"time\">{time}</th>{court}<th scope=\"col\">{home}</th>\
<th scope=\"col\" class=\"vs\"></th><th scope=\"col\">{away}</th><th scope=\"col\" class=\"result\">{result}</th></tr></thead>",
        time = tr(lang, "时间", "Time"),
        court = if show_court {
            format!("<th scope=\"col\">{}</th>", tr(lang, "场地", "Court"))
        } else {
            String::new()
        },
        home = tr(lang, "主队", "Home"),
        away = tr(lang, "客队", "Away"),
        result = tr(lang, "比分/备注", "Score / note"),
    );
    let tables: String = days
        .iter()
        .map(|(date, list)| {
            let rows: String = list
                .iter()
                .map(|g| {
                    format!(
                        "<tr class=\"status-{status}\"><td class=\"time\">{time}</td>{court}<td class=\"team\">{home}</td>\
<td class=\"vs\">{vs}</td><td class=\"team\">{away}</td><td class=\"result\">{mark}</td></tr>",
                        status = g.status.as_str(),
                        time = g.time.format("%H:%M"),
                        court = if show_court {
                            format!("<td class=\"court\">{}</td>", esc(&g.court))
                        } else {
                            String::new()
                        },
                        home = esc(&g.home),
                        vs = tr(lang, "对", "v"),
                        away = esc(&g.away),
                        mark = esc(&status_mark(lang, g)),
                    )
                })
                .collect();
            format!(
                "<table class=\"sheet-day\"><caption>{caption}</caption>{head}<tbody>{rows}</tbody></table>",
                caption = esc(&day_heading(lang, *date)),
            )
        })
        .collect();
    let tables = if tables.is_empty() {
        format!(
            "<p class=\"empty\">{}</p>",
            tr(lang, "这段时间没有比赛。", "No games in this period.")
        )
    } else {
        tables
    };
    let qr = app::db::accounts::qr_svg(live);
    let html = format!(
        "<!DOCTYPE html><html lang=\"{tag}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/cunba.css\"><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"></head>\
<body class=\"print-sheet\"><main><header class=\"sheet-head\"><div><p class=\"sheet-org\">{org}</p>\
<h1>{title}</h1><p class=\"sheet-range\">{range}</p></div>\
<figure class=\"sheet-qr\">{qr}<figcaption>{scan}</figcaption></figure></header>\
<p class=\"no-print sheet-hint\">{hint}</p>{tables}\
<p class=\"sheet-foot\">{foot} {live}</p></main></body></html>",
        tag = lang.tag(),
        title = esc(title),
        org = tr(lang, "村BA · 赛程公告", "Cunba · schedule notice"),
        range = esc(range),
        scan = tr(lang, "扫码看最新赛程", "Scan for the live schedule"),
        hint = tr(
            lang,
            "用浏览器的“打印”输出 A4（黑白即可）。",
            "Print from the browser on A4 (black and white is fine)."
        ),
        foot = tr(
            lang,
            "时间均为北京时间。如有改期以网上为准：",
            "Times are Beijing time. Changes are published online:"
        ),
        live = esc(live),
    );
    let mut response = Html(html).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn court_sheet(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    Query(range): Query<Range>,
    headers: HeaderMap,
) -> Response {
    let reply = Reply::of(&headers);
    let lang = reply.lang;
    if let Some(response) = refuse(&reply, &viewer, &format!("/print/courts/{id}")) {
        return response;
    }
    let from = parse_date(&range.from).unwrap_or_else(today);
    let to = parse_date(&range.to)
        .unwrap_or(from + Duration::days(DEFAULT_DAYS))
        .clamp(from, from + Duration::days(MAX_DAYS));
    let courts = match changes::courts(&state.db).await {
        Ok(courts) => courts,
        Err(error) => return reply.internal(error),
    };
    let Some((_, name)) = courts.iter().find(|(cid, _)| *cid == id) else {
        return (StatusCode::NOT_FOUND, "场地不存在 / no such court").into_response();
    };
    let games = match changes::sheet_games(&state.db, Some(id), None, Some((from, to))).await {
        Ok(games) => games,
        Err(error) => return reply.internal(error),
    };
    let live = format!("{}/fixtures?court={id}", crate::calendar::origin(&headers));
    let range = format!("{from} – {to}");
    sheet(lang, name, &range, &live, &games, false)
}

async fn week_sheet(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Query(range): Query<Range>,
    headers: HeaderMap,
) -> Response {
    let reply = Reply::of(&headers);
    let lang = reply.lang;
    if let Some(response) = refuse(&reply, &viewer, "/print/week") {
        return response;
    }
    let date = parse_date(&range.date).unwrap_or_else(today);
    let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    let sunday = monday + Duration::days(6);
    let games = match changes::sheet_games(&state.db, None, None, Some((monday, sunday))).await {
        Ok(games) => games,
        Err(error) => return reply.internal(error),
    };
    let live = format!("{}/fixtures", crate::calendar::origin(&headers));
    let title = match lang {
        Lang::Zh => format!(
            "本周赛程 {}月{}日–{}月{}日",
            monday.month(),
            monday.day(),
            sunday.month(),
            sunday.day()
        ),
        Lang::En => format!("Games of the week {monday} – {sunday}"),
    };
    sheet(
        lang,
        &title,
        &format!("{monday} – {sunday}"),
        &live,
        &games,
        true,
    )
}

async fn schedule_csv(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    headers: HeaderMap,
) -> Response {
    let reply = Reply::of(&headers);
    if let Some(response) = refuse(
        &reply,
        &viewer,
        &format!("/export/competitions/{id}/schedule.csv"),
    ) {
        return response;
    }
    match changes::published_competition(&state.db, id).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return (StatusCode::NOT_FOUND, "赛事不存在 / no such competition").into_response()
        }
        Err(error) => return reply.internal(error),
    }
    let games = match changes::sheet_games(&state.db, None, Some(id), None).await {
        Ok(games) => games,
        Err(error) => return reply.internal(error),
    };
    let body = changes::schedule_csv(&games);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"schedule-{id}.csv\""))
                    .expect("ASCII"),
            ),
        ],
        body,
    )
        .into_response()
}
