//! Tests of the loader cache's parser (`ldcache.rs`).

use super::*;

/// A new-format cache of `(flags, soname, path, hwcap)` entries.
fn new_format(entries: &[(i32, &str, &str, u64)]) -> Vec<u8> {
    let strings_at = NEW_HEADER + entries.len() * NEW_ENTRY;
    let mut strings = Vec::new();
    let mut table = Vec::new();
    for (flags, soname, path, hwcap) in entries {
        let key = (strings_at + strings.len()) as u32;
        strings.extend_from_slice(soname.as_bytes());
        strings.push(0);
        let value = (strings_at + strings.len()) as u32;
        strings.extend_from_slice(path.as_bytes());
        strings.push(0);
        table.extend_from_slice(&flags.to_le_bytes());
        table.extend_from_slice(&key.to_le_bytes());
        table.extend_from_slice(&value.to_le_bytes());
        table.extend_from_slice(&0u32.to_le_bytes());
        table.extend_from_slice(&hwcap.to_le_bytes());
    }
    let mut b = NEW_MAGIC.to_vec();
    b.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    b.extend_from_slice(&(strings.len() as u32).to_le_bytes());
    b.resize(NEW_HEADER, 0);
    b.extend(table);
    b.extend(strings);
    b
}

const X86_64: i32 = 0x0303;
const I386: i32 = 0x0003;

fn sample() -> Vec<(i32, &'static str, &'static str, u64)> {
    vec![
        (X86_64, "libfoo.so.1", "/opt/v3/libfoo.so.1", 1 << 62),
        (X86_64, "libfoo.so.1", "/usr/lib/x86_64-linux-gnu/libfoo.so.1", 0),
        (I386, "libfoo.so.1", "/usr/lib/i386-linux-gnu/libfoo.so.1", 0),
        (0x0a03, "libbar.so.2", "/usr/lib/aarch64-linux-gnu/libbar.so.2", 0),
    ]
}

#[test]
fn the_new_format_gives_each_machine_its_own_entries() {
    let cache = parse(&new_format(&sample())).unwrap();
    assert_eq!(cache.entries.len(), 3, "the hwcaps entry is left out: {:?}", cache.entries);
    let foo: Vec<&Path> = cache.lookup("libfoo.so.1", 62).collect();
    assert_eq!(foo, [Path::new("/usr/lib/x86_64-linux-gnu/libfoo.so.1")]);
    assert_eq!(cache.lookup("libbar.so.2", 62).count(), 0, "an arm64 library is not an x86-64 one's");
    let bar: Vec<&Path> = cache.lookup("libbar.so.2", 183).collect();
    assert_eq!(bar, [Path::new("/usr/lib/aarch64-linux-gnu/libbar.so.2")]);
    assert_eq!(cache.lookup("libnone.so", 62).count(), 0);
}

#[test]
fn the_new_format_after_the_old_one_is_read() {
    // Old header with one entry, whose strings (relative to the end of its
    // table) are hidden after the new table, then the new format, aligned.
    let new = new_format(&sample());
    let old_end = OLD_HEADER + OLD_ENTRY;
    let new_at = (old_end + 7) & !7;
    let mut b = OLD_MAGIC.to_vec();
    b.push(0);
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&1i32.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.resize(new_at, 0);
    b.extend(new);
    let cache = parse(&b).unwrap();
    assert_eq!(cache.lookup("libfoo.so.1", 62).count(), 1, "{:?}", cache.entries);
    // The old format alone: its strings follow its table.
    let mut old = b[..old_end].to_vec();
    old[OLD_HEADER + 4..OLD_HEADER + 8].copy_from_slice(&0u32.to_le_bytes());
    old[OLD_HEADER + 8..OLD_HEADER + 12].copy_from_slice(&8u32.to_le_bytes());
    old.extend_from_slice(b"libx.so\0/lib/libx.so\0");
    let cache = parse(&old).unwrap();
    assert_eq!(cache.entries, [Entry { soname: "libx.so".into(), path: "/lib/libx.so".into(), flags: 1 }]);
}

