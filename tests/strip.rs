//! The app folder's shared libraries (libpython, `lib-dynload`, the
//! launcher) are staged without their debug sections
//! (src/build/bundle/strip.rs), reproducibly, with and without frost's
//! cache; `FROST_NO_STRIP=1` keeps them as installed, in its own cache entry.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const CONFIG: &str = r#"def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.run_command = "import json, _json; print('hello', json.dumps([1]))"
    return dist.to_python_executable(name = "app", config = config)

register_target("exe", make_exe, default = True)
resolve_targets()
"#;

/// `frost build -o OUT` in `dir` with `envs`; returns the app folder.
fn build(dir: &Path, out: &str, envs: &[(&str, &str)]) -> PathBuf {
    let mut command = Command::new(env!("CARGO_BIN_EXE_frost"));
    command.args(["build", "frost.bzl", "-o", out]).current_dir(dir).env_remove("FROST_NO_STRIP");
    for (k, v) in envs {
        command.env(k, v);
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let app = dir.join(out).join("app");
    let run = frost::build::retry_busy(|| Command::new(app.join("app")).output()).unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), "hello [1]\n", "{}", String::from_utf8_lossy(&run.stderr));
    app
}

/// The launcher, libpython and each `lib-dynload` module, by relative path.
fn libraries(app: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut add = |rel: String| {
        out.insert(rel.clone(), std::fs::read(app.join(&rel)).unwrap());
    };
    add("app".into());
    add("lib/libpython3.11.so.1.0".into());
    for e in std::fs::read_dir(app.join("lib/python3.11/lib-dynload")).unwrap() {
        add(format!("lib/python3.11/lib-dynload/{}", e.unwrap().file_name().to_string_lossy()));
    }
    out
}

/// The section names of a 64-bit little-endian ELF file.
fn section_names(bytes: &[u8]) -> Vec<String> {
    let u16_at = |o: usize| u16::from_le_bytes(bytes[o..o + 2].try_into().unwrap()) as usize;
    let u32_at = |o: usize| u32::from_le_bytes(bytes[o..o + 4].try_into().unwrap()) as usize;
    let u64_at = |o: usize| u64::from_le_bytes(bytes[o..o + 8].try_into().unwrap()) as usize;
    let (shoff, shentsize, shnum, shstrndx) = (u64_at(0x28), u16_at(0x3a), u16_at(0x3c), u16_at(0x3e));
    let header = |i: usize| shoff + i * shentsize;
    let strtab = u64_at(header(shstrndx) + 0x18);
    (0..shnum)
        .map(|i| {
            let start = strtab + u32_at(header(i));
            let end = start + bytes[start..].iter().position(|b| *b == 0).unwrap();
            String::from_utf8_lossy(&bytes[start..end]).into_owned()
        })
        .collect()
}

fn has_debug(bytes: &[u8]) -> bool {
    section_names(bytes).iter().any(|n| n.starts_with(".debug_"))
}

#[test]
fn bundled_libraries_lose_their_debug_sections_reproducibly_unless_kept() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("frost.bzl"), CONFIG).unwrap();
    let cache = work.path().join("cache");
    let cache = cache.to_str().unwrap();
    let stripped = libraries(&build(work.path(), "stripped", &[("FROST_CACHE_DIR", cache)]));
    let kept = libraries(&build(work.path(), "kept", &[("FROST_CACHE_DIR", cache), ("FROST_NO_STRIP", "1")]));
    assert_eq!(stripped.keys().collect::<Vec<_>>(), kept.keys().collect::<Vec<_>>());
    assert!(stripped.len() > 10, "lib-dynload is bundled: {:?}", stripped.keys());
    for (rel, bytes) in &stripped {
        assert!(bytes.starts_with(b"\x7fELF\x02\x01"), "{rel} is still a 64-bit little-endian ELF file");
        assert!(!has_debug(bytes), "{rel} still has debug sections: {:?}", section_names(bytes));
        assert!(section_names(bytes).iter().any(|n| n == ".dynamic"), "{rel} keeps its dynamic section");
        let original = &kept[rel];
        if has_debug(original) {
            assert!(bytes.len() < original.len(), "{rel} did not shrink");
        }
    }
    assert!(kept.values().any(|b| has_debug(b)), "the build's CPython has debug sections to strip");
    // The same bytes again, and without any cache.
    let again = libraries(&build(work.path(), "again", &[("FROST_CACHE_DIR", cache)]));
    assert!(again == stripped, "a rebuild changed the stripped libraries");
    let home = work.path().join("home");
    let uncached = libraries(&build(
        work.path(),
        "uncached",
        &[("FROST_CACHE_DIR", ""), ("XDG_CACHE_HOME", ""), ("HOME", home.to_str().unwrap())],
    ));
    assert!(uncached == stripped, "a build staged in the cache differs from one staged in place");
}
