use leptos::prelude::*;

use super::{id_param, loaded, missing};
use crate::api::{get_game, get_may_score, get_open_report};
use crate::components::share::game_card;
use crate::components::{use_lang, GameRow, Layout, LiveTopic, PageTitle, ShareLink, ShareMeta};
use crate::i18n::Key;
use crate::model::{BoxLineView, LiveScore};

/// One game: the teams, time, court, and the score by period when it has been played.
#[component]
pub fn GamePage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param();
    let data = Resource::new(id, get_game);
    let open = Resource::new(id, get_open_report);
    let may_score = Resource::new(id, get_may_score);
    view! {
        <Layout live=LiveTopic::game(untrack(id))>
            {loaded(data, move |data| {
                let Some(data) = data else {
                    return missing(Key::NoSuchGame);
                };
                let game = data.game;
                let title = match (&game.home, &game.away) {
                    (Some(h), Some(a)) => format!("{} {} {}", h.name, lang.t(Key::Vs), a.name),
                    _ => format!("{} · {}", game.competition, game.label),
                };
                let home = game.home.as_ref().map(|t| t.name.clone()).unwrap_or_default();
                let away = game.away.as_ref().map(|t| t.name.clone()).unwrap_or_default();
                let when = chrono::DateTime::parse_from_rfc3339(&game.starts_at).ok();
                let day = when
                    .map(|t| crate::components::format_day(t.date_naive(), lang))
                    .unwrap_or_default();
                let description = {
                    let scored = matches!(game.status, crate::model::GameStatus::Played | crate::model::GameStatus::Forfeit);
                    let what = match (scored, game.home_score, game.away_score) {
                        (true, Some(h), Some(a)) => format!("{home} {h}:{a} {away}"),
                        _ => format!("{} {}", day, when.map(|t| t.format("%H:%M").to_string()).unwrap_or_default()),
                    };
                    [Some(what), Some(game.competition.clone()), game.court.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ")
                };
                let periods = data.periods;
                let (home_name, away_name) = (home.clone(), away.clone());
                // Not scored live yet: a first score event fetches the page (it gains the
                // 直播比分 section) instead of only writing into the game's row.
                let not_live_yet = (game.live_score.is_none() && game.status == crate::model::GameStatus::Scheduled)
                    .then(|| view! { <span hidden data-live-missing=game.id></span> });
                let live_score = game.live_score.map(|live| live_view(game.id, live, &home_name, &away_name));
                let by_period = (!periods.is_empty()).then(|| {
                    let header = periods
                        .iter()
                        .enumerate()
                        .map(|(n, _)| {
                            let label = if n < 4 {
                                Key::QuarterShort.fill(lang, n + 1)
                            } else {
                                Key::OvertimeShort.fill(lang, n - 3)
                            };
                            view! { <th scope="col">{label}</th> }
                        })
                        .collect_view();
                    let line = |name: String, pick: fn(&(i32, i32)) -> i32| {
                        let total: i32 = periods.iter().map(pick).sum();
                        view! {
                            <tr>
                                <th scope="row" class="team">{name}</th>
                                {periods.iter().map(|p| view! { <td>{pick(p)}</td> }).collect_view()}
                                <td class="pts">{total}</td>
                            </tr>
                        }
                    };
                    view! {
                        <h2>{lang.t(Key::ScoreByPeriod)}</h2>
                        <div class="scroll">
                            <table class="standings periods">
                                <thead><tr><th></th>{header}<th scope="col">{lang.t(Key::Total)}</th></tr></thead>
                                <tbody>{line(home, |p| p.0)}{line(away, |p| p.1)}</tbody>
                            </table>
                        </div>
                    }
                });
                let box_score = (!data.box_score.is_empty())
                    .then(|| box_score_view(data.box_score, home_name, away_name));
                let card = game_card(game.id);
                let plays = |team: &Option<crate::model::TeamRef>| team.as_ref().map(|t| t.id);
                let may_report = crate::auth::viewer().is_some_and(|viewer| {
                    viewer.organises() || viewer.captains(plays(&game.home)) || viewer.captains(plays(&game.away))
                });
                let adjust_link = crate::auth::viewer().is_some_and(|viewer| viewer.organises()).then(|| {
                    // The notice-board sheet of the game's week (after a move, the new week's).
                    let week = format!("/print/week?date={}", game.starts_at.get(..10).unwrap_or_default());
                    view! {
                        <p class="row">
                            <a class="button adjust" href=format!("/admin/games/{}/move", game.id)>{lang.t(Key::AdjustGame)}</a>
                            <a class="button week-sheet" href=week>{lang.t(Key::GameWeekSheet)}</a>
                        </p>
                    }
                });
                let report_link = may_report.then(|| {
                    view! { <p><a class="button primary" href=format!("/games/{}/report", game.id)>{lang.t(Key::ReportScore)}</a></p> }
                });
                view! {
                    <ShareMeta title=format!("{title} · {}", lang.t(Key::AppName)) description card=card.clone()/>
                    <PageTitle text=title/>
                    <crate::components::Flash/>
                    <p class="facts">{day}</p>
                    <ul class="games"><GameRow game/></ul>
                    {live_score}
                    {not_live_yet}
                    {by_period}
                    {box_score}
                    {loaded(open, move |open| open.map(|open| {
                        let text = if open.status == crate::model::ReportStatus::Disputed {
                            Key::DisputedBy.fill(lang, open.comment.unwrap_or_default())
                        } else {
                            Key::AwaitingConfirmation.fill(lang, open.by)
                        };
                        view! {
                            <section class="open-report">
                                <h2>{lang.t(Key::ProvisionalResult)}</h2>
                                <p class="big-score">{format!("{} : {}", open.home, open.away)}</p>
                                <p class="notice">{text}</p>
                            </section>
                        }
                    }))}
                    {loaded(may_score, move |may| may.then(|| view! {
                        <p><a class="button primary sheet-link" href=format!("/games/{id}/live", id = untrack(id))>{lang.t(Key::ScoreSheet)}</a></p>
                    }))}
                    {report_link}
                    {adjust_link}
                    <ShareLink card/>
                }
                .into_any()
            })}
        </Layout>
    }
}

