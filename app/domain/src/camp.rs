//! The summer camp's pure rules: which age band a child falls in, masking mobile numbers,
//! reference codes, and checking the enrolment form into field errors.
//!
//! The enrolment form sends plain text fields (it works without JavaScript): the guardian's
//! `guardian_name`, `guardian_phone`, `consent`, and for each child `i` (0-based, up to
//! [`MAX_CHILDREN`]) `c{i}_name`, `c{i}_birth` (YYYY-MM-DD), `c{i}_gender` (`m`/`f`),
//! `c{i}_group` (a villager group id, optional) and `c{i}_medical` (optional). A child row
//! left entirely empty is skipped; the first one is required.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod setup;

/// How many children one form can enrol at once.
pub const MAX_CHILDREN: usize = 4;
/// Longest name (characters).
pub const MAX_NAME: usize = 30;
/// Longest medical note (characters).
pub const MAX_MEDICAL: usize = 300;

/// One age band: children born from `born_from` to `born_to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeBand {
    pub id: i32,
    pub born_from: NaiveDate,
    pub born_to: NaiveDate,
}

/// The band a child born on `birth` belongs to (the first that fits).
pub fn band_for(birth: NaiveDate, bands: &[AgeBand]) -> Option<i32> {
    bands
        .iter()
        .find(|band| band.born_from <= birth && birth <= band.born_to)
        .map(|band| band.id)
}

pub use crate::phone::mask as mask_phone;

pub use crate::reference::{reference_code, CODE_LEN};

/// Recognises the same child typed twice: the name without spaces, lower-cased, and the
/// birth date.
pub fn child_key(name: &str, birth: NaiveDate) -> String {
    let name: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    format!("{name}|{birth}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "m",
            Gender::Female => "f",
        }
    }

    pub fn parse(code: &str) -> Option<Gender> {
        match code {
            "m" => Some(Gender::Male),
            "f" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// One checked child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildInput {
    pub name: String,
    pub birth: NaiveDate,
    pub gender: Gender,
    pub villager_group_id: Option<i32>,
    pub medical: String,
    /// The age band chosen from the birth date.
    pub band_id: i32,
}

/// A checked enrolment form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentInput {
    pub guardian_name: String,
    pub guardian_phone: String,
    pub children: Vec<ChildInput>,
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Missing,
    TooLong,
    PhoneInvalid,
    DateInvalid,
    /// Born outside every age band of the camp.
    NoAgeBand,
    UnknownGender,
    UnknownGroup,
    ConsentMissing,
    /// The same child twice in one form (or already enrolled).
    Duplicate,
}

