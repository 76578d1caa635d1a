//! The organiser's set-up forms, checked: villager groups, teams, courts with their weekly
//! availability, and blackout dates (one day or a range, for a court or for everybody).
//!
//! Each form is a list of `(name, value)` pairs as posted; the answer is the checked value or
//! every field's problem, so a form can come back with all its errors at once.
use chrono::{NaiveDate, NaiveTime};

use crate::players_csv::RowProblem;

/// The longest blackout range one form adds (a farming season is a few weeks).
pub const MAX_RANGE_DAYS: i64 = 92;
pub const GROUP_NAME_MAX: usize = 30;
/// The association's name, as the header of every page shows it.
pub const ASSOCIATION_NAME_MAX: usize = 40;
pub const TEAM_NAME_MAX: usize = 40;
pub const SHORT_NAME_MAX: usize = 8;
pub const COURT_NAME_MAX: usize = 40;
pub const REASON_MAX: usize = 60;
pub const GAMES_PER_EVENING: std::ops::RangeInclusive<i32> = 1..=6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Missing,
    TooLong,
    NotANumber,
    OutOfRange,
    /// Not one of the choices offered.
    Unknown,
    TimeInvalid,
    DateInvalid,
    EndsBeforeStarts,
    RangeTooLong,
    /// Another row already has this name.
    Taken,
    /// A player as the add-player form gives them (the checks of a roster file's row).
    Player(RowProblem),
}

impl Problem {
    /// The problems of every field but a player's.
    pub const ALL: [Problem; 10] = [
        Problem::Missing,
        Problem::TooLong,
        Problem::NotANumber,
        Problem::OutOfRange,
        Problem::Unknown,
        Problem::TimeInvalid,
        Problem::DateInvalid,
        Problem::EndsBeforeStarts,
        Problem::RangeTooLong,
        Problem::Taken,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::TooLong => "too_long",
            Problem::NotANumber => "not_a_number",
            Problem::OutOfRange => "out_of_range",
            Problem::Unknown => "unknown",
            Problem::TimeInvalid => "time_invalid",
            Problem::DateInvalid => "date_invalid",
            Problem::EndsBeforeStarts => "ends_before_starts",
            Problem::RangeTooLong => "range_too_long",
            Problem::Taken => "taken",
            Problem::Player(problem) => problem.code(),
        }
    }

    pub fn from_code(code: &str) -> Option<Problem> {
        Problem::ALL
            .into_iter()
            .find(|p| p.code() == code)
            .or_else(|| RowProblem::from_code(code).map(Problem::Player))
    }
}

/// A field of this form and its problem.
pub type FieldError = crate::form::FieldError<Problem>;

impl crate::form::Problem for Problem {
    fn code(self) -> String {
        Problem::code(self).to_owned()
    }
    fn from_code(code: &str) -> Option<Self> {
        Problem::from_code(code)
    }
}

type Errors = Vec<FieldError>;

struct Form<'a> {
    fields: Vec<(&'a str, &'a str)>,
    errors: Errors,
}

impl<'a> Form<'a> {
    fn new(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Form {
            fields: fields.into_iter().collect(),
            errors: Vec::new(),
        }
    }

    fn raw(&self, name: &str) -> &'a str {
        self.fields
            .iter()
            .rev()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.trim())
            .unwrap_or("")
    }

    fn fail<T>(&mut self, name: &str, problem: Problem) -> Option<T> {
        self.errors.push(FieldError {
            field: name.to_owned(),
            problem,
        });
        None
    }

    /// A required one-line text of at most `max` characters, inner spaces collapsed.
    fn text(&mut self, name: &str, max: usize) -> Option<String> {
        let text = self
            .raw(name)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if text.is_empty() {
            self.fail(name, Problem::Missing)
        } else if text.chars().count() > max {
            self.fail(name, Problem::TooLong)
        } else {
            Some(text)
        }
    }

    fn number(&mut self, name: &str, range: std::ops::RangeInclusive<i32>) -> Option<i32> {
        let raw = self.raw(name);
        if raw.is_empty() {
            return self.fail(name, Problem::Missing);
        }
        match raw.parse::<i32>() {
            Ok(n) if range.contains(&n) => Some(n),
            Ok(_) => self.fail(name, Problem::OutOfRange),
            Err(_) => self.fail(name, Problem::NotANumber),
        }
    }

    /// An id picked from a list; `None` when left empty and that is allowed.
    fn id(&mut self, name: &str, required: bool) -> Option<Option<i32>> {
        let raw = self.raw(name);
        if raw.is_empty() {
            return if required {
                self.fail(name, Problem::Missing)
            } else {
                Some(None)
            };
        }
        match raw.parse::<i32>() {
            Ok(id) if id > 0 => Some(Some(id)),
            _ => self.fail(name, Problem::Unknown),
        }
    }

    fn time(&mut self, name: &str) -> Option<NaiveTime> {
        let raw = self.raw(name);
        if raw.is_empty() {
            return self.fail(name, Problem::Missing);
        }
        NaiveTime::parse_from_str(raw, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(raw, "%H:%M:%S"))
            .ok()
            .or_else(|| self.fail(name, Problem::TimeInvalid))
    }

    fn date(&mut self, name: &str, required: bool) -> Option<Option<NaiveDate>> {
        let raw = self.raw(name);
        if raw.is_empty() {
            return if required {
                self.fail(name, Problem::Missing)
            } else {
                Some(None)
            };
        }
        match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(day) => Some(Some(day)),
            Err(_) => self.fail(name, Problem::DateInvalid),
        }
    }

    fn finish<T>(self, value: Option<T>) -> Result<T, Errors> {
        match value {
            Some(value) if self.errors.is_empty() => Ok(value),
            _ => Err(self.errors),
        }
    }
}

