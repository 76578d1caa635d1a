//! Reference codes: what a parent enrolling a child or a resident sending a request is
//! given to read the answer with, and may read out on the phone.

/// The letters of reference codes: no 0/O, 1/I, easy to read out on the phone.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Length of a reference code.
pub const CODE_LEN: usize = 6;

/// A reference code from random bytes (one letter per byte; 256 is a multiple of the
/// alphabet's 32 letters, so each letter is as likely as any other).
pub fn reference_code(random: [u8; CODE_LEN]) -> String {
    random
        .iter()
        .map(|byte| CODE_ALPHABET[usize::from(*byte) % CODE_ALPHABET.len()] as char)
        .collect()
}

/// A code as a reader typed it: upper case, spaces and dashes dropped. Nothing else is
/// mapped: the letters left out of [`CODE_ALPHABET`] come in look-alike pairs (0/O, 1/I),
/// so a typed 0, O, 1 or I could stand for neither and the code stays wrong.
pub fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_code_is_read_in_capitals_without_spaces_or_dashes() {
        assert_eq!(normalise(" ajp-99a "), "AJP99A");
        assert_eq!(normalise("AJ P9 9A"), "AJP99A");
        assert_eq!(normalise("a0p1"), "A0P1");
    }

    #[test]
    fn reference_codes_avoid_look_alikes() {
        let code = reference_code([0, 8, 13, 255, 31, 32]);
        assert_eq!(code.len(), CODE_LEN);
        assert_eq!(code, "AJP99A");
        for byte in 0..=255u8 {
            let code = reference_code([byte; CODE_LEN]);
            assert!(!code.contains(['0', 'O', '1', 'I']), "{code}");
        }
    }
}
