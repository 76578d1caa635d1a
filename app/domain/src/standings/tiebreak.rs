//! The order of teams: classification points, then Annex D, D.1.3 with the D.1.4 restart.
//!
//! Teams are indices here, numbered in the order of their identifiers, so that "a fixed
//! order" for teams that nothing separates is simply ascending index.

use super::explain::Criterion;
use super::game::Recorded;

/// A validated game between two team indices.
#[derive(Debug, Clone, Copy)]
pub(super) struct TableGame {
    pub home: usize,
    pub away: usize,
    pub recorded: Recorded,
}

/// A team's totals over some set of games.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Tally {
    pub points: u32,
    pub scored: u32,
    pub conceded: u32,
}

impl Tally {
    pub fn difference(&self) -> i64 {
        i64::from(self.scored) - i64::from(self.conceded)
    }
}

/// Totals for each of `team_count` teams over the games for which `counts` says yes.
pub(super) fn tally(
    games: &[TableGame],
    team_count: usize,
    counts: impl Fn(&TableGame) -> bool,
) -> Vec<Tally> {
    let mut tallies = vec![Tally::default(); team_count];
    for game in games.iter().filter(|g| counts(g)) {
        let r = game.recorded;
        let home = &mut tallies[game.home];
        home.points += r.home_points;
        home.scored += r.home_score;
        home.conceded += r.away_score;
        let away = &mut tallies[game.away];
        away.points += r.away_points;
        away.scored += r.away_score;
        away.conceded += r.home_score;
    }
    tallies
}

/// How a team relates to the one listed right after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Link {
    /// Fewer classification points, or the end of the table: nothing to explain.
    Unrelated,
    Separated {
        criterion: Criterion,
        among: Vec<usize>,
        values: (i64, i64),
    },
    /// Nothing in Annex D separates the teams `among`.
    Level { among: Vec<usize> },
}

/// The table order, each team with its link to the next one.
pub(super) fn order(games: &[TableGame], team_count: usize) -> Vec<(usize, Link)> {
    let overall = tally(games, team_count, |_| true);
    let by_points = split((0..team_count).collect(), |team| {
        i64::from(overall[team].points)
    });
    let ranker = Ranker { games, overall };
    by_points
        .into_iter()
        .flat_map(|group| ranker.resolve(group))
        .collect()
}

struct Ranker<'a> {
    games: &'a [TableGame],
    overall: Vec<Tally>,
}

impl Ranker<'_> {
    /// D.1.3: order teams level on classification points. The last team's link is
    /// `Unrelated`: whatever follows it is the caller's business.
    ///
    /// D.1.4: as soon as a criterion splits the teams, each resulting group of two or more
    /// starts again from the first criterion with only the games among that group — never
    /// by carrying on down the list with the larger group's figures.
    fn resolve(&self, tied: Vec<usize>) -> Vec<(usize, Link)> {
        if tied.len() < 2 {
            return tied.into_iter().map(|t| (t, Link::Unrelated)).collect();
        }
        let head_to_head = tally(self.games, self.overall.len(), |g| {
            tied.contains(&g.home) && tied.contains(&g.away)
        });
        for criterion in Criterion::IN_ORDER {
            let value = |team: usize| {
                let (h2h, all) = (&head_to_head[team], &self.overall[team]);
                match criterion {
                    Criterion::HeadToHeadPoints => i64::from(h2h.points),
                    Criterion::HeadToHeadDifference => h2h.difference(),
                    Criterion::HeadToHeadScored => i64::from(h2h.scored),
                    Criterion::OverallDifference => all.difference(),
                    Criterion::OverallScored => i64::from(all.scored),
                }
            };
            let groups = split(tied.clone(), value);
            if groups.len() == 1 {
                continue;
            }
            let mut placed: Vec<(usize, Link)> = Vec::with_capacity(tied.len());
            for group in groups {
                let resolved = self.resolve(group);
                if let Some((above, link)) = placed.last_mut() {
                    let below = resolved[0].0;
                    *link = Link::Separated {
                        criterion,
                        among: tied.clone(),
                        values: (value(*above), value(below)),
                    };
                }
                placed.extend(resolved);
            }
            return placed;
        }
        let n = tied.len();
        tied.iter()
            .enumerate()
            .map(|(i, &team)| {
                let link = if i + 1 < n {
                    Link::Level {
                        among: tied.clone(),
                    }
                } else {
                    Link::Unrelated
                };
                (team, link)
            })
            .collect()
    }
}

/// Groups of equal `value`, highest first; within a group, ascending index.
fn split(mut teams: Vec<usize>, value: impl Fn(usize) -> i64) -> Vec<Vec<usize>> {
    teams.sort_by_key(|&t| (std::cmp::Reverse(value(t)), t));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for team in teams {
        match groups.last_mut() {
            Some(group) if value(group[0]) == value(team) => group.push(team),
            _ => groups.push(vec![team]),
        }
    }
    groups
}
