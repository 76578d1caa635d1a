//! The players' CSV import: `players_csv::parse` on arbitrary bytes (any encoding, any
//! shape). Whatever it accepts must survive the export: the valid rows, written out by
//! `players_csv::export` and read back, are the same players (the import undoes the
//! export's spreadsheet guard, `'` before a leading = + - @).
#![no_main]
use cunba_domain::players_csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(preview) = players_csv::parse(data, &[7, 23], 2026) else {
        return;
    };
    let valid: Vec<_> = preview.valid().cloned().collect();
    for player in &valid {
        assert!((0..=99).contains(&player.number), "jersey 0–99");
        assert!(player.number != 7 && player.number != 23, "numbers taken are refused");
    }
    if valid.is_empty() {
        return; // an empty roster exports to a file `parse` refuses as empty, rightly
    }
    let again = players_csv::parse(&players_csv::export(&valid), &[], 2026)
        .expect("an export reads back");
    let back: Vec<_> = again.valid().cloned().collect();
    assert_eq!(back, valid, "export → import keeps every player");
});
