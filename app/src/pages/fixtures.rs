use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::loaded;
use crate::api::get_fixtures;
use crate::components::{use_lang, CompetitionSwitcher, Empty, GameList, Layout, PageTitle};
use crate::i18n::Key;

/// 赛程: every game of the published competitions, by day.
#[component]
pub fn FixturesPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let competition = move || {
        query
            .read()
            .get("competition")
            .and_then(|id| id.parse::<i32>().ok())
    };
    let data = Resource::new(competition, get_fixtures);
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::Fixtures)/>
            {loaded(data, move |(competitions, games)| {
                let selected = competition();
                view! {
                    <CompetitionSwitcher competitions selected base="/fixtures" all=true/>
                    {if games.is_empty() {
                        view! { <Empty text=Key::NoFixtures/> }.into_any()
                    } else {
                        view! { <GameList games show_day=true/> }.into_any()
                    }}
                }
            })}
        </Layout>
    }
}
