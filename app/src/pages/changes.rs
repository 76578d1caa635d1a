//! The organiser's changes to a published schedule: move a game (with the conflict check),
//! postpone it and pick one of the suggested slots, assign referees.
//!
//! Plain forms that work without JavaScript: "检查" (check) is a GET of this page with the
//! typed slot, which comes back naming every constraint it would break; saving posts to
//! `/actions/games/…` (`server/src/actions/changes.rs`), which answers with `?m=` / `?e=` and, for a
//! refused slot, the typed values and `f=field.code` — this page shows them again.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::forbidden::refused;
use super::{id_param, loaded};
use crate::api_changes::{get_move_page, get_postpone_page, get_referees_page};
use crate::components::{use_lang, Flash, Layout};
use crate::i18n::{change_problem_text, side_text, weekday_key, Key, Lang};
use crate::model::*;

/// The document's title (these pages head with the game instead).
fn title(lang: Lang, key: Key) -> impl IntoView {
    let text = format!("{} · {}", lang.t(key), lang.t(Key::AppName));
    view! { <leptos_meta::Title text=text/> }
}

fn status_key(status: GameStatus) -> Key {
    match status {
        GameStatus::Scheduled => Key::StatusScheduled,
        GameStatus::Postponed => Key::StatusPostponed,
        GameStatus::Played => Key::StatusPlayed,
        GameStatus::Forfeit => Key::StatusForfeit,
        GameStatus::Cancelled => Key::StatusCancelled,
    }
}

/// "2026-12-07 星期一" / "2026-12-07 Monday".
fn date_text(lang: Lang, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let weekday = weekday_key(date.weekday().number_from_monday() as i16);
    format!("{date} {}", lang.t(weekday))
}

/// A side as the reader says it: a team, where it comes from, or 待定.
fn side(lang: Lang, name: &str) -> String {
    if name.is_empty() {
        lang.t(Key::Tbd).to_owned()
    } else {
        side_text(lang, name)
    }
}

fn game_header(game: &ChangeGame) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{format!("{} {} {}", side(lang, &game.home), lang.t(Key::Vs), side(lang, &game.away))}</h1>
        <p class="facts">{game.competition.clone()}</p>
        <dl class="game-facts">
            <dt>{lang.t(Key::ChangeWhen)}</dt>
            <dd class="when">{format!("{} {}", date_text(lang, game.date), game.time)}</dd>
            <dt>{lang.t(Key::ChangeCourt)}</dt>
            <dd class="court">{game.court.clone().unwrap_or_else(|| lang.t(Key::Tbd).to_owned())}</dd>
            <dt>{lang.t(Key::ChangeStatus)}</dt>
            <dd class=format!("status status-{}", game.status.as_str())>{lang.t(status_key(game.status))}</dd>
        </dl>
    }
}

fn admin_links(id: i32) -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="admin-links">
            <a href=format!("/games/{id}")>{lang.t(Key::ChangeGamePage)}</a>" · "
            <a href=format!("/admin/games/{id}/move")>{lang.t(Key::ChangeMove)}</a>" · "
            <a href=format!("/admin/games/{id}/postpone")>{lang.t(Key::ChangePostpone)}</a>" · "
            <a href="/admin/referees">{lang.t(Key::ChangeReferees)}</a>
        </nav>
    }
}

