//! `load()`: `.bzl` files relative to the file that loads them, inside the
//! root folder, and `@stdlib//name.bzl` from frost's standard library.
//! Each module is evaluated once and cached; a cycle is an error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use starlark::codemap::FileSpan;
use starlark::environment::{FrozenModule, Module};
use starlark::eval::{Evaluator, FileLoader};
use starlark::syntax::AstModule;

use super::errors::other_error;
use super::session::Session;

/// A path as messages show it: relative to the current folder when inside it.
pub fn display_path(path: &Path) -> String {
    match std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf)) {
        // The current folder itself is `.`, never an empty name.
        Some(rel) if rel.as_os_str().is_empty() => ".".to_string(),
        Some(rel) => rel.display().to_string(),
        None => path.display().to_string(),
    }
}

/// The prefix of loads from frost's standard library.
pub const STDLIB_PREFIX: &str = "@stdlib//";

/// Where a module's relative loads are resolved.
#[derive(Clone)]
pub(crate) enum Base {
    /// A folder on disk.
    Dir(PathBuf),
    /// frost's standard library, shipped inside the binary.
    Stdlib,
}

/// Loads `.bzl` files relative to the file that loads them, and
/// `@stdlib//name.bzl` from the standard library.
pub(crate) struct Loader<'a> {
    session: &'a Session,
    base: Base,
    /// Where each load string appears in the loading file, for the
    /// "loaded at" note of an error inside the loaded module.
    sites: HashMap<String, FileSpan>,
}

impl<'a> Loader<'a> {
    pub(crate) fn new(session: &'a Session, base: Base, ast: &AstModule) -> Self {
        let sites = ast.loads().into_iter().map(|l| (l.module_id.to_string(), l.span)).collect();
        Loader { session, base, sites }
    }

    /// The cache key, display name, base and text of the module `path`
    /// names, after the root check.
    fn locate(&self, path: &str) -> starlark::Result<(String, String, Base, Option<String>)> {
        let stdlib_name = match (&self.base, path.strip_prefix(STDLIB_PREFIX)) {
            (_, Some(name)) => Some(name),
            (Base::Stdlib, None) => Some(path.trim_start_matches("./")),
            (Base::Dir(_), None) => None,
        };
        if let Some(name) = stdlib_name {
            let text = super::stdlib::module(name).ok_or_else(|| {
                other_error(format!(
                    "cannot load `{path}`: the standard library has no module `{name}`; it has {}",
                    super::stdlib::MODULES
                        .iter()
                        .map(|(n, _)| format!("`{STDLIB_PREFIX}{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            let key = format!("{STDLIB_PREFIX}{name}");
            return Ok((key.clone(), key, Base::Stdlib, Some(text.to_string())));
        }
        let Base::Dir(dir) = &self.base else { unreachable!("stdlib handled above") };
        let session = self.session;
        let joined = dir.join(path);
        let resolved = joined
            .canonicalize()
            .map_err(|e| other_error(format!("cannot load `{path}`: {}: {e}", joined.display())))?;
        if !resolved.starts_with(&session.root) {
            return Err(other_error(format!(
                "cannot load `{path}`: {} is outside {}, the folder loads may read (widen it with --root DIR)",
                resolved.display(),
                session.root.display()
            )));
        }
        let parent = resolved.parent().unwrap_or(Path::new("/")).to_path_buf();
        Ok((resolved.display().to_string(), display_path(&resolved), Base::Dir(parent), None))
    }
}

impl FileLoader for Loader<'_> {
    fn load(&self, path: &str) -> starlark::Result<FrozenModule> {
        let session = self.session;
        let (key, name, base, text) = self.locate(path)?;
        if let Some(m) = session.cache.borrow().get(&key) {
            return Ok(m.clone());
        }
        if let Some(at) = session.loading.borrow().iter().position(|p| *p == key) {
            let cycle: Vec<String> = session.loading.borrow()[at..].iter().chain([&key]).cloned().collect();
            return Err(other_error(format!("load cycle: {}", cycle.join(" -> "))));
        }
        let text = match text {
            Some(t) => t,
            None => super::source::read_source(Path::new(&key))
                .map_err(|e| other_error(format!("cannot load `{path}`: {key}: {e}")))?,
        };
        let ast = super::syntax::parse(&name, text)?;
        session.loading.borrow_mut().push(key.clone());
        let frozen = Module::with_temp_heap(|module| {
            session.setup_module(&module);
            {
                let loader = Loader::new(session, base, &ast);
                let mut eval = Evaluator::new(&module);
                session.prepare(&mut eval, &loader)?;
                eval.eval_module(ast, &session.globals)?;
            }
            module.freeze().map_err(|e| other_error(format!("cannot freeze {name}: {e:?}")))
        });
        session.loading.borrow_mut().pop();
        let frozen = frozen.inspect_err(|e| {
            // An error inside the loaded module keeps its own location; note
            // the load that brought the module in.
            if e.span().is_some_and(|s| s.file.filename() == name) || !session.load_trace.borrow().is_empty() {
                if let Some(site) = self.sites.get(path) {
                    session.load_trace.borrow_mut().push(site.clone());
                }
            }
        })?;
        session.cache.borrow_mut().insert(key, frozen.clone());
        Ok(frozen)
    }
}
