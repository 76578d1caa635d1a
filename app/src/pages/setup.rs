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
use crate::components::{use_lang, Flash, Layout, PageTitle};
use crate::domain::players_csv::Encoding;
use crate::i18n::{
    festival_key, file_problem_key, row_problem_key, setup_problem_key, weekday_key, Key,
};
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

/// What the server sent back with a refused form: which form, its errors, what was typed.
#[derive(Clone)]
struct Back {
    form: Option<String>,
    errors: Vec<(String, String)>,
    query: leptos_router::params::ParamsMap,
}

impl Back {
    fn read() -> Back {
        let query = super::query_with_returned_form();
        let errors = query
            .get("f")
            .unwrap_or_default()
            .split(',')
            .filter_map(|pair| pair.split_once('.'))
            .map(|(f, p)| (f.to_owned(), p.to_owned()))
            .collect();
        Back {
            form: query.get("form"),
            errors,
            query,
        }
    }

    fn returned(&self, form: &str) -> bool {
        self.form.as_deref() == Some(form) && self.query.get("f").is_some()
    }

    /// What the input shows: what was typed when this form came back, else `stored`.
    fn value(&self, form: &str, name: &str, stored: &str) -> String {
        if self.returned(form) {
            self.query.get(name).unwrap_or_default()
        } else {
            stored.to_owned()
        }
    }

    fn error(&self, form: &str, name: &str) -> Option<AnyView> {
        let lang = use_lang();
        if self.form.as_deref() != Some(form) {
            return None;
        }
        self.errors
            .iter()
            .find(|(field, _)| field == name)
            .map(|(field, problem)| {
                view! {
                    <span class="field-error" role="alert">{lang.t(setup_problem_key(field, problem))}</span>
                }
                .into_any()
            })
    }
}

/// A labelled input of `form`, showing its stored or typed value and its error.
#[allow(clippy::too_many_arguments)]
fn input(
    back: &Back,
    form: &str,
    name: &'static str,
    label: Key,
    stored: &str,
    kind: &'static str,
    required: bool,
    range: Option<(i32, i32)>,
) -> impl IntoView {
    let lang = use_lang();
    let error = back.error(form, name);
    let invalid = error.is_some().then_some("true");
    let numeric = (kind == "number").then_some("numeric");
    view! {
        <label>
            <span>{lang.t(label)}</span>
            <input type=kind name=name value=back.value(form, name, stored) aria-invalid=invalid
                required=required inputmode=numeric min=range.map(|r| r.0) max=range.map(|r| r.1)
                autocomplete="off"/>
            {error}
        </label>
    }
}

/// A labelled pick list; `blank`: the label of an empty first choice, if one is allowed.
fn select(
    back: &Back,
    form: &str,
    name: &'static str,
    label: Key,
    stored: &str,
    blank: Option<Key>,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let error = back.error(form, name);
    let invalid = error.is_some().then_some("true");
    let current = back.value(form, name, stored);
    let blank = blank.map(|key| {
        view! { <option value="" selected=current.is_empty()>{lang.t(key)}</option> }
    });
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let selected = value == current;
            view! { <option value=value selected=selected>{text}</option> }
        })
        .collect_view();
    view! {
        <label>
            <span>{lang.t(label)}</span>
            <select name=name aria-invalid=invalid>{blank}{options}</select>
            {error}
        </label>
    }
}

fn choices(list: &[Choice]) -> Vec<(String, String)> {
    list.iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect()
}

