//! The organiser's two competition forms, checked before anything is saved: a **league**
//! (a division's teams, single or double round robin, between two dates) and a **festival
//! cup** (for one of the festivals still to come, "大节大赛、小节小赛": a big festival gets a
//! big cup).
//!
//! The forms are plain posts (they work without JavaScript); their field names are declared
//! once in [`fields`], and [`parse_league`] / [`parse_cup`] answer the checked input or one
//! [`FieldError`] per field at fault. The division is whatever type the caller reads it into
//! (the app's `Division`), so the domain needs no list of divisions of its own.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::festivals::{self, Festival};
use crate::form::{self, Fields};

/// The field names, shared by the page, the handler and the tests.
pub mod fields {
    pub const KIND: &str = "kind";
    pub const NAME: &str = "name";
    pub const DIVISION: &str = "division";
    /// A league's `single` / `double`; a cup's `groups` / `knockout`.
    pub const FORMAT: &str = "format";
    pub const STARTS_ON: &str = "starts_on";
    pub const ENDS_ON: &str = "ends_on";
    /// `code:YYYY-MM-DD`, one of [`super::upcoming_festivals`].
    pub const FESTIVAL: &str = "festival";
    pub const DAYS: &str = "days";
    pub const GAMES_PER_COURT: &str = "games_per_court";
    pub const PER_DAY: &str = "per_day";
    /// Repeated: the teams taking part.
    pub const TEAM: &str = "team";
    /// Repeated: the cup's courts.
    pub const COURT: &str = "court";
    /// `seed_<team id>`: a cup team's seed, 1 the best.
    pub const SEED_PREFIX: &str = "seed_";

    /// The fields that come back into the form after an error (besides the lists).
    pub const TYPED: [&str; 8] = [
        NAME,
        FORMAT,
        STARTS_ON,
        ENDS_ON,
        FESTIVAL,
        DAYS,
        GAMES_PER_COURT,
        PER_DAY,
    ];
}

/// The longest name a competition may have, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// The longest league, in days.
pub const MAX_LEAGUE_DAYS: i64 = 366;
/// A league or a cup needs at least this many teams.
pub const MIN_TEAMS: usize = 3;

/// What is wrong with a field of a competition form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Missing,
    Invalid,
    /// Too long, too many, or outside the numbers the form allows.
    Range,
    /// The end comes before the start.
    Order,
    /// Fewer than [`MIN_TEAMS`] teams.
    Teams,
    /// The cup's games do not fit in its days and courts.
    Fit,
}

impl Problem {
    pub const ALL: [Problem; 6] = [
        Problem::Missing,
        Problem::Invalid,
        Problem::Range,
        Problem::Order,
        Problem::Teams,
        Problem::Fit,
    ];
}

impl form::Problem for Problem {
    fn code(self) -> String {
        match self {
            Problem::Missing => "missing",
            Problem::Invalid => "invalid",
            Problem::Range => "range",
            Problem::Order => "order",
            Problem::Teams => "teams",
            Problem::Fit => "fit",
        }
        .into()
    }

    fn from_code(code: &str) -> Option<Self> {
        Problem::ALL.into_iter().find(|p| p.code() == code)
    }
}

pub type FieldError = form::FieldError<Problem>;

/// A checked league form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeagueInput<D> {
    pub name: String,
    pub division: D,
    /// Home and away (the default) rather than once each.
    pub double: bool,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub teams: Vec<i32>,
}

/// A checked cup form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CupInput<D> {
    pub name: String,
    pub division: D,
    pub festival: Festival,
    pub festival_date: NaiveDate,
    pub big: bool,
    pub days: u32,
    pub courts: Vec<i32>,
    /// At most; the courts' own hours decide when.
    pub games_per_court: u32,
    pub per_day: u32,
    /// A straight knockout (byes for the top seeds) rather than groups then a knockout.
    pub knockout_only: bool,
    /// In seed order, best first.
    pub teams: Vec<i32>,
}

