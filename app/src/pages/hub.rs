//! 管理: the organiser's workspace — what needs attention now, and every organiser tool one
//! tap away. Reached from the 管理 link in the header; every organiser page links back here.
use leptos::prelude::*;

use super::{forbidden::refused, loaded};
use crate::api_changes::{get_audit, get_hub};
use crate::components::{use_lang, GameRow, Layout, PageTitle};
use crate::i18n::{Key, Lang};
use crate::model::{CompetitionSummary, GameCard, Guarded, HubData, LotsNeeded};

/// One game that needs an organiser, with the action that settles it.
fn game_line(game: GameCard, action: Key, href: String, lang: Lang) -> impl IntoView {
    view! {
        <div class="hub-game">
            <ul class="games"><GameRow game/></ul>
            <a class="button" href=href>{lang.t(action)}</a>
        </div>
    }
}

/// A tie only lots can settle: the places the draw gave, one number per team.
fn lots_form(tie: LotsNeeded, lang: Lang) -> impl IntoView {
    let count = tie.teams.len();
    let names: Vec<String> = tie.teams.iter().map(|t| t.name.clone()).collect();
    let title = Key::HubLotsTitle.fill_args(lang, &[&tie.competition, &tie.table]);
    view! {
        <h3>{title}</h3>
        <p class="hint">{Key::HubLotsHint.fill(lang, names.join("、"))}</p>
        <form method="post" action=format!("/actions/competitions/{}/lots", tie.competition_id) class="stack lots-form">
            <input type="hidden" name="stage" value=tie.stage_id/>
            {tie.pool_id.map(|pool| view! { <input type="hidden" name="pool" value=pool/> })}
            {tie.teams.into_iter().enumerate().map(|(i, team)| view! {
                <label><span>{team.name}</span>
                    <input type="number" name=format!("lot_{}", team.id) value=(i + 1).to_string()
                        min="1" max=count.to_string() inputmode="numeric" required/></label>
            }).collect_view()}
            <button type="submit" class="primary">{lang.t(Key::HubLotsRecord)}</button>
        </form>
    }
}

fn competitions_list(list: Vec<CompetitionSummary>, href: impl Fn(i32) -> String) -> impl IntoView {
    view! {
        <ul class="hub-list">
            {list
                .into_iter()
                .map(|c| view! { <li><a href=href(c.id)>{c.name}</a></li> })
                .collect_view()}
        </ul>
    }
}

