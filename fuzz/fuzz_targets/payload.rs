//! Bytes as a built app: the payload reader and the launcher-stub marker.
#![no_main]

use frost_runtime::payload;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(json) = payload::read_bytes(data) {
        let _ = frost_runtime::RuntimeConfig::from_json_str(&json);
    }
    let _ = payload::stub_info(payload::stub_of(data));
});
