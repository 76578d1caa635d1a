use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{use_lang, LiveTopic, LiveUpdates};
use crate::i18n::Key;

const TABS: [(&str, Key, &str); 5] = [
    ("/", Key::NavToday, "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 4v5l3 2"),
    ("/fixtures", Key::NavFixtures, "M5 5h14v15H5zM5 9h14M9 3v4M15 3v4"),
    ("/standings", Key::NavStandings, "M5 20V10M12 20V4M19 20v-7"),
    ("/teams", Key::NavTeams, "M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm8 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6ZM2 20c0-3 3-5 6-5s6 2 6 5M14 15c3 0 8 1 8 5"),
    ("/camp", Key::NavCamp, "M4 20 12 4l8 16M8 13h8"),
];

/// The organisers' pages, which lead back to the workspace.
fn is_organiser_path(path: &str) -> bool {
    [
        "/admin",
        "/setup",
        "/camp/admin",
        "/requests/inbox",
        "/print/",
    ]
    .iter()
    .any(|prefix| path.starts_with(prefix))
}

/// The frame of every page: a header with the language switch, the page, and the bottom
/// navigation a thumb can reach. With `live`, the page refreshes its `<main>` when a change
/// it shows is published (the island sits outside `<main>`, which it replaces).
#[component]
pub fn Layout(children: Children, #[prop(optional)] live: Option<LiveTopic>) -> impl IntoView {
    let lang = use_lang();
    let path = use_location().pathname.get_untracked();
    let active = |href: &str| {
        if href == "/" {
            path == "/"
        } else {
            path.starts_with(href)
        }
    };
    let tabs = TABS
        .iter()
        .map(|(href, key, icon)| {
            let current = active(href).then_some("page");
            view! {
                <a href=*href aria-current=current>
                    <svg viewBox="0 0 24 24" aria-hidden="true"><path d=*icon/></svg>
                    <span>{lang.t(*key)}</span>
                </a>
            }
        })
        .collect_view();
    let viewer = crate::auth::viewer();
    let organiser = viewer.as_ref().is_some_and(|v| v.organises());
    // What the signed-in person has to do, counted by the server for each page.
    let todo = crate::auth::todo_count()
        .filter(|count| *count > 0)
        .map(|count| {
            let label = Key::TodoCount.fill(lang, count);
            view! { " " <span class="count" aria-label=label>{count}</span> }
        });
    let account = match &viewer {
        Some(_) => {
            view! { <a class="account" href="/me">{lang.t(Key::MyGames)}{todo}</a> }.into_any()
        }
        None => view! { <a class="account" href="/signin">{lang.t(Key::SignIn)}</a> }.into_any(),
    };
    // Organisers reach every tool from the workspace, and get back to it from each tool.
    let manage = organiser.then(|| {
        let current = (path == "/admin").then_some("page");
        view! { <a class="account manage" href="/admin" aria-current=current>{lang.t(Key::Hub)}</a> }
    });
    let back_to_hub = (organiser && path != "/admin" && is_organiser_path(&path)).then(|| {
        view! { <nav class="crumbs no-print"><a href="/admin">{lang.t(Key::HubBack)}</a></nav> }
    });
    // Signed-in users may have reports kept on the phone: any page sends them.
    let outbox = viewer
        .is_some()
        .then(|| view! { <super::outbox::OutboxLine/> });
    view! {
        <header class="top">
            <a class="brand" href="/">
                <strong>{lang.t(Key::AppName)}</strong>
                <span>{lang.t(Key::Community)}</span>
            </a>
            {manage}
            {account}
            <form method="post" action="/lang" class="lang-switch">
                <input type="hidden" name="lang" value=lang.other().code()/>
                <input type="hidden" name="next" value=path.clone()/>
                <button type="submit" lang=lang.other().tag()>{lang.t(Key::SwitchLanguage)}</button>
            </form>
        </header>
        <main>{back_to_hub}{children()}</main>
        {outbox}
        {live.map(|topic| view! { <LiveUpdates topic label=lang.t(Key::LiveUpdated)/> })}
        <nav class="tabs" aria-label=lang.t(Key::AppName)>{tabs}</nav>
    }
}
