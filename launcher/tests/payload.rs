//! Damaged apps say what is wrong with them: the bare launcher, an app cut
//! short, an app with bytes appended, and a file frost did not build each
//! get their own message, and none of them runs anything.

mod common;

use std::process::Command;

use common::*;
use serde_json::json;

fn message(out: &Output) -> &str {
    assert_eq!((out.code, out.signal), (Some(1), None), "{out}");
    out.stderr.lines().next().unwrap_or_default()
}

#[test]
fn the_bare_launcher_says_it_is_not_an_app() {
    let out = run(Command::new(STUB));
    assert_eq!(
        message(&out),
        format!(
            "error: {}: no embedded config: this is the bare frost launcher, not an app; build one with `frost build`",
            std::fs::canonicalize(STUB).unwrap().display()
        )
    );
}

#[test]
fn a_cut_or_lengthened_app_says_so_and_runs_nothing() {
    let app = App::command("open('ran', 'w').close()", json!({}));
    let built = std::fs::read(&app.exe).unwrap();
    let stub_len = std::fs::metadata(STUB).unwrap().len() as usize;
    for keep in [built.len() - 1, built.len() - 40, stub_len + 10] {
        std::fs::write(&app.exe, &built[..keep]).unwrap();
        let out = app.run(Vec::<String>::new());
        let expected = format!(
            "error: {}: the app is damaged (cut short or changed): a frost launcher with no complete embedded config after it; rebuild it with `frost build`",
            app.exe.display()
        );
        assert_eq!(message(&out), expected, "cut to {keep} bytes");
    }
    let mut longer = built.clone();
    longer.extend(b"SIGNATURE");
    std::fs::write(&app.exe, &longer).unwrap();
    let out = app.run(Vec::<String>::new());
    assert_eq!(
        message(&out),
        format!(
            "error: {}: 9 bytes were appended to the app after its embedded config (by a tool or a transfer after `frost build`); remove them, or rebuild it with `frost build`",
            app.exe.display()
        )
    );
    assert!(!app.dir.path().join("ran").exists());
    // Put back as built, it runs.
    std::fs::write(&app.exe, &built).unwrap();
    app.run(Vec::<String>::new()).ok();
    assert!(app.dir.path().join("ran").exists());
}

#[test]
fn frost_doctor_names_a_foreign_file() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("tool");
    std::fs::write(&script, "#!/bin/sh\necho ran > ran.txt\n").unwrap();
    let report = frost::build::doctor::report(&script).unwrap();
    let detail = report["checks"][0]["detail"].as_str().unwrap();
    assert!(detail.ends_with("no embedded config: this is not an app built by frost (it carries neither a frost config nor the frost launcher's marker)"), "{detail}");
    let report = frost::build::doctor::report(std::path::Path::new(STUB)).unwrap();
    let detail = report["checks"][0]["detail"].as_str().unwrap();
    assert!(detail.ends_with("this is the bare frost launcher, not an app; build one with `frost build`"), "{detail}");
}
