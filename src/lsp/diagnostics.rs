//! Diagnostics as you type: `frost check`'s findings, codes and severities
//! for the text in the editor, computed by [`crate::lints::check_source`] on
//! a worker thread (the message loop never evaluates), bounded by the
//! evaluation limits. Each result carries the document version it was
//! computed for; one that is no longer the latest is dropped, so a stale
//! result never overwrites a newer one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Message, Notification};
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, PublishDiagnosticsParams,
    Range,
};

use super::documents::{line, path_to_uri, range_of};
use crate::lints::{check_source, CheckOptions, Severity};

/// The longest one check of an open document may evaluate: an editor needs
/// an answer, not a config that loops.
pub const LSP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// The most heap one check may use.
pub const LSP_MAX_HEAP_BYTES: usize = 512 << 20;

/// A document to check.
pub struct Job {
    /// Its URI.
    pub uri: String,
    /// Its path.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its version.
    pub version: i32,
}

/// What the worker and the message loop share.
#[derive(Default)]
pub struct Shared {
    /// The latest version of each open document; a result for another
    /// version is stale.
    pub latest: HashMap<String, i32>,
    /// The diagnostics last published for each document.
    pub published: HashMap<String, Vec<Diagnostic>>,
}

/// The diagnostics worker.
pub struct Checker {
    jobs: Option<Sender<Job>>,
    worker: Option<std::thread::JoinHandle<()>>,
    /// What the worker and the message loop share.
    pub shared: Arc<Mutex<Shared>>,
}

impl Checker {
    /// Starts the worker; it publishes through `out`.
    pub fn start(options: CheckOptions, out: Sender<Message>) -> std::io::Result<Checker> {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let (jobs, receiver) = crossbeam_channel::unbounded();
        let state = shared.clone();
        let options = bounded(options);
        let worker = std::thread::Builder::new()
            .name("frost-lsp-check".into())
            .stack_size(crate::language::EVAL_STACK_BYTES)
            .spawn(move || work(&receiver, &options, &state, &out))?;
        Ok(Checker { jobs: Some(jobs), worker: Some(worker), shared })
    }

    /// Records `version` as the latest of `uri` and queues its check.
    pub fn submit(&self, job: Job) {
        self.shared.lock().unwrap_or_else(|e| e.into_inner()).latest.insert(job.uri.clone(), job.version);
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }

    /// Forgets a closed document and clears its diagnostics.
    pub fn close(&self, uri: &str, out: &Sender<Message>) {
        let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        shared.latest.remove(uri);
        shared.published.remove(uri);
        if let Ok(uri) = uri.parse() {
            let params = PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version: None };
            let _ = out.send(Notification::new("textDocument/publishDiagnostics".into(), params).into());
        }
    }

    /// The diagnostics last published for `uri`.
    pub fn published(&self, uri: &str) -> Vec<Diagnostic> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner()).published.get(uri).cloned().unwrap_or_default()
    }
}

