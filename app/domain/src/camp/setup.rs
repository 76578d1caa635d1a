//! An organiser sets a camp up: its facts, its enrolment window, what happens to a freed
//! place, how long the data is kept, and its age groups — checked into field errors.
//!
//! The form is plain text fields (it works without JavaScript): `name`, `year`,
//! `starts_on`, `ends_on` (YYYY-MM-DD), `location`, `fee`, `opens_at`, `closes_at`
//! (Asia/Shanghai local time from `<input type=datetime-local>`: `YYYY-MM-DDTHH:MM`),
//! `policy` (`offer` / `confirm`), `offer_hours`, `keep_until` (a date), and for each group
//! row `i` (up to [`MAX_GROUPS`]) `g{i}_id` (an existing group, hidden), `g{i}_name`,
//! `g{i}_from`, `g{i}_to` (birth dates, both included), `g{i}_capacity`, `g{i}_order` and
//! `g{i}_remove` (a checkbox, existing groups only). A new row left empty is skipped.
//!
//! What needs the database (a capacity below the places already taken, removing a group
//! with children in it, a birth range that would leave an enrolled child out) is checked
//! where the rows are locked, in `app::db::camp`, and reported with the same problems.
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Group rows on one form.
pub const MAX_GROUPS: usize = 8;
/// Longest camp name and location (characters).
pub const MAX_TEXT: usize = 60;
/// Longest group name (characters).
pub const MAX_GROUP_NAME: usize = 30;
/// Places per group.
pub const MIN_CAPACITY: i32 = 1;
pub const MAX_CAPACITY: i32 = 500;
/// The fee in yuan.
pub const MAX_FEE: i32 = 100_000;
/// An offered place waits at most a week.
pub const MAX_OFFER_HOURS: i32 = 168;
/// Personal data is kept at most this many days after the camp's last day.
pub const MAX_KEEP_DAYS: i64 = 366;
/// A camp lasts at most this many days.
pub const MAX_CAMP_DAYS: i64 = 92;

/// What happens when a confirmed place frees up (stored as `offer` / `confirm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FreePlace {
    /// Offered to the next child until a deadline, then passed on.
    Offer,
    /// Given to the next child at once.
    Confirm,
}

impl FreePlace {
    pub fn code(self) -> &'static str {
        match self {
            FreePlace::Offer => "offer",
            FreePlace::Confirm => "confirm",
        }
    }

    pub fn parse(code: &str) -> Option<FreePlace> {
        match code {
            "offer" => Some(FreePlace::Offer),
            "confirm" => Some(FreePlace::Confirm),
            _ => None,
        }
    }
}

/// One checked age group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSetup {
    /// Its row on the form (field errors found later name `g{row}_…`).
    pub row: usize,
    /// `None`: a new group.
    pub id: Option<i32>,
    pub name: String,
    pub born_from: NaiveDate,
    pub born_to: NaiveDate,
    pub capacity: i32,
    pub sort_order: i32,
}

/// A checked set-up form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampSetup {
    pub name: String,
    pub year: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub location: String,
    pub fee_yuan: i32,
    /// Local time, Asia/Shanghai.
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub policy: FreePlace,
    /// How long an offer waits (hours); kept as typed (or 48) when places are confirmed.
    pub offer_hours: i32,
    pub keep_data_until: NaiveDate,
    /// The groups to keep or create, in form order.
    pub groups: Vec<GroupSetup>,
    /// Existing groups to remove: (row, id).
    pub removed: Vec<(usize, i32)>,
}

