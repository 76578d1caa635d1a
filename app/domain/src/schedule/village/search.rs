//! Simulated annealing of the relaxed format over (date, court) assignments.

use super::*;

/// Simulated annealing over game placements, with costs kept per team and per court-evening.
pub(super) struct Search<'p> {
    pub(super) problem: &'p Problem,
    pub(super) current: Vec<Placement>,
    pub(super) best: Vec<Placement>,
    /// Games of each team (indices into `games`).
    pub(super) team_games: Vec<Vec<usize>>,
    pub(super) load: Vec<u32>,
    /// (hard, breaks) of each team as the timetable stands.
    pub(super) team_costs: Vec<(u32, u32)>,
    pub(super) hard: u32,
    pub(super) soft: u32,
    pub(super) best_cost: i64,
}

impl<'p> Search<'p> {
    pub(super) fn new(problem: &'p Problem, placement: Vec<Placement>) -> Self {
        let mut team_games = vec![Vec::new(); problem.teams];
        for (g, game) in problem.games.iter().enumerate() {
            team_games[game.home].push(g);
            team_games[game.away].push(g);
        }
        let mut load = vec![0u32; problem.courts * problem.days];
        for p in &placement {
            load[p.court * problem.days + p.day] += 1;
        }
        let mut search = Search {
            problem,
            current: placement.clone(),
            best: placement,
            team_games,
            load,
            team_costs: Vec::new(),
            hard: 0,
            soft: 0,
            best_cost: 0,
        };
        let (hard, soft) = search.full_cost();
        search.hard = hard;
        search.soft = soft;
        search.team_costs = (0..problem.teams).map(|t| search.team_cost(t)).collect();
        search.best_cost = search.cost();
        search
    }

    pub(super) fn cost(&self) -> i64 {
        self.hard as i64 * HARD_WEIGHT + self.soft as i64
    }

    pub(super) fn overflow(&self, court: usize, day: usize) -> u32 {
        let cell = court * self.problem.days + day;
        self.load[cell].saturating_sub(self.problem.capacity[cell])
    }

    /// (day, at home) of a team's games in date order.
    pub(super) fn team_games_sorted(&self, team: usize) -> Vec<(usize, bool)> {
        let mut games = Vec::new();
        self.sort_team_games(team, &mut games);
        games
    }

    /// Fills `games` with (day, at home) of a team's games in date order.
    pub(super) fn sort_team_games(&self, team: usize, games: &mut Vec<(usize, bool)>) {
        games.clear();
        games.extend(self.team_games[team].iter().map(|&g| {
            let p = &self.current[g];
            (p.day, self.problem.host(g, p).0 == team)
        }));
        games.sort_unstable();
    }

    /// (hard, breaks) of one team: rest, blackouts, streaks, density.
    pub(super) fn team_cost(&self, team: usize) -> (u32, u32) {
        self.team_cost_with(team, &mut Vec::new())
    }

    /// [`Self::team_cost`] with a scratch buffer, so that the search does not allocate.
    pub(super) fn team_cost_with(&self, team: usize, games: &mut Vec<(usize, bool)>) -> (u32, u32) {
        let rules = &self.problem.rules;
        self.sort_team_games(team, games);
        let games = &games[..];
        let (mut hard, mut breaks) = (0u32, 0u32);
        let mut streak = 0u32;
        for (i, &(day, at_home)) in games.iter().enumerate() {
            if self.problem.team_blocked[team * self.problem.days + day] {
                hard += 1;
            }
            if i > 0 {
                let (previous_day, previous_home) = games[i - 1];
                let rest = day as i64 - previous_day as i64 - 1;
                if rest < rules.min_rest_days as i64 {
                    hard += (rules.min_rest_days as i64 - rest) as u32;
                }
                if previous_home == at_home {
                    breaks += 1;
                    streak += 1;
                } else {
                    streak = 1;
                }
            } else {
                streak = 1;
            }
            let limit = if at_home {
                rules.max_home_streak
            } else {
                rules.max_away_streak
            };
            if limit.is_some_and(|l| streak > l) {
                hard += 1;
            }
            if let Some(window) = rules.max_games_in_window {
                let within = games[i..]
                    .iter()
                    .take_while(|g| g.0 < day + window.days as usize)
                    .count();
                hard += (within as u32).saturating_sub(window.games);
            }
        }
        (hard, breaks)
    }

