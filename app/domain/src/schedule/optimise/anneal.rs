//! The moves and their exact incremental scoring.

use super::*;

/// Percentage of the feasibility phase's moves aimed at a violated hard constraint, for
/// instances of at least `TARGETED_TEAMS` teams. Smaller ones go without: on the 8-team
/// feasibility instances the targeted moves made the hardest one (Small Addition_016) feasible
/// less often (1 of 4 seeds at 3M moves, 3 of 4 without).
pub(super) const TARGETED_PERCENT: u32 = 30;
pub(super) const TARGETED_TEAMS: usize = 16;

/// The moves, each keeping the timetable a round robin.
#[derive(Debug, Clone, Copy)]
pub(super) enum Move {
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

pub(super) struct Annealer<'m> {
    pub(super) model: &'m Model,
    pub(super) state: State,
    pub(super) rng: ChaCha8Rng,
    pub(super) hard_weight: f64,
    /// Per-constraint multipliers of hard deviations in the feasibility phase (breakout: the
    /// constraints that stay violated grow heavier).
    pub(super) hard_multiplier: Vec<f64>,
    /// Feasibility phase: only hard constraints are re-scored; soft parts (and `soft`) go
    /// stale until a full `rescore`.
    pub(super) hard_only: bool,
    /// Weighted hard change of the last `rescore_touched`, by `hard_multiplier`.
    pub(super) weighted_hard_change: f64,
    /// Cells written by the current move: (cell index, previous entry).
    pub(super) written: Vec<(usize, Entry)>,
    /// Parts changed by the current move: (global part, previous value).
    pub(super) part_log: Vec<(usize, i64)>,
    /// Constraints touched by the current move: (constraint, previous sum).
    pub(super) sum_log: Vec<(usize, i64)>,
    pub(super) part_stamp: Vec<u32>,
    pub(super) constraint_stamp: Vec<u32>,
    pub(super) team_stamp: Vec<u32>,
    /// Slots of each team changed by the current move (valid where `team_stamp` is current).
    pub(super) changed_slots: Vec<Mask>,
    /// Teams changed by the current move in each slot.
    pub(super) changed_teams_in_slot: Vec<Mask>,
    pub(super) stamp: u32,
    pub(super) scratch_teams: Vec<usize>,
    pub(super) scratch_rounds: Vec<usize>,
    pub(super) scratch_games: Vec<usize>,
    pub(super) scratch_entries: Vec<(usize, Entry, Entry)>,
    /// Hard constraints violated as the timetable stood at the last `refresh_violated`.
    pub(super) violated: Vec<usize>,
    /// Percentage of the feasibility phase's moves aimed at a violated hard constraint.
    pub(super) targeted_percent: u32,
    /// Multiplies the soft phase's temperatures (1 for the first search of a portfolio).
    pub(super) soft_temperature: f64,
    /// Targeted moves send a game out of (or into) the slots of the constraint they repair
    /// (three times in four, when the half allows). On for the low-break start (BR2
    /// instances): with the scaled temperature of `run`, hard violations left over five of
    /// them at 4M moves 159 → 137 (seed 1) and 171 → 137 (seed 2); on instances without BR2
    /// the two together left more (Early_12 and Middle_6 no longer feasible at 30 s).
    pub(super) directed: bool,
    /// Mean breakout multiplier of the hard constraints violated at the last refresh.
    pub(super) violated_weight: f64,
}

/// A random member of a non-empty mask.
fn random_member(mask: Mask, rng: &mut ChaCha8Rng) -> usize {
    let mut nth = rng.gen_range(0..mask.count_ones());
    let mut rest = mask;
    loop {
        let low = rest.trailing_zeros();
        if nth == 0 {
            return low as usize;
        }
        nth -= 1;
        rest &= rest - 1;
    }
}