/// What is wrong with one field of the set-up form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Missing,
    TooLong,
    NotANumber,
    DateInvalid,
    TimeInvalid,
    /// A number outside its range (capacity 1–500, fee, hours, year).
    OutOfRange,
    /// An end before its start (camp dates, birth range).
    EndsBeforeStarts,
    /// The camp is longer than [`MAX_CAMP_DAYS`].
    TooLongCamp,
    /// The year is not the year the camp starts in.
    YearMismatch,
    ClosesBeforeOpens,
    /// Enrolment would still be open after the camp's last day.
    ClosesAfterCamp,
    UnknownPolicy,
    /// Data kept until before the camp ends.
    KeepTooShort,
    /// Data kept more than [`MAX_KEEP_DAYS`] after the camp.
    KeepTooLong,
    /// Two groups' birth ranges share a day.
    Overlap,
    /// Two groups with one name.
    Duplicate,
    /// No group left.
    NoGroups,
    /// A capacity below the places taken, or removing a group children are enrolled in.
    BelowTaken,
    /// The new birth range leaves out a child already enrolled in the group.
    ExcludesEnrolled,
}

impl Problem {
    pub const ALL: [Problem; 19] = [
        Problem::Missing,
        Problem::TooLong,
        Problem::NotANumber,
        Problem::DateInvalid,
        Problem::TimeInvalid,
        Problem::OutOfRange,
        Problem::EndsBeforeStarts,
        Problem::TooLongCamp,
        Problem::YearMismatch,
        Problem::ClosesBeforeOpens,
        Problem::ClosesAfterCamp,
        Problem::UnknownPolicy,
        Problem::KeepTooShort,
        Problem::KeepTooLong,
        Problem::Overlap,
        Problem::Duplicate,
        Problem::NoGroups,
        Problem::BelowTaken,
        Problem::ExcludesEnrolled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::TooLong => "too_long",
            Problem::NotANumber => "nan",
            Problem::DateInvalid => "date",
            Problem::TimeInvalid => "time",
            Problem::OutOfRange => "range",
            Problem::EndsBeforeStarts => "order",
            Problem::TooLongCamp => "days",
            Problem::YearMismatch => "year",
            Problem::ClosesBeforeOpens => "closes",
            Problem::ClosesAfterCamp => "late",
            Problem::UnknownPolicy => "policy",
            Problem::KeepTooShort => "keep_short",
            Problem::KeepTooLong => "keep_long",
            Problem::Overlap => "overlap",
            Problem::Duplicate => "duplicate",
            Problem::NoGroups => "no_groups",
            Problem::BelowTaken => "taken",
            Problem::ExcludesEnrolled => "excludes",
        }
    }

    pub fn from_code(code: &str) -> Option<Problem> {
        Problem::ALL.into_iter().find(|p| p.code() == code)
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

/// The camp's own fields (not the groups').
pub const CAMP_FIELDS: [&str; 11] = [
    "name",
    "year",
    "starts_on",
    "ends_on",
    "location",
    "fee",
    "opens_at",
    "closes_at",
    "policy",
    "offer_hours",
    "keep_until",
];

/// The parts of a group row's field names: `g{i}_{part}`.
pub const GROUP_PARTS: [&str; 7] = ["id", "name", "from", "to", "capacity", "order", "remove"];

/// Every field name the form has, for carrying what was typed back after an error.
pub fn field_names() -> Vec<String> {
    let mut names: Vec<String> = CAMP_FIELDS.iter().map(|n| (*n).to_owned()).collect();
    for i in 0..MAX_GROUPS {
        for part in GROUP_PARTS {
            names.push(format!("g{i}_{part}"));
        }
    }
    names
}

/// A local date and time from `<input type=datetime-local>` (`T` or a space between, with
/// or without seconds).
pub fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim().replacen(' ', "T", 1);
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(&text, format).ok())
}