fn hub_view(hub: HubData, lang: Lang) -> impl IntoView {
    let more_unreported = hub
        .unreported_total
        .saturating_sub(hub.unreported.len() as u64);
    let nothing = hub.postponed.is_empty()
        && hub.lots.is_empty()
        && hub.unreported.is_empty()
        && hub.disputed.is_empty()
        && hub.drafts.is_empty()
        && hub.pending_reports == 0
        && hub.open_requests == 0
        && hub.notices_to_approve == 0;
    let count_line = |count: u64, key: Key, href: &'static str| {
        (count > 0).then(|| {
            view! { <li><a href=href>{key.fill(lang, count)}</a></li> }
        })
    };
    let attention = view! {
        <section class="hub-attention" aria-labelledby="hub-attention">
            <h2 id="hub-attention">{lang.t(Key::HubAttention)}</h2>
            {nothing.then(|| view! { <p class="empty">{lang.t(Key::HubAllClear)}</p> })}
            {hub.lots.into_iter().map(|tie| lots_form(tie, lang)).collect_view()}
            {(!hub.postponed.is_empty()).then(|| view! {
                <h3>{lang.t(Key::HubPostponed)}</h3>
                <div class="hub-list">
                    {hub.postponed.into_iter().map(|g| {
                        let href = format!("/admin/games/{}/move", g.id);
                        game_line(g, Key::ChangeMove, href, lang)
                    }).collect_view()}
                </div>
            })}
            {(!hub.unreported.is_empty()).then(|| view! {
                <h3>{lang.t(Key::HubUnreported)}</h3>
                <div class="hub-list" id="unreported">
                    {hub.unreported.into_iter().map(|g| {
                        let href = format!("/games/{}/report", g.id);
                        game_line(g, Key::ReportScore, href, lang)
                    }).collect_view()}
                </div>
                {(more_unreported > 0).then(|| view! {
                    <p class="hint">{Key::HubMoreUnreported.fill(lang, more_unreported)}</p>
                })}
            })}
            {(!hub.disputed.is_empty()).then(|| view! {
                <h3>{lang.t(Key::HubDisputed)}</h3>
                <div class="hub-list">
                    {hub.disputed.into_iter().map(|g| {
                        let href = format!("/games/{}/report", g.id);
                        game_line(g, Key::HubSettle, href, lang)
                    }).collect_view()}
                </div>
            })}
            {(!hub.drafts.is_empty()).then(|| view! {
                <h3>{lang.t(Key::HubDrafts)}</h3>
                {competitions_list(hub.drafts, |id| format!("/admin/competitions/{id}/review"))}
            })}
            <ul class="hub-list">
                {count_line(hub.pending_reports, Key::HubPendingReports, "/fixtures")}
                {count_line(hub.open_requests, Key::HubOpenRequests, "/requests/inbox")}
                {count_line(hub.notices_to_approve, Key::HubNoticesToApprove, "/notices")}
            </ul>
        </section>
    };
    let running = (!hub.running.is_empty()).then(|| {
        view! {
            <h3>{lang.t(Key::HubRunning)}</h3>
            {competitions_list(hub.running.clone(), |id| format!("/standings?competition={id}"))}
        }
    });
    let exports = hub
        .running
        .iter()
        .chain(hub.finished.iter())
        .map(|c| {
            view! {
                <li><a href=format!("/export/competitions/{}/schedule.csv", c.id) download>
                    {Key::HubExport.fill(lang, &c.name)}
                </a></li>
            }
        })
        .collect_view();
    let court_sheets = hub
        .courts
        .iter()
        .map(|court| {
            view! {
                <li><a href=format!("/print/courts/{}", court.id)>{Key::HubPrintCourt.fill(lang, &court.name)}</a></li>
            }
        })
        .collect_view();
    let camp = match hub.camp {
        Some(camp) => view! {
            <p>{camp.name} " · " {Key::HubCampCounts.fill_args(lang, &[&camp.confirmed, &camp.waiting])}</p>
            <ul class="hub-tools">
                <li><a href="/camp/admin">{lang.t(Key::CampRoster)}</a></li>
                <li><a href=format!("/camp/admin/{}/edit", camp.id)>{lang.t(Key::CampSettings)}</a></li>
                <li><a href=format!("/camp/admin/{}/sheet", camp.id)>{lang.t(Key::CampSheet)}</a></li>
                <li><a href=format!("/camp/{}/export.csv", camp.id) download>{lang.t(Key::HubCampExport)}</a></li>
            </ul>
        }
        .into_any(),
        None => view! {
            <ul class="hub-tools"><li><a href="/camp/admin/new">{lang.t(Key::CampNew)}</a></li></ul>
        }
        .into_any(),
    };
    let court_options = hub
        .courts
        .iter()
        .map(|c| view! { <option value=c.id>{c.name.clone()}</option> })
        .collect_view();
    let rain = view! {
        <details class="hub-rain">
            <summary>{lang.t(Key::HubRain)}</summary>
            <p class="hint">{lang.t(Key::HubRainHint)}</p>
            <form method="post" action="/actions/evenings/postpone" class="stack" id="rain-form">
                <label><span>{lang.t(Key::CompDate)}</span>
                    <input type="date" name="date" value=hub.today.clone() required/></label>
                <label><span>{lang.t(Key::CompCourt)}</span>
                    <select name="court">
                        <option value="">{lang.t(Key::HubRainAllCourts)}</option>
                        {court_options}
                    </select></label>
                <button type="submit" class="danger">{lang.t(Key::HubRainButton)}</button>
            </form>
        </details>
    };
    view! {
        {attention}
        {rain}
        <section aria-labelledby="hub-season">
            <h2 id="hub-season">{lang.t(Key::HubSeason)}</h2>
            <ul class="hub-tools">
                <li><a href="/admin/competitions/new">{lang.t(Key::CompNew)}</a></li>
                <li><a href="/admin/competitions">{lang.t(Key::CompAdminTitle)}</a></li>
                <li><a href="/setup">{lang.t(Key::SetupTitle)}</a></li>
                <li><a href="/admin/referees">{lang.t(Key::RefereesTitle)}</a></li>
                <li><a href="/honours">{lang.t(Key::Honours)}</a></li>
            </ul>
            {running}
        </section>
        <section aria-labelledby="hub-people">
            <h2 id="hub-people">{lang.t(Key::HubPeople)}</h2>
            <ul class="hub-tools">
                <li><a href="/admin/people" id="people-link">{lang.t(Key::PeopleTitle)}</a></li>
                <li><a href="/requests/inbox">{lang.t(Key::RequestInbox)}</a></li>
                <li><a href="/notices">{lang.t(Key::Notices)}</a></li>
                <li><a href="/admin/audit">{lang.t(Key::AuditTitle)}</a></li>
            </ul>
        </section>
        <section aria-labelledby="hub-camp">
            <h2 id="hub-camp">{lang.t(Key::HubCamp)}</h2>
            {camp}
        </section>
        <section aria-labelledby="hub-print">
            <h2 id="hub-print">{lang.t(Key::HubPrint)}</h2>
            <ul class="hub-tools">
                <li><a href="/print/week">{lang.t(Key::HubPrintWeek)}</a></li>
                {court_sheets}
                {exports}
            </ul>
        </section>
    }
}

/// `/admin`: the organiser's workspace.
#[component]
pub fn HubPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_hub());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::HubTitle)/>
            <crate::components::Flash/>
            {loaded(data, move |answer| match answer {
                Guarded::Found(hub) => hub_view(hub, lang).into_any(),
                other => refused(&other, "/admin".into(), Key::NotFound),
            })}
        </Layout>
    }
}

/// `/admin/audit`: who changed what, newest first.
#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_audit());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::AuditTitle)/>
            <p class="hint">{lang.t(Key::AuditHint)}</p>
            {loaded(data, move |answer| match answer {
                Guarded::Found(lines) => view! {
                    <div class="table-wrap">
                        <table class="admin-table audit">
                            <thead><tr>
                                <th scope="col">{lang.t(Key::AuditWhen)}</th>
                                <th scope="col">{lang.t(Key::AuditWho)}</th>
                                <th scope="col">{lang.t(Key::AuditWhat)}</th>
                                <th scope="col">{lang.t(Key::AuditChange)}</th>
                            </tr></thead>
                            <tbody>
                                {lines.into_iter().map(|line| view! {
                                    <tr>
                                        <td>{line.at}</td>
                                        <td>{line.actor}</td>
                                        <td>{line.entity} " #" {line.entity_id} " " <code>{line.action}</code></td>
                                        <td>{line.before.unwrap_or_default()} " → " {line.after.unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any(),
                other => refused(&other, "/admin/audit".into(), Key::NotFound),
            })}
        </Layout>
    }
}