impl Problem {
    pub const ALL: [Problem; 9] = [
        Problem::Missing,
        Problem::TooLong,
        Problem::PhoneInvalid,
        Problem::DateInvalid,
        Problem::NoAgeBand,
        Problem::UnknownGender,
        Problem::UnknownGroup,
        Problem::ConsentMissing,
        Problem::Duplicate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::TooLong => "too_long",
            Problem::PhoneInvalid => "phone",
            Problem::DateInvalid => "date",
            Problem::NoAgeBand => "age",
            Problem::UnknownGender => "gender",
            Problem::UnknownGroup => "group",
            Problem::ConsentMissing => "consent",
            Problem::Duplicate => "duplicate",
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

/// The field `part` (`name`, `birth`, `gender`, `group`, `medical`) of the form's `i`th
/// child.
pub fn child_field(i: usize, part: &str) -> String {
    format!("c{i}_{part}")
}

/// Every field name the form has, for carrying what was typed back after an error.
pub fn field_names() -> Vec<String> {
    let mut names = vec!["guardian_name".to_owned(), "guardian_phone".to_owned()];
    for i in 0..MAX_CHILDREN {
        for part in ["name", "birth", "gender", "group", "medical"] {
            names.push(child_field(i, part));
        }
    }
    names
}

/// The children (by their row in the form) who are enrolled already, as the form's errors.
pub fn already_enrolled(rows: impl IntoIterator<Item = usize>) -> Vec<FieldError> {
    rows.into_iter()
        .map(|i| FieldError::new(child_field(i, "name"), Problem::Duplicate))
        .collect()
}

/// Checks the form. `groups` are the villager group ids the form offers.
pub fn parse<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
    bands: &[AgeBand],
    groups: &[i32],
) -> Result<EnrolmentInput, Vec<FieldError>> {
    let fields: Vec<(&str, &str)> = fields.into_iter().collect();
    let get = |name: &str| {
        fields
            .iter()
            .rev()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.trim())
            .unwrap_or("")
    };
    let mut errors = Vec::new();
    let mut fail = |field: &str, problem| {
        errors.push(FieldError {
            field: field.to_owned(),
            problem,
        })
    };
    let (guardian_name, phone) = guardian(&get, &mut fail, true);
    if !matches!(get("consent"), "on" | "yes" | "1" | "true") {
        fail("consent", Problem::ConsentMissing);
    }
    let mut children = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for i in 0..MAX_CHILDREN {
        let field = |part: &str| child_field(i, part);
        let name = get(&field("name"));
        let birth = get(&field("birth"));
        let gender = get(&field("gender"));
        let group = get(&field("group"));
        let medical = get(&field("medical"));
        if i > 0 && [name, birth, gender, medical].iter().all(|v| v.is_empty()) {
            continue;
        }
        let mut ok = true;
        if name.is_empty() {
            fail(&field("name"), Problem::Missing);
            ok = false;
        } else if name.chars().count() > MAX_NAME {
            fail(&field("name"), Problem::TooLong);
            ok = false;
        }
        let birth_date = if birth.is_empty() {
            fail(&field("birth"), Problem::Missing);
            None
        } else {
            match NaiveDate::parse_from_str(birth, "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    fail(&field("birth"), Problem::DateInvalid);
                    None
                }
            }
        };
        let band = birth_date.and_then(|date| {
            let band = band_for(date, bands);
            if band.is_none() {
                fail(&field("birth"), Problem::NoAgeBand);
            }
            band
        });
        let gender = if gender.is_empty() {
            fail(&field("gender"), Problem::Missing);
            None
        } else {
            let parsed = Gender::parse(gender);
            if parsed.is_none() {
                fail(&field("gender"), Problem::UnknownGender);
            }
            parsed
        };
        let group = if group.is_empty() {
            None
        } else {
            match group.parse::<i32>().ok().filter(|id| groups.contains(id)) {
                Some(id) => Some(id),
                None => {
                    fail(&field("group"), Problem::UnknownGroup);
                    ok = false;
                    None
                }
            }
        };
        if medical.chars().count() > MAX_MEDICAL {
            fail(&field("medical"), Problem::TooLong);
            ok = false;
        }
        if let (true, Some(birth), Some(gender), Some(band_id)) = (ok, birth_date, gender, band) {
            let key = child_key(name, birth);
            if keys.contains(&key) {
                fail(&field("name"), Problem::Duplicate);
                continue;
            }
            keys.push(key);
            children.push(ChildInput {
                name: name.to_owned(),
                birth,
                gender,
                villager_group_id: group,
                medical: medical.to_owned(),
                band_id,
            });
        }
    }
    if errors.is_empty() {
        Ok(EnrolmentInput {
            guardian_name,
            guardian_phone: phone,
            children,
        })
    } else {
        Err(errors)
    }
}

/// The guardian's name and mobile number (spaces and dashes dropped), checked; a blank
/// number is an error only when `phone_required`.
fn guardian<'a>(
    get: &impl Fn(&str) -> &'a str,
    fail: &mut impl FnMut(&str, Problem),
    phone_required: bool,
) -> (String, String) {
    let name = get("guardian_name");
    if name.is_empty() {
        fail("guardian_name", Problem::Missing);
    } else if name.chars().count() > MAX_NAME {
        fail("guardian_name", Problem::TooLong);
    }
    let typed = get("guardian_phone");
    let phone = crate::phone::normalise(typed);
    if typed.is_empty() {
        if phone_required {
            fail("guardian_phone", Problem::Missing);
        }
    } else if phone.is_none() {
        fail("guardian_phone", Problem::PhoneInvalid);
    }
    (name.to_owned(), phone.unwrap_or_default())
}

