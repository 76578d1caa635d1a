//! A complete tree search for small compact round robins, used by the optimiser as a
//! feasibility-first phase: games are placed slot by slot (the team with the fewest possible
//! opponents first), and a branch is cut as soon as a lower bound on some hard constraint's
//! deviation is positive. With `with_soft` it is a branch and bound: soft deviations are
//! bounded the same way and a branch is cut when it cannot beat the best timetable found.
//!
//! The bounds are monotone: a constraint's maximum is exceeded by the games placed so far (a
//! count, a break between two filled slots, a balance after a filled prefix, two placed legs
//! too close), or its minimum cannot be reached even if every open cell counted. Restarts with
//! growing node limits, each with a fresh random order of candidates, avoid the heavy tails of
//! a single depth-first search.

use std::time::Instant;

use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::{all_teams_mask, slots_against, Aggregate, Compiled, Kind, Mask, Model, NO_SLOT};
use crate::schedule::robinx::{Game, HomeAway};

/// Why a search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// A complete timetable (feasibility search) was found.
    Found,
    /// The subtree was searched completely.
    Exhausted,
    /// Out of nodes or time.
    Aborted,
}

pub(super) struct Tree<'m> {
    model: &'m Model,
    teams: usize,
    slots: usize,
    with_soft: bool,
    /// Slots in which each team has a game so far.
    placed: Vec<Mask>,
    /// Slots in which each team is at home so far.
    home: Vec<Mask>,
    /// Teams with a game so far, per slot.
    in_slot: Vec<Mask>,
    /// Teams at home so far, per slot.
    slot_home: Vec<Mask>,
    /// `opponent[team * slots + slot]`, valid where placed.
    opponent: Vec<u8>,
    /// `opponent_slots[team * teams + other]`.
    opponent_slots: Vec<Mask>,
    /// `slot_of[home * teams + away]`.
    slot_of: Vec<u8>,
    /// Teams each team has hosted / visited so far.
    hosted: Vec<Mask>,
    visited: Vec<Mask>,
    /// Teams each team has met so far in each half (phased timetables).
    met_in_half: [Vec<Mask>; 2],
    /// Per part: a deviation bound (sum-of-parts constraints) or (count, what may still count).
    part_a: Vec<i64>,
    part_b: Vec<i64>,
    sum_a: Vec<i64>,
    sum_b: Vec<i64>,
    /// Lower bounds of the hard deviation and the weighted soft deviation.
    hard: i64,
    soft: i64,
    /// Undo trail of part values: (constraint, part within it, previous values), each game's
    /// entries after a marker.
    trail: Vec<(u32, u32, i64, i64)>,
    /// Games placed, in order: (home, away, slot).
    stack: Vec<(usize, usize, usize)>,
    nodes: u64,
    node_limit: u64,
    deadline: Option<Instant>,
    /// Best complete timetable's soft objective (branch and bound) and its games.
    best_soft: i64,
    best: Option<Vec<Game>>,
}

impl<'m> Tree<'m> {
    pub(super) fn new(model: &'m Model, with_soft: bool) -> Self {
        let (teams, slots) = (model.teams, model.slots);
        let mut tree = Tree {
            model,
            teams,
            slots,
            with_soft,
            placed: vec![0; teams],
            home: vec![0; teams],
            in_slot: vec![0; slots],
            slot_home: vec![0; slots],
            opponent: vec![0; teams * slots],
            opponent_slots: vec![0; teams * teams],
            slot_of: vec![NO_SLOT; teams * teams],
            hosted: vec![0; teams],
            visited: vec![0; teams],
            met_in_half: [vec![0; teams], vec![0; teams]],
            part_a: vec![0; model.part_count],
            part_b: vec![0; model.part_count],
            sum_a: vec![0; model.constraints.len()],
            sum_b: vec![0; model.constraints.len()],
            hard: 0,
            soft: 0,
            trail: Vec::new(),
            stack: Vec::new(),
            nodes: 0,
            node_limit: u64::MAX,
            deadline: None,
            best_soft: i64::MAX,
            best: None,
        };
        for (c, constraint) in model.constraints.iter().enumerate() {
            if !constraint.hard && !with_soft {
                continue;
            }
            for p in 0..part_total(constraint) {
                let (a, b) = tree.part(constraint, p);
                tree.set_part(c, p, a, b, false);
            }
        }
        // The running totals started from empty sums; recount them from the bounds.
        (tree.hard, tree.soft) = (0, 0);
        for (c, constraint) in model.constraints.iter().enumerate() {
            if constraint.hard {
                tree.hard += tree.bound(c);
            } else if with_soft {
                tree.soft += tree.bound(c);
            }
        }
        tree
    }

