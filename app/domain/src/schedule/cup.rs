//! Festival cups, "大节大赛、小节小赛": a big festival gets a big cup, a small one a small cup.
//!
//! The organiser names the festival (its date and size), the entering teams in seed order
//! and the days and courts available. [`propose`] sizes groups and a knockout to fit those
//! slots; [`draw`] deals the seeds into the groups (snake draw); [`lay_out`] puts every game
//! in a free slot — a court at a time its own hours allow, on a festival day — round after
//! round, each round after the previous one has ended, the final last.

use chrono::{Duration, NaiveDate, NaiveTime};

use super::generate::{single_round_robin, snake_draw};

/// How big a cup the festival deserves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FestivalSize {
    /// Spring Festival, Mid-Autumn, National Day: as many games as the days hold, with a
    /// third-place game.
    Big,
    /// Lantern, Qingming, Dragon Boat: the shortest cup that still gives everyone a group.
    Small,
}

/// How long a game takes on the court, warm-up and breaks included.
pub const GAME_MINUTES: i64 = super::change::GAME_MINUTES;

/// A court free at a time: a game may start there.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct CupSlot {
    pub time: NaiveTime,
    /// Index of the court in the caller's list.
    pub court: u32,
}

/// One festival day and its free slots (the courts' own hours, less what is already booked).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CupDay {
    pub date: NaiveDate,
    pub slots: Vec<CupSlot>,
}