#[test]
fn a_truncated_or_damaged_cache_is_an_error_not_a_panic() {
    let good = new_format(&sample());
    // Cut at every length: each is refused (the whole file is needed).
    for len in 0..good.len() {
        assert!(parse(&good[..len]).is_err(), "cut at {len} of {}", good.len());
    }
    // Every byte of the header and table set to 0xff in turn: never a panic.
    for at in 0..NEW_HEADER + 4 * NEW_ENTRY {
        let mut bad = good.clone();
        bad[at] = 0xff;
        let _ = parse(&bad);
    }
    let mut huge = good.clone();
    huge[20..24].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(parse(&huge).unwrap_err().contains("run past the end"));
    let mut old = OLD_MAGIC.to_vec();
    old.push(0);
    old.extend_from_slice(&u32::MAX.to_le_bytes());
    assert!(parse(&old).is_err());
    assert!(parse(b"not a cache at all").unwrap_err().contains("not a loader cache"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ld.so.cache"), &good[..30]).unwrap();
    assert!(LdCache::read(&dir.path().join("ld.so.cache")).is_none());
    assert!(LdCache::read(&dir.path().join("absent")).is_none());
}

/// `(soname, path)` of each entry `ldconfig -p` prints, or `None` without ldconfig.
fn ldconfig_p() -> Option<Vec<(String, String)>> {
    let out = ["ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"]
        .iter()
        .find_map(|l| std::process::Command::new(l).arg("-p").output().ok().filter(|o| o.status.success()))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines = text.lines().filter(|l| l.starts_with('\t') && !l.contains("hwcap"));
    Some(
        lines
            .filter_map(|l| {
                let (soname, path) = l.trim().split_once(" => ")?;
                Some((soname.split(" (").next()?.to_string(), path.to_string()))
            })
            .collect(),
    )
}

#[test]
fn this_machines_cache_agrees_with_ldconfig() {
    let Some(cache) = LdCache::system() else {
        println!("SKIPPED: this machine has no readable {PATH}");
        return;
    };
    let machine =
        super::super::elf::dynamic(&std::fs::read(std::env::current_exe().unwrap()).unwrap()).unwrap().machine;
    let libc = cache.lookup("libc.so.6", machine).next().expect("the cache lists libc.so.6");
    assert!(libc.is_file(), "{}", libc.display());
    let Some(expected) = ldconfig_p() else {
        println!("SKIPPED the comparison with `ldconfig -p`: no ldconfig here");
        return;
    };
    let ours: Vec<(String, String)> =
        cache.entries.iter().map(|e| (e.soname.clone(), e.path.display().to_string())).collect();
    assert!(ours.len() > 10, "{ours:?}");
    assert_eq!(ours, expected, "the entries, in ldconfig's order");
}

#[test]
fn include_patterns_read_every_matching_file_in_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("d")).unwrap();
    std::fs::write(dir.path().join("d/b.conf"), "/opt/b\n").unwrap();
    std::fs::write(dir.path().join("d/a.conf"), "# comment\n/opt/a # trailing\n").unwrap();
    std::fs::write(dir.path().join("d/c.txt"), "/opt/c\n").unwrap();
    std::fs::write(dir.path().join("main.conf"), "include d/*.conf\n/opt/main\n").unwrap();
    let mut dirs = Vec::new();
    read_conf(&dir.path().join("main.conf"), &mut dirs, 0);
    assert_eq!(dirs, [PathBuf::from("/opt/a"), PathBuf::from("/opt/b"), PathBuf::from("/opt/main")]);
}

#[test]
fn a_file_that_includes_itself_ends() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loop.conf"), "include loop.conf\n/opt/x\n").unwrap();
    let mut dirs = Vec::new();
    read_conf(&dir.path().join("loop.conf"), &mut dirs, 0);
    assert_eq!(dirs, [PathBuf::from("/opt/x")]);
}
