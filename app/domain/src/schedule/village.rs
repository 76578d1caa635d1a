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

/// Simulated annealing over game placements, with costs kept per team and per court-evening.
struct Search<'p> {
    problem: &'p Problem,
    current: Vec<Placement>,
    best: Vec<Placement>,
    /// Games of each team (indices into `games`).
    team_games: Vec<Vec<usize>>,
    load: Vec<u32>,
    /// (hard, breaks) of each team as the timetable stands.
    team_costs: Vec<(u32, u32)>,
    hard: u32,
    soft: u32,
    best_cost: i64,
}

impl<'p> Search<'p> {
    fn new(problem: &'p Problem, placement: Vec<Placement>) -> Self {
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

    fn cost(&self) -> i64 {
        self.hard as i64 * HARD_WEIGHT + self.soft as i64
    }

    fn overflow(&self, court: usize, day: usize) -> u32 {
        let cell = court * self.problem.days + day;
        self.load[cell].saturating_sub(self.problem.capacity[cell])
    }

    /// (day, at home) of a team's games in date order.
    fn team_games_sorted(&self, team: usize) -> Vec<(usize, bool)> {
        let mut games = Vec::new();
        self.sort_team_games(team, &mut games);
        games
    }

    /// Fills `games` with (day, at home) of a team's games in date order.
    fn sort_team_games(&self, team: usize, games: &mut Vec<(usize, bool)>) {
        games.clear();
        games.extend(self.team_games[team].iter().map(|&g| {
            let p = &self.current[g];
            (p.day, self.problem.host(g, p).0 == team)
        }));
        games.sort_unstable();
    }

    /// (hard, breaks) of one team: rest, blackouts, streaks, density.
    fn team_cost(&self, team: usize) -> (u32, u32) {
        self.team_cost_with(team, &mut Vec::new())
    }

    /// [`Self::team_cost`] with a scratch buffer, so that the search does not allocate.
    fn team_cost_with(&self, team: usize, games: &mut Vec<(usize, bool)>) -> (u32, u32) {
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
    fn game_hard(&self, g: usize) -> u32 {
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

    fn full_cost(&self) -> (u32, u32) {
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
    fn shared_cost(&self, changed: &[(usize, Placement)], cells: &[(usize, usize)]) -> (u32, u32) {
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

    fn set(&mut self, g: usize, placement: Placement) {
        let days = self.problem.days;
        let old = self.current[g];
        self.load[old.court * days + old.day] -= 1;
        self.load[placement.court * days + placement.day] += 1;
        self.current[g] = placement;
    }

    fn anneal(&mut self, limits: &SearchLimits, watch: &mut dyn FnMut(Watch) -> bool) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// `teams` villages, each with its own court open on two or three evenings a week.
    pub(crate) fn league(teams: usize, weeks: u64) -> VillageInput {
        let evenings = [
            Weekday::Tue,
            Weekday::Thu,
            Weekday::Sat,
            Weekday::Sun,
            Weekday::Wed,
        ];
        let first_date = date(2025, 3, 1);
        VillageInput {
            teams: (0..teams)
                .map(|t| VillageTeam {
                    name: format!("Team {t}"),
                    home_court: Some(t),
                    blackout_dates: vec![],
                })
                .collect(),
            courts: (0..teams)
                .map(|c| Court {
                    name: format!("Court {c}"),
                    weekly: (0..2 + c % 2)
                        .map(|i| WeeklyWindow {
                            weekday: evenings[(c + i) % 5],
                            games: 1,
                        })
                        .collect(),
                    // Qingming festival: every court closed.
                    blackout_dates: vec![date(2025, 4, 4), date(2025, 4, 5), date(2025, 4, 6)],
                })
                .collect(),
            first_date,
            last_date: first_date + chrono::Days::new(weeks * 7 - 1),
            round_robins: 2,
            format: VillageFormat::TimeRelaxed,
            rules: VillageRules {
                min_rest_days: 2,
                ..VillageRules::default()
            },
        }
    }

    fn quick() -> SearchLimits {
        SearchLimits {
            time: Duration::from_secs(10),
            max_iterations: Some(400_000),
            seed: 7,
        }
    }

    #[test]
    fn a_watcher_hears_progress_and_can_stop_the_search() {
        // Impossible rest days: the search would run its whole budget.
        let mut input = league(12, 16);
        input.rules.min_rest_days = 30;
        let limits = SearchLimits {
            time: Duration::from_secs(30),
            max_iterations: None,
            seed: 3,
        };
        let mut heard = Vec::new();
        let started = std::time::Instant::now();
        let schedule = schedule_village_watched(&input, &limits, |watch| {
            heard.push(watch);
            heard.len() < 3
        })
        .unwrap();
        assert!(started.elapsed() < Duration::from_secs(20));
        assert_eq!(heard.len(), 4, "three during the search, one at its end");
        assert!(heard[0].hard_violations > 0);
        assert_eq!(heard.last().unwrap().done, 1.0);
        // Stopped early, it still returns every game.
        assert_eq!(schedule.games.len(), 12 * 11);
    }

    #[test]
    fn relaxed_league_respects_courts_rest_and_festivals() {
        let input = league(8, 12);
        let schedule = schedule_village(&input, &quick()).unwrap();
        assert_eq!(schedule.games.len(), 56);
        assert_eq!(
            schedule.report.hard_violations, 0,
            "{:?}",
            schedule.report.problems
        );
        assert!(schedule.report.min_rest_days.unwrap() >= 2);
        for game in &schedule.games {
            assert_eq!(game.court, game.home, "home games at the home court");
            let court = &input.courts[game.court];
            assert!(court
                .weekly
                .iter()
                .any(|w| w.weekday == game.date.weekday()));
            assert!(!court.blackout_dates.contains(&game.date));
        }
        assert!(schedule.report.breaks <= schedule.report.breaks_reference + 4);
    }

    #[test]
    fn fixed_and_forbidden_dates_and_team_blackouts_hold() {
        let mut input = league(6, 10);
        let derby = date(2025, 3, 25); // a Tuesday: court 0 is open
        input.rules.fixed_games.push(DatedGame {
            home: 0,
            away: 1,
            date: derby,
        });
        input.teams[2].blackout_dates = (0..14)
            .map(|d| date(2025, 3, 1) + chrono::Days::new(d))
            .collect();
        input.rules.max_home_streak = Some(2);
        input.rules.min_days_between_legs = Some(21);
        let schedule = schedule_village(&input, &quick()).unwrap();
        assert_eq!(
            schedule.report.hard_violations, 0,
            "{:?}",
            schedule.report.problems
        );
        assert!(schedule
            .games
            .iter()
            .any(|g| g.date == derby && g.home == 0 && g.away == 1));
        assert!(schedule
            .games
            .iter()
            .all(|g| (g.home != 2 && g.away != 2) || g.date >= date(2025, 3, 15)));
    }

    #[test]
    fn same_seed_same_schedule() {
        let input = league(6, 10);
        let a = schedule_village(&input, &quick()).unwrap();
        let b = schedule_village(&input, &quick()).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn compact_format_uses_one_evening_per_round() {
        let mut input = league(6, 10);
        input.format = VillageFormat::Compact;
        let schedule = schedule_village(&input, &quick()).unwrap();
        assert_eq!(schedule.games.len(), 30);
        let mut dates: Vec<NaiveDate> = schedule.games.iter().map(|g| g.date).collect();
        dates.dedup();
        assert_eq!(dates.len(), 10);
    }

    #[test]
    fn bad_input_is_an_error() {
        let mut input = league(4, 4);
        input.teams[0].home_court = Some(99);
        assert!(matches!(
            schedule_village(&input, &quick()),
            Err(ScheduleError::InvalidInput(_))
        ));
        let mut input = league(4, 4);
        input.last_date = date(2024, 1, 1);
        assert!(schedule_village(&input, &quick()).is_err());
    }
}
