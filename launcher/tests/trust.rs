//! The launcher as an attack surface: multiprocessing's helper command
//! lines are honoured only from the app itself, the environment cannot
//! change `sys.executable` when the config says not to read it, and the
//! diagnostic mode cannot pass for a successful run.

mod common;

use common::*;
use serde_json::json;

#[test]
fn pythonexecutable_does_not_change_sys_executable_without_the_environment() {
    let code =
        "import os, sys, multiprocessing.spawn as s\nprint(sys.executable)\nprint(os.fsdecode(s.get_executable()))";
    for attrs in [
        json!({}),
        json!({"config_profile": "python", "isolated": true}),
        json!({"config_profile": "python", "use_environment": false}),
    ] {
        let app = App::command(code, attrs.clone());
        let mut cmd = app.cmd();
        cmd.env("PYTHONEXECUTABLE", "/tmp/evil");
        let out = run(cmd).ok();
        let exe = app.exe.display().to_string();
        assert_eq!(out.stdout, format!("{exe}\n{exe}\n"), "{attrs}");
    }
    // Where the config reads the environment, CPython's own rule holds, as
    // under `python3`.
    let app = App::command(code, json!({"config_profile": "python"}));
    let mut cmd = app.cmd();
    cmd.env("PYTHONEXECUTABLE", "/tmp/evil");
    assert_eq!(run(cmd).ok().stdout, "/tmp/evil\n/tmp/evil\n");
}
