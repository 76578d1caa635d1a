//! The search itself: the feasibility phase, the soft phase and the large neighbourhood search.

use super::*;

impl<'m> Annealer<'m> {
    pub(super) fn run(
        mut self,
        limits: &SearchLimits,
        progress: &mut dyn FnMut(&Progress),
    ) -> (Vec<Game>, u64) {
        let start = Instant::now();
        let mut best = self.state.games();
        let mut best_score = (self.state.hard, self.state.soft);
        let mut iterations: u64 = 0;
        let mut last_report = Duration::ZERO;
        let max_iterations = limits.max_iterations.unwrap_or(u64::MAX);
        // Phase 1, feasibility first: only hard constraints are scored, each deviation weighted
        // by its breakout multiplier. The temperature (in hard units) cools over a cycle
        // proportional to the timetable's size, at most a quarter of the budget, then reheats.
        let scale = self.typical_penalty();
        // Small instances (up to 12 teams) cool faster, in a third of the moves: more cycles,
        // and so more breakout bumps and fresh starts, in a budget.
        let moves_per_cell = if self.model.teams <= 12 {
            300.0
        } else {
            1000.0
        };
        let size_cycle = ((self.model.teams * self.model.slots) as f64 * moves_per_cell)
            .clamp(20_000.0, 1_000_000.0);
        let (feasibility_hot, feasibility_cold): (f64, f64) = if self.model.low_break_start {
            (0.5, 0.05)
        } else {
            (3.0, 0.2)
        };
        let bump_period = 16 * 1024;
        // From the low-break start the feasibility phase is cold (a fraction of one hard unit),
        // so once breakout multipliers grow it would be a pure descent: its temperature is
        // scaled by the mean multiplier of the violated constraints.
        let scaled_temperature = self.model.low_break_start;
        let stale_limit = 8;
        let cycles_in_budget = 4.0;
        let cooling_over = |cycle: f64| (feasibility_cold / feasibility_hot).powf(1.0 / cycle);
        let mut feasibility_cooling = cooling_over(size_cycle);
        let mut feasible = self.state.hard == 0;
        self.hard_only = !feasible;
        // While only hard constraints are scored, `soft` is stale: reports score the best
        // timetable afresh.
        let mut reported_soft: Option<i64> = None;
        let mut descent_best = self.state.hard;
        let mut cycle_start_best = descent_best;
        let mut stale_cycles = 0;
        // Phase 2, once feasible: soft penalties set the scale of the temperature; the hard
        // weight oscillates between `HARD_FLOOR` and 200 times that many typical soft
        // penalties (strategic oscillation).
        self.hard_weight = scale * HARD_FLOOR;
        let (hot, cold) = (
            scale * SOFT_HOT * self.soft_temperature,
            scale * SOFT_COLD * self.soft_temperature,
        );
        let mut temperature = if feasible { hot } else { feasibility_hot };
        let mut cycle = Cycle::new(0.0, 0, hot);
        let mut since_improvement: u64 = 0;
        let mut fraction = 0.0;
        let mut restart_temperature = hot;
        while iterations < max_iterations {
            if iterations.is_multiple_of(1024) {
                let elapsed = start.elapsed();
                // Out of budget, or nothing left to improve: feasible with no soft penalty.
                if limits.progress(elapsed, iterations) >= 1.0 || (feasible && best_score == (0, 0))
                {
                    break;
                }
                // The schedule follows the iteration count when that is the limit, so a seed
                // determines the run.
                fraction = match limits.max_iterations {
                    Some(max) => iterations as f64 / max.max(1) as f64,
                    None => limits.progress(elapsed, iterations),
                };
                if feasible && self.model.teams <= LNS_TEAMS && fraction >= LNS_START {
                    self.improve_by_tree(
                        &mut best,
                        &mut best_score,
                        start,
                        limits,
                        &mut iterations,
                    );
                    break;
                }
                // At least four feasibility cycles in the budget (as far as it can be told).
                let expected = match limits.max_iterations {
                    Some(max) => max as f64,
                    None if fraction > 0.01 => iterations as f64 / fraction,
                    None => f64::INFINITY,
                };
                feasibility_cooling =
                    cooling_over(size_cycle.min(expected / cycles_in_budget).max(5_000.0));
                if elapsed - last_report >= Duration::from_millis(250) {
                    last_report = elapsed;
                    let objective = if feasible {
                        best_score.1
                    } else {
                        *reported_soft
                            .get_or_insert_with(|| State::from_games(self.model, &best).soft)
                    };
                    progress(&Progress {
                        elapsed,
                        iterations,
                        hard_violations: best_score.0 as u64,
                        objective: objective as u64,
                    });
                }
                if !feasible {
                    if iterations.is_multiple_of(bump_period) && iterations > 0 {
                        self.bump_violated();
                    }
                    self.refresh_violated();
                } else if self.state.hard > 0 {
                    self.hard_weight = (self.hard_weight * 1.01).min(scale * HARD_FLOOR * 200.0);
                } else {
                    self.hard_weight = (self.hard_weight * 0.99).max(scale * HARD_FLOOR);
                }
            }
            iterations += 1;
            since_improvement += 1;
            if feasible {
                // Phase 2 cools geometrically from the cycle's top temperature to `cold` over
                // half of the remaining budget (at most `MAX_CYCLE` moves), then reheats a
                // little less each time; the temperature is set every 1024 moves.
                if iterations.is_multiple_of(1024) {
                    let progress_in_cycle = ((fraction - cycle.start) / (cycle.end - cycle.start))
                        .max((iterations - cycle.first) as f64 / MAX_CYCLE);
                    if progress_in_cycle >= 1.0 || since_improvement > 2_000_000 {
                        restart_temperature = (restart_temperature * 0.7).max(cold * 4.0);
                        cycle = Cycle::new(fraction, iterations, restart_temperature);
                        since_improvement = 0;
                        if self.state.hard > 0 || self.rng.gen_range(0..4) == 0 {
                            // Return to the best timetable rather than wander off.
                            self.state = State::from_games(self.model, &best);
                        }
                        temperature = cycle.top;
                    } else {
                        temperature = cycle.top * (cold / cycle.top).powf(progress_in_cycle);
                    }
                }
            } else {
                temperature *= feasibility_cooling;
                if temperature < feasibility_cold {
                    temperature = feasibility_hot;
                    // A cycle that did not lower the least hard violation of this descent
                    // counts as stagnation; after `stale_limit`, start afresh from a new random
                    // timetable with reset multipliers.
                    if descent_best < cycle_start_best {
                        stale_cycles = 0;
                    } else {
                        stale_cycles += 1;
                    }
                    if stale_cycles >= stale_limit {
                        stale_cycles = 0;
                        let games = initial_games(self.model, &mut self.rng);
                        self.state = State::from_games(self.model, &games);
                        self.hard_multiplier.fill(1.0);
                        descent_best = self.state.hard;
                    }
                    cycle_start_best = descent_best;
                }
            }
            let effective = if !feasible && scaled_temperature {
                temperature * self.violated_weight
            } else {
                temperature
            };
            if !self.step(effective) {
                continue;
            }
            descent_best = descent_best.min(self.state.hard);
            if !feasible && self.state.hard == 0 {
                // Feasible at last: score the soft constraints and start optimising them.
                feasible = true;
                self.hard_only = false;
                self.state.rescore(self.model);
                best_score = (self.state.hard, self.state.soft);
                best = self.state.games();
                since_improvement = 0;
                restart_temperature = hot;
                cycle = Cycle::new(fraction, iterations, hot * 0.5);
                temperature = cycle.top;
                continue;
            }
            let score = (self.state.hard, self.state.soft);
            if score < best_score {
                best_score = score;
                best = self.state.games();
                since_improvement = 0;
                reported_soft = None;
            }
        }
        let objective = if feasible {
            best_score.1
        } else {
            State::from_games(self.model, &best).soft
        };
        progress(&Progress {
            elapsed: start.elapsed(),
            iterations,
            hard_violations: best_score.0 as u64,
            objective: objective as u64,
        });
        (best, iterations)
    }

