//! Changing a published schedule: moving a game, postponing it and finding it a new slot,
//! and choosing referees.
//!
//! [`check_move`] names every constraint a proposed (date, time, court) would break, in the
//! organiser's terms (the court is closed that weekday, a blackout, the court's games per
//! evening, a team that already plays that day or would rest too little, a team's blackout).
//! [`suggest_slots`] ranks the conflict-free slots of the coming weeks by how little they
//! disturb everyone else; [`suggest_referees`] ranks referees by neutrality and load.
//!
//! Everything is plain data: dates and times are local (Asia/Shanghai), ids are the
//! database's.
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

/// A game occupies its court this long (warm-up, four quarters, breaks).
pub const GAME_MINUTES: i64 = 90;

/// An evening (or afternoon) a court is open, every week on `weekday`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenWindow {
    pub weekday: Weekday,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
}

/// A closed day, with the reason the organiser gave ("国庆节").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub date: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourtInfo {
    pub id: i32,
    pub name: String,
    pub windows: Vec<OpenWindow>,
    pub games_per_evening: u32,
    pub blackouts: Vec<Closure>,
}

/// A game already on the calendar (scheduled or played; not postponed or cancelled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booked {
    pub game_id: i32,
    pub home: Option<i32>,
    pub away: Option<i32>,
    pub court: Option<i32>,
    pub date: NaiveDate,
    pub time: NaiveTime,
}

impl Booked {
    pub fn involves(&self, team: i32) -> bool {
        self.home == Some(team) || self.away == Some(team)
    }
}

/// Everything a change is checked against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    pub courts: Vec<CourtInfo>,
    /// Association-wide closures (festivals, harvest).
    pub blackouts: Vec<Closure>,
    /// (team id, closure): days a team cannot play at all.
    pub team_blackouts: Vec<(i32, Closure)>,
    /// Every other game on the calendar; the game being changed is left out.
    pub games: Vec<Booked>,
    /// Full days without a game a team needs between two games (0: not on the same day).
    pub min_rest_days: u32,
    /// Games a team may play on one day (0 or 1 for a league; a festival cup plays two or
    /// three). Never two at once.
    pub games_per_team_per_day: u32,
}

/// The game being moved and where to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proposal {
    pub game_id: i32,
    pub home: Option<i32>,
    pub away: Option<i32>,
    pub court: i32,
    pub date: NaiveDate,
    pub time: NaiveTime,
}

/// A constraint a change would break, with what the organiser needs to see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// No such court.
    UnknownCourt,
    /// The court does not open on that weekday at all.
    CourtClosedWeekday {
        weekday: Weekday,
    },
    /// The court opens that day, but not at that time.
    OutsideCourtHours {
        starts: NaiveTime,
        ends: NaiveTime,
    },
    CourtBlackout {
        reason: String,
    },
    AssociationBlackout {
        reason: String,
    },
    /// The court already hosts its games per evening that day.
    CourtFull {
        games: u32,
    },
    /// Another game on the same court overlaps in time.
    CourtTaken {
        game_id: i32,
        time: NaiveTime,
    },
    /// A team already plays that day.
    TeamPlaysThatDay {
        team: i32,
        game_id: i32,
    },
    /// A team would rest fewer full days than the rules ask.
    TeamRestTooShort {
        team: i32,
        game_id: i32,
        rest_days: u32,
        min_rest_days: u32,
    },
    TeamBlackout {
        team: i32,
        reason: String,
    },
}

impl Conflict {
    /// The form field the conflict belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            Conflict::UnknownCourt | Conflict::CourtFull { .. } | Conflict::CourtTaken { .. } => {
                "court"
            }
            Conflict::OutsideCourtHours { .. } => "time",
            _ => "date",
        }
    }

    /// A short machine name (`court_full`), for field error codes and JSON.
    pub fn code(&self) -> &'static str {
        match self {
            Conflict::UnknownCourt => "unknown_court",
            Conflict::CourtClosedWeekday { .. } => "court_closed_weekday",
            Conflict::OutsideCourtHours { .. } => "outside_court_hours",
            Conflict::CourtBlackout { .. } => "court_blackout",
            Conflict::AssociationBlackout { .. } => "association_blackout",
            Conflict::CourtFull { .. } => "court_full",
            Conflict::CourtTaken { .. } => "court_taken",
            Conflict::TeamPlaysThatDay { .. } => "team_plays_that_day",
            Conflict::TeamRestTooShort { .. } => "team_rest_too_short",
            Conflict::TeamBlackout { .. } => "team_blackout",
        }
    }
}

