//! Bytes as `frost eval` JSON, through `frost export`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = frost::formats::bzl::export_json(text, "fuzz.json");
    }
});
