//! 赛季设置: the organiser's season set-up — villager groups, teams and their players (with
//! a CSV import through a preview, and an export), courts with weekly availability and their
//! own blackout dates, and the association's blackout dates with the year's festivals.
//!
//! Every form is a plain post to `/actions/setup/…` (see `server/src/actions/setup.rs`); an
//! error brings the page back with `form=` naming the form, `f=field.problem,…` and what was
//! typed, which the form shows instead of the stored values.
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::forbidden::refused;
use super::{id_param, loaded};
use crate::api_setup::*;
use crate::components::form::{stored, Returned};
use crate::components::{use_lang, Flash, Layout, PageTitle};
use crate::domain::players_csv::Encoding;
use crate::i18n::{festival_key, file_problem_key, row_problem_key, weekday_key, wording, Key};
use crate::model::*;

/// A page of the set-up: title, messages, the way back to the hub, and its data.
fn setup_page<T, V>(
    title: Key,
    back: impl Fn() -> String + Copy + Send + Sync + 'static,
    missing: Key,
    data: Resource<Result<Guarded<T>, ServerFnError>>,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let lang = use_lang();
    view! {
        <Layout>
            <PageTitle text=lang.t(title)/>
            <p class="links setup-nav"><a href="/setup">{format!("← {}", lang.t(Key::SetupTitle))}</a></p>
            <Flash/>
            {loaded(data, move |answer| match answer {
                Guarded::Found(value) => render(value).into_any(),
                other => refused(&other, back(), missing),
            })}
        </Layout>
    }
}

fn choices(list: &[Choice]) -> Vec<(String, String)> {
    list.iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect()
}

fn division_key(division: Division) -> Key {
    match division {
        Division::Men => Key::DivisionMen,
        Division::Women => Key::DivisionWomen,
        Division::Youth => Key::DivisionYouth,
        Division::Veterans => Key::DivisionVeterans,
    }
}

const DIVISIONS: [Division; 4] = [
    Division::Men,
    Division::Women,
    Division::Youth,
    Division::Veterans,
];

/// A small form with one button that posts to `action` (remove, block…).
fn button_form(action: String, label: String, class: &'static str) -> impl IntoView {
    view! {
        <form method="post" action=action class="inline">
            <button type="submit" class=class>{label}</button>
        </form>
    }
}

// ---- /setup ----

/// `/setup`: the organiser's workspace.
#[component]
pub fn SetupPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_setup_hub());
    setup_page(
        Key::SetupTitle,
        || "/setup".into(),
        Key::NotFound,
        data,
        hub_view,
    )
}

fn hub_view(hub: SetupHub) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::setup::Problem>);
    let card = move |href: &'static str, title: Key, facts: String| {
        view! {
            <li>
                <a href=href><strong>{lang.t(title)}</strong></a>
                <span class="facts">{facts}</span>
            </li>
        }
    };
    view! {
        <p class="hint">{lang.t(Key::SetupHint)}</p>
        <form method="post" action="/actions/setup/association" class="row rename" id="association">
            {back.of("association").input("name", Key::AssociationName, "text").stored(&hub.association).required().view()}
            <button type="submit">{lang.t(Key::SaveChanges)}</button>
        </form>
        <ul class="setup-hub">
            {card("/setup/groups", Key::SetupGroups, Key::SetupCount.fill(lang, hub.groups))}
            {card("/setup/teams", Key::SetupTeams, format!(
                "{} · {}",
                Key::TeamsCount.fill(lang, hub.teams),
                Key::PlayersCount.fill(lang, hub.players)
            ))}
            {card("/setup/courts", Key::SetupCourts, Key::SetupCount.fill(lang, hub.courts))}
            {card("/setup/calendar", Key::SetupCalendar, Key::SetupCount.fill(lang, hub.blackouts))}
        </ul>
    }
}

// ---- /setup/groups ----

#[component]
pub fn SetupGroupsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_setup_groups());
    setup_page(
        Key::SetupGroups,
        || "/setup/groups".into(),
        Key::NotFound,
        data,
        groups_view,
    )
}

