//! The optimiser for compact round robins (ITC2021 and the village's compact format).
//!
//! Simulated annealing over the classic neighbourhoods of round-robin timetabling (Ribeiro &
//! Urrutia; Anagnostopoulos et al.): swap homes, swap rounds, swap teams, partial swap rounds
//! and partial swap teams, the last two being ejection chains that repair the round robin as
//! they go. Every move keeps the timetable a valid (phased, when asked) round robin, so only the
//! instance's constraints are scored.
//!
//! Scoring is incremental: each constraint is split into parts (a team, a slot or a pair of
//! teams) whose value is cached; a move re-evaluates only the parts whose teams, slots or games
//! it touched.
//!
//! The search is feasibility first. Phase 1 scores hard constraints only (several times more
//! moves per second on instances with a thousand soft constraints), each weighted by a
//! breakout multiplier that grows while it stays violated, with its own temperature in hard
//! units, cycles of reheating and, when stuck, a fresh start. Instances of 16 or more teams
//! with a hard cap on breaks (BR2) start from the circle method's low-break timetable and
//! search it cooler. Once feasible, phase 2 scores everything; the hard weight oscillates
//! (strategic oscillation) from a high floor, and the temperature cools over halves of the
//! remaining budget. Instances of up to 6 teams soon leave the annealer for a large
//! neighbourhood search by branch and bound ([`tree`]): parts of the best timetable are
//! re-solved exactly, timetables as good as the current one are taken to walk its plateaus,
//! and a search that stalls starts again from a new timetable of the tree search.

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::generate::{double_round_robin, single_round_robin, SecondHalf};
use super::robinx::{Game, HomeAway, Importance, Instance, Rule, SlotScope};
use super::validate::{evaluate, Evaluation};
use super::ScheduleError;

mod anneal;
mod model;
mod run;
mod state;
#[cfg(test)]
mod tests;
mod tree;

use anneal::*;
use model::*;
use state::*;

/// When to stop, and how to seed the random choices.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SearchLimits {
    pub time: Duration,
    /// Stop after this many moves. With a limit that is reached before `time`, a run is fully
    /// determined by `seed`; a time limit depends on the machine's speed.
    pub max_iterations: Option<u64>,
    pub seed: u64,
}

impl SearchLimits {
    pub fn seconds(seconds: f64, seed: u64) -> Self {
        SearchLimits {
            time: Duration::from_secs_f64(seconds.max(0.0)),
            max_iterations: None,
            seed,
        }
    }

    /// Fraction of the budget used, 0.0 to 1.0 (and beyond when over).
    pub fn progress(&self, elapsed: Duration, iterations: u64) -> f64 {
        let by_time = if self.time.is_zero() {
            1.0
        } else {
            elapsed.as_secs_f64() / self.time.as_secs_f64()
        };
        let by_iterations = self
            .max_iterations
            .map_or(0.0, |max| iterations as f64 / max.max(1) as f64);
        by_time.max(by_iterations)
    }
}

/// A report on the search so far, for a progress bar or a log line.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    pub elapsed: Duration,
    pub iterations: u64,
    /// Hard violations of the best timetable so far.
    pub hard_violations: u64,
    /// Soft objective of the best timetable so far.
    pub objective: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub games: Vec<Game>,
    /// As scored by the independent validator.
    pub evaluation: Evaluation,
    pub iterations: u64,
}

/// Optimises a compact round-robin instance; returns the best timetable found in the budget.
pub fn optimise(
    instance: &Instance,
    limits: &SearchLimits,
    progress: impl FnMut(&Progress),
) -> Result<Outcome, ScheduleError> {
    optimise_in_threads(instance, limits, 1, progress)
}

/// As [`optimise`], running `threads` independent searches (seeds `seed`, `seed + 1`, …; the
/// soft phase of the second at half the temperature, of the third at twice it, …) and keeping
/// the best. `progress` reports the first search only.
pub fn optimise_in_threads(
    instance: &Instance,
    limits: &SearchLimits,
    threads: usize,
    mut progress: impl FnMut(&Progress),
) -> Result<Outcome, ScheduleError> {
    let model = Model::new(instance)?;
    let threads = threads.max(1);
    let mut outcomes = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .map(|k| {
                let model = &model;
                let limits = SearchLimits {
                    seed: limits.seed.wrapping_add(k as u64),
                    ..limits.clone()
                };
                // A portfolio: the other searches anneal the soft phase cooler or hotter
                // (halved, doubled, halved, …), the best temperature varying by instance.
                let factor = if k % 2 == 1 { 0.5 } else { 2.0 };
                scope.spawn(move || {
                    let mut annealer = Annealer::new(model, &limits);
                    annealer.soft_temperature = factor;
                    annealer.run(&limits, &mut |_| {})
                })
            })
            .collect();
        let mut outcomes = vec![Annealer::new(&model, limits).run(limits, &mut progress)];
        outcomes.extend(
            helpers
                .into_iter()
                .map(|h| h.join().expect("search thread panicked")),
        );
        outcomes
    });
    outcomes.sort_by_key(|(games, iterations)| (evaluate(instance, games), *iterations));
    let (games, iterations) = outcomes.swap_remove(0);
    let evaluation = evaluate(instance, &games);
    Ok(Outcome {
        games,
        evaluation,
        iterations,
    })
}

