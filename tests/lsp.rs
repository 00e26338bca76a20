//! `frost lsp` as an editor sees it: a real `frost lsp` process, spoken to
//! in JSON-RPC over its stdin and stdout.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(30);

/// A client of a `frost lsp` process.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications received while waiting for something else.
    notifications: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_frost"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("frost lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, incoming) = std::sync::mpsc::channel();
        std::thread::spawn(move || loop {
            let mut length = None;
            loop {
                let mut header = String::new();
                if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                    return;
                }
                let header = header.trim_end();
                if header.is_empty() {
                    break;
                }
                if let Some(n) = header.strip_prefix("Content-Length: ") {
                    length = n.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("a Content-Length header")];
            stdout.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).expect("JSON")).is_err() {
                return;
            }
        });
        let mut client = Client { child, stdin, incoming, notifications: Vec::new(), next_id: 1 };
        let init = client.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
        assert!(init["capabilities"]["completionProvider"].is_object(), "{init}");
        assert_eq!(init["serverInfo"]["name"], "frost");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + WAIT;
        loop {
            let message = self.incoming.recv_timeout(deadline - Instant::now()).expect("a response in time");
            if message["id"] == json!(id) && message.get("method").is_none() {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
            self.notifications.push(message);
        }
    }

    /// The next diagnostics published for `uri` with `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        };
        if let Some(i) = self.notifications.iter().position(matches) {
            let m = self.notifications.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            match self.incoming.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(m) if matches(&m) => return m["params"]["diagnostics"].as_array().unwrap().clone(),
                Ok(m) => self.notifications.push(m),
                Err(RecvTimeoutError::Timeout) => panic!("no diagnostics for {uri} version {version}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server went away"),
            }
        }
    }

    fn open(&mut self, uri: &str, version: i64, text: &str) {
        let doc = json!({"uri": uri, "languageId": "starlark", "version": version, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": doc}));
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn at(&mut self, method: &str, uri: &str, line: usize, character: usize) -> Value {
        self.request(method, json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}))
    }

    fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "frost lsp exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "frost lsp did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn labels(items: &Value) -> Vec<String> {
    items.as_array().expect("a list of items").iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
}

const CONFIG: &str = r#"load("lib.bzl", "tune")

def make_exe():
    dist = default_python_distribution()
    config = dist.make_python_interpreter_config()
    config.multiprocessing_start_method = "spork"
    tune(config)
    return dist.to_python_executable(name = "app", config = config)

def make_install(exe):
    files = FileManifest()
    return files

register_target("exe", make_exe, default = True)
register_target("install", make_install, depends = ["exe"])
resolve_targets()
"#;

const LIB: &str = r#"def tune(config):
    """Sets the run module."""
    config.run_module = "app"
"#;

fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("lib.bzl"), LIB).unwrap();
    std::fs::write(root.join("frost.bzl"), CONFIG).unwrap();
    (dir, root)
}

