//! The organiser's changes to a published schedule: move a game (with the conflict check),
//! postpone it and pick one of the three suggested slots, assign referees.
//!
//! Pages are plain server-rendered HTML with forms that work without JavaScript: "检查"
//! (check) reloads the move page with the typed slot and every constraint it would break;
//! saving posts to `/actions/…` and answers as [`crate::actions`] does (303 with `?m=` /
//! `?e=` + `f=field.code`, or JSON with a status for `Accept: application/json`).
//! Organisers only, checked in every handler.
use app::auth::CurrentViewer;
use app::db::changes::{self, ChangeError, MoveInput, Problem};
use app::db::community::{self, GameChange};
use app::i18n::{Key, Lang};
use app::model::GameStatus;
use app::state::AppState;
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
    Extension, Form, Json, Router,
};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use crate::actions::{refuse, with_param, Reply};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/games/{id}/move", get(move_page))
        .route("/admin/games/{id}/check", get(check_json))
        .route("/admin/games/{id}/postpone", get(postpone_page))
        .route("/admin/referees", get(referees_page))
        .route("/actions/games/{id}/move", post(move_action))
        .route("/actions/games/{id}/postpone", post(postpone_action))
        .route("/actions/games/{id}/referee", post(referee_action))
}

/// How many free slots the move page lists.
const FREE_SLOTS: usize = 6;
/// How many suggestions a postponed game gets.
const SUGGESTIONS: usize = 3;
/// How far ahead the referee page lists games.
const REFEREE_DAYS: i64 = 21;

/// HTML-escapes text for element content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// zh-CN or English.
pub fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A whole page in the site's frame (header, stylesheet), `body` already HTML.
pub fn page(lang: Lang, title: &str, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"{tag}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} · {app}</title><link rel=\"stylesheet\" href=\"/pkg/cunba.css\"><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"></head>\
<body class=\"admin\"><header class=\"top\"><a class=\"brand\" href=\"/\"><strong>{app}</strong>\
<span>{community}</span></a><a class=\"account\" href=\"/me\">{me}</a></header>\
<main>{body}</main></body></html>",
        tag = lang.tag(),
        title = esc(title),
        app = lang.t(Key::AppName),
        community = lang.t(Key::Community),
        me = lang.t(Key::MyGames),
    );
    Html(html).into_response()
}

/// `?m=` and `?e=` as the site's flash lines (known message codes only).
pub fn flash(lang: Lang, query: &PageQuery) -> String {
    let mut out = String::new();
    if let Some(key) = query.m.as_deref().and_then(Key::from_code) {
        out.push_str(&format!(
            "<p class=\"flash ok\" role=\"status\">{}</p>",
            esc(lang.t(key))
        ));
    }
    if let Some(key) = query.e.as_deref().and_then(Key::from_code) {
        out.push_str(&format!(
            "<p class=\"flash error\" role=\"alert\">{}</p>",
            esc(lang.t(key))
        ));
    }
    out
}

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub m: Option<String>,
    pub e: Option<String>,
    pub f: Option<String>,
    pub date: Option<String>,
    pub time: Option<String>,
    pub court: Option<String>,
}

impl PageQuery {
    fn typed(&self) -> Option<MoveInput> {
        (self.date.is_some() || self.time.is_some() || self.court.is_some()).then(|| MoveInput {
            date: self.date.clone().unwrap_or_default(),
            time: self.time.clone().unwrap_or_default(),
            court: self.court.clone().unwrap_or_default(),
        })
    }
}

fn status_text(lang: Lang, status: GameStatus) -> &'static str {
    match status {
        GameStatus::Scheduled => tr(lang, "未赛", "scheduled"),
        GameStatus::Postponed => tr(lang, "延期", "postponed"),
        GameStatus::Played => tr(lang, "已赛", "played"),
        GameStatus::Forfeit => tr(lang, "弃权", "forfeit"),
        GameStatus::Cancelled => tr(lang, "取消", "cancelled"),
    }
}

