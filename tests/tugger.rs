//! The tugger half of the language: file manifests, file contents,
//! installers, prompts, and how they lower and check.

mod common;

use std::path::Path;

use common::*;
use frost::lower::manifest::TargetPlan;
use frost::{evaluate, EvalOptions, FrostError};
use serde_json::Value as Json;

/// Writes `files` (path, content, executable) under a new temp folder.
fn tree(files: &[(&str, &str, bool)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content, exe) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
        #[cfg(unix)]
        if *exe {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        #[cfg(not(unix))]
        let _ = exe;
    }
    dir
}

/// Evaluates `body` as the function of the default target `t` in `dir/frost.bzl`.
fn eval_in(dir: &Path, body: &str) -> Result<frost::Evaluated, FrostError> {
    let body: String = body.lines().map(|l| format!("    {l}\n")).collect();
    let src = format!("def make():\n{body}\nregister_target(\"t\", make)\nresolve_targets()\n");
    std::fs::write(dir.join("frost.bzl"), src).unwrap();
    evaluate(&dir.join("frost.bzl"), &options())
}

fn plan(dir: &Path, body: &str) -> TargetPlan {
    match eval_in(dir, body) {
        Ok(e) => e.requested_target().unwrap().plan.clone().expect("a manifest or installer plan"),
        Err(e) => panic!("{e}"),
    }
}

fn files(dir: &Path, body: &str) -> Json {
    match plan(dir, body) {
        TargetPlan::Manifest(m) => serde_json::to_value(&m.files).unwrap(),
        other => panic!("not a manifest: {other:?}"),
    }
}

fn error(dir: &Path, body: &str) -> String {
    match eval_in(dir, body) {
        Ok(_) => panic!("expected an error from {body}"),
        Err(e) => e.to_string(),
    }
}

fn keys(v: &Json) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn glob_matches_includes_minus_excludes_with_the_prefix_stripped() {
    let dir = tree(&[("a.py", "", false), ("pkg/b.py", "", false), ("pkg/c.txt", "", false), ("run.sh", "", true)]);
    let f =
        files(dir.path(), "return glob([\"**/*.py\", \"*.sh\"], exclude = [\"pkg/b.py\"], strip_prefix = CWD + \"/\")");
    assert_eq!(keys(&f), ["a.py", "run.sh"]);
    assert_eq!(f["run.sh"]["executable"], Json::Bool(cfg!(unix)));
    assert_eq!(f["a.py"]["type"], "file");
    // `**` matches any depth, including none.
    let f = files(dir.path(), "return glob([\"**/*.py\"], strip_prefix = CWD + \"/\")");
    assert_eq!(keys(&f), ["a.py", "pkg/b.py"]);
    // Without strip_prefix the matches are absolute, which an install layout refuses.
    let e = error(dir.path(), "return glob([\"*.py\"])");
    assert!(e.contains("it is absolute"), "{e}");
    // A relative strip_prefix is not a prefix of an absolute match.
    let e = error(dir.path(), "return glob([\"*.py\"], strip_prefix = \"./\")");
    assert!(e.contains("prefix not found"), "{e}");
    // Types are checked.
    let e = error(dir.path(), "return glob(\"*.py\")");
    assert!(e.contains("`include` must be a list of strings"), "{e}");
}

#[test]
fn glob_stays_inside_the_root_folder() {
    let outer = tree(&[("secret.txt", "s", false), ("proj/a.py", "", false)]);
    let proj = outer.path().join("proj");
    let e = error(&proj, "return glob([\"../*.txt\"], strip_prefix = CWD + \"/\")");
    assert!(e.contains("outside"), "{e}");
    let e = error(&proj, "return FileContent(path = \"../secret.txt\")");
    assert!(e.contains("outside"), "{e}");
    // A symlink out of the root does not match either.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outer.path().join("secret.txt"), proj.join("link.py")).unwrap();
        let f = files(&proj, "return glob([\"*.py\"], strip_prefix = CWD + \"/\")");
        assert_eq!(keys(&f), ["a.py"]);
    }
}