    /// Large neighbourhood search by branch and bound: the best timetable's games outside a
    /// few random slots are fixed and the tree search finds the best way to fill those slots
    /// (or proves there is none better). The number of free slots grows while such searches
    /// complete and shrinks when they run out of nodes.
    pub(super) fn improve_by_tree(
        &mut self,
        best: &mut Vec<Game>,
        best_score: &mut (i64, i64),
        start: Instant,
        limits: &SearchLimits,
        iterations: &mut u64,
    ) {
        use rand::seq::SliceRandom;
        let (teams, slots) = (self.model.teams, self.model.slots);
        // Two neighbourhoods: free slots (all their games) or free teams (all their games);
        // each with its own size.
        let mut free = [3.min(slots), 3.min(teams)];
        let mut slot_order: Vec<usize> = (0..slots).collect();
        let mut team_order: Vec<usize> = (0..teams).collect();
        // The search improves `current`; when it has not improved for `LNS_STALL` nodes, it
        // starts again from a timetable of the tree search alone.
        let mut current = best.clone();
        let mut current_soft = best_score.1;
        let mut stalled: u64 = 0;
        let deadline = Some(start + limits.time);
        let nodes_left = |iterations: u64| {
            limits
                .max_iterations
                .map_or(LNS_NODES, |max| max.saturating_sub(iterations))
                .min(LNS_NODES)
        };
        while best_score.1 > 0 && limits.progress(start.elapsed(), *iterations) < 1.0 {
            if stalled > LNS_STALL {
                let mut tree = tree::Tree::new(self.model, true);
                tree.solve(&mut self.rng, nodes_left(*iterations), deadline, true);
                *iterations += tree.nodes().max(1);
                if let Some((soft, games)) = tree.best() {
                    current = games.to_vec();
                    current_soft = soft;
                    if soft < best_score.1 {
                        *best = games.to_vec();
                        *best_score = (0, soft);
                    }
                }
                stalled = 0;
                free = [3.min(slots), 3.min(teams)];
                continue;
            }
            let by_teams = self.rng.gen::<bool>();
            let kind = usize::from(by_teams);
            let freed = |g: &Game, chosen: Mask| {
                if by_teams {
                    chosen >> g.home & 1 == 1 || chosen >> g.away & 1 == 1
                } else {
                    chosen >> g.slot & 1 == 1
                }
            };
            let order = if by_teams {
                &mut team_order
            } else {
                &mut slot_order
            };
            order.shuffle(&mut self.rng);
            let chosen: Mask = order[..free[kind]].iter().fold(0, |m, &s| m | 1 << s);
            let mut tree = tree::Tree::new(self.model, true);
            for game in current.iter().filter(|g| !freed(g, chosen)) {
                tree.fix(game);
            }
            // Timetables as good as the current one are taken too: the search walks plateaus.
            tree.set_incumbent(current_soft + 1);
            let complete = tree
                .solve(&mut self.rng, nodes_left(*iterations), deadline, false)
                .is_some();
            *iterations += tree.nodes().max(1);
            stalled += tree.nodes().max(1);
            if let Some((soft, games)) = tree.best() {
                if soft <= current_soft {
                    if soft < current_soft {
                        stalled = 0;
                    }
                    current = games.to_vec();
                    current_soft = soft;
                    if soft < best_score.1 {
                        *best = games.to_vec();
                        *best_score = (0, soft);
                    }
                }
            }
            let most = if by_teams { teams } else { slots };
            free[kind] = if complete {
                (free[kind] + 1).min(most)
            } else {
                (free[kind] - 1).max(2)
            };
        }
    }

