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

mod tree;

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

/// As [`optimise`], running `threads` independent searches (seeds `seed`, `seed + 1`, …) and
/// keeping the best. `progress` reports the first search only.
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
                scope.spawn(move || Annealer::new(model, &limits).run(&limits, &mut |_| {}))
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

type Mask = u64;

#[derive(Debug, Clone, Copy)]
enum Aggregate {
    /// Each part is a deviation already; the constraint's is their sum.
    SumOfParts,
    /// Parts are counts; the constraint deviates by how far their sum is outside [min, max].
    OutsideOfSum { min: i64, max: i64 },
}

#[derive(Debug, Clone)]
enum Kind {
    /// CA1, CA2: part per team of games (of `mode`) against `against` in `slots`.
    Count {
        teams: Vec<usize>,
        against: Mask,
        slots: Mask,
        mode: HomeAway,
        min: u32,
        max: u32,
    },
    /// CA3: part per team, the sum of its `starts` windows of `window` slots (the team's
    /// matching slots are found once and each window is a shift and a popcount).
    Window {
        teams: Vec<usize>,
        against: Mask,
        window: usize,
        starts: usize,
        mode: HomeAway,
        min: u32,
        max: u32,
    },
    /// CA4: part per slot of `slots`, counting games between `teams1` and `teams2`.
    SlotCount {
        slots: Vec<usize>,
        teams1: Mask,
        teams2: Mask,
        mode: HomeAway,
        /// Per-slot deviation (EVERY) or raw count (GLOBAL).
        bounds: Option<(u32, u32)>,
    },
    /// GA1: one part counting the listed games in `slots`.
    Meetings {
        meetings: Vec<(usize, usize)>,
        slots: Mask,
    },
    /// BR1: part per team.
    Breaks {
        teams: Vec<usize>,
        slots: Mask,
        mode: HomeAway,
        max: u32,
    },
    /// BR2: part per team, raw break counts.
    TotalBreaks { teams: Vec<usize>, slots: Mask },
    /// FA2: part per pair of teams.
    Balance {
        pairs: Vec<(usize, usize)>,
        slots: Vec<usize>,
        max: u32,
    },
    /// SE1: part per pair of teams.
    Separation {
        pairs: Vec<(usize, usize)>,
        min_gap: u32,
    },
}

#[derive(Debug, Clone)]
struct Compiled {
    hard: bool,
    weight: i64,
    aggregate: Aggregate,
    first_part: usize,
    kind: Kind,
}

/// The instance compiled for fast, incremental scoring.
struct Model {
    teams: usize,
    slots: usize,
    double: bool,
    phased: bool,
    /// A hard cap on total breaks (BR2): start from a timetable with the fewest breaks.
    low_break_start: bool,
    constraints: Vec<Compiled>,
    part_count: usize,
    /// Parts to re-evaluate when a team's row changes in one of the slots of the mask:
    /// (constraint, part, slots the part depends on).
    by_team: Vec<Vec<(u32, u32, Mask)>>,
    /// Parts to re-evaluate when a slot changes for one of the teams in the mask.
    by_slot: Vec<Vec<(u32, u32, Mask)>>,
    /// Parts to re-evaluate when the game (home, away) moves: index home * teams + away.
    by_game: Vec<Vec<(u32, u32)>>,
    /// The same three indexes restricted to hard constraints, for the feasibility phase.
    hard_by_team: Vec<Vec<(u32, u32, Mask)>>,
    hard_by_slot: Vec<Vec<(u32, u32, Mask)>>,
    hard_by_game: Vec<Vec<(u32, u32)>>,
}

fn mask_of(items: &[usize]) -> Mask {
    items.iter().fold(0, |m, &i| m | (1 << i))
}

fn outside(count: i64, min: i64, max: i64) -> i64 {
    (count - max).max(0) + (min - count).max(0)
}

