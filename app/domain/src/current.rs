//! Which competition a resident means when they name none: the one being played now.
//!
//! A published festival cup weeks ahead must not push the running league off the standings
//! page. The order, best first:
//! 1. competitions not finished before finished ones;
//! 2. those whose dates include today (Beijing time);
//! 3. those with at least one game played (a table of zeros helps nobody);
//! 4. the nearest game to now, the last played or the next to play;
//! 5. the later start, then the smaller id, so the order is always the same.
use std::cmp::Reverse;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// A published competition as the choice sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Competition {
    pub id: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub finished: bool,
}

/// One of its games (cancelled games left out by the caller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Game {
    pub competition: i32,
    pub starts_at: DateTime<Utc>,
    /// Played or forfeited: it counts in a table.
    pub played: bool,
}

/// The competitions' ids, the one being played now first (see the module's order).
/// `today` is the calendar day `now` falls on in Asia/Shanghai.
pub fn order(
    competitions: &[Competition],
    games: &[Game],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<i32> {
    // Per competition: whether a game was played, and the nearest game's distance from now.
    let mut activity: HashMap<i32, (bool, Option<TimeDelta>)> = HashMap::new();
    for game in games {
        let (played, nearest) = activity.entry(game.competition).or_default();
        *played |= game.played;
        let distance = (game.starts_at - now).abs();
        if nearest.is_none_or(|n| distance < n) {
            *nearest = Some(distance);
        }
    }
    let mut ranked: Vec<_> = competitions
        .iter()
        .map(|c| {
            let (played, nearest) = activity.get(&c.id).copied().unwrap_or_default();
            let key = (
                c.finished,
                !(c.starts_on <= today && today <= c.ends_on),
                !played,
                nearest.unwrap_or(TimeDelta::MAX),
                Reverse(c.starts_on),
                c.id,
            );
            (key, c.id)
        })
        .collect();
    ranked.sort();
    ranked.into_iter().map(|(_, id)| id).collect()
}

/// The competition being played now, if any is published.
pub fn current(
    competitions: &[Competition],
    games: &[Game],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Option<i32> {
    order(competitions, games, today, now).first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn at(m: u32, d: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, m, d, hour, 0, 0).unwrap()
    }

    fn competition(id: i32, from: NaiveDate, to: NaiveDate, finished: bool) -> Competition {
        Competition {
            id,
            starts_on: from,
            ends_on: to,
            finished,
        }
    }

    fn game(competition: i32, starts_at: DateTime<Utc>, played: bool) -> Game {
        Game {
            competition,
            starts_at,
            played,
        }
    }

    #[test]
    fn the_running_league_beats_a_published_cup_ahead_and_a_finished_one() {
        let (today, now) = (day(12, 7), at(12, 7, 4));
        let league = competition(1, day(11, 1), day(12, 31), false);
        let cup_ahead = competition(2, day(12, 24), day(12, 26), false);
        let cup_done = competition(3, day(9, 23), day(9, 25), true);
        let games = [
            game(1, at(12, 4, 11), true),
            game(1, at(12, 10, 11), false),
            game(2, at(12, 24, 7), false),
            game(3, at(9, 25, 11), true),
        ];
        let all = [cup_ahead, cup_done, league];
        assert_eq!(order(&all, &games, today, now), vec![1, 2, 3]);
        assert_eq!(current(&all, &games, today, now), Some(1));
    }

    #[test]
    fn between_competitions_the_nearest_game_decides_among_those_with_results() {
        let (today, now) = (day(12, 7), at(12, 7, 4));
        // The league ended last week (results still to be finalised), a cup starts in 3 days
        // and another league in spring.
        let league = competition(1, day(9, 1), day(12, 1), false);
        let cup = competition(2, day(12, 10), day(12, 12), false);
        let spring = competition(3, day(3, 1), day(5, 1), false);
        let games = [
            game(1, at(12, 1, 11), true),
            game(2, at(12, 10, 7), false),
            game(3, at(3, 2, 11), true),
        ];
        let all = [cup, spring, league];
        assert_eq!(order(&all, &games, today, now), vec![1, 3, 2]);
        // Once the cup has a result, it is the nearest played one.
        let games = [
            game(1, at(12, 1, 11), true),
            game(2, at(12, 6, 7), true),
            game(3, at(3, 2, 11), true),
        ];
        assert_eq!(current(&all, &games, today, now), Some(2));
    }

    #[test]
    fn a_cup_on_its_festival_days_comes_before_the_league_around_it() {
        let (today, now) = (day(9, 24), at(9, 24, 10));
        let league = competition(1, day(8, 1), day(11, 30), false);
        let cup = competition(2, day(9, 23), day(9, 25), false);
        let games = [
            game(1, at(9, 21, 11), true),
            game(1, at(9, 27, 11), false),
            game(2, at(9, 23, 7), true),
            game(2, at(9, 24, 11), false),
        ];
        assert_eq!(current(&[league, cup], &games, today, now), Some(2));
    }

    #[test]
    fn finished_ones_come_last_and_the_latest_first_among_them() {
        let (today, now) = (day(12, 7), at(12, 7, 4));
        let old = competition(1, day(2, 1), day(2, 3), true);
        let recent = competition(2, day(9, 23), day(9, 25), true);
        let empty = competition(3, day(12, 20), day(12, 22), false);
        let games = [game(1, at(2, 3, 11), true), game(2, at(9, 25, 11), true)];
        assert_eq!(
            order(&[old.clone(), recent.clone(), empty], &games, today, now),
            vec![3, 2, 1]
        );
        assert_eq!(current(&[old, recent], &games, today, now), Some(2));
        assert_eq!(current(&[], &games, today, now), None);
    }
}
