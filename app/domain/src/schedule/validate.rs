//! The independent validator: scores a timetable exactly as ITC2021 does.
//!
//! It shares nothing with the optimiser but the instance model, so the optimiser's incremental
//! bookkeeping can be checked against it. Each constraint class computes its own deviation
//! (as in RobinX's reference validator, one `violation()` per class); the structure of the
//! tournament (every pair meets as often as the format says, no team plays twice in a slot,
//! compactness, phases) is checked separately and counts as hard.

use super::robinx::{
    Br1, Br2, Ca1, Ca2, Ca3, Ca4, Fa2, Format, Ga1, Game, HomeAway, Importance, Instance, Rule,
    Se1, SlotId, SlotScope, TeamId,
};

/// A score in the ITC2021 sense: `infeasibility` is the total deviation of hard constraints
/// (plus structural faults), `objective` the penalty-weighted deviation of soft constraints.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Evaluation {
    pub infeasibility: u64,
    pub objective: u64,
}

impl Evaluation {
    pub fn is_feasible(&self) -> bool {
        self.infeasibility == 0
    }
}

impl std::fmt::Display for Evaluation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "infeasibility={} objective={}",
            self.infeasibility, self.objective
        )
    }
}

/// What a team does in a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appearance {
    pub opponent: TeamId,
    pub at_home: bool,
}

/// A timetable indexed for the questions constraints ask: who plays whom, where, when.
#[derive(Debug, Clone)]
pub struct Timetable {
    teams: usize,
    slots: usize,
    games: Vec<Game>,
    /// `appearances[team * slots + slot]`; the first game wins if a team is double-booked
    /// (that fault is reported by the structure check).
    appearances: Vec<Option<Appearance>>,
    /// Slot of each break, per team: `breaks[team * slots + slot]` is the venue repeated there.
    breaks: Vec<Option<bool>>,
}

impl Timetable {
    /// Indexes `games`; games naming a team or slot out of range are left out of the index
    /// (and reported by [`structure_violations`]).
    pub fn new(teams: usize, slots: usize, games: &[Game]) -> Self {
        let mut appearances = vec![None; teams * slots];
        for game in games {
            if game.home >= teams || game.away >= teams || game.slot >= slots {
                continue;
            }
            for (team, opponent, at_home) in
                [(game.home, game.away, true), (game.away, game.home, false)]
            {
                appearances[team * slots + game.slot]
                    .get_or_insert(Appearance { opponent, at_home });
            }
        }
        // A break is a game with the same venue as the team's previous game; in a compact
        // timetable the previous game is in the previous slot, in a relaxed one it may be earlier.
        let mut breaks = vec![None; teams * slots];
        for team in 0..teams {
            let mut previous_at_home = None;
            for slot in 0..slots {
                if let Some(appearance) = appearances[team * slots + slot] {
                    if previous_at_home == Some(appearance.at_home) {
                        breaks[team * slots + slot] = Some(appearance.at_home);
                    }
                    previous_at_home = Some(appearance.at_home);
                }
            }
        }
        Timetable {
            teams,
            slots,
            games: games.to_vec(),
            appearances,
            breaks,
        }
    }

    pub fn team_count(&self) -> usize {
        self.teams
    }

    pub fn slot_count(&self) -> usize {
        self.slots
    }

    pub fn games(&self) -> &[Game] {
        &self.games
    }

    pub fn appearance(&self, team: TeamId, slot: SlotId) -> Option<Appearance> {
        self.appearances[team * self.slots + slot]
    }

    /// `Some(true)` for a home break (home after home), `Some(false)` for an away break.
    pub fn break_at(&self, team: TeamId, slot: SlotId) -> Option<bool> {
        self.breaks[team * self.slots + slot]
    }

    /// Number of breaks of all teams.
    pub fn total_breaks(&self) -> usize {
        self.breaks.iter().filter(|b| b.is_some()).count()
    }