fn minutes_between(a: NaiveTime, b: NaiveTime) -> i64 {
    (a - b).num_minutes().abs()
}

/// Every constraint the proposal breaks; empty when it may be saved.
pub fn check_move(calendar: &Calendar, proposal: &Proposal) -> Vec<Conflict> {
    let mut conflicts = Vec::new();
    let date = proposal.date;
    match calendar.courts.iter().find(|c| c.id == proposal.court) {
        None => conflicts.push(Conflict::UnknownCourt),
        Some(court) => {
            let windows: Vec<&OpenWindow> = court
                .windows
                .iter()
                .filter(|w| w.weekday == date.weekday())
                .collect();
            if windows.is_empty() {
                conflicts.push(Conflict::CourtClosedWeekday {
                    weekday: date.weekday(),
                });
            } else if !windows
                .iter()
                .any(|w| proposal.time >= w.starts && proposal.time < w.ends)
            {
                conflicts.push(Conflict::OutsideCourtHours {
                    starts: windows[0].starts,
                    ends: windows[0].ends,
                });
            }
            if let Some(closure) = court.blackouts.iter().find(|b| b.date == date) {
                conflicts.push(Conflict::CourtBlackout {
                    reason: closure.reason.clone(),
                });
            }
            let same_evening: Vec<&Booked> = calendar
                .games
                .iter()
                .filter(|g| g.game_id != proposal.game_id)
                .filter(|g| g.court == Some(court.id) && g.date == date)
                .collect();
            if same_evening.len() as u32 >= court.games_per_evening {
                conflicts.push(Conflict::CourtFull {
                    games: court.games_per_evening,
                });
            }
            if let Some(clash) = same_evening
                .iter()
                .find(|g| minutes_between(g.time, proposal.time) < GAME_MINUTES)
            {
                conflicts.push(Conflict::CourtTaken {
                    game_id: clash.game_id,
                    time: clash.time,
                });
            }
        }
    }
    if let Some(closure) = calendar.blackouts.iter().find(|b| b.date == date) {
        conflicts.push(Conflict::AssociationBlackout {
            reason: closure.reason.clone(),
        });
    }
    for team in [proposal.home, proposal.away].into_iter().flatten() {
        if let Some((_, closure)) = calendar
            .team_blackouts
            .iter()
            .find(|(t, c)| *t == team && c.date == date)
        {
            conflicts.push(Conflict::TeamBlackout {
                team,
                reason: closure.reason.clone(),
            });
        }
        let theirs = calendar
            .games
            .iter()
            .filter(|g| g.game_id != proposal.game_id && g.involves(team));
        let mut same_day = Vec::new();
        let mut too_close: Option<(&Booked, u32)> = None;
        for other in theirs {
            let gap = (other.date - date).num_days().unsigned_abs();
            if gap == 0 {
                same_day.push(other);
            } else {
                let rest = gap as u32 - 1;
                if rest < calendar.min_rest_days && too_close.is_none_or(|(_, r)| rest < r) {
                    too_close = Some((other, rest));
                }
            }
        }
        let at_once = same_day
            .iter()
            .find(|g| minutes_between(g.time, proposal.time) < GAME_MINUTES);
        let too_many = (same_day.len() as u32 >= calendar.games_per_team_per_day.max(1))
            .then(|| same_day.first())
            .flatten();
        if let Some(other) = at_once.or(too_many) {
            conflicts.push(Conflict::TeamPlaysThatDay {
                team,
                game_id: other.game_id,
            });
        } else if let Some((other, rest_days)) = too_close {
            conflicts.push(Conflict::TeamRestTooShort {
                team,
                game_id: other.game_id,
                rest_days,
                min_rest_days: calendar.min_rest_days,
            });
        }
    }
    conflicts
}