    /// Nodes (placed games) visited so far.
    pub(super) fn nodes(&self) -> u64 {
        self.nodes
    }

    /// The best soft objective found (branch and bound), and its timetable.
    pub(super) fn best(&self) -> Option<(i64, &[Game])> {
        self.best.as_deref().map(|games| (self.best_soft, games))
    }

    /// Tells the branch and bound of a timetable already known: only better ones are sought.
    pub(super) fn set_incumbent(&mut self, soft: i64) {
        self.best_soft = self.best_soft.min(soft);
    }

    /// Searches until a feasible timetable is found (returned), `max_nodes` nodes are spent
    /// or the deadline passes. With `with_soft`, searches for the optimum instead: `Some` when
    /// the whole tree was searched (the best timetable, if any beat the incumbent, is in
    /// [`Self::best`]), `None` when stopped.
    pub(super) fn solve(
        &mut self,
        rng: &mut ChaCha8Rng,
        max_nodes: u64,
        deadline: Option<Instant>,
        restarts: bool,
    ) -> Option<Vec<Game>> {
        self.deadline = deadline;
        let fixed = self.stack.len();
        let mut limit: u64 = 2_000;
        loop {
            let budget_left = max_nodes.saturating_sub(self.nodes);
            if budget_left == 0 {
                return None;
            }
            self.node_limit = if restarts {
                self.nodes + limit.min(budget_left)
            } else {
                max_nodes
            };
            let end = self.dfs(rng);
            let games = (end == End::Found).then(|| self.games());
            while self.stack.len() > fixed {
                self.unplace();
            }
            match end {
                End::Found => return games,
                End::Exhausted => return self.with_soft.then(Vec::new),
                End::Aborted => {
                    if self.deadline.is_some_and(|d| Instant::now() >= d) || !restarts {
                        return None;
                    }
                    limit = limit.saturating_mul(3) / 2;
                }
            }
        }
    }

    fn games(&self) -> Vec<Game> {
        self.stack
            .iter()
            .map(|&(home, away, slot)| Game { home, away, slot })
            .collect()
    }

    fn dfs(&mut self, rng: &mut ChaCha8Rng) -> End {
        let everyone = all_teams_mask(self.teams);
        let Some(slot) = (0..self.slots).find(|&s| self.in_slot[s] != everyone) else {
            if !self.with_soft {
                return End::Found;
            }
            if self.soft < self.best_soft {
                self.best_soft = self.soft;
                self.best = Some(self.games());
            }
            return End::Exhausted;
        };
        // The open team with the fewest possible opponents.
        let open = everyone & !self.in_slot[slot];
        let mut chosen = None;
        let mut fewest = u32::MAX;
        let mut members = open;
        while members != 0 {
            let team = members.trailing_zeros() as usize;
            members &= members - 1;
            let count = self.opponents(team, slot, open).count_ones();
            if count == 0 {
                return End::Exhausted;
            }
            if count < fewest {
                fewest = count;
                chosen = Some(team);
            }
        }
        let team = chosen.expect("an open team");
        let mut candidates: Vec<(usize, bool, i64)> = Vec::with_capacity(2 * fewest as usize);
        let mut others = self.opponents(team, slot, open);
        while others != 0 {
            let other = others.trailing_zeros() as usize;
            others &= others - 1;
            for at_home in [true, false] {
                if self.venue_allowed(team, other, at_home) {
                    candidates.push((other, at_home, 0));
                }
            }
        }
        candidates.shuffle(rng);
        if self.with_soft {
            // Best bound first; candidates that cannot beat the best are dropped.
            for candidate in candidates.iter_mut() {
                let (home, away) = if candidate.1 {
                    (team, candidate.0)
                } else {
                    (candidate.0, team)
                };
                self.place(home, away, slot);
                candidate.2 = if self.hard > 0 || self.soft >= self.best_soft {
                    i64::MAX
                } else {
                    self.soft
                };
                self.unplace();
            }
            candidates.retain(|c| c.2 != i64::MAX);
            candidates.sort_by_key(|c| c.2);
        }
        let mut aborted = false;
        for (other, at_home, _) in candidates {
            if self.nodes >= self.node_limit
                || (self.nodes.is_multiple_of(256)
                    && self.deadline.is_some_and(|d| Instant::now() >= d))
            {
                return End::Aborted;
            }
            let (home, away) = if at_home {
                (team, other)
            } else {
                (other, team)
            };
            self.place(home, away, slot);
            self.nodes += 1;
            if self.hard == 0 && (!self.with_soft || self.soft < self.best_soft) {
                match self.dfs(rng) {
                    End::Found => return End::Found,
                    End::Aborted => aborted = true,
                    End::Exhausted => {}
                }
            }
            self.unplace();
            if aborted {
                return End::Aborted;
            }
        }
        End::Exhausted
    }

