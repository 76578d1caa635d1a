//! The timetable as the search holds it, and the cached value of every constraint part.

use super::*;

/// One cell of the timetable: opponent in the low 7 bits, the top bit set when at home.
pub(super) type Entry = u8;
pub(super) const HOME: Entry = 0x80;
pub(super) const NO_SLOT: u8 = u8::MAX;

pub(super) fn opponent(entry: Entry) -> usize {
    (entry & !HOME) as usize
}

pub(super) fn at_home(entry: Entry) -> bool {
    entry & HOME != 0
}

/// A timetable under search with its cached scores.
#[derive(Clone)]
pub(super) struct State {
    pub(super) teams: usize,
    pub(super) slots: usize,
    /// `cells[team * slots + slot]`.
    pub(super) cells: Vec<Entry>,
    /// Bit s set when the team is at home in slot s.
    pub(super) home_mask: Vec<Mask>,
    /// `opponent_slots[team * teams + other]`: slots in which `team` plays `other`.
    pub(super) opponent_slots: Vec<Mask>,
    /// Bit t set when team t is at home, per slot.
    pub(super) slot_home: Vec<Mask>,
    /// `slot_of[home * teams + away]`: when `home` hosts `away`.
    pub(super) slot_of: Vec<u8>,
    pub(super) parts: Vec<i64>,
    pub(super) sums: Vec<i64>,
    pub(super) hard: i64,
    pub(super) soft: i64,
}

impl State {
    pub(super) fn from_games(model: &Model, games: &[Game]) -> Self {
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

    pub(super) fn games(&self) -> Vec<Game> {
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
    pub(super) fn set_cell(&mut self, index: usize, entry: Entry) {
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

    pub(super) fn entry(&self, team: usize, slot: usize) -> Entry {
        self.cells[team * self.slots + slot]
    }

    pub(super) fn rescore(&mut self, model: &Model) {
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

    pub(super) fn part_total(&self, constraint: &Compiled) -> usize {
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

    pub(super) fn all_slots(&self) -> Mask {
        if self.slots == 64 {
            Mask::MAX
        } else {
            (1 << self.slots) - 1
        }
    }

    /// Slots in which `team`'s game matches `mode` and an opponent in `against`.
    pub(super) fn matching_slots(
        &self,
        team: usize,
        mode: HomeAway,
        against: Mask,
        all: Mask,
    ) -> Mask {
        let venue = match mode {
            HomeAway::Home => self.home_mask[team],
            HomeAway::Away => !self.home_mask[team] & all,
            HomeAway::Any => all,
        };
        venue & slots_against(&self.opponent_slots, self.teams, team, against)
    }

    /// Bit s set when `team` has a break (of `mode`) in slot s.
    pub(super) fn break_mask(&self, team: usize, mode: HomeAway) -> Mask {
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

    pub(super) fn part_value(&self, constraint: &Compiled, part: usize) -> i64 {
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
                // The window slides one slot at a time: one slot leaves, one enters (a popcount
                // per window was most of the soft phase's time on instances with many CA3).
                let mut count = (matched & window_mask).count_ones() as i64;
                let mut total = 0;
                for start in 0..*starts {
                    total += outside(count, min, max);
                    let entering = matched.checked_shr((start + window) as u32).unwrap_or(0) & 1;
                    count += entering as i64 - (matched >> start & 1) as i64;
                }
                total
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
            Kind::Balance {
                pairs,
                checked,
                max,
                ..
            } => {
                // The difference of home games so far changes only in the slots where exactly
                // one of the two is at home; between two such slots it holds, and it counts
                // when a checked slot lies in that stretch.
                let (a, b) = pairs[part];
                let (home_a, home_b) = (self.home_mask[a], self.home_mask[b]);
                if *checked == 0 {
                    return 0;
                }
                let last = 63 - checked.leading_zeros();
                let upto: Mask = if last >= 63 {
                    Mask::MAX
                } else {
                    (1 << (last + 1)) - 1
                };
                let mut changes = (home_a ^ home_b) & upto;
                let mut difference: i64 = 0;
                let mut largest: i64 = 0;
                while changes != 0 {
                    let slot = changes.trailing_zeros();
                    changes &= changes - 1;
                    difference += if home_a >> slot & 1 == 1 { 1 } else { -1 };
                    let held_until: Mask = if changes == 0 {
                        Mask::MAX
                    } else {
                        (1 << changes.trailing_zeros()) - 1
                    };
                    if checked & (Mask::MAX << slot) & held_until != 0 {
                        largest = largest.max(difference.abs());
                    }
                }
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
pub(super) fn slots_against(
    opponent_slots: &[Mask],
    teams: usize,
    team: usize,
    against: Mask,
) -> Mask {
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

pub(super) fn all_teams_mask(teams: usize) -> Mask {
    if teams == 64 {
        Mask::MAX
    } else {
        (1 << teams) - 1
    }
}
