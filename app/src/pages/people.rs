//! 人员 (`/admin/people`): everyone with a role, by role and team, and what an organiser
//! does to them — invite a captain, a referee or (administrators) an organiser by a
//! one-time link; give a referee their villager group; hand a team to a captain; disable
//! and enable an account; a new PIN by a new link. Reached from 管理.
use leptos::prelude::*;

use super::{forbidden::refused, loaded, query_with_returned_form};
use crate::api::{get_new_link, get_people};
use crate::components::form::Returned;
use crate::components::{use_lang, Flash, Layout, PageTitle};
use crate::i18n::{wording, Key, Lang};
use crate::model::{Choice, Guarded, PeopleData, Person, Role};

/// A role as the page names it.
pub(crate) fn role_name(role: Role, lang: Lang) -> &'static str {
    lang.t(match role {
        Role::Admin => Key::RoleAdmin,
        Role::Organiser => Key::Organiser,
        Role::Referee => Key::RoleReferee,
        Role::Captain => Key::RoleCaptain,
    })
}

fn options(list: &[Choice], chosen: Option<i32>) -> impl IntoView {
    list.iter()
        .map(|c| view! { <option value=c.id selected=chosen == Some(c.id)>{c.name.clone()}</option> })
        .collect_view()
}

/// One person: who they are, and the organiser's buttons when the viewer manages them.
fn person_card(person: Person, data: &PeopleData, lang: Lang) -> impl IntoView {
    let id = person.id;
    let facts = [
        Some(person.login.clone()),
        person.team.clone(),
        person.group.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let actions = person.manageable.then(|| {
        let group = (person.role == Role::Referee && !person.disabled).then(|| {
            view! {
                <form method="post" action=format!("/actions/people/{id}/group") class="inline">
                    <label><span>{lang.t(Key::PeopleGroup)}</span>
                        <select name="group">
                            <option value="">{lang.t(Key::PeopleGroupUnknown)}</option>
                            {options(&data.groups, person.group_id)}
                        </select></label>
                    <button type="submit">{lang.t(Key::Save)}</button>
                </form>
            }
        });
        let team = (person.role == Role::Captain && !person.disabled).then(|| {
            view! {
                <form method="post" action=format!("/actions/people/{id}/team") class="inline">
                    <label><span>{lang.t(Key::PeopleHandTeam)}</span>
                        <select name="team" required>
                            <option value="">{lang.t(Key::PeopleChooseTeam)}</option>
                            {options(&data.teams, person.team_id)}
                        </select></label>
                    <button type="submit">{lang.t(Key::PeopleHandTeamButton)}</button>
                </form>
            }
        });
        let switch = if person.disabled {
            view! {
                <form method="post" action=format!("/actions/people/{id}/enable")>
                    <button type="submit">{lang.t(Key::PeopleEnable)}</button>
                </form>
            }
            .into_any()
        } else {
            view! {
                <form method="post" action=format!("/actions/people/{id}/reset")>
                    <button type="submit">{lang.t(Key::PeopleReset)}</button>
                </form>
                <form method="post" action=format!("/actions/people/{id}/disable")>
                    <button type="submit" class="danger">{lang.t(Key::PeopleDisable)}</button>
                </form>
            }
            .into_any()
        };
        view! {
            {group}
            {team}
            <div class="row">{switch}</div>
        }
    });
    view! {
        <li class="person" class:disabled=person.disabled data-person=id>
            <strong>{person.name.clone()}</strong>
            " " <span class="role">{role_name(person.role, lang)}</span>
            {person.disabled.then(|| view! { " " <span class="badge">{lang.t(Key::PeopleDisabled)}</span> })}
            <div class="facts">{facts}</div>
            {actions}
        </li>
    }
}

/// The invite form: a role, and a team for a captain or a villager group for a referee.
fn invite_form(data: &PeopleData, lang: Lang) -> impl IntoView {
    let back = Returned::read(wording::<crate::domain::invite::Problem>);
    let roles = data
        .may_invite
        .iter()
        .rev()
        .map(|role| view! { <option value=role.as_str()>{role_name(*role, lang)}</option> })
        .collect_view();
    view! {
        <form method="post" action="/actions/people/links" class="stack" id="invite-form">
            <label><span>{lang.t(Key::PeopleRole)}</span>
                <select name="role">{roles}</select></label>
            <label><span>{lang.t(Key::PeopleTeamForCaptain)}</span>
                <select name="team" aria-invalid=back.invalid("team")>
                    <option value="">{lang.t(Key::PeopleChooseTeam)}</option>
                    {options(&data.teams, None)}
                </select>
                {back.error("team")}</label>
            <label><span>{lang.t(Key::PeopleGroupForReferee)}</span>
                <select name="group">
                    <option value="">{lang.t(Key::PeopleGroupUnknown)}</option>
                    {options(&data.groups, None)}
                </select></label>
            <p class="hint">{lang.t(Key::PeopleInviteHint)}</p>
            <button type="submit" class="primary">{lang.t(Key::PeopleInvite)}</button>
        </form>
    }
}

fn people_view(data: PeopleData, lang: Lang) -> impl IntoView {
    let section = |roles: &[Role], title: Key| {
        let people: Vec<Person> = data
            .people
            .iter()
            .filter(|p| roles.contains(&p.role))
            .cloned()
            .collect();
        let count = people.len();
        let cards = people
            .into_iter()
            .map(|p| person_card(p, &data, lang))
            .collect_view();
        view! {
            <h2>{lang.t(title)} " (" {count} ")"</h2>
            <ul class="people">{cards}</ul>
        }
    };
    let captainless: Vec<Choice> = data
        .teams
        .iter()
        .filter(|team| {
            !data
                .people
                .iter()
                .any(|p| p.role == Role::Captain && p.team_id == Some(team.id) && !p.disabled)
        })
        .cloned()
        .collect();
    let captainless = (!captainless.is_empty()).then(|| {
        view! {
            <h3>{lang.t(Key::PeopleNoCaptain)}</h3>
            <ul class="people">
                {captainless.into_iter().map(|team| view! {
                    <li class="person">
                        <strong>{team.name}</strong>
                        <form method="post" action="/actions/people/links">
                            <input type="hidden" name="role" value="captain"/>
                            <input type="hidden" name="team" value=team.id/>
                            <button type="submit">{lang.t(Key::PeopleInviteCaptain)}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    // The invite form opens by itself only when it came back with a mistake.
    view! {
        <details class="invite" open=Returned::read(wording::<crate::domain::invite::Problem>).came_back()>
            <summary>{lang.t(Key::PeopleInvite)}</summary>
            {invite_form(&data, lang)}
        </details>
        {section(&[Role::Admin, Role::Organiser], Key::PeopleOrganisers)}
        {section(&[Role::Referee], Key::PeopleReferees)}
        {section(&[Role::Captain], Key::PeopleCaptains)}
        {captainless}
    }
}

/// `/admin/people`.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_people());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::PeopleTitle)/>
            <Flash/>
            <p class="hint">{lang.t(Key::PeopleHint)}</p>
            {loaded(data, move |answer| match answer {
                Guarded::Found(data) => people_view(data, lang).into_any(),
                other => refused(&other, "/admin/people".into(), Key::NotFound),
            })}
        </Layout>
    }
}

/// The new link, shown once in the answer to the form that made it; it is in no address,
/// so a reload shows that it is gone.
#[component]
pub fn PeopleLinkPage() -> impl IntoView {
    let lang = use_lang();
    let token = query_with_returned_form().get("t").unwrap_or_default();
    let link = Resource::new(move || token.clone(), get_new_link);
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::LinkTitle)/>
            <Flash/>
            {loaded(link, move |link| {
                let Some(link) = link else {
                    return view! {
                        <p class="empty">{lang.t(Key::LinkShownOnce)}</p>
                        <p><a class="button" href="/admin/people">{lang.t(Key::PeopleTitle)}</a></p>
                    }
                    .into_any();
                };
                let what = match (&link.info.person, &link.info.team) {
                    (Some(person), _) => Key::LinkForReset.fill(lang, person),
                    (None, Some(team)) => Key::InviteForTeam.fill(lang, team),
                    (None, None) => Key::LinkForRole.fill(lang, role_name(link.info.role, lang)),
                };
                view! {
                    <h2>{what}</h2>
                    <p>{lang.t(Key::InviteShare)}</p>
                    <div class="qr" inner_html=link.svg></div>
                    <p class="link"><a href=link.link.clone()>{link.link.clone()}</a></p>
                    <p><a class="button" href="/admin/people">{lang.t(Key::PeopleBack)}</a></p>
                }
                .into_any()
            })}
        </Layout>
    }
}