fn stored<'a>(values: &'a [(String, String)], name: &str) -> &'a str {
    values
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .unwrap_or("")
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
    let back = Back::read();
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
            {input(&back, "association", "name", Key::AssociationName, &hub.association, "text", true, None)}
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
    let back = Back::read();
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
                            {input(&back, &form, "name", Key::GroupName, &g.name, "text", true, None)}
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
            {input(&back, "group-add", "name", Key::GroupName, "", "text", true, None)}
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
    back: &Back,
    form: &str,
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
        {input(back, form, "name", Key::TeamName, stored(values, "name"), "text", true, None)}
        {input(back, form, "short_name", Key::ShortName, stored(values, "short_name"), "text", false, None)}
        {select(back, form, "division", Key::DivisionLabel, stored(values, "division"), None, divisions)}
        {select(back, form, "group_id", Key::FilterGroup, stored(values, "group_id"), Some(Key::ChooseOne), choices(groups))}
        {select(back, form, "home_court_id", Key::HomeCourtOptional, stored(values, "home_court_id"), Some(Key::NoneChoice), choices(courts))}
    }
}

fn teams_view(data: SetupTeams) -> impl IntoView {
    let lang = use_lang();
    let back = Back::read();
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
            {team_fields(&back, "team-add", &defaults, &data.groups, &data.courts)}
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
    let back = Back::read();
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
    let import_failed = (back.form.as_deref() == Some("import"))
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
            {team_fields(&back, "team-edit", &team.values, &team.groups, &team.courts)}
            <button type="submit" class="primary">{lang.t(Key::TeamSave)}</button>
        </form>
        <h2>{format!("{} · {}", lang.t(Key::Roster), Key::PlayersCount.fill(lang, team.players.len()))}</h2>
        {roster}
        <h3>{lang.t(Key::PlayerAdd)}</h3>
        <form method="post" action=format!("/actions/setup/teams/{id}/players") class="stack" id="player-add">
            {input(&back, "player-add", "name", Key::PlayerName, "", "text", true, None)}
            <div class="pair">
                {input(&back, "player-add", "number", Key::JerseyNumber, "", "number", true, Some((0, 99)))}
                {input(&back, "player-add", "birth_year", Key::BirthYearOptional, "", "number", false, Some((1930, 2100)))}
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

fn court_fields(
    back: &Back,
    form: &str,
    values: &[(String, String)],
    groups: &[Choice],
) -> impl IntoView {
    let lang = use_lang();
    let lights = if back.returned(form) {
        back.query.get("has_lights").is_some()
    } else {
        stored(values, "has_lights") == "on"
    };
    view! {
        {input(back, form, "name", Key::CourtName, stored(values, "name"), "text", true, None)}
        {select(back, form, "group_id", Key::CourtOwner, stored(values, "group_id"), Some(Key::NoneChoice), choices(groups))}
        <label class="check">
            <input type="checkbox" name="has_lights" value="on" checked=lights/>
            <span>{lang.t(Key::CourtLights)}</span>
        </label>
        {input(back, form, "games_per_evening", Key::GamesPerEvening, stored(values, "games_per_evening"), "number", true, Some((1, 6)))}
    }
}

fn courts_view(data: SetupCourts) -> impl IntoView {
    let lang = use_lang();
    let back = Back::read();
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
            {court_fields(&back, "court-add", &defaults, &data.groups)}
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
fn blackout_form(back: &Back, form: &'static str, action: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="post" action=action class="stack" id=form>
            <div class="pair">
                {input(back, form, "from", Key::BlackoutFrom, "", "date", true, None)}
                {input(back, form, "to", Key::BlackoutTo, "", "date", false, None)}
            </div>
            {input(back, form, "reason", Key::ReasonLabel, "", "text", true, None)}
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
    let back = Back::read();
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
            {court_fields(&back, "court-edit", &court.values, &court.groups)}
            <button type="submit" class="primary">{lang.t(Key::CourtSave)}</button>
        </form>
        <h2>{lang.t(Key::Availability)}</h2>
        {windows}
        <form method="post" action=format!("/actions/setup/courts/{id}/windows") class="stack" id="window-add">
            {select(&back, "window-add", "weekday", Key::WeekdayLabel, "6", None, weekdays)}
            <div class="pair">
                {input(&back, "window-add", "starts_at", Key::StartsAtLabel, "19:00", "time", true, None)}
                {input(&back, "window-add", "ends_at", Key::EndsAtLabel, "22:00", "time", true, None)}
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
    let back = Back::read();
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
