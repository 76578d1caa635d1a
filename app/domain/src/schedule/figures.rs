//! The figures an organiser reviews before publishing a schedule, counted from the games as
//! they are stored (so they stay true after a game is moved): home and away games, breaks
//! (two home or two away games in a row) and rest days per team.

use chrono::NaiveDate;

/// A game between two known teams (indices) on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacedGame {
    pub home: usize,
    pub away: usize,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamFigures {
    pub home: u32,
    pub away: u32,
    pub breaks: u32,
    /// Shortest rest between two games, in full days.
    pub min_rest_days: Option<u32>,
    rest_total: u64,
    rests: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub teams: Vec<TeamFigures>,
    pub breaks: u32,
    pub min_rest_days: Option<u32>,
    pub avg_rest_days: Option<f64>,
}

pub fn figures(teams: usize, games: &[PlacedGame]) -> Figures {
    let mut per_team: Vec<Vec<(NaiveDate, bool)>> = vec![Vec::new(); teams];
    for game in games {
        per_team[game.home].push((game.date, true));
        per_team[game.away].push((game.date, false));
    }
    let mut figures = Vec::with_capacity(teams);
    for mut played in per_team {
        played.sort();
        let mut team = TeamFigures {
            home: played.iter().filter(|g| g.1).count() as u32,
            away: played.iter().filter(|g| !g.1).count() as u32,
            ..TeamFigures::default()
        };
        for pair in played.windows(2) {
            let rest = ((pair[1].0 - pair[0].0).num_days() - 1).max(0) as u32;
            team.min_rest_days = Some(team.min_rest_days.map_or(rest, |m| m.min(rest)));
            team.rest_total += rest as u64;
            team.rests += 1;
            if pair[0].1 == pair[1].1 {
                team.breaks += 1;
            }
        }
        figures.push(team);
    }
    let rests: u64 = figures.iter().map(|t| t.rests).sum();
    let rest_total: u64 = figures.iter().map(|t| t.rest_total).sum();
    Figures {
        breaks: figures.iter().map(|t| t.breaks).sum(),
        min_rest_days: figures.iter().filter_map(|t| t.min_rest_days).min(),
        avg_rest_days: (rests > 0).then(|| rest_total as f64 / rests as f64),
        teams: figures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, day).unwrap()
    }

    #[test]
    fn counts_home_away_breaks_and_rest() {
        let games = [
            PlacedGame {
                home: 0,
                away: 1,
                date: on(1),
            },
            PlacedGame {
                home: 0,
                away: 2,
                date: on(4),
            },
            PlacedGame {
                home: 2,
                away: 1,
                date: on(8),
            },
        ];
        let f = figures(3, &games);
        assert_eq!((f.teams[0].home, f.teams[0].away), (2, 0));
        // Team 0: home, home — one break, two full days of rest between 1 and 4 May.
        assert_eq!(f.teams[0].breaks, 1);
        assert_eq!(f.teams[0].min_rest_days, Some(2));
        // Team 1: away on 1 and 8 May, six days between: a break.
        assert_eq!(f.teams[1].breaks, 1);
        assert_eq!(f.teams[1].min_rest_days, Some(6));
        // Team 2: away 4 May, home 8 May: no break, three days.
        assert_eq!(f.teams[2].breaks, 0);
        assert_eq!(f.breaks, 2);
        assert_eq!(f.min_rest_days, Some(2));
        assert_eq!(f.avg_rest_days, Some((2.0 + 6.0 + 3.0) / 3.0));
    }

    #[test]
    fn no_games_no_rest() {
        let f = figures(2, &[]);
        assert_eq!(f.min_rest_days, None);
        assert_eq!(f.avg_rest_days, None);
        assert_eq!(f.breaks, 0);
    }
}