fn game_header(lang: Lang, facts: &changes::GameFacts) -> String {
    format!(
        "<h1>{home} {vs} {away}</h1><p class=\"facts\">{competition}</p>\
<dl class=\"game-facts\"><dt>{when_label}</dt><dd class=\"when\">{date} {weekday} {time}</dd>\
<dt>{court_label}</dt><dd class=\"court\">{court}</dd><dt>{status_label}</dt>\
<dd class=\"status status-{status_code}\">{status}</dd></dl>",
        home = esc(&facts.home),
        vs = lang.t(Key::Vs),
        away = esc(&facts.away),
        competition = esc(&facts.competition),
        when_label = tr(lang, "时间", "When"),
        date = facts.date,
        weekday = changes::weekday_zh(chrono::Datelike::weekday(&facts.date)),
        time = facts.time.format("%H:%M"),
        court_label = tr(lang, "场地", "Court"),
        court = esc(&facts.court),
        status_label = tr(lang, "状态", "Status"),
        status_code = facts.game.status.as_str(),
        status = status_text(lang, facts.game.status),
    )
}

fn admin_links(lang: Lang, id: i32) -> String {
    format!(
        "<nav class=\"admin-links\"><a href=\"/games/{id}\">{game}</a> · \
<a href=\"/admin/games/{id}/move\">{mv}</a> · <a href=\"/admin/games/{id}/postpone\">{pp}</a> · \
<a href=\"/admin/referees\">{rf}</a></nav>",
        game = tr(lang, "比赛页", "Game page"),
        mv = tr(lang, "改期", "Move"),
        pp = tr(lang, "延期", "Postpone"),
        rf = tr(lang, "裁判安排", "Referees"),
    )
}

/// A button-only form that moves the game to one slot.
fn slot_form(lang: Lang, id: i32, version: i32, slot: &changes::SlotView, n: usize) -> String {
    let why = {
        let mut parts = Vec::new();
        if slot.home_court {
            parts.push(tr(lang, "主场", "home court").to_owned());
        }
        if let Some(rest) = slot.rest_days {
            parts.push(match lang {
                Lang::Zh => format!("最少休息{rest}天"),
                Lang::En => format!("rest at least {rest} days"),
            });
        }
        if slot.breaks_added > 0 {
            parts.push(match lang {
                Lang::Zh => format!("连续主/客场+{}", slot.breaks_added),
                Lang::En => format!("+{} breaks", slot.breaks_added),
            });
        }
        parts.push(match lang {
            Lang::Zh => format!("离原定{}天", slot.days_from_original),
            Lang::En => format!("{} days from the original", slot.days_from_original),
        });
        parts.join(" · ")
    };
    format!(
        "<li class=\"slot\"><form method=\"post\" action=\"/actions/games/{id}/move\" class=\"pick-slot\">\
<input type=\"hidden\" name=\"date\" value=\"{date}\"><input type=\"hidden\" name=\"time\" value=\"{time}\">\
<input type=\"hidden\" name=\"court\" value=\"{court_id}\"><input type=\"hidden\" name=\"version\" value=\"{version}\">\
<div><strong>{date} {weekday} {time}</strong> <span>{court}</span><br><small>{why}</small></div>\
<button type=\"submit\" class=\"primary\" id=\"slot-{n}\" data-date=\"{date}\" data-time=\"{time}\" data-court=\"{court_id}\">{pick}</button></form></li>",
        date = slot.date,
        weekday = changes::weekday_zh(chrono::Datelike::weekday(&slot.date)),
        time = esc(&slot.time),
        court_id = slot.court_id,
        court = esc(&slot.court),
        why = esc(&why),
        pick = tr(lang, "选这个", "Pick"),
    )
}