pub fn group_name<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<String, Errors> {
    let mut form = Form::new(fields);
    let name = form.text("name", GROUP_NAME_MAX);
    form.finish(name)
}

/// The association's new name.
pub fn association_name<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<String, Errors> {
    let mut form = Form::new(fields);
    let name = form.text("name", ASSOCIATION_NAME_MAX);
    form.finish(name)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamInput {
    pub name: String,
    pub short_name: String,
    /// One of `men`, `women`, `youth`, `veterans`.
    pub division: String,
    pub group_id: i32,
    pub home_court_id: Option<i32>,
}

pub const DIVISIONS: [&str; 4] = ["men", "women", "youth", "veterans"];

pub fn team<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<TeamInput, Errors> {
    let mut form = Form::new(fields);
    let name = form.text("name", TEAM_NAME_MAX);
    // The short name defaults to the name's first characters.
    let short_name = if form.raw("short_name").is_empty() {
        name.as_ref()
            .map(|name| name.chars().take(SHORT_NAME_MAX).collect::<String>())
    } else {
        form.text("short_name", SHORT_NAME_MAX)
    };
    let division = match form.raw("division") {
        "" => form.fail("division", Problem::Missing),
        d if DIVISIONS.contains(&d) => Some(d.to_owned()),
        _ => form.fail("division", Problem::Unknown),
    };
    let group_id = form.id("group_id", true).flatten();
    let home_court_id = form.id("home_court_id", false);
    let value = match (name, short_name, division, group_id, home_court_id) {
        (Some(name), Some(short_name), Some(division), Some(group_id), Some(home_court_id)) => {
            Some(TeamInput {
                name,
                short_name,
                division,
                group_id,
                home_court_id,
            })
        }
        _ => None,
    };
    form.finish(value)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourtInput {
    pub name: String,
    pub group_id: Option<i32>,
    pub has_lights: bool,
    pub games_per_evening: i32,
}

pub fn court<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<CourtInput, Errors> {
    let mut form = Form::new(fields);
    let name = form.text("name", COURT_NAME_MAX);
    let group_id = form.id("group_id", false);
    let has_lights = matches!(form.raw("has_lights"), "on" | "true" | "1");
    let games = form.number("games_per_evening", GAMES_PER_EVENING);
    let value = match (name, group_id, games) {
        (Some(name), Some(group_id), Some(games_per_evening)) => Some(CourtInput {
            name,
            group_id,
            has_lights,
            games_per_evening,
        }),
        _ => None,
    };
    form.finish(value)
}

/// A weekly window when a court may be used: ISO weekday (1 = Monday) and local times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowInput {
    pub weekday: i16,
    pub starts_at: NaiveTime,
    pub ends_at: NaiveTime,
}

pub fn window<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<WindowInput, Errors> {
    let mut form = Form::new(fields);
    let weekday = form.number("weekday", 1..=7);
    let starts_at = form.time("starts_at");
    let ends_at = form.time("ends_at");
    if let (Some(starts), Some(ends)) = (starts_at, ends_at) {
        if ends <= starts {
            form.fail::<()>("ends_at", Problem::EndsBeforeStarts);
        }
    }
    let value = match (weekday, starts_at, ends_at) {
        (Some(weekday), Some(starts_at), Some(ends_at)) => Some(WindowInput {
            weekday: weekday as i16,
            starts_at,
            ends_at,
        }),
        _ => None,
    };
    form.finish(value)
}

/// Blackout days: `from`, through `to` when given (a farming season), with a reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlackoutInput {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
}

impl BlackoutInput {
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take_while({
            let to = self.to;
            move |day| *day <= to
        })
    }
}