fn groups_view(groups: Vec<SetupGroupLine>) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::setup::Problem>);
    let list = if groups.is_empty() {
        view! { <p class="empty">{lang.t(Key::NoGroupsYet)}</p> }.into_any()
    } else {
        let rows = groups
            .into_iter()
            .map(|g| {
                let form = format!("group-{}", g.id);
                view! {
                    <li>
                        <form method="post" action=format!("/actions/setup/groups/{}", g.id)
                            class="row rename" id=form.clone()>
                            {back.of(&form).input("name", Key::GroupName, "text").stored(&g.name).required().view()}
                            <button type="submit">{lang.t(Key::Rename)}</button>
                        </form>
                        <span class="facts">{Key::TeamsCount.fill(lang, g.teams)}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="setup-list">{rows}</ul> }.into_any()
    };
    view! {
        {list}
        <h2>{lang.t(Key::GroupAdd)}</h2>
        <form method="post" action="/actions/setup/groups" class="stack" id="group-add">
            {back.of("group-add").input("name", Key::GroupName, "text").required().view()}
            <button type="submit" class="primary">{lang.t(Key::GroupAdd)}</button>
        </form>
    }
}

// ---- /setup/teams ----

#[component]
pub fn SetupTeamsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_setup_teams());
    setup_page(
        Key::SetupTeams,
        || "/setup/teams".into(),
        Key::NotFound,
        data,
        teams_view,
    )
}

/// The team form's fields (add and edit).
fn team_fields(
    back: &Returned,
    values: &[(String, String)],
    groups: &[Choice],
    courts: &[Choice],
) -> impl IntoView {
    let lang = use_lang();
    let divisions = DIVISIONS
        .iter()
        .map(|d| (d.as_str().to_owned(), lang.t(division_key(*d)).to_owned()))
        .collect();
    view! {
        {back.input("name", Key::TeamName, "text").stored(stored(values, "name")).required().view()}
        {back.input("short_name", Key::ShortName, "text").stored(stored(values, "short_name")).view()}
        {back.select("division", Key::DivisionLabel, stored(values, "division"), None, divisions)}
        {back.select("group_id", Key::FilterGroup, stored(values, "group_id"), Some(Key::ChooseOne), choices(groups))}
        {back.select("home_court_id", Key::HomeCourtOptional, stored(values, "home_court_id"), Some(Key::NoneChoice), choices(courts))}
    }
}

fn teams_view(data: SetupTeams) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::setup::Problem>);
    let sections = DIVISIONS
        .iter()
        .filter_map(|division| {
            let teams: Vec<&SetupTeamLine> =
                data.teams.iter().filter(|t| t.division == *division).collect();
            if teams.is_empty() {
                return None;
            }
            let rows = teams
                .into_iter()
                .map(|t| {
                    let court = t
                        .home_court
                        .clone()
                        .map(|c| format!(" · {}: {c}", lang.t(Key::HomeCourt)))
                        .unwrap_or_default();
                    view! {
                        <li>
                            <a href=format!("/setup/teams/{}", t.id)><strong>{t.name.clone()}</strong></a>
                            <span class="facts">
                                {format!("{} · {}{court}", t.group, Key::PlayersCount.fill(lang, t.players))}
                            </span>
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <h2>{lang.t(division_key(*division))}</h2>
                <ul class="setup-list">{rows}</ul>
            })
        })
        .collect_view();
    let empty = data
        .teams
        .is_empty()
        .then(|| view! { <p class="empty">{lang.t(Key::NoTeams)}</p> });
    let no_groups = data.groups.is_empty().then(|| {
        view! { <p class="hint"><a href="/setup/groups">{lang.t(Key::GroupAdd)}</a></p> }
    });
    let defaults = vec![("division".to_owned(), "men".to_owned())];
    view! {
        {empty}
        {sections}
        <h2>{lang.t(Key::TeamAdd)}</h2>
        {no_groups}
        <form method="post" action="/actions/setup/teams" class="stack" id="team-add">
            {team_fields(&back.of("team-add"), &defaults, &data.groups, &data.courts)}
            <button type="submit" class="primary">{lang.t(Key::TeamAdd)}</button>
        </form>
    }
}