    /// Opponents `team` may still meet in `slot`, among the `open` teams.
    fn opponents(&self, team: usize, slot: usize, open: Mask) -> Mask {
        let open = open & !(1 << team);
        if !self.model.double {
            open & !(self.hosted[team] | self.visited[team])
        } else if self.model.phased {
            open & !self.met_in_half[self.half(slot)][team]
        } else {
            open & !(self.hosted[team] & self.visited[team])
        }
    }

    fn half(&self, slot: usize) -> usize {
        usize::from(slot >= self.slots / 2)
    }

    /// Whether `team` may meet `other` at home (or away): a double round robin has each pair
    /// meet once at each venue (and in a phased one the other leg is in the other half).
    fn venue_allowed(&self, team: usize, other: usize, at_home: bool) -> bool {
        if !self.model.double {
            return true;
        }
        let (hosted, visited) = (
            self.hosted[team] >> other & 1 == 1,
            self.visited[team] >> other & 1 == 1,
        );
        if at_home {
            !hosted
        } else {
            !visited
        }
    }

    fn place(&mut self, home: usize, away: usize, slot: usize) {
        let (teams, slots) = (self.teams, self.slots);
        self.trail.push((u32::MAX, 0, 0, 0));
        self.stack.push((home, away, slot));
        for (team, other) in [(home, away), (away, home)] {
            self.placed[team] |= 1 << slot;
            self.opponent[team * slots + slot] = other as u8;
            self.opponent_slots[team * teams + other] |= 1 << slot;
        }
        self.home[home] |= 1 << slot;
        self.in_slot[slot] |= 1 << home | 1 << away;
        self.slot_home[slot] |= 1 << home;
        self.slot_of[home * teams + away] = slot as u8;
        self.hosted[home] |= 1 << away;
        self.visited[away] |= 1 << home;
        let half = self.half(slot);
        self.met_in_half[half][home] |= 1 << away;
        self.met_in_half[half][away] |= 1 << home;
        self.rescore(home, away, slot);
    }

    fn unplace(&mut self) {
        let teams = self.teams;
        while let Some((c, p, a, b)) = self.trail.pop() {
            if c == u32::MAX {
                break;
            }
            self.set_part(c as usize, p as usize, a, b, false);
        }
        let (home, away, slot) = self.stack.pop().expect("a placed game");
        for (team, other) in [(home, away), (away, home)] {
            self.placed[team] &= !(1 << slot);
            self.opponent_slots[team * teams + other] &= !(1 << slot);
        }
        self.home[home] &= !(1 << slot);
        self.in_slot[slot] &= !(1 << home | 1 << away);
        self.slot_home[slot] &= !(1 << home);
        self.slot_of[home * teams + away] = NO_SLOT;
        self.hosted[home] &= !(1 << away);
        self.visited[away] &= !(1 << home);
        let half = self.half(slot);
        self.met_in_half[half][home] &= !(1 << away);
        self.met_in_half[half][away] &= !(1 << home);
    }

    /// Fixes a game before the search (the rest of a timetable around the part re-solved).
    pub(super) fn fix(&mut self, game: &Game) {
        self.place(game.home, game.away, game.slot);
    }

    /// Re-bounds the parts that the game `home` v `away` in `slot` can change.
    fn rescore(&mut self, home: usize, away: usize, slot: usize) {
        let model = self.model;
        let (by_team, by_slot, by_game) = if self.with_soft {
            (&model.by_team, &model.by_slot, &model.by_game)
        } else {
            (
                &model.hard_by_team,
                &model.hard_by_slot,
                &model.hard_by_game,
            )
        };
        for team in [home, away] {
            for &(c, p, relevant) in &by_team[team] {
                if relevant >> slot & 1 == 1 {
                    self.touch(c as usize, p as usize);
                }
            }
        }
        let members = 1 << home | 1 << away;
        for &(c, p, involved) in &by_slot[slot] {
            if involved & members != 0 {
                self.touch(c as usize, p as usize);
            }
        }
        for &(c, p) in &by_game[home * self.teams + away] {
            self.touch(c as usize, p as usize);
        }
    }

