use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::loaded;
use crate::api::get_standings;
use crate::components::share::standings_card;
use crate::components::{
    use_lang, CalendarLink, CompetitionSwitcher, Empty, GameRow, Layout, LiveTopic, PageTitle,
    ShareLink, ShareMeta,
};
use crate::i18n::{Key, Lang};
use crate::model::{BracketView, LeaderLine, TableView};

/// 积分榜: the tables of a competition (one for a league, one per pool of a cup) and the
/// bracket of its knockout stage.
#[component]
pub fn StandingsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let competition = move || {
        query
            .read()
            .get("competition")
            .and_then(|id| id.parse::<i32>().ok())
    };
    let data = Resource::new(competition, get_standings);
    // Without a competition in the address the page shows the one being played now: any
    // result may change which that is, so listen to all (a refresh is one page load).
    view! {
        <Layout live=LiveTopic::results(untrack(competition))>
            <PageTitle text=lang.t(Key::Standings)/>
            <p class="more"><a href="/honours">{lang.t(Key::Honours)} " →"</a></p>
            {loaded(data, move |data| {
                let Some(selected) = data.selected.clone() else {
                    return view! { <Empty text=Key::NoCompetitions/> }.into_any();
                };
                let card = standings_card(selected.id);
                let title = format!("{} · {} · {}", lang.t(Key::Standings), selected.name, lang.t(Key::AppName));
                let leaders = data
                    .tables
                    .iter()
                    .flat_map(|table| table.rows.iter().take(3))
                    .take(3)
                    .map(|row| format!("{} {}", row.rank, row.team.name))
                    .collect::<Vec<_>>()
                    .join(" · ");
                let description = if leaders.is_empty() {
                    selected.name.clone()
                } else {
                    format!("{}: {leaders}", selected.name)
                };
                view! {
                    <ShareMeta title description card=card.clone()/>
                    <CompetitionSwitcher competitions=data.competitions selected=Some(selected.id) base="/standings"/>
                    {data.honours.map(|h| view! {
                        <p class="podium-line">
                            <span class="medal">{lang.t(Key::Champion)}</span>
                            " " <a href=format!("/teams/{}", h.champion.id)>{h.champion.name}</a>
                            {h.runner_up.map(|t| view! { " · " {lang.t(Key::RunnerUp)} " " {t.name} })}
                            {h.third.map(|t| view! { " · " {lang.t(Key::ThirdPlace)} " " {t.name} })}
                        </p>
                    })}
                    <CalendarLink href=format!("/calendar/competitions/{}.ics", selected.id) label=Key::SubscribeCompetition/>
                    {data.tables.into_iter().map(|table| view! { <Table table lang/> }).collect_view()}
                    {data.brackets.into_iter().map(|bracket| view! { <Bracket bracket lang/> }).collect_view()}
                    {leaders_table(data.leaders, Board::Scorers, lang)}
                    {leaders_table(data.three_point_leaders, Board::Threes, lang)}
                    <ShareLink card/>
                }
                .into_any()
            })}
        </Layout>
    }
}