impl Model {
    fn new(instance: &Instance) -> Result<Self, ScheduleError> {
        let (teams, slots) = (instance.team_count(), instance.slot_count());
        let format = instance.format;
        if !format.compact || !teams.is_multiple_of(2) {
            return Err(ScheduleError::Unsupported(
                "the optimiser handles compact round robins with an even number of teams".into(),
            ));
        }
        let rounds = (teams - 1) * format.round_robins as usize;
        if slots != rounds {
            return Err(ScheduleError::InvalidInput(format!(
                "a compact round robin of {teams} teams needs {rounds} slots, the instance has {slots}"
            )));
        }
        if teams > 64 || slots > 64 {
            return Err(ScheduleError::Unsupported(
                "more than 64 teams or slots".into(),
            ));
        }
        let all_teams: Vec<usize> = (0..teams).collect();
        let mut model = Model {
            teams,
            slots,
            double: format.round_robins == 2,
            phased: format.phased && format.round_robins == 2,
            low_break_start: teams >= 16
                && instance
                    .constraints
                    .iter()
                    .any(|c| c.importance == Importance::Hard && matches!(c.rule, Rule::Br2(_))),
            constraints: Vec::new(),
            part_count: 0,
            by_team: vec![Vec::new(); teams],
            by_slot: vec![Vec::new(); slots],
            by_game: vec![Vec::new(); teams * teams],
            hard_by_team: Vec::new(),
            hard_by_slot: Vec::new(),
            hard_by_game: Vec::new(),
        };
        let pairs_of = |members: &[usize]| -> Vec<(usize, usize)> {
            let mut members = members.to_vec();
            members.sort_unstable();
            members.dedup();
            let mut pairs = Vec::new();
            for (k, &a) in members.iter().enumerate() {
                for &b in &members[k + 1..] {
                    pairs.push((a, b));
                }
            }
            pairs
        };
        for constraint in &instance.constraints {
            let (hard, weight) = match constraint.importance {
                Importance::Hard => (true, 1),
                Importance::Soft { penalty } => (false, penalty as i64),
            };
            let (kind, aggregate) = match &constraint.rule {
                Rule::Ca1(c) => (
                    Kind::Count {
                        teams: c.teams.clone(),
                        against: mask_of(&all_teams),
                        slots: mask_of(&c.slots),
                        mode: c.mode,
                        min: c.min,
                        max: c.max,
                    },
                    Aggregate::SumOfParts,
                ),
                Rule::Ca2(c) => (
                    Kind::Count {
                        teams: c.teams1.clone(),
                        against: mask_of(&c.teams2),
                        slots: mask_of(&c.slots),
                        mode: c.mode,
                        min: c.min,
                        max: c.max,
                    },
                    Aggregate::SumOfParts,
                ),
                Rule::Ca3(c) => (
                    Kind::Window {
                        teams: c.teams1.clone(),
                        against: mask_of(&c.teams2),
                        window: c.window.max(1) as usize,
                        starts: (slots + 1).saturating_sub(c.window.max(1) as usize),
                        mode: c.mode,
                        min: c.min,
                        max: c.max,
                    },
                    Aggregate::SumOfParts,
                ),
                Rule::Ca4(c) => {
                    let mut slot_list = c.slots.clone();
                    slot_list.sort_unstable();
                    slot_list.dedup();
                    let every = c.scope == SlotScope::Every;
                    (
                        Kind::SlotCount {
                            slots: slot_list,
                            teams1: mask_of(&c.teams1),
                            teams2: mask_of(&c.teams2),
                            mode: c.mode,
                            bounds: every.then_some((c.min, c.max)),
                        },
                        if every {
                            Aggregate::SumOfParts
                        } else {
                            Aggregate::OutsideOfSum {
                                min: c.min as i64,
                                max: c.max as i64,
                            }
                        },
                    )
                }
                Rule::Ga1(c) => (
                    Kind::Meetings {
                        meetings: c.meetings.clone(),
                        slots: mask_of(&c.slots),
                    },
                    Aggregate::OutsideOfSum {
                        min: c.min as i64,
                        max: c.max as i64,
                    },
                ),
                Rule::Br1(c) => (
                    Kind::Breaks {
                        teams: c.teams.clone(),
                        slots: mask_of(&c.slots),
                        mode: c.mode,
                        max: c.max,
                    },
                    Aggregate::SumOfParts,
                ),
                Rule::Br2(c) => (
                    Kind::TotalBreaks {
                        teams: c.teams.clone(),
                        slots: mask_of(&c.slots),
                    },
                    Aggregate::OutsideOfSum {
                        min: 0,
                        max: c.max as i64,
                    },
                ),
                Rule::Fa2(c) => {
                    let mut slot_list = c.slots.clone();
                    slot_list.sort_unstable();
                    slot_list.dedup();
                    (
                        Kind::Balance {
                            pairs: pairs_of(&c.teams),
                            slots: slot_list,
                            max: c.max_difference,
                        },
                        Aggregate::SumOfParts,
                    )
                }
                Rule::Se1(c) => (
                    Kind::Separation {
                        pairs: pairs_of(&c.teams),
                        min_gap: c.min_gap,
                    },
                    Aggregate::SumOfParts,
                ),
            };
            let id = model.constraints.len() as u32;
            let first_part = model.part_count;
            let parts = match &kind {
                Kind::Count { teams, slots, .. } => {
                    for (p, &t) in teams.iter().enumerate() {
                        model.by_team[t].push((id, p as u32, *slots));
                    }
                    teams.len()
                }
                Kind::Window { teams, .. } => {
                    for (p, &t) in teams.iter().enumerate() {
                        model.by_team[t].push((id, p as u32, Mask::MAX));
                    }
                    teams.len()
                }
                // A break in slot s depends on slots s − 1 and s.
                Kind::Breaks { teams, slots, .. } | Kind::TotalBreaks { teams, slots } => {
                    for (p, &t) in teams.iter().enumerate() {
                        model.by_team[t].push((id, p as u32, slots | slots >> 1));
                    }
                    teams.len()
                }
                Kind::SlotCount {
                    slots,
                    teams1,
                    teams2,
                    ..
                } => {
                    for (p, &s) in slots.iter().enumerate() {
                        model.by_slot[s].push((id, p as u32, teams1 | teams2));
                    }
                    slots.len()
                }
                Kind::Meetings { meetings, .. } => {
                    for &(h, a) in meetings {
                        model.by_game[h * teams + a].push((id, 0));
                    }
                    1
                }
                Kind::Balance { pairs, slots, .. } => {
                    // Home games so far after the last checked slot depend on all slots before.
                    let last = slots.iter().max().copied().unwrap_or(0);
                    let relevant = if last >= 63 {
                        Mask::MAX
                    } else {
                        (1 << (last + 1)) - 1
                    };
                    for (p, &(a, b)) in pairs.iter().enumerate() {
                        model.by_team[a].push((id, p as u32, relevant));
                        model.by_team[b].push((id, p as u32, relevant));
                    }
                    pairs.len()
                }
                Kind::Separation { pairs, .. } => {
                    for (p, &(a, b)) in pairs.iter().enumerate() {
                        model.by_game[a * teams + b].push((id, p as u32));
                        model.by_game[b * teams + a].push((id, p as u32));
                    }
                    pairs.len()
                }
            };
            model.part_count += parts;
            model.constraints.push(Compiled {
                hard,
                weight,
                aggregate,
                first_part,
                kind,
            });
        }
        for list in &mut model.by_team {
            list.sort_unstable();
            list.dedup();
        }
        for list in &mut model.by_game {
            list.sort_unstable();
            list.dedup();
        }
        let constraints = &model.constraints;
        let hard = |c: u32| constraints[c as usize].hard;
        model.hard_by_team = model
            .by_team
            .iter()
            .map(|list| list.iter().copied().filter(|e| hard(e.0)).collect())
            .collect();
        model.hard_by_slot = model
            .by_slot
            .iter()
            .map(|list| list.iter().copied().filter(|e| hard(e.0)).collect())
            .collect();
        model.hard_by_game = model
            .by_game
            .iter()
            .map(|list| list.iter().copied().filter(|e| hard(e.0)).collect())
            .collect();
        Ok(model)
    }

    fn deviation(&self, constraint: &Compiled, sum: i64) -> i64 {
        match constraint.aggregate {
            Aggregate::SumOfParts => sum,
            Aggregate::OutsideOfSum { min, max } => outside(sum, min, max),
        }
    }
}

/// One cell of the timetable: opponent in the low 7 bits, the top bit set when at home.
type Entry = u8;
const HOME: Entry = 0x80;
const NO_SLOT: u8 = u8::MAX;

fn opponent(entry: Entry) -> usize {
    (entry & !HOME) as usize
}