/// Big festivals get big cups ("大节大赛、小节小赛").
pub fn is_big(festival: Festival) -> bool {
    matches!(
        festival,
        Festival::SpringFestival | Festival::MidAutumn | Festival::NationalDay
    )
}

/// The festivals a cup can be for: those of this year still to come and all of next year,
/// their dates computed from the lunisolar calendar ([`festivals`]).
pub fn upcoming_festivals(today: NaiveDate) -> Vec<(Festival, NaiveDate)> {
    let mut list: Vec<_> = [today.year(), today.year() + 1]
        .into_iter()
        .flat_map(festivals::festivals)
        .filter(|(_, date)| *date >= today)
        .collect();
    list.sort_by_key(|(_, date)| *date);
    list
}

/// The form's value for a festival on its date: `code:YYYY-MM-DD`.
pub fn festival_value(festival: Festival, date: NaiveDate) -> String {
    format!("{}:{date}", festival.code())
}

/// A festival the form sent ([`festival_value`]), when that really is the festival's date.
pub fn festival_of(value: &str) -> Option<(Festival, NaiveDate)> {
    let (code, date) = value.split_once(':')?;
    let festival = Festival::from_code(code)?;
    let date: NaiveDate = date.parse().ok()?;
    (festival.date(date.year()) == Some(date)).then_some((festival, date))
}

/// Reads one form, collecting a problem per field at fault.
struct Reader<'f, 'a> {
    fields: &'f Fields<'a>,
    problems: Vec<FieldError>,
}

impl<'a> Reader<'_, 'a> {
    fn wrong(&mut self, field: &str, problem: Problem) {
        self.problems.push(FieldError::new(field, problem));
    }

    fn name(&mut self) -> Option<String> {
        match self.fields.get(fields::NAME) {
            None => self.wrong(fields::NAME, Problem::Missing),
            Some(name) if name.chars().count() > MAX_NAME_CHARS => {
                self.wrong(fields::NAME, Problem::Range)
            }
            Some(name) => return Some(name.to_owned()),
        }
        None
    }

    fn parsed<T: FromStr>(&mut self, field: &str) -> Option<T> {
        match self.fields.get(field).map(str::parse::<T>) {
            None => self.wrong(field, Problem::Missing),
            Some(Err(_)) => self.wrong(field, Problem::Invalid),
            Some(Ok(value)) => return Some(value),
        }
        None
    }

    fn number(&mut self, field: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
        let value = self.parsed::<u32>(field)?;
        if range.contains(&value) {
            Some(value)
        } else {
            self.wrong(field, Problem::Range);
            None
        }
    }

    /// The ids listed under a repeated field, each once, in order.
    fn ids(&self, field: &str) -> Vec<i32> {
        let mut ids: Vec<i32> = Vec::new();
        for id in self
            .fields
            .all(field)
            .into_iter()
            .filter_map(|v| v.trim().parse().ok())
        {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }

    fn teams(&mut self) -> Vec<i32> {
        let teams = self.ids(fields::TEAM);
        if teams.len() < MIN_TEAMS {
            self.wrong(fields::TEAM, Problem::Teams);
        }
        teams
    }

    fn done<T>(self, input: Option<T>) -> Result<T, Vec<FieldError>> {
        match input {
            Some(input) if self.problems.is_empty() => Ok(input),
            _ => Err(self.problems),
        }
    }
}