    fn touch(&mut self, c: usize, p: usize) {
        let (a, b) = self.part(&self.model.constraints[c], p);
        self.set_part(c, p, a, b, true);
    }

    fn bound(&self, c: usize) -> i64 {
        let constraint = &self.model.constraints[c];
        let bound = match constraint.aggregate {
            Aggregate::SumOfParts => self.sum_a[c],
            Aggregate::OutsideOfSum { min, max } => {
                (self.sum_a[c] - max).max(0) + (min - self.sum_a[c] - self.sum_b[c]).max(0)
            }
        };
        bound * constraint.weight
    }

    fn set_part(&mut self, c: usize, p: usize, a: i64, b: i64, log: bool) {
        let part = self.model.constraints[c].first_part + p;
        let (old_a, old_b) = (self.part_a[part], self.part_b[part]);
        if (old_a, old_b) == (a, b) {
            return;
        }
        if log {
            self.trail.push((c as u32, p as u32, old_a, old_b));
        }
        let before = self.bound(c);
        self.part_a[part] = a;
        self.part_b[part] = b;
        self.sum_a[c] += a - old_a;
        self.sum_b[c] += b - old_b;
        let change = self.bound(c) - before;
        if self.model.constraints[c].hard {
            self.hard += change;
        } else {
            self.soft += change;
        }
    }

    fn all_slots(&self) -> Mask {
        if self.slots == 64 {
            Mask::MAX
        } else {
            (1 << self.slots) - 1
        }
    }

    /// Slots of `team`'s placed games that match `mode` and an opponent in `against`.
    fn matching(&self, team: usize, mode: HomeAway, against: Mask) -> Mask {
        let placed = self.placed[team];
        let venue = match mode {
            HomeAway::Home => self.home[team],
            HomeAway::Away => placed & !self.home[team],
            HomeAway::Any => placed,
        };
        venue & slots_against(&self.opponent_slots, self.teams, team, against)
    }

    /// A part's bound: (deviation bound, 0) for sum-of-parts constraints, else (count so far,
    /// how much more may still count).
    fn part(&self, constraint: &Compiled, part: usize) -> (i64, i64) {
        let all = self.all_slots();
        let bounded = |count: i64, possible: i64, min: u32, max: u32| {
            (count - max as i64).max(0) + (min as i64 - count - possible).max(0)
        };
        match &constraint.kind {
            Kind::Count {
                teams,
                against,
                slots,
                mode,
                min,
                max,
            } => {
                let team = teams[part];
                let count = (self.matching(team, *mode, *against) & slots).count_ones() as i64;
                let open = (!self.placed[team] & all & slots).count_ones() as i64;
                (bounded(count, open, *min, *max), 0)
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
                let team = teams[part];
                let matched = self.matching(team, *mode, *against);
                let open = !self.placed[team] & all;
                let window_mask: Mask = if *window >= 64 {
                    Mask::MAX
                } else {
                    (1 << window) - 1
                };
                let total = (0..*starts)
                    .map(|start| {
                        bounded(
                            (matched >> start & window_mask).count_ones() as i64,
                            (open >> start & window_mask).count_ones() as i64,
                            *min,
                            *max,
                        )
                    })
                    .sum();
                (total, 0)
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
                let here = self.in_slot[slot];
                let hosts = self.slot_home[slot];
                let candidates = match mode {
                    HomeAway::Home => teams1 & hosts,
                    HomeAway::Away => teams1 & !hosts & here,
                    HomeAway::Any => teams1 & here,
                };
                let mut count = 0;
                let mut members = candidates;
                while members != 0 {
                    let team = members.trailing_zeros() as usize;
                    members &= members - 1;
                    let other = self.opponent[team * self.slots + slot] as usize;
                    let counted = match mode {
                        HomeAway::Home | HomeAway::Away => teams2 >> other & 1 == 1,
                        HomeAway::Any => {
                            teams2 >> other & 1 == 1
                                && !(teams1 >> other & 1 == 1
                                    && teams2 >> team & 1 == 1
                                    && other < team)
                        }
                    };
                    count += counted as i64;
                }
                let possible = (teams1 & !here & everyone).count_ones() as i64;
                match bounds {
                    Some((min, max)) => (bounded(count, possible, *min, *max), 0),
                    None => (count, possible),
                }
            }
            Kind::Meetings { meetings, slots } => {
                let (mut count, mut possible) = (0, 0);
                for &(h, a) in meetings {
                    let slot = self.slot_of[h * self.teams + a];
                    if slot == NO_SLOT {
                        possible += 1;
                    } else if slots >> slot & 1 == 1 {
                        count += 1;
                    }
                }
                (count, possible)
            }
            Kind::Breaks {
                teams,
                slots,
                mode,
                max,
            } => {
                let breaks = (self.break_mask(teams[part], *mode) & slots).count_ones() as i64;
                ((breaks - *max as i64).max(0), 0)
            }
            Kind::TotalBreaks { teams, slots } => (
                (self.break_mask(teams[part], HomeAway::Any) & slots).count_ones() as i64,
                0,
            ),
            Kind::Balance {
                pairs, slots, max, ..
            } => {
                let (a, b) = pairs[part];
                let largest = slots
                    .iter()
                    .filter_map(|&slot| {
                        let upto: Mask = if slot >= 63 {
                            Mask::MAX
                        } else {
                            (1 << (slot + 1)) - 1
                        };
                        (self.placed[a] & upto == upto && self.placed[b] & upto == upto).then(
                            || {
                                ((self.home[a] & upto).count_ones() as i64
                                    - (self.home[b] & upto).count_ones() as i64)
                                    .abs()
                            },
                        )
                    })
                    .max()
                    .unwrap_or(0);
                ((largest - *max as i64).max(0), 0)
            }
            Kind::Separation { pairs, min_gap } => {
                let (a, b) = pairs[part];
                let first = self.slot_of[a * self.teams + b];
                let second = self.slot_of[b * self.teams + a];
                if first == NO_SLOT || second == NO_SLOT {
                    return (0, 0);
                }
                let between = (first as i64 - second as i64).abs() - 1;
                ((*min_gap as i64 - between).max(0), 0)
            }
        }
    }