/// A button-only form that moves the game to one slot; `n` counts from 1.
fn slot_form(id: i32, version: i32, slot: &SlotView, n: usize) -> impl IntoView {
    let lang = use_lang();
    let mut why = Vec::new();
    if slot.home_court {
        why.push(lang.t(Key::SlotHomeCourt).to_owned());
    }
    if let Some(rest) = slot.rest_days {
        why.push(Key::SlotRest.fill(lang, rest));
    }
    if slot.breaks_added > 0 {
        why.push(Key::SlotBreaks.fill(lang, slot.breaks_added));
    }
    why.push(Key::SlotFromOriginal.fill(lang, slot.days_from_original));
    let date = slot.date.to_string();
    view! {
        <li class="slot">
            <form method="post" action=format!("/actions/games/{id}/move") class="pick-slot">
                <input type="hidden" name="date" value=date.clone()/>
                <input type="hidden" name="time" value=slot.time.clone()/>
                <input type="hidden" name="court" value=slot.court_id/>
                <input type="hidden" name="version" value=version/>
                <div>
                    <strong>{format!("{} {}", date_text(lang, slot.date), slot.time)}</strong>
                    " "<span>{slot.court.clone()}</span><br/>
                    <small>{why.join(" · ")}</small>
                </div>
                <button type="submit" class="primary" id=format!("slot-{n}") data-date=date
                    data-time=slot.time.clone() data-court=slot.court_id>
                    {lang.t(Key::SlotPick)}
                </button>
            </form>
        </li>
    }
}

// ---- /admin/games/:id/move ----

/// `/admin/games/:id/move`: a new date, time and court, checked before saving, and the free
/// slots to pick from.
#[component]
pub fn MoveGamePage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param();
    let query = use_query_map();
    let args = move || {
        let query = query.read();
        (
            id(),
            query.get("date"),
            query.get("time"),
            query.get("court"),
        )
    };
    let data = Resource::new(args, |(id, date, time, court)| {
        get_move_page(id, date, time, court)
    });
    view! {
        <Layout>
            {title(lang, Key::ChangeGameTitle)}
            {loaded(data, move |answer| match answer {
                Guarded::Found(page) => move_view(page).into_any(),
                other => refused(&other, format!("/admin/games/{}/move", id()), Key::NoSuchGame),
            })}
        </Layout>
    }
}

fn move_view(page: MovePage) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked().clone();
    let game = &page.game;
    let id = game.id;
    let typed = page.problems.is_some();
    // What the inputs show: the slot typed (after "检查" or a refused save), else the game's.
    let value = |name: &str, stored: String| {
        if typed {
            query.get(name).unwrap_or_default()
        } else {
            stored
        }
    };
    let date = value("date", game.date.to_string());
    let time = value("time", game.time.clone());
    let court = value(
        "court",
        game.court_id.map(|c| c.to_string()).unwrap_or_default(),
    );
    let problems = page.problems.clone().unwrap_or_default();
    let errors_of = |field: &str| {
        problems
            .iter()
            .filter(|p| p.field() == field)
            .map(|p| {
                view! {
                    <em class="field-error conflict" data-code=p.code()>{change_problem_text(lang, p)}</em>
                }
            })
            .collect_view()
    };
    let invalid = |field: &str| {
        problems
            .iter()
            .any(|p| p.field() == field)
            .then_some("invalid")
    };
    let verdict = match &page.problems {
        None => None,
        Some(list) if list.is_empty() => Some(
            view! { <p class="flash ok check-result" role="status">{lang.t(Key::MoveIsFree)}</p> }
                .into_any(),
        ),
        Some(list) => {
            let items = list
                .iter()
                .map(|p| view! { <li data-code=p.code()>{change_problem_text(lang, p)}</li> })
                .collect_view();
            Some(
                view! {
                    <div class="flash error check-result" role="alert">
                        <p>{lang.t(Key::MoveHasConflicts)}</p>
                        <ul class="conflicts">{items}</ul>
                    </div>
                }
                .into_any(),
            )
        }
    };
    let movable = matches!(game.status, GameStatus::Scheduled | GameStatus::Postponed);
    let form = if movable {
        let options = page
            .courts
            .iter()
            .map(|(cid, name)| {
                let selected = court == cid.to_string();
                view! { <option value=*cid selected=selected>{name.clone()}</option> }
            })
            .collect_view();
        view! {
            <form method="post" action=format!("/actions/games/{id}/move") class="stack move-form">
                <input type="hidden" name="version" value=game.version/>
                <label class=invalid("date")>
                    <span>{lang.t(Key::MoveNewDate)}</span>
                    <input type="date" name="date" value=date required/>
                    {errors_of("date")}
                </label>
                <label class=invalid("time")>
                    <span>{lang.t(Key::MoveStartTime)}</span>
                    <input type="time" name="time" value=time step="300" required/>
                    {errors_of("time")}
                </label>
                <label class=invalid("court")>
                    <span>{lang.t(Key::ChangeCourt)}</span>
                    <select name="court">{options}</select>
                    {errors_of("court")}
                </label>
                <div class="row">
                    <button type="submit" formmethod="get" formaction=format!("/admin/games/{id}/move")
                        id="move-check">{lang.t(Key::MoveCheck)}</button>
                    <button type="submit" class="primary" id="move-save">{lang.t(Key::MoveSave)}</button>
                </div>
            </form>
        }
        .into_any()
    } else {
        view! { <p class="notice">{lang.t(Key::GameNotChangeable)}</p> }.into_any()
    };
    let free = (!page.free.is_empty()).then(|| {
        let slots = page
            .free
            .iter()
            .enumerate()
            .map(|(n, slot)| slot_form(id, game.version, slot, n + 1))
            .collect_view();
        view! {
            <h2>{lang.t(Key::MoveFreeSlots)}</h2>
            <ul class="slots">{slots}</ul>
        }
    });
    view! {
        {admin_links(id)}
        <Flash/>
        {game_header(game)}
        <h2>{lang.t(Key::MoveTitle)}</h2>
        {verdict}
        {form}
        {free}
    }
}

