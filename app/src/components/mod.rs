//! Pieces the pages share.
#[cfg(feature = "hydrate")]
mod browser;
pub mod form;
mod game_list;
mod layout;
mod live;
mod outbox;
pub mod share;
mod sheet_keeper;

pub use game_list::{by_day, format_day, game_day, DayHeading, GameList, GameRow};
pub use layout::Layout;
pub use live::{Hears, LiveTopic, LiveUpdates, SiteScript};
pub use outbox::Outbox;
pub use share::{ShareLink, ShareMeta};
pub use sheet_keeper::SheetKeeper;

use leptos::prelude::*;

use crate::i18n::{Key, Lang};

/// The reader's language, provided by the app root for the request.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The message an action left in the address (`?m=` on success, `?e=` on an error): only
/// known message codes are shown.
#[component]
pub fn Flash() -> impl IntoView {
    let lang = use_lang();
    let query = leptos_router::hooks::use_query_map();
    let query = query.read_untracked();
    let done = query.get("m").and_then(|code| Key::from_code(&code));
    let failed = query.get("e").and_then(|code| Key::from_code(&code));
    view! {
        {done.map(|key| view! { <p class="flash ok" role="status">{lang.t(key)}</p> })}
        {failed.map(|key| view! { <p class="flash error" role="alert">{lang.t(key)}</p> })}
    }
}

/// A friendly line for an empty list.
#[component]
pub fn Empty(text: Key) -> impl IntoView {
    let lang = use_lang();
    view! { <p class="empty">{lang.t(text)}</p> }
}

/// An iCalendar feed (`/calendar/…ics`): subscribing on a phone first (a `webcal://` link
/// on the request's host, which the phone's calendar keeps up to date) with a one-line hint,
/// then the plain file for a computer.
#[component]
pub fn CalendarLink(href: String, label: Key) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="subscribe">
            <a class="button webcal" href=share::webcal(&href)>{lang.t(label)}</a>
            <p class="hint">
                {lang.t(Key::SubscribeHint)} " "
                <a class="download" href=href type="text/calendar" download>{lang.t(Key::CalendarDownload)}</a>
            </p>
        </div>
    }
}

/// Shown when a server function fails: the cause is in the server log.
#[component]
pub fn LoadFailed() -> impl IntoView {
    let lang = use_lang();
    // The data could not be read (the database is busy or unreachable): say so with
    // 503 and when to come back, so that no cache or proxy keeps this page as the answer.
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::SERVICE_UNAVAILABLE);
        response.insert_header(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("5"),
        );
    }
    view! { <p class="error" role="alert">{lang.t(Key::LoadError)}</p> }
}

/// Links to each published competition, the selected one marked; optionally an "all" link.
#[component]
pub fn CompetitionSwitcher(
    competitions: Vec<crate::model::CompetitionSummary>,
    selected: Option<i32>,
    base: &'static str,
    #[prop(optional)] all: bool,
) -> impl IntoView {
    let lang = use_lang();
    let all_link = all.then(|| {
        view! {
            <a href=base aria-current=selected.is_none().then_some("page")>
                {lang.t(Key::AllCompetitions)}
            </a>
        }
    });
    let links = competitions
        .into_iter()
        .map(|c| {
            let current = (selected == Some(c.id)).then_some("page");
            view! { <a href=format!("{base}?competition={}", c.id) aria-current=current>{c.name}</a> }
        })
        .collect_view();
    view! { <nav class="chips" aria-label=lang.t(Key::AllCompetitions)>{all_link}{links}</nav> }
}

/// A page heading that also sets the document title.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let lang = use_lang();
    let title = format!("{text} · {}", lang.t(Key::AppName));
    view! {
        <leptos_meta::Title text=title/>
        <h1>{text}</h1>
    }
}