fn at_home(entry: Entry) -> bool {
    entry & HOME != 0
}

/// A timetable under search with its cached scores.
#[derive(Clone)]
struct State {
    teams: usize,
    slots: usize,
    /// `cells[team * slots + slot]`.
    cells: Vec<Entry>,
    /// Bit s set when the team is at home in slot s.
    home_mask: Vec<Mask>,
    /// `opponent_slots[team * teams + other]`: slots in which `team` plays `other`.
    opponent_slots: Vec<Mask>,
    /// Bit t set when team t is at home, per slot.
    slot_home: Vec<Mask>,
    /// `slot_of[home * teams + away]`: when `home` hosts `away`.
    slot_of: Vec<u8>,
    parts: Vec<i64>,
    sums: Vec<i64>,
    hard: i64,
    soft: i64,
}

impl State {
    fn from_games(model: &Model, games: &[Game]) -> Self {
        let (teams, slots) = (model.teams, model.slots);
        let mut state = State {
            teams,
            slots,
            cells: vec![0; teams * slots],
            home_mask: vec![0; teams],
            opponent_slots: vec![0; teams * teams],
            slot_home: vec![0; slots],
            slot_of: vec![NO_SLOT; teams * teams],
            parts: vec![0; model.part_count],
            sums: vec![0; model.constraints.len()],
            hard: 0,
            soft: 0,
        };
        for g in games {
            state.set_cell(g.home * slots + g.slot, g.away as u8 | HOME);
            state.set_cell(g.away * slots + g.slot, g.home as u8);
            state.slot_of[g.home * teams + g.away] = g.slot as u8;
        }
        state.rescore(model);
        state
    }

    fn games(&self) -> Vec<Game> {
        let mut games = Vec::with_capacity(self.teams * self.slots / 2);
        for team in 0..self.teams {
            for slot in 0..self.slots {
                let entry = self.cells[team * self.slots + slot];
                if at_home(entry) {
                    games.push(Game {
                        home: team,
                        away: opponent(entry),
                        slot,
                    });
                }
            }
        }
        games
    }

    /// Writes one cell and the masks derived from it.
    fn set_cell(&mut self, index: usize, entry: Entry) {
        let (team, slot) = (index / self.slots, index % self.slots);
        let previous = self.cells[index];
        self.opponent_slots[team * self.teams + opponent(previous)] &= !(1 << slot);
        self.opponent_slots[team * self.teams + opponent(entry)] |= 1 << slot;
        self.cells[index] = entry;
        if at_home(entry) {
            self.home_mask[team] |= 1 << slot;
            self.slot_home[slot] |= 1 << team;
        } else {
            self.home_mask[team] &= !(1 << slot);
            self.slot_home[slot] &= !(1 << team);
        }
    }

    fn entry(&self, team: usize, slot: usize) -> Entry {
        self.cells[team * self.slots + slot]
    }

    fn rescore(&mut self, model: &Model) {
        self.hard = 0;
        self.soft = 0;
        for (c, constraint) in model.constraints.iter().enumerate() {
            let parts = self.part_total(constraint);
            let mut sum = 0;
            for p in 0..parts {
                let value = self.part_value(constraint, p);
                self.parts[constraint.first_part + p] = value;
                sum += value;
            }
            self.sums[c] = sum;
            let deviation = model.deviation(constraint, sum) * constraint.weight;
            if constraint.hard {
                self.hard += deviation;
            } else {
                self.soft += deviation;
            }
        }
    }

    fn part_total(&self, constraint: &Compiled) -> usize {
        match &constraint.kind {
            Kind::Count { teams, .. }
            | Kind::Breaks { teams, .. }
            | Kind::TotalBreaks { teams, .. } => teams.len(),
            Kind::Window { teams, .. } => teams.len(),
            Kind::SlotCount { slots, .. } => slots.len(),
            Kind::Meetings { .. } => 1,
            Kind::Balance { pairs, .. } | Kind::Separation { pairs, .. } => pairs.len(),
        }
    }

    fn all_slots(&self) -> Mask {
        if self.slots == 64 {
            Mask::MAX
        } else {
            (1 << self.slots) - 1
        }
    }

    /// Slots in which `team`'s game matches `mode` and an opponent in `against`.
    fn matching_slots(&self, team: usize, mode: HomeAway, against: Mask, all: Mask) -> Mask {
        let venue = match mode {
            HomeAway::Home => self.home_mask[team],
            HomeAway::Away => !self.home_mask[team] & all,
            HomeAway::Any => all,
        };
        venue & slots_against(&self.opponent_slots, self.teams, team, against)
    }

    /// Bit s set when `team` has a break (of `mode`) in slot s.
    fn break_mask(&self, team: usize, mode: HomeAway) -> Mask {
        let all = self.all_slots();
        let home = self.home_mask[team];
        let previous = home << 1;
        let eligible = all & !1;
        match mode {
            HomeAway::Home => home & previous & eligible,
            HomeAway::Away => !home & !previous & eligible,
            HomeAway::Any => !(home ^ previous) & eligible,
        }
    }

