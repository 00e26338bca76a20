//! The message loop: initialize, then documents, requests and shutdown.
//! Requests are answered here, from the text (they take microseconds);
//! evaluation happens on the diagnostics worker.

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeActionParams, CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    GotoDefinitionParams, GotoDefinitionResponse, HoverParams, HoverProviderCapability, OneOf, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

use super::diagnostics::{Checker, Job};
use super::documents::{Document, Documents};
use crate::lints::CheckOptions;

/// What the server offers.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            ..TextDocumentSyncOptions::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), "\"".into(), "'".into(), "/".into(), "(".into(), ",".into()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// Runs the server over standard input and output until the client says
/// `exit`.
pub fn run(options: CheckOptions) -> anyhow::Result<()> {
    let (connection, io_threads) = Connection::stdio();
    serve(connection, options)?;
    io_threads.join()?;
    Ok(())
}

/// Runs the server over `connection` (stdio, or an in-memory pair in tests
/// and benchmarks): the handshake, then messages until shutdown.
pub fn serve(connection: Connection, options: CheckOptions) -> anyhow::Result<()> {
    let init = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo { name: "frost".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    let (id, _params) = connection.initialize_start()?;
    connection.initialize_finish(id, init)?;
    let checker = Checker::start(options, connection.sender.clone())?;
    let mut docs = Documents::default();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = answer(&docs, &checker, request);
                connection.sender.send(response.into())?;
            }
            Message::Notification(n) => notify(&mut docs, &checker, &connection, n),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// Files Bazel owns by name: an editor may send them, frost leaves them alone.
const BAZEL_FILES: &[&str] = &["BUILD", "BUILD.bazel", "WORKSPACE", "WORKSPACE.bazel", "MODULE.bazel"];

fn check(checker: &Checker, doc: &Document) {
    if doc.path.file_name().and_then(|n| n.to_str()).is_some_and(|n| BAZEL_FILES.contains(&n)) {
        return;
    }
    checker.submit(Job { uri: doc.uri.clone(), path: doc.path.clone(), text: doc.text.clone(), version: doc.version });
}

fn notify(docs: &mut Documents, checker: &Checker, connection: &Connection, n: Notification) {
    match n.method.as_str() {
        "textDocument/didOpen" => {
            if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                let d = p.text_document;
                check(checker, docs.set(d.uri.as_str(), d.version, d.text));
            }
        }
        "textDocument/didChange" => {
            if let Ok(mut p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                // Full sync: the last change holds the whole text.
                if let Some(change) = p.content_changes.pop() {
                    let d = p.text_document;
                    check(checker, docs.set(d.uri.as_str(), d.version, change.text));
                }
            }
        }
        // A saved file may be loaded by the others: check them all again.
        "textDocument/didSave" if serde_json::from_value::<DidSaveTextDocumentParams>(n.params.clone()).is_ok() => {
            for d in docs.all() {
                check(checker, d);
            }
        }
        "textDocument/didClose" => {
            if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                let uri = p.text_document.uri;
                docs.remove(uri.as_str());
                checker.close(uri.as_str(), &connection.sender);
            }
        }
        _ => {}
    }
}

fn answer(docs: &Documents, checker: &Checker, request: Request) -> Response {
    let id = request.id.clone();
    let result = match request.method.as_str() {
        "textDocument/completion" => params::<CompletionParams>(request).map(|p| {
            let pos = p.text_document_position;
            let items = docs.get(pos.text_document.uri.as_str()).map(|d| super::completion::complete(d, pos.position));
            serde_json::to_value(items.map(CompletionResponse::Array))
        }),
        "textDocument/hover" => params::<HoverParams>(request).map(|p| {
            let pos = p.text_document_position_params;
            let uri = pos.text_document.uri.as_str();
            let hover = docs.get(uri).and_then(|d| super::hover::hover(d, pos.position, &checker.published(uri)));
            serde_json::to_value(hover)
        }),
        "textDocument/definition" => params::<GotoDefinitionParams>(request).map(|p| {
            let pos = p.text_document_position_params;
            let location =
                docs.get(pos.text_document.uri.as_str()).and_then(|d| super::definition::definition(d, pos.position));
            serde_json::to_value(location.map(GotoDefinitionResponse::Scalar))
        }),
        "textDocument/codeAction" => params::<CodeActionParams>(request).map(|p| {
            let actions =
                docs.get(p.text_document.uri.as_str()).map(|d| super::actions::actions(d, &p.context.diagnostics));
            serde_json::to_value(actions)
        }),
        method => {
            return Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("frost lsp does not handle {method}"),
            )
        }
    };
    match result {
        Ok(Ok(value)) => Response::new_ok(id, value),
        Ok(Err(e)) => Response::new_err(id, ErrorCode::InternalError as i32, e.to_string()),
        Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e),
    }
}

fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, String> {
    serde_json::from_value(request.params).map_err(|e| format!("invalid parameters for {}: {e}", request.method))
}