#[test]
fn a_session_from_initialize_to_shutdown() {
    let (_dir, root) = project();
    let uri = uri_of(&root.join("frost.bzl"));
    let mut client = Client::start(&root);
    client.open(&uri, 1, CONFIG);

    // Diagnostics with frost check's codes, at the assignment.
    let diags = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diags), ["invalid-value"], "{diags:?}");
    assert_eq!(diags[0]["range"]["start"]["line"], 5);
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(diags[0]["source"], "frost");
    assert!(diags[0]["message"].as_str().unwrap().contains("\"spork\""));

    // Completion after `config.`: the interpreter attributes.
    let items = client.at("textDocument/completion", &uri, 5, "    config.".len());
    let names = labels(&items);
    assert!(names.contains(&"multiprocessing_start_method".to_string()), "{names:?}");
    assert!(names.contains(&"module_search_paths".to_string()));
    assert!(!names.contains(&"bytecode_optimize_level_one".to_string()) || names.len() > 40);

    // ... after `dist.`: its methods, with their signatures.
    let items = client.at("textDocument/completion", &uri, 4, "    config = dist.".len());
    let to_exe = items.as_array().unwrap().iter().find(|i| i["label"] == "to_python_executable").expect("a method");
    assert!(to_exe["detail"].as_str().unwrap().starts_with("to_python_executable(name"), "{to_exe}");

    // Inside `multiprocessing_start_method = "`: the accepted values.
    let items = client.at("textDocument/completion", &uri, 5, "    config.multiprocessing_start_method = \"".len());
    let mut values = labels(&items);
    values.sort();
    assert_eq!(values, ["auto", "fork", "forkserver", "none", "spawn"]);

    // Inside `depends = ["`: the targets.
    let line = CONFIG.lines().nth(14).unwrap();
    let items = client.at("textDocument/completion", &uri, 14, line.find("\"exe\"").unwrap() + 1);
    assert!(labels(&items).contains(&"exe".to_string()));

    // Hover on an attribute: its type, default, values and the book's text.
    let hover = client.at("textDocument/hover", &uri, 5, "    config.multi".len());
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("`config.multiprocessing_start_method`: `str`"), "{text}");
    assert!(text.contains("- accepts: one of `\"auto\"`"), "{text}");
    assert!(text.contains("- default: `\"auto\"`"), "{text}");
    // ... and, over the finding, the rule's explanation.
    assert!(text.contains("# invalid-value"), "{text}");

    // Hover on a global: its signature and doc.
    let hover = client.at("textDocument/hover", &uri, 13, 3);
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("register_target(name, fn, *, depends = [], default = False"), "{text}");
    assert!(text.contains("Registers a target"), "{text}");

    // Go to definition across a `load()`.
    let def = client.at("textDocument/definition", &uri, 6, 5);
    assert_eq!(def["uri"], uri_of(&root.join("lib.bzl")));
    assert_eq!(def["range"]["start"]["line"], 0);
    assert_eq!(def["range"]["start"]["character"], 4);
    // ... and of a target named in `depends`.
    let def = client.at("textDocument/definition", &uri, 14, line.find("\"exe\"").unwrap() + 2);
    assert_eq!(def["uri"], uri);
    assert_eq!(def["range"]["start"]["line"], 13);

    // A quick fix: silence the rule on its line.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": diags}}),
    );
    let titles: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Silence `invalid-value` on this line"]);

    // Change the document: the diagnostics change with it.
    let fixed = CONFIG.replace("\"spork\"", "\"spawn\"");
    client.change(&uri, 2, &fixed);
    assert_eq!(client.diagnostics(&uri, 2), Vec::<Value>::new());
    let broken = fixed.replace("config.multiprocessing_start_method", "config.multiprocessing_start_methd");
    client.change(&uri, 3, &broken);
    let diags = client.diagnostics(&uri, 3);
    assert_eq!(codes(&diags), ["unknown-attribute"], "{diags:?}");
    // Its quick fix renames the attribute.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": diags}}),
    );
    let first = &actions[0];
    assert_eq!(first["title"], "Change to `multiprocessing_start_method`", "{actions}");
    assert_eq!(first["edit"]["changes"][&uri][0]["newText"], "multiprocessing_start_method");

    // A removed PyOxidizer name: the same edits `frost check --fix` makes
    // (both come from frost::lints::fix), the name and the value.
    let legacy = fixed.replace("config.multiprocessing_start_method = \"spawn\"", "config.run_mode = \"module:app\"");
    assert_ne!(legacy, fixed);
    client.change(&uri, 4, &legacy);
    let diags = client.diagnostics(&uri, 4);
    assert_eq!(codes(&diags), ["unknown-attribute"], "{diags:?}");
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": diags}}),
    );
    let first = &actions[0];
    assert_eq!(first["title"], "Replace `run_mode` with `run_module = \"app\"`", "{actions}");
    assert_eq!(first["isPreferred"], true);
    let edits: Vec<&str> =
        first["edit"]["changes"][&uri].as_array().unwrap().iter().map(|e| e["newText"].as_str().unwrap()).collect();
    assert_eq!(edits, ["run_module", "\"app\""]);

    client.shutdown();
}

#[test]
fn stale_results_never_overwrite_newer_ones() {
    let (_dir, root) = project();
    let uri = uri_of(&root.join("frost.bzl"));
    let mut client = Client::start(&root);
    client.open(&uri, 1, CONFIG);
    // Many versions at once: only results for the latest may arrive last,
    // and none is published for a version after a newer one.
    for v in 2..=30 {
        let text = if v % 2 == 0 { CONFIG.replace("\"spork\"", "\"spawn\"") } else { CONFIG.to_string() };
        client.change(&uri, v, &text);
    }
    assert_eq!(client.diagnostics(&uri, 30), Vec::<Value>::new());
    let versions: Vec<i64> = client
        .notifications
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    client.shutdown();
}

#[test]
fn an_error_in_a_loaded_file_is_reported_at_the_load_with_its_place() {
    let (_dir, root) = project();
    std::fs::write(root.join("lib.bzl"), "def tune(config):\n    config.run_modul = \"app\"\n").unwrap();
    let uri = uri_of(&root.join("frost.bzl"));
    let mut client = Client::start(&root);
    let text = CONFIG.replace("\"spork\"", "\"spawn\"");
    client.open(&uri, 1, &text);
    let diags = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diags), ["unknown-attribute"], "{diags:?}");
    // At the call in this file or at the load; the place in lib.bzl is
    // related information.
    let related = &diags[0]["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], uri_of(&root.join("lib.bzl")), "{diags:?}");
    assert_eq!(related["range"]["start"]["line"], 1);
    client.shutdown();
}

