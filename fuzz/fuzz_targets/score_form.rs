//! The captain's score form: `score::parse` on arbitrary fields, then the box score
//! (`score::parse_box`) against two small rosters whenever the score itself was accepted.
#![no_main]
use cunba_domain::score;
use libfuzzer_sys::fuzz_target;

#[path = "form.rs"]
mod form;

const HOME: [i32; 5] = [1, 2, 3, 4, 5];
const AWAY: [i32; 5] = [11, 12, 13, 14, 2147483647];

fuzz_target!(|data: &[u8]| {
    let fields = form::fields(data);
    if let Ok(input) = score::parse(fields.iter().copied()) {
        assert!(
            input.periods.len() <= 8,
            "at most four quarters and four overtimes"
        );
        let _ = score::parse_box(fields.iter().copied(), &HOME, &AWAY, &input);
    }
});
