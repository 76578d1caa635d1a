use leptos::prelude::*;

use super::loaded;
use crate::api::get_teams;
use crate::components::{use_lang, Empty, Layout, PageTitle};
use crate::i18n::{Key, Lang};
use crate::model::Division;

pub fn division_name(division: Division, lang: Lang) -> &'static str {
    lang.t(match division {
        Division::Men => Key::DivisionMen,
        Division::Women => Key::DivisionWomen,
        Division::Youth => Key::DivisionYouth,
        Division::Veterans => Key::DivisionVeterans,
    })
}

/// 球队: every team, under its villager group.
#[component]
pub fn TeamsPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_teams());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::Teams)/>
            {loaded(data, move |groups| {
                if groups.is_empty() {
                    return view! { <Empty text=Key::NoTeams/> }.into_any();
                }
                groups
                    .into_iter()
                    .map(|group| {
                        view! {
                            <section class="group">
                                <h2>{group.group}</h2>
                                <ul class="team-list">
                                    {group
                                        .teams
                                        .into_iter()
                                        .map(|team| {
                                            view! {
                                                <li>
                                                    <a href=format!("/teams/{}", team.id)>
                                                        <span class="name">{team.name}</span>
                                                        <span class="tag">{division_name(team.division, lang)}</span>
                                                        {team.home_court.map(|c| view! {
                                                            <span class="court">{lang.t(Key::HomeCourt)} ": " {c}</span>
                                                        })}
                                                    </a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                    })
                    .collect_view()
                    .into_any()
            })}
        </Layout>
    }
}
