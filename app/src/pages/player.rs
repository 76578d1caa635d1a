//! A player (`/players/{id}`): their team, each competition's season line (games, points,
//! per game, fouls, three-pointers where a scoresheet recorded them) and the games they
//! scored in, from the confirmed box scores.
use leptos::prelude::*;

use super::{id_param, loaded, missing};
use crate::api::get_player;
use crate::components::{
    by_day, game_day, use_lang, DayHeading, GameRow, Layout, LiveTopic, PageTitle,
};
use crate::i18n::Key;

#[component]
pub fn PlayerPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param();
    let data = Resource::new(id, get_player);
    view! {
        <Layout live=LiveTopic::results(None)>
            {loaded(data, move |data| {
                let Some(data) = data else {
                    return missing(Key::NoSuchPlayer);
                };
                let title = format!("#{} {}", data.player.number, data.player.name);
                // Three-pointers only where a scoresheet recorded them.
                let threes = data.seasons.iter().any(|season| season.threes.is_some());
                let seasons = data
                    .seasons
                    .into_iter()
                    .map(|season| view! {
                        <tr>
                            <th scope="row" class="team">
                                <a href=format!("/standings?competition={}", season.competition.id)>{season.competition.name}</a>
                            </th>
                            <td>{season.games}</td>
                            <td class="pts">{season.points}</td>
                            <td>{format!("{:.1}", season.per_game)}</td>
                            <td>{season.fouls}</td>
                            {threes.then(|| view! { <td>{season.threes.map_or("–".to_owned(), |n| n.to_string())}</td> })}
                        </tr>
                    })
                    .collect_view();
                // Under a heading per day, as every list of games.
                let games = by_day(data.games, |line| game_day(&line.game))
                    .into_iter()
                    .map(|(day, lines)| view! {
                        <DayHeading day/>
                        <ul class="games">
                            {lines.into_iter().map(|line| view! {
                                <GameRow game=line.game/>
                                <li class="player-line">
                                    {lang.t(Key::PlayerPoints)} " " <b>{line.points}</b> " · "
                                    {lang.t(Key::FoulsShort)} " " <b>{line.fouls}</b>
                                    {line.threes.map(|n| view! { " · " {lang.t(Key::ThreesShort)} " " <b>{n}</b> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    })
                    .collect_view();
                view! {
                    <PageTitle text=title/>
                    <p class="facts"><a href=format!("/teams/{}", data.team.id)>{data.team.name}</a></p>
                    <h2>{lang.t(Key::PlayerSeasons)}</h2>
                    <div class="scroll">
                        <table class="standings player-seasons">
                            <thead>
                                <tr>
                                    <th></th>
                                    <th scope="col">{lang.t(Key::GamesShort)}</th>
                                    <th scope="col">{lang.t(Key::PlayerPoints)}</th>
                                    <th scope="col">{lang.t(Key::PerGame)}</th>
                                    <th scope="col">{lang.t(Key::FoulsShort)}</th>
                                    {threes.then(|| view! { <th scope="col">{lang.t(Key::ThreesShort)}</th> })}
                                </tr>
                            </thead>
                            <tbody>{seasons}</tbody>
                        </table>
                    </div>
                    <h2>{lang.t(Key::PlayerGames)}</h2>
                    {games}
                }
                .into_any()
            })}
        </Layout>
    }
}
