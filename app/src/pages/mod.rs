//! One module per page.
mod camp;
mod fixtures;
mod game;
mod not_found;
mod standings;
mod team;
mod teams;
mod today;

pub use camp::CampPage;
pub use fixtures::FixturesPage;
pub use game::GamePage;
pub use not_found::NotFound;
pub use standings::StandingsPage;
pub use team::TeamPage;
pub use teams::TeamsPage;
pub use today::TodayPage;

use leptos::prelude::*;

use crate::components::LoadFailed;
use crate::i18n::Key;

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