async fn move_page(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    let reply = Reply::of(&headers);
    let lang = reply.lang;
    let here = format!("/admin/games/{id}/move");
    if let Some(response) = refuse(&reply, &viewer, &here) {
        return response;
    }
    let now = Utc::now();
    let names = match changes::Names::load(&state.db).await {
        Ok(names) => names,
        Err(error) => return reply.internal(error),
    };
    let facts = match changes::game_facts(&state.db, &names, id).await {
        Ok(Some(facts)) => facts,
        Ok(None) => return (StatusCode::NOT_FOUND, "比赛不存在 / no such game").into_response(),
        Err(error) => return reply.internal(error),
    };
    let courts = match changes::courts(&state.db).await {
        Ok(courts) => courts,
        Err(error) => return reply.internal(error),
    };
    // The slot typed (after "检查" or a refused save), checked now.
    let typed = query.typed();
    let problems: Option<Vec<Problem>> = match &typed {
        None => None,
        Some(input) => {
            let today = changes::local_date_time(now).0;
            match changes::parse_move(input, today) {
                Err(problems) => Some(problems),
                Ok((date, time, court)) => {
                    match changes::check_move(&state.db, id, date, time, court).await {
                        Ok(problems) => Some(problems),
                        Err(error) => return reply.internal(error),
                    }
                }
            }
        }
    };
    let value = |field: &str| -> String {
        match (&typed, field) {
            (Some(t), "date") => t.date.clone(),
            (Some(t), "time") => t.time.clone(),
            (Some(t), _) => t.court.clone(),
            (None, "date") => facts.date.to_string(),
            (None, "time") => facts.time.format("%H:%M").to_string(),
            (None, _) => facts
                .game
                .court_id
                .map(|c| c.to_string())
                .unwrap_or_default(),
        }
    };
    let errors_of = |field: &str| -> String {
        problems
            .iter()
            .flatten()
            .filter(|p| p.field == field)
            .map(|p| {
                format!(
                    "<em class=\"field-error conflict\" data-code=\"{}\">{}</em>",
                    p.code,
                    esc(p.text(lang))
                )
            })
            .collect()
    };
    let invalid = |field: &str| {
        if problems.iter().flatten().any(|p| p.field == field) {
            " class=\"invalid\""
        } else {
            ""
        }
    };
    let court_options: String = courts
        .iter()
        .map(|(cid, name)| {
            let selected = if value("court") == cid.to_string() {
                " selected"
            } else {
                ""
            };
            format!("<option value=\"{cid}\"{selected}>{}</option>", esc(name))
        })
        .collect();
    let verdict = match &problems {
        None => String::new(),
        Some(list) if list.is_empty() => format!(
            "<p class=\"flash ok check-result\" role=\"status\">{}</p>",
            lang.t(Key::MoveIsFree)
        ),
        Some(list) => format!(
            "<div class=\"flash error check-result\" role=\"alert\"><p>{}</p><ul class=\"conflicts\">{}</ul></div>",
            lang.t(Key::MoveHasConflicts),
            list.iter()
                .map(|p| format!("<li data-code=\"{}\">{}</li>", p.code, esc(p.text(lang))))
                .collect::<String>()
        ),
    };
    let movable = matches!(
        facts.game.status,
        GameStatus::Scheduled | GameStatus::Postponed
    );
    let form = if movable {
        format!(
            "<form method=\"post\" action=\"/actions/games/{id}/move\" class=\"stack move-form\">\
<input type=\"hidden\" name=\"version\" value=\"{version}\">\
<label{di}><span>{date_label}</span><input type=\"date\" name=\"date\" value=\"{date}\" required>{de}</label>\
<label{ti}><span>{time_label}</span><input type=\"time\" name=\"time\" value=\"{time}\" step=\"300\" required>{te}</label>\
<label{ci}><span>{court_label}</span><select name=\"court\">{court_options}</select>{ce}</label>\
<div class=\"row\"><button type=\"submit\" formmethod=\"get\" formaction=\"/admin/games/{id}/move\" id=\"move-check\">{check}</button>\
<button type=\"submit\" class=\"primary\" id=\"move-save\">{save}</button></div></form>",
            version = facts.game.version,
            di = invalid("date"),
            date_label = tr(lang, "新日期", "New date"),
            date = esc(&value("date")),
            de = errors_of("date"),
            ti = invalid("time"),
            time_label = tr(lang, "开赛时间（北京时间）", "Start time (Beijing)"),
            time = esc(&value("time")),
            te = errors_of("time"),
            ci = invalid("court"),
            court_label = tr(lang, "场地", "Court"),
            ce = errors_of("court"),
            check = tr(lang, "检查冲突", "Check"),
            save = tr(lang, "保存改期", "Save the move"),
        )
    } else {
        format!("<p class=\"notice\">{}</p>", lang.t(Key::GameNotChangeable))
    };
    let free = if movable {
        match changes::suggest_slots(&state.db, id, now, FREE_SLOTS).await {
            Ok(slots) if !slots.is_empty() => format!(
                "<h2>{}</h2><ul class=\"slots\">{}</ul>",
                tr(lang, "空闲时段（无冲突）", "Free slots (no conflicts)"),
                slots
                    .iter()
                    .enumerate()
                    .map(|(n, s)| slot_form(lang, id, facts.game.version, s, n + 1))
                    .collect::<String>()
            ),
            Ok(_) => String::new(),
            Err(error) => return reply.internal(error),
        }
    } else {
        String::new()
    };
    let body = format!(
        "{links}{flash}{header}<h2>{title}</h2>{verdict}{form}{free}",
        links = admin_links(lang, id),
        flash = flash(lang, &query),
        header = game_header(lang, &facts),
        title = tr(lang, "改期：选新的时间和场地", "Move: a new time and court"),
    );
    page(lang, tr(lang, "调整比赛", "Change a game"), &body)
}

