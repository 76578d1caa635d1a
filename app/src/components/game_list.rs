use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use leptos::prelude::*;

use super::use_lang;
use crate::i18n::{side_text, stage_text, Key, Lang};
use crate::model::{GameCard, GameStatus, Outcome, TeamRef};

fn local(starts_at: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(starts_at).ok()
}

/// "11月28日 周六" / "Sat 28 Nov".
pub fn format_day(date: NaiveDate, lang: Lang) -> String {
    const ZH_WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    match lang {
        Lang::Zh => format!(
            "{}月{}日 {}",
            date.month(),
            date.day(),
            ZH_WEEKDAYS[date.weekday().num_days_from_monday() as usize]
        ),
        Lang::En => date.format("%a %-d %b").to_string(),
    }
}

/// The day a game is played on, in Asia/Shanghai.
pub fn game_day(game: &GameCard) -> Option<NaiveDate> {
    local(&game.starts_at).map(|t| t.date_naive())
}

/// `items` in runs of the same day (in the order given: a day seen again later starts a
/// new run).
pub fn by_day<T>(
    items: impl IntoIterator<Item = T>,
    day_of: impl Fn(&T) -> Option<NaiveDate>,
) -> Vec<(Option<NaiveDate>, Vec<T>)> {
    let mut days: Vec<(Option<NaiveDate>, Vec<T>)> = Vec::new();
    for item in items {
        let day = day_of(&item);
        match days.last_mut() {
            Some((last, list)) if *last == day => list.push(item),
            _ => days.push((day, vec![item])),
        }
    }
    days
}

/// A day's heading over a list of games ("11月28日 周六").
#[component]
pub fn DayHeading(day: Option<NaiveDate>) -> impl IntoView {
    let lang = use_lang();
    day.map(|d| view! { <h3 class="day">{format_day(d, lang)}</h3> })
}

/// Games under a heading per day, in the order given.
#[component]
pub fn GameList(games: Vec<GameCard>, #[prop(optional)] show_day: bool) -> impl IntoView {
    by_day(games, game_day)
        .into_iter()
        .map(|(day, games)| {
            view! {
                {show_day.then(|| view! { <DayHeading day/> })}
                <ul class="games">
                    {games.into_iter().map(|game| view! { <GameRow game/> }).collect_view()}
                </ul>
            }
        })
        .collect_view()
}

fn team_name(team: &Option<TeamRef>, source: &Option<String>, lang: Lang) -> String {
    match (team, source) {
        (Some(team), _) => team.name.clone(),
        (None, Some(source)) => side_text(lang, source),
        (None, None) => lang.t(Key::Tbd).to_string(),
    }
}

/// One game: time and court, the two teams, and the score or the state of play.
#[component]
pub fn GameRow(game: GameCard) -> impl IntoView {
    let lang = use_lang();
    let time = local(&game.starts_at)
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default();
    let home = team_name(&game.home, &game.home_source, lang);
    let away = team_name(&game.away, &game.away_source, lang);
    let scored = matches!(game.status, GameStatus::Played | GameStatus::Forfeit);
    let (home_won, away_won) = match (game.home_score, game.away_score) {
        (Some(h), Some(a)) if scored => (h > a, a > h),
        _ => (false, false),
    };
    let badge = match (game.status, game.outcome) {
        (_, Some(Outcome::ForfeitByHome | Outcome::ForfeitByAway)) => Some(Key::ForfeitShort),
        (_, Some(Outcome::DefaultByHome | Outcome::DefaultByAway)) => Some(Key::DefaultShort),
        (GameStatus::Played, _) => Some(Key::Final),
        (GameStatus::Postponed, _) => Some(Key::Postponed),
        (GameStatus::Cancelled, _) => Some(Key::Cancelled),
        _ if game.live => Some(Key::Live),
        _ => None,
    };
    let score = match (scored, game.live_score) {
        (true, _) => Some(format!(
            "{} : {}",
            game.home_score.unwrap_or_default(),
            game.away_score.unwrap_or_default()
        )),
        (false, Some(live)) => Some(format!("{} : {}", live.home, live.away)),
        _ => None,
    };
    // A game scored live says which period it is in.
    let live_period = game
        .live_score
        .filter(|live| live.period > 0 && !live.finished)
        .map(|live| crate::i18n::period_name(lang, live.period));
    let label = if game.label.is_empty() {
        Key::Round.fill(lang, game.round)
    } else {
        stage_text(lang, &game.label)
    };
    let state_class = if game.live { "state live" } else { "state" };
    // A game that may be scored (or is): `/live.js` writes a `score` event's figures into
    // `data-live-*` — from the tip-off on, without fetching the page again.
    let live_id = (!scored
        && game.status == GameStatus::Scheduled
        && game.home.is_some()
        && game.away.is_some())
    .then_some(game.id);
    let live_lines = live_id.map(|_| game.live_score.map_or(0, |live| live.lines));
    view! {
        <li class="game">
            <a href=format!("/games/{}", game.id)>
                <span class="meta">
                    <time datetime=game.starts_at.clone()>{time}</time>
                    {game.court.map(|c| view! { <span class="court">{c}</span> })}
                    <span class="comp">{game.competition} " · " {label}</span>
                </span>
                <span class="teams">
                    <span class="home" class:won=home_won>{home}</span>
                    <span class="score" data-live-score=live_id data-live-lines=live_lines>{score.unwrap_or_else(|| lang.t(Key::Vs).to_string())}</span>
                    <span class="away" class:won=away_won>{away}</span>
                </span>
                {badge.map(|key| match live_id {
                    Some(id) => view! {
                        <span class=state_class>
                            {lang.t(key)} " " <span data-live-period=id>{live_period.clone()}</span>
                        </span>
                    }
                    .into_any(),
                    None => view! { <span class=state_class>{lang.t(key)}</span> }.into_any(),
                })}
            </a>
        </li>
    }
}