/// A free slot for a game, with what taking it would cost everyone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub court: i32,
    pub date: NaiveDate,
    pub time: NaiveTime,
    /// Lower is better: the sum of the costs below, weighted.
    pub cost: u32,
    /// The shorter rest either team gets before or after this game (days), if they play
    /// other games at all.
    pub rest_days: Option<u32>,
    /// Home/away breaks this game adds to the two teams' sequences.
    pub breaks_added: u32,
    pub days_from_original: u32,
    pub home_court: bool,
    /// Games the court already hosts that day.
    pub court_load: u32,
}

/// The game to place again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Postponed {
    pub game_id: i32,
    pub home: Option<i32>,
    pub away: Option<i32>,
    /// The home team's court.
    pub home_court: Option<i32>,
    pub original_date: NaiveDate,
    pub original_time: NaiveTime,
}

/// Rest below this many full days costs something, even when the rules allow it.
const COMFORTABLE_REST: u32 = 3;
const WEIGHT_REST: u32 = 4;
const WEIGHT_BREAK: u32 = 6;
const WEIGHT_AWAY_FROM_HOME: u32 = 8;
const WEIGHT_LOAD: u32 = 3;

/// The times a game could start on `court` on `date`: the start of each open window, the
/// game's own time, and right after each game already there.
fn candidate_times(
    calendar: &Calendar,
    court: &CourtInfo,
    date: NaiveDate,
    own: NaiveTime,
) -> Vec<NaiveTime> {
    let mut times = Vec::new();
    for window in court.windows.iter().filter(|w| w.weekday == date.weekday()) {
        let mut push = |time: NaiveTime| {
            if time >= window.starts && time < window.ends && !times.contains(&time) {
                times.push(time);
            }
        };
        push(own);
        push(window.starts);
        for game in calendar
            .games
            .iter()
            .filter(|g| g.court == Some(court.id) && g.date == date)
        {
            push(game.time + Duration::minutes(GAME_MINUTES));
            push(game.time - Duration::minutes(GAME_MINUTES));
        }
    }
    times.sort();
    times
}

/// Home (true) or away (false) games of a team by date, with the game to place added.
fn breaks(sequence: &[(NaiveDate, bool)]) -> u32 {
    sequence.windows(2).filter(|w| w[0].1 == w[1].1).count() as u32
}

fn venue_sequence(calendar: &Calendar, team: i32) -> Vec<(NaiveDate, bool)> {
    let mut sequence: Vec<(NaiveDate, bool)> = calendar
        .games
        .iter()
        .filter(|g| g.involves(team))
        .map(|g| (g.date, g.home == Some(team)))
        .collect();
    sequence.sort();
    sequence
}

fn breaks_added(calendar: &Calendar, team: i32, date: NaiveDate, home: bool) -> u32 {
    let mut sequence = venue_sequence(calendar, team);
    let before = breaks(&sequence);
    sequence.push((date, home));
    sequence.sort();
    breaks(&sequence).saturating_sub(before)
}

fn shortest_rest(calendar: &Calendar, team: i32, date: NaiveDate) -> Option<u32> {
    calendar
        .games
        .iter()
        .filter(|g| g.involves(team) && g.date != date)
        .map(|g| ((g.date - date).num_days().unsigned_abs() - 1) as u32)
        .min()
}