#[test]
fn file_content_follows_pyoxidizers_rules() {
    let dir = tree(&[("tool", "#!/bin/sh", true), ("data.txt", "d", false)]);
    let f = files(
        dir.path(),
        "m = FileManifest()\nm.add_file(FileContent(path = \"tool\"))\nm.add_file(FileContent(path = \"data.txt\", filename = \"d.txt\", executable = True), directory = \"share\")\nm.add_file(FileContent(filename = \"README\", content = \"hi\"), path = \"doc/README.md\")\nreturn m",
    );
    assert_eq!(keys(&f), ["doc/README.md", "share/d.txt", "tool"]);
    assert_eq!(f["tool"]["executable"], Json::Bool(cfg!(unix)));
    assert_eq!(f["share/d.txt"]["executable"], Json::Bool(true));
    assert_eq!(f["doc/README.md"], serde_json::json!({"type": "content", "content": "hi", "executable": false}));
    for (body, message) in [
        ("return FileContent()", "at least 1 of `path` or `content`"),
        ("return FileContent(path = \"tool\", content = \"x\")", "at most 1 of `path` and `content`"),
        ("return FileContent(content = \"x\")", "filename argument is required"),
        ("return FileContent(filename = \"a\\\\b\", content = \"x\")", "directory separators aren't allowed"),
        ("return FileContent(path = \"missing\")", "cannot read"),
        ("return FileContent(filename = \"a\", content = \"x\", executable = 1)", "executable"),
        ("c = FileContent(filename = \"a\", content = \"x\")\nc.filename = \"a/b\"\nreturn c", "directory separators"),
        ("c = FileContent(filename = \"a\", content = \"x\")\nc.executable = \"yes\"\nreturn c", "must be a bool"),
        ("c = FileContent(filename = \"a\", content = \"x\")\nc.filname = \"b\"\nreturn c", "did you mean `filename`?"),
    ] {
        let e = error(dir.path(), body);
        assert!(e.contains(message), "{body}: {e}");
    }
    // Attributes read back.
    let f = files(dir.path(), "c = FileContent(filename = \"a\", content = \"x\")\nc.executable = True\nc.filename = \"b\"\nm = FileManifest()\nm.add_file(c)\nreturn m");
    assert_eq!(f["b"]["executable"], Json::Bool(true));
}

#[test]
fn file_manifest_add_paths_get_remove_and_merge() {
    let dir = tree(&[("bin/x86/app.exe", "", false)]);
    let body = r#"
m = FileManifest()
m.add_path(path = "bin/x86/app.exe", strip_prefix = "bin/x86/")
other = FileManifest()
other.add_file(FileContent(filename = "a", content = "1"), directory = "lib")
other.add_file(FileContent(filename = "b", content = "2"), directory = "lib")
m.add_manifest(other)
if m.paths() != ["app.exe", "lib/a", "lib/b"]:
    fail("paths: %s" % m.paths())
if m.get_file("lib/a").filename != "a" or m.get_file("nope") != None:
    fail("get_file")
if m.remove("lib/b").filename != "b" or m.remove("lib/b") != None:
    fail("remove")
m.install("dist", replace = False)
return m"#;
    let TargetPlan::Manifest(m) = plan(dir.path(), body) else { panic!("not a manifest") };
    assert_eq!(m.files.keys().collect::<Vec<_>>(), ["app.exe", "lib/a"]);
    assert_eq!(m.installs.len(), 1);
    assert!(!m.installs[0].replace);
    let e = error(
        dir.path(),
        "m = FileManifest()\nm.add_path(path = \"bin/x86/app.exe\", strip_prefix = \"lib/\")\nreturn m",
    );
    assert!(e.contains("is not a leading part"), "{e}");
    let e = error(
        dir.path(),
        "m = FileManifest()\nm.add_file(FileContent(filename = \"a\", content = \"1\"), path = \"../a\")\nreturn m",
    );
    assert!(e.contains("`..`"), "{e}");
    let e = error(dir.path(), "m = FileManifest()\nm.add_manifest(\"x\")\nreturn m");
    assert!(e.contains("`manifest` must be a FileManifest"), "{e}");
    let e = error(dir.path(), "m = FileManifest()\nm.add_fil(None)\nreturn m");
    assert!(e.contains("did you mean `add_file`?"), "{e}");
}

