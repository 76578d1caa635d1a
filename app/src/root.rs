use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::i18n::Lang;
use crate::pages::*;

/// The reader's language: the language cookie, else Chinese.
pub fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get_all(http::header::COOKIE)
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .find_map(Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Lang::default()
    }
}

/// The HTML document around every page. Only islands are hydrated in the browser; the rest
/// is plain server-rendered HTML that works with JavaScript off.
/// The ball (`public/favicon.svg`) as a data URI, in base64 (its `xmlns` would otherwise be
/// the one absolute address on the page).
const FAVICON: &str = concat!(
    "data:image/svg+xml;base64,",
    "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCA2NCA2NCI+",
    "PGNpcmNsZSBjeD0iMzIiIGN5PSIzMiIgcj0iMzAiIGZpbGw9IiNkOTUwMWUiLz48cGF0aCBkPSJNMiAz",
    "Mmg2ME0zMiAydjYwTTExIDExYzEyIDEwIDEyIDMyIDAgNDJNNTMgMTFjLTEyIDEwLTEyIDMyIDAgNDIi",
    "IGZpbGw9Im5vbmUiIHN0cm9rZT0iIzNhMWEwYSIgc3Ryb2tlLXdpZHRoPSIzIi8+PC9zdmc+",
);

/// The stylesheet's and the live script's addresses, with their versions
/// ([`crate::site_files`]); on the client (never rendering the shell) the bare names.
fn site_file_addresses(options: &LeptosOptions) -> (String, String) {
    #[cfg(feature = "ssr")]
    {
        use crate::site_files::{versioned, LIVE_SCRIPT, STYLESHEET};
        let root = std::path::Path::new(options.site_root.as_ref());
        (versioned(root, STYLESHEET), versioned(root, LIVE_SCRIPT))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
        ("/pkg/cunba.css".to_owned(), "/live.js".to_owned())
    }
}

/// Whether this page carries the islands' loader: for a signed-in person. Either way the
/// page is rendered as islands render it (what `HydrationScripts` does with `islands`): the
/// data of its resources is not serialised into it for a whole-page hydration that never
/// comes.
fn islands_for_this_reader() -> bool {
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    crate::auth::viewer().is_some()
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    content_security_policy();
    // The site's own files under addresses that may be cached for good.
    let (stylesheet, live_script) = site_file_addresses(&options);
    provide_context(crate::components::SiteScript(live_script));
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#b3261e"/>
                <link rel="stylesheet" href=stylesheet/>
                // In the page itself: a first visit costs no request for it.
                <link rel="icon" href=FAVICON type="image/svg+xml"/>
                // The islands (the score outbox, score entry) are for signed-in people;
                // a resident's page loads no wasm at all.
                {islands_for_this_reader().then(|| view! { <HydrationScripts options islands=true/> })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// A Content-Security-Policy the pages really satisfy: scripts only from this site or with
/// this response's nonce (the islands' inline loader), wasm allowed to compile, styles,
/// images, fetches and form posts only to this site, no framing by other sites.
fn content_security_policy() {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(request_lang());
    // An action refused a signed-in user (`server/src/actions/mod.rs`): the 403 page, whatever
    // the address.
    if use_context::<ShowForbidden>().is_some() {
        return view! { <Router><ForbiddenPage/></Router> }.into_any();
    }
    // Pages wait for their data and arrive whole: readers with JavaScript off (or a WeChat
    // browser that blocks scripts) get complete HTML, not a streamed skeleton.
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=TodayPage ssr=SsrMode::Async/>
                <Route path=path!("/fixtures") view=FixturesPage ssr=SsrMode::Async/>
                <Route path=path!("/standings") view=StandingsPage ssr=SsrMode::Async/>
                <Route path=path!("/teams") view=TeamsPage ssr=SsrMode::Async/>
                <Route path=path!("/honours") view=HonoursPage ssr=SsrMode::Async/>
                <Route path=path!("/teams/:id") view=TeamPage ssr=SsrMode::Async/>
                <Route path=path!("/games/:id") view=GamePage ssr=SsrMode::Async/>
                <Route path=path!("/players/:id") view=PlayerPage ssr=SsrMode::Async/>
                <Route path=path!("/games/:id/report") view=ReportPage ssr=SsrMode::Async/>
                <Route path=path!("/games/:id/live") view=ScoreSheetPage ssr=SsrMode::Async/>
                <Route path=path!("/camp") view=CampPage ssr=SsrMode::Async/>
                <Route path=path!("/camp/h/:token") view=CampHouseholdPage ssr=SsrMode::Async/>
                <Route path=path!("/camp/admin") view=CampAdminPage ssr=SsrMode::Async/>
                <Route path=path!("/camp/admin/new") view=CampNewPage ssr=SsrMode::Async/>
                <Route path=path!("/camp/admin/:id/edit") view=CampEditPage ssr=SsrMode::Async/>
                <Route path=path!("/camp/admin/:id/sheet") view=CampSheetPage ssr=SsrMode::Async/>
                <Route path=path!("/setup") view=SetupPage ssr=SsrMode::Async/>
                <Route path=path!("/setup/groups") view=SetupGroupsPage ssr=SsrMode::Async/>
                <Route path=path!("/setup/teams") view=SetupTeamsPage ssr=SsrMode::Async/>
                <Route path=path!("/setup/teams/:id") view=SetupTeamPage ssr=SsrMode::Async/>
                <Route path=path!("/setup/teams/:id/import/:import") view=SetupImportPage ssr=SsrMode::Async/>
                <Route path=path!("/setup/courts") view=SetupCourtsPage ssr=SsrMode::Async/>
                <Route path=path!("/setup/courts/:id") view=SetupCourtPage ssr=SsrMode::Async/>
                <Route path=path!("/setup/calendar") view=SetupCalendarPage ssr=SsrMode::Async/>
                <Route path=path!("/admin") view=HubPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/people") view=PeoplePage ssr=SsrMode::Async/>
                <Route path=path!("/admin/people/link") view=PeopleLinkPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/competitions") view=CompetitionsPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/competitions/new") view=CompetitionNewPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/competitions/:id/review") view=CompetitionReviewPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/games/:id/move") view=MoveGamePage ssr=SsrMode::Async/>
                <Route path=path!("/admin/games/:id/postpone") view=PostponeGamePage ssr=SsrMode::Async/>
                <Route path=path!("/admin/referees") view=RefereesPage ssr=SsrMode::Async/>
                <Route path=path!("/print/courts/:id") view=CourtSheetPage ssr=SsrMode::Async/>
                <Route path=path!("/print/week") view=WeekSheetPage ssr=SsrMode::Async/>
                <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/me") view=MePage ssr=SsrMode::Async/>
                <Route path=path!("/invite/:token") view=InvitePage ssr=SsrMode::Async/>
                <Route path=path!("/notices") view=NoticesPage ssr=SsrMode::Async/>
                <Route path=path!("/requests/new") view=RequestNewPage ssr=SsrMode::Async/>
                <Route path=path!("/requests/view") view=RequestViewPage ssr=SsrMode::Async/>
                <Route path=path!("/requests/inbox") view=RequestInboxPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
    .into_any()
}