    /// Breaks (of `mode`) between two placed slots.
    fn break_mask(&self, team: usize, mode: HomeAway) -> Mask {
        let all = self.all_slots();
        let placed = self.placed[team];
        let both = placed & placed << 1 & all & !1;
        let home = self.home[team];
        let previous = home << 1;
        both & match mode {
            HomeAway::Home => home & previous,
            HomeAway::Away => !home & !previous,
            HomeAway::Any => !(home ^ previous),
        }
    }
}

fn part_total(constraint: &Compiled) -> usize {
    match &constraint.kind {
        Kind::Count { teams, .. }
        | Kind::Breaks { teams, .. }
        | Kind::TotalBreaks { teams, .. }
        | Kind::Window { teams, .. } => teams.len(),
        Kind::SlotCount { slots, .. } => slots.len(),
        Kind::Meetings { .. } => 1,
        Kind::Balance { pairs, .. } | Kind::Separation { pairs, .. } => pairs.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::optimise::tests::instance;
    use crate::schedule::validate::evaluate;

    fn tree_bounds(tree: &Tree) -> (i64, i64) {
        (tree.hard, tree.soft)
    }

    /// Placed completely, in any order of slots, the bounds equal the validator's deviations;
    /// on the way they never exceed them.
    #[test]
    fn bounds_of_a_complete_timetable_are_its_deviations() {
        for name in [
            "ITC2021_Test1.xml",
            "ITC2021_Test3.xml",
            "ITC2021_Early_1.xml",
        ] {
            let instance = instance(name);
            let model = Model::new(&instance).unwrap();
            let mut rng = <ChaCha8Rng as rand::SeedableRng>::seed_from_u64(4);
            let initial = (tree_bounds(&Tree::new(&model, true)), ());
            for _ in 0..3 {
                let games = super::super::initial_games(&model, &mut rng);
                let expected = evaluate(&instance, &games);
                let mut tree = Tree::new(&model, true);
                let mut order = games.clone();
                order.shuffle(&mut rng);
                for g in &order {
                    tree.place(g.home, g.away, g.slot);
                    assert!(tree.hard as u64 <= expected.infeasibility, "{name}");
                    assert!(tree.soft as u64 <= expected.objective, "{name}");
                }
                assert_eq!(
                    (tree.hard as u64, tree.soft as u64),
                    (expected.infeasibility, expected.objective),
                    "{name}"
                );
                for _ in &order {
                    tree.unplace();
                }
                assert_eq!((tree_bounds(&tree), ()), initial, "{name}: undone");
            }
        }
    }
}
