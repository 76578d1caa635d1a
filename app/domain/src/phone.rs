//! Mainland mobile numbers, as people type them on a phone: one rule for a form's phone
//! field (a guardian's number, a resident's contact number), one for a sign-in by phone.

/// A mainland mobile number: 11 digits starting with 1.
pub fn is_mobile(phone: &str) -> bool {
    phone.len() == 11 && phone.starts_with('1') && phone.bytes().all(|b| b.is_ascii_digit())
}

/// A number as typed — spaces, dashes and brackets, full-width digits, `+86` or `86` in
/// front — reduced to its 11 digits; `None` when it is no mobile number.
pub fn normalise(text: &str) -> Option<String> {
    let mut digits = String::with_capacity(11);
    for c in text.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            ' ' | '\t' | '\u{3000}' | '-' | '－' | '(' | ')' | '（' | '）' | '+' => {}
            _ => return None,
        }
    }
    let digits = match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest.to_owned(),
        _ => digits,
    };
    is_mobile(&digits).then_some(digits)
}

/// The mobile number a sign-in's login names: the digits typed, whatever else is around them
/// (`+86`, spaces, dashes, a word), so that every way of writing the number is the same
/// account to look up and the same allowance of guesses; `None` when they are no mobile
/// number. A form's phone field is read by [`normalise`] instead: a letter there is a typo.
pub fn in_login(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest.to_owned(),
        _ => digits,
    };
    is_mobile(&digits).then_some(digits)
}

/// `13800138000` → `138****8000`; anything not a mobile number is hidden entirely.
pub fn mask(phone: &str) -> String {
    if is_mobile(phone) {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        "****".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_read_as_people_type_it() {
        for typed in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138-0013-8000",
            "8613800138000",
            "１３８００１３８０００",
            "(138) 0013\u{3000}8000",
        ] {
            assert_eq!(normalise(typed).as_deref(), Some("13800138000"), "{typed}");
        }
    }

    #[test]
    fn anything_else_is_no_number() {
        for typed in [
            "",
            "12345",
            "captain",
            "23800138000",
            "1380013800a",
            "138001380001",
        ] {
            assert_eq!(normalise(typed), None, "{typed}");
        }
    }

    #[test]
    fn a_login_names_a_number_by_its_digits() {
        for typed in [
            "138 0013 8000",
            "+86 138-0013-8000",
            "13800138000abc",
            "tel 86 13800138000",
        ] {
            assert_eq!(in_login(typed).as_deref(), Some("13800138000"), "{typed}");
        }
        assert_eq!(in_login("12345"), None);
        assert_eq!(in_login("captain"), None);
    }

    #[test]
    fn a_number_shows_masked() {
        assert_eq!(mask("13800138000"), "138****8000");
        assert_eq!(mask("12345"), "****");
    }
}