impl CupDay {
    /// `courts` courts each free for `games_per_court` games from 19:00, one after another.
    pub fn evenings(date: NaiveDate, courts: u32, games_per_court: u32) -> CupDay {
        let seven = NaiveTime::from_hms_opt(19, 0, 0).expect("valid");
        CupDay {
            date,
            slots: (0..courts)
                .flat_map(|court| {
                    (0..games_per_court).map(move |k| CupSlot {
                        time: seven + Duration::minutes(GAME_MINUTES * k as i64),
                        court,
                    })
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CupRequest {
    pub teams: usize,
    pub size: FestivalSize,
    pub days: Vec<CupDay>,
    /// Games a team may play on one day (village cups play two or three).
    pub max_games_per_team_per_day: u32,
    /// A straight knockout (the top seeds get byes when the field is not a power of two)
    /// instead of groups then a knockout.
    #[serde(default)]
    pub knockout_only: bool,
    /// Games the entered teams already play elsewhere (another competition) on the days:
    /// no cup game of theirs is laid out at the same time.
    #[serde(default)]
    pub busy: Vec<Busy>,
}

/// A team (by seed, 0 = the best) taken at a time on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Busy {
    pub seed: usize,
    pub date: NaiveDate,
    pub time: NaiveTime,
}

/// Groups then a knockout, or a straight knockout (no groups).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CupPlan {
    /// Teams per group, largest first (snake draw sizes); empty for a straight knockout.
    pub group_sizes: Vec<usize>,
    /// Teams that go through from each group.
    pub qualifiers_per_group: usize,
    /// Teams in the knockout: every team of a straight knockout, else the groups' qualifiers.
    pub knockout_teams: usize,
    pub third_place_game: bool,
    pub group_games: usize,
    pub knockout_games: usize,
}

impl CupPlan {
    pub fn groups(&self) -> usize {
        self.group_sizes.len()
    }

    pub fn total_games(&self) -> usize {
        self.group_games + self.knockout_games
    }

    /// The rounds in playing order, with each round's number of games.
    pub fn rounds(&self) -> Vec<usize> {
        let biggest = self.group_sizes.iter().copied().max().unwrap_or(0);
        let group_rounds = if biggest % 2 == 0 {
            biggest.saturating_sub(1)
        } else {
            biggest
        };
        let mut rounds: Vec<usize> = (0..group_rounds)
            .map(|_| self.group_sizes.iter().map(|s| s / 2).sum())
            .collect();
        let teams = self.knockout_teams;
        if teams < 2 {
            return rounds;
        }
        // The first round leaves a power of two: the top seeds' byes make up the rest.
        let size = teams.next_power_of_two();
        rounds.push(teams - size / 2);
        let mut left = size / 2;
        while left > 1 {
            let games = left / 2;
            // The third-place game is played in the final's round.
            rounds.push(if games == 1 && self.third_place_game {
                2
            } else {
                games
            });
            left /= 2;
        }
        // A three-team knockout's "first round" is its one semi-final; the third-place game
        // needs two.
        if let [.., semis, last] = rounds.as_mut_slice() {
            if *semis == 1 && *last == 2 {
                *last = 1;
            }
        }
        rounds
    }
}

/// The cup's `days` dates, ending on the festival day itself: the final is played on the
/// festival (the Mid-Autumn evening), the groups on the days before.
pub fn festival_days(festival: NaiveDate, days: u32) -> Vec<NaiveDate> {
    let days = days.max(1) as u64;
    (0..days)
        .map(|d| festival - chrono::Days::new(days - 1 - d))
        .collect()
}

/// Why no cup fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CupProblem {
    #[error("a cup needs at least three teams")]
    TooFewTeams,
    #[error("a cup takes at most 64 teams")]
    TooManyTeams,
    #[error("no days with courts")]
    NoDays,
    #[error("the days and courts do not hold even the smallest cup")]
    DoesNotFit,
}

/// Groups + knockout sized to fit the request's slots, or why none does.
pub fn propose(request: &CupRequest) -> Result<CupPlan, CupProblem> {
    let teams = request.teams;
    if teams < 3 {
        return Err(CupProblem::TooFewTeams);
    }
    if teams > 64 {
        return Err(CupProblem::TooManyTeams);
    }
    if request.days.iter().all(|d| d.slots.is_empty()) {
        return Err(CupProblem::NoDays);
    }
    let mut candidates = Vec::new();
    if request.knockout_only {
        if teams > 32 {
            return Err(CupProblem::TooManyTeams);
        }
        for third_place_game in [false, true] {
            if third_place_game && teams < 4 {
                continue;
            }
            let plan = CupPlan {
                group_sizes: Vec::new(),
                qualifiers_per_group: 0,
                knockout_teams: teams,
                third_place_game,
                group_games: 0,
                knockout_games: teams - 1 + usize::from(third_place_game),
            };
            if fits(request, &plan) {
                candidates.push(plan);
            }
        }
    }
    for groups in [1usize, 2, 4, 8, 16] {
        if request.knockout_only {
            break;
        }
        if teams < groups * 3 || teams > groups * 8 {
            continue;
        }
        let group_sizes: Vec<usize> = (0..groups)
            .map(|g| teams / groups + usize::from(g < teams % groups))
            .collect();
        let smallest = *group_sizes.iter().min().expect("at least one group");
        let group_games: usize = group_sizes.iter().map(|s| s * (s - 1) / 2).sum();
        for qualifiers in [1usize, 2, 4] {
            let knockout = groups * qualifiers;
            if qualifiers >= smallest || !knockout.is_power_of_two() || knockout < 2 {
                continue;
            }
            for third_place_game in [false, true] {
                if third_place_game && knockout < 4 {
                    continue;
                }
                let plan = CupPlan {
                    group_sizes: group_sizes.clone(),
                    qualifiers_per_group: qualifiers,
                    knockout_teams: knockout,
                    third_place_game,
                    group_games,
                    knockout_games: knockout - 1 + usize::from(third_place_game),
                };
                if fits(request, &plan) {
                    candidates.push(plan);
                }
            }
        }
    }
    let rank = |plan: &CupPlan| {
        let rounds = plan.rounds().len();
        match request.size {
            // The most games the days hold; more teams in the knockout on a tie.
            FestivalSize::Big => (
                usize::MAX - plan.total_games(),
                usize::MAX - plan.knockout_teams,
                rounds,
            ),
            // The fewest rounds, then the fewest games.
            FestivalSize::Small => (rounds, plan.total_games(), plan.knockout_teams),
        }
    };
    candidates
        .into_iter()
        .min_by_key(rank)
        .ok_or(CupProblem::DoesNotFit)
}

fn fits(request: &CupRequest, plan: &CupPlan) -> bool {
    pack(request, plan, &games_by_round(plan)).is_some()
}

/// Where each round's games go: (day index, a slot per game) per round — rounds in order,
/// each round's games starting once the previous round's last game has ended, at most
/// `max_games_per_team_per_day` rounds a day, and no team at a time it is busy elsewhere;
/// `None` when the days run out.
fn pack(
    request: &CupRequest,
    plan: &CupPlan,
    rounds: &[Vec<RoundGame>],
) -> Option<Vec<(usize, Vec<CupSlot>)>> {
    // Which seed sits at each (group, place in the group).
    let seeds: Vec<usize> = (0..request.teams).collect();
    let drawn = draw(&seeds, plan);
    let seed_of = |side: &CupSide| match side {
        CupSide::Team { group, index } => drawn.get(*group).and_then(|g| g.get(*index)).copied(),
        _ => None,
    };
    let busy_at = |side: &CupSide, date: NaiveDate, time: NaiveTime| {
        seed_of(side).is_some_and(|seed| {
            request.busy.iter().any(|b| {
                b.seed == seed
                    && b.date == date
                    && (b.time - time).num_minutes().abs() < GAME_MINUTES
            })
        })
    };
    let mut placed = Vec::with_capacity(rounds.len());
    let mut day = 0usize;
    let mut not_before: Option<NaiveTime> = None;
    let mut rounds_today = 0u32;
    for games in rounds {
        loop {
            let today = request.days.get(day)?;
            if rounds_today < request.max_games_per_team_per_day.max(1) {
                let mut free: Vec<CupSlot> = today
                    .slots
                    .iter()
                    .copied()
                    .filter(|slot| not_before.is_none_or(|t| slot.time >= t))
                    .collect();
                free.sort();
                free.dedup();
                // Each game in the earliest slot left where neither side is busy.
                let mut chosen = Vec::with_capacity(games.len());
                for (_, _, home, away, _) in games {
                    let Some(at) = free.iter().position(|slot| {
                        !busy_at(home, today.date, slot.time)
                            && !busy_at(away, today.date, slot.time)
                    }) else {
                        break;
                    };
                    chosen.push(free.remove(at));
                }
                if chosen.len() == games.len() {
                    let last = chosen.iter().map(|s| s.time).max();
                    not_before = last.map(|t| t + Duration::minutes(GAME_MINUTES));
                    // A game late in the evening may end after midnight: the next round
                    // waits for the next day.
                    if not_before.is_some_and(|t| Some(t) < last) {
                        not_before = Some(NaiveTime::from_hms_opt(23, 59, 59).expect("valid"));
                    }
                    placed.push((day, chosen));
                    rounds_today += 1;
                    break;
                }
            }
            day += 1;
            not_before = None;
            rounds_today = 0;
        }
    }
    Some(placed)
}

/// The seeds (best first) dealt into the plan's groups by snake draw; a straight knockout's
/// one list is the seeds in order.
pub fn draw<T: Clone>(seeded: &[T], plan: &CupPlan) -> Vec<Vec<T>> {
    if plan.groups() == 0 {
        return vec![seeded.to_vec()];
    }
    snake_draw(seeded, plan.groups())
}

/// Who plays in a cup game.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CupSide {
    /// A team by its place in its group's list (index into `draw`'s group; a straight
    /// knockout's seeds are "group" 0).
    Team {
        group: usize,
        index: usize,
    },
    /// The team placed `place` (1 = winner) in group `group`.
    GroupPlace {
        group: usize,
        place: usize,
    },
    /// The winner (or loser) of the knockout game with this slot code.
    Winner(String),
    Loser(String),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CupGame {
    pub date: NaiveDate,
    /// Index of the court in the caller's list.
    pub court: u32,
    pub time: NaiveTime,
    /// 1-based round within its stage.
    pub round: usize,
    /// `Some(group)` for a group game.
    pub group: Option<usize>,
    /// Bracket slot code of a knockout game: `F`, `3P`, `SF1`, `QF3`, `R16-5`, …
    pub slot: Option<String>,
    pub home: CupSide,
    pub away: CupSide,
}

/// Bracket slot code of game `index` (1-based) of a knockout round with `games` games.
fn slot_code(games: usize, index: usize) -> String {
    match games {
        1 => "F".into(),
        2 => format!("SF{index}"),
        4 => format!("QF{index}"),
        n => format!("R{}-{index}", n * 2),
    }
}

/// A game of one round before it has a place: (group, slot code, home, away, round).
type RoundGame = (Option<usize>, Option<String>, CupSide, CupSide, usize);

/// Every game of the plan in a free slot (see [`CupRequest`]).
pub fn lay_out(request: &CupRequest, plan: &CupPlan) -> Result<Vec<CupGame>, CupProblem> {
    let by_round = games_by_round(plan);
    let packed = pack(request, plan, &by_round).ok_or(CupProblem::DoesNotFit)?;
    let mut games = Vec::with_capacity(plan.total_games());
    for ((day, slots), round_games) in packed.iter().zip(by_round) {
        let date = request.days[*day].date;
        for (at, (group, slot, home, away, round)) in slots.iter().zip(round_games) {
            games.push(CupGame {
                date,
                court: at.court,
                time: at.time,
                round,
                group,
                slot,
                home,
                away,
            });
        }
    }
    Ok(games)
}

/// The plan's games, round by round in playing order.
fn games_by_round(plan: &CupPlan) -> Vec<Vec<RoundGame>> {
    let rounds = plan.rounds();
    // The games of each round, in order.
    let mut by_round: Vec<Vec<RoundGame>> = vec![Vec::new(); rounds.len()];
    let group_rounds = rounds.len() - knockout_rounds(plan.knockout_teams);
    for (group, &size) in plan.group_sizes.iter().enumerate() {
        let timetable = single_round_robin(size);
        for (round, pairings) in timetable.rounds.iter().enumerate() {
            for p in pairings {
                by_round[round].push((
                    Some(group),
                    None,
                    CupSide::Team {
                        group,
                        index: p.home,
                    },
                    CupSide::Team {
                        group,
                        index: p.away,
                    },
                    round + 1,
                ));
            }
        }
    }
    // First knockout round: group winners against runners-up of another group, seeded so the
    // two best never meet before the final; in a straight knockout the top seeds' byes take
    // them into the second round.
    let entrants = knockout_entrants(plan);
    let size = entrants.len().next_power_of_two();
    let order = super::generate::seeding_order(size);
    // Each line of the draw: a side that is known before the round is played.
    let mut lines: Vec<CupSide> = Vec::new();
    let mut round = group_rounds;
    let mut first = Vec::new();
    for (index, pair) in order.chunks(2).enumerate() {
        let seed = |s: usize| entrants.get(s - 1).cloned();
        match (seed(pair[0]), seed(pair[1])) {
            (Some(home), Some(away)) => {
                let code = slot_code(size / 2, index + 1);
                first.push((None, Some(code.clone()), home, away, 1));
                lines.push(CupSide::Winner(code));
            }
            (Some(alone), None) | (None, Some(alone)) => lines.push(alone),
            (None, None) => {}
        }
    }
    if !first.is_empty() {
        by_round[round].extend(first);
        round += 1;
    }
    let mut knockout_round = 2;
    let mut semi_finals: Vec<String> = if size == 4 {
        by_round[group_rounds]
            .iter()
            .filter_map(|g| g.1.clone())
            .collect()
    } else {
        Vec::new()
    };
    while lines.len() > 1 {
        let games = lines.len() / 2;
        let mut next = Vec::new();
        let mut codes = Vec::new();
        for (index, pair) in lines.chunks(2).enumerate() {
            let code = slot_code(games, index + 1);
            by_round[round].push((
                None,
                Some(code.clone()),
                pair[0].clone(),
                pair[1].clone(),
                knockout_round,
            ));
            next.push(CupSide::Winner(code.clone()));
            codes.push(code);
        }
        if games == 2 {
            semi_finals = codes;
        }
        if games == 1 && plan.third_place_game && semi_finals.len() == 2 {
            by_round[round].insert(
                0,
                (
                    None,
                    Some("3P".into()),
                    CupSide::Loser(semi_finals[0].clone()),
                    CupSide::Loser(semi_finals[1].clone()),
                    knockout_round,
                ),
            );
        }
        lines = next;
        round += 1;
        knockout_round += 1;
    }
    by_round
}

fn knockout_rounds(teams: usize) -> usize {
    teams.max(1).next_power_of_two().trailing_zeros() as usize
}

/// The knockout's entrants in seed order: all group winners (group A first), then all
/// runners-up, and so on — the bracket's seeding then pits a winner against another
/// group's runner-up.
fn knockout_entrants(plan: &CupPlan) -> Vec<CupSide> {
    let groups = plan.groups();
    if groups == 0 {
        return (0..plan.knockout_teams)
            .map(|index| CupSide::Team { group: 0, index })
            .collect();
    }
    if groups == 1 {
        return (1..=plan.qualifiers_per_group)
            .map(|place| CupSide::GroupPlace { group: 0, place })
            .collect();
    }
    (1..=plan.qualifiers_per_group)
        .flat_map(|place| (0..groups).map(move |group| CupSide::GroupPlace { group, place }))
        .collect()
}

/// A group's letter: A, B, C, …
pub fn group_letter(group: usize) -> char {
    (b'A' + (group % 26) as u8) as char
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(count: u32, courts: u32, games_per_court: u32) -> Vec<CupDay> {
        let first = NaiveDate::from_ymd_opt(2026, 9, 24).unwrap();
        (0..count)
            .map(|d| CupDay::evenings(first + chrono::Days::new(d as u64), courts, games_per_court))
            .collect()
    }

    fn request(teams: usize, size: FestivalSize, days: Vec<CupDay>) -> CupRequest {
        CupRequest {
            teams,
            size,
            days,
            max_games_per_team_per_day: 3,
            knockout_only: false,
            busy: Vec::new(),
        }
    }

    #[test]
    fn eight_teams_over_two_days_get_two_groups_semis_and_a_final() {
        let plan = propose(&request(8, FestivalSize::Big, days(2, 4, 3))).unwrap();
        assert_eq!(plan.group_sizes, vec![4, 4]);
        assert_eq!(plan.qualifiers_per_group, 2);
        assert_eq!(plan.group_games, 12);
        // Semi-finals, third place and final.
        assert_eq!(plan.knockout_games, 4);
        assert_eq!(plan.rounds(), vec![4, 4, 4, 2, 2]);
    }

    #[test]
    fn a_small_festival_gets_the_shortest_cup() {
        let big = propose(&request(8, FestivalSize::Big, days(2, 4, 3))).unwrap();
        let small = propose(&request(8, FestivalSize::Small, days(2, 4, 3))).unwrap();
        assert!(small.total_games() < big.total_games());
        assert!(small.rounds().len() <= big.rounds().len());
        assert_eq!(small.group_sizes, vec![4, 4]);
        // Group winners meet in the final.
        assert_eq!(small.knockout_teams, 2);
    }

    #[test]
    fn more_days_and_courts_give_a_big_festival_a_bigger_cup() {
        let tight = propose(&request(8, FestivalSize::Big, days(2, 4, 3))).unwrap();
        let roomy = propose(&request(8, FestivalSize::Big, days(4, 6, 3))).unwrap();
        assert!(roomy.total_games() > tight.total_games());
        // One group of eight, everybody meets everybody, then semi-finals.
        assert_eq!(roomy.group_sizes, vec![8]);
    }

    #[test]
    fn refuses_what_cannot_fit() {
        assert_eq!(
            propose(&request(2, FestivalSize::Big, days(2, 4, 2))),
            Err(CupProblem::TooFewTeams)
        );
        assert_eq!(
            propose(&request(16, FestivalSize::Big, days(1, 1, 2))),
            Err(CupProblem::DoesNotFit)
        );
        assert_eq!(
            propose(&request(8, FestivalSize::Big, days(2, 0, 2))),
            Err(CupProblem::NoDays)
        );
    }

    #[test]
    fn the_final_is_on_the_festival_day() {
        let mid_autumn = NaiveDate::from_ymd_opt(2026, 9, 25).unwrap();
        let dates = festival_days(mid_autumn, 3);
        assert_eq!(dates.len(), 3);
        assert_eq!(dates[0], NaiveDate::from_ymd_opt(2026, 9, 23).unwrap());
        assert_eq!(*dates.last().unwrap(), mid_autumn);
    }

    #[test]
    fn snake_draw_spreads_the_seeds() {
        let plan = propose(&request(8, FestivalSize::Big, days(2, 4, 3))).unwrap();
        let groups = draw(&[1, 2, 3, 4, 5, 6, 7, 8], &plan);
        assert_eq!(groups, vec![vec![1, 4, 5, 8], vec![2, 3, 6, 7]]);
    }

    #[test]
    fn lays_out_every_game_once_with_no_team_twice_at_a_time() {
        for (teams, size, d) in [
            (8, FestivalSize::Big, days(2, 4, 3)),
            (8, FestivalSize::Big, days(2, 4, 2)),
            (8, FestivalSize::Small, days(2, 4, 3)),
            (12, FestivalSize::Big, days(3, 6, 3)),
            (5, FestivalSize::Small, days(2, 2, 4)),
        ] {
            let req = request(teams, size, d);
            let plan = propose(&req).unwrap();
            let games = lay_out(&req, &plan).unwrap();
            assert_eq!(games.len(), plan.total_games(), "{teams} teams");
            // One game per court and time.
            let mut cells: Vec<_> = games.iter().map(|g| (g.date, g.court, g.time)).collect();
            cells.sort();
            cells.dedup();
            assert_eq!(cells.len(), games.len());
            // A team of a group plays at most once per (date, time).
            let mut seen = std::collections::HashSet::new();
            for g in &games {
                for side in [&g.home, &g.away] {
                    if let CupSide::Team { group, index } = side {
                        assert!(seen.insert((g.date, g.time, *group, *index)));
                    }
                }
            }
            // The final is the last game.
            let last = games.iter().max_by_key(|g| (g.date, g.time)).unwrap();
            assert!(games
                .iter()
                .filter(|g| (g.date, g.time) == (last.date, last.time))
                .any(|g| g.slot.as_deref() == Some("F")));
            // Knockout games come after every group game.
            let last_group = games
                .iter()
                .filter(|g| g.group.is_some())
                .map(|g| (g.date, g.time))
                .max()
                .unwrap();
            assert!(games
                .iter()
                .filter(|g| g.slot.is_some())
                .all(|g| (g.date, g.time) > last_group));
        }
    }

    #[test]
    fn group_winners_meet_runners_up_of_the_other_group() {
        let req = request(8, FestivalSize::Big, days(2, 4, 3));
        let plan = propose(&req).unwrap();
        let games = lay_out(&req, &plan).unwrap();
        let semi = games
            .iter()
            .find(|g| g.slot.as_deref() == Some("SF1"))
            .unwrap();
        assert_eq!(semi.home, CupSide::GroupPlace { group: 0, place: 1 });
        assert_eq!(semi.away, CupSide::GroupPlace { group: 1, place: 2 });
    }

    #[test]
    fn a_straight_knockout_gives_the_top_seeds_byes() {
        for teams in 3..=32 {
            let mut req = request(teams, FestivalSize::Big, days(3, 4, 4));
            req.knockout_only = true;
            let plan = propose(&req).unwrap_or_else(|e| panic!("{teams}: {e}"));
            assert!(plan.group_sizes.is_empty());
            assert_eq!(plan.knockout_teams, teams);
            let games = lay_out(&req, &plan).unwrap();
            assert_eq!(games.len(), plan.total_games(), "{teams} teams");
            // Every seed plays exactly once before its first possible loss, and the
            // byes go to the best seeds.
            let first_games: Vec<usize> = games
                .iter()
                .flat_map(|g| [&g.home, &g.away])
                .filter_map(|side| match side {
                    CupSide::Team { index, .. } => Some(*index),
                    _ => None,
                })
                .collect();
            let mut sorted = first_games.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..teams).collect::<Vec<_>>(), "{teams} teams");
            let byes = teams.next_power_of_two() - teams;
            let first_round: Vec<&CupGame> = games.iter().filter(|g| g.round == 1).collect();
            for game in &first_round {
                for side in [&game.home, &game.away] {
                    if let CupSide::Team { index, .. } = side {
                        assert!(
                            *index >= byes,
                            "{teams} teams: seed {} has a bye",
                            index + 1
                        );
                    }
                }
            }
            assert_eq!(
                games
                    .iter()
                    .filter(|g| g.slot.as_deref() == Some("F"))
                    .count(),
                1
            );
        }
        // Six teams: seeds 1 and 2 wait in the semi-finals.
        let mut req = request(6, FestivalSize::Big, days(2, 2, 4));
        req.knockout_only = true;
        let plan = propose(&req).unwrap();
        let games = lay_out(&req, &plan).unwrap();
        let slot = |code: &str| {
            games
                .iter()
                .find(|g| g.slot.as_deref() == Some(code))
                .unwrap()
        };
        assert_eq!(slot("SF1").home, CupSide::Team { group: 0, index: 0 });
        assert_eq!(slot("SF1").away, CupSide::Winner("QF2".into()));
        assert_eq!(slot("SF2").home, CupSide::Team { group: 0, index: 1 });
        assert_eq!(slot("QF4").home, CupSide::Team { group: 0, index: 2 });
        assert_eq!(slot("QF4").away, CupSide::Team { group: 0, index: 5 });
        assert!(plan.third_place_game);
        assert_eq!(slot("3P").home, CupSide::Loser("SF1".into()));
    }

