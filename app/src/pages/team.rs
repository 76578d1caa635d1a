use leptos::prelude::*;

use super::{honours::place_name, id_param, loaded, missing, teams::division_name};
use crate::api::get_team;
use crate::components::{use_lang, CalendarLink, Empty, GameList, Layout, LiveTopic, PageTitle};
use crate::i18n::Key;

/// A team: its villager group and home court, the roster with numbers, results and next games.
#[component]
pub fn TeamPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param();
    let data = Resource::new(id, get_team);
    view! {
        <Layout live=LiveTopic::team(untrack(id))>
            {loaded(data, move |data| {
                let Some(data) = data else {
                    return missing(Key::NoSuchTeam);
                };
                let team = data.team;
                view! {
                    <PageTitle text=team.name.clone()/>
                    <p class="facts">
                        <span class="tag">{division_name(team.division, lang)}</span>
                        " " {team.group}
                        {team.home_court.map(|c| view! { " · " {lang.t(Key::HomeCourt)} ": " {c} })}
                    </p>
                    {(!data.honours.is_empty()).then(|| view! {
                        <h2>{lang.t(Key::TeamTitles)}</h2>
                        <ul class="titles">
                            {data.honours.into_iter().map(|h| view! {
                                <li class=format!("place-{}", h.place)>
                                    <span class="medal">{place_name(h.place, lang)}</span>
                                    " " {h.year} " " {h.name}
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    <CalendarLink href=format!("/calendar/teams/{}.ics", team.id) label=Key::SubscribeTeam/>
                    <h2>{lang.t(Key::NextGames)}</h2>
                    {if data.upcoming.is_empty() {
                        view! { <Empty text=Key::NoUpcoming/> }.into_any()
                    } else {
                        view! { <GameList games=data.upcoming show_day=true/> }.into_any()
                    }}
                    <h2>{lang.t(Key::Results)}</h2>
                    {if data.results.is_empty() {
                        view! { <Empty text=Key::NoResults/> }.into_any()
                    } else {
                        view! { <GameList games=data.results show_day=true/> }.into_any()
                    }}
                    <h2>{lang.t(Key::Roster)}</h2>
                    {if data.players.is_empty() {
                        view! { <Empty text=Key::NoPlayers/> }.into_any()
                    } else {
                        view! {
                            <ol class="roster">
                                {data.players.into_iter().map(|p| {
                                    let season = (p.games > 0).then(|| view! {
                                        <small class="season">
                                            {format!("{} {} · {} {}", lang.t(Key::PlayerPoints), p.points, lang.t(Key::FoulsShort), p.fouls)}
                                        </small>
                                    });
                                    view! {
                                        <li><span class="number">{p.number}</span> <a href=format!("/players/{}", p.id)>{p.name}</a> {season}</li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                }
                .into_any()
            })}
        </Layout>
    }
}