/// The best `count` conflict-free slots from `earliest` to `latest` (inclusive), least
/// disruptive first: short rests for either team, home/away breaks added, days away from the
/// original date, a court other than the home team's, and a busy court cost; ties go to the
/// earlier date.
pub fn suggest_slots(
    calendar: &Calendar,
    game: &Postponed,
    earliest: NaiveDate,
    latest: NaiveDate,
    count: usize,
) -> Vec<Suggestion> {
    let mut found = Vec::new();
    let mut date = earliest;
    while date <= latest {
        for court in &calendar.courts {
            for time in candidate_times(calendar, court, date, game.original_time) {
                let proposal = Proposal {
                    game_id: game.game_id,
                    home: game.home,
                    away: game.away,
                    court: court.id,
                    date,
                    time,
                };
                if !check_move(calendar, &proposal).is_empty() {
                    continue;
                }
                found.push(score(calendar, game, court, date, time));
            }
        }
        date = match date.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    found.sort_by(|a, b| {
        a.cost
            .cmp(&b.cost)
            .then(a.date.cmp(&b.date))
            .then(a.time.cmp(&b.time))
            .then(a.court.cmp(&b.court))
    });
    // One suggestion per date: the organiser chooses between evenings (courts on one
    // evening, or three times on one court, say the same thing); then in date order.
    let mut chosen: Vec<Suggestion> = Vec::new();
    for suggestion in found {
        if chosen.iter().any(|c| c.date == suggestion.date) {
            continue;
        }
        chosen.push(suggestion);
        if chosen.len() == count {
            break;
        }
    }
    chosen.sort_by_key(|c| (c.date, c.time, c.court));
    chosen
}

fn score(
    calendar: &Calendar,
    game: &Postponed,
    court: &CourtInfo,
    date: NaiveDate,
    time: NaiveTime,
) -> Suggestion {
    let teams: Vec<(i32, bool)> = [(game.home, true), (game.away, false)]
        .into_iter()
        .filter_map(|(team, home)| team.map(|t| (t, home)))
        .collect();
    let rest_days = teams
        .iter()
        .filter_map(|(team, _)| shortest_rest(calendar, *team, date))
        .min();
    let rest_cost = rest_days.map_or(0, |rest| COMFORTABLE_REST.saturating_sub(rest));
    let breaks_added: u32 = teams
        .iter()
        .map(|(team, home)| breaks_added(calendar, *team, date, *home))
        .sum();
    let days_from_original = (date - game.original_date).num_days().unsigned_abs() as u32;
    let home_court = game.home_court.is_none_or(|id| id == court.id);
    let court_load = calendar
        .games
        .iter()
        .filter(|g| g.court == Some(court.id) && g.date == date)
        .count() as u32;
    let cost = WEIGHT_REST * rest_cost
        + WEIGHT_BREAK * breaks_added
        + days_from_original
        + if home_court { 0 } else { WEIGHT_AWAY_FROM_HOME }
        + WEIGHT_LOAD * court_load;
    Suggestion {
        court: court.id,
        date,
        time,
        cost,
        rest_days,
        breaks_added,
        days_from_original,
        home_court,
        court_load,
    }
}

/// A referee as the assignment sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefereeInfo {
    pub user_id: i32,
    /// Their villager group, when known.
    pub group: Option<i32>,
    /// Games they are assigned to so far.
    pub assigned: u32,
    /// Already assigned to a game on the same day.
    pub busy: bool,
}

/// How well a referee fits a game.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Neutrality {
    /// From a third villager group.
    Neutral,
    /// Group not known.
    Unknown,
    /// From one of the two teams' groups.
    Involved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefereeChoice {
    pub user_id: i32,
    pub neutrality: Neutrality,
    pub assigned: u32,
}

/// Referees for a game between teams of `groups`, best first: neutral before unknown before
/// involved, then fewer games so far (balanced counts), then id. Referees busy that day are
/// left out.
pub fn suggest_referees(groups: &[i32], referees: &[RefereeInfo]) -> Vec<RefereeChoice> {
    let mut choices: Vec<RefereeChoice> = referees
        .iter()
        .filter(|r| !r.busy)
        .map(|r| RefereeChoice {
            user_id: r.user_id,
            neutrality: match r.group {
                None => Neutrality::Unknown,
                Some(group) if groups.contains(&group) => Neutrality::Involved,
                Some(_) => Neutrality::Neutral,
            },
            assigned: r.assigned,
        })
        .collect();
    choices.sort_by(|a, b| {
        a.neutrality
            .cmp(&b.neutrality)
            .then(a.assigned.cmp(&b.assigned))
            .then(a.user_id.cmp(&b.user_id))
    });
    choices
}

/// The move form's field names, shared by the page, the handler and the tests.
pub mod move_fields {
    pub const DATE: &str = "date";
    pub const TIME: &str = "time";
    pub const COURT: &str = "court";
}

/// What is wrong with a field of the move form, before any conflict is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveProblem {
    /// Not a date (`YYYY-MM-DD`).
    DateInvalid,
    /// A day already gone.
    DatePast,
    /// Not a time (`HH:MM`).
    TimeInvalid,
    /// No court chosen.
    CourtMissing,
}

impl MoveProblem {
    /// The form field it belongs to.
    pub fn field(self) -> &'static str {
        match self {
            MoveProblem::DateInvalid | MoveProblem::DatePast => move_fields::DATE,
            MoveProblem::TimeInvalid => move_fields::TIME,
            MoveProblem::CourtMissing => move_fields::COURT,
        }
    }
}