    pub(super) fn typical_penalty(&self) -> f64 {
        let soft: Vec<f64> = self
            .model
            .constraints
            .iter()
            .filter(|c| !c.hard)
            .map(|c| c.weight as f64)
            .collect();
        if soft.is_empty() {
            1.0
        } else {
            (soft.iter().sum::<f64>() / soft.len() as f64).max(1.0)
        }
    }
}

/// In the soft phase a hard violation weighs at least this many typical soft penalties (and
/// up to 200 times more while the search stays infeasible): the soft phase rarely leaves
/// feasible ground for long.
const HARD_FLOOR: f64 = 100.0;

/// The soft phase cools from `SOFT_HOT` to `SOFT_COLD` typical soft penalties. Hotter than the
/// 2 and 0.05 of before: over six feasible 16–20-team instances at 20 s each (Early_1, 8,
/// Late_3, 9, Middle_5, 12), 8/0.1, 12/0.12 and 16/0.15 all ended lower than 2/0.05 on five
/// or six of them (mean gap 221% → 172%, 180%, 153%), 0.5/0.02 higher on all six.
const SOFT_HOT: f64 = 12.0;
const SOFT_COLD: f64 = 0.12;

/// Instances of at most this many teams end with a large neighbourhood search by branch and
/// bound, from `LNS_START` of the budget.
const LNS_TEAMS: usize = 6;
const LNS_START: f64 = 0.05;
/// Nodes of one branch and bound of the large neighbourhood search.
const LNS_NODES: u64 = 200_000;
/// Nodes without improvement after which the neighbourhood search starts afresh.
const LNS_STALL: u64 = 1_000_000;

/// Longest cooling of the soft phase, in moves.
const MAX_CYCLE: f64 = 1_500_000.0;

/// A cooling cycle of the soft phase: from `top` at budget fraction `start` (move `first`)
/// down to the cold temperature at fraction `end`, half-way to the end of the budget.
#[derive(Debug, Clone, Copy)]
struct Cycle {
    start: f64,
    end: f64,
    first: u64,
    top: f64,
}

impl Cycle {
    fn new(fraction: f64, iterations: u64, top: f64) -> Self {
        let remaining = 1.0 - fraction;
        let end = if remaining < 0.05 {
            1.0
        } else {
            fraction + remaining / 2.0
        };
        Cycle {
            start: fraction,
            end: end.max(fraction + 1e-6),
            first: iterations,
            top,
        }
    }
}