impl Drop for Checker {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// `options` with the editor's bounds: at most [`LSP_TIMEOUT`] and
/// [`LSP_MAX_HEAP_BYTES`], every target resolved unless one is named.
fn bounded(mut options: CheckOptions) -> CheckOptions {
    options.eval.timeout = options.eval.timeout.min(LSP_TIMEOUT);
    options.eval.max_heap_bytes = options.eval.max_heap_bytes.min(LSP_MAX_HEAP_BYTES);
    options
}

fn work(jobs: &Receiver<Job>, options: &CheckOptions, shared: &Mutex<Shared>, out: &Sender<Message>) {
    while let Ok(first) = jobs.recv() {
        // Only the newest text of each document is worth checking.
        let mut pending: Vec<Job> = vec![first];
        while let Ok(job) = jobs.try_recv() {
            pending.retain(|j| j.uri != job.uri);
            pending.push(job);
        }
        for job in pending {
            let is_latest = |s: &Shared| s.latest.get(&job.uri) == Some(&job.version);
            if !is_latest(&shared.lock().unwrap_or_else(|e| e.into_inner())) {
                continue;
            }
            let diagnostics = diagnostics(&job.path, &job.text, options);
            let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
            // Publish under the lock: a newer version recorded after this
            // check began makes this result stale, and it is dropped.
            if !is_latest(&s) {
                continue;
            }
            s.published.insert(job.uri.clone(), diagnostics.clone());
            if let Ok(uri) = job.uri.parse() {
                let params = PublishDiagnosticsParams { uri, diagnostics, version: Some(job.version) };
                let _ = out.send(Notification::new("textDocument/publishDiagnostics".into(), params).into());
            }
        }
    }
}

/// The findings of `frost check` for `text` as the file `path`, as LSP
/// diagnostics of that file. A finding inside a loaded file is reported at
/// the `load()` that brought it in, with its own place as related
/// information.
///
/// The settings `frost check` would use for the file (`frost.toml` or
/// `[tool.frost]`, found upward from it, read again for every check so an
/// edit to them shows at once) apply: their `VARS` under the command
/// line's, which codes are reported and at which severity.
pub fn diagnostics(path: &Path, text: &str, options: &CheckOptions) -> Vec<Diagnostic> {
    let main = path.display().to_string();
    let settings = match crate::settings::Finder::default().for_file(path) {
        Ok(settings) => settings,
        Err(e) => {
            return vec![Diagnostic {
                range: Range::default(),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("frost".into()),
                message: e.to_string(),
                ..Diagnostic::default()
            }]
        }
    };
    let mut options = options.clone();
    let mut vars = settings.vars.clone();
    vars.retain(|(k, _)| !options.eval.vars.iter().any(|(c, _)| c == k));
    vars.extend(options.eval.vars.iter().cloned());
    options.eval.vars = vars;
    let found = match check_source(path, text.to_string(), &options) {
        Ok(found) => found,
        Err(message) => {
            return vec![Diagnostic {
                range: Range::default(),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("frost".into()),
                message,
                ..Diagnostic::default()
            }]
        }
    };
    let mut out = Vec::with_capacity(found.len());
    for d in found {
        if !settings.reports(Path::new(&d.path), d.code) {
            continue;
        }
        let severity = match settings.severity_of(d.code, d.severity) {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        };
        let span = (d.line, d.column, d.end_line, d.end_column);
        let (range, message, related) = if d.path == main {
            (range_of(text, span), d.message, None)
        } else {
            let (message, site) = split_load_note(&d.message, &main);
            let range = site.map_or_else(|| first_load(text), |(l, c)| load_range(text, l, c));
            let related = related_location(&d.path, span).map(|location| {
                vec![DiagnosticRelatedInformation { location, message: format!("the error, in {}", d.path) }]
            });
            (range, format!("in {}: {message}", d.path), related)
        };
        out.push(Diagnostic {
            range,
            severity: Some(severity),
            code: Some(NumberOrString::String(d.code.to_string())),
            source: Some("frost".into()),
            message,
            related_information: related,
            ..Diagnostic::default()
        });
    }
    out
}

/// The message without its `(loaded at FILE:L:C: ...)` notes, and the
/// 1-based place of the note in the main file.
fn split_load_note(message: &str, main: &str) -> (String, Option<(usize, usize)>) {
    let Some(at) = message.find(" (loaded at ") else { return (message.to_string(), None) };
    let plain = message[..at].to_string();
    let needle = format!("(loaded at {main}:");
    let site = message.rfind(&needle).and_then(|i| {
        let mut numbers = message[i + needle.len()..].splitn(3, ':');
        let l = numbers.next()?.parse().ok()?;
        let c = numbers.next()?.parse().ok()?;
        Some((l, c))
    });
    (plain, site)
}

/// The rest of the `load(` line at 1-based `(line, column)`.
fn load_range(text: &str, l: usize, c: usize) -> Range {
    let n = l.saturating_sub(1);
    let t = line(text, n);
    let end = t.trim_end().chars().count() + 1;
    range_of(text, (l, c, l, end.max(c)))
}

/// The first `load(` of the file, else its start.
fn first_load(text: &str) -> Range {
    match text.split('\n').position(|l| l.starts_with("load(")) {
        Some(n) => load_range(text, n + 1, 1),
        None => Range::default(),
    }
}

/// The place of a finding in another file, when that file can be read.
fn related_location(path: &str, span: (usize, usize, usize, usize)) -> Option<Location> {
    let file = if let Some(name) = path.strip_prefix(crate::language::STDLIB_PREFIX) {
        let text = crate::language::stdlib::module(name)?;
        return Some(Location {
            uri: path_to_uri(
                &std::env::temp_dir().join(format!("frost-{}-stdlib", env!("CARGO_PKG_VERSION"))).join(name),
            )
            .parse()
            .ok()?,
            range: range_of(text, span),
        });
    } else {
        PathBuf::from(path)
    };
    let text = crate::language::source::read_source(&file).unwrap_or_default();
    Some(Location { uri: path_to_uri(&file).parse().ok()?, range: range_of(&text, span) })
}