/// The league form: `name`, `division`, `format` (`single` / `double`, the default),
/// `starts_on`, `ends_on`, `team` (repeated, at least [`MIN_TEAMS`]).
pub fn parse_league<D: FromStr>(form: &Fields) -> Result<LeagueInput<D>, Vec<FieldError>> {
    let mut read = Reader {
        fields: form,
        problems: Vec::new(),
    };
    let name = read.name();
    let division = read.parsed::<D>(fields::DIVISION);
    let double = match form.get(fields::FORMAT) {
        Some("double") | None => true,
        Some("single") => false,
        Some(_) => {
            read.wrong(fields::FORMAT, Problem::Invalid);
            true
        }
    };
    let starts_on = read.parsed::<NaiveDate>(fields::STARTS_ON);
    let ends_on = read.parsed::<NaiveDate>(fields::ENDS_ON);
    if let (Some(from), Some(to)) = (starts_on, ends_on) {
        if to < from {
            read.wrong(fields::ENDS_ON, Problem::Order);
        } else if (to - from).num_days() > MAX_LEAGUE_DAYS {
            read.wrong(fields::ENDS_ON, Problem::Range);
        }
    }
    let teams = read.teams();
    let input = (|| {
        Some(LeagueInput {
            name: name?,
            division: division?,
            double,
            starts_on: starts_on?,
            ends_on: ends_on?,
            teams,
        })
    })();
    read.done(input)
}