    /// Hard deviation tied to one game: its fixed or forbidden dates, and (counted on the
    /// first leg only) the separation of its two legs.
    pub(super) fn game_hard(&self, g: usize) -> u32 {
        let day = self.current[g].day;
        let mut hard = 0;
        if self.problem.fixed_day[g].is_some_and(|d| d != day) {
            hard += 1;
        }
        hard += self.problem.forbidden_days[g]
            .iter()
            .filter(|&&d| d == day)
            .count() as u32;
        if let (Some(twin), Some(min)) = (
            self.problem.games[g].twin,
            self.problem.rules.min_days_between_legs,
        ) {
            if g < twin {
                let apart = self.current[twin].day.abs_diff(day) as u32;
                hard += min.saturating_sub(apart);
            }
        }
        hard
    }

    pub(super) fn full_cost(&self) -> (u32, u32) {
        let (mut hard, mut soft) = (0, 0);
        for team in 0..self.problem.teams {
            let (h, b) = self.team_cost(team);
            hard += h;
            soft += b;
        }
        for court in 0..self.problem.courts {
            for day in 0..self.problem.days {
                hard += self.overflow(court, day);
            }
        }
        for g in 0..self.problem.games.len() {
            hard += self.game_hard(g);
        }
        (hard, soft)
    }

    /// Hard cost, other than the teams', that a change to the `changed` games can touch: the
    /// court-evenings in `cells` and the games' own date rules (with their other legs').
    pub(super) fn shared_cost(
        &self,
        changed: &[(usize, Placement)],
        cells: &[(usize, usize)],
    ) -> (u32, u32) {
        let mut hard = 0;
        for &(court, day) in cells {
            hard += self.overflow(court, day);
        }
        for &(g, _) in changed {
            hard += self.game_hard(g);
            if let Some(twin) = self.problem.games[g].twin {
                if !changed.iter().any(|&(other, _)| other == twin) {
                    hard += self.game_hard(twin);
                }
            }
        }
        (hard, 0)
    }

    pub(super) fn set(&mut self, g: usize, placement: Placement) {
        let days = self.problem.days;
        let old = self.current[g];
        self.load[old.court * days + old.day] -= 1;
        self.load[placement.court * days + placement.day] += 1;
        self.current[g] = placement;
    }

