//! The launcher's PyPreConfig/PyConfig mapping (launcher/src/interp.rs) is
//! complete: every attribute the table binds to a CPython field
//! (`Group::PreConfig` / `Group::Config` in runtime/src/config.rs) reaches
//! that field.
//!
//! Real apps set every such attribute and read the fields back from CPython
//! with `_testinternalcapi.get_configs()` (every field is there, none needs
//! `sys.flags`). Each attribute gets two different values, one in app A and
//! one in app B, derived from its row (a bool is `True` in A and `False` in
//! B; an int its maximum and its minimum; an enum its last and its first
//! value; a list two different ones), so whatever CPython's default for the
//! field is, one of the two apps differs from it: if a line of the mapping
//! goes missing, that app reads back the default and the test names the
//! attribute. Where the row cannot decide (strings, fields CPython rewrites
//! or ties to others) `by_hand` gives the values and says why. A and B
//! start from the same profile; `config_profile` (and `home`) get app C.
//!
//! Removing any one line of the mapping makes a test here fail (checked
//! line by line when this test was written).

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::*;
use frost_runtime::{Attr, Group, Kind, ATTRIBUTES};
use serde_json::{json, Value as Json};

/// The program every app runs: prints CPython's own record of its
/// configuration, after initialization, as one JSON line.
const READ_BACK: &str = "import json, sys, _testinternalcapi\n\
    c = _testinternalcapi.get_configs()\n\
    sys.stdout.write('FROST-CONFIGS ' + json.dumps({'pre_config': c['pre_config'], 'config': c['config']}, default=repr) + '\\n')\n\
    sys.stdout.flush()\n";

/// Why a CPython-bound attribute is not checked here, if it is not.
///
/// Debug-only ones are checked: a release build of CPython stores them and
/// only ignores them.
fn skipped(attr: &Attr) -> Option<&'static str> {
    if attr.windows_only && !cfg!(windows) {
        return Some("the field exists only in CPython on Windows, and the launcher sets it only there");
    }
    let minor = |v: &str| v.strip_prefix("3.").and_then(|m| m.parse::<u32>().ok()).unwrap_or(0);
    let added = frost_launcher::versioned::VERSIONED_FIELDS.iter().find(|(f, _)| attr.group == Group::Config(f));
    match added {
        Some((_, since)) if minor(since) > minor(PYTHON_VERSION) => {
            Some("the linked CPython has no such field (the launcher refuses it: tests/versions.rs)")
        }
        _ => None,
    }
}

/// Values given by hand, per app (A, B, C), where the row alone cannot
/// pick them; `None` leaves the attribute unset in that app.
fn by_hand(name: &str, dir: &str) -> Option<[Option<Json>; 3]> {
    let lib = |side: &str| json!([format!("$ORIGIN/{side}-lib"), stdlib_paths()[0], stdlib_paths()[1]]);
    Some(match name {
        // Both apps run the read-back program, which is then what CPython holds.
        "run_command" => [Some(json!(READ_BACK)), Some(json!(READ_BACK)), Some(json!(READ_BACK))],
        // One profile for A and B (a different profile would bring other
        // defaults along and could hide a missing line); C is the other one.
        "config_profile" => [Some(json!("isolated")), Some(json!("isolated")), Some(json!("python"))],
        // `isolated` (True in A) turns both off: A must ask for that too.
        "use_environment" | "user_site_directory" => [Some(json!(false)), Some(json!(true)), None],
        // CPython keeps LC_CTYPE (1) only in the C locale and zeroes the field
        // when configure_locale is off (as in B): only "C" in A can be read
        // back (and only with LC_ALL unset, see `read_back`).
        "coerce_c_locale" => [Some(json!("C")), None, None],
        // With home set, CPython (3.11, at least) computes prefix and
        // exec_prefix from it, whatever they say: home goes to C, as the
        // linked CPython's own (C has no module_search_paths, so its
        // standard library is found there).
        "home" => [None, None, Some(json!(cpython_prefix()))],
        // Codec names as CPython normalizes them, so they read back as set;
        // latin-1 is never the default (UTF-8 mode or the locale's).
        "filesystem_encoding" | "stdio_encoding" => [Some(json!("iso8859-1")), Some(json!("utf-8")), None],
        "filesystem_errors" | "stdio_errors" => [Some(json!("surrogateescape")), Some(json!("strict")), None],
        // The standard library must stay importable (home and prefix are set,
        // so the launcher adds nothing).
        "module_search_paths" => [Some(lib("a")), Some(lib("b")), None],
        "warn_options" => [Some(json!(["ignore::DeprecationWarning"])), Some(json!(["ignore::ImportWarning"])), None],
        // Paths inside the app's folder: the apps may create them (pycache_prefix).
        _ if attr(name).kind == Kind::Str => {
            let path = |side: &str| Some(json!(format!("{dir}/{side}/{name}")));
            [path("a"), path("b"), None]
        }
        _ => return None,
    })
}

