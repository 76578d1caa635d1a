use leptos::prelude::*;

use super::{loaded, teams::division_name};
use crate::api::get_honours;
use crate::components::{use_lang, Empty, Layout, PageTitle};
use crate::i18n::{Key, Lang};
use crate::model::TeamRef;

/// The word for a podium place (1 = champion).
pub fn place_name(place: u8, lang: Lang) -> &'static str {
    lang.t(match place {
        1 => Key::Champion,
        2 => Key::RunnerUp,
        _ => Key::ThirdPlace,
    })
}

fn podium_line(place: u8, team: Option<TeamRef>, lang: Lang) -> impl IntoView {
    team.map(|team| {
        view! {
            <li class=format!("place place-{place}")>
                <span class="medal">{place_name(place, lang)}</span>
                <a href=format!("/teams/{}", team.id)>{team.name}</a>
            </li>
        }
    })
}

/// 荣誉榜: every finished competition's champion, runner-up and third, by year.
#[component]
pub fn HonoursPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_honours());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::Honours)/>
            <p class="hint">{lang.t(Key::HonoursIntro)}</p>
            {loaded(data, move |data| {
                if data.years.is_empty() {
                    return view! { <Empty text=Key::NoHonours/> }.into_any();
                }
                data.years
                    .into_iter()
                    .map(|year| {
                        view! {
                            <section class="honours-year">
                                <h2>{year.year}</h2>
                                {year
                                    .competitions
                                    .into_iter()
                                    .map(|c| {
                                        view! {
                                            <article class="honours card">
                                                <h3>
                                                    <a href=format!("/standings?competition={}", c.competition_id)>{c.name}</a>
                                                    " " <span class="tag">{division_name(c.division, lang)}</span>
                                                </h3>
                                                <ol class="podium">
                                                    {podium_line(1, Some(c.champion), lang)}
                                                    {podium_line(2, c.runner_up, lang)}
                                                    {podium_line(3, c.third, lang)}
                                                </ol>
                                            </article>
                                        }
                                    })
                                    .collect_view()}
                            </section>
                        }
                    })
                    .collect_view()
                    .into_any()
            })}
        </Layout>
    }
}
