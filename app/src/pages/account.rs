//! Signing in, a captain's invite, and the signed-in user's own page (我的).
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::loaded;
use super::query_with_returned_form;
use crate::api::{get_link, get_me};
use crate::components::{
    format_day, game_day, use_lang, Empty, Flash, GameList, GameRow, Layout, PageTitle,
};
use crate::i18n::Key;
use crate::model::{MeData, Role, TaskKind, Todo};

/// 登录: a user name or mobile number and a password or PIN.
#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let next = query
        .read_untracked()
        .get("next")
        .filter(|next| crate::auth::is_local_path(next))
        .unwrap_or_else(|| "/me".into());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::SignIn)/>
            <Flash/>
            <form method="post" action="/actions/signin" class="stack">
                <input type="hidden" name="next" value=next/>
                <label>
                    <span>{lang.t(Key::LoginLabel)}</span>
                    <input name="login" required autocomplete="username" autocapitalize="none" enterkeyhint="next"/>
                </label>
                <label>
                    <span>{lang.t(Key::SecretLabel)}</span>
                    <input name="secret" type="password" required autocomplete="current-password" enterkeyhint="go"/>
                </label>
                <button type="submit" class="primary">{lang.t(Key::SignIn)}</button>
            </form>
        </Layout>
    }
}

/// A one-time link: a new captain, referee or organiser chooses a PIN (or password) and
/// signs in on this phone; a reset link sets a new one for an existing account.
#[component]
pub fn InvitePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let link = Resource::new(token, get_link);
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::InviteTitle)/>
            <Flash/>
            {loaded(link, move |link| {
                let Some(link) = link else {
                    return view! { <p class="error" role="alert">{lang.t(Key::InviteInvalid)}</p> }.into_any();
                };
                // What was typed comes back in the page (never in its address).
                let query = query_with_returned_form();
                let typed = |name: &str| query.get(name).unwrap_or_default();
                let (name, phone) = (typed("name"), typed("phone"));
                let organiser = matches!(link.role, Role::Organiser | Role::Admin);
                let what = match (&link.person, &link.team) {
                    (Some(person), _) => Key::LinkForReset.fill(lang, person),
                    (None, Some(team)) => Key::InviteFor.fill(lang, team),
                    (None, None) => Key::InviteForRole.fill(lang, super::people::role_name(link.role, lang)),
                };
                let new_account = link.person.is_none().then(|| view! {
                    <label>
                        <span>{lang.t(Key::YourName)}</span>
                        <input name="name" required autocomplete="name" value=name/>
                    </label>
                    <label>
                        <span>{lang.t(Key::YourPhone)}</span>
                        <input name="phone" type="tel" inputmode="tel" required autocomplete="tel" value=phone/>
                    </label>
                });
                let secret_label = if organiser { Key::ChoosePassword } else { Key::ChooseSecret };
                view! {
                    <p>{what}</p>
                    <form method="post" action=format!("/actions/invite/{}", token()) class="stack">
                        {new_account}
                        <label>
                            <span>{lang.t(secret_label)}</span>
                            <input name="secret" type="password" required minlength=if organiser { "8" } else { "6" } autocomplete="new-password"/>
                        </label>
                        <button type="submit" class="primary">{lang.t(Key::Accept)}</button>
                    </form>
                }
                .into_any()
            })}
        </Layout>
    }
}

/// 我的: what the signed-in user has to do.
#[component]
pub fn MePage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_me());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::MyGames)/>
            <Flash/>
            {loaded(data, move |data| match data {
                None => view! {
                    <p>{lang.t(Key::NeedSignIn)}</p>
                    <p><a class="button primary" href="/signin?next=/me">{lang.t(Key::SignIn)}</a></p>
                }
                .into_any(),
                Some(data) => me(data).into_any(),
            })}
        </Layout>
    }
}