// ---- /admin/games/:id/postpone ----

/// `/admin/games/:id/postpone`: postpone a scheduled game; a postponed one gets the three
/// slots that disturb the other games least.
#[component]
pub fn PostponeGamePage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param();
    let data = Resource::new(id, get_postpone_page);
    view! {
        <Layout>
            {title(lang, Key::PostponeTitle)}
            {loaded(data, move |answer| match answer {
                Guarded::Found(page) => postpone_view(page).into_any(),
                other => refused(&other, format!("/admin/games/{}/postpone", id()), Key::NoSuchGame),
            })}
        </Layout>
    }
}

fn postpone_view(page: PostponePage) -> impl IntoView {
    let lang = use_lang();
    let game = &page.game;
    let id = game.id;
    let action = match game.status {
        GameStatus::Scheduled => view! {
            <p>{lang.t(Key::PostponeExplain)}</p>
            <form method="post" action=format!("/actions/games/{id}/postpone") class="stack postpone-form">
                <input type="hidden" name="version" value=game.version/>
                <button type="submit" class="primary big" id="postpone-submit">{lang.t(Key::PostponeButton)}</button>
            </form>
        }
        .into_any(),
        GameStatus::Postponed => {
            let list = if page.suggestions.is_empty() {
                view! { <p class="empty">{lang.t(Key::PostponeNoSlot)}</p> }.into_any()
            } else {
                let slots = page
                    .suggestions
                    .iter()
                    .enumerate()
                    .map(|(n, slot)| slot_form(id, game.version, slot, n + 1))
                    .collect_view();
                view! { <ol class="slots suggestions">{slots}</ol> }.into_any()
            };
            view! {
                <h2>{lang.t(Key::PostponeSuggested)}</h2>
                <p class="facts">{lang.t(Key::PostponeHint)}</p>
                {list}
                <p class="row">
                    <a class="button" href=format!("/games/{id}") id="leave-postponed">{lang.t(Key::PostponeLater)}</a>
                    <a class="button" href=format!("/admin/games/{id}/move")>{lang.t(Key::PostponeOther)}</a>
                </p>
            }
            .into_any()
        }
        _ => view! { <p class="notice">{lang.t(Key::GameNotChangeable)}</p> }.into_any(),
    };
    // Calling the game off for good: behind a fold, as it cannot be undone.
    let cancel = matches!(game.status, GameStatus::Scheduled | GameStatus::Postponed).then(|| {
        view! {
            <details class="cancel-game">
                <summary>{lang.t(Key::CancelGame)}</summary>
                <p class="hint">{lang.t(Key::CancelGameExplain)}</p>
                <form method="post" action=format!("/actions/games/{id}/cancel") class="stack">
                    <input type="hidden" name="version" value=game.version/>
                    <button type="submit" class="danger" id="cancel-game">{lang.t(Key::CancelGameButton)}</button>
                </form>
            </details>
        }
    });
    view! {
        {admin_links(id)}
        <Flash/>
        {game_header(game)}
        {action}
        {cancel}
    }
}