    #[test]
    fn games_go_only_into_free_slots_and_rounds_never_overlap() {
        let first = NaiveDate::from_ymd_opt(2026, 9, 24).unwrap();
        let t = |h: u32, m: u32| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        // Court 0 opens 19:00–22:00 (two games), court 1 only from 20:30 on day one (its first
        // slot taken by another competition) and all evening on day two.
        let days = vec![
            CupDay {
                date: first,
                slots: vec![
                    CupSlot {
                        time: t(19, 0),
                        court: 0,
                    },
                    CupSlot {
                        time: t(20, 30),
                        court: 0,
                    },
                    CupSlot {
                        time: t(20, 30),
                        court: 1,
                    },
                ],
            },
            CupDay::evenings(first + chrono::Days::new(1), 2, 3),
            CupDay::evenings(first + chrono::Days::new(2), 2, 3),
        ];
        let mut req = request(6, FestivalSize::Small, days.clone());
        req.knockout_only = true;
        let plan = propose(&req).unwrap();
        let games = lay_out(&req, &plan).unwrap();
        for g in &games {
            let day = days.iter().find(|d| d.date == g.date).unwrap();
            assert!(
                day.slots.contains(&CupSlot {
                    time: g.time,
                    court: g.court
                }),
                "{g:?} is not in a free slot"
            );
        }
        // Each knockout round starts once the previous one has ended.
        let rounds: std::collections::BTreeMap<usize, Vec<&CupGame>> =
            games.iter().fold(Default::default(), |mut by, g| {
                by.entry(g.round).or_default().push(g);
                by
            });
        let rounds: Vec<_> = rounds.values().collect();
        for pair in rounds.windows(2) {
            let ends = pair[0]
                .iter()
                .map(|g| g.date.and_time(g.time) + Duration::minutes(GAME_MINUTES))
                .max()
                .unwrap();
            assert!(pair[1].iter().all(|g| g.date.and_time(g.time) >= ends));
        }
    }

