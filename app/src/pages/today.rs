use leptos::prelude::*;

use super::loaded;
use crate::api::get_today;
use crate::api_community::get_current_notices;
use crate::components::share::TODAY_CARD;
use crate::components::{
    format_day, use_lang, Empty, GameList, Layout, LiveTopic, PageTitle, ShareLink, ShareMeta,
};
use crate::i18n::Key;

/// 今日: what is on today, the next few days, and the latest results.
#[component]
pub fn TodayPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_today());
    let notices = Resource::new(|| (), |_| get_current_notices());
    view! {
        <Layout live=LiveTopic::everything()>
            <PageTitle text=lang.t(Key::TodayGames)/>
            {loaded(data, move |today| {
                let day = today
                    .date
                    .parse::<chrono::NaiveDate>()
                    .map(|date| format_day(date, lang))
                    .unwrap_or_default();
                let description = if today.today.is_empty() {
                    format!("{day} · {}", lang.t(Key::NoGamesToday))
                } else {
                    format!("{day} · {}", Key::CardGameCount.fill(lang, today.today.len()))
                };
                view! {
                    <ShareMeta
                        title=format!("{} · {}", lang.t(Key::TodayGames), lang.t(Key::AppName))
                        description
                        card=TODAY_CARD
                    />
                    {today.is_demo.then(|| view! { <p class="demo">{lang.t(Key::DemoBanner)}</p> })}
                    {loaded(notices, |notices| view! { <super::TodayNotices notices/> })}
                    <section aria-labelledby="today">
                        <h2 id="today" class="visually-hidden">{lang.t(Key::TodayGames)}</h2>
                        {if today.today.is_empty() {
                            view! { <Empty text=Key::NoGamesToday/> }.into_any()
                        } else {
                            view! { <GameList games=today.today/> }.into_any()
                        }}
                    </section>
                    <section aria-labelledby="upcoming">
                        <h2 id="upcoming">{lang.t(Key::Upcoming)}</h2>
                        {if today.upcoming.is_empty() {
                            view! { <Empty text=Key::NoUpcoming/> }.into_any()
                        } else {
                            view! { <GameList games=today.upcoming show_day=true/> }.into_any()
                        }}
                    </section>
                    <section aria-labelledby="results">
                        <h2 id="results">{lang.t(Key::LatestResults)}</h2>
                        {if today.recent.is_empty() {
                            view! { <Empty text=Key::NoResults/> }.into_any()
                        } else {
                            view! { <GameList games=today.recent show_day=true/> }.into_any()
                        }}
                    </section>
                    <ShareLink card=TODAY_CARD/>
                }
            })}
        </Layout>
    }
}