fn me(data: MeData) -> impl IntoView {
    let lang = use_lang();
    let organiser = data.viewer.organises();
    let who = match (&data.team, data.viewer.role) {
        (Some(team), _) => format!("{} · {}", data.viewer.name, team),
        (None, role @ (Role::Organiser | Role::Admin | Role::Referee)) => {
            format!(
                "{} · {}",
                data.viewer.name,
                super::people::role_name(role, lang)
            )
        }
        (None, _) => data.viewer.name.clone(),
    };
    let todo = if data.todo.is_empty() {
        view! { <Empty text=Key::NoGamesToReport/> }.into_any()
    } else {
        // A heading for each day, as in the other game lists: a captain's games to report
        // go back weeks.
        let mut last_day = None;
        let items = data
            .todo
            .into_iter()
            .map(|item| {
                let day = game_day(&item.game);
                let heading = (day != last_day)
                    .then(|| day.map(|d| view! { <h3 class="day">{format_day(d, lang)}</h3> }))
                    .flatten();
                last_day = day;
                let label = match item.todo {
                    Todo::Report => Key::ReportScore,
                    Todo::Answer => Key::Confirm,
                    Todo::Waiting => Key::ProvisionalResult,
                    Todo::Disputed => Key::Dispute,
                };
                let href = format!("/games/{}/report", item.game.id);
                view! {
                    {heading}
                    <div class="todo">
                        <ul class="games"><GameRow game=item.game/></ul>
                        <a class="button" class:primary=matches!(item.todo, Todo::Report | Todo::Answer) href=href>{lang.t(label)}</a>
                    </div>
                }
            })
            .collect_view();
        view! { <div class="todo-list">{items}</div> }.into_any()
    };
    let upcoming = (!data.upcoming.is_empty()).then(|| {
        view! {
            <h2>{lang.t(Key::Upcoming)}</h2>
            <GameList games=data.upcoming show_day=true/>
        }
    });
    let tasks = (!data.tasks.is_empty()).then(|| {
        let lines = data
            .tasks
            .iter()
            .map(|task| {
                let (key, href) = match task.kind {
                    TaskKind::Disputes => (Key::TodoDisputes, "/admin#hub-attention"),
                    TaskKind::Requests => (Key::HubOpenRequests, "/requests/inbox"),
                    TaskKind::Notices => (Key::HubNoticesToApprove, "/notices"),
                };
                view! { <li><a class="button" href=href>{key.fill(lang, task.count)}</a></li> }
            })
            .collect_view();
        view! {
            <h2>{lang.t(Key::TodoTitle)}</h2>
            <ul class="todo-tasks">{lines}</ul>
        }
    });
    let refereeing = (data.viewer.role == Role::Referee).then(|| {
        let games = if data.refereeing.is_empty() {
            view! { <Empty text=Key::TodoNoRefereeing/> }.into_any()
        } else {
            view! { <GameList games=data.refereeing show_day=true/> }.into_any()
        };
        view! {
            <h2>{lang.t(Key::TodoRefereeing)}</h2>
            {games}
        }
    });
    let audit = (organiser && !data.audit.is_empty()).then(|| {
        let lines = data
            .audit
            .into_iter()
            .map(|line| {
                let change = match (line.before, line.after) {
                    (Some(before), Some(after)) => format!("{before} → {after}"),
                    (None, Some(after)) => after,
                    (Some(before), None) => before,
                    (None, None) => String::new(),
                };
                let href = match line.entity.as_str() {
                    "camp" => format!("/camp/admin/{}/edit", line.entity_id),
                    "team" => format!("/setup/teams/{}", line.entity_id),
                    "court" => format!("/setup/courts/{}", line.entity_id),
                    "villager_group" => "/setup/groups".to_owned(),
                    "association" | "player" => "/setup".to_owned(),
                    _ => format!("/games/{}", line.entity_id),
                };
                view! {
                    <li>
                        <time>{line.at}</time>" "<a href=href>{format!("#{}", line.entity_id)}</a>
                        " "<strong>{line.action}</strong>" "<span class="actor">{line.actor}</span>
                        <div class="change">{change}</div>
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="audit">
                <summary>{lang.t(Key::AuditLog)}</summary>
                <ol class="audit">{lines}</ol>
            </details>
        }
    });
    let setup = organiser.then(|| {
        view! {
            <p class="links"><a class="button" href="/setup" id="setup-link">{lang.t(Key::SetupTitle)}</a></p>
        }
    });
    view! {
        <p class="facts">{Key::SignedInAs.fill(lang, who)}</p>
        {setup}
        {tasks}
        {refereeing}
        <h2>{lang.t(if organiser { Key::OpenReports } else { Key::MyGames })}</h2>
        {todo}
        {upcoming}
        {audit}
        <div class="row">
            <form method="post" action="/actions/signout">
                <button type="submit">{lang.t(Key::SignOut)}</button>
            </form>
            <form method="post" action="/actions/signout-everywhere">
                <button type="submit">{lang.t(Key::SignOutEverywhere)}</button>
            </form>
        </div>
    }
}