    fn part_value(&self, constraint: &Compiled, part: usize) -> i64 {
        let all = self.all_slots();
        match &constraint.kind {
            Kind::Count {
                teams,
                against,
                slots,
                mode,
                min,
                max,
            } => {
                let count =
                    (self.matching_slots(teams[part], *mode, *against, all) & slots).count_ones();
                outside(count as i64, *min as i64, *max as i64)
            }
            Kind::Window {
                teams,
                against,
                window,
                starts,
                mode,
                min,
                max,
            } => {
                let matched = self.matching_slots(teams[part], *mode, *against, all);
                let window_mask: Mask = if *window >= 64 {
                    Mask::MAX
                } else {
                    (1 << window) - 1
                };
                let (min, max) = (*min as i64, *max as i64);
                (0..*starts)
                    .map(|start| {
                        outside(
                            (matched >> start & window_mask).count_ones() as i64,
                            min,
                            max,
                        )
                    })
                    .sum()
            }
            Kind::SlotCount {
                slots,
                teams1,
                teams2,
                mode,
                bounds,
            } => {
                let slot = slots[part];
                let everyone = all_teams_mask(self.teams);
                let hosts = self.slot_home[slot];
                let candidates = match mode {
                    HomeAway::Home => teams1 & hosts,
                    HomeAway::Away => teams1 & !hosts & everyone,
                    HomeAway::Any => *teams1,
                };
                let mut count = 0;
                if *mode != HomeAway::Any && teams2 & everyone == everyone {
                    count = candidates.count_ones() as i64;
                }
                let mut members = if count == 0 { candidates } else { 0 };
                while members != 0 {
                    let team = members.trailing_zeros() as usize;
                    members &= members - 1;
                    let entry = self.entry(team, slot);
                    let other = opponent(entry);
                    let counted = match mode {
                        HomeAway::Home => at_home(entry) && teams2 >> other & 1 == 1,
                        HomeAway::Away => !at_home(entry) && teams2 >> other & 1 == 1,
                        // A game between two members of both sets counts once.
                        HomeAway::Any => {
                            teams2 >> other & 1 == 1
                                && !(teams1 >> other & 1 == 1
                                    && teams2 >> team & 1 == 1
                                    && other < team)
                        }
                    };
                    count += counted as i64;
                }
                match bounds {
                    Some((min, max)) => outside(count, *min as i64, *max as i64),
                    None => count,
                }
            }
            Kind::Meetings { meetings, slots } => meetings
                .iter()
                .filter(|&&(h, a)| {
                    let slot = self.slot_of[h * self.teams + a];
                    slot != NO_SLOT && slots >> slot & 1 == 1
                })
                .count() as i64,
            Kind::Breaks {
                teams,
                slots,
                mode,
                max,
            } => {
                let breaks = (self.break_mask(teams[part], *mode) & slots).count_ones();
                (breaks as i64 - *max as i64).max(0)
            }
            Kind::TotalBreaks { teams, slots } => {
                (self.break_mask(teams[part], HomeAway::Any) & slots).count_ones() as i64
            }
            Kind::Balance { pairs, slots, max } => {
                let (a, b) = pairs[part];
                let (home_a, home_b) = (self.home_mask[a], self.home_mask[b]);
                let largest = slots
                    .iter()
                    .map(|&slot| {
                        let upto: Mask = if slot >= 63 {
                            Mask::MAX
                        } else {
                            (1 << (slot + 1)) - 1
                        };
                        ((home_a & upto).count_ones() as i64 - (home_b & upto).count_ones() as i64)
                            .abs()
                    })
                    .max()
                    .unwrap_or(0);
                (largest - *max as i64).max(0)
            }
            Kind::Separation { pairs, min_gap } => {
                let (a, b) = pairs[part];
                let first = self.slot_of[a * self.teams + b];
                let second = self.slot_of[b * self.teams + a];
                if first == NO_SLOT || second == NO_SLOT {
                    return 0;
                }
                let between = (first as i64 - second as i64).abs() - 1;
                (*min_gap as i64 - between).max(0)
            }
        }
    }
}

/// The slots in which `team` meets one of `against`, from the slots of each pairing
/// (`opponent_slots[team * teams + other]`); every slot when `against` is everyone else
/// (CA1, and CA2/CA3 over all teams): then the venue alone decides.
fn slots_against(opponent_slots: &[Mask], teams: usize, team: usize, against: Mask) -> Mask {
    if all_teams_mask(teams) & !(1 << team) & !against == 0 {
        return Mask::MAX;
    }
    let mut played = 0;
    let mut members = against;
    while members != 0 {
        let other = members.trailing_zeros() as usize;
        members &= members - 1;
        played |= opponent_slots[team * teams + other];
    }
    played
}

fn all_teams_mask(teams: usize) -> Mask {
    if teams == 64 {
        Mask::MAX
    } else {
        (1 << teams) - 1
    }
}

/// The moves, each keeping the timetable a round robin.
#[derive(Debug, Clone, Copy)]
enum Move {
    SwapHomes(usize, usize),
    SwapRounds(usize, usize),
    SwapTeams(usize, usize),
    PartialSwapRounds(usize, usize, usize),
    PartialSwapTeams(usize, usize, usize),
    /// Partial swap teams confined to the half of a phased timetable that holds the round:
    /// `a` and `b` trade opponents along the chain, each game keeping its venue, so every
    /// pair still meets once per half and once at each home.
    PhasedPartialSwapTeams(usize, usize, usize),
}

struct Annealer<'m> {
    model: &'m Model,
    state: State,
    rng: ChaCha8Rng,
    hard_weight: f64,
    /// Per-constraint multipliers of hard deviations in the feasibility phase (breakout: the
    /// constraints that stay violated grow heavier).
    hard_multiplier: Vec<f64>,
    /// Feasibility phase: only hard constraints are re-scored; soft parts (and `soft`) go
    /// stale until a full `rescore`.
    hard_only: bool,
    /// Weighted hard change of the last `rescore_touched`, by `hard_multiplier`.
    weighted_hard_change: f64,
    /// Cells written by the current move: (cell index, previous entry).
    written: Vec<(usize, Entry)>,
    /// Parts changed by the current move: (global part, previous value).
    part_log: Vec<(usize, i64)>,
    /// Constraints touched by the current move: (constraint, previous sum).
    sum_log: Vec<(usize, i64)>,
    part_stamp: Vec<u32>,
    constraint_stamp: Vec<u32>,
    team_stamp: Vec<u32>,
    /// Slots of each team changed by the current move (valid where `team_stamp` is current).
    changed_slots: Vec<Mask>,
    /// Teams changed by the current move in each slot.
    changed_teams_in_slot: Vec<Mask>,
    stamp: u32,
    scratch_teams: Vec<usize>,
    scratch_rounds: Vec<usize>,
    scratch_games: Vec<usize>,
    scratch_entries: Vec<(usize, Entry, Entry)>,
}

impl<'m> Annealer<'m> {
    fn new(model: &'m Model, limits: &SearchLimits) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(limits.seed);
        let games = initial_games(model, &mut rng);
        let state = State::from_games(model, &games);
        Annealer {
            model,
            state,
            rng,
            hard_weight: 1.0,
            hard_multiplier: vec![1.0; model.constraints.len()],
            weighted_hard_change: 0.0,
            hard_only: false,
            written: Vec::new(),
            part_log: Vec::new(),
            sum_log: Vec::new(),
            part_stamp: vec![0; model.part_count],
            constraint_stamp: vec![0; model.constraints.len()],
            team_stamp: vec![0; model.teams],
            changed_slots: vec![0; model.teams],
            changed_teams_in_slot: vec![0; model.slots],
            stamp: 0,
            scratch_teams: Vec::new(),
            scratch_rounds: Vec::new(),
            scratch_games: Vec::new(),
            scratch_entries: Vec::new(),
        }
    }