pub fn blackout<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<BlackoutInput, Errors> {
    let mut form = Form::new(fields);
    let from = form.date("from", true).flatten();
    let to = form.date("to", false);
    let reason = form.text("reason", REASON_MAX);
    let to = match (from, to) {
        (Some(from), Some(None)) => Some(from),
        (Some(from), Some(Some(to))) if to < from => form.fail("to", Problem::EndsBeforeStarts),
        (Some(from), Some(Some(to))) if (to - from).num_days() >= MAX_RANGE_DAYS => {
            form.fail("to", Problem::RangeTooLong)
        }
        (_, Some(to)) => to,
        (_, None) => None,
    };
    let value = match (from, to, reason) {
        (Some(from), Some(to), Some(reason)) => Some(BlackoutInput { from, to, reason }),
        _ => None,
    };
    form.finish(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems<T: std::fmt::Debug>(result: Result<T, Errors>) -> Vec<(String, Problem)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    fn p(field: &str, problem: Problem) -> (String, Problem) {
        (field.to_owned(), problem)
    }

    #[test]
    fn group_names() {
        assert_eq!(group_name([("name", "  一组 ")]).unwrap(), "一组");
        assert_eq!(
            problems(group_name([("name", " ")])),
            vec![p("name", Problem::Missing)]
        );
        let long = "组".repeat(GROUP_NAME_MAX + 1);
        assert_eq!(
            problems(group_name([("name", long.as_str())])),
            vec![p("name", Problem::TooLong)]
        );
    }

    #[test]
    fn teams() {
        let team_ok = team([
            ("name", "上寨猛虎队"),
            ("short_name", ""),
            ("division", "men"),
            ("group_id", "3"),
            ("home_court_id", ""),
        ])
        .unwrap();
        assert_eq!(team_ok.short_name, "上寨猛虎队");
        assert_eq!(team_ok.home_court_id, None);
        assert_eq!(
            problems(team([
                ("name", ""),
                ("division", "kids"),
                ("group_id", "x"),
                ("home_court_id", "-1")
            ])),
            vec![
                p("name", Problem::Missing),
                p("division", Problem::Unknown),
                p("group_id", Problem::Unknown),
                p("home_court_id", Problem::Unknown),
            ]
        );
        assert_eq!(
            problems(team([
                ("name", "A"),
                ("short_name", "ABCDEFGHIJ"),
                ("division", "")
            ])),
            vec![
                p("short_name", Problem::TooLong),
                p("division", Problem::Missing),
                p("group_id", Problem::Missing),
            ]
        );
    }

    #[test]
    fn courts_and_windows() {
        let c = court([
            ("name", "村委球场"),
            ("has_lights", "on"),
            ("games_per_evening", "3"),
        ])
        .unwrap();
        assert!(c.has_lights);
        assert_eq!(c.group_id, None);
        assert_eq!(
            problems(court([("name", "x"), ("games_per_evening", "9")])),
            vec![p("games_per_evening", Problem::OutOfRange)]
        );
        let w = window([
            ("weekday", "6"),
            ("starts_at", "19:00"),
            ("ends_at", "22:30"),
        ])
        .unwrap();
        assert_eq!(w.weekday, 6);
        assert_eq!(
            problems(window([
                ("weekday", "8"),
                ("starts_at", "20:00"),
                ("ends_at", "19:00")
            ])),
            vec![
                p("weekday", Problem::OutOfRange),
                p("ends_at", Problem::EndsBeforeStarts)
            ]
        );
        assert_eq!(
            problems(window([
                ("weekday", "1"),
                ("starts_at", "7pm"),
                ("ends_at", "")
            ])),
            vec![
                p("starts_at", Problem::TimeInvalid),
                p("ends_at", Problem::Missing)
            ]
        );
    }

    #[test]
    fn blackouts_one_day_or_a_range() {
        let one = blackout([("from", "2026-05-01"), ("to", ""), ("reason", "劳动节")]).unwrap();
        assert_eq!(one.days().count(), 1);
        let season = blackout([
            ("from", "2026-06-01"),
            ("to", "2026-06-20"),
            ("reason", "农忙"),
        ])
        .unwrap();
        assert_eq!(season.days().count(), 20);
        assert_eq!(
            problems(blackout([
                ("from", "2026-06-20"),
                ("to", "2026-06-01"),
                ("reason", "")
            ])),
            vec![
                p("reason", Problem::Missing),
                p("to", Problem::EndsBeforeStarts)
            ]
        );
        assert_eq!(
            problems(blackout([
                ("from", "2026-01-01"),
                ("to", "2026-12-31"),
                ("reason", "x")
            ])),
            vec![p("to", Problem::RangeTooLong)]
        );
        assert_eq!(
            problems(blackout([("from", "5月1日"), ("reason", "x")])),
            vec![p("from", Problem::DateInvalid)]
        );
        for problem in Problem::ALL {
            assert_eq!(Problem::from_code(problem.code()), Some(problem));
        }
        for row in RowProblem::ALL {
            assert_eq!(
                Problem::from_code(row.code()),
                Some(Problem::Player(row)),
                "a player's problem keeps its own code"
            );
        }
    }
}
