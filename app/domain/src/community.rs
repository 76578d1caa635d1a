//! The community's forms, checked: a notice (公告), a resident's request (诉求) and an
//! organiser's answer to it. What only the database knows (whether a villager group
//! exists) is checked there, and reported with the same [`Problem`]s.
use chrono::NaiveDate;

use crate::form;
use crate::image::ImageProblem;

/// Limits on what a form may carry, in characters.
pub const TITLE_MAX: usize = 80;
pub const BODY_MAX: usize = 2000;
pub const TOPIC_MAX: usize = 80;

/// What is wrong with a field of a community form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Missing,
    TooLong,
    /// Not a date as `YYYY-MM-DD`.
    DateInvalid,
    /// A notice that would stop showing before it is posted.
    ExpiryPast,
    /// Not one of the villager groups.
    UnknownGroup,
    /// Not a mainland mobile number.
    PhoneInvalid,
    /// The picture attached to a notice.
    Image(ImageProblem),
}

impl Problem {
    pub const ALL: [Problem; 9] = [
        Problem::Missing,
        Problem::TooLong,
        Problem::DateInvalid,
        Problem::ExpiryPast,
        Problem::UnknownGroup,
        Problem::PhoneInvalid,
        Problem::Image(ImageProblem::NotAccepted),
        Problem::Image(ImageProblem::TooLarge),
        Problem::Image(ImageProblem::Unreadable),
    ];
}

impl form::Problem for Problem {
    fn code(self) -> String {
        match self {
            Problem::Missing => "missing",
            Problem::TooLong => "too_long",
            Problem::DateInvalid => "date_invalid",
            Problem::ExpiryPast => "expiry_past",
            Problem::UnknownGroup => "unknown_group",
            Problem::PhoneInvalid => "phone_invalid",
            Problem::Image(ImageProblem::NotAccepted) => "image_type",
            Problem::Image(ImageProblem::TooLarge) => "image_too_large",
            Problem::Image(ImageProblem::Unreadable) => "image_unreadable",
        }
        .into()
    }

    fn from_code(code: &str) -> Option<Self> {
        Problem::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A field of a community form and its problem.
pub type FieldError = form::FieldError<Problem>;

/// A text field that must be given and may be `max` characters long (spaces around it do
/// not count).
pub fn check_text(errors: &mut Vec<FieldError>, field: &str, text: &str, max: usize) {
    let text = text.trim();
    if text.is_empty() {
        errors.push(FieldError::new(field, Problem::Missing));
    } else if text.chars().count() > max {
        errors.push(FieldError::new(field, Problem::TooLong));
    }
}

/// A notice's last day as typed: empty is none, else `YYYY-MM-DD`.
pub fn parse_expiry(text: &str) -> Result<Option<NaiveDate>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| Problem::DateInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Problem as _;

    #[test]
    fn every_problem_reads_back_from_its_code() {
        for problem in Problem::ALL {
            assert_eq!(Problem::from_code(&problem.code()), Some(problem));
        }
        assert_eq!(Problem::from_code("FieldMissing"), None);
    }

    #[test]
    fn a_text_is_missing_blank_and_too_long_past_its_limit_in_characters() {
        let mut errors = Vec::new();
        check_text(&mut errors, "title", "  ", 5);
        check_text(&mut errors, "body", "村BA村BA村", 5);
        check_text(&mut errors, "topic", " 村BA村B ", 5);
        assert_eq!(
            errors,
            vec![
                FieldError::new("title", Problem::Missing),
                FieldError::new("body", Problem::TooLong),
            ]
        );
    }

    #[test]
    fn an_expiry_is_a_day_or_nothing() {
        assert_eq!(parse_expiry(" "), Ok(None));
        assert_eq!(
            parse_expiry("2026-12-31"),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 31))
        );
        assert_eq!(parse_expiry("next week"), Err(Problem::DateInvalid));
    }
}
