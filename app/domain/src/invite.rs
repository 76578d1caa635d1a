//! The people page's forms (a one-time link for a captain, a referee or an organiser; a team
//! handed over): what can be wrong with what was posted.
use crate::form;

/// A problem with a field of the people page's forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not given: a captain's link or a hand-over without a team.
    Missing,
    /// A choice the form does not offer (a stale or forged page).
    Invalid,
}

impl Problem {
    pub const ALL: [Problem; 2] = [Problem::Missing, Problem::Invalid];
}

impl form::Problem for Problem {
    fn code(self) -> String {
        match self {
            Problem::Missing => "missing",
            Problem::Invalid => "invalid",
        }
        .into()
    }

    fn from_code(code: &str) -> Option<Self> {
        Problem::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A field of the people page's forms and its problem.
pub type FieldError = form::FieldError<Problem>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Problem as _;

    #[test]
    fn codes_read_back() {
        for problem in Problem::ALL {
            assert_eq!(Problem::from_code(&problem.code()), Some(problem));
        }
        assert_eq!(Problem::from_code("FieldMissing"), None);
    }
}
