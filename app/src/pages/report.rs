//! 填报比分: the phone score form, and the other captain's confirm / dispute.
//!
//! A plain form that works without JavaScript; the [`Outbox`](crate::components::Outbox)
//! island (in the layout for signed-in users) keeps a report on the phone when the signal is gone and sends it when it returns.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{id_param, loaded, missing};
use crate::api::get_report_state;
use crate::components::form::Returned;
use crate::components::{use_lang, Flash, GameRow, Layout, PageTitle};
use crate::domain::score::fields::{
    ANSWER, AWAY, COMMENT, HOME, KEY, OUTCOME, OVERTIMES, QUARTERS, REPORT, VERSION,
};
use crate::domain::score::{box_field, fouls_field, points_field, Side};
use crate::i18n::{wording, Key};
use crate::model::{OpenReport, Outcome, ReportState, ReportStatus, RosterPlayer};

#[component]
pub fn ReportPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param();
    let data = Resource::new(id, get_report_state);
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::ReportScore)/>
            <Flash/>
            {loaded(data, move |state| match state {
                None if crate::auth::viewer().is_none() => view! {
                    <p>{lang.t(Key::NeedSignIn)}</p>
                    <p><a class="button primary" href=format!("/signin?next=/games/{}/report", id())>{lang.t(Key::SignIn)}</a></p>
                }
                .into_any(),
                None => missing(Key::NoSuchGame),
                Some(state) => form_for(state).into_any(),
            })}
        </Layout>
    }
}

fn form_for(state: ReportState) -> impl IntoView {
    let lang = use_lang();
    let game_id = state.game.id;
    let open = state.open.clone().map(|open| open_block(&state, open));
    let blocked = state
        .blocked
        .as_deref()
        .and_then(Key::from_code)
        .map(|key| view! { <p class="notice">{lang.t(key)}</p> });
    let form = state.may_report.then(|| score_form(&state));
    view! {
        <ul class="games"><GameRow game=state.game.clone()/></ul>
        {blocked}
        {open}
        {form}
        <p><a href=format!("/games/{game_id}")>{lang.t(Key::Back)}</a></p>
    }
}

fn outcome_label(outcome: Outcome) -> Key {
    match outcome {
        Outcome::Played => Key::OutcomePlayed,
        Outcome::ForfeitByHome => Key::OutcomeForfeitByHome,
        Outcome::ForfeitByAway => Key::OutcomeForfeitByAway,
        Outcome::DefaultByHome => Key::OutcomeDefaultByHome,
        Outcome::DefaultByAway => Key::OutcomeDefaultByAway,
    }
}

/// The report waiting for an answer, and the answer buttons when the viewer may answer.
fn open_block(state: &ReportState, open: OpenReport) -> impl IntoView {
    let lang = use_lang();
    let by = if open.by.is_empty() {
        lang.t(Key::ReportedByOrganiser).to_owned()
    } else {
        open.by.clone()
    };
    let headline = match open.status {
        ReportStatus::Disputed => {
            Key::DisputedBy.fill(lang, open.comment.clone().unwrap_or_default())
        }
        _ => Key::AwaitingConfirmation.fill(lang, by),
    };
    let periods = (!open.periods.is_empty()).then(|| {
        let text = open
            .periods
            .iter()
            .map(|(h, a)| format!("{h}:{a}"))
            .collect::<Vec<_>>()
            .join(" · ");
        view! { <p class="periods-line">{text}</p> }
    });
    let name = |team: &Option<crate::model::TeamRef>| {
        team.as_ref().map(|t| t.name.clone()).unwrap_or_default()
    };
    let box_score = (!open.box_score.is_empty()).then(|| {
        super::game::box_score_view(
            open.box_score.clone(),
            name(&state.game.home),
            name(&state.game.away),
        )
    });
    let action = format!("/actions/games/{}/answer", state.game.id);
    let comment = use_query_map()
        .read_untracked()
        .get(COMMENT)
        .unwrap_or_default();
    let answer = state.may_answer.then(|| {
        view! {
            <form method="post" action=action.clone() class="stack">
                <input type="hidden" name=REPORT value=open.id/>
                <input type="hidden" name=VERSION value=state.version/>
                <button type="submit" name=ANSWER value="confirm" class="primary big">{lang.t(Key::Confirm)}</button>
            </form>
            <form method="post" action=action class="stack">
                <input type="hidden" name=REPORT value=open.id/>
                <input type="hidden" name=VERSION value=state.version/>
                <label>
                    <span>{lang.t(Key::DisputeComment)}</span>
                    <textarea name=COMMENT rows="3" maxlength="500" required>{comment}</textarea>
                </label>
                <button type="submit" name=ANSWER value="dispute">{lang.t(Key::Dispute)}</button>
            </form>
        }
    });
    view! {
        <section class="open-report" aria-label=lang.t(Key::ProvisionalResult)>
            <p class="notice">{headline}</p>
            <p class="big-score">{format!("{} : {}", open.home, open.away)}</p>
            <p class="facts">{lang.t(outcome_label(open.outcome))}</p>
            {periods}
            {box_score}
            {answer}
        </section>
    }
}

