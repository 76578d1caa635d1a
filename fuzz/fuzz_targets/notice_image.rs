//! An uploaded notice picture: `image::prepare` on arbitrary bytes (a JPEG, PNG or WebP by its
//! first bytes, or anything else). It must never panic; what it accepts comes out as a picture
//! of the same kind and shown size, and cleaning it again changes nothing.
#![no_main]
use cunba_domain::image;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((info, clean)) = image::prepare(data) else {
        return;
    };
    let (again, cleaner) = image::prepare(&clean).expect("a cleaned picture is still accepted");
    assert_eq!(again, info, "same kind and shown size");
    assert_eq!(cleaner, clean, "cleaning twice is cleaning once");
});
