//! One module per page.
mod account;
mod camp;
mod camp_setup;
mod changes;
mod community;
mod competitions;
mod fixtures;
mod forbidden;
mod game;
mod honours;
mod hub;
mod not_found;
mod people;
mod player;
mod print;
mod report;
mod setup;
mod sheet;
mod standings;
mod team;
mod teams;
mod today;

pub use account::{InvitePage, MePage, SignInPage};
pub use camp::{CampAdminPage, CampHouseholdPage, CampPage};
pub use camp_setup::{CampEditPage, CampNewPage, CampSheetPage};
pub use changes::{MoveGamePage, PostponeGamePage, RefereesPage};
pub use community::{NoticesPage, RequestInboxPage, RequestNewPage, RequestViewPage, TodayNotices};
pub use competitions::{CompetitionNewPage, CompetitionReviewPage, CompetitionsPage};
pub use fixtures::FixturesPage;
pub use forbidden::{ForbiddenPage, ShowForbidden};
pub use game::GamePage;
pub use honours::{place_name, HonoursPage};
pub use hub::{AuditPage, HubPage};
pub use not_found::NotFound;
pub use people::{PeopleLinkPage, PeoplePage};
pub use player::PlayerPage;
pub use print::{CourtSheetPage, WeekSheetPage};
pub use report::ReportPage;
pub use setup::{
    SetupCalendarPage, SetupCourtPage, SetupCourtsPage, SetupGroupsPage, SetupImportPage,
    SetupPage, SetupTeamPage, SetupTeamsPage,
};
pub use sheet::ScoreSheetPage;
pub use standings::StandingsPage;
pub use team::TeamPage;
pub use teams::TeamsPage;
pub use today::TodayPage;

use leptos::prelude::*;

use crate::components::LoadFailed;
use crate::i18n::Key;
use leptos_router::hooks::use_query_map;

/// What the server puts into the page it shows in the answer to a form's POST (see the
/// server's `returned_form`): what was typed into a form sent back with its errors, or what
/// a page shows once (a new link's token). Personal data and secrets never travel in a
/// URL. Pages read it as if it were part of the query.
#[derive(Clone, Debug, Default)]
pub struct ReturnedForm(pub Vec<(String, String)>);

/// The query, with what was typed into a returned form.
pub(crate) fn query_with_returned_form() -> leptos_router::params::ParamsMap {
    #[allow(unused_mut)]
    let mut query = use_query_map().read_untracked().clone();
    #[cfg(feature = "ssr")]
    if let Some(ReturnedForm(fields)) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ReturnedForm>().cloned())
    {
        for (name, value) in fields {
            // `replace` unescapes what it is given: escape the one escape character.
            query.replace(name, value.replace('%', "%25"));
        }
    }
    query
}

/// Renders a server function's result once it has arrived; a failure shows a notice.
pub(crate) fn loaded<T, V>(
    resource: Resource<Result<T, ServerFnError>>,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let lang = crate::components::use_lang();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{lang.t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match resource.await {
                    Ok(data) => render(data).into_any(),
                    Err(_) => view! { <LoadFailed/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The numeric `:id` of the route; 0 (which no row has) when it is missing or not a number.
pub(crate) fn id_param() -> impl Fn() -> i32 + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    }
}

/// What a detail page shows for an id that does not exist, answered with 404.
pub(crate) fn missing(title: Key) -> AnyView {
    let lang = crate::components::use_lang();
    not_found::set_404();
    view! { <crate::components::PageTitle text=lang.t(title)/> }.into_any()
}