    /// Games of `team` in `slots` (of `mode`) against an opponent accepted by `against`.
    fn count_games(
        &self,
        team: TeamId,
        mode: HomeAway,
        slots: impl IntoIterator<Item = SlotId>,
        against: &[bool],
    ) -> u32 {
        slots
            .into_iter()
            .filter_map(|slot| self.appearance(team, slot))
            .filter(|a| mode.counts(a.at_home) && against[a.opponent])
            .count() as u32
    }

    /// Slots in which `a` and `b` meet, in order.
    fn mutual_slots(&self, a: TeamId, b: TeamId) -> Vec<SlotId> {
        (0..self.slots)
            .filter(|&slot| self.appearance(a, slot).is_some_and(|x| x.opponent == b))
            .collect()
    }
}

/// One constraint class's measure of how far a timetable is from satisfying it.
pub trait Violation {
    /// The sum of the constraint's deviation vector (0 when satisfied).
    fn violation(&self, timetable: &Timetable) -> u32;
}

fn membership(teams: usize, members: &[TeamId]) -> Vec<bool> {
    let mut set = vec![false; teams];
    for &team in members {
        set[team] = true;
    }
    set
}

/// Deviation of a count from the interval [min, max].
fn outside(count: u32, min: u32, max: u32) -> u32 {
    count.saturating_sub(max) + min.saturating_sub(count)
}

impl Violation for Ca1 {
    fn violation(&self, timetable: &Timetable) -> u32 {
        let anyone = vec![true; timetable.team_count()];
        self.teams
            .iter()
            .map(|&team| {
                let count =
                    timetable.count_games(team, self.mode, self.slots.iter().copied(), &anyone);
                outside(count, self.min, self.max)
            })
            .sum()
    }
}

impl Violation for Ca2 {
    fn violation(&self, timetable: &Timetable) -> u32 {
        let against = membership(timetable.team_count(), &self.teams2);
        self.teams1
            .iter()
            .map(|&team| {
                let count =
                    timetable.count_games(team, self.mode, self.slots.iter().copied(), &against);
                outside(count, self.min, self.max)
            })
            .sum()
    }
}

impl Violation for Ca3 {
    fn violation(&self, timetable: &Timetable) -> u32 {
        let against = membership(timetable.team_count(), &self.teams2);
        let window = self.window.max(1) as usize;
        let slots = timetable.slot_count();
        if window > slots {
            return 0;
        }
        self.teams1
            .iter()
            .map(|&team| {
                (0..=slots - window)
                    .map(|start| {
                        let count =
                            timetable.count_games(team, self.mode, start..start + window, &against);
                        outside(count, self.min, self.max)
                    })
                    .sum::<u32>()
            })
            .sum()
    }
}

impl Ca4 {
    /// Games in `slot` counted by this constraint. A game counts once even when both its teams
    /// are in both sets.
    fn count_in_slot(
        &self,
        timetable: &Timetable,
        slot: SlotId,
        in1: &[bool],
        in2: &[bool],
    ) -> u32 {
        timetable
            .games()
            .iter()
            .filter(|g| g.slot == slot && g.home < in1.len() && g.away < in1.len())
            .filter(|g| match self.mode {
                HomeAway::Home => in1[g.home] && in2[g.away],
                HomeAway::Away => in1[g.away] && in2[g.home],
                HomeAway::Any => (in1[g.home] && in2[g.away]) || (in1[g.away] && in2[g.home]),
            })
            .count() as u32
    }
}

impl Violation for Ca4 {
    fn violation(&self, timetable: &Timetable) -> u32 {
        let in1 = membership(timetable.team_count(), &self.teams1);
        let in2 = membership(timetable.team_count(), &self.teams2);
        let counts = self
            .slots
            .iter()
            .map(|&slot| self.count_in_slot(timetable, slot, &in1, &in2));
        match self.scope {
            SlotScope::Global => outside(counts.sum(), self.min, self.max),
            SlotScope::Every => counts.map(|count| outside(count, self.min, self.max)).sum(),
        }
    }
}

