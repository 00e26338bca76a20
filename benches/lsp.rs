//! `frost lsp`: the time from a change of a 300-line config to its
//! diagnostics (the server in this process, over an in-memory connection:
//! everything but the pipe), and the memory after 1,000 edits.
//!
//! Targets (frost issue 15): under 20 ms per change, and flat memory.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use frost::lints::CheckOptions;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::json;

mod common;

/// A 300-line config: stdlib presets, the helpers module, 29 targets.
fn config(start_method: &str) -> String {
    let mut s = String::from(
        "# A 300-line config for the editor benchmark.\n\
         load(\"lib/helpers.bzl\", \"tune\")\n\
         load(\"@stdlib//apps.bzl\", \"cli_app\", \"service_app\")\n\
         load(\"@stdlib//multiprocessing.bzl\", \"multiprocessing_preset\")\n\
         load(\"@stdlib//platform.bzl\", \"exe_name\")\n\n\
         def make_dist():\n    return default_python_distribution()\n\n",
    );
    for i in 0..29 {
        let preset = if i % 2 == 0 { "cli_app" } else { "service_app" };
        let method = if i == 28 { start_method } else { ["auto", "spawn", "forkserver", "fork"][i % 4] };
        s.push_str(&format!(
            "def make_app{i}(dist):\n\
             \x20   config = {preset}(dist.make_python_interpreter_config(), \"app{i}\")\n\
             \x20   multiprocessing_preset(config)\n\
             \x20   config.multiprocessing_start_method = \"{method}\"\n\
             \x20   tune(config, {i})\n\
             \x20   policy = dist.make_python_packaging_policy()\n\
             \x20   policy.resources_location = \"in-memory\"\n\
             \x20   return dist.to_python_executable(name = exe_name(\"app{i}\"), config = config, packaging_policy = policy)\n\n"
        ));
    }
    for i in 0..29 {
        let default = if i == 0 { ", default = True" } else { "" };
        s.push_str(&format!("register_target(\"app{i}\", make_app{i}, depends = [\"dist\"]{default})\n"));
    }
    s.push_str("register_target(\"dist\", make_dist)\nresolve_targets()\n");
    s
}

/// A server in this process, with a document open.
struct Session {
    client: Connection,
    server: Option<std::thread::JoinHandle<()>>,
    uri: String,
    version: i32,
    texts: [String; 2],
}

impl Session {
    fn start(dir: &Path) -> Session {
        common::write_large(dir);
        let (server_side, client) = Connection::memory();
        let server = std::thread::Builder::new()
            .stack_size(frost::language::EVAL_STACK_BYTES)
            .spawn(move || frost::lsp::serve(server_side, CheckOptions::default()).expect("the server runs"))
            .unwrap();
        let init = Request::new(RequestId::from(1), "initialize".into(), json!({"capabilities": {}}));
        client.sender.send(init.into()).unwrap();
        let _ = client.receiver.recv().unwrap();
        client.sender.send(Notification::new("initialized".into(), json!({})).into()).unwrap();
        let path = dir.join("frost.bzl");
        let uri = format!("file://{}", path.display());
        let texts = [config("spawn"), config("spork")];
        let lines = texts[0].lines().count();
        assert!((290..=310).contains(&lines), "the config has {lines} lines");
        let session = Session { client, server: Some(server), uri, version: 0, texts };
        let doc = json!({"uri": session.uri, "languageId": "starlark", "version": 0, "text": session.texts[0]});
        session.notify("textDocument/didOpen", json!({"textDocument": doc}));
        let found = session.wait(0);
        assert!(found.is_empty(), "{found:?}");
        session
    }

    fn notify(&self, method: &str, params: serde_json::Value) {
        self.client.sender.send(Notification::new(method.into(), params).into()).unwrap();
    }

    /// The diagnostics published for `version`.
    fn wait(&self, version: i32) -> Vec<serde_json::Value> {
        loop {
            let message = self.client.receiver.recv_timeout(Duration::from_secs(30)).expect("diagnostics in time");
            if let Message::Notification(n) = message {
                if n.method == "textDocument/publishDiagnostics" && n.params["version"] == json!(version) {
                    return n.params["diagnostics"].as_array().unwrap().clone();
                }
            }
        }
    }

    /// One edit (alternately introducing and fixing a bad value), and its
    /// diagnostics.
    fn edit(&mut self) -> usize {
        self.version += 1;
        let text = &self.texts[self.version as usize % 2];
        let params = json!({
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": [{"text": text}],
        });
        self.notify("textDocument/didChange", params);
        let found = self.wait(self.version);
        assert_eq!(found.len(), self.version as usize % 2, "version {}: {found:?}", self.version);
        found.len()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let shutdown = Request::new(RequestId::from(2), "shutdown".into(), serde_json::Value::Null);
        let _ = self.client.sender.send(shutdown.into());
        let _ = self.client.sender.send(Notification::new("exit".into(), serde_json::Value::Null).into());
        // Drain until the server's reply to `shutdown`, then join it.
        while let Ok(m) = self.client.receiver.recv_timeout(Duration::from_secs(10)) {
            if matches!(m, Message::Response(_)) {
                break;
            }
        }
        if let Some(server) = self.server.take() {
            let _ = server.join();
        }
    }
}

/// The resident memory of this process, in KiB (Linux).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn change_to_diagnostics(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::start(dir.path());
    let mut group = c.benchmark_group("lsp");
    group.measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_secs(1)).sample_size(50);
    group.bench_function("change-to-diagnostics/300-lines", |b| b.iter(|| black_box(session.edit())));
    group.finish();
}

/// 1,000 edits after 100 to warm up: the resident memory must stay flat.
fn memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::start(dir.path());
    for _ in 0..100 {
        session.edit();
    }
    let before = rss_kib();
    let start = Instant::now();
    for _ in 0..1000 {
        session.edit();
    }
    let elapsed = start.elapsed();
    let after = rss_kib();
    println!(
        "lsp/memory: 1,000 edits of a 300-line config in {elapsed:.2?} ({:.2?} per change to diagnostics)",
        elapsed / 1000
    );
    if let (Some(before), Some(after)) = (before, after) {
        println!(
            "lsp/memory: resident {:.1} MiB after 100 edits, {:.1} MiB after 1,100 ({:+.1} MiB)",
            before as f64 / 1024.0,
            after as f64 / 1024.0,
            (after as f64 - before as f64) / 1024.0
        );
    }
}

criterion_group!(benches, change_to_diagnostics);

fn main() {
    // `cargo test --benches` runs this binary too: keep that quick.
    let testing = std::env::args().any(|a| a == "--test" || a == "--list");
    if !testing {
        memory();
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
