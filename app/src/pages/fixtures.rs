use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::loaded;
use crate::api::get_fixtures;
use crate::components::{
    use_lang, CalendarLink, CompetitionSwitcher, Empty, GameList, Hears, Layout, LiveTopic,
    PageTitle,
};
use crate::i18n::Key;
use crate::model::{Choice, FixtureDays, FixtureFilter};

/// 赛程: the games of the published competitions by day, narrowed by competition, team,
/// villager group or court. It opens at today (today's games and every day after); the days
/// before are one link away (`?from=past`, the latest day first). The filter is a plain GET
/// form: it works without JavaScript and every filtered view has its own address to share.
#[component]
pub fn FixturesPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter = move || {
        let query = query.read();
        let id = |name: &str| query.get(name).and_then(|v| v.parse::<i32>().ok());
        let (from, past) = FixtureFilter::PAST;
        FixtureFilter {
            competition: id("competition"),
            team: id("team"),
            group: id("group"),
            court: id("court"),
            days: if query.get(from).as_deref() == Some(past) {
                FixtureDays::BeforeToday
            } else {
                FixtureDays::FromToday
            },
        }
    };
    let data = Resource::new(filter, get_fixtures);
    // The list hears the changes of what it shows: results and schedule changes always (a
    // game moved to or from a court, a day, a group's list). A live score is written where
    // the list shows the game; only the list from today on, not narrowed by group or court,
    // shows every game that may be scored now, so the others do not hear scores (a score of
    // a game they do not list would fetch the page for nothing).
    let live = {
        let shown = untrack(filter);
        LiveTopic {
            competition: shown.competition,
            team: shown.team,
            game: None,
            hears: if shown.days == FixtureDays::BeforeToday
                || shown.group.is_some()
                || shown.court.is_some()
            {
                Hears::NoScores
            } else {
                Hears::Everything
            },
        }
    };
    view! {
        <Layout live=live>
            <PageTitle text=lang.t(Key::Fixtures)/>
            {loaded(data, move |data| {
                let current = filter();
                let earlier_view = current.days == FixtureDays::BeforeToday;
                let other_days = FixtureFilter {
                    days: if earlier_view { FixtureDays::FromToday } else { FixtureDays::BeforeToday },
                    ..current.clone()
                }
                .href();
                // The way to the other days, above the list: back to today from the days
                // before; from today to the days before, when there are any.
                let switch_days = if earlier_view {
                    Some(view! { <p class="more days"><a href=other_days id="from-today">{lang.t(Key::FromTodayGames)} " →"</a></p> }.into_any())
                } else {
                    (data.earlier > 0).then(|| view! {
                        <p class="more days"><a href=other_days id="earlier-games">"← " {Key::EarlierGames.fill(lang, data.earlier)}</a></p>
                    }.into_any())
                };
                let empty = if earlier_view { Key::NoFixtures } else { Key::NoFixturesFromToday };
                view! {
                    <CompetitionSwitcher competitions=data.competitions selected=current.competition base="/fixtures" all=true/>
                    <form method="get" action="/fixtures" class="filters">
                        {current.competition.map(|id| view! { <input type="hidden" name="competition" value=id/> })}
                        {earlier_view.then(|| {
                            let (name, value) = FixtureFilter::PAST;
                            view! { <input type="hidden" name=name value=value/> }
                        })}
                        <Select name="team" label=Key::FilterTeam choices=data.teams selected=current.team/>
                        <Select name="group" label=Key::FilterGroup choices=data.groups selected=current.group/>
                        <Select name="court" label=Key::FilterCourt choices=data.courts selected=current.court/>
                        <button type="submit">{lang.t(Key::Apply)}</button>
                    </form>
                    {match (current.team, current.court, current.competition) {
                        (Some(id), _, _) => Some((format!("/calendar/teams/{id}.ics"), Key::SubscribeTeam)),
                        (None, Some(id), _) => Some((format!("/calendar/courts/{id}.ics"), Key::SubscribeCourt)),
                        (None, None, Some(id)) => Some((format!("/calendar/competitions/{id}.ics"), Key::SubscribeCompetition)),
                        (None, None, None) => None,
                    }
                    .map(|(href, label)| view! { <CalendarLink href label/> })}
                    {earlier_view.then(|| view! { <h2>{lang.t(Key::EarlierGamesTitle)}</h2> })}
                    {switch_days}
                    {if data.games.is_empty() {
                        view! { <Empty text=empty/> }.into_any()
                    } else {
                        view! { <GameList games=data.games show_day=true/> }.into_any()
                    }}
                }
            })}
        </Layout>
    }
}

#[component]
fn Select(
    name: &'static str,
    label: Key,
    choices: Vec<Choice>,
    selected: Option<i32>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label>
            <span>{lang.t(label)}</span>
            <select name=name>
                <option value="" selected=selected.is_none()>{lang.t(Key::Any)}</option>
                {choices
                    .into_iter()
                    .map(|c| view! { <option value=c.id selected=selected == Some(c.id)>{c.name}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