    fn write(&mut self, team: usize, slot: usize, entry: Entry) {
        let index = team * self.state.slots + slot;
        let previous = self.state.cells[index];
        if previous == entry {
            return;
        }
        self.written.push((index, previous));
        self.state.set_cell(index, entry);
    }

    /// Re-points `slot_of` after cells changed from `before` (per written cell) to now.
    fn refresh_slots(&mut self) {
        let teams = self.state.teams;
        let slots = self.state.slots;
        for &(index, before) in &self.written {
            if at_home(before) {
                let team = index / slots;
                self.state.slot_of[team * teams + opponent(before)] = NO_SLOT;
            }
        }
        for &(index, _) in &self.written {
            let entry = self.state.cells[index];
            if at_home(entry) {
                let (team, slot) = (index / slots, index % slots);
                self.state.slot_of[team * teams + opponent(entry)] = slot as u8;
            }
        }
    }

    fn random_move(&mut self) -> Option<Move> {
        let (teams, slots) = (self.state.teams, self.state.slots);
        let rng = &mut self.rng;
        let two_teams = |rng: &mut ChaCha8Rng| {
            let a = rng.gen_range(0..teams);
            let b = (a + rng.gen_range(1..teams)) % teams;
            (a, b)
        };
        // In a phased timetable a round may only trade places within its half.
        let two_rounds = |rng: &mut ChaCha8Rng, phased: bool| {
            let (low, high) = if phased {
                if rng.gen() {
                    (0, slots / 2)
                } else {
                    (slots / 2, slots)
                }
            } else {
                (0, slots)
            };
            let a = rng.gen_range(low..high);
            let b = low + (a - low + rng.gen_range(1..high - low)) % (high - low);
            (a, b)
        };
        let phased = self.model.phased;
        Some(match rng.gen_range(0..100) {
            0..=29 => {
                let (a, b) = two_teams(rng);
                Move::SwapHomes(a, b)
            }
            30..=37 => {
                let (a, b) = two_rounds(rng, phased);
                Move::SwapRounds(a, b)
            }
            38..=45 => {
                let (a, b) = two_teams(rng);
                Move::SwapTeams(a, b)
            }
            46..=72 => {
                let team = rng.gen_range(0..teams);
                let (a, b) = two_rounds(rng, phased);
                Move::PartialSwapRounds(team, a, b)
            }
            _ => {
                let (a, b) = two_teams(rng);
                let round = rng.gen_range(0..slots);
                if opponent(self.state.entry(a, round)) == b {
                    return None;
                }
                if phased {
                    Move::PhasedPartialSwapTeams(a, b, round)
                } else {
                    Move::PartialSwapTeams(a, b, round)
                }
            }
        })
    }

    /// Applies `mv`; returns false (having changed nothing) if it would break the phases.
    fn apply(&mut self, mv: Move) -> bool {
        self.written.clear();
        let teams = self.state.teams;
        let slots = self.state.slots;
        match mv {
            Move::SwapHomes(a, b) => {
                let first = self.state.slot_of[a * teams + b];
                let second = self.state.slot_of[b * teams + a];
                for slot in [first, second] {
                    if slot != NO_SLOT {
                        let slot = slot as usize;
                        let (ea, eb) = (self.state.entry(a, slot), self.state.entry(b, slot));
                        self.write(a, slot, ea ^ HOME);
                        self.write(b, slot, eb ^ HOME);
                    }
                }
            }
            Move::SwapRounds(r1, r2) => {
                for team in 0..teams {
                    let (e1, e2) = (self.state.entry(team, r1), self.state.entry(team, r2));
                    self.write(team, r1, e2);
                    self.write(team, r2, e1);
                }
            }
            Move::SwapTeams(a, b) => {
                for slot in 0..slots {
                    let (ea, eb) = (self.state.entry(a, slot), self.state.entry(b, slot));
                    if opponent(ea) == b {
                        continue;
                    }
                    self.write(a, slot, eb);
                    self.write(b, slot, ea);
                    self.write(opponent(eb), slot, a as u8 | (!eb & HOME));
                    self.write(opponent(ea), slot, b as u8 | (!ea & HOME));
                }
            }
            Move::PartialSwapRounds(team, r1, r2) => {
                let mut group = std::mem::take(&mut self.scratch_teams);
                group.clear();
                group.push(team);
                let mut next = 0;
                while next < group.len() {
                    let member = group[next];
                    next += 1;
                    for round in [r1, r2] {
                        let other = opponent(self.state.entry(member, round));
                        if !group.contains(&other) {
                            group.push(other);
                        }
                    }
                }
                for &member in &group {
                    let (e1, e2) = (self.state.entry(member, r1), self.state.entry(member, r2));
                    self.write(member, r1, e2);
                    self.write(member, r2, e1);
                }
                self.scratch_teams = group;
            }
            Move::PartialSwapTeams(a, b, round) => {
                // Ejection chain: giving `a` what `b` had in a round means `a` must give up its
                // own copy of that game elsewhere, and so on until both rows balance.
                let mut rounds = std::mem::take(&mut self.scratch_rounds);
                rounds.clear();
                rounds.push(round);
                let key = |entry: Entry| {
                    if self.model.double {
                        entry
                    } else {
                        entry & !HOME
                    }
                };
                let mut next = 0;
                while next < rounds.len() {
                    let r = rounds[next];
                    next += 1;
                    for (taker, giver) in [(a, b), (b, a)] {
                        let wanted = key(self.state.entry(giver, r));
                        let held = (0..slots)
                            .find(|&s| key(self.state.entry(taker, s)) == wanted)
                            .expect("rows of a round robin hold the same games");
                        if !rounds.contains(&held) {
                            rounds.push(held);
                        }
                    }
                }
                for &r in &rounds {
                    let (ea, eb) = (self.state.entry(a, r), self.state.entry(b, r));
                    self.write(a, r, eb);
                    self.write(b, r, ea);
                    self.write(opponent(eb), r, a as u8 | (!eb & HOME));
                    self.write(opponent(ea), r, b as u8 | (!ea & HOME));
                }
                self.scratch_rounds = rounds;
            }
            Move::PhasedPartialSwapTeams(a, b, round) => {
                let half = slots / 2;
                let half_mask: Mask = if round < half {
                    (1 << half) - 1
                } else {
                    self.state.all_slots() & !((1 << half) - 1)
                };
                let mut rounds = std::mem::take(&mut self.scratch_rounds);
                rounds.clear();
                rounds.push(round);
                let mut next = 0;
                while next < rounds.len() {
                    let r = rounds[next];
                    next += 1;
                    for (taker, giver) in [(a, b), (b, a)] {
                        let wanted = opponent(self.state.entry(giver, r));
                        let held = (self.state.opponent_slots[taker * teams + wanted] & half_mask)
                            .trailing_zeros() as usize;
                        if !rounds.contains(&held) {
                            rounds.push(held);
                        }
                    }
                }
                // New entries first (each game keeps its venue), then the writes.
                let mut entries = std::mem::take(&mut self.scratch_entries);
                entries.clear();
                for &r in &rounds {
                    let (ea, eb) = (self.state.entry(a, r), self.state.entry(b, r));
                    let (c, d) = (opponent(eb), opponent(ea));
                    let venue = |taker: usize, other: usize| {
                        let s = (self.state.opponent_slots[taker * teams + other] & half_mask)
                            .trailing_zeros() as usize;
                        self.state.entry(taker, s) & HOME
                    };
                    let (home_ac, home_bd) = (venue(a, c), venue(b, d));
                    entries.push((r, c as u8 | home_ac, d as u8 | home_bd));
                }
                for &(r, new_a, new_b) in &entries {
                    let (c, d) = (opponent(new_a), opponent(new_b));
                    self.write(a, r, new_a);
                    self.write(b, r, new_b);
                    self.write(c, r, a as u8 | (!new_a & HOME));
                    self.write(d, r, b as u8 | (!new_b & HOME));
                }
                self.scratch_entries = entries;
                self.scratch_rounds = rounds;
            }
        }
        self.refresh_slots();
        if self.model.phased && matches!(mv, Move::PartialSwapTeams(..)) && !self.phases_hold() {
            self.undo_cells();
            return false;
        }
        true
    }

