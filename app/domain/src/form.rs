//! The one form protocol every form of the site shares.
//!
//! A form is posted as plain text fields (it works without JavaScript). Its rules live in
//! the domain, next to the form's field names, declared once (a `FIELDS` list or consts)
//! and used by the page, the handler and the tests. The rules read the post through
//! [`Fields`] and answer the checked input or a list of [`FieldError`]s, one per field. When
//! a form comes back with errors the page's address carries them as
//! `f=field.problem,field.problem` ([`encode`]; the page reads them with [`decode`]) next
//! to what was typed.

use serde::{Deserialize, Serialize};

/// What can be wrong with a field of some form: a short stable code for addresses and
/// scripts, and back.
pub trait Problem: Copy + Sized {
    fn code(self) -> String;
    fn from_code(code: &str) -> Option<Self>;
}

/// What is wrong with one field: its name and the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError<P> {
    pub field: String,
    pub problem: P,
}

impl<P> FieldError<P> {
    pub fn new(field: impl Into<String>, problem: P) -> Self {
        FieldError {
            field: field.into(),
            problem,
        }
    }
}

/// A posted form, read by name: unknown names are ignored, the last value of a repeated
/// name wins.
#[derive(Debug, Clone, Default)]
pub struct Fields<'a> {
    fields: Vec<(&'a str, &'a str)>,
}

impl<'a> Fields<'a> {
    pub fn new(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Fields {
            fields: fields.into_iter().collect(),
        }
    }

    /// The value as posted (untrimmed), if the field was posted.
    pub fn raw(&self, name: &str) -> Option<&'a str> {
        self.fields
            .iter()
            .rev()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
    }

    /// The trimmed value, `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.raw(name)
            .map(str::trim)
            .filter(|value| !value.is_empty())
    }

    /// The trimmed value, `""` when absent.
    pub fn text(&self, name: &str) -> &'a str {
        self.raw(name).map(str::trim).unwrap_or("")
    }

    /// Every value posted under `name`, in order (a list of check boxes).
    pub fn all(&self, name: &str) -> Vec<&'a str> {
        self.fields
            .iter()
            .filter(|(key, _)| *key == name)
            .map(|(_, value)| *value)
            .collect()
    }

    /// Every (name, value) pair, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.fields.iter().copied()
    }
}

/// The errors as a page's `f=` parameter: `field.problem,field.problem`.
pub fn encode<P: Problem>(errors: &[FieldError<P>]) -> String {
    errors
        .iter()
        .map(|error| format!("{}.{}", error.field, error.problem.code()))
        .collect::<Vec<_>>()
        .join(",")
}

/// A page's `f=` parameter read back as (field, problem code) pairs.
pub fn codes(param: &str) -> impl Iterator<Item = (&str, &str)> {
    param.split(',').filter_map(|pair| pair.split_once('.'))
}

/// A page's `f=` parameter read back; unknown problems are left out.
pub fn decode<P: Problem>(param: &str) -> Vec<FieldError<P>> {
    codes(param)
        .filter_map(|(field, code)| {
            P::from_code(code).map(|problem| FieldError::new(field, problem))
        })
        .collect()
}

/// The problem of the field `name`, if it has one.
pub fn problem_of<P: Copy>(errors: &[FieldError<P>], name: &str) -> Option<P> {
    errors
        .iter()
        .find(|error| error.field == name)
        .map(|error| error.problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Wrong {
        Missing,
        TooLong,
    }

    impl Problem for Wrong {
        fn code(self) -> String {
            match self {
                Wrong::Missing => "missing".into(),
                Wrong::TooLong => "too_long".into(),
            }
        }
        fn from_code(code: &str) -> Option<Self> {
            [Wrong::Missing, Wrong::TooLong]
                .into_iter()
                .find(|p| p.code() == code)
        }
    }

    #[test]
    fn the_last_value_wins_and_blank_is_absent() {
        let form = Fields::new([
            ("a", "1"),
            ("a", " 2 "),
            ("b", "  "),
            ("c", "x"),
            ("c", "y"),
        ]);
        assert_eq!(form.get("a"), Some("2"));
        assert_eq!(form.raw("a"), Some(" 2 "));
        assert_eq!(form.get("b"), None);
        assert_eq!(form.text("b"), "");
        assert_eq!(form.text("none"), "");
        assert_eq!(form.all("c"), vec!["x", "y"]);
    }

    #[test]
    fn errors_round_trip_through_the_address() {
        let errors = vec![
            FieldError::new("name", Wrong::Missing),
            FieldError::new("c0_name", Wrong::TooLong),
        ];
        let param = encode(&errors);
        assert_eq!(param, "name.missing,c0_name.too_long");
        assert_eq!(decode::<Wrong>(&param), errors);
        assert_eq!(decode::<Wrong>("x.unknown,,nodot"), Vec::new());
        assert_eq!(problem_of(&errors, "c0_name"), Some(Wrong::TooLong));
        assert_eq!(problem_of(&errors, "other"), None);
    }
}