    #[test]
    fn a_team_busy_elsewhere_gets_its_cup_game_at_another_time() {
        let first = NaiveDate::from_ymd_opt(2026, 9, 24).unwrap();
        let seven = NaiveTime::from_hms_opt(19, 0, 0).unwrap();
        let days = vec![
            CupDay::evenings(first, 2, 3),
            CupDay::evenings(first + chrono::Days::new(1), 2, 3),
        ];
        let mut req = request(4, FestivalSize::Small, days);
        req.knockout_only = true;
        let plan = propose(&req).unwrap();
        let free = lay_out(&req, &plan).unwrap();
        // Seed 1 v 4 would go at 19:00; seed 4 plays a league game at 19:30 that evening.
        let semi = |games: &[CupGame]| {
            games
                .iter()
                .find(|g| g.home == CupSide::Team { group: 0, index: 0 })
                .cloned()
                .unwrap()
        };
        assert_eq!(semi(&free).time, seven);
        req.busy = vec![Busy {
            seed: 3,
            date: first,
            time: NaiveTime::from_hms_opt(19, 30, 0).unwrap(),
        }];
        let games = lay_out(&req, &plan).unwrap();
        assert!(semi(&games).time >= NaiveTime::from_hms_opt(21, 0, 0).unwrap());
        // The other semi-final keeps 19:00; the final follows both.
        let last = games
            .iter()
            .find(|g| g.slot.as_deref() == Some("F"))
            .unwrap();
        assert!((last.date, last.time) > (first, semi(&games).time));
    }
}