impl Violation for Ga1 {
    fn violation(&self, timetable: &Timetable) -> u32 {
        let count = self
            .meetings
            .iter()
            .map(|&(home, away)| {
                self.slots
                    .iter()
                    .filter(|&&slot| {
                        timetable
                            .appearance(home, slot)
                            .is_some_and(|a| a.at_home && a.opponent == away)
                    })
                    .count() as u32
            })
            .sum();
        outside(count, self.min, self.max)
    }
}

impl Violation for Br1 {
    fn violation(&self, timetable: &Timetable) -> u32 {
        self.teams
            .iter()
            .map(|&team| {
                let breaks = self
                    .slots
                    .iter()
                    .filter_map(|&slot| timetable.break_at(team, slot))
                    .filter(|&at_home| self.mode.counts(at_home))
                    .count() as u32;
                breaks.saturating_sub(self.max)
            })
            .sum()
    }
}

impl Violation for Br2 {
    fn violation(&self, timetable: &Timetable) -> u32 {
        let breaks: u32 = self
            .teams
            .iter()
            .map(|&team| {
                self.slots
                    .iter()
                    .filter(|&&slot| timetable.break_at(team, slot).is_some())
                    .count() as u32
            })
            .sum();
        breaks.saturating_sub(self.max)
    }
}

impl Violation for Fa2 {
    fn violation(&self, timetable: &Timetable) -> u32 {
        let slots = timetable.slot_count();
        let mut checked = vec![false; slots];
        for &slot in &self.slots {
            checked[slot] = true;
        }
        // Home games played up to and including each slot.
        let home_so_far: Vec<Vec<i64>> = self
            .teams
            .iter()
            .map(|&team| {
                let mut total = 0;
                (0..slots)
                    .map(|slot| {
                        total += timetable.appearance(team, slot).is_some_and(|a| a.at_home) as i64;
                        total
                    })
                    .collect()
            })
            .collect();
        let mut deviation = 0;
        for i in 0..self.teams.len() {
            for j in i + 1..self.teams.len() {
                let largest = (0..slots)
                    .filter(|&slot| checked[slot])
                    .map(|slot| (home_so_far[i][slot] - home_so_far[j][slot]).unsigned_abs())
                    .max()
                    .unwrap_or(0) as u32;
                deviation += largest.saturating_sub(self.max_difference);
            }
        }
        deviation
    }
}

impl Violation for Se1 {
    fn violation(&self, timetable: &Timetable) -> u32 {
        let mut deviation = 0;
        for (index, &a) in self.teams.iter().enumerate() {
            for &b in &self.teams[index + 1..] {
                let meetings = timetable.mutual_slots(a, b);
                for pair in meetings.windows(2) {
                    // Slots strictly between the two games, per the ITC2021 erratum.
                    let between = (pair[1] - pair[0] - 1) as u32;
                    deviation += self.min_gap.saturating_sub(between);
                }
            }
        }
        deviation
    }
}

impl Violation for Rule {
    fn violation(&self, timetable: &Timetable) -> u32 {
        match self {
            Rule::Ca1(c) => c.violation(timetable),
            Rule::Ca2(c) => c.violation(timetable),
            Rule::Ca3(c) => c.violation(timetable),
            Rule::Ca4(c) => c.violation(timetable),
            Rule::Ga1(c) => c.violation(timetable),
            Rule::Br1(c) => c.violation(timetable),
            Rule::Br2(c) => c.violation(timetable),
            Rule::Fa2(c) => c.violation(timetable),
            Rule::Se1(c) => c.violation(timetable),
        }
    }
}

/// A fault in the tournament's structure; each one counts 1 towards infeasibility.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StructureViolation {
    /// A game names a team or slot that does not exist, or a team playing itself.
    InvalidGame(Game),
    /// `home` hosts `away` `times` times (double round robin: must be exactly once).
    HostingCount {
        home: TeamId,
        away: TeamId,
        times: u32,
    },
    /// The pair meets `times` times in total (single round robin: must be exactly once).
    MeetingCount { a: TeamId, b: TeamId, times: u32 },
    /// A team plays more than one game in a slot.
    DoubleBooked { team: TeamId, slot: SlotId },
    /// Compact format: a team does not play in a slot.
    Idle { team: TeamId, slot: SlotId },
    /// Phased format: the pair does not meet exactly once in the first half.
    NotPhased { a: TeamId, b: TeamId },
}