/// The value the row gives app A (`first`) or app B.
fn from_the_row(attr: &Attr, first: bool) -> Json {
    match attr.kind {
        Kind::Bool => json!(first),
        Kind::Int { min, max } => {
            assert!(max != i64::MAX, "{}: an int of CPython's has a maximum", attr.name);
            json!(if first { max } else { min })
        }
        Kind::Enum(values) => json!(if first { values[values.len() - 1] } else { values[0] }),
        Kind::StrList => json!([format!("frost_{}", if first { "a" } else { "b" })]),
        Kind::Str | Kind::Terminfo => panic!("{}: give a value by hand", attr.name),
        Kind::Location | Kind::LoadMode => panic!("{}: a packaging attribute, not an interpreter one", attr.name),
    }
}

/// The linked CPython's installation prefix.
fn cpython_prefix() -> String {
    let libdir = std::path::Path::new(env!("FROST_PYTHON_LIBDIR"));
    libdir.parent().expect("the libdir has a parent").to_str().unwrap().to_string()
}

fn attr(name: &str) -> &'static Attr {
    frost_runtime::attr(name).unwrap()
}

/// The CPython field an attribute lands in, and CPython's name for it.
fn field(attr: &Attr) -> Option<(&'static str, &'static str)> {
    match attr.group {
        Group::Launcher | Group::Packaging => None,
        // Not a field: the choice of PyConfig_Init*Config, recorded as `_config_init`.
        Group::PreConfig("config_profile") => Some(("pre_config", "_config_init")),
        Group::PreConfig(f) => Some(("pre_config", f)),
        Group::Config(f) => Some(("config", f)),
    }
}

/// What CPython holds for `value`, in `get_configs()`'s terms. The numbers
/// are CPython's (Include/cpython/pymem.h, initconfig.h), not the launcher's.
fn cpython_value(attr: &Attr, value: &Json) -> Json {
    let text = value.as_str().unwrap_or_default();
    let number = |table: &[(&str, i64)]| {
        let found = table.iter().find(|(t, _)| *t == text);
        json!(found.unwrap_or_else(|| panic!("{}: no CPython number for {value}", attr.name)).1)
    };
    match attr.name {
        "allocator" => number(&[
            ("not-set", 0),
            ("default", 1),
            ("debug", 2),
            ("malloc", 3),
            ("malloc-debug", 4),
            ("py-malloc", 5),
            ("py-malloc-debug", 6),
        ]),
        "bytes_warning" => number(&[("none", 0), ("warn", 1), ("raise", 2)]),
        "coerce_c_locale" => number(&[("LC_CTYPE", 1), ("C", 2)]),
        "config_profile" => number(&[("python", 2), ("isolated", 3)]),
        _ => value.clone(),
    }
}

/// Whether CPython's `got` is what the attribute's `value` asks for.
fn holds(attr: &Attr, value: &Json, got: &Json, app_dir: &str) -> bool {
    let truthy = |v: &Json| v.as_bool().unwrap_or_else(|| v.as_i64().unwrap_or(0) != 0);
    match (attr.kind, attr.name) {
        // parse_argv reads 2 once CPython has parsed argv.
        (Kind::Bool, _) => truthy(got) == value.as_bool().unwrap(),
        (Kind::StrList, "module_search_paths") => {
            let expanded: Vec<String> =
                value.as_array().unwrap().iter().map(|p| p.as_str().unwrap().replace("$ORIGIN", app_dir)).collect();
            *got == json!(expanded)
        }
        // CPython adds its own options (dev mode's "default", -b's filters...).
        (Kind::StrList, _) => {
            value.as_array().unwrap().iter().all(|item| got.as_array().is_some_and(|list| list.contains(item)))
        }
        _ => *got == cpython_value(attr, value),
    }
}

struct Built {
    dir: tempfile::TempDir,
    attrs: BTreeMap<&'static str, Json>,
}

/// Builds an app with `attrs` in its own folder.
fn build(make: impl FnOnce(&str) -> BTreeMap<&'static str, Json>) -> Built {
    let dir = tempfile::Builder::new().prefix("frost-pyconfig-test").tempdir().unwrap();
    let attrs = make(dir.path().to_str().unwrap());
    let rc = config(json!(attrs));
    write_app(&dir.path().join("app"), &rc.to_json_pretty());
    Built { dir, attrs }
}

