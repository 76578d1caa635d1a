//! The village model: games on dated evenings at real courts.
//!
//! Village leagues are time-relaxed: there are far more evenings than rounds, a team rests
//! between games, courts open on some weekdays only, and festivals close them. The organiser
//! describes teams, courts and the season ([`VillageInput`]); [`schedule_village`] returns each
//! game's date, court and venue with a [`QualityReport`].
//!
//! The RobinX classes appear here in the organiser's terms:
//! - CA1: a team's blackout dates (no game at all) and court closures (no home game there);
//! - CA3: `max_games_in_window` (at most k games in any d days) and the minimum rest;
//! - CA4: a court's games per evening;
//! - BR1/BR2: `max_home_streak` / `max_away_streak`, and breaks minimised overall;
//! - GA1: fixed and forbidden dates for a game (the derby on the Mid-Autumn evening);
//! - FA2: home/away balance, reported;
//! - SE1: `min_days_between_legs`.
//!
//! The compact format (every team plays every round, one evening per round) is handed to the
//! RobinX optimiser as an ITC2021-style instance; the relaxed format is solved here by simulated
//! annealing over (date, court) assignments, starting from a minimum-break round robin laid out
//! in order, so breaks stay close to the 3n − 6 lower bound.

use std::time::Instant;

use chrono::{Datelike, NaiveDate, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::generate::{double_round_robin, single_round_robin, SecondHalf};
use super::optimise::{self, SearchLimits};
use super::robinx::{self, Ca1, Ca4, Constraint, Format, HomeAway, Importance, Instance, Rule};
use super::ScheduleError;

mod search;
#[cfg(test)]
mod tests;

use search::*;

/// An evening of the week on which a court hosts games.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WeeklyWindow {
    pub weekday: Weekday,
    /// Games that fit in that evening (lights, referees, neighbours' patience).
    pub games: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Court {
    pub name: String,
    pub weekly: Vec<WeeklyWindow>,
    /// Dates the court is closed (festivals, harvest, repairs).
    pub blackout_dates: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VillageTeam {
    pub name: String,
    /// Index into `courts`: where this team plays its home games. `None`: any free court.
    pub home_court: Option<usize>,
    /// Dates the team cannot play at all.
    pub blackout_dates: Vec<NaiveDate>,
}

/// A game pinned to (or kept away from) a date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatedGame {
    pub home: usize,
    pub away: usize,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GamesInWindow {
    pub games: u32,
    pub days: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VillageRules {
    /// Full days without a game between two games of a team.
    pub min_rest_days: u32,
    pub max_home_streak: Option<u32>,
    pub max_away_streak: Option<u32>,
    pub max_games_in_window: Option<GamesInWindow>,
    /// Days between the two games of a pair in a double round robin.
    pub min_days_between_legs: Option<u32>,
    pub fixed_games: Vec<DatedGame>,
    pub forbidden_games: Vec<DatedGame>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum VillageFormat {
    /// Every team plays every round; rounds on successive playable evenings.
    Compact,
    /// Teams play when they can: more evenings than rounds.
    TimeRelaxed,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VillageInput {
    pub teams: Vec<VillageTeam>,
    pub courts: Vec<Court>,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    /// 1 (single) or 2 (double round robin).
    pub round_robins: u32,
    pub format: VillageFormat,
    pub rules: VillageRules,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScheduledGame {
    pub home: usize,
    pub away: usize,
    pub date: NaiveDate,
    pub court: usize,
    /// The round of the underlying round robin (the order games were meant to follow).
    pub round: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QualityReport {
    /// Total deviation of hard rules; 0 means the schedule can be published.
    pub hard_violations: u32,
    /// One line per violated rule, for the organiser.
    pub problems: Vec<String>,
    pub breaks: u32,
    /// The fewest breaks a compact timetable of this format can have (3n − 6 for a mirrored
    /// double, n − 2 for a single round robin, n even). A relaxed schedule may do better, as
    /// games of different rounds interleave.
    pub breaks_reference: u32,
    /// The shortest rest any team gets between two games, in days.
    pub min_rest_days: Option<u32>,
    /// Home games per team.
    pub home_games: Vec<u32>,
    /// Largest difference in home games between two teams after any date (FA2).
    pub max_home_imbalance: u32,
    /// Games per court.
    pub games_per_court: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VillageSchedule {
    pub games: Vec<ScheduledGame>,
    pub report: QualityReport,
}

/// Schedules a village league. Deterministic for a given seed when `limits` stop on
/// iterations rather than time.
pub fn schedule_village(
    input: &VillageInput,
    limits: &SearchLimits,
) -> Result<VillageSchedule, ScheduleError> {
    schedule_village_watched(input, limits, |_| true)
}

/// What a watcher of [`schedule_village_watched`] hears, a few hundred times a second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Watch {
    /// Share of the search budget used, 0.0 to 1.0.
    pub done: f64,
    /// Hard violations of the schedule as it stands.
    pub hard_violations: u32,
}

/// [`schedule_village`] with a watcher: it hears how far the search is and stops it (the best
/// schedule found so far is returned) by answering `false` — a progress bar and a cancel
/// button. The compact format is solved in one go and hears only its end.
pub fn schedule_village_watched(
    input: &VillageInput,
    limits: &SearchLimits,
    mut watch: impl FnMut(Watch) -> bool,
) -> Result<VillageSchedule, ScheduleError> {
    let problem = Problem::new(input)?;
    let assignment = match input.format {
        VillageFormat::TimeRelaxed => problem.solve_relaxed(limits, &mut watch),
        VillageFormat::Compact => problem.solve_compact(input, limits)?,
    };
    let schedule = problem.finish(&assignment);
    watch(Watch {
        done: 1.0,
        hard_violations: schedule.report.hard_violations,
    });
    Ok(schedule)
}

/// A game to place, from the round-robin template.
#[derive(Debug, Clone, Copy)]
struct TemplateGame {
    home: usize,
    away: usize,
    round: usize,
    /// The other leg of the same pair, in a double round robin.
    twin: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Placement {
    day: usize,
    court: usize,
    /// Venues can be swapped between the legs of a pair; `flipped` games are hosted by `away`.
    flipped: bool,
}

struct Problem {
    teams: usize,
    courts: usize,
    days: usize,
    first_date: NaiveDate,
    rounds: usize,
    games: Vec<TemplateGame>,
    /// `capacity[court * days + day]`: games the court can host that evening.
    capacity: Vec<u32>,
    /// `team_blocked[team * days + day]`.
    team_blocked: Vec<bool>,
    home_court: Vec<Option<usize>>,
    rules: VillageRules,
    /// For each game, the day it must be played (fixed) and days it must not.
    fixed_day: Vec<Option<usize>>,
    forbidden_days: Vec<Vec<usize>>,
    breaks_reference: u32,
}

const HARD_WEIGHT: i64 = 1_000;

impl Problem {
    fn new(input: &VillageInput) -> Result<Self, ScheduleError> {
        let teams = input.teams.len();
        if teams < 2 {
            return Err(ScheduleError::InvalidInput(
                "a league needs at least two teams".into(),
            ));
        }
        if input.courts.is_empty() {
            return Err(ScheduleError::InvalidInput("no courts".into()));
        }
        if input.last_date < input.first_date {
            return Err(ScheduleError::InvalidInput(
                "the season ends before it starts".into(),
            ));
        }
        if !(1..=2).contains(&input.round_robins) {
            return Err(ScheduleError::InvalidInput(
                "round_robins must be 1 or 2".into(),
            ));
        }
        let days = (input.last_date - input.first_date).num_days() as usize + 1;
        let day_of = |date: NaiveDate| -> Option<usize> {
            let offset = (date - input.first_date).num_days();
            (0..days as i64)
                .contains(&offset)
                .then_some(offset as usize)
        };
        let courts = input.courts.len();
        let mut capacity = vec![0; courts * days];
        for (c, court) in input.courts.iter().enumerate() {
            for day in 0..days {
                let date = input.first_date + chrono::Days::new(day as u64);
                capacity[c * days + day] = court
                    .weekly
                    .iter()
                    .filter(|w| w.weekday == date.weekday())
                    .map(|w| w.games)
                    .sum();
            }
            for &date in &court.blackout_dates {
                if let Some(day) = day_of(date) {
                    capacity[c * days + day] = 0;
                }
            }
        }
        let mut team_blocked = vec![false; teams * days];
        let mut home_court = Vec::with_capacity(teams);
        for (t, team) in input.teams.iter().enumerate() {
            if team.home_court.is_some_and(|c| c >= courts) {
                return Err(ScheduleError::InvalidInput(format!(
                    "team {} has an unknown home court",
                    team.name
                )));
            }
            home_court.push(team.home_court);
            for &date in &team.blackout_dates {
                if let Some(day) = day_of(date) {
                    team_blocked[t * days + day] = true;
                }
            }
        }

        let template = if input.round_robins == 2 {
            double_round_robin(teams, SecondHalf::Mirrored)
        } else {
            single_round_robin(teams)
        };
        let mut games: Vec<TemplateGame> = template
            .rounds
            .iter()
            .enumerate()
            .flat_map(|(round, games)| {
                games.iter().map(move |p| TemplateGame {
                    home: p.home,
                    away: p.away,
                    round,
                    twin: None,
                })
            })
            .collect();
        let index_of = |games: &[TemplateGame], home: usize, away: usize| {
            games.iter().position(|g| g.home == home && g.away == away)
        };
        for g in 0..games.len() {
            games[g].twin = index_of(&games, games[g].away, games[g].home);
        }

        let mut fixed_day = vec![None; games.len()];
        let mut forbidden_days = vec![Vec::new(); games.len()];
        let find = |dated: &DatedGame| -> Result<(usize, usize), ScheduleError> {
            let day = day_of(dated.date).ok_or_else(|| {
                ScheduleError::InvalidInput(format!("{} is outside the season", dated.date))
            })?;
            let game = index_of(&games, dated.home, dated.away)
                .or_else(|| index_of(&games, dated.away, dated.home))
                .ok_or_else(|| {
                    ScheduleError::InvalidInput(format!(
                        "no game between teams {} and {}",
                        dated.home, dated.away
                    ))
                })?;
            Ok((game, day))
        };
        for dated in &input.rules.fixed_games {
            let (game, day) = find(dated)?;
            fixed_day[game] = Some(day);
        }
        for dated in &input.rules.forbidden_games {
            let (game, day) = find(dated)?;
            forbidden_days[game].push(day);
        }

        let even = teams + teams % 2;
        let breaks_reference = if !teams.is_multiple_of(2) {
            0
        } else if input.round_robins == 2 {
            (3 * even - 6) as u32
        } else {
            (even - 2) as u32
        };
        Ok(Problem {
            teams,
            courts,
            days,
            first_date: input.first_date,
            rounds: template.rounds.len(),
            games,
            capacity,
            team_blocked,
            home_court,
            rules: input.rules.clone(),
            fixed_day,
            forbidden_days,
            breaks_reference,
        })
    }

    fn host(&self, game: usize, placement: &Placement) -> (usize, usize) {
        let g = self.games[game];
        if placement.flipped {
            (g.away, g.home)
        } else {
            (g.home, g.away)
        }
    }

    /// Courts a game hosted by `host` may use.
    fn court_choices(&self, host: usize) -> std::ops::Range<usize> {
        match self.home_court[host] {
            Some(court) => court..court + 1,
            None => 0..self.courts,
        }
    }

    /// Lays the rounds out in order: each game on the earliest evening at or after its round's
    /// share of the season, once both teams are rested.
    fn construct(&self) -> Vec<Placement> {
        let mut placement = vec![
            Placement {
                day: 0,
                court: 0,
                flipped: false
            };
            self.games.len()
        ];
        let mut load = vec![0u32; self.courts * self.days];
        let mut next_free = vec![0usize; self.teams];
        let rest = self.rules.min_rest_days as usize;
        let mut order: Vec<usize> = (0..self.games.len()).collect();
        order.sort_by_key(|&g| (self.games[g].round, g));
        for g in order {
            let game = self.games[g];
            let round_start = game.round * self.days / self.rounds.max(1);
            let earliest = next_free[game.home]
                .max(next_free[game.away])
                .max(round_start);
            let playable = |day: usize, court: usize, load: &[u32]| {
                load[court * self.days + day] < self.capacity[court * self.days + day]
                    && !self.team_blocked[game.home * self.days + day]
                    && !self.team_blocked[game.away * self.days + day]
            };
            let chosen = match self.fixed_day[g] {
                Some(day) => Some((day, self.court_choices(game.home).start)),
                None => (earliest..self.days).find_map(|day| {
                    self.court_choices(game.home)
                        .find(|&court| playable(day, court, &load))
                        .map(|court| (day, court))
                }),
            };
            // Nothing left in the season: park it on the last evening; the search repairs it.
            let (day, court) =
                chosen.unwrap_or((self.days - 1, self.court_choices(game.home).start));
            load[court * self.days + day] += 1;
            placement[g] = Placement {
                day,
                court,
                flipped: false,
            };
            next_free[game.home] = day + rest + 1;
            next_free[game.away] = day + rest + 1;
        }
        placement
    }

    fn solve_relaxed(
        &self,
        limits: &SearchLimits,
        watch: &mut dyn FnMut(Watch) -> bool,
    ) -> Vec<Placement> {
        let mut search = Search::new(self, self.construct());
        search.anneal(limits, watch);
        search.best
    }

    /// The compact format as an ITC2021-style instance: one slot per round on successive
    /// evenings, CA1 for closed home courts, CA4 for shared courts' evening capacity.
    fn solve_compact(
        &self,
        input: &VillageInput,
        limits: &SearchLimits,
    ) -> Result<Vec<Placement>, ScheduleError> {
        if !self.teams.is_multiple_of(2) {
            return Err(ScheduleError::Unsupported(
                "the compact format needs an even number of teams".into(),
            ));
        }
        // Round evenings: spread evenly, each one a day on which some court is open.
        let open: Vec<usize> = (0..self.days)
            .filter(|&d| (0..self.courts).any(|c| self.capacity[c * self.days + d] > 0))
            .collect();
        if open.len() < self.rounds {
            return Err(ScheduleError::InvalidInput(format!(
                "{} rounds but only {} playable evenings",
                self.rounds,
                open.len()
            )));
        }
        let round_day: Vec<usize> = (0..self.rounds)
            .map(|r| open[r * open.len() / self.rounds])
            .collect();
        let mut constraints = Vec::new();
        for team in 0..self.teams {
            if let Some(court) = self.home_court[team] {
                let closed: Vec<usize> = (0..self.rounds)
                    .filter(|&r| self.capacity[court * self.days + round_day[r]] == 0)
                    .collect();
                if !closed.is_empty() {
                    constraints.push(Constraint {
                        importance: Importance::Hard,
                        rule: Rule::Ca1(Ca1 {
                            teams: vec![team],
                            min: 0,
                            max: 0,
                            mode: HomeAway::Home,
                            slots: closed,
                        }),
                    });
                }
            }
        }
        for court in 0..self.courts {
            let sharing: Vec<usize> = (0..self.teams)
                .filter(|&t| self.home_court[t] == Some(court))
                .collect();
            for (r, &day) in round_day.iter().enumerate() {
                let cap = self.capacity[court * self.days + day];
                if sharing.len() as u32 > cap {
                    constraints.push(Constraint {
                        importance: Importance::Hard,
                        rule: Rule::Ca4(Ca4 {
                            teams1: sharing.clone(),
                            teams2: (0..self.teams).collect(),
                            min: 0,
                            max: cap,
                            mode: HomeAway::Home,
                            scope: robinx::SlotScope::Every,
                            slots: vec![r],
                        }),
                    });
                }
            }
        }
        let instance = Instance {
            name: "village".into(),
            team_names: input.teams.iter().map(|t| t.name.clone()).collect(),
            slot_names: round_day
                .iter()
                .map(|&d| self.date(d).to_string())
                .collect(),
            format: Format {
                round_robins: input.round_robins,
                compact: true,
                phased: input.round_robins == 2,
            },
            constraints,
        };
        let outcome = optimise::optimise(&instance, limits, |_| {})?;
        let mut load = vec![0u32; self.courts * self.days];
        let mut placement = vec![
            Placement {
                day: 0,
                court: 0,
                flipped: false
            };
            self.games.len()
        ];
        for game in outcome.games {
            let index = self
                .games
                .iter()
                .position(|g| {
                    (g.home == game.home && g.away == game.away)
                        || (self.games[..].len() < self.teams * (self.teams - 1)
                            && g.home == game.away
                            && g.away == game.home)
                })
                .expect("the optimiser returns the round robin's games");
            let day = round_day[game.slot];
            let flipped = self.games[index].home != game.home;
            let court = self
                .court_choices(game.home)
                .min_by_key(|&c| {
                    let spare = self.capacity[c * self.days + day] > load[c * self.days + day];
                    (!spare, load[c * self.days + day])
                })
                .expect("at least one court");
            load[court * self.days + day] += 1;
            placement[index] = Placement {
                day,
                court,
                flipped,
            };
        }
        Ok(placement)
    }

    fn date(&self, day: usize) -> NaiveDate {
        self.first_date + chrono::Days::new(day as u64)
    }

    fn finish(&self, placement: &[Placement]) -> VillageSchedule {
        let mut games: Vec<ScheduledGame> = placement
            .iter()
            .enumerate()
            .map(|(g, p)| {
                let (home, away) = self.host(g, p);
                ScheduledGame {
                    home,
                    away,
                    date: self.date(p.day),
                    court: p.court,
                    round: self.games[g].round,
                }
            })
            .collect();
        games.sort_by_key(|g| (g.date, g.court, g.home));
        let report = self.report(placement);
        VillageSchedule { games, report }
    }

    fn report(&self, placement: &[Placement]) -> QualityReport {
        let search = Search::new(self, placement.to_vec());
        let mut problems = Vec::new();
        let mut load = vec![0u32; self.courts * self.days];
        for p in placement {
            load[p.court * self.days + p.day] += 1;
        }
        for court in 0..self.courts {
            for day in 0..self.days {
                let (used, cap) = (
                    load[court * self.days + day],
                    self.capacity[court * self.days + day],
                );
                if used > cap {
                    problems.push(format!(
                        "court {court} on {}: {used} games, room for {cap}",
                        self.date(day)
                    ));
                }
            }
        }
        let mut min_rest: Option<u32> = None;
        let mut home_games = Vec::with_capacity(self.teams);
        let mut breaks = 0;
        for team in 0..self.teams {
            let games = search.team_games_sorted(team);
            for pair in games.windows(2) {
                let rest = (pair[1].0 as i64 - pair[0].0 as i64 - 1).max(0) as u32;
                min_rest = Some(min_rest.map_or(rest, |m| m.min(rest)));
                if pair[0].1 == pair[1].1 {
                    breaks += 1;
                }
            }
            home_games.push(games.iter().filter(|g| g.1).count() as u32);
            let (hard, _) = search.team_cost(team);
            if hard > 0 {
                problems.push(format!(
                    "team {team}: {hard} rest, blackout, streak or density violations"
                ));
            }
        }
        for (g, (game, p)) in self.games.iter().zip(placement).enumerate() {
            if search.game_hard(g) > 0 {
                problems.push(format!(
                    "game {} v {} on {}: date or leg separation rule broken",
                    game.home,
                    game.away,
                    self.date(p.day)
                ));
            }
        }
        // Home games so far per team, after each day: the largest spread is FA2's measure.
        let mut so_far = vec![0i64; self.teams];
        let mut by_day: Vec<Vec<usize>> = vec![Vec::new(); self.days];
        for (g, p) in placement.iter().enumerate() {
            by_day[p.day].push(self.host(g, p).0);
        }
        let mut max_home_imbalance = 0;
        for hosts in by_day {
            for host in hosts {
                so_far[host] += 1;
            }
            let spread = so_far.iter().max().unwrap() - so_far.iter().min().unwrap();
            max_home_imbalance = max_home_imbalance.max(spread as u32);
        }
        let mut games_per_court = vec![0u32; self.courts];
        for p in placement {
            games_per_court[p.court] += 1;
        }
        QualityReport {
            hard_violations: search.hard,
            problems,
            breaks,
            breaks_reference: self.breaks_reference,
            min_rest_days: min_rest,
            home_games,
            max_home_imbalance,
            games_per_court,
        }
    }
}
