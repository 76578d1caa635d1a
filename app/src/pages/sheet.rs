//! 记分台 (`/games/{id}/live`): the scorer's sheet of a game being played, on a phone, one
//! hand. Tap a player, then an action; team buttons for timeouts and the end of a period;
//! every line can be undone; the log runs below.
//!
//! It is one plain form (`/actions/games/{id}/live/lines`) that works without JavaScript:
//! the player is a radio button, each action a submit button carrying its code, and the
//! page draws the next line's number and a fresh id into it. With JavaScript the
//! [`SheetKeeper`](crate::components::SheetKeeper) island sends the same lines from the
//! phone's own queue, so a lost signal loses nothing.
use leptos::prelude::*;

use super::forbidden::refused;
use super::{id_param, loaded};
use crate::api::get_sheet;
use crate::components::{use_lang, Flash, GameRow, Layout, LiveTopic, PageTitle, SheetKeeper};
use crate::domain::score::Side;
use crate::domain::scoresheet::{fields, Action, QUARTERS};
use crate::i18n::{period_name, sheet_refusal_key, Key, Lang};
use crate::model::{Guarded, SheetPage, SheetPlayer, SheetTeam};

/// `/games/{id}/live`.
#[component]
pub fn ScoreSheetPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param();
    let data = Resource::new(id, get_sheet);
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::ScoreSheet)/>
            <Flash/>
            {loaded(data, move |answer| match answer {
                Guarded::Found(page) => sheet_view(page, lang).into_any(),
                other => refused(&other, format!("/games/{}/live", id()), Key::NoSuchGame),
            })}
        </Layout>
    }
}

fn side_code(side: Side) -> &'static str {
    match side {
        Side::Home => "home",
        Side::Away => "away",
    }
}

/// Where the game is: before tip-off, under way, or over (what the page's CSS shows).
fn phase(page: &SheetPage) -> &'static str {
    match (page.started, page.finished) {
        (false, _) => "waiting",
        (true, false) => "running",
        (true, true) => "over",
    }
}

fn sheet_view(page: SheetPage, lang: Lang) -> impl IntoView {
    let id = page.game.id;
    let keeps = page.holds && !page.decided;
    let who = page
        .scorer
        .clone()
        .map(|name| view! { <p class="facts">{Key::SheetKeptBy.fill(lang, name)}</p> });
    let status = if page.decided {
        Some(view! { <p class="notice">{lang.t(Key::SheetDecided)}</p> }.into_any())
    } else if page.may_open {
        Some(
            view! {
                <form method="post" action=format!("/actions/games/{id}/live/open")>
                    <button type="submit" class="primary big">{lang.t(Key::SheetOpenHere)}</button>
                </form>
            }
            .into_any(),
        )
    } else if !page.holds {
        let text = if page.scorer.is_some() {
            Key::SheetWatchOnly
        } else {
            Key::SheetNotOpened
        };
        Some(view! { <p class="notice">{lang.t(text)}</p> }.into_any())
    } else {
        None
    };
    // A device that only watches follows the sheet as it is kept.
    let watch = (!keeps).then(|| {
        view! {
            <crate::components::LiveUpdates topic=LiveTopic::game(id) label=lang.t(Key::LiveUpdated)/>
        }
    });
    let hand_over =
        (!page.scorers.is_empty() && !page.decided).then(|| hand_over_form(&page, lang));
    let codes = page.codes.join(" ");
    let refusals = crate::domain::scoresheet::Refusal::EVERY
        .iter()
        .map(|refusal| format!("{}={}", refusal.code(), lang.t(sheet_refusal_key(*refusal))))
        .collect::<Vec<_>>()
        .join("\n");
    view! {
        {who}
        {status}
        <section class="live-sheet" id="sheet" data-phase=phase(&page) data-keeps=keeps.to_string()
            data-game=id data-codes=codes data-next=page.next_line
            data-quarter=lang.t(Key::QuarterShort) data-overtime=lang.t(Key::OvertimeShort)
            data-unsent=lang.t(Key::SheetUnsent) data-sent=lang.t(Key::SheetAllSent)
            data-choose=lang.t(Key::LiveChoosePlayer) data-refusals=refusals
            data-over=lang.t(Key::SheetEndGame)>
            // Inside the section: drawn again with it after every line the server stores.
            <ul class="games"><GameRow game=page.game.clone()/></ul>
            {scoreboard(&page, lang)}
            <p class="sheet-status" id="sheet-status" role="status" aria-live="polite"></p>
            {keeps.then(|| view! {
                <form method="post" action=format!("/actions/games/{id}/live/finish") class="over-only finish" id="sheet-finish">
                    <p class="hint">{lang.t(Key::SheetFinishHint)}</p>
                    <button type="submit" class="primary big">{lang.t(Key::SheetFinish)}</button>
                </form>
            })}
            <form method="post" action=format!("/actions/games/{id}/live/lines") id="sheet-form" class="sheet-form">
                <input type="hidden" name=fields::LINE value=page.next_line/>
                <input type="hidden" name=fields::ID value=page.next_id.clone()/>
                <p class="hint running-only">{lang.t(Key::SheetTapPlayer)}</p>
                <div class="rosters">
                    {roster(&page.home, Side::Home, keeps, lang)}
                    {roster(&page.away, Side::Away, keeps, lang)}
                </div>
                {keeps.then(|| action_bar(&page, lang))}
                {log_view(&page, lang, keeps)}
            </form>
        </section>
        {keeps.then(|| view! { <SheetKeeper/> })}
        {hand_over}
        <p><a href=format!("/games/{id}")>{lang.t(Key::Back)}</a></p>
        {watch}
    }
}