/// Runs a built app with `env` set; CPython's configuration as it printed it.
///
/// No `PYTHON*` variables of the test's own environment reach the app (an
/// app that reads the environment would take PYTHONUNBUFFERED or
/// PYTHONDONTWRITEBYTECODE from there), and no LC_ALL: with it set,
/// CPython never coerces the C locale, and resets `coerce_c_locale` to 0
/// whatever the config says.
fn read_back(app: &Built, env: &[(&str, &str)]) -> Json {
    let mut cmd = Command::new(app.dir.path().join("app"));
    cmd.current_dir(app.dir.path()).env_remove("LC_ALL").env_remove(frost_launcher::DOCTOR_ENV);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PYTHON") {
            cmd.env_remove(name);
        }
    }
    cmd.envs(env.iter().copied());
    let out = run(cmd);
    // The line proves start-up worked. How the app exits is not checked:
    // CPython 3.12.0 to 3.12.3 crash at exit with malloc_stats on
    // (python/cpython#111499), after the read-back.
    let line = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("FROST-CONFIGS "))
        .unwrap_or_else(|| panic!("{:#}\n{out}", json!(app.attrs)));
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

#[test]
fn every_cpython_bound_attribute_reaches_its_field() {
    let bound: Vec<&Attr> = ATTRIBUTES.iter().filter(|a| field(a).is_some()).filter(|a| skipped(a).is_none()).collect();
    assert!(bound.len() >= 50, "{} attributes", bound.len());
    let values = |dir: &str, side: usize| -> BTreeMap<&'static str, Json> {
        let mut attrs = BTreeMap::new();
        for a in &bound {
            let value = match by_hand(a.name, dir) {
                Some(sides) => sides[side].clone(),
                None if side < 2 => Some(from_the_row(a, side == 0)),
                None => None,
            };
            if let Some(value) = value {
                attrs.insert(a.name, value);
            }
        }
        attrs
    };
    let apps: Vec<Built> = (0..3).map(|side| build(|dir| values(dir, side))).collect();

    let mut wrong = Vec::new();
    let mut checked = std::collections::BTreeSet::new();
    for app in &apps {
        let configs = read_back(app, &[]);
        let app_dir = app.dir.path().to_str().unwrap();
        for (name, value) in &app.attrs {
            let a = attr(name);
            let (dict, cpython) = field(a).unwrap();
            let mut places = vec![(dict, cpython)];
            // dev_mode, isolated, parse_argv, use_environment and the profile
            // are in both structs; the launcher sets both.
            if dict == "pre_config" && configs["config"].get(cpython).is_some() {
                places.push(("config", cpython));
            }
            for (dict, cpython) in places {
                let got = &configs[dict][cpython];
                if !holds(a, value, got, app_dir) {
                    wrong.push(format!("{name} = {value}: CPython's {dict}.{cpython} is {got}"));
                }
            }
            // (3.13 reports int flags as bools.)
            let use_hash_seed = &configs["config"]["use_hash_seed"];
            if *name == "hash_seed" && *use_hash_seed != json!(1) && *use_hash_seed != json!(true) {
                wrong.push(format!("hash_seed = {value}: use_hash_seed is {use_hash_seed}"));
            }
            checked.insert(*name);
        }
    }
    assert!(wrong.is_empty(), "attributes that did not reach CPython:\n  {}", wrong.join("\n  "));
    // Every bound attribute was set (and checked) in at least one app.
    let missing: Vec<&str> = bound.iter().map(|a| a.name).filter(|n| !checked.contains(n)).collect();
    assert!(missing.is_empty(), "never checked: {missing:?}");
}

/// `development_mode`, `isolated` and `use_environment` are set in both
/// structs, and CPython copies PyConfig's three over PyPreConfig's once
/// initialized, so reading the fields back cannot show a missing PyPreConfig
/// line. What shows it is what pre-initialization does with them: in
/// development mode it picks the debug allocator (`PYMEM_ALLOCATOR_DEBUG`,
/// 2) when none is set, and only when it reads the environment does
/// `PYTHONMALLOC` choose one. The `python` profile reads the environment
/// and is not in development mode unless told.
#[test]
fn preconfig_fields_act_before_initialization() {
    let python = |attrs: &Json| {
        let mut attrs: BTreeMap<&'static str, Json> =
            attrs.as_object().unwrap().iter().map(|(name, value)| (attr(name).name, value.clone())).collect();
        attrs.insert("config_profile", json!("python"));
        attrs.insert("run_command", json!(READ_BACK));
        build(|_| attrs)
    };
    for (attrs, expected) in [
        // Development mode at pre-initialization, and the environment unread.
        (json!({"development_mode": true, "isolated": true}), 2),
        (json!({"use_environment": false}), 0),
        // Both read the environment: PYTHONMALLOC wins.
        (json!({}), 3),
        (json!({"development_mode": true}), 3),
    ] {
        let app = python(&attrs);
        let configs = read_back(&app, &[("PYTHONMALLOC", "malloc")]);
        assert_eq!(configs["pre_config"]["allocator"], expected, "{attrs} with PYTHONMALLOC=malloc");
    }
}