#[derive(Deserialize)]
struct CheckQuery {
    date: Option<String>,
    time: Option<String>,
    court: Option<String>,
}

/// `GET /admin/games/{id}/check?date=&time=&court=`: the conflicts as JSON, for a page that
/// checks as the organiser types.
async fn check_json(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    Query(query): Query<CheckQuery>,
    headers: HeaderMap,
) -> Response {
    let mut reply = Reply::of(&headers);
    reply.json = true;
    if let Some(response) = refuse(&reply, &viewer, &format!("/admin/games/{id}/move")) {
        return response;
    }
    let input = MoveInput {
        date: query.date.unwrap_or_default(),
        time: query.time.unwrap_or_default(),
        court: query.court.unwrap_or_default(),
    };
    let problems = match changes::parse_move(&input, changes::local_date_time(Utc::now()).0) {
        Err(problems) => problems,
        Ok((date, time, court)) => {
            match changes::check_move(&state.db, id, date, time, court).await {
                Ok(problems) => problems,
                Err(ChangeError::NotFound) => {
                    return (StatusCode::NOT_FOUND, Json(json!({ "ok": false }))).into_response()
                }
                Err(error) => return reply.internal(error),
            }
        }
    };
    Json(json!({ "ok": problems.is_empty(), "conflicts": problem_json(reply.lang, &problems) }))
        .into_response()
}

fn problem_json(lang: Lang, problems: &[Problem]) -> Vec<serde_json::Value> {
    problems
        .iter()
        .map(|p| json!({ "field": p.field, "code": p.code, "message": p.text(lang) }))
        .collect()
}

type Fields = Vec<(String, String)>;