const INSTALL_CONFIG: &str = r#"
def make_exe():
    dist = default_python_distribution()
    return dist.to_python_executable(name = "app")

def make_install(exe):
    files = FileManifest()
    files.add_python_resource(".", exe)
    files.add_python_resource("bin", exe)
    return files

def make_msi(exe):
    msi = WiXMSIBuilder(id_prefix = "app", product_name = "App", product_version = "1.0", product_manufacturer = "Me")
    msi.help_url = "https://example.com"
    return msi

register_target("exe", make_exe)
register_target("install", make_install, depends = ["exe"], default = True)
register_target("msi", make_msi, depends = ["exe"])
resolve_targets()
"#;

#[test]
fn frost_eval_prints_a_file_manifest_targets_layout() {
    let dir = tree(&[("frost.bzl", INSTALL_CONFIG, false)]);
    let out =
        frost(&["eval", "frost.bzl", "--target", "install", "--target-triple", "x86_64-unknown-linux-gnu"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema_version"], 2);
    assert_eq!(json["kind"], "file_manifest");
    assert_eq!(json["target"], "install");
    assert_eq!(json["target_triple"], "x86_64-unknown-linux-gnu");
    assert_eq!(json["files"]["app"], serde_json::json!({"type": "executable", "name": "app", "target": "exe"}));
    assert_eq!(json["files"]["bin/app"]["name"], "app");
    assert_eq!(json["run_path"], "bin/app");
    // On Windows the executable is app.exe.
    let out = frost(&["eval", "frost.bzl", "--target-triple", "x86_64-pc-windows-msvc"], dir.path());
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(keys(&json["files"]), ["app.exe", "bin/app.exe"]);
    // An installer prints its plan.
    let out = frost(&["eval", "frost.bzl", "--target", "msi"], dir.path());
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["kind"], "installer");
    assert_eq!(json["installer_type"], "WiXMSIBuilder");
    assert_eq!(json["fields"]["help_url"], "https://example.com");
    assert_eq!(json["fields"]["msi_filename"], "App-1.0.msi");
    // frost build --linked refuses the manifest (it is built as a folder:
    // tests/bundle.rs), and this machine cannot build the MSI, in one
    // sentence each, with exit code 1.
    let out = frost(&["build", "--linked", "frost.bzl", "--target", "install"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("target `install` is a FileManifest, which frost builds as a folder"), "{err}");
    assert!(err.contains("drop --linked"), "{err}");
    if !cfg!(windows) {
        let out = frost(&["build", "frost.bzl", "--target", "msi"], dir.path());
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("cannot be built here: WiX needs Windows"), "{err}");
    }
}

#[test]
fn installers_evaluate_and_frost_check_gives_a_note_not_an_error() {
    let dir = tree(&[("frost.bzl", INSTALL_CONFIG, false)]);
    let out = frost(&["check", "frost.bzl", "--format", "json", "--deny-warnings"], dir.path());
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    if cfg!(windows) {
        assert!(codes.is_empty(), "{codes:?}");
    } else {
        assert_eq!(codes, ["installer-not-buildable-here"]);
        assert_eq!(json["diagnostics"][0]["severity"], "note");
        assert_eq!(json["summary"]["notes"], 1);
    }
    assert_eq!(out.status.code(), Some(0), "a note never fails the check");
    let out = frost(&["check", "frost.bzl", "--format", "github"], dir.path());
    if !cfg!(windows) {
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("::notice "));
    }
}