#[component]
fn Table(table: TableView, lang: Lang) -> impl IntoView {
    let explanations: Vec<(String, String)> = table
        .rows
        .iter()
        .filter_map(|row| {
            row.explanation
                .clone()
                .map(|why| (row.team.name.clone(), why))
        })
        .collect();
    let status = if table.complete {
        Key::FinalTable
    } else {
        Key::Provisional
    };
    let rows = table
        .rows
        .into_iter()
        .map(|row| {
            let rank = if row.shared_rank {
                format!("{}=", row.rank)
            } else {
                row.rank.to_string()
            };
            let note = row
                .draw_of_lots
                .then(|| view! { <small class="note">{lang.t(Key::DrawOfLots)}</small> });
            let form = row
                .last_five
                .iter()
                .map(|won| {
                    let (class, key) = if *won {
                        ("w", Key::WinLetter)
                    } else {
                        ("l", Key::LossLetter)
                    };
                    view! { <i class=class>{lang.t(key)}</i> }
                })
                .collect_view();
            let difference = match row.difference {
                d if d > 0 => format!("+{d}"),
                d if d < 0 => format!("−{}", -d),
                _ => "0".into(),
            };
            view! {
                <tr>
                    <td class="rank">{rank}</td>
                    <th scope="row" class="team">
                        <a href=format!("/teams/{}", row.team.id)>{row.team.name}</a>
                        {note}
                    </th>
                    <td>{row.played}</td>
                    <td>{row.won}</td>
                    <td>{row.lost}</td>
                    <td class="pts">{row.points}</td>
                    <td>{difference}</td>
                    <td>{row.points_for}</td>
                    <td>{row.points_against}</td>
                    <td class="form">{form}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="table-block">
            <h2>{table.title}</h2>
            <div class="scroll">
                <table class="standings">
                    <thead>
                        <tr>
                            <th scope="col" class="rank">"#"</th>
                            <th scope="col" class="team">{lang.t(Key::Team)}</th>
                            <th scope="col" title=lang.t(Key::PlayedShort)>{lang.t(Key::PlayedShort)}</th>
                            <th scope="col">{lang.t(Key::WonShort)}</th>
                            <th scope="col">{lang.t(Key::LostShort)}</th>
                            <th scope="col" class="pts">{lang.t(Key::PointsShort)}</th>
                            <th scope="col">{lang.t(Key::DifferenceShort)}</th>
                            <th scope="col">{lang.t(Key::PointsForShort)}</th>
                            <th scope="col">{lang.t(Key::PointsAgainstShort)}</th>
                            <th scope="col">{lang.t(Key::LastFive)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="table-status">{lang.t(status)}" "{lang.t(Key::ConfirmedCount)}</p>
            <details class="why">
                <summary>{lang.t(Key::WhyThisOrder)}</summary>
                <p>{lang.t(Key::TieRules)}</p>
                <ul>
                    {explanations
                        .into_iter()
                        .map(|(_, why)| view! { <li>{why}</li> })
                        .collect_view()}
                </ul>
            </details>
        </section>
    }
}

#[component]
fn Bracket(bracket: BracketView, lang: Lang) -> impl IntoView {
    view! {
        <section class="bracket">
            <h2>{bracket.title}</h2>
            {bracket
                .rounds
                .into_iter()
                .map(|round| {
                    view! {
                        <div class="bracket-round">
                            <ul class="games">
                                {round
                                    .games
                                    .into_iter()
                                    .map(|game| {
                                        let name = crate::i18n::stage_text(lang, &game.label);
                                        view! {
                                            <li class="bracket-game">
                                                <h3>{name}</h3>
                                                <ul class="games"><GameRow game/></ul>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })
                .collect_view()}
        </section>
    }
}

/// Which leaders a table shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Board {
    /// 得分榜: points, per game and fouls.
    Scorers,
    /// 三分榜: three-pointers made (from the box scores that recorded them).
    Threes,
}

/// A leaders' table of the competition, each player linked to their page.
fn leaders_table(lines: Vec<LeaderLine>, board: Board, lang: Lang) -> impl IntoView {
    (!lines.is_empty()).then(|| {
        let rows = lines
            .into_iter()
            .enumerate()
            .map(|(n, line)| {
                let figures = match board {
                    Board::Scorers => view! {
                        <td class="pts">{line.points}</td>
                        <td>{format!("{:.1}", line.per_game)}</td>
                        <td>{line.fouls}</td>
                    }
                    .into_any(),
                    Board::Threes => {
                        view! { <td class="pts">{line.threes.unwrap_or(0)}</td> }.into_any()
                    }
                };
                view! {
                    <tr>
                        <td class="rank">{n + 1}</td>
                        <th scope="row" class="player">
                            <a href=format!("/players/{}", line.player.id)>{line.player.name}</a>
                            <small class="team-of">{line.team.name}</small>
                        </th>
                        <td>{line.games}</td>
                        {figures}
                    </tr>
                }
            })
            .collect_view();
        let (id, title, columns) = match board {
            Board::Scorers => (
                "leaders",
                Key::Leaders,
                view! {
                    <th scope="col">{lang.t(Key::PlayerPoints)}</th>
                    <th scope="col">{lang.t(Key::PerGame)}</th>
                    <th scope="col">{lang.t(Key::FoulsShort)}</th>
                }
                .into_any(),
            ),
            Board::Threes => (
                "three-point-leaders",
                Key::ThreePointLeaders,
                view! { <th scope="col">{lang.t(Key::ThreesShort)}</th> }.into_any(),
            ),
        };
        view! {
            <section class="leaders" aria-labelledby=id>
                <h2 id=id>{lang.t(title)}</h2>
                <div class="scroll">
                    <table class="standings leaders">
                        <thead>
                            <tr>
                                <th scope="col">"#"</th>
                                <th scope="col" class="player">{lang.t(Key::PlayerColumn)}</th>
                                <th scope="col">{lang.t(Key::GamesShort)}</th>
                                {columns}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    })
}