/// The move form read: a (date, time, court) to check with [`check_move`], or every field
/// at fault. `today` is the local date; a time may carry seconds (`19:30:00`).
pub fn parse_move(
    date: &str,
    time: &str,
    court: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveTime, i32), Vec<MoveProblem>> {
    let mut problems = Vec::new();
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok();
    match date {
        None => problems.push(MoveProblem::DateInvalid),
        Some(date) if date < today => problems.push(MoveProblem::DatePast),
        Some(_) => {}
    }
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
        .ok();
    if time.is_none() {
        problems.push(MoveProblem::TimeInvalid);
    }
    let court = court.trim().parse::<i32>().ok();
    if court.is_none() {
        problems.push(MoveProblem::CourtMissing);
    }
    match (date, time, court) {
        (Some(date), Some(time), Some(court)) if problems.is_empty() => Ok((date, time, court)),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_move_and_names_each_bad_field() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(
            parse_move(" 2026-11-30 ", "19:30:00", "3", today),
            Ok((
                NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                NaiveTime::from_hms_opt(19, 30, 0).unwrap(),
                3
            ))
        );
        let fields: Vec<_> = parse_move("2026-11-01", "7pm", "", today)
            .unwrap_err()
            .into_iter()
            .map(MoveProblem::field)
            .collect();
        assert_eq!(fields, vec!["date", "time", "court"]);
        assert_eq!(
            parse_move("30/11", "19:30", "1", today),
            Err(vec![MoveProblem::DateInvalid])
        );
    }

    fn d(day: u32) -> NaiveDate {
        // 2026-09-07 is a Monday.
        NaiveDate::from_ymd_opt(2026, 9, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }
    fn evenings(id: i32, games: u32) -> CourtInfo {
        CourtInfo {
            id,
            name: format!("court {id}"),
            windows: [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
                Weekday::Sun,
            ]
            .into_iter()
            .map(|weekday| OpenWindow {
                weekday,
                starts: t(19, 0),
                ends: t(22, 0),
            })
            .collect(),
            games_per_evening: games,
            blackouts: vec![],
        }
    }
    fn weekends(id: i32) -> CourtInfo {
        CourtInfo {
            id,
            name: format!("court {id}"),
            windows: [Weekday::Sat, Weekday::Sun]
                .into_iter()
                .map(|weekday| OpenWindow {
                    weekday,
                    starts: t(15, 0),
                    ends: t(18, 0),
                })
                .collect(),
            games_per_evening: 1,
            blackouts: vec![],
        }
    }
    fn booked(id: i32, home: i32, away: i32, court: i32, date: NaiveDate) -> Booked {
        Booked {
            game_id: id,
            home: Some(home),
            away: Some(away),
            court: Some(court),
            date,
            time: t(19, 30),
        }
    }
    fn proposal(court: i32, date: NaiveDate, time: NaiveTime) -> Proposal {
        Proposal {
            game_id: 100,
            home: Some(1),
            away: Some(2),
            court,
            date,
            time,
        }
    }
    fn calendar() -> Calendar {
        Calendar {
            courts: vec![evenings(10, 2), weekends(20)],
            blackouts: vec![],
            team_blackouts: vec![],
            games: vec![],
            min_rest_days: 1,
            games_per_team_per_day: 1,
        }
    }

    #[test]
    fn a_free_slot_has_no_conflict() {
        assert!(check_move(&calendar(), &proposal(10, d(8), t(19, 30))).is_empty());
    }

    #[test]
    fn names_a_court_closed_on_that_weekday_or_at_that_time() {
        let cal = calendar();
        // The unlit court opens on weekends only; 2026-09-08 is a Tuesday.
        assert_eq!(
            check_move(&cal, &proposal(20, d(8), t(16, 0))),
            vec![Conflict::CourtClosedWeekday {
                weekday: Weekday::Tue
            }]
        );
        assert_eq!(
            check_move(&cal, &proposal(20, d(12), t(19, 30))),
            vec![Conflict::OutsideCourtHours {
                starts: t(15, 0),
                ends: t(18, 0)
            }]
        );
        assert!(check_move(&cal, &proposal(20, d(12), t(15, 0))).is_empty());
        assert_eq!(
            check_move(&cal, &proposal(99, d(12), t(15, 0))),
            vec![Conflict::UnknownCourt]
        );
    }

    #[test]
    fn names_court_and_association_blackouts() {
        let mut cal = calendar();
        cal.courts[0].blackouts.push(Closure {
            date: d(9),
            reason: "维修".into(),
        });
        cal.blackouts.push(Closure {
            date: d(10),
            reason: "国庆节".into(),
        });
        assert_eq!(
            check_move(&cal, &proposal(10, d(9), t(19, 30))),
            vec![Conflict::CourtBlackout {
                reason: "维修".into()
            }]
        );
        assert_eq!(
            check_move(&cal, &proposal(10, d(10), t(19, 30))),
            vec![Conflict::AssociationBlackout {
                reason: "国庆节".into()
            }]
        );
    }

    #[test]
    fn names_a_full_court_and_a_clash_in_time() {
        let mut cal = calendar();
        cal.games.push(booked(1, 3, 4, 10, d(8)));
        // One game there: a second fits after it, not on top of it.
        assert!(check_move(&cal, &proposal(10, d(8), t(21, 0))).is_empty());
        assert_eq!(
            check_move(&cal, &proposal(10, d(8), t(20, 0))),
            vec![Conflict::CourtTaken {
                game_id: 1,
                time: t(19, 30)
            }]
        );
        cal.games.push(Booked {
            time: t(21, 0),
            ..booked(2, 5, 6, 10, d(8))
        });
        let conflicts = check_move(&cal, &proposal(10, d(8), t(19, 0)));
        assert_eq!(conflicts[0], Conflict::CourtFull { games: 2 });
        assert_eq!(conflicts[0].field(), "court");
    }

    #[test]
    fn a_cup_team_plays_several_games_a_day_but_never_two_at_once() {
        let mut cal = calendar();
        cal.courts.push(evenings(30, 3));
        cal.min_rest_days = 0;
        cal.games_per_team_per_day = 2;
        cal.games.push(booked(1, 1, 3, 30, d(8)));
        // 19:30 on another court: the same time as its other game.
        assert_eq!(
            check_move(&cal, &proposal(10, d(8), t(19, 30))),
            vec![Conflict::TeamPlaysThatDay {
                team: 1,
                game_id: 1
            }]
        );
        // 21:00: after it, the second game of the day is allowed.
        assert!(check_move(&cal, &proposal(10, d(8), t(21, 0))).is_empty());
        // A third is not.
        cal.games.push(Booked {
            time: t(21, 0),
            ..booked(2, 1, 4, 30, d(8))
        });
        assert!(check_move(&cal, &proposal(10, d(8), t(19, 0))).contains(
            &Conflict::TeamPlaysThatDay {
                team: 1,
                game_id: 1
            }
        ));
        cal.games.retain(|g| g.game_id != 2);
        cal.games.push(Booked {
            time: t(17, 0),
            ..booked(2, 1, 4, 30, d(8))
        });
        assert_eq!(
            check_move(&cal, &proposal(10, d(8), t(21, 0))),
            vec![Conflict::TeamPlaysThatDay {
                team: 1,
                game_id: 1
            }]
        );
    }

    #[test]
    fn names_a_team_that_plays_that_day_or_rests_too_little() {
        let mut cal = calendar();
        cal.courts.push(evenings(30, 2));
        cal.games.push(booked(1, 1, 3, 30, d(8)));
        assert_eq!(
            check_move(&cal, &proposal(10, d(8), t(19, 30))),
            vec![Conflict::TeamPlaysThatDay {
                team: 1,
                game_id: 1
            }]
        );
        cal.min_rest_days = 2;
        assert_eq!(
            check_move(&cal, &proposal(10, d(10), t(19, 30))),
            vec![Conflict::TeamRestTooShort {
                team: 1,
                game_id: 1,
                rest_days: 1,
                min_rest_days: 2
            }]
        );
        assert!(check_move(&cal, &proposal(10, d(11), t(19, 30))).is_empty());
    }

    #[test]
    fn names_a_team_blackout() {
        let mut cal = calendar();
        cal.team_blackouts.push((
            2,
            Closure {
                date: d(8),
                reason: "秋收".into(),
            },
        ));
        let conflicts = check_move(&cal, &proposal(10, d(8), t(19, 30)));
        assert_eq!(
            conflicts,
            vec![Conflict::TeamBlackout {
                team: 2,
                reason: "秋收".into()
            }]
        );
        assert_eq!(conflicts[0].code(), "team_blackout");
    }

    #[test]
    fn the_game_itself_is_no_conflict() {
        let mut cal = calendar();
        cal.games.push(booked(100, 1, 2, 10, d(8)));
        assert!(check_move(&cal, &proposal(10, d(8), t(19, 30))).is_empty());
    }

    fn postponed() -> Postponed {
        Postponed {
            game_id: 100,
            home: Some(1),
            away: Some(2),
            home_court: Some(10),
            original_date: d(8),
            original_time: t(19, 30),
        }
    }

    #[test]
    fn suggestions_are_free_of_conflicts_and_prefer_the_home_court_soon() {
        let mut cal = calendar();
        cal.courts.push(evenings(30, 1));
        cal.games.push(booked(1, 1, 3, 30, d(11)));
        cal.games.push(booked(2, 4, 2, 30, d(14)));
        cal.blackouts.push(Closure {
            date: d(9),
            reason: "中秋".into(),
        });
        let found = suggest_slots(&cal, &postponed(), d(9), d(30), 3);
        assert_eq!(found.len(), 3);
        for s in &found {
            let p = proposal(s.court, s.date, s.time);
            assert!(check_move(&cal, &p).is_empty(), "{s:?}");
            assert!(s.home_court, "{s:?}");
        }
        // Not the blackout, not next to team 1's game on the 11th.
        assert!(found.iter().all(|s| s.date != d(9) && s.date != d(11)));
        // Three different evenings, in date order.
        assert!(found.windows(2).all(|w| w[0].date < w[1].date), "{found:?}");
        // The cheapest free slot of all is among them.
        let every = suggest_slots(&cal, &postponed(), d(9), d(30), 100);
        let cheapest = every.iter().map(|s| s.cost).min().unwrap();
        assert!(found.iter().any(|s| s.cost == cheapest));
    }

    #[test]
    fn suggestions_avoid_short_rests_and_breaks() {
        let mut cal = calendar();
        cal.min_rest_days = 0;
        // Team 1 plays at home on the 10th: the 9th and 11th leave no rest and add a break.
        cal.games.push(booked(1, 1, 3, 10, d(10)));
        let found = suggest_slots(&cal, &postponed(), d(9), d(20), 3);
        assert!(found.iter().all(|s| s.date != d(10)));
        let day_after = score(&cal, &postponed(), &cal.courts[0], d(11), t(19, 30));
        assert_eq!(day_after.rest_days, Some(0));
        assert_eq!(day_after.breaks_added, 1);
        assert!(found.iter().all(|s| s.cost < day_after.cost), "{found:?}");
    }

    #[test]
    fn no_suggestion_when_nothing_is_free() {
        let mut cal = calendar();
        cal.courts.truncate(1);
        cal.blackouts = (9..=12)
            .map(|day| Closure {
                date: d(day),
                reason: "x".into(),
            })
            .collect();
        assert!(suggest_slots(&cal, &postponed(), d(9), d(12), 3).is_empty());
    }

    #[test]
    fn referees_neutral_first_then_by_load() {
        let refs = [
            RefereeInfo {
                user_id: 1,
                group: Some(5),
                assigned: 0,
                busy: false,
            },
            RefereeInfo {
                user_id: 2,
                group: Some(7),
                assigned: 3,
                busy: false,
            },
            RefereeInfo {
                user_id: 3,
                group: Some(8),
                assigned: 1,
                busy: false,
            },
            RefereeInfo {
                user_id: 4,
                group: None,
                assigned: 0,
                busy: false,
            },
            RefereeInfo {
                user_id: 5,
                group: Some(9),
                assigned: 0,
                busy: true,
            },
        ];
        let order: Vec<(i32, Neutrality)> = suggest_referees(&[5, 6], &refs)
            .iter()
            .map(|c| (c.user_id, c.neutrality))
            .collect();
        assert_eq!(
            order,
            vec![
                (3, Neutrality::Neutral),
                (2, Neutrality::Neutral),
                (4, Neutrality::Unknown),
                (1, Neutrality::Involved)
            ]
        );
    }
}
