//! `frost doctor`: run a built executable's diagnostic mode and report.
//!
//! The executable runs with `FROST_DOCTOR` set to its
//! [`frost_runtime::doctor_key`] (an environment variable, so the app keeps
//! all of its argv; the key proves the caller is `frost doctor`, without
//! which the diagnostic mode exits 3, never 0) and prints one JSON object: `{"ok": bool, "checks": [{"name",
//! "ok", "detail"}, ...]}` with the four multiprocessing debugging checks (the Python version, the start
//! method in effect, `sys.frozen`, `spawn.get_executable()`) and a worker round trip
//! per start method, then where the app's code comes from: `"python"`
//! (`{"running", "requested"}`) and `"origins"` (`{"bundle", "libpython",
//! "libraries", "libraries_outside", "modules": {folder: count}, "outside":
//! [{"module", "file"}], "sys_path_outside"}`), with the checks `libpython`,
//! `libraries` (every other shared library mapped: the bundle's or the
//! system's), `entry_point` and `module_origins`, which fail in a bundle
//! when anything comes from outside its folder.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::Context;
use frost_runtime::{doctor_key, payload, DOCTOR_ENV};
use serde_json::{json, Value};

/// How long `frost doctor` waits for an app's diagnostics by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs the checks and returns the report (`{"ok": .., "checks": [..]}`),
/// waiting at most [`DEFAULT_TIMEOUT`].
pub fn report(exe: &Path) -> anyhow::Result<Value> {
    report_within(exe, DEFAULT_TIMEOUT)
}

/// Runs the checks, waiting at most `timeout` for the app (and the workers
/// it starts) before they are killed and the report says so.
pub fn report_within(exe: &Path, timeout: Duration) -> anyhow::Result<Value> {
    // A bundle's folder stands for the executable in it, which has its name.
    let in_bundle = exe.join(exe.file_name().unwrap_or_default());
    let exe = if exe.join(crate::build::bundle::stage::MARKER).is_file() && in_bundle.is_file() {
        in_bundle.as_path()
    } else {
        exe
    };
    let failed = |name: &str, detail: String| json!({"ok": false, "executable": exe.display().to_string(), "checks": [{"name": name, "ok": false, "detail": detail}]});
    if let Err(e) = payload::read_file(exe) {
        return Ok(failed("embedded_config", format!("{}: {e}", exe.display())));
    }
    let exe_path = if exe.components().count() == 1 { Path::new(".").join(exe) } else { exe.to_path_buf() };
    let mut command = Command::new(&exe_path);
    // The key proves the diagnostics were asked for: with it a healthy app
    // exits 0 (`FROST_DOCTOR=1` alone exits DOCTOR_UNCONFIRMED_EXIT).
    let key = doctor_key(&exe_path).with_context(|| format!("cannot read {}", exe.display()))?;
    command.env(DOCTOR_ENV, key).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group, so a timeout ends the workers too.
        command.process_group(0);
    }
    let child =
        crate::build::retry_busy(|| command.spawn()).with_context(|| format!("cannot run {}", exe.display()))?;
    let Some(output) = crate::build::wait::wait_within(child, timeout)? else {
        return Ok(failed(
            "diagnostic_mode",
            format!(
                "{} did not finish its diagnostics within {} s; it was stopped",
                exe.display(),
                timeout.as_secs_f64()
            ),
        ));
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let parsed: Option<Value> = serde_json::from_str(stdout.trim()).ok();
    let Some(mut report) = parsed.filter(|v| v.get("checks").is_some_and(Value::is_array)) else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Ok(failed(
            "diagnostic_mode",
            format!("{} did not report ({}): {}", exe.display(), output.status, stderr.trim()),
        ));
    };
    let all_ok = report["checks"].as_array().is_some_and(|checks| checks.iter().all(|c| c["ok"] == true));
    report["ok"] = Value::Bool(all_ok && output.status.success());
    Ok(report)
}

/// The report as text, one line per check.
pub fn human(report: &Value) -> String {
    let mut out = String::new();
    let exe = report["executable"].as_str().unwrap_or("?");
    match report["stub"].as_str() {
        Some(stub) => out.push_str(&format!("frost doctor: {exe} ({stub})\n")),
        None => out.push_str(&format!("frost doctor: {exe}\n")),
    }
    out.push_str(&origins(report));
    let checks = report["checks"].as_array().cloned().unwrap_or_default();
    let width = checks.iter().filter_map(|c| c["name"].as_str()).map(str::len).max().unwrap_or(0);
    for check in &checks {
        let mark = if check["ok"] == true { "ok  " } else { "FAIL" };
        let name = check["name"].as_str().unwrap_or("?");
        let detail = check["detail"].as_str().unwrap_or("");
        out.push_str(&format!("  {mark}  {name:<width$}  {detail}\n"));
    }
    let failed = checks.iter().filter(|c| c["ok"] != true).count();
    if report["ok"] == true {
        out.push_str("healthy\n");
    } else {
        out.push_str(&format!("NOT healthy: {failed} of {} checks failed\n", checks.len()));
    }
    out
}