/// What a guardian may change by the private link: the contact details and each child's
/// medical notes. Not a child's name or birth date: those decide the age group and the
/// place in the queue (to change them: cancel and enrol again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdUpdate {
    pub guardian_name: String,
    /// A new mobile number; `None` keeps the one given when enrolling (the page shows it
    /// masked and does not fill it in).
    pub guardian_phone: Option<String>,
    /// (enrolment id, medical notes).
    pub medical: Vec<(i32, String)>,
}

/// The update form's field for one child's medical notes.
pub fn medical_field(enrolment_id: i32) -> String {
    format!("m{enrolment_id}")
}

/// Checks the guardian's update form; `children` are the enrolments it may change (the
/// household's own, not cancelled). A child whose field is absent keeps its notes.
pub fn parse_update<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
    children: &[i32],
) -> Result<HouseholdUpdate, Vec<FieldError>> {
    let fields: Vec<(&str, &str)> = fields.into_iter().collect();
    let get = |name: &str| {
        fields
            .iter()
            .rev()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.trim())
            .unwrap_or("")
    };
    let mut errors = Vec::new();
    let mut fail = |field: &str, problem| {
        errors.push(FieldError {
            field: field.to_owned(),
            problem,
        })
    };
    let (guardian_name, phone) = guardian(&get, &mut fail, false);
    let guardian_phone = (!phone.is_empty()).then_some(phone);
    let mut medical = Vec::new();
    for &id in children {
        let name = medical_field(id);
        if !fields.iter().any(|(key, _)| *key == name) {
            continue;
        }
        let notes = get(&name);
        if notes.chars().count() > MAX_MEDICAL {
            fail(&name, Problem::TooLong);
        } else {
            medical.push((id, notes.to_owned()));
        }
    }
    if errors.is_empty() {
        Ok(HouseholdUpdate {
            guardian_name,
            guardian_phone,
            medical,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn bands() -> Vec<AgeBand> {
        vec![
            AgeBand {
                id: 1,
                born_from: date("2018-09-01"),
                born_to: date("2020-08-31"),
            },
            AgeBand {
                id: 2,
                born_from: date("2015-09-01"),
                born_to: date("2018-08-31"),
            },
        ]
    }

    #[test]
    fn the_age_band_follows_the_birth_date_inclusive() {
        assert_eq!(band_for(date("2018-09-01"), &bands()), Some(1));
        assert_eq!(band_for(date("2020-08-31"), &bands()), Some(1));
        assert_eq!(band_for(date("2018-08-31"), &bands()), Some(2));
        assert_eq!(band_for(date("2015-08-31"), &bands()), None);
        assert_eq!(band_for(date("2021-01-01"), &bands()), None);
    }

    #[test]
    fn masks_mobile_numbers() {
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone("12345"), "****");
        assert_eq!(mask_phone("1380013800a"), "****");
    }

    #[test]
    fn the_same_child_is_recognised_despite_spaces() {
        let birth = date("2019-03-04");
        assert_eq!(child_key("王 小明", birth), child_key(" 王小明", birth));
        assert_ne!(
            child_key("王小明", birth),
            child_key("王小明", date("2019-03-05"))
        );
    }

    fn form(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
        let mut fields = vec![
            ("guardian_name", "王芳"),
            ("guardian_phone", "138 0013 8000"),
            ("consent", "on"),
            ("c0_name", "王小明"),
            ("c0_birth", "2019-03-04"),
            ("c0_gender", "m"),
            ("c0_group", "7"),
            ("c0_medical", ""),
        ];
        fields.extend_from_slice(extra);
        fields
    }

    #[test]
    fn a_good_form_with_two_children() {
        let input = parse(
            form(&[
                ("c1_name", "王小红"),
                ("c1_birth", "2016-05-06"),
                ("c1_gender", "f"),
            ]),
            &bands(),
            &[7],
        )
        .unwrap();
        assert_eq!(input.guardian_phone, "13800138000");
        assert_eq!(input.children.len(), 2);
        assert_eq!(input.children[0].band_id, 1);
        assert_eq!(input.children[0].villager_group_id, Some(7));
        assert_eq!(input.children[1].band_id, 2);
        assert_eq!(input.children[1].gender, Gender::Female);
    }

    fn problems(result: Result<EnrolmentInput, Vec<FieldError>>) -> Vec<(String, Problem)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|error| (error.field, error.problem))
            .collect()
    }

    #[test]
    fn every_field_says_what_is_wrong() {
        let fields = vec![
            ("guardian_phone", "12345"),
            ("c0_birth", "2019-13-40"),
            ("c0_gender", "x"),
            ("c0_group", "99"),
            ("c1_name", "李四"),
            ("c1_birth", "2010-01-01"),
            ("c1_gender", "m"),
        ];
        assert_eq!(
            problems(parse(fields, &bands(), &[7])),
            vec![
                ("guardian_name".into(), Problem::Missing),
                ("guardian_phone".into(), Problem::PhoneInvalid),
                ("consent".into(), Problem::ConsentMissing),
                ("c0_name".into(), Problem::Missing),
                ("c0_birth".into(), Problem::DateInvalid),
                ("c0_gender".into(), Problem::UnknownGender),
                ("c0_group".into(), Problem::UnknownGroup),
                ("c1_birth".into(), Problem::NoAgeBand),
            ]
        );
    }

    #[test]
    fn the_same_child_twice_in_one_form_is_refused() {
        let result = parse(
            form(&[
                ("c1_name", "王 小明"),
                ("c1_birth", "2019-03-04"),
                ("c1_gender", "m"),
            ]),
            &bands(),
            &[7],
        );
        assert_eq!(
            problems(result),
            vec![("c1_name".into(), Problem::Duplicate)]
        );
    }

    #[test]
    fn long_text_is_refused_and_codes_round_trip() {
        let long = "长".repeat(MAX_MEDICAL + 1);
        let mut fields: Vec<(&str, &str)> = form(&[]);
        fields.push(("c0_medical", &long));
        assert_eq!(
            problems(parse(fields, &bands(), &[7])),
            vec![("c0_medical".into(), Problem::TooLong)]
        );
        for problem in Problem::ALL {
            assert_eq!(Problem::from_code(problem.code()), Some(problem));
        }
        assert_eq!(field_names().len(), 2 + 5 * MAX_CHILDREN);
    }

    #[test]
    fn a_guardian_updates_contact_details_and_medical_notes() {
        let update = parse_update(
            [
                ("guardian_name", " 王芳 "),
                ("guardian_phone", "139-0013-9000"),
                ("m5", "花生过敏"),
                ("m6", ""),
                ("m99", "not theirs"),
            ],
            &[5, 6, 7],
        )
        .unwrap();
        assert_eq!(update.guardian_name, "王芳");
        assert_eq!(update.guardian_phone.as_deref(), Some("13900139000"));
        assert_eq!(
            update.medical,
            vec![(5, "花生过敏".to_owned()), (6, String::new())],
            "child 7 kept its notes; 99 is not this household's"
        );
        let keep = parse_update([("guardian_name", "王芳"), ("guardian_phone", " ")], &[5]);
        assert_eq!(
            keep.unwrap().guardian_phone,
            None,
            "a blank number keeps the old one"
        );
        let long = "长".repeat(MAX_MEDICAL + 1);
        let errors = parse_update(
            [
                ("guardian_name", ""),
                ("guardian_phone", "12345"),
                ("m5", long.as_str()),
            ],
            &[5],
        )
        .unwrap_err();
        let found: Vec<(&str, Problem)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            found,
            vec![
                ("guardian_name", Problem::Missing),
                ("guardian_phone", Problem::PhoneInvalid),
                ("m5", Problem::TooLong),
            ]
        );
    }
}