    pub(super) fn anneal(&mut self, limits: &SearchLimits, watch: &mut dyn FnMut(Watch) -> bool) {
        let problem = self.problem;
        let mut rng = ChaCha8Rng::seed_from_u64(limits.seed);
        let start = Instant::now();
        let games = problem.games.len();
        let (initial_temperature, final_temperature) = (1.0f64, 0.05f64);
        let mut iteration: u64 = 0;
        let mut progress = 0.0;
        let mut changed: Vec<(usize, Placement)> = Vec::with_capacity(2);
        let mut previous: Vec<(usize, Placement)> = Vec::with_capacity(2);
        let mut teams: Vec<usize> = Vec::with_capacity(4);
        let mut cells: Vec<(usize, usize)> = Vec::with_capacity(4);
        let mut fresh: Vec<(u32, u32)> = Vec::with_capacity(4);
        let mut sorted: Vec<(usize, bool)> = Vec::new();
        let open_days: Vec<Vec<usize>> = (0..problem.courts)
            .map(|c| {
                (0..problem.days)
                    .filter(|&d| problem.capacity[c * problem.days + d] > 0)
                    .collect()
            })
            .collect();
        loop {
            if iteration.is_multiple_of(256) {
                progress = limits.progress(start.elapsed(), iteration);
                if progress >= 1.0 || (self.hard == 0 && self.soft <= problem.breaks_reference) {
                    break;
                }
                let heard = Watch {
                    done: progress,
                    hard_violations: (self.best_cost / HARD_WEIGHT) as u32,
                };
                if iteration.is_multiple_of(1 << 14) && !watch(heard) {
                    break;
                }
            }
            iteration += 1;
            let temperature =
                initial_temperature * (final_temperature / initial_temperature).powf(progress);
            let g = rng.gen_range(0..games);
            let old = self.current[g];
            let twin = problem.games[g].twin;
            // Three moves: shift a game a few days, send it anywhere, or swap its legs' venues.
            changed.clear();
            // A game pinned to a date only ever swaps venues with its other leg.
            let kind = if problem.fixed_day[g].is_some() {
                9
            } else {
                rng.gen_range(0..10)
            };
            let (host, _) = problem.host(g, &old);
            // Evenings the host's own court is open (none listed: any court, any day).
            let open = problem.home_court[host].map(|c| &open_days[c][..]);
            match (kind, open) {
                (0..=5, Some(open)) if !open.is_empty() => {
                    // To one of the next or previous few evenings the court is open.
                    let at = open.partition_point(|&d| d < old.day);
                    let k = rng.gen_range(1..=3);
                    let index = if rng.gen() {
                        at + k - usize::from(open.get(at) != Some(&old.day))
                    } else {
                        match at.checked_sub(k) {
                            Some(index) => index,
                            None => continue,
                        }
                    };
                    let Some(&day) = open.get(index) else {
                        continue;
                    };
                    changed.push((g, Placement { day, ..old }));
                }
                (0..=5, _) => {
                    let shift = rng.gen_range(1..=7) as i64 * if rng.gen() { 1 } else { -1 };
                    let day = old.day as i64 + shift;
                    if !(0..problem.days as i64).contains(&day) {
                        continue;
                    }
                    let court = rng.gen_range(problem.court_choices(host));
                    changed.push((
                        g,
                        Placement {
                            day: day as usize,
                            court,
                            ..old
                        },
                    ));
                }
                (6..=7, Some(open)) if !open.is_empty() => {
                    let day = open[rng.gen_range(0..open.len())];
                    changed.push((g, Placement { day, ..old }));
                }
                (6..=7, _) => {
                    let day = rng.gen_range(0..problem.days);
                    let court = rng.gen_range(problem.court_choices(host));
                    changed.push((g, Placement { day, court, ..old }));
                }
                (8, _) => {
                    // Two games of one team trade evenings: the team's order changes, each
                    // game stays at its court.
                    let game = problem.games[g];
                    let team = if rng.gen() { game.home } else { game.away };
                    let list = &self.team_games[team];
                    let other = list[rng.gen_range(0..list.len())];
                    if other == g || problem.fixed_day[other].is_some() {
                        continue;
                    }
                    let theirs = self.current[other];
                    changed.push((
                        g,
                        Placement {
                            day: theirs.day,
                            ..old
                        },
                    ));
                    changed.push((
                        other,
                        Placement {
                            day: old.day,
                            ..theirs
                        },
                    ));
                }
                _ => {
                    let Some(twin) = twin else { continue };
                    for game in [g, twin] {
                        let p = self.current[game];
                        let flipped = Placement {
                            flipped: !p.flipped,
                            ..p
                        };
                        let host = problem.host(game, &flipped).0;
                        let court = if problem.court_choices(host).contains(&p.court) {
                            p.court
                        } else {
                            problem.court_choices(host).start
                        };
                        changed.push((game, Placement { court, ..flipped }));
                    }
                }
            }
            teams.clear();
            cells.clear();
            for &(g, new) in &changed {
                let game = problem.games[g];
                teams.extend([game.home, game.away]);
                let old = self.current[g];
                cells.extend([(old.court, old.day), (new.court, new.day)]);
            }
            teams.sort_unstable();
            teams.dedup();
            cells.sort_unstable();
            cells.dedup();
            // Before: the cached team costs; after: the moved teams afresh.
            let mut before = self.shared_cost(&changed, &cells);
            for &team in &teams {
                before.0 += self.team_costs[team].0;
                before.1 += self.team_costs[team].1;
            }
            previous.clear();
            previous.extend(changed.iter().map(|&(g, _)| (g, self.current[g])));
            for &(g, new) in &changed {
                self.set(g, new);
            }
            let mut after = self.shared_cost(&changed, &cells);
            fresh.clear();
            for &team in &teams {
                let cost = self.team_cost_with(team, &mut sorted);
                after.0 += cost.0;
                after.1 += cost.1;
                fresh.push(cost);
            }
            let delta = (after.0 as i64 - before.0 as i64) * HARD_WEIGHT
                + (after.1 as i64 - before.1 as i64);
            if delta <= 0 || rng.gen::<f64>() < (-(delta as f64) / temperature).exp() {
                self.hard = (self.hard as i64 + after.0 as i64 - before.0 as i64) as u32;
                self.soft = (self.soft as i64 + after.1 as i64 - before.1 as i64) as u32;
                for (&team, &cost) in teams.iter().zip(&fresh) {
                    self.team_costs[team] = cost;
                }
                if self.cost() < self.best_cost {
                    self.best_cost = self.cost();
                    self.best.clone_from(&self.current);
                }
            } else {
                for &(g, p) in &previous {
                    self.set(g, p);
                }
            }
        }
        self.current.clone_from(&self.best);
        let (hard, soft) = self.full_cost();
        self.hard = hard;
        self.soft = soft;
    }
}