/// The value a `datetime-local` input shows for a local time.
pub fn format_local(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

/// Two groups share a day of birth.
pub fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// The camp's days, first to last (empty when the dates are the wrong way round).
pub fn camp_days(starts_on: NaiveDate, ends_on: NaiveDate) -> Vec<NaiveDate> {
    starts_on
        .iter_days()
        .take_while(|day| *day <= ends_on)
        .collect()
}

/// Checks the form.
pub fn parse<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<CampSetup, Vec<FieldError>> {
    let fields: Vec<(&str, &str)> = fields.into_iter().collect();
    let get = |name: &str| {
        fields
            .iter()
            .rev()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.trim())
            .unwrap_or("")
    };
    let mut errors: Vec<FieldError> = Vec::new();
    let mut fail = |field: &str, problem| {
        errors.push(FieldError {
            field: field.to_owned(),
            problem,
        })
    };
    let name = text(get("name"), MAX_TEXT)
        .map_err(|p| fail("name", p))
        .ok();
    let year = number(get("year"), 2000, 2100)
        .map_err(|p| fail("year", p))
        .ok();
    let starts_on = date(get("starts_on"))
        .map_err(|p| fail("starts_on", p))
        .ok();
    let ends_on = date(get("ends_on")).map_err(|p| fail("ends_on", p)).ok();
    let location = text(get("location"), MAX_TEXT)
        .map_err(|p| fail("location", p))
        .ok();
    let fee = number(get("fee"), 0, MAX_FEE)
        .map_err(|p| fail("fee", p))
        .ok();
    let opens_at = local(get("opens_at")).map_err(|p| fail("opens_at", p)).ok();
    let closes_at = local(get("closes_at"))
        .map_err(|p| fail("closes_at", p))
        .ok();
    let policy = match get("policy") {
        "" => {
            fail("policy", Problem::Missing);
            None
        }
        code => FreePlace::parse(code).or_else(|| {
            fail("policy", Problem::UnknownPolicy);
            None
        }),
    };
    let offer_hours = match (policy, get("offer_hours")) {
        // Not used while places are given at once: a blank keeps the usual two days.
        (Some(FreePlace::Confirm), "") => Some(48),
        (_, hours) => number(hours, 1, MAX_OFFER_HOURS)
            .map_err(|p| fail("offer_hours", p))
            .ok(),
    };
    let keep_until = date(get("keep_until"))
        .map_err(|p| fail("keep_until", p))
        .ok();
    if let (Some(starts), Some(ends)) = (starts_on, ends_on) {
        if ends < starts {
            fail("ends_on", Problem::EndsBeforeStarts);
        } else if (ends - starts).num_days() + 1 > MAX_CAMP_DAYS {
            fail("ends_on", Problem::TooLongCamp);
        }
    }
    if let (Some(year), Some(starts)) = (year, starts_on) {
        if year != starts.year() {
            fail("year", Problem::YearMismatch);
        }
    }
    if let (Some(opens), Some(closes)) = (opens_at, closes_at) {
        if closes <= opens {
            fail("closes_at", Problem::ClosesBeforeOpens);
        } else if ends_on.is_some_and(|ends| closes.date() > ends) {
            fail("closes_at", Problem::ClosesAfterCamp);
        }
    }
    if let (Some(ends), Some(keep)) = (ends_on, keep_until) {
        if keep < ends {
            fail("keep_until", Problem::KeepTooShort);
        } else if (keep - ends).num_days() > MAX_KEEP_DAYS {
            fail("keep_until", Problem::KeepTooLong);
        }
    }
    let (groups, removed, group_errors) = parse_groups(&get, &mut fail);
    if groups.is_empty() && !group_errors {
        fail("groups", Problem::NoGroups);
    }
    match (
        name,
        year,
        starts_on,
        ends_on,
        location,
        fee,
        opens_at,
        closes_at,
        policy,
        offer_hours,
        keep_until,
    ) {
        (
            Some(name),
            Some(year),
            Some(starts_on),
            Some(ends_on),
            Some(location),
            Some(fee_yuan),
            Some(opens_at),
            Some(closes_at),
            Some(policy),
            Some(offer_hours),
            Some(keep_data_until),
        ) if errors.is_empty() => Ok(CampSetup {
            name,
            year,
            starts_on,
            ends_on,
            location,
            fee_yuan,
            opens_at,
            closes_at,
            policy,
            offer_hours,
            keep_data_until,
            groups,
            removed,
        }),
        _ => Err(errors),
    }
}

type Removed = Vec<(usize, i32)>;