#[test]
fn wix_arch_comes_from_the_target_triple() {
    for (triple, arch) in [
        ("x86_64-pc-windows-msvc", "x64"),
        ("i686-pc-windows-msvc", "x86"),
        ("aarch64-pc-windows-msvc", "arm64"),
        ("x86_64-unknown-linux-gnu", "x64"),
    ] {
        let mut options = options();
        options.target_triple = triple.to_string();
        let arch_of = |name: &str| -> String {
            let dir = tree(&[]);
            let src = format!(
                "def make():\n    exe = default_python_distribution().to_python_executable(name = \"app\")\n    m = FileManifest()\n    m.add_python_resource(\".\", exe)\n    return WiXMSIBuilder(\"a\", \"A\", \"1\", \"M\", arch = \"{name}\")\nregister_target(\"t\", make)\n"
            );
            std::fs::write(dir.path().join("f.bzl"), src).unwrap();
            let e = evaluate(&dir.path().join("f.bzl"), &options).unwrap();
            let Some(TargetPlan::Installer(p)) = e.requested_target().unwrap().plan.clone() else { panic!() };
            p.body.fields["arch"].as_str().unwrap().to_string()
        };
        assert_eq!(arch_of("x86"), "x86", "an explicit arch is kept");
        assert_eq!(frost_runtime::installer::wix_arch_for_triple(triple), arch, "{triple}");
    }
}

#[test]
fn prompts_never_prompt() {
    let dir = tree(&[]);
    let f = files(
        dir.path(),
        "if can_prompt():\n    fail(\"can_prompt\")\nm = FileManifest()\nm.add_file(FileContent(filename = \"a\", content = prompt_input(\"name\", default = \"x\") + prompt_password(\"pw\", confirm = True, default = \"y\")))\nif not prompt_confirm(\"ok?\", default = True):\n    fail(\"confirm\")\nreturn m",
    );
    assert_eq!(f["a"]["content"], "xy");
    let e = error(dir.path(), "return FileContent(filename = \"a\", content = prompt_input(\"name\"))");
    assert!(e.contains("frost never prompts") && e.contains("--var NAME VALUE"), "{e}");
    let e = error(dir.path(), "return FileContent(filename = \"a\", content = prompt_input(\"name\", default = 1))");
    assert!(e.contains("default"), "{e}");
}

