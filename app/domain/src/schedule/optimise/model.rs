//! The instance compiled for the search: constraints split into parts, each with its teams,
//! slots and aggregate.

use super::*;

pub(super) type Mask = u64;

#[derive(Debug, Clone, Copy)]
pub(super) enum Aggregate {
    /// Each part is a deviation already; the constraint's is their sum.
    SumOfParts,
    /// Parts are counts; the constraint deviates by how far their sum is outside [min, max].
    OutsideOfSum { min: i64, max: i64 },
}

#[derive(Debug, Clone)]
pub(super) enum Kind {
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
        /// `slots` as a mask.
        checked: Mask,
        max: u32,
    },
    /// SE1: part per pair of teams.
    Separation {
        pairs: Vec<(usize, usize)>,
        min_gap: u32,
    },
}

#[derive(Debug, Clone)]
pub(super) struct Compiled {
    pub(super) hard: bool,
    pub(super) weight: i64,
    pub(super) aggregate: Aggregate,
    pub(super) first_part: usize,
    pub(super) kind: Kind,
}

/// The instance compiled for fast, incremental scoring.
pub(super) struct Model {
    pub(super) teams: usize,
    pub(super) slots: usize,
    pub(super) double: bool,
    pub(super) phased: bool,
    /// A hard cap on total breaks (BR2): start from a timetable with the fewest breaks.
    pub(super) low_break_start: bool,
    pub(super) constraints: Vec<Compiled>,
    pub(super) part_count: usize,
    /// Parts to re-evaluate when a team's row changes in one of the slots of the mask:
    /// (constraint, part, slots the part depends on).
    pub(super) by_team: Vec<Vec<(u32, u32, Mask)>>,
    /// Parts to re-evaluate when a slot changes for one of the teams in the mask.
    pub(super) by_slot: Vec<Vec<(u32, u32, Mask)>>,
    /// Parts to re-evaluate when the game (home, away) moves: index home * teams + away.
    pub(super) by_game: Vec<Vec<(u32, u32)>>,
    /// The same three indexes restricted to hard constraints, for the feasibility phase.
    pub(super) hard_by_team: Vec<Vec<(u32, u32, Mask)>>,
    pub(super) hard_by_slot: Vec<Vec<(u32, u32, Mask)>>,
    pub(super) hard_by_game: Vec<Vec<(u32, u32)>>,
    /// Per constraint, the teams and slots a move should touch to change its value (targeted
    /// moves of the feasibility phase).
    pub(super) focus: Vec<(Mask, Mask)>,
}

pub(super) fn mask_of(items: &[usize]) -> Mask {
    items.iter().fold(0, |m, &i| m | (1 << i))
}

pub(super) fn outside(count: i64, min: i64, max: i64) -> i64 {
    (count - max).max(0) + (min - count).max(0)
}

impl Model {
    pub(super) fn new(instance: &Instance) -> Result<Self, ScheduleError> {
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
            focus: Vec::new(),
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
                            checked: mask_of(&slot_list),
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
        let every_slot = all_teams_mask(slots);
        let every_team = all_teams_mask(teams);
        model.focus = model
            .constraints
            .iter()
            .map(|c| match &c.kind {
                Kind::Count {
                    teams: members,
                    slots: within,
                    ..
                } => (mask_of(members), *within),
                Kind::Window { teams: members, .. } => (mask_of(members), every_slot),
                Kind::SlotCount {
                    slots: within,
                    teams1,
                    teams2,
                    ..
                } => (teams1 | teams2, mask_of(within)),
                // The slots of a meeting are where the game is now: found when the move is made.
                Kind::Meetings { meetings, .. } => (
                    meetings.iter().fold(0, |m, &(h, a)| m | 1 << h | 1 << a),
                    every_slot,
                ),
                Kind::Breaks {
                    teams: members,
                    slots: within,
                    ..
                }
                | Kind::TotalBreaks {
                    teams: members,
                    slots: within,
                } => (mask_of(members), (within | within >> 1) & every_slot),
                Kind::Balance { pairs, .. } | Kind::Separation { pairs, .. } => (
                    pairs.iter().fold(0, |m, &(a, b)| m | 1 << a | 1 << b) & every_team,
                    every_slot,
                ),
            })
            .collect();
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

    pub(super) fn deviation(&self, constraint: &Compiled, sum: i64) -> i64 {
        match constraint.aggregate {
            Aggregate::SumOfParts => sum,
            Aggregate::OutsideOfSum { min, max } => outside(sum, min, max),
        }
    }
}