// ---- /setup/teams/:id ----

#[component]
pub fn SetupTeamPage() -> impl IntoView {
    let id = id_param();
    let data = Resource::new(id, get_setup_team);
    setup_page(
        Key::SetupTeams,
        move || format!("/setup/teams/{}", id()),
        Key::NoSuchTeam,
        data,
        team_view,
    )
}

fn team_view(team: SetupTeam) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::setup::Problem>);
    let player = back.of("player-add");
    let id = team.id;
    let roster = if team.players.is_empty() {
        view! { <p class="empty">{lang.t(Key::NoPlayers)}</p> }.into_any()
    } else {
        let rows = team
            .players
            .iter()
            .map(|p| {
                view! {
                    <tr>
                        <td class="n">{p.number}</td>
                        <td>{p.name.clone()}</td>
                        <td>{p.birth_year.map(|y| y.to_string()).unwrap_or_default()}</td>
                        <td class="actions">
                            {button_form(format!("/actions/setup/players/{}/remove", p.id), lang.t(Key::Remove).into(), "small")}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="roster">
                    <thead><tr>
                        <th class="n">"#"</th>
                        <th>{lang.t(Key::PlayerName)}</th>
                        <th>{lang.t(Key::BirthYearOptional)}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let import_failed = (back.form() == Some("import"))
        .then(|| use_query_map().read_untracked().get("e"))
        .flatten()
        .and_then(|code| Key::from_code(&code))
        .map(|key| view! { <span class="field-error" role="alert">{lang.t(key)}</span> });
    view! {
        <h2>{team.name.clone()}</h2>
        <p class="links">
            <a href=format!("/teams/{id}")>{lang.t(Key::Teams)}</a>
            <a href=format!("/setup/teams/{id}/players.csv") download="" id="roster-export">{lang.t(Key::ExportCsv)}</a>
        </p>
        <form method="post" action=format!("/actions/setup/teams/{id}") class="stack" id="team-edit">
            {team_fields(&back.of("team-edit"), &team.values, &team.groups, &team.courts)}
            <button type="submit" class="primary">{lang.t(Key::TeamSave)}</button>
        </form>
        <h2>{format!("{} · {}", lang.t(Key::Roster), Key::PlayersCount.fill(lang, team.players.len()))}</h2>
        {roster}
        <h3>{lang.t(Key::PlayerAdd)}</h3>
        <form method="post" action=format!("/actions/setup/teams/{id}/players") class="stack" id="player-add">
            {player.input("name", Key::PlayerName, "text").required().view()}
            <div class="pair">
                {player.input("number", Key::JerseyNumber, "number").required().range(0, 99).view()}
                {player.input("birth_year", Key::BirthYearOptional, "number").range(1930, 2100).view()}
            </div>
            <button type="submit" class="primary">{lang.t(Key::PlayerAdd)}</button>
        </form>
        <h3>{lang.t(Key::ImportTitle)}</h3>
        <p class="hint">{lang.t(Key::ImportHint)}</p>
        <form method="post" action=format!("/actions/setup/teams/{id}/import") enctype="multipart/form-data"
            class="stack" id="player-import">
            <label>
                <span>{lang.t(Key::ImportFile)}</span>
                <input type="file" name="file" accept=".csv,.txt,text/csv,text/plain"/>
            </label>
            <label>
                <span>{lang.t(Key::ImportPaste)}</span>
                <textarea name="csv" rows="5" placeholder="姓名,号码,出生年份"></textarea>
            </label>
            {import_failed}
            <button type="submit">{lang.t(Key::ImportPreviewButton)}</button>
        </form>
        <h3>{lang.t(Key::TeamBlackouts)}</h3>
        <p class="hint">{lang.t(Key::TeamBlackoutsHint)}</p>
        {blackout_list(&team.blackouts, None, "/actions/setup/team-blackouts")}
        {blackout_form(&back, "team-blackout", format!("/actions/setup/teams/{id}/blackouts"))}
        <h3>{lang.t(Key::InviteCreate)}</h3>
        <p class="hint">{lang.t(Key::InviteCaptainHint)}</p>
        <form method="post" action="/actions/people/links" id="captain-invite">
            <input type="hidden" name="role" value="captain"/>
            <input type="hidden" name="team" value=id/>
            <button type="submit">{lang.t(Key::InviteCreate)}</button>
        </form>
    }
}

// ---- /setup/teams/:id/import/:import ----

#[component]
pub fn SetupImportPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        let params = params.read();
        let number = |name: &str| {
            params
                .get(name)
                .and_then(|v| v.parse::<i32>().ok())
                .unwrap_or(0)
        };
        (number("id"), number("import"))
    };
    let data = Resource::new(ids, |(team, import)| get_import_preview(team, import));
    setup_page(
        Key::ImportPreviewTitle,
        move || {
            let (team, import) = ids();
            format!("/setup/teams/{team}/import/{import}")
        },
        Key::ImportGone,
        data,
        preview_view,
    )
}

fn preview_view(preview: ImportPreview) -> impl IntoView {
    let lang = use_lang();
    let team_page = format!("/setup/teams/{}", preview.team_id);
    let body = match preview.result {
        Err(problem) => view! {
            <p class="error" role="alert" id="import-problem">{lang.t(file_problem_key(problem))}</p>
        }
        .into_any(),
        Ok(read) => {
            let ok = read.valid().count();
            let bad = read.invalid_count();
            let encoding = match read.encoding {
                Encoding::Utf8 | Encoding::Utf8Bom => Key::EncodingUtf8,
                Encoding::Gbk => Key::EncodingGbk,
                Encoding::Utf16 => Key::EncodingUtf16,
            };
            let rows = read
                .rows
                .into_iter()
                .map(|row| {
                    let (class, check) = match &row.result {
                        Ok(_) => ("ok", lang.t(Key::RowOk).to_owned()),
                        Err(problems) => (
                            "bad",
                            problems
                                .iter()
                                .map(|p| lang.t(row_problem_key(*p)))
                                .collect::<Vec<_>>()
                                .join("；"),
                        ),
                    };
                    view! {
                        <tr class=class>
                            <td class="n">{row.line}</td>
                            <td>{row.name}</td>
                            <td>{row.number}</td>
                            <td>{row.birth_year}</td>
                            <td class="check">{check}</td>
                        </tr>
                    }
                })
                .collect_view();
            let commit = (ok > 0).then(|| {
                view! {
                    <form method="post" id="import-commit"
                        action=format!("/actions/setup/teams/{}/import/{}", preview.team_id, preview.import_id)>
                        <button type="submit" class="primary big">{lang.t(Key::ImportCommit)}</button>
                    </form>
                }
            });
            view! {
                <p class="facts">{lang.t(encoding)}</p>
                <p class="summary">
                    <strong class="ok">{Key::ImportOkCount.fill(lang, ok)}</strong>
                    " · "
                    <strong class="bad">{Key::ImportBadCount.fill(lang, bad)}</strong>
                </p>
                <p class="notice">{lang.t(Key::ImportRule)}</p>
                <div class="table-scroll">
                    <table class="import-preview">
                        <thead><tr>
                            <th class="n">{lang.t(Key::LineColumn)}</th>
                            <th>{lang.t(Key::PlayerName)}</th>
                            <th>{lang.t(Key::JerseyNumber)}</th>
                            <th>{lang.t(Key::BirthYearOptional)}</th>
                            <th>{lang.t(Key::ProblemColumn)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {commit}
            }
            .into_any()
        }
    };
    view! {
        <h2>{preview.team.clone()}</h2>
        {body}
        <p class="links"><a href=team_page>{lang.t(Key::ImportAgain)}</a></p>
    }
}

// ---- /setup/courts ----

#[component]
pub fn SetupCourtsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_setup_courts());
    setup_page(
        Key::SetupCourts,
        || "/setup/courts".into(),
        Key::NotFound,
        data,
        courts_view,
    )
}