/// The score, the period, each team's fouls (and the penalty) and timeouts left.
fn scoreboard(page: &SheetPage, lang: Lang) -> impl IntoView {
    let side = |team: &SheetTeam, side: Side| {
        let code = side_code(side);
        let penalty = team.fouls >= crate::domain::scoresheet::TEAM_FOULS_FREE;
        view! {
            <div class=format!("side {code}")>
                <span class="name">{team.name.clone()}</span>
                <span class="pts" id=format!("pts-{code}")>{team.points}</span>
                <span class="tf" class:penalty=penalty id=format!("tf-{code}")>
                    {lang.t(Key::SheetFoul)} " " <b>{team.fouls}</b>
                    <em class="pen">{lang.t(Key::SheetPenalty)}</em>
                </span>
                <span class="to">
                    {lang.t(Key::SheetTimeout)} " " <b id=format!("to-{code}")>{team.timeouts_left}</b>
                </span>
            </div>
        }
    };
    let period = match (page.started, page.finished) {
        (_, true) => lang.t(Key::SheetEndGame).to_owned(),
        (true, false) => period_name(lang, page.period),
        (false, false) => String::new(),
    };
    view! {
        <div class="scoreboard">
            {side(&page.home, Side::Home)}
            <span class="period" id="period">{period}</span>
            {side(&page.away, Side::Away)}
        </div>
    }
}

/// A team's players: radio buttons when this device keeps the sheet, a list otherwise.
fn roster(team: &SheetTeam, side: Side, keeps: bool, lang: Lang) -> impl IntoView {
    let code = side_code(side);
    let players = team
        .players
        .iter()
        .map(|player| player_tile(player, code, keeps, lang))
        .collect_view();
    view! {
        <fieldset class=format!("roster {code}")>
            <legend>{team.name.clone()}</legend>
            {players}
        </fieldset>
    }
}

fn player_tile(player: &SheetPlayer, side: &str, keeps: bool, lang: Lang) -> impl IntoView {
    let value = format!("{side}.{}", player.id);
    let radio = keeps.then(|| {
        view! { <input type="radio" name=fields::PLAYER value=value.clone() disabled=player.out/> }
    });
    view! {
        <label class="player" class:out=player.out data-player=value.clone()>
            {radio}
            <span class="no">{player.number}</span>
            <span class="nm">{player.name.clone()}</span>
            <span class="fig">
                <b class="p">{player.points}</b>{lang.t(Key::SheetPointsUnit)}" · "
                <b class="f">{player.fouls}</b>{lang.t(Key::SheetFoulsUnit)}
            </span>
        </label>
    }
}