#[test]
fn installer_attributes_are_strict_and_readable() {
    let dir = tree(&[]);
    let body = r#"
msi = WiXMSIBuilder("app", "App", "1.0", "Me")
if msi.msi_filename != "App-1.0.msi" or msi.arch != "x64" or msi.help_url != None:
    fail("defaults")
msi.arch = "x86"
w = PythonWheelBuilder("app", "1.0")
w.tag = "py3-none-win32"
if w.platform_tag != "win32" or w.wheel_file_name != "app-1.0-py3-none-win32.whl":
    fail("wheel tag")
w.add_file_dist_info(FileContent(filename = "METADATA", content = "Name: app"))
w.add_file_data("scripts", FileContent(filename = "app", content = "", executable = True))
s = Snap("app", "1.0", "s", "d")
a = SnapApp()
a.command = "bin/app"
s.apps = {"app": a}
s.architectures = {"build_on": ["amd64"], "run_on": ["amd64", "arm64"]}
if s.apps["app"]["command"] != "bin/app":
    fail("snap apps")
b = s.to_builder()
b.add_invocation(["snap"], purge_build = True)
bundle = WiXBundleBuilder("app", "App", "1.0", "Me")
bundle.add_vc_redistributable("x64")
bundle.add_wix_msi_builder(msi, display_internal_ui = True)
return w"#;
    let TargetPlan::Installer(p) = plan(dir.path(), body) else { panic!("not an installer") };
    assert_eq!(p.body.fields["tag"], "py3-none-win32");
    let paths: Vec<String> = p.body.steps.iter().flat_map(|s| s.files.clone().unwrap().into_keys()).collect();
    assert_eq!(paths, ["app-1.0.dist-info/METADATA", "app-1.0.data/scripts/app"]);
    for (body, message) in [
        (
            "m = WiXMSIBuilder(\"a\", \"A\", \"1\", \"M\")\nm.help_url = 1",
            "`WiXMSIBuilder.help_url` must be a string; got int 1",
        ),
        ("m = WiXMSIBuilder(\"a\", \"A\", \"1\", \"M\")\nm.help_ur = \"x\"", "did you mean `help_url`?"),
        ("m = WiXMSIBuilder(\"a\", \"A\", \"1\", \"M\")\nm.product_name = \"x\"", "read-only"),
        (
            "m = WiXMSIBuilder(\"a\", \"A\", \"1\", \"M\")\nm.add_visual_cpp_redistributable(\"14\", \"sparc\")",
            "is not a valid platform",
        ),
        (
            "b = WiXBundleBuilder(\"a\", \"A\", \"1\", \"M\")\nb.add_wix_msi_builder(FileManifest())",
            "`builder` must be a WiXMSIBuilder",
        ),
        (
            "s = Snap(\"a\", \"1\", \"s\", \"d\")\ns.architectures = {\"build_on\": [\"amd64\"]}",
            "must have the key \"run_on\"",
        ),
        ("s = Snap(\"a\", \"1\", \"s\", \"d\")\ns.apps = {\"a\": SnapPart()}", "must be a SnapApp"),
        ("p = SnapPart()\np.source_type = \"cvs\"", "`SnapPart.source_type` cannot be \"cvs\""),
        ("p = SnapPart()\np.build_attributes = [\"debug\", \"fast\"]", "item 1 of `SnapPart.build_attributes`"),
        (
            "b = MacOsApplicationBundleBuilder(\"App\")\nb.set_info_plist_key(\"K\", None)",
            "`value` must be a bool, an int or a string",
        ),
        ("u = AppleUniversalBinary(\"app\")\nu.add_path(\"nope\")", "cannot read"),
        ("c = code_signer_from_windows_store_auto()\nc.set_signing_callback(\"f\")", "`func` must be a function"),
        ("w = PythonWheelBuilder(\"a\", \"1\")\nw.wheel_file_name = \"x\"", "read-only"),
        ("w = PythonWheelBuilder(\"a\", \"1\")\nw.modified_time = -1", "out of range"),
        ("m = WiXMSIBuilder(\"a\", \"A\", \"1\", \"M\")\nm.to_file_content()", "frost never does"),
    ] {
        let e = error(dir.path(), &format!("{body}\nreturn None"));
        assert!(e.contains(message), "{body}: {e}");
    }
}

#[test]
fn context_values_are_opaque() {
    let dir = tree(&[]);
    let f = files(
        dir.path(),
        "m = FileManifest()\nm.add_file(FileContent(filename = \"a\", content = type(CONTEXT) + \" \" + type(BUILD_CONTEXT) + \" \" + type(TUGGER_CONTEXT)))\nset_build_path(\"out\")\nreturn m",
    );
    assert_eq!(f["a"]["content"], "EnvironmentContext EnvironmentContext TuggerContext");
}

#[test]
fn lowering_gives_the_manifest_json_form() {
    let dir = tree(&[]);
    let mut options = EvalOptions { target: Some("t".into()), ..options() };
    options.print = false;
    std::fs::write(dir.path().join("f.bzl"), "def make():\n    return FileManifest()\nregister_target(\"t\", make)\n")
        .unwrap();
    let e = evaluate(&dir.path().join("f.bzl"), &options).unwrap();
    let json: Json = serde_json::from_str(&e.requested_json().unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "schema_version": 2, "kind": "file_manifest", "target": "t",
            "target_triple": "x86_64-unknown-linux-gnu", "files": {}, "run_path": null
        })
    );
}