fn court_fields(back: &Returned, values: &[(String, String)], groups: &[Choice]) -> impl IntoView {
    let lang = use_lang();
    let lights = if back.came_back() {
        back.sent("has_lights").is_some()
    } else {
        stored(values, "has_lights") == "on"
    };
    view! {
        {back.input("name", Key::CourtName, "text").stored(stored(values, "name")).required().view()}
        {back.select("group_id", Key::CourtOwner, stored(values, "group_id"), Some(Key::NoneChoice), choices(groups))}
        <label class="check">
            <input type="checkbox" name="has_lights" value="on" checked=lights/>
            <span>{lang.t(Key::CourtLights)}</span>
        </label>
        {back.input("games_per_evening", Key::GamesPerEvening, "number").stored(stored(values, "games_per_evening")).required().range(1, 6).view()}
    }
}

fn courts_view(data: SetupCourts) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::setup::Problem>);
    let list = if data.courts.is_empty() {
        view! { <p class="empty">{lang.t(Key::NoCourtsYet)}</p> }.into_any()
    } else {
        let rows = data
            .courts
            .iter()
            .map(|c| {
                let mut facts = vec![];
                if let Some(group) = &c.group {
                    facts.push(group.clone());
                }
                if c.has_lights {
                    facts.push(lang.t(Key::Lights).to_owned());
                }
                facts.push(format!("{} {}", lang.t(Key::GamesPerEvening), c.games_per_evening));
                facts.push(Key::WindowsCount.fill(lang, c.windows));
                view! {
                    <li>
                        <a href=format!("/setup/courts/{}", c.id)><strong>{c.name.clone()}</strong></a>
                        <span class="facts">{facts.join(" · ")}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="setup-list">{rows}</ul> }.into_any()
    };
    let defaults = vec![("games_per_evening".to_owned(), "2".to_owned())];
    view! {
        {list}
        <h2>{lang.t(Key::CourtAdd)}</h2>
        <form method="post" action="/actions/setup/courts" class="stack" id="court-add">
            {court_fields(&back.of("court-add"), &defaults, &data.groups)}
            <button type="submit" class="primary">{lang.t(Key::CourtAdd)}</button>
        </form>
    }
}

// ---- /setup/courts/:id ----

#[component]
pub fn SetupCourtPage() -> impl IntoView {
    let id = id_param();
    let data = Resource::new(id, get_setup_court);
    setup_page(
        Key::SetupCourts,
        move || format!("/setup/courts/{}", id()),
        Key::NoSuchCourt,
        data,
        court_view,
    )
}

/// The blackout form (one day, or a range when `to` is filled).
fn blackout_form(back: &Returned, form: &'static str, action: String) -> impl IntoView {
    let lang = use_lang();
    let back = back.of(form);
    view! {
        <form method="post" action=action class="stack" id=form>
            <div class="pair">
                {back.input("from", Key::BlackoutFrom, "date").required().view()}
                {back.input("to", Key::BlackoutTo, "date").view()}
            </div>
            {back.input("reason", Key::ReasonLabel, "text").required().view()}
            <button type="submit" class="primary">{lang.t(Key::BlackoutAdd)}</button>
        </form>
    }
}

/// The blackout days, each with its remove button (`{remove}/ID/remove`).
fn blackout_list(blackouts: &[BlackoutLine], year: Option<i32>, remove: &'static str) -> AnyView {
    let lang = use_lang();
    if blackouts.is_empty() {
        return view! { <p class="empty">{lang.t(Key::NoBlackouts)}</p> }.into_any();
    }
    let rows = blackouts
        .iter()
        .map(|b| {
            view! {
                <li>
                    <time>{b.on_date.clone()}</time>" "<span>{b.reason.clone()}</span>
                    <form method="post" action=format!("{remove}/{}/remove", b.id) class="inline">
                        {year.map(|year| view! { <input type="hidden" name="year" value=year/> })}
                        <button type="submit" class="small">{lang.t(Key::Remove)}</button>
                    </form>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="setup-list blackouts">{rows}</ul> }.into_any()
}

fn court_view(court: SetupCourt) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::setup::Problem>);
    let window = back.of("window-add");
    let id = court.id;
    let windows = if court.windows.is_empty() {
        view! { <p class="empty">{lang.t(Key::NoWindows)}</p> }.into_any()
    } else {
        let rows = court
            .windows
            .iter()
            .map(|w| {
                view! {
                    <li>
                        <strong>{lang.t(weekday_key(w.weekday))}</strong>" "
                        <span>{format!("{}–{}", w.starts_at, w.ends_at)}</span>
                        {button_form(format!("/actions/setup/windows/{}/remove", w.id), lang.t(Key::Remove).into(), "small")}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="setup-list windows">{rows}</ul> }.into_any()
    };
    let weekdays = (1..=7)
        .map(|d: i16| (d.to_string(), lang.t(weekday_key(d)).to_owned()))
        .collect();
    view! {
        <h2>{court.name.clone()}</h2>
        <form method="post" action=format!("/actions/setup/courts/{id}") class="stack" id="court-edit">
            {court_fields(&back.of("court-edit"), &court.values, &court.groups)}
            <button type="submit" class="primary">{lang.t(Key::CourtSave)}</button>
        </form>
        <h2>{lang.t(Key::Availability)}</h2>
        {windows}
        <form method="post" action=format!("/actions/setup/courts/{id}/windows") class="stack" id="window-add">
            {window.select("weekday", Key::WeekdayLabel, "6", None, weekdays)}
            <div class="pair">
                {window.input("starts_at", Key::StartsAtLabel, "time").stored("19:00").required().view()}
                {window.input("ends_at", Key::EndsAtLabel, "time").stored("22:00").required().view()}
            </div>
            <button type="submit" class="primary">{lang.t(Key::WindowAdd)}</button>
        </form>
        <h2>{lang.t(Key::CourtBlackouts)}</h2>
        {blackout_list(&court.blackouts, None, "/actions/setup/blackouts")}
        {blackout_form(&back, "court-blackout", format!("/actions/setup/courts/{id}/blackouts"))}
    }
}

// ---- /setup/calendar ----

#[component]
pub fn SetupCalendarPage() -> impl IntoView {
    let query = use_query_map();
    let year = move || query.read().get("year").and_then(|y| y.parse::<i32>().ok());
    let data = Resource::new(year, get_setup_calendar);
    setup_page(
        Key::SetupCalendar,
        || "/setup/calendar".into(),
        Key::NotFound,
        data,
        calendar_view,
    )
}

fn calendar_view(calendar: SetupCalendar) -> impl IntoView {
    let lang = use_lang();
    let back = Returned::read(wording::<crate::domain::setup::Problem>);
    let year = calendar.year;
    let festivals = calendar
        .festivals
        .iter()
        .map(|f| {
            let action = if f.blocked {
                view! { <span class="done">{lang.t(Key::FestivalBlocked)}</span> }.into_any()
            } else {
                view! {
                    <form method="post" action="/actions/setup/festivals" class="inline">
                        <input type="hidden" name="year" value=year/>
                        <input type="hidden" name="festival" value=f.festival.code()/>
                        <button type="submit" class="small">{lang.t(Key::FestivalBlock)}</button>
                    </form>
                }
                .into_any()
            };
            view! {
                <li class="festival" data-festival=f.festival.code()>
                    <strong>{lang.t(festival_key(f.festival))}</strong>" "
                    <time>{f.date.clone()}</time>
                    {action}
                </li>
            }
        })
        .collect_view();
    view! {
        <form method="get" action="/setup/calendar" class="filters">
            <label>
                <span>{lang.t(Key::YearLabel)}</span>
                <input type="number" name="year" value=year min="1950" max="2100" inputmode="numeric"/>
            </label>
            <button type="submit">{lang.t(Key::ShowYear)}</button>
        </form>
        <h2>{Key::FestivalsOfYear.fill(lang, year)}</h2>
        <p class="hint">{lang.t(Key::FestivalsComputed)}</p>
        <ul class="setup-list festivals">{festivals}</ul>
        <h2>{lang.t(Key::AssociationBlackouts)}</h2>
        {blackout_list(&calendar.blackouts, Some(year), "/actions/setup/blackouts")}
        <p class="hint">{lang.t(Key::FarmingHint)}</p>
        {blackout_form(&back, "blackout-add", "/actions/setup/blackouts".into())}
    }
}