    /// Every pair touched by the move still meets once in each half.
    fn phases_hold(&self) -> bool {
        let (teams, slots) = (self.state.teams, self.state.slots);
        let half = slots / 2;
        self.written.iter().all(|&(index, _)| {
            let team = index / slots;
            let other = opponent(self.state.cells[index]);
            let first = self.state.slot_of[team * teams + other] as usize;
            let second = self.state.slot_of[other * teams + team] as usize;
            (first < half) != (second < half)
        })
    }

    fn undo_cells(&mut self) {
        let written = std::mem::take(&mut self.written);
        // Swap roles: what is in the cells now is what `refresh_slots` must clear.
        let mut reverse = Vec::with_capacity(written.len());
        for &(index, before) in written.iter().rev() {
            reverse.push((index, self.state.cells[index]));
            self.state.set_cell(index, before);
        }
        self.written = reverse;
        self.refresh_slots();
        self.written.clear();
    }

    /// Re-scores the parts the last move touched; returns (hard delta, soft delta).
    fn rescore_touched(&mut self) -> (i64, i64) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.part_stamp.fill(0);
            self.constraint_stamp.fill(0);
            self.team_stamp.fill(0);
            self.stamp = 1;
        }
        self.part_log.clear();
        self.sum_log.clear();
        let model = self.model;
        let (teams, slots) = (self.state.teams, self.state.slots);
        let stamp = self.stamp;
        let written = std::mem::take(&mut self.written);
        let mut games = std::mem::take(&mut self.scratch_games);
        games.clear();
        let mut changed_teams = std::mem::take(&mut self.scratch_teams);
        changed_teams.clear();
        let mut changed_slot_teams: Mask = 0;
        for &(index, _) in &written {
            let (team, slot) = (index / slots, index % slots);
            if self.team_stamp[team] != stamp {
                self.team_stamp[team] = stamp;
                self.changed_slots[team] = 0;
                changed_teams.push(team);
            }
            self.changed_slots[team] |= 1 << slot;
            if changed_slot_teams >> slot & 1 == 0 {
                changed_slot_teams |= 1 << slot;
                self.changed_teams_in_slot[slot] = 0;
            }
            self.changed_teams_in_slot[slot] |= 1 << team;
        }
        let mut touched_slots = changed_slot_teams;
        while touched_slots != 0 {
            let slot = touched_slots.trailing_zeros() as usize;
            touched_slots &= touched_slots - 1;
            let changed = self.changed_teams_in_slot[slot];
            let by_slot = if self.hard_only {
                &model.hard_by_slot[slot]
            } else {
                &model.by_slot[slot]
            };
            for &(c, p, members) in by_slot {
                if members & changed != 0 {
                    self.touch(c as usize, p as usize);
                }
            }
        }
        for &team in &changed_teams {
            let changed = self.changed_slots[team];
            let by_team = if self.hard_only {
                &model.hard_by_team[team]
            } else {
                &model.by_team[team]
            };
            for &(c, p, relevant) in by_team {
                if relevant & changed != 0 {
                    self.touch(c as usize, p as usize);
                }
            }
        }
        self.scratch_teams = changed_teams;
        for &(index, before) in &written {
            let team = index / slots;
            for entry in [before, self.state.cells[index]] {
                if at_home(entry) {
                    games.push(team * teams + opponent(entry));
                }
            }
        }
        for &game in &games {
            let by_game = if self.hard_only {
                &model.hard_by_game[game]
            } else {
                &model.by_game[game]
            };
            for &(c, p) in by_game {
                self.touch(c as usize, p as usize);
            }
        }
        self.written = written;
        self.scratch_games = games;
        let (mut hard, mut soft, mut weighted) = (0, 0, 0.0);
        for &(c, previous_sum) in &self.sum_log {
            let constraint = &model.constraints[c];
            let change = (model.deviation(constraint, self.state.sums[c])
                - model.deviation(constraint, previous_sum))
                * constraint.weight;
            if constraint.hard {
                hard += change;
                weighted += change as f64 * self.hard_multiplier[c];
            } else {
                soft += change;
            }
        }
        self.weighted_hard_change = weighted;
        (hard, soft)
    }

    fn touch(&mut self, c: usize, p: usize) {
        let constraint = &self.model.constraints[c];
        let part = constraint.first_part + p;
        if self.part_stamp[part] == self.stamp {
            return;
        }
        self.part_stamp[part] = self.stamp;
        let value = self.state.part_value(constraint, p);
        let previous = self.state.parts[part];
        if value == previous {
            return;
        }
        self.part_log.push((part, previous));
        self.state.parts[part] = value;
        if self.constraint_stamp[c] != self.stamp {
            self.constraint_stamp[c] = self.stamp;
            self.sum_log.push((c, self.state.sums[c]));
        }
        self.state.sums[c] += value - previous;
    }

    fn reject(&mut self) {
        for &(part, previous) in self.part_log.iter().rev() {
            self.state.parts[part] = previous;
        }
        for &(c, previous) in self.sum_log.iter().rev() {
            self.state.sums[c] = previous;
        }
        self.undo_cells();
    }

    fn energy(&self, hard: i64, soft: i64) -> f64 {
        hard as f64 * self.hard_weight + soft as f64
    }

    /// Breakout: the hard constraints violated now grow heavier, so the feasibility phase is
    /// pushed out of the local minimum it sits in. Multipliers are halved when they grow large.
    fn bump_violated(&mut self) {
        let mut largest: f64 = 1.0;
        for (c, constraint) in self.model.constraints.iter().enumerate() {
            if constraint.hard && self.model.deviation(constraint, self.state.sums[c]) > 0 {
                self.hard_multiplier[c] += 1.0;
            }
            largest = largest.max(self.hard_multiplier[c]);
        }
        if largest > 64.0 {
            for multiplier in &mut self.hard_multiplier {
                *multiplier = (*multiplier * 0.5).max(1.0);
            }
        }
    }

    /// Makes one random move and keeps it or takes it back by the Metropolis rule; returns
    /// whether it was kept. The energy is the weighted hard violation in the feasibility
    /// phase (`hard_only`), else `energy`.
    fn step(&mut self, temperature: f64) -> bool {
        let Some(mv) = self.random_move() else {
            return false;
        };
        if !self.apply(mv) {
            return false;
        }
        let (hard_change, soft_change) = self.rescore_touched();
        let delta = if self.hard_only {
            self.weighted_hard_change
        } else {
            self.energy(hard_change, soft_change)
        };
        if delta <= 0.0 || self.rng.gen::<f64>() < (-delta / temperature).exp() {
            self.state.hard += hard_change;
            self.state.soft += soft_change;
            self.written.clear();
            true
        } else {
            self.reject();
            false
        }
    }

    fn run(
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
        let (hot, cold) = (scale * 2.0, scale * 0.05);
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
            if !self.step(temperature) {
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
    fn improve_by_tree(
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

    fn typical_penalty(&self) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::validate::structure_violations;

    pub(super) fn instance(name: &str) -> Instance {
        let dir = std::env::var_os("ROBINX_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/robinx")
            });
        let xml = std::fs::read_to_string(dir.join("itc2021/instances").join(name)).unwrap();
        Instance::from_xml(&xml).unwrap()
    }

    /// The incremental scores must equal a full rescoring and the independent validator after
    /// every kind of move, accepted or rejected.
    #[test]
    fn incremental_scores_match_the_validator() {
        for name in [
            "ITC2021_Test1.xml",
            "ITC2021_Test4.xml",
            "ITC2021_Early_1.xml",
            "ITC2021_Middle_2.xml",
        ] {
            let instance = instance(name);
            let model = Model::new(&instance).unwrap();
            let limits = SearchLimits::seconds(1.0, 3);
            let mut annealer = Annealer::new(&model, &limits);
            for step in 0..3000 {
                let Some(mv) = annealer.random_move() else {
                    continue;
                };
                if !annealer.apply(mv) {
                    continue;
                }
                let (hard, soft) = annealer.rescore_touched();
                if step % 3 == 0 {
                    annealer.reject();
                } else {
                    annealer.state.hard += hard;
                    annealer.state.soft += soft;
                    annealer.written.clear();
                }
                if step % 97 == 0 {
                    let games = annealer.state.games();
                    assert_eq!(
                        structure_violations(instance.format, model.teams, model.slots, &games),
                        vec![],
                        "{name}: {mv:?}"
                    );
                    let expected = evaluate(&instance, &games);
                    assert_eq!(
                        (annealer.state.hard as u64, annealer.state.soft as u64),
                        (expected.infeasibility, expected.objective),
                        "{name} after {mv:?}"
                    );
                    let mut fresh = annealer.state.clone();
                    fresh.rescore(&model);
                    assert_eq!(
                        fresh.parts, annealer.state.parts,
                        "{name}: cached parts drifted"
                    );
                }
            }
        }
    }

    /// The phase-confined partial swap teams, forced on phased instances: the timetable stays
    /// a phased double round robin and the incremental scores equal the validator's.
    #[test]
    fn phased_partial_swap_teams_keeps_phases_and_scores() {
        for name in ["ITC2021_Test1.xml", "ITC2021_Early_1.xml"] {
            let instance = instance(name);
            let model = Model::new(&instance).unwrap();
            assert!(model.phased);
            let mut annealer = Annealer::new(&model, &SearchLimits::seconds(1.0, 5));
            let mut changed = 0;
            for step in 0..400 {
                let (a, b, round) = (
                    annealer.rng.gen_range(0..model.teams),
                    annealer.rng.gen_range(0..model.teams),
                    annealer.rng.gen_range(0..model.slots),
                );
                if a == b || opponent(annealer.state.entry(a, round)) == b {
                    continue;
                }
                let mv = Move::PhasedPartialSwapTeams(a, b, round);
                assert!(annealer.apply(mv));
                changed += annealer.written.len();
                let (hard, soft) = annealer.rescore_touched();
                if step % 4 == 0 {
                    annealer.reject();
                } else {
                    annealer.state.hard += hard;
                    annealer.state.soft += soft;
                    annealer.written.clear();
                }
                let games = annealer.state.games();
                assert_eq!(
                    structure_violations(instance.format, model.teams, model.slots, &games),
                    vec![],
                    "{name}: {mv:?}"
                );
                let expected = evaluate(&instance, &games);
                assert_eq!(
                    (annealer.state.hard as u64, annealer.state.soft as u64),
                    (expected.infeasibility, expected.objective),
                    "{name} after {mv:?}"
                );
            }
            assert!(changed > 0);
        }
    }

    /// In the feasibility phase only hard constraints are re-scored: the hard total must still
    /// equal the validator's infeasibility, and a full rescore restores the soft side.
    #[test]
    fn hard_only_scoring_matches_the_validator() {
        for name in ["ITC2021_Test4.xml", "ITC2021_Middle_2.xml"] {
            let instance = instance(name);
            let model = Model::new(&instance).unwrap();
            let mut annealer = Annealer::new(&model, &SearchLimits::seconds(1.0, 7));
            annealer.hard_only = true;
            for step in 0..2000 {
                annealer.step(if step % 2 == 0 { 3.0 } else { 0.2 });
                if step % 101 == 0 {
                    let expected = evaluate(&instance, &annealer.state.games());
                    assert_eq!(annealer.state.hard as u64, expected.infeasibility, "{name}");
                }
            }
            annealer.state.rescore(&model);
            let expected = evaluate(&instance, &annealer.state.games());
            assert_eq!(
                (annealer.state.hard as u64, annealer.state.soft as u64),
                (expected.infeasibility, expected.objective),
                "{name}"
            );
        }
    }

    /// Instances of 16+ teams with a hard BR2 start from the low-break circle method: a valid
    /// phased double round robin with 3n − 6 breaks or fewer (French second half).
    #[test]
    fn low_break_start_is_a_phased_round_robin_with_few_breaks() {
        let instance = instance("ITC2021_Early_1.xml");
        let model = Model::new(&instance).unwrap();
        assert!(model.low_break_start);
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for _ in 0..4 {
            let games = initial_games(&model, &mut rng);
            assert_eq!(
                structure_violations(instance.format, model.teams, model.slots, &games),
                vec![]
            );
            let breaks = crate::schedule::generate::count_breaks(model.teams, model.slots, &games);
            assert!(breaks <= 3 * model.teams - 6, "{breaks} breaks");
        }
    }

    /// The branch-and-bound neighbourhood search never worsens the timetable, keeps it a
    /// valid phased or unphased round robin, and its score is the validator's. (From its start
    /// here Test1 improves; Test2's may not.)
    #[test]
    fn tree_neighbourhood_search_keeps_valid_timetables_and_improves() {
        for name in ["ITC2021_Test1.xml", "ITC2021_Test2.xml"] {
            let instance = instance(name);
            let model = Model::new(&instance).unwrap();
            let warm = SearchLimits {
                time: Duration::from_secs(30),
                max_iterations: Some(20_000),
                seed: 2,
            };
            let start = optimise(&instance, &warm, |_| {}).unwrap();
            assert_eq!(start.evaluation.infeasibility, 0, "{name}");
            let mut annealer = Annealer::new(&model, &warm);
            let mut best = start.games.clone();
            let mut score = (0, start.evaluation.objective as i64);
            let mut iterations = 0;
            let limits = SearchLimits {
                time: Duration::from_secs(30),
                max_iterations: Some(400_000),
                seed: 2,
            };
            annealer.improve_by_tree(
                &mut best,
                &mut score,
                Instant::now(),
                &limits,
                &mut iterations,
            );
            assert!(
                iterations >= 400_000 || score.1 == 0,
                "{name}: {iterations}"
            );
            assert_eq!(
                structure_violations(instance.format, model.teams, model.slots, &best),
                vec![],
                "{name}"
            );
            let expected = evaluate(&instance, &best);
            assert_eq!(
                (expected.infeasibility as i64, expected.objective as i64),
                score
            );
            assert!(
                score.1 <= start.evaluation.objective as i64,
                "{name}: {score:?}"
            );
            if name == "ITC2021_Test1.xml" {
                assert!(score.1 < start.evaluation.objective as i64, "{score:?}");
            }
        }
    }

    #[test]
    fn same_seed_same_result() {
        let instance = instance("ITC2021_Test2.xml");
        let limits = SearchLimits {
            time: Duration::from_secs(30),
            max_iterations: Some(20_000),
            seed: 11,
        };
        let a = optimise(&instance, &limits, |_| {}).unwrap();
        let b = optimise(&instance, &limits, |_| {}).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.iterations, 20_000);
    }

    /// A hard-constraint-only instance: once feasible there is nothing left to improve, and
    /// the search stops well before its budget.
    #[test]
    fn stops_once_feasible_without_soft_constraints() {
        let dir = std::env::var_os("ROBINX_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/robinx")
            });
        let xml =
            std::fs::read_to_string(dir.join("feasibility/Tiny/instances/Addition_000_Tiny.xml"))
                .unwrap();
        let instance = Instance::from_xml(&xml).unwrap();
        let limits = SearchLimits {
            time: Duration::from_secs(60),
            max_iterations: Some(5_000_000),
            seed: 1,
        };
        let outcome = optimise(&instance, &limits, |_| {}).unwrap();
        assert_eq!(
            (
                outcome.evaluation.infeasibility,
                outcome.evaluation.objective
            ),
            (0, 0)
        );
        assert!(outcome.iterations < 5_000_000, "{}", outcome.iterations);
    }

    #[test]
    fn finds_a_feasible_timetable_for_a_small_instance_and_reports_progress() {
        let instance = instance("ITC2021_Test1.xml");
        let limits = SearchLimits {
            time: Duration::from_secs(20),
            max_iterations: Some(150_000),
            seed: 1,
        };
        let mut reports = 0;
        let outcome = optimise(&instance, &limits, |_| reports += 1).unwrap();
        assert!(reports >= 1);
        assert_eq!(outcome.evaluation.infeasibility, 0);
        assert_eq!(
            structure_violations(instance.format, 6, 10, &outcome.games),
            vec![]
        );
    }

    #[test]
    fn time_relaxed_instances_are_refused() {
        let mut instance = instance("ITC2021_Test1.xml");
        instance.format.compact = false;
        assert!(matches!(
            optimise(&instance, &SearchLimits::seconds(0.1, 1), |_| {}),
            Err(ScheduleError::Unsupported(_))
        ));
    }
}
