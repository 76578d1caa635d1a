//! Constructive generators: round robins, seeded groups and knockout brackets.
//!
//! The round robin is the circle method with de Werra's home/away orientation, which reaches
//! the fewest breaks possible: n − 2 for a single round robin and 3n − 6 for a mirrored double
//! round robin (n even). The optimiser starts from it; organisers can use it as is.

use super::robinx::{Game, TeamId};

/// One game of a generated round robin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pairing {
    pub home: TeamId,
    pub away: TeamId,
}

/// How the second half of a double round robin follows the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SecondHalf {
    /// Round n−1+r repeats round r with venues swapped: the common choice, 3n − 6 breaks.
    Mirrored,
    /// The French scheme: the second half plays the first half's rounds 2, 3, …, n−1 and
    /// then round 1, venues swapped, so the opening pairs meet again only at the very end.
    French,
}

/// A round-robin timetable: `rounds[r]` are the games of round r, `byes[r]` who rests.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RoundRobin {
    pub teams: usize,
    pub rounds: Vec<Vec<Pairing>>,
    pub byes: Vec<Vec<TeamId>>,
}

impl RoundRobin {
    /// Every game, its round as its slot.
    pub fn games(&self) -> Vec<Game> {
        self.rounds
            .iter()
            .enumerate()
            .flat_map(|(slot, round)| {
                round.iter().map(move |p| Game {
                    home: p.home,
                    away: p.away,
                    slot,
                })
            })
            .collect()
    }

    /// Breaks: games played with the same venue as the team's previous game.
    pub fn breaks(&self) -> usize {
        count_breaks(self.teams, self.rounds.len(), &self.games())
    }
}

/// Breaks of all teams in `games` (a team's previous game is its latest in an earlier slot).
pub fn count_breaks(teams: usize, slots: usize, games: &[Game]) -> usize {
    super::validate::Timetable::new(teams, slots, games).total_breaks()
}

/// A single round robin for `teams` teams (odd counts get a bye each round) with the fewest
/// breaks: n − 2 for even n.
pub fn single_round_robin(teams: usize) -> RoundRobin {
    // With an odd count a phantom team completes the circle; its opponent rests.
    let size = teams + teams % 2;
    let fixed = size - 1;
    let cycle = size - 1;
    let mut rounds = Vec::with_capacity(cycle);
    let mut byes = Vec::with_capacity(cycle);
    for round in 0..cycle {
        let mut games = Vec::with_capacity(size / 2);
        let mut resting = Vec::new();
        // de Werra's orientation: the fixed team alternates venue by round, and the edge at
        // distance i from the round's pivot is hosted by alternating sides as i grows. Every
        // team except two then alternates perfectly, which is the n − 2 lower bound.
        let (host, guest) = if round.is_multiple_of(2) {
            (round, fixed)
        } else {
            (fixed, round)
        };
        games.push(Pairing {
            home: host,
            away: guest,
        });
        for distance in 1..size / 2 {
            let ahead = (round + distance) % cycle;
            let behind = (round + cycle - distance) % cycle;
            let (home, away) = if distance % 2 == 1 {
                (ahead, behind)
            } else {
                (behind, ahead)
            };
            games.push(Pairing { home, away });
        }
        if size != teams {
            games.retain(|p| {
                let phantom = p.home == teams || p.away == teams;
                if phantom {
                    resting.push(if p.home == teams { p.away } else { p.home });
                }
                !phantom
            });
        }
        rounds.push(games);
        byes.push(resting);
    }
    RoundRobin {
        teams,
        rounds,
        byes,
    }
}

/// A double round robin: a single round robin and its return games.
pub fn double_round_robin(teams: usize, second_half: SecondHalf) -> RoundRobin {
    let first = single_round_robin(teams);
    let flip = |round: &Vec<Pairing>| -> Vec<Pairing> {
        round
            .iter()
            .map(|p| Pairing {
                home: p.away,
                away: p.home,
            })
            .collect()
    };
    let order: Vec<usize> = match second_half {
        SecondHalf::Mirrored => (0..first.rounds.len()).collect(),
        SecondHalf::French => (1..first.rounds.len()).chain(std::iter::once(0)).collect(),
    };
    let mut rounds = first.rounds.clone();
    let mut byes = first.byes.clone();
    for &r in &order {
        rounds.push(flip(&first.rounds[r]));
        byes.push(first.byes[r].clone());
    }
    RoundRobin {
        teams,
        rounds,
        byes,
    }
}

/// Deals seeded teams into `groups` groups in snake order (1→A, 2→B, …, then back from the
/// last group), so every group gets a similar spread of strength. `seeded` is best first.
pub fn snake_draw<T: Clone>(seeded: &[T], groups: usize) -> Vec<Vec<T>> {
    let groups = groups.max(1);
    let mut dealt = vec![Vec::new(); groups];
    for (index, team) in seeded.iter().enumerate() {
        let row = index / groups;
        let column = index % groups;
        let group = if row.is_multiple_of(2) {
            column
        } else {
            groups - 1 - column
        };
        dealt[group].push(team.clone());
    }
    dealt
}