#[test]
fn stdlib_loads_complete_and_lead_into_the_stdlib() {
    let (_dir, root) = project();
    let uri = uri_of(&root.join("frost.bzl"));
    let mut client = Client::start(&root);
    let text = "load(\"@stdlib//\")\nload(\"@stdlib//multiprocessing.bzl\", \"\")\nload(\"@stdlib//multiprocessing.bzl\", \"spawn_everywhere\")\n\ndef make():\n    policy = default_python_distribution().make_python_packaging_policy()\n    policy.\n    exe = default_python_distribution().to_python_executable(name = \"x\")\n    exe.\n    return spawn_everywhere(PythonInterpreterConfig())\n";
    client.open(&uri, 1, text);
    let modules = labels(&client.at("textDocument/completion", &uri, 0, "load(\"@stdlib//".len()));
    assert!(modules.contains(&"@stdlib//multiprocessing.bzl".to_string()), "{modules:?}");
    let symbols =
        labels(&client.at("textDocument/completion", &uri, 1, "load(\"@stdlib//multiprocessing.bzl\", \"".len()));
    assert!(symbols.contains(&"spawn_everywhere".to_string()), "{symbols:?}");
    let policy = labels(&client.at("textDocument/completion", &uri, 6, "    policy.".len()));
    assert!(policy.contains(&"resources_location".to_string()), "{policy:?}");
    assert!(policy.contains(&"register_resource_callback".to_string()), "{policy:?}");
    let exe = labels(&client.at("textDocument/completion", &uri, 8, "    exe.".len()));
    assert!(exe.contains(&"add_python_resource".to_string()), "{exe:?}");
    // Hover on a stdlib symbol: its signature and docstring.
    let hover = client.at("textDocument/hover", &uri, 9, "    return spawn".len());
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("spawn_everywhere(config)"), "{value}");
    // Definition: into the stdlib's source.
    let def = client.at("textDocument/definition", &uri, 9, "    return spawn".len());
    let path = def["uri"].as_str().unwrap().strip_prefix("file://").unwrap().to_string();
    let source = std::fs::read_to_string(&path).unwrap();
    let line = source.lines().nth(def["range"]["start"]["line"].as_u64().unwrap() as usize).unwrap();
    assert!(line.starts_with("def spawn_everywhere("), "{line}");
    // Keyword arguments of a global.
    let kw = labels(&client.at(
        "textDocument/completion",
        &uri,
        9,
        "    return spawn_everywhere(PythonInterpreterConfig(".len(),
    ));
    assert!(kw.contains(&"profile = ".to_string()), "{kw:?}");
    assert!(kw.contains(&"run_module = ".to_string()), "{kw:?}");
    client.shutdown();
}

#[test]
fn bazel_files_get_no_diagnostics() {
    let (_dir, root) = project();
    let mut client = Client::start(&root);
    let build = uri_of(&root.join("BUILD.bazel"));
    client.open(&build, 1, "cc_library(name = \"x\")\n");
    let uri = uri_of(&root.join("frost.bzl"));
    client.open(&uri, 1, CONFIG);
    assert_eq!(codes(&client.diagnostics(&uri, 1)), ["invalid-value"]);
    // The worker checks in order: had BUILD.bazel been checked, its
    // diagnostics would have come first.
    assert!(!client.notifications.iter().any(|m| m["params"]["uri"] == build), "{:?}", client.notifications);
    client.shutdown();
}

#[test]
fn the_settings_of_frost_check_apply() {
    let (_dir, root) = project();
    std::fs::write(root.join("frost.toml"), "[severity]\ninvalid-value = \"warning\"\n").unwrap();
    let uri = uri_of(&root.join("frost.bzl"));
    let mut client = Client::start(&root);
    client.open(&uri, 1, CONFIG);
    let diags = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diags), ["invalid-value"], "{diags:?}");
    assert_eq!(diags[0]["severity"], 2, "{diags:?}");
    // Edited settings apply at the next check.
    std::fs::write(root.join("frost.toml"), "ignore = [\"invalid-value\"]\n").unwrap();
    client.change(&uri, 2, CONFIG);
    assert_eq!(client.diagnostics(&uri, 2), Vec::<Value>::new());
    client.shutdown();
}