impl<'m> Annealer<'m> {
    pub(super) fn new(model: &'m Model, limits: &SearchLimits) -> Self {
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
            violated: Vec::new(),
            targeted_percent: if model.teams >= TARGETED_TEAMS {
                TARGETED_PERCENT
            } else {
                0
            },
            soft_temperature: 1.0,
            directed: model.low_break_start,
            violated_weight: 1.0,
        }
    }

    /// Lists the hard constraints the current timetable violates (for targeted moves).
    pub(super) fn refresh_violated(&mut self) {
        self.violated.clear();
        let mut weight = 0.0;
        for (c, constraint) in self.model.constraints.iter().enumerate() {
            if constraint.hard && self.model.deviation(constraint, self.state.sums[c]) > 0 {
                self.violated.push(c);
                weight += self.hard_multiplier[c];
            }
        }
        self.violated_weight = if self.violated.is_empty() {
            1.0
        } else {
            weight / self.violated.len() as f64
        };
    }

    /// A move aimed at a violated hard constraint: one of its teams, in one of its slots (for
    /// a meeting, where the game is now), moved by a partial swap of rounds, a swap of homes, a
    /// partial swap of teams or a swap of rounds.
    pub(super) fn targeted_move(&mut self) -> Option<Move> {
        let (teams, slots) = (self.state.teams, self.state.slots);
        let c = self.violated[self.rng.gen_range(0..self.violated.len())];
        let (team_mask, slot_mask) = self.model.focus[c];
        let all = self.state.all_slots();
        let constraint = &self.model.constraints[c];
        let first = constraint.first_part;
        let state = &self.state;
        let rng = &mut self.rng;
        // A part that is off (one per team, or per slot), at random.
        let off_part = |count: usize, rng: &mut ChaCha8Rng| {
            let mut seen = 0;
            let mut pick = None;
            for p in 0..count {
                if state.parts[first + p] > 0 {
                    seen += 1;
                    if rng.gen_range(0..seen) == 0 {
                        pick = Some(p);
                    }
                }
            }
            pick.unwrap_or_else(|| rng.gen_range(0..count.max(1)))
        };
        // One of `candidates` when there are any, else one of `fallback`.
        let one_of = |candidates: Mask, fallback: Mask, rng: &mut ChaCha8Rng| {
            if candidates != 0 {
                Some(random_member(candidates, rng))
            } else if fallback != 0 {
                Some(random_member(fallback, rng))
            } else {
                None
            }
        };
        // For a constraint on a total (CA4 over all its slots, GA1): too many counted games
        // in its slots (the game moves out of them) or too few (a game moves in).
        let too_few = match constraint.aggregate {
            Aggregate::OutsideOfSum { min, .. } => state.sums[c] < min,
            Aggregate::SumOfParts => false,
        };
        let directed = self.directed;
        let (team, slot) = match &constraint.kind {
            Kind::Meetings {
                meetings,
                slots: within,
            } => {
                let mut pick = meetings[rng.gen_range(0..meetings.len())];
                if directed {
                    // A listed game on the wrong side of the slots, when there is one.
                    let mut seen = 0;
                    for &(h, a) in meetings {
                        let slot = state.slot_of[h * teams + a];
                        let inside = slot != NO_SLOT && within >> slot & 1 == 1;
                        if inside != too_few {
                            seen += 1;
                            if rng.gen_range(0..seen) == 0 {
                                pick = (h, a);
                            }
                        }
                    }
                }
                let (h, a) = pick;
                let slot = match state.slot_of[h * teams + a] {
                    NO_SLOT => state.slot_of[a * teams + h],
                    slot => slot,
                };
                if slot == NO_SLOT {
                    return None;
                }
                (h, slot as usize)
            }
            // The team whose count is off, in a slot where it counts.
            Kind::Count {
                teams: members,
                against,
                slots: within,
                mode,
                ..
            } => {
                let team = members[off_part(members.len(), rng)];
                let counted = state.matching_slots(team, *mode, *against, all) & within;
                (team, one_of(counted, *within, rng)?)
            }
            Kind::Window {
                teams: members,
                against,
                mode,
                ..
            } => {
                let team = members[off_part(members.len(), rng)];
                let counted = state.matching_slots(team, *mode, *against, all);
                (team, one_of(counted, all, rng)?)
            }
            Kind::Breaks {
                teams: members,
                slots: within,
                mode,
                ..
            } => {
                let team = members[off_part(members.len(), rng)];
                let breaks = state.break_mask(team, *mode) & within;
                (team, one_of(breaks, slot_mask, rng)?)
            }
            Kind::TotalBreaks {
                teams: members,
                slots: within,
            } => {
                let team = members[rng.gen_range(0..members.len())];
                let breaks = state.break_mask(team, HomeAway::Any) & within;
                (team, one_of(breaks, slot_mask, rng)?)
            }
            // A counted game: a team of `teams1` against `teams2` in one of the slots (a slot
            // that is off, when each slot is bounded on its own).
            Kind::SlotCount {
                slots: list,
                teams1,
                teams2,
                mode,
                bounds,
            } => {
                let within = if bounds.is_some() {
                    1 << list[off_part(list.len(), rng)]
                } else {
                    slot_mask
                };
                let mut seen = 0;
                let mut pick = None;
                let mut members = *teams1;
                while members != 0 {
                    let team = members.trailing_zeros() as usize;
                    members &= members - 1;
                    let counted = state.matching_slots(team, *mode, *teams2, all) & within;
                    let n = counted.count_ones();
                    if n > 0 {
                        seen += n;
                        if rng.gen_range(0..seen) < n {
                            pick = Some((team, random_member(counted, rng)));
                        }
                    }
                }
                match pick {
                    Some(pick) => pick,
                    None => {
                        if team_mask == 0 || within == 0 {
                            return None;
                        }
                        (random_member(team_mask, rng), random_member(within, rng))
                    }
                }
            }
            _ => {
                if team_mask == 0 || slot_mask == 0 {
                    return None;
                }
                (random_member(team_mask, rng), random_member(slot_mask, rng))
            }
        };
        // Another round, in the same half of a phased timetable.
        let (low, high) = if self.model.phased {
            if slot < slots / 2 {
                (0, slots / 2)
            } else {
                (slots / 2, slots)
            }
        } else {
            (0, slots)
        };
        let mut other = low + (slot - low + self.rng.gen_range(1..high - low)) % (high - low);
        if self.directed && slot_mask != 0 && self.rng.gen_range(0..4) != 0 {
            // Out of the constraint's slots when it counts too many there, into them when too
            // few, as far as the half allows.
            let range: Mask = ((1 << (high - low)) - 1) << low;
            let wanted = if too_few { slot_mask } else { !slot_mask } & range & !(1 << slot);
            if wanted != 0 {
                other = random_member(wanted, &mut self.rng);
            }
        }
        Some(match self.rng.gen_range(0..100) {
            0..=39 => Move::PartialSwapRounds(team, slot, other),
            40..=64 => Move::SwapHomes(team, opponent(self.state.entry(team, slot))),
            65..=89 => {
                let b = (team + self.rng.gen_range(1..teams)) % teams;
                if opponent(self.state.entry(team, slot)) == b {
                    return None;
                }
                if self.model.phased {
                    Move::PhasedPartialSwapTeams(team, b, slot)
                } else {
                    Move::PartialSwapTeams(team, b, slot)
                }
            }
            _ => Move::SwapRounds(slot, other),
        })
    }

    pub(super) fn write(&mut self, team: usize, slot: usize, entry: Entry) {
        let index = team * self.state.slots + slot;
        let previous = self.state.cells[index];
        if previous == entry {
            return;
        }
        self.written.push((index, previous));
        self.state.set_cell(index, entry);
    }

    /// Re-points `slot_of` after cells changed from `before` (per written cell) to now.
    pub(super) fn refresh_slots(&mut self) {
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

    pub(super) fn random_move(&mut self) -> Option<Move> {
        if self.targeted_percent > 0
            && self.hard_only
            && !self.violated.is_empty()
            && self.rng.gen_range(0..100) < self.targeted_percent
        {
            return self.targeted_move();
        }
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
    pub(super) fn apply(&mut self, mv: Move) -> bool {
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
    pub(super) fn phases_hold(&self) -> bool {
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

    pub(super) fn undo_cells(&mut self) {
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
    pub(super) fn rescore_touched(&mut self) -> (i64, i64) {
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

    pub(super) fn touch(&mut self, c: usize, p: usize) {
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

    pub(super) fn reject(&mut self) {
        for &(part, previous) in self.part_log.iter().rev() {
            self.state.parts[part] = previous;
        }
        for &(c, previous) in self.sum_log.iter().rev() {
            self.state.sums[c] = previous;
        }
        self.undo_cells();
    }

    pub(super) fn energy(&self, hard: i64, soft: i64) -> f64 {
        hard as f64 * self.hard_weight + soft as f64
    }

    /// Breakout: the hard constraints violated now grow heavier, so the feasibility phase is
    /// pushed out of the local minimum it sits in. Multipliers are halved when they grow large.
    pub(super) fn bump_violated(&mut self) {
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
    pub(super) fn step(&mut self, temperature: f64) -> bool {
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
}