/// The score form, filled with what was typed when the server sent it back with errors.
fn score_form(state: &ReportState) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::score::Problem>);
    let typed = |name: &str| back.typed(name);
    let home = state
        .game
        .home
        .as_ref()
        .map(|team| team.name.clone())
        .unwrap_or_default();
    let away = state
        .game
        .away
        .as_ref()
        .map(|team| team.name.clone())
        .unwrap_or_default();
    let number = |name: &str, label: String, big: bool| {
        view! {
            <label class:big=big class:invalid=back.problem(name).is_some()>
                <span>{label}</span>
                <input
                    id=format!("f-{name}")
                    value=typed(name)
                    name=name.to_owned()
                    inputmode="numeric"
                    pattern="[0-9０-９]*"
                    maxlength="3"
                    autocomplete="off"
                    aria-invalid=back.invalid(name)
                    aria-describedby=back.error_id(name)
                />
                {back.described_error(name)}
            </label>
        }
    };
    let chosen = typed(OUTCOME);
    let outcomes = [
        Outcome::Played,
        Outcome::ForfeitByHome,
        Outcome::ForfeitByAway,
        Outcome::DefaultByHome,
        Outcome::DefaultByAway,
    ]
    .into_iter()
    .map(|outcome| {
        let selected = chosen == outcome.as_str();
        view! { <option value=outcome.as_str() selected=selected>{lang.t(outcome_label(outcome))}</option> }
    })
    .collect_view();
    let is_period = |name: &str| {
        QUARTERS
            .iter()
            .chain(&OVERTIMES)
            .any(|(h, a)| name == *h || name == *a)
    };
    let periods_typed = back.errors().iter().any(|(field, _)| is_period(field))
        || [QUARTERS[0].0, QUARTERS[0].1, OVERTIMES[0].0]
            .iter()
            .any(|name| !typed(name).is_empty());
    let quarter = |n: usize| {
        let (h, a) = QUARTERS[n - 1];
        let label = Key::QuarterShort.fill(lang, n);
        view! {
            <div class="pair">
                {number(h, format!("{label} · {home}"), false)}
                {number(a, format!("{label} · {away}"), false)}
            </div>
        }
    };
    let overtime = |n: usize| {
        let (h, a) = OVERTIMES[n - 1];
        let label = Key::OvertimeShort.fill(lang, n);
        view! {
            <div class="pair">
                {number(h, format!("{label} · {home}"), false)}
                {number(a, format!("{label} · {away}"), false)}
            </div>
        }
    };
    // The optional box score: one row per player of each roster.
    let box_typed =
        back.errors().iter().any(|(field, _)| {
            crate::domain::score::is_box_field(field)
                || [box_field(Side::Home), box_field(Side::Away)].contains(&field.as_str())
        }) || state.home_roster.iter().chain(&state.away_roster).any(|p| {
            !typed(&points_field(p.id)).is_empty() || !typed(&fouls_field(p.id)).is_empty()
        });
    let box_team = |side: Side, team: &str, roster: &[RosterPlayer]| {
        let rows = roster
            .iter()
            .map(|p| {
                view! {
                    <div class="box-row">
                        <span class="player"><span class="number">{p.number}</span>" "{p.name.clone()}</span>
                        {number(&points_field(p.id), format!("{} · {} {}", lang.t(Key::PlayerPoints), p.number, p.name), false)}
                        {number(&fouls_field(p.id), format!("{} · {} {}", lang.t(Key::FoulsShort), p.number, p.name), false)}
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset class="box-team">
                <legend>{team.to_owned()}</legend>
                {back.error(box_field(side))}
                <div class="box-row box-head" aria-hidden="true">
                    <span>{lang.t(Key::PlayerColumn)}</span>
                    <span>{lang.t(Key::PlayerPoints)}</span>
                    <span>{lang.t(Key::FoulsShort)}</span>
                </div>
                {rows}
            </fieldset>
        }
    };
    let box_score = (!state.home_roster.is_empty() || !state.away_roster.is_empty()).then(|| {
        view! {
            <details open=box_typed class="box-entry">
                <summary>{lang.t(Key::BoxScoreOptional)}</summary>
                <p class="facts">{lang.t(Key::BoxScoreHint)}</p>
                {box_team(Side::Home, &home, &state.home_roster)}
                {box_team(Side::Away, &away, &state.away_roster)}
            </details>
        }
    });
    view! {
        <form method="post" action=format!("/actions/games/{}/report", state.game.id) class="stack score-form" id="score-form" novalidate>
            <input type="hidden" name=VERSION value=state.version/>
            <input type="hidden" name=KEY value=state.key.clone()/>
            <div class="pair">
                {number(HOME, format!("{} · {}", lang.t(Key::HomeTeamScore), home), true)}
                {number(AWAY, format!("{} · {}", lang.t(Key::AwayTeamScore), away), true)}
            </div>
            <label>
                <span>{lang.t(Key::OutcomeLabel)}</span>
                <select name=OUTCOME>{outcomes}</select>
                {back.error(OUTCOME)}
            </label>
            <details open=periods_typed>
                <summary>{lang.t(Key::Quarters)}</summary>
                {(1..=4).map(quarter).collect_view()}
                <p class="facts">{lang.t(Key::Overtime)}</p>
                {(1..=2).map(overtime).collect_view()}
            </details>
            {box_score}
            <button type="submit" class="primary big">{lang.t(Key::Submit)}</button>
        </form>
    }
}
