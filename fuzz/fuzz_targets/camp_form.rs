//! The public camp enrolment form (`camp::parse`) and the guardian's update form
//! (`camp::parse_update`) on arbitrary fields.
#![no_main]
use chrono::NaiveDate;
use cunba_domain::camp::{self, AgeBand};
use libfuzzer_sys::fuzz_target;

#[path = "form.rs"]
mod form;

fuzz_target!(|data: &[u8]| {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    let bands = [
        AgeBand {
            id: 1,
            born_from: date(2014, 1, 1),
            born_to: date(2016, 12, 31),
        },
        AgeBand {
            id: 2,
            born_from: date(2017, 1, 1),
            born_to: date(2019, 12, 31),
        },
    ];
    let fields = form::fields(data);
    if let Ok(input) = camp::parse(fields.iter().copied(), &bands, &[3, 4, 5]) {
        assert!(
            !input.children.is_empty(),
            "an accepted form enrols a child"
        );
        assert!(input.children.len() <= camp::MAX_CHILDREN);
    }
    let _ = camp::parse_update(fields.iter().copied(), &[7, 8]);
});