/// A random round robin: a valid (phased, mirrored) start.
///
/// Not the circle method: its rounds pair up into Hamiltonian cycles when n − 1 is prime, so
/// partial swaps become full swaps and the search could never leave that one factorisation.
fn initial_games(model: &Model, rng: &mut ChaCha8Rng) -> Vec<Game> {
    use rand::seq::SliceRandom;
    if model.low_break_start {
        return low_break_games(model, rng);
    }
    let rounds = (0..1000)
        .find_map(|_| random_one_factorisation(model.teams, rng))
        .unwrap_or_else(|| {
            single_round_robin(model.teams)
                .rounds
                .iter()
                .map(|round| round.iter().map(|p| (p.home, p.away)).collect())
                .collect()
        });
    let half = model.teams - 1;
    let mut second: Vec<usize> = (half..model.slots).collect();
    second.shuffle(rng);
    let mut games = Vec::with_capacity(model.teams * model.slots / 2);
    for (r, round) in rounds.iter().enumerate() {
        for &(a, b) in round {
            let (home, away) = if rng.gen() { (a, b) } else { (b, a) };
            games.push(Game {
                home,
                away,
                slot: r,
            });
            if model.double {
                games.push(Game {
                    home: away,
                    away: home,
                    slot: second[r],
                });
            }
        }
    }
    games
}

/// The circle method with de Werra's venues (n − 2 breaks per half, 3n − 6 in all when
/// mirrored), teams relabelled at random, the second half mirrored or French, the rounds
/// possibly reversed: a start for instances that cap the total number of breaks.
fn low_break_games(model: &Model, rng: &mut ChaCha8Rng) -> Vec<Game> {
    use rand::seq::SliceRandom;
    let rounds = if model.double {
        let second_half = if rng.gen() {
            SecondHalf::Mirrored
        } else {
            SecondHalf::French
        };
        double_round_robin(model.teams, second_half).rounds
    } else {
        single_round_robin(model.teams).rounds
    };
    let mut label: Vec<usize> = (0..model.teams).collect();
    label.shuffle(rng);
    let reverse = rng.gen::<bool>();
    let last = rounds.len() - 1;
    rounds
        .iter()
        .enumerate()
        .flat_map(|(r, round)| {
            let slot = if reverse { last - r } else { r };
            let label = &label;
            round.iter().map(move |p| Game {
                home: label[p.home],
                away: label[p.away],
                slot,
            })
        })
        .collect()
}

/// n − 1 random perfect matchings covering every pair once, or `None` on a dead end.
fn random_one_factorisation(
    teams: usize,
    rng: &mut ChaCha8Rng,
) -> Option<Vec<Vec<(usize, usize)>>> {
    let everyone = all_teams_mask(teams);
    let mut unplayed: Vec<Mask> = (0..teams).map(|t| everyone & !(1 << t)).collect();
    let mut rounds = Vec::with_capacity(teams - 1);
    for _ in 0..teams - 1 {
        let mut round = Vec::with_capacity(teams / 2);
        let mut budget = 20_000;
        if !random_matching(&unplayed, everyone, &mut round, rng, &mut budget) {
            return None;
        }
        for &(a, b) in &round {
            unplayed[a] &= !(1 << b);
            unplayed[b] &= !(1 << a);
        }
        rounds.push(round);
    }
    Some(rounds)
}

/// Depth-first search for a perfect matching of `open` teams over `unplayed` pairs, trying
/// partners in random order; gives up when `budget` nodes are spent.
fn random_matching(
    unplayed: &[Mask],
    open: Mask,
    round: &mut Vec<(usize, usize)>,
    rng: &mut ChaCha8Rng,
    budget: &mut u32,
) -> bool {
    use rand::seq::SliceRandom;
    if open == 0 {
        return true;
    }
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let team = open.trailing_zeros() as usize;
    let mut partners: Vec<usize> = (0..unplayed.len())
        .filter(|&p| (unplayed[team] & open) >> p & 1 == 1)
        .collect();
    partners.shuffle(rng);
    for partner in partners {
        round.push((team, partner));
        if random_matching(
            unplayed,
            open & !(1 << team) & !(1 << partner),
            round,
            rng,
            budget,
        ) {
            return true;
        }
        round.pop();
    }
    false
}
