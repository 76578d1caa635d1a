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

#[cfg(test)]
mod tests {
    use super::*;

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