/// The group rows: those kept or new, those removed, and whether any row had an error.
fn parse_groups<'a>(
    get: &impl Fn(&str) -> &'a str,
    report: &mut impl FnMut(&str, Problem),
) -> (Vec<GroupSetup>, Removed, bool) {
    let mut any_error = false;
    let mut fail = |field: &str, problem| {
        any_error = true;
        report(field, problem);
    };
    let mut groups: Vec<GroupSetup> = Vec::new();
    let mut removed = Vec::new();
    for i in 0..MAX_GROUPS {
        let field = |part: &str| format!("g{i}_{part}");
        let id = get(&field("id")).parse::<i32>().ok();
        let typed = ["name", "from", "to", "capacity"]
            .iter()
            .any(|part| !get(&field(part)).is_empty());
        if let Some(id) = id {
            if matches!(get(&field("remove")), "on" | "yes" | "1" | "true") {
                removed.push((i, id));
                continue;
            }
        } else if !typed {
            continue;
        }
        let mut ok = true;
        let mut check = |part: &str, result: Result<(), Problem>| {
            if let Err(problem) = result {
                fail(&field(part), problem);
                ok = false;
            }
        };
        let name = text(get(&field("name")), MAX_GROUP_NAME);
        let from = date(get(&field("from")));
        let to = date(get(&field("to")));
        let capacity = number(get(&field("capacity")), MIN_CAPACITY, MAX_CAPACITY);
        let order = match get(&field("order")) {
            "" => Ok(i as i32 + 1),
            text => number(text, 0, 99),
        };
        check("name", name.as_ref().map(|_| ()).map_err(|p| *p));
        check("from", from.map(|_| ()));
        check("to", to.map(|_| ()));
        check("capacity", capacity.map(|_| ()));
        check("order", order.map(|_| ()));
        let (Ok(name), Ok(from), Ok(to), Ok(capacity), Ok(order)) =
            (name, from, to, capacity, order)
        else {
            continue;
        };
        if to < from {
            fail(&field("to"), Problem::EndsBeforeStarts);
            continue;
        }
        if groups.iter().any(|g| g.name == name) {
            fail(&field("name"), Problem::Duplicate);
            ok = false;
        }
        if groups
            .iter()
            .any(|g| overlaps((g.born_from, g.born_to), (from, to)))
        {
            fail(&field("from"), Problem::Overlap);
            ok = false;
        }
        if ok {
            groups.push(GroupSetup {
                row: i,
                id,
                name,
                born_from: from,
                born_to: to,
                capacity,
                sort_order: order,
            });
        }
    }
    (groups, removed, any_error)
}

fn text(value: &str, max: usize) -> Result<String, Problem> {
    if value.is_empty() {
        Err(Problem::Missing)
    } else if value.chars().count() > max {
        Err(Problem::TooLong)
    } else {
        Ok(value.to_owned())
    }
}

fn number(value: &str, min: i32, max: i32) -> Result<i32, Problem> {
    if value.is_empty() {
        return Err(Problem::Missing);
    }
    let number = value.parse::<i64>().map_err(|_| Problem::NotANumber)?;
    if number < i64::from(min) || number > i64::from(max) {
        Err(Problem::OutOfRange)
    } else {
        Ok(number as i32)
    }
}

fn date(value: &str) -> Result<NaiveDate, Problem> {
    if value.is_empty() {
        Err(Problem::Missing)
    } else {
        NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| Problem::DateInvalid)
    }
}