/// The score of a game being scored live: the score, the period and the team fouls.
pub fn live_view(game: i32, live: LiveScore, home: &str, away: &str) -> impl IntoView {
    let lang = use_lang();
    let period = if live.finished {
        lang.t(Key::SheetEndGame).to_owned()
    } else if live.period == 0 {
        String::new()
    } else {
        crate::i18n::period_name(lang, live.period)
    };
    let facts = Key::LiveScoreFacts.fill_args(lang, &[&period, &live.home_fouls, &live.away_fouls]);
    // `data-live-*`: where `/live.js` writes the score a `score` event carries.
    view! {
        <section class="live-score" aria-label=lang.t(Key::LiveScoreTitle)>
            <h2>{lang.t(Key::LiveScoreTitle)}</h2>
            <p class="big-score">
                <span class="team">{home.to_owned()}</span>
                " " <span data-live-score=game data-live-lines=live.lines>{format!("{} : {}", live.home, live.away)}</span> " "
                <span class="team">{away.to_owned()}</span>
            </p>
            <p class="facts" data-live-facts=game data-template=lang.t(Key::LiveScoreFacts)>{facts}</p>
        </section>
    }
}

/// Players' points and fouls, one table per team, top scorers first.
pub fn box_score_view(lines: Vec<BoxLineView>, home: String, away: String) -> impl IntoView {
    let lang = use_lang();
    let (home_lines, away_lines): (Vec<_>, Vec<_>) = lines.into_iter().partition(|l| l.home);
    let table = move |team: String, lines: Vec<BoxLineView>| {
        (!lines.is_empty()).then(|| {
            view! {
                <table class="standings box-score">
                    <caption>{team}</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="num">"#"</th>
                            <th scope="col" class="player">{lang.t(Key::PlayerColumn)}</th>
                            <th scope="col">{lang.t(Key::PlayerPoints)}</th>
                            <th scope="col">{lang.t(Key::FoulsShort)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {lines.into_iter().map(|line| view! {
                            <tr>
                                <td class="num">{line.player.number}</td>
                                <th scope="row" class="player">
                                    <a href=format!("/players/{}", line.player.id)>{line.player.name}</a>
                                </th>
                                <td class="pts">{line.points}</td>
                                <td>{line.fouls}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
    };
    view! {
        <h2>{lang.t(Key::BoxScore)}</h2>
        <div class="box-scores">
            {table(home, home_lines)}
            {table(away, away_lines)}
        </div>
    }
}