/// The cup form: `name`, `division`, `festival` ([`festival_value`] of one of
/// [`upcoming_festivals`]), `days` (1–7), `court` (repeated), `games_per_court` (1–8),
/// `per_day` (1–4), `format` (`groups`, the default, or `knockout`), `team` (repeated) with
/// an optional `seed_<team id>` each (1 = best; unseeded teams keep the list's order, after
/// the seeded ones).
pub fn parse_cup<D: FromStr>(form: &Fields) -> Result<CupInput<D>, Vec<FieldError>> {
    let mut read = Reader {
        fields: form,
        problems: Vec::new(),
    };
    let name = read.name();
    let division = read.parsed::<D>(fields::DIVISION);
    let festival = form.get(fields::FESTIVAL).and_then(festival_of);
    if festival.is_none() {
        read.wrong(fields::FESTIVAL, Problem::Missing);
    }
    let days = read.number(fields::DAYS, 1..=7);
    let games_per_court = read.number(fields::GAMES_PER_COURT, 1..=8);
    let per_day = read.number(fields::PER_DAY, 1..=4);
    let courts = read.ids(fields::COURT);
    if courts.is_empty() {
        read.wrong(fields::COURT, Problem::Missing);
    }
    let listed = read.teams();
    let mut seeded: Vec<(u32, usize, i32)> = listed
        .iter()
        .enumerate()
        .map(|(position, &id)| {
            let seed = form
                .get(&format!("{}{id}", fields::SEED_PREFIX))
                .and_then(|s| s.parse::<u32>().ok())
                .unwrap_or(u32::MAX);
            (seed, position, id)
        })
        .collect();
    seeded.sort();
    let input = (|| {
        let (festival, festival_date) = festival?;
        Some(CupInput {
            name: name?,
            division: division?,
            festival,
            festival_date,
            big: is_big(festival),
            days: days?,
            courts,
            games_per_court: games_per_court?,
            per_day: per_day?,
            knockout_only: form.get(fields::FORMAT) == Some("knockout"),
            teams: seeded.into_iter().map(|(_, _, id)| id).collect(),
        })
    })();
    read.done(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{decode, encode};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A division type of the test's own: the domain only needs `FromStr`.
    #[derive(Debug, PartialEq, Eq)]
    struct Division(String);
    impl FromStr for Division {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, ()> {
            ["men", "women"]
                .contains(&s)
                .then(|| Division(s.to_owned()))
                .ok_or(())
        }
    }

    fn problems(errors: &[FieldError]) -> String {
        encode(errors)
    }

    #[test]
    fn a_league_is_read_with_its_teams_once_each() {
        let form = Fields::new([
            ("name", " 2027 春季联赛 "),
            ("division", "men"),
            ("format", "single"),
            ("starts_on", "2027-03-01"),
            ("ends_on", "2027-06-30"),
            ("team", "3"),
            ("team", "1"),
            ("team", "3"),
            ("team", "x"),
            ("team", "2"),
        ]);
        let league = parse_league::<Division>(&form).unwrap();
        assert_eq!(league.name, "2027 春季联赛");
        assert_eq!(league.division, Division("men".into()));
        assert!(!league.double);
        assert_eq!(
            (league.starts_on, league.ends_on),
            (date(2027, 3, 1), date(2027, 6, 30))
        );
        assert_eq!(league.teams, vec![3, 1, 2]);
    }

    #[test]
    fn a_league_names_every_field_at_fault() {
        let long_name = "长".repeat(MAX_NAME_CHARS + 1);
        let form = Fields::new([
            ("name", &*long_name),
            ("division", "kids"),
            ("format", "triple"),
            ("starts_on", "2027-06-30"),
            ("ends_on", "2027-03-01"),
            ("team", "1"),
        ]);
        let errors = parse_league::<Division>(&form).unwrap_err();
        assert_eq!(
            problems(&errors),
            "name.range,division.invalid,format.invalid,ends_on.order,team.teams"
        );
        let empty = parse_league::<Division>(&Fields::default()).unwrap_err();
        assert_eq!(
            problems(&empty),
            "name.missing,division.missing,starts_on.missing,ends_on.missing,team.teams"
        );
        let long = Fields::new([
            ("name", "x"),
            ("division", "men"),
            ("starts_on", "2027-01-01"),
            ("ends_on", "2028-01-03"),
            ("team", "1"),
            ("team", "2"),
            ("team", "3"),
        ]);
        assert_eq!(
            problems(&parse_league::<Division>(&long).unwrap_err()),
            "ends_on.range"
        );
    }

    #[test]
    fn a_cup_seeds_its_teams_and_knows_a_big_festival() {
        let (festival, day) = festivals::festivals(2027)
            .into_iter()
            .find(|(f, _)| *f == Festival::MidAutumn)
            .unwrap();
        let value = festival_value(festival, day);
        let form = Fields::new([
            ("name", "中秋杯"),
            ("division", "women"),
            ("festival", &*value),
            ("days", "2"),
            ("games_per_court", "3"),
            ("per_day", "2"),
            ("court", "7"),
            ("court", "7"),
            ("format", "knockout"),
            ("team", "10"),
            ("team", "11"),
            ("team", "12"),
            ("team", "13"),
            ("seed_12", "1"),
            ("seed_10", "2"),
        ]);
        let cup = parse_cup::<Division>(&form).unwrap();
        assert_eq!(
            (cup.festival, cup.festival_date, cup.big),
            (festival, day, true)
        );
        assert_eq!(cup.courts, vec![7]);
        assert!(cup.knockout_only);
        assert_eq!(cup.teams, vec![12, 10, 11, 13]);
    }

    #[test]
    fn a_cup_refuses_a_festival_on_the_wrong_day_and_numbers_out_of_range() {
        let (festival, day) = festivals::festivals(2027)[0];
        let wrong_day = festival_value(festival, day.succ_opt().unwrap());
        let form = Fields::new([
            ("name", "杯"),
            ("division", "men"),
            ("festival", &*wrong_day),
            ("days", "8"),
            ("games_per_court", "zero"),
            ("team", "1"),
            ("team", "2"),
            ("team", "3"),
        ]);
        let errors = parse_cup::<Division>(&form).unwrap_err();
        assert_eq!(
            problems(&errors),
            "festival.missing,days.range,games_per_court.invalid,per_day.missing,court.missing"
        );
        assert_eq!(decode::<Problem>(&problems(&errors)), errors);
    }

    #[test]
    fn the_festivals_to_come_start_today_and_run_through_next_year() {
        let today = date(2027, 9, 1);
        let list = upcoming_festivals(today);
        assert!(list.windows(2).all(|w| w[0].1 <= w[1].1));
        assert!(list.iter().all(|(_, d)| *d >= today));
        assert!(list.iter().any(|(_, d)| d.year() == 2028));
        for (festival, day) in &list {
            assert_eq!(
                festival_of(&festival_value(*festival, *day)),
                Some((*festival, *day))
            );
        }
        assert_eq!(festival_of("nonsense"), None);
        assert!(is_big(Festival::SpringFestival) && !is_big(Festival::DragonBoat));
    }
}