fn local(value: &str) -> Result<NaiveDateTime, Problem> {
    if value.is_empty() {
        Err(Problem::Missing)
    } else {
        parse_local(value).ok_or(Problem::TimeInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn form(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
        let mut fields = vec![
            ("name", "暑期篮球训练营"),
            ("year", "2027"),
            ("starts_on", "2027-07-12"),
            ("ends_on", "2027-08-06"),
            ("location", "灯光球场"),
            ("fee", "200"),
            ("opens_at", "2027-05-01T08:00"),
            ("closes_at", "2027-06-30T20:00"),
            ("policy", "offer"),
            ("offer_hours", "48"),
            ("keep_until", "2027-12-31"),
            ("g0_name", "小班"),
            ("g0_from", "2018-09-01"),
            ("g0_to", "2020-08-31"),
            ("g0_capacity", "40"),
            ("g0_order", "1"),
            ("g1_name", "中班"),
            ("g1_from", "2015-09-01"),
            ("g1_to", "2018-08-31"),
            ("g1_capacity", "40"),
            ("g1_order", ""),
        ];
        for (name, value) in changes {
            fields.retain(|(key, _)| key != name);
            fields.push((name, value));
        }
        fields
    }

    fn problems(fields: Vec<(&str, &str)>) -> Vec<(String, Problem)> {
        parse(fields)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_good_form() {
        let setup = parse(form(&[])).unwrap();
        assert_eq!(setup.name, "暑期篮球训练营");
        assert_eq!(setup.starts_on, day("2027-07-12"));
        assert_eq!(setup.opens_at, parse_local("2027-05-01 08:00").unwrap());
        assert_eq!(setup.policy, FreePlace::Offer);
        assert_eq!(setup.groups.len(), 2);
        assert_eq!(setup.groups[1].sort_order, 2, "a blank order is the row's");
        assert_eq!(setup.groups[0].id, None);
        assert!(setup.removed.is_empty());
    }

    #[test]
    fn dates_must_be_in_order_and_enrolment_must_close_after_it_opens() {
        assert_eq!(
            problems(form(&[("ends_on", "2027-07-11")])),
            vec![("ends_on".into(), Problem::EndsBeforeStarts)]
        );
        assert_eq!(
            problems(form(&[("closes_at", "2027-05-01T08:00")])),
            vec![("closes_at".into(), Problem::ClosesBeforeOpens)]
        );
        assert_eq!(
            problems(form(&[("closes_at", "2027-08-07T09:00")])),
            vec![("closes_at".into(), Problem::ClosesAfterCamp)]
        );
        assert_eq!(
            problems(form(&[("ends_on", "2027-10-31")])),
            vec![("ends_on".into(), Problem::TooLongCamp)]
        );
        assert_eq!(
            problems(form(&[("year", "2026")])),
            vec![("year".into(), Problem::YearMismatch)]
        );
    }

    #[test]
    fn data_is_kept_after_the_camp_but_not_for_long() {
        assert_eq!(
            problems(form(&[("keep_until", "2027-08-05")])),
            vec![("keep_until".into(), Problem::KeepTooShort)]
        );
        assert_eq!(
            problems(form(&[("keep_until", "2028-08-07")])),
            vec![("keep_until".into(), Problem::KeepTooLong)]
        );
        assert!(parse(form(&[("keep_until", "2027-08-06")])).is_ok());
    }

    #[test]
    fn capacity_is_one_to_five_hundred() {
        for (value, problem) in [
            ("0", Some(Problem::OutOfRange)),
            ("1", None),
            ("500", None),
            ("501", Some(Problem::OutOfRange)),
            ("十", Some(Problem::NotANumber)),
            ("", Some(Problem::Missing)),
        ] {
            let result = parse(form(&[("g0_capacity", value)]));
            match problem {
                None => assert_eq!(
                    result.unwrap().groups[0].capacity,
                    value.parse::<i32>().unwrap()
                ),
                Some(problem) => assert_eq!(
                    problems(form(&[("g0_capacity", value)])),
                    vec![("g0_capacity".into(), problem)],
                    "{value}"
                ),
            }
        }
    }

    #[test]
    fn birth_ranges_must_not_overlap_or_run_backwards() {
        assert_eq!(
            problems(form(&[("g1_to", "2018-09-01")])),
            vec![("g1_from".into(), Problem::Overlap)]
        );
        assert_eq!(
            problems(form(&[("g1_to", "2014-01-01")])),
            vec![("g1_to".into(), Problem::EndsBeforeStarts)]
        );
        // Sharing one day is an overlap; 31 August then 1 September is not.
        assert!(overlaps(
            (day("2018-09-01"), day("2020-08-31")),
            (day("2020-08-31"), day("2021-01-01"))
        ));
        assert!(!overlaps(
            (day("2018-09-01"), day("2020-08-31")),
            (day("2020-09-01"), day("2021-01-01"))
        ));
        assert_eq!(
            problems(form(&[("g1_name", "小班")])),
            vec![("g1_name".into(), Problem::Duplicate)]
        );
    }

    #[test]
    fn every_field_says_what_is_wrong() {
        let fields = vec![
            ("year", "abc"),
            ("starts_on", "2027-02-30"),
            ("fee", "-1"),
            ("opens_at", "tomorrow"),
            ("policy", "lottery"),
            ("offer_hours", "169"),
            ("g0_name", "小班"),
            ("g0_capacity", "10"),
        ];
        assert_eq!(
            problems(fields),
            vec![
                ("name".into(), Problem::Missing),
                ("year".into(), Problem::NotANumber),
                ("starts_on".into(), Problem::DateInvalid),
                ("ends_on".into(), Problem::Missing),
                ("location".into(), Problem::Missing),
                ("fee".into(), Problem::OutOfRange),
                ("opens_at".into(), Problem::TimeInvalid),
                ("closes_at".into(), Problem::Missing),
                ("policy".into(), Problem::UnknownPolicy),
                ("offer_hours".into(), Problem::OutOfRange),
                ("keep_until".into(), Problem::Missing),
                ("g0_from".into(), Problem::Missing),
                ("g0_to".into(), Problem::Missing),
            ]
        );
    }

    #[test]
    fn a_camp_needs_a_group_and_existing_groups_can_be_removed() {
        let mut fields: Vec<(&str, &str)> = form(&[])
            .into_iter()
            .filter(|(k, _)| !k.starts_with('g'))
            .collect();
        assert_eq!(
            problems(fields.clone()),
            vec![("groups".into(), Problem::NoGroups)]
        );
        fields.extend([
            ("g0_id", "7"),
            ("g0_name", "小班"),
            ("g0_remove", "on"),
            ("g1_id", "8"),
            ("g1_name", "中班"),
            ("g1_from", "2015-09-01"),
            ("g1_to", "2018-08-31"),
            ("g1_capacity", "45"),
        ]);
        let setup = parse(fields).unwrap();
        assert_eq!(setup.removed, vec![(0, 7)]);
        assert_eq!(setup.groups.len(), 1);
        assert_eq!(setup.groups[0].id, Some(8));
        assert_eq!(setup.groups[0].row, 1);
    }

    #[test]
    fn confirming_at_once_needs_no_offer_hours() {
        let setup = parse(form(&[("policy", "confirm"), ("offer_hours", "")])).unwrap();
        assert_eq!(setup.policy, FreePlace::Confirm);
        assert_eq!(setup.offer_hours, 48);
        assert_eq!(
            problems(form(&[("offer_hours", "")])),
            vec![("offer_hours".into(), Problem::Missing)]
        );
    }

    #[test]
    fn local_times_camp_days_and_codes() {
        let at = parse_local("2027-05-01T08:00:30").unwrap();
        assert_eq!(format_local(at), "2027-05-01T08:00");
        assert!(parse_local("2027-05-01").is_none());
        assert_eq!(
            camp_days(day("2027-07-30"), day("2027-08-02")),
            vec![
                day("2027-07-30"),
                day("2027-07-31"),
                day("2027-08-01"),
                day("2027-08-02")
            ]
        );
        assert!(camp_days(day("2027-08-02"), day("2027-08-01")).is_empty());
        for problem in Problem::ALL {
            assert_eq!(Problem::from_code(problem.code()), Some(problem));
        }
        assert_eq!(field_names().len(), CAMP_FIELDS.len() + 7 * MAX_GROUPS);
    }
}