/// The action buttons: tip-off before the game, then points, fouls, timeouts and the end of
/// the period.
fn action_bar(page: &SheetPage, lang: Lang) -> impl IntoView {
    let (home, away) = (page.home.name.clone(), page.away.name.clone());
    let act = |value: &'static str, label: String, class: &'static str| {
        view! { <button type="submit" name=fields::ACT value=value class=class>{label}</button> }
    };
    // After the fourth (or an extra period) the end is the game's unless the score is level.
    let end = if page.period >= QUARTERS && page.home.points != page.away.points {
        lang.t(Key::SheetEndGame)
    } else {
        lang.t(Key::SheetEndPeriod)
    };
    view! {
        <div class="action-bar">
            <div class="waiting-only">{act("start", lang.t(Key::SheetStart).into(), "primary big")}</div>
            <div class="running-only points">
                {act("pts.1", "+1".into(), "pts")}
                {act("pts.2", "+2".into(), "pts")}
                {act("pts.3", "+3".into(), "pts")}
                {act("foul", lang.t(Key::SheetFoul).into(), "foul")}
            </div>
            <div class="running-only team">
                {act("to.home", format!("{} {home}", lang.t(Key::SheetTimeout)), "to")}
                {act("to.away", format!("{} {away}", lang.t(Key::SheetTimeout)), "to")}
                {act("end", end.into(), "end")}
            </div>
        </div>
    }
}

/// What a line did, in words: "+2 #7 张三", "犯规 #4 李四", "暂停 巷头", "第1节结束".
fn describe(page: &SheetPage, action: &Action, ended: u8, lang: Lang) -> String {
    let player = |side: Side, id: i32| {
        let team = match side {
            Side::Home => &page.home,
            Side::Away => &page.away,
        };
        team.players
            .iter()
            .find(|p| p.id == id)
            .map(|p| format!("#{} {}", p.number, p.name))
            .unwrap_or_default()
    };
    match *action {
        Action::Start => lang.t(Key::SheetStart).into(),
        Action::Score {
            side,
            player: id,
            points,
        } => format!("+{points} {}", player(side, id)),
        Action::Foul { side, player: id } => {
            format!("{} {}", lang.t(Key::SheetFoul), player(side, id))
        }
        Action::Timeout { side } => {
            let team = match side {
                Side::Home => &page.home.name,
                Side::Away => &page.away.name,
            };
            format!("{} {team}", lang.t(Key::SheetTimeout))
        }
        Action::EndPeriod => Key::SheetPeriodEnded.fill(lang, period_name(lang, ended)),
    }
}

/// The actions that stand, newest first, each with its undo button.
fn log_view(page: &SheetPage, lang: Lang, keeps: bool) -> impl IntoView {
    // Which period each end-of-period line closed: count them oldest first.
    let mut ended = 0u8;
    let mut periods: Vec<u8> = page
        .log
        .iter()
        .rev()
        .map(|(_, action)| {
            if *action == Action::EndPeriod {
                ended += 1;
                ended
            } else {
                0
            }
        })
        .collect();
    periods.reverse();
    let lines = page
        .log
        .iter()
        .zip(periods)
        .map(|((line, action), ended)| {
            let undo = keeps.then(|| {
                view! {
                    <button type="submit" name=fields::ACT value=format!("undo.{line}") class="undo"
                        aria-label=format!("{} {line}", lang.t(Key::SheetUndo))>{lang.t(Key::SheetUndo)}</button>
                }
            });
            view! {
                <li><span class="n">{*line}</span> <span class="what">{describe(page, action, ended, lang)}</span> {undo}</li>
            }
        })
        .collect_view();
    view! {
        <h2>{lang.t(Key::SheetLog)}</h2>
        <ol class="sheet-log" id="sheet-log" reversed>
            {lines}
        </ol>
    }
}

/// An organiser gives the sheet to another referee or organiser.
fn hand_over_form(page: &SheetPage, lang: Lang) -> impl IntoView {
    let options = page
        .scorers
        .iter()
        .map(|choice| view! { <option value=choice.id>{choice.name.clone()}</option> })
        .collect_view();
    view! {
        <form method="post" action=format!("/actions/games/{}/live/hand-over", page.game.id) class="row hand-over">
            <label>
                <span>{lang.t(Key::SheetHandOver)}</span>
                <select name="scorer">{options}</select>
            </label>
            <button type="submit">{lang.t(Key::SheetHandOver)}</button>
        </form>
    }
}