// ---- /admin/referees ----

/// `/admin/referees`: each referee's count, and the games of the next three weeks with a
/// neutral, least-used referee suggested.
#[component]
pub fn RefereesPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_referees_page());
    view! {
        <Layout>
            {title(lang, Key::ChangeReferees)}
            <Flash/>
            {loaded(data, move |answer| match answer {
                Guarded::Found(overview) => referees_view(overview).into_any(),
                other => refused(&other, "/admin/referees".into(), Key::NotFound),
            })}
        </Layout>
    }
}

fn neutrality_key(code: &str) -> Key {
    match code {
        "neutral" => Key::RefereeNeutral,
        "involved" => Key::RefereeInvolved,
        _ => Key::RefereeGroupUnknown,
    }
}

fn referees_view(overview: RefereeOverview) -> impl IntoView {
    let lang = use_lang();
    let loads = overview
        .referees
        .into_iter()
        .map(|r| {
            view! {
                <tr data-referee=r.id>
                    <th scope="row">{r.name}</th>
                    <td>{r.group.unwrap_or_else(|| "—".into())}</td>
                    <td class="pts">{r.games}</td>
                </tr>
            }
        })
        .collect_view();
    let games = overview
        .games
        .into_iter()
        .map(|g| {
            let game = &g.game;
            let id = game.id;
            let options = g
                .options
                .iter()
                .enumerate()
                .map(|(n, o)| {
                    let selected = g.referee_id == Some(o.id) || (g.referee_id.is_none() && n == 0);
                    let mark = if n == 0 { lang.t(Key::RefereeSuggested) } else { "" };
                    let text = Key::RefereeOptionLine.fill_args(
                        lang,
                        &[&o.name, &mark, &lang.t(neutrality_key(&o.neutrality)), &o.games],
                    );
                    view! { <option value=o.id selected=selected>{text}</option> }
                })
                .collect_view();
            view! {
                <li class="referee-game" id=format!("game-{id}")>
                    <div>
                        <strong>{format!("{} {}", game.date.format("%m-%d"), game.time)}</strong>
                        " "{game.court.clone().unwrap_or_else(|| lang.t(Key::Tbd).to_owned())}<br/>
                        <a href=format!("/games/{id}")>
                            {format!("{} {} {}", side(lang, &game.home), lang.t(Key::Vs), side(lang, &game.away))}
                        </a><br/>
                        <small class="assigned">
                            {format!("{}{}", lang.t(Key::RefereeNow), game.referee.clone().unwrap_or_else(|| "—".into()))}
                        </small>
                    </div>
                    <form method="post" action=format!("/actions/games/{id}/referee") class="assign-referee">
                        <input type="hidden" name="version" value=game.version/>
                        <label>
                            <span class="visually-hidden">{lang.t(Key::RefereeLabel)}</span>
                            <select name="referee">
                                <option value="">{lang.t(Key::RefereeNone)}</option>
                                {options}
                            </select>
                        </label>
                        <button type="submit" class="primary">{lang.t(Key::RefereeAssign)}</button>
                    </form>
                </li>
            }
        })
        .collect_view();
    view! {
        <h1>{lang.t(Key::RefereesTitle)}</h1>
        <h2>{lang.t(Key::RefereesLoads)}</h2>
        <table class="standings referee-loads">
            <thead>
                <tr>
                    <th scope="col">{lang.t(Key::RefereeLabel)}</th>
                    <th scope="col">{lang.t(Key::RefereeGroup)}</th>
                    <th scope="col">{lang.t(Key::RefereeGames)}</th>
                </tr>
            </thead>
            <tbody>{loads}</tbody>
        </table>
        <h2>{lang.t(Key::RefereesUpcoming)}</h2>
        <ul class="referee-games">{games}</ul>
    }
}