fn field(fields: &Fields, name: &str) -> String {
    fields
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

fn version(fields: &Fields) -> Option<i32> {
    field(fields, "version").parse().ok()
}

/// A change is stored: announce it on the live stream (in the background).
fn announce(state: &AppState, game: &app::db::entities::game::Model) {
    let live = state.live.clone();
    let event = app::live::LiveEvent {
        kind: app::live::LiveKind::Schedule,
        game_id: game.id,
        competition_id: game.competition_id,
    };
    tokio::spawn(async move { live.publish(event).await });
}

fn change_error(reply: &Reply, error: ChangeError, back: &str) -> Response {
    match error {
        ChangeError::Forbidden => reply.forbidden(),
        ChangeError::NotFound => {
            (StatusCode::NOT_FOUND, "比赛不存在 / no such game").into_response()
        }
        ChangeError::Stale => {
            reply.fail(StatusCode::CONFLICT, back, Key::ChangedMeanwhile, json!({}))
        }
        ChangeError::WrongState => reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            back,
            Key::GameNotChangeable,
            json!({}),
        ),
        ChangeError::Refused(problems) => {
            let list: Vec<String> = problems
                .iter()
                .map(|p| format!("{}.{}", p.field, p.code))
                .collect();
            reply.fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                &with_param(back, "f", &list.join(",")),
                if problems
                    .iter()
                    .any(|p| p.code == "invalid" || p.code == "missing" || p.code == "past")
                {
                    Key::FormHasErrors
                } else {
                    Key::MoveHasConflicts
                },
                json!({ "errors": problem_json(reply.lang, &problems) }),
            )
        }
        ChangeError::Db(error) => reply.internal(error),
    }
}

async fn move_action(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let reply = Reply::of(&headers);
    let page = format!("/admin/games/{id}/move");
    if let Some(response) = refuse(&reply, &viewer, &page) {
        return response;
    }
    let Some(viewer) = viewer else {
        return reply.sign_in_first(&page);
    };
    let input = MoveInput {
        date: field(&fields, "date"),
        time: field(&fields, "time"),
        court: field(&fields, "court"),
    };
    let typed = [
        ("date", &input.date),
        ("time", &input.time),
        ("court", &input.court),
    ]
    .iter()
    .fold(page.clone(), |url, (name, value)| {
        with_param(&url, name, value)
    });
    let now = Utc::now();
    match changes::move_game(&state.db, &viewer, id, version(&fields), &input, now).await {
        Ok(game) => {
            if let Err(error) = community::game_changed(&state.db, id, GameChange::Moved, now).await
            {
                tracing::error!(%error, id, "cannot write the notice of a move");
            }
            announce(&state, &game);
            reply.done(
                &format!("/games/{id}"),
                Key::GameMovedNow,
                json!({ "game_id": id, "version": game.version, "starts_at": game.starts_at.to_rfc3339(), "court_id": game.court_id }),
            )
        }
        Err(error) => change_error(&reply, error, &typed),
    }
}

async fn postpone_page(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    let reply = Reply::of(&headers);
    let lang = reply.lang;
    let here = format!("/admin/games/{id}/postpone");
    if let Some(response) = refuse(&reply, &viewer, &here) {
        return response;
    }
    let now = Utc::now();
    let names = match changes::Names::load(&state.db).await {
        Ok(names) => names,
        Err(error) => return reply.internal(error),
    };
    let facts = match changes::game_facts(&state.db, &names, id).await {
        Ok(Some(facts)) => facts,
        Ok(None) => return (StatusCode::NOT_FOUND, "比赛不存在 / no such game").into_response(),
        Err(error) => return reply.internal(error),
    };
    let action = match facts.game.status {
        GameStatus::Scheduled => format!(
            "<p>{explain}</p><form method=\"post\" action=\"/actions/games/{id}/postpone\" class=\"stack postpone-form\">\
<input type=\"hidden\" name=\"version\" value=\"{version}\">\
<button type=\"submit\" class=\"primary big\" id=\"postpone-submit\">{button}</button></form>",
            explain = tr(
                lang,
                "延期后会发布公告；村BA 会推荐三个对其他比赛影响最小的新时间。",
                "Postponing publishes a notice; Cunba then suggests the three new slots that disturb the other games least."
            ),
            version = facts.game.version,
            button = tr(lang, "延期这场比赛", "Postpone this game"),
        ),
        GameStatus::Postponed => {
            let slots = match changes::suggest_slots(&state.db, id, now, SUGGESTIONS).await {
                Ok(slots) => slots,
                Err(error) => return reply.internal(error),
            };
            let list = if slots.is_empty() {
                format!(
                    "<p class=\"empty\">{}</p>",
                    tr(
                        lang,
                        "未来六周没有无冲突的时段，请到改期页自己选。",
                        "No conflict-free slot in the next six weeks: choose one on the move page."
                    )
                )
            } else {
                format!(
                    "<ol class=\"slots suggestions\">{}</ol>",
                    slots
                        .iter()
                        .enumerate()
                        .map(|(n, s)| slot_form(lang, id, facts.game.version, s, n + 1))
                        .collect::<String>()
                )
            };
            format!(
                "<h2>{title}</h2><p class=\"facts\">{hint}</p>{list}\
<p class=\"row\"><a class=\"button\" href=\"/games/{id}\" id=\"leave-postponed\">{later}</a>\
<a class=\"button\" href=\"/admin/games/{id}/move\">{other}</a></p>",
                title = tr(lang, "推荐的新时间", "Suggested new slots"),
                hint = tr(
                    lang,
                    "按影响从小到大排列：双方休息天数、连续主/客场、离原定日期的远近、主场优先、场地当晚的比赛数。",
                    "Least disruption first: both teams' rest, home/away breaks, distance from the original date, the home court, the court's load that evening."
                ),
                later = tr(lang, "暂不安排，以后再定", "Leave it postponed for now"),
                other = tr(lang, "自己选时间", "Choose another slot"),
            )
        }
        _ => format!("<p class=\"notice\">{}</p>", lang.t(Key::GameNotChangeable)),
    };
    let body = format!(
        "{links}{flash}{header}{action}",
        links = admin_links(lang, id),
        flash = flash(lang, &query),
        header = game_header(lang, &facts),
    );
    page(lang, tr(lang, "延期比赛", "Postpone a game"), &body)
}