/// Checks the round-robin structure of `games` against the instance's format.
pub fn structure_violations(
    format: Format,
    teams: usize,
    slots: usize,
    games: &[Game],
) -> Vec<StructureViolation> {
    let mut faults = Vec::new();
    let mut hosted = vec![0u32; teams * teams];
    let mut booked = vec![0u32; teams * slots];
    let mut first_half_meetings = vec![0u32; teams * teams];
    // Phases split the slots in half; with an odd slot count the first phase is the shorter.
    let first_half_end = slots / 2;
    for &game in games {
        if game.home >= teams || game.away >= teams || game.slot >= slots || game.home == game.away
        {
            faults.push(StructureViolation::InvalidGame(game));
            continue;
        }
        hosted[game.home * teams + game.away] += 1;
        booked[game.home * slots + game.slot] += 1;
        booked[game.away * slots + game.slot] += 1;
        if game.slot < first_half_end {
            let (a, b) = (game.home.min(game.away), game.home.max(game.away));
            first_half_meetings[a * teams + b] += 1;
        }
    }
    for a in 0..teams {
        for b in 0..teams {
            if a == b {
                continue;
            }
            match format.round_robins {
                1 if a < b => {
                    let times = hosted[a * teams + b] + hosted[b * teams + a];
                    if times != 1 {
                        faults.push(StructureViolation::MeetingCount { a, b, times });
                    }
                }
                1 => {}
                _ => {
                    let times = hosted[a * teams + b];
                    if times != 1 {
                        faults.push(StructureViolation::HostingCount {
                            home: a,
                            away: b,
                            times,
                        });
                    }
                }
            }
            if format.phased
                && format.round_robins == 2
                && a < b
                && first_half_meetings[a * teams + b] != 1
            {
                faults.push(StructureViolation::NotPhased { a, b });
            }
        }
    }
    for team in 0..teams {
        for slot in 0..slots {
            match booked[team * slots + slot] {
                0 if format.compact && teams.is_multiple_of(2) => {
                    faults.push(StructureViolation::Idle { team, slot })
                }
                0 | 1 => {}
                _ => faults.push(StructureViolation::DoubleBooked { team, slot }),
            }
        }
    }
    faults
}

/// The full verdict on a timetable: score, structural faults and each constraint's deviation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Assessment {
    pub evaluation: Evaluation,
    pub structure: Vec<StructureViolation>,
    /// Deviation of each constraint, in the instance's order.
    pub deviations: Vec<u32>,
}

impl Assessment {
    /// Indices of the hard constraints that are violated.
    pub fn violated_hard(&self, instance: &Instance) -> Vec<usize> {
        (0..self.deviations.len())
            .filter(|&i| self.deviations[i] > 0 && instance.constraints[i].importance.is_hard())
            .collect()
    }
}

/// Scores `games` against `instance` exactly as ITC2021 does.
pub fn assess(instance: &Instance, games: &[Game]) -> Assessment {
    let (teams, slots) = (instance.team_count(), instance.slot_count());
    let structure = structure_violations(instance.format, teams, slots, games);
    let timetable = Timetable::new(teams, slots, games);
    let mut evaluation = Evaluation {
        infeasibility: structure.len() as u64,
        objective: 0,
    };
    let deviations: Vec<u32> = instance
        .constraints
        .iter()
        .map(|constraint| {
            let deviation = constraint.rule.violation(&timetable);
            match constraint.importance {
                Importance::Hard => evaluation.infeasibility += deviation as u64,
                Importance::Soft { penalty } => {
                    evaluation.objective += deviation as u64 * penalty as u64
                }
            }
            deviation
        })
        .collect();
    Assessment {
        evaluation,
        structure,
        deviations,
    }
}