/// Who fills one side of a knockout match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Entrant {
    /// The team seeded `n` (1 = best).
    Seed(usize),
    /// The winner of match `id`.
    WinnerOf(usize),
    /// The loser of match `id` (third-place game).
    LoserOf(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KnockoutMatch {
    /// Unique across the bracket, numbered in playing order from 1.
    pub id: usize,
    pub first: Entrant,
    pub second: Entrant,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KnockoutRound {
    /// "Final", "Semi-final", "Quarter-final", "Round of 16", … or "Third place".
    pub name: String,
    pub matches: Vec<KnockoutMatch>,
}

/// A single-elimination bracket, ready for a UI to draw.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Bracket {
    pub entrants: usize,
    pub rounds: Vec<KnockoutRound>,
    /// Seeds that skip the first round because the field is not a power of two.
    pub byes: Vec<usize>,
}

/// Standard seeding order for a bracket of `size` (a power of two): 1, 16, 8, 9, 4, 13, …
/// so that seeds 1 and 2 can only meet in the final.
pub fn seeding_order(size: usize) -> Vec<usize> {
    let mut order = vec![1];
    while order.len() < size {
        let doubled = order.len() * 2;
        order = order
            .iter()
            .flat_map(|&seed| [seed, doubled + 1 - seed])
            .collect();
    }
    order
}

/// A knockout bracket for `entrants` seeded teams (at least 2). When the field is not a power
/// of two the top seeds get byes into the second round.
pub fn knockout(entrants: usize, third_place_game: bool) -> Bracket {
    let entrants = entrants.max(2);
    let size = entrants.next_power_of_two();
    let order = seeding_order(size);
    let mut next_id = 1;
    let mut rounds = Vec::new();
    let mut byes = Vec::new();
    // Each line of the draw is filled by a seed (directly, or after a bye) or by a winner.
    let mut lines: Vec<Entrant> = Vec::new();
    let mut first_round = Vec::new();
    for pair in order.chunks(2) {
        let (a, b) = (pair[0], pair[1]);
        match (a <= entrants, b <= entrants) {
            (true, true) => {
                first_round.push(KnockoutMatch {
                    id: next_id,
                    first: Entrant::Seed(a),
                    second: Entrant::Seed(b),
                });
                lines.push(Entrant::WinnerOf(next_id));
                next_id += 1;
            }
            (true, false) => {
                byes.push(a);
                lines.push(Entrant::Seed(a));
            }
            (false, true) => {
                byes.push(b);
                lines.push(Entrant::Seed(b));
            }
            (false, false) => unreachable!("standard seeding never pairs two byes"),
        }
    }
    // The third-place game needs two real semi-finals (three teams have only one).
    let mut semi_finals: Vec<usize> = if size == 4 {
        first_round.iter().map(|m| m.id).collect()
    } else {
        Vec::new()
    };
    rounds.push(KnockoutRound {
        name: round_name(size),
        matches: first_round,
    });
    let mut remaining = size / 2;
    while remaining >= 2 {
        let mut matches = Vec::new();
        let mut winners = Vec::new();
        for pair in lines.chunks(2) {
            matches.push(KnockoutMatch {
                id: next_id,
                first: pair[0],
                second: pair[1],
            });
            winners.push(Entrant::WinnerOf(next_id));
            next_id += 1;
        }
        if remaining == 4 {
            semi_finals = matches.iter().map(|m| m.id).collect();
        }
        if remaining == 2 && third_place_game && semi_finals.len() == 2 {
            // Played before the final, as is customary.
            rounds.push(KnockoutRound {
                name: "Third place".into(),
                matches: vec![KnockoutMatch {
                    id: next_id,
                    first: Entrant::LoserOf(semi_finals[0]),
                    second: Entrant::LoserOf(semi_finals[1]),
                }],
            });
            next_id += 1;
            for m in &mut matches {
                m.id = next_id;
            }
            winners = vec![Entrant::WinnerOf(next_id)];
            next_id += 1;
        }
        rounds.push(KnockoutRound {
            name: round_name(remaining),
            matches,
        });
        lines = winners;
        remaining /= 2;
    }
    // A two-team bracket is just its final: the "first round" built above.
    rounds.retain(|r| !r.matches.is_empty());
    byes.sort_unstable();
    Bracket {
        entrants,
        rounds,
        byes,
    }
}

fn round_name(teams_left: usize) -> String {
    match teams_left {
        2 => "Final".into(),
        4 => "Semi-final".into(),
        8 => "Quarter-final".into(),
        n => format!("Round of {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::robinx::Format;
    use super::super::validate::structure_violations;
    use super::*;

    #[test]
    fn single_round_robin_reaches_n_minus_2_breaks() {
        for n in (4..=20).step_by(2) {
            let rr = single_round_robin(n);
            let compact = Format {
                round_robins: 1,
                compact: true,
                phased: false,
            };
            assert_eq!(
                structure_violations(compact, n, n - 1, &rr.games()),
                vec![],
                "n={n}"
            );
            assert_eq!(rr.breaks(), n - 2, "n={n}");
        }
    }

    #[test]
    fn mirrored_double_round_robin_reaches_3n_minus_6_breaks() {
        for n in (4..=20).step_by(2) {
            let rr = double_round_robin(n, SecondHalf::Mirrored);
            let phased = Format {
                round_robins: 2,
                compact: true,
                phased: true,
            };
            assert_eq!(
                structure_violations(phased, n, 2 * (n - 1), &rr.games()),
                vec![]
            );
            assert_eq!(rr.breaks(), 3 * n - 6, "n={n}");
        }
    }

    #[test]
    fn french_scheme_is_a_phased_double_round_robin() {
        for n in [4, 6, 10] {
            let rr = double_round_robin(n, SecondHalf::French);
            let phased = Format {
                round_robins: 2,
                compact: true,
                phased: true,
            };
            assert_eq!(
                structure_violations(phased, n, 2 * (n - 1), &rr.games()),
                vec![]
            );
        }
    }

    #[test]
    fn odd_team_counts_rest_one_team_per_round() {
        for n in [3, 5, 7, 9] {
            let rr = double_round_robin(n, SecondHalf::Mirrored);
            let relaxed = Format {
                round_robins: 2,
                compact: false,
                phased: true,
            };
            assert_eq!(
                structure_violations(relaxed, n, rr.rounds.len(), &rr.games()),
                vec![]
            );
            assert!(rr.byes.iter().all(|b| b.len() == 1));
            // Everyone rests exactly twice over the two halves.
            let mut rests = vec![0; n];
            rr.byes.iter().flatten().for_each(|&t| rests[t] += 1);
            assert!(rests.iter().all(|&r| r == 2), "n={n}: {rests:?}");
        }
    }

    #[test]
    fn snake_draw_balances_seeds() {
        let groups = snake_draw(&[1, 2, 3, 4, 5, 6, 7, 8], 4);
        assert_eq!(groups, vec![vec![1, 8], vec![2, 7], vec![3, 6], vec![4, 5]]);
        let groups = snake_draw(&[1, 2, 3, 4, 5, 6, 7], 2);
        assert_eq!(groups, vec![vec![1, 4, 5], vec![2, 3, 6, 7]]);
    }

    #[test]
    fn sixteen_team_bracket_uses_standard_seeding() {
        let bracket = knockout(16, false);
        let first: Vec<(Entrant, Entrant)> = bracket.rounds[0]
            .matches
            .iter()
            .map(|m| (m.first, m.second))
            .collect();
        assert_eq!(first[0], (Entrant::Seed(1), Entrant::Seed(16)));
        assert_eq!(first[1], (Entrant::Seed(8), Entrant::Seed(9)));
        let names: Vec<&str> = bracket.rounds.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Round of 16", "Quarter-final", "Semi-final", "Final"]
        );
        assert_eq!(
            bracket
                .rounds
                .iter()
                .map(|r| r.matches.len())
                .sum::<usize>(),
            15
        );
    }

    #[test]
    fn byes_go_to_the_top_seeds_and_third_place_is_optional() {
        let bracket = knockout(6, true);
        assert_eq!(bracket.byes, vec![1, 2]);
        // Round one: 4 v 5 and 3 v 6; seeds 1 and 2 wait in the semi-finals.
        assert_eq!(bracket.rounds[0].matches.len(), 2);
        let semis = &bracket.rounds[1].matches;
        assert_eq!(semis[0].first, Entrant::Seed(1));
        assert_eq!(semis[0].second, Entrant::WinnerOf(1));
        let third = &bracket.rounds[2];
        assert_eq!(third.name, "Third place");
        assert_eq!(third.matches[0].first, Entrant::LoserOf(semis[0].id));
        let last = bracket.rounds.last().unwrap();
        assert_eq!(last.name, "Final");
        assert_eq!(last.matches[0].first, Entrant::WinnerOf(semis[0].id));
        assert_eq!(knockout(2, true).rounds.len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn any_bracket_plays_every_seed_once(entrants in 2usize..70, third in proptest::bool::ANY) {
            let bracket = knockout(entrants, third);
            let matches: Vec<&KnockoutMatch> = bracket.rounds.iter().flat_map(|r| &r.matches).collect();
            let expected = entrants - 1 + usize::from(third && entrants >= 4);
            proptest::prop_assert_eq!(matches.len(), expected);
            let mut seen = vec![0; entrants + 1];
            for m in &matches {
                for side in [m.first, m.second] {
                    if let Entrant::Seed(s) = side { seen[s] += 1; }
                }
            }
            proptest::prop_assert!(seen[1..].iter().all(|&n| n == 1));
        }

        #[test]
        fn any_round_robin_is_valid(teams in 2usize..30) {
            let rr = double_round_robin(teams, SecondHalf::Mirrored);
            let format = Format { round_robins: 2, compact: teams.is_multiple_of(2), phased: true };
            proptest::prop_assert_eq!(
                structure_violations(format, teams, rr.rounds.len(), &rr.games()),
                vec![]
            );
        }
    }
}