async fn postpone_action(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let reply = Reply::of(&headers);
    let page = format!("/admin/games/{id}/postpone");
    if let Some(response) = refuse(&reply, &viewer, &page) {
        return response;
    }
    let Some(viewer) = viewer else {
        return reply.sign_in_first(&page);
    };
    let now = Utc::now();
    match changes::postpone_game(&state.db, &viewer, id, version(&fields), now).await {
        Ok(game) => {
            if let Err(error) =
                community::game_changed(&state.db, id, GameChange::Postponed, now).await
            {
                tracing::error!(%error, id, "cannot write the notice of a postponement");
            }
            announce(&state, &game);
            let suggestions = changes::suggest_slots(&state.db, id, now, SUGGESTIONS)
                .await
                .unwrap_or_default();
            reply.done(
                &page,
                Key::GamePostponedNow,
                json!({ "game_id": id, "version": game.version, "suggestions": suggestions }),
            )
        }
        Err(error) => change_error(&reply, error, &page),
    }
}

async fn referees_page(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    let reply = Reply::of(&headers);
    let lang = reply.lang;
    if let Some(response) = refuse(&reply, &viewer, "/admin/referees") {
        return response;
    }
    let overview = match changes::referee_overview(&state.db, Utc::now(), REFEREE_DAYS).await {
        Ok(overview) => overview,
        Err(error) => return reply.internal(error),
    };
    let loads: String = overview
        .referees
        .iter()
        .map(|r| {
            format!(
                "<tr data-referee=\"{id}\"><th scope=\"row\">{name}</th><td>{group}</td><td class=\"pts\">{games}</td></tr>",
                id = r.id,
                name = esc(&r.name),
                group = esc(r.group.as_deref().unwrap_or("—")),
                games = r.games,
            )
        })
        .collect();
    let neutral = |code: &str| match code {
        "neutral" => tr(lang, "中立", "neutral"),
        "involved" => tr(lang, "本村", "own group"),
        _ => tr(lang, "小组未知", "group unknown"),
    };
    let games: String = overview
        .games
        .iter()
        .map(|g| {
            let f = &g.facts;
            let current = f.referee.as_ref().map(|(id, _)| *id);
            let options: String = std::iter::once(format!(
                "<option value=\"\">{}</option>",
                tr(lang, "— 不安排 —", "— none —")
            ))
            .chain(g.options.iter().enumerate().map(|(n, o)| {
                let selected = if current == Some(o.id) || (current.is_none() && n == 0) {
                    " selected"
                } else {
                    ""
                };
                let mark = if n == 0 {
                    tr(lang, "推荐 · ", "suggested · ")
                } else {
                    ""
                };
                format!(
                    "<option value=\"{id}\"{selected}>{name}（{mark}{neutral}，{games}{unit}）</option>",
                    id = o.id,
                    name = esc(&o.name),
                    neutral = neutral(o.neutrality),
                    games = o.games,
                    unit = tr(lang, "场", " games"),
                )
            }))
            .collect();
            format!(
                "<li class=\"referee-game\" id=\"game-{id}\"><div><strong>{date} {time}</strong> {court}<br>\
<a href=\"/games/{id}\">{home} {vs} {away}</a><br><small class=\"assigned\">{now_label}{assigned}</small></div>\
<form method=\"post\" action=\"/actions/games/{id}/referee\" class=\"assign-referee\">\
<input type=\"hidden\" name=\"version\" value=\"{version}\">\
<label><span class=\"visually-hidden\">{label}</span><select name=\"referee\">{options}</select></label>\
<button type=\"submit\" class=\"primary\">{assign}</button></form></li>",
                id = f.game.id,
                date = f.date.format("%m-%d"),
                time = f.time.format("%H:%M"),
                court = esc(&f.court),
                home = esc(&f.home),
                vs = lang.t(Key::Vs),
                away = esc(&f.away),
                now_label = tr(lang, "裁判：", "Referee: "),
                assigned = esc(f.referee.as_ref().map(|(_, n)| n.as_str()).unwrap_or("—")),
                version = f.game.version,
                label = tr(lang, "裁判", "Referee"),
                assign = tr(lang, "安排", "Assign"),
            )
        })
        .collect();
    let body = format!(
        "{flash}<h1>{title}</h1><h2>{loads_title}</h2><table class=\"standings referee-loads\"><thead><tr>\
<th scope=\"col\">{name}</th><th scope=\"col\">{group}</th><th scope=\"col\">{count}</th></tr></thead>\
<tbody>{loads}</tbody></table><h2>{games_title}</h2><ul class=\"referee-games\">{games}</ul>",
        flash = flash(lang, &query),
        title = tr(lang, "裁判安排", "Referee assignments"),
        loads_title = tr(lang, "每位裁判的场数", "Games per referee"),
        name = tr(lang, "裁判", "Referee"),
        group = tr(lang, "村民小组", "Villager group"),
        count = tr(lang, "场数", "Games"),
        games_title = tr(lang, "未来三周的比赛", "Games in the next three weeks"),
    );
    page(lang, tr(lang, "裁判安排", "Referees"), &body)
}

async fn referee_action(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let reply = Reply::of(&headers);
    let page = "/admin/referees";
    if let Some(response) = refuse(&reply, &viewer, page) {
        return response;
    }
    let Some(viewer) = viewer else {
        return reply.sign_in_first(page);
    };
    let referee = field(&fields, "referee");
    let referee = if referee.is_empty() {
        None
    } else {
        match referee.parse::<i32>() {
            Ok(id) => Some(id),
            Err(_) => {
                return change_error(
                    &reply,
                    ChangeError::Refused(vec![Problem {
                        field: "referee",
                        code: "invalid",
                        zh: "请选择一位裁判。".into(),
                        en: "Choose a referee.".into(),
                    }]),
                    page,
                )
            }
        }
    };
    let now = Utc::now();
    match changes::assign_referee(&state.db, &viewer, id, referee, version(&fields), now).await {
        Ok(game) => {
            announce(&state, &game);
            reply.done(
                page,
                if referee.is_some() {
                    Key::RefereeAssignedNow
                } else {
                    Key::RefereeClearedNow
                },
                json!({ "game_id": id, "referee": referee, "version": game.version }),
            )
        }
        Err(error) => change_error(&reply, error, page),
    }
}