/// Scores `games` against `instance`: just the two numbers.
pub fn evaluate(instance: &Instance, games: &[Game]) -> Evaluation {
    assess(instance, games).evaluation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game(home: TeamId, away: TeamId, slot: SlotId) -> Game {
        Game { home, away, slot }
    }

    /// Table 1 of the ITC2021 specification (teams renumbered from 0).
    fn table_one() -> Vec<Game> {
        let rounds: [[(usize, usize); 3]; 10] = [
            [(1, 2), (3, 4), (5, 6)],
            [(2, 5), (4, 1), (6, 3)],
            [(2, 4), (1, 6), (5, 3)],
            [(2, 3), (5, 1), (6, 4)],
            [(6, 2), (4, 5), (1, 3)],
            [(4, 2), (6, 1), (3, 5)],
            [(5, 2), (1, 4), (3, 6)],
            [(2, 1), (4, 3), (6, 5)],
            [(3, 2), (1, 5), (4, 6)],
            [(2, 6), (5, 4), (3, 1)],
        ];
        rounds
            .iter()
            .enumerate()
            .flat_map(|(slot, games)| games.iter().map(move |&(h, a)| game(h - 1, a - 1, slot)))
            .collect()
    }

    const PHASED: Format = Format {
        round_robins: 2,
        compact: true,
        phased: true,
    };

    #[test]
    fn table_one_is_a_phased_double_round_robin() {
        assert_eq!(structure_violations(PHASED, 6, 10, &table_one()), vec![]);
    }

    #[test]
    fn team_two_has_a_home_break_in_slot_four() {
        // The specification: "team 2 in Table 1 has a home break in time slot s3 and s4".
        let timetable = Timetable::new(6, 10, &table_one());
        assert_eq!(timetable.break_at(1, 3), Some(true));
        assert_eq!(timetable.break_at(1, 2), Some(true));
        assert_eq!(timetable.break_at(1, 1), None);
    }

    #[test]
    fn structure_faults_are_reported() {
        let mut games = table_one();
        games[0] = game(1, 0, 0); // (1,2) becomes (2,1): hosted twice, and the pair unphased
        let faults = structure_violations(PHASED, 6, 10, &games);
        assert!(faults.contains(&StructureViolation::HostingCount {
            home: 1,
            away: 0,
            times: 2
        }));
        assert!(faults.contains(&StructureViolation::HostingCount {
            home: 0,
            away: 1,
            times: 0
        }));
        games.pop();
        let faults = structure_violations(PHASED, 6, 10, &games);
        assert!(faults.contains(&StructureViolation::Idle { team: 2, slot: 9 }));
    }

    #[test]
    fn each_class_measures_its_deviation() {
        let timetable = Timetable::new(6, 10, &table_one());
        // Team 0 (spec's team 1) is at home in slots 0, 2, 4, 6, 8.
        let ca1 = Ca1 {
            teams: vec![0],
            min: 0,
            max: 1,
            mode: HomeAway::Home,
            slots: vec![0, 2, 4],
        };
        assert_eq!(ca1.violation(&timetable), 2);
        let se1 = Se1 {
            teams: vec![0, 1],
            min_gap: 8,
        };
        // 0 and 1 meet in slots 0 and 7: 6 slots in between, 2 short.
        assert_eq!(se1.violation(&timetable), 2);
        let ga1 = Ga1 {
            meetings: vec![(0, 1), (1, 0)],
            min: 2,
            max: 2,
            slots: vec![0, 1],
        };
        assert_eq!(ga1.violation(&timetable), 1);
        let ca4 = Ca4 {
            teams1: vec![0, 2, 4],
            teams2: vec![0, 1, 2, 3, 4, 5],
            min: 0,
            max: 1,
            mode: HomeAway::Home,
            scope: SlotScope::Every,
            slots: vec![0, 1],
        };
        // Slot 0: teams 0, 2, 4 all at home (2 too many); slot 1: none at home.
        assert_eq!(ca4.violation(&timetable), 2);
        let br2 = Br2 {
            teams: vec![1],
            max: 0,
            slots: (0..10).collect(),
        };
        assert_eq!(
            br2.violation(&timetable),
            timetable.breaks.iter().skip(10).take(10).flatten().count() as u32
        );
    }
}