/// The Python version and where the app's code comes from, as text (empty
/// when the app did not report them).
fn origins(report: &Value) -> String {
    let mut out = String::new();
    if let Some(running) = report["python"]["running"].as_str() {
        let requested = report["python"]["requested"].as_str().unwrap_or("any version");
        out.push_str(&format!("  python     {running} runs; the config asks for {requested}\n"));
    }
    let origins = &report["origins"];
    if origins.is_null() {
        return out;
    }
    let where_ = origins["bundle"].as_str().map_or_else(|| "not a bundle".to_string(), |b| format!("bundle {b}"));
    out.push_str(&format!("  app        {where_}\n"));
    let libpython: Vec<&str> =
        origins["libpython"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let libpython = if libpython.is_empty() { "none mapped".to_string() } else { libpython.join(", ") };
    out.push_str(&format!("  libpython  {libpython}\n"));
    let mut modules: Vec<(&String, u64)> =
        origins["modules"].as_object().into_iter().flatten().map(|(dir, n)| (dir, n.as_u64().unwrap_or(0))).collect();
    modules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let exe = report["executable"].as_str().map(|e| std::fs::canonicalize(e).unwrap_or_else(|_| e.into()));
    for (dir, n) in modules {
        // zipimport's entry for the archive embedded in the executable.
        let what = if exe.as_deref() == Some(Path::new(dir)) { " (inside the executable)" } else { "" };
        out.push_str(&format!("  modules    {n:>4} from {dir}{what}\n"));
    }
    for o in origins["outside"].as_array().into_iter().flatten() {
        let module = o["module"].as_str().unwrap_or("?");
        let file = o["file"].as_str().unwrap_or("?");
        out.push_str(&format!("  OUTSIDE    {module} from {file}\n"));
    }
    for p in origins["sys_path_outside"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        out.push_str(&format!("  OUTSIDE    sys.path entry {p}\n"));
    }
    out
}

/// Runs the checks, prints the report (JSON when `json`), returns the exit
/// code: 0 when healthy, 1 when not.
pub fn doctor(exe: &Path, json: bool, timeout: Duration) -> anyhow::Result<i32> {
    let report = report_within(exe, timeout)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", human(&report));
    }
    Ok(if report["ok"] == true { 0 } else { 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_report_marks_failures() {
        let report = json!({"ok": false, "executable": "/x/app", "checks": [
            {"name": "version", "ok": true, "detail": "CPython 3.11.7"},
            {"name": "sys_frozen", "ok": false, "detail": "sys.frozen = None"},
        ]});
        let text = human(&report);
        assert!(text.contains("  ok    version     CPython 3.11.7\n"), "{text}");
        assert!(text.contains("  FAIL  sys_frozen  sys.frozen = None\n"), "{text}");
        assert!(text.ends_with("NOT healthy: 1 of 2 checks failed\n"), "{text}");
    }

    #[test]
    fn human_report_says_where_the_code_comes_from() {
        let report = json!({"ok": false, "executable": "/b/app",
            "python": {"running": "3.11.7", "requested": "3.11"},
            "origins": {"bundle": "/b", "libpython": ["/b/lib/libpython3.11.so.1.0"],
                "modules": {"/b/lib/python3.11": 60, "/src/outside": 1, "/b/app": 2},
                "outside": [{"module": "helper", "file": "/src/outside/helper.py"}],
                "sys_path_outside": ["/src/outside"]},
            "checks": [{"name": "module_origins", "ok": false, "detail": "outside"}]});
        let text = human(&report);
        assert!(text.contains("  python     3.11.7 runs; the config asks for 3.11\n"), "{text}");
        assert!(text.contains("  app        bundle /b\n  libpython  /b/lib/libpython3.11.so.1.0\n"), "{text}");
        assert!(
            text.contains("  modules      60 from /b/lib/python3.11\n  modules       2 from /b/app (inside the executable)\n  modules       1 from /src/outside\n"),
            "{text}"
        );
        assert!(text.contains("  OUTSIDE    helper from /src/outside/helper.py\n"), "{text}");
        assert!(text.contains("  OUTSIDE    sys.path entry /src/outside\n"), "{text}");
    }

    #[test]
    fn a_file_without_config_is_reported_not_run() {
        let dir = std::env::temp_dir().join(format!("frost-doctor-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let exe = dir.join("not-an-app");
        std::fs::write(&exe, b"#!/bin/sh\necho ran > ran.txt\n").unwrap();
        let report = report(&exe).unwrap();
        assert_eq!(report["ok"], false);
        assert_eq!(report["checks"][0]["name"], "embedded_config");
        assert!(!dir.join("ran.txt").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
