//! `FileManifest`: an install layout, destination path → what goes there.

use std::fmt;
use std::path::Path;
use std::sync::Mutex;

use allocative::Allocative;
use frost_runtime::manifest::{check_destination, normalize_destination, Files, InstallEntry, InstallRequest};
use starlark::any::ProvidesStaticType;
use starlark::environment::{Methods, MethodsBuilder};
use starlark::eval::Evaluator;
use starlark::values::list::AllocList;
use starlark::values::none::{NoneOr, NoneType};
use starlark::values::ValueLike;
use starlark::values::{starlark_value, Heap, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};

use super::exe_bridge_tugger::add_executable;
use super::fields::{wrong, CheckError};
use super::file_content::{writes_files, FileContent, FileContentData};
use super::local_files::read_file;
use crate::language::globals::context;

/// What a `FileManifest` holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestData {
    /// The layout.
    pub files: Files,
    /// The last executable added (what `pyoxidizer run` runs).
    pub run_path: Option<String>,
    /// The `install()` calls.
    pub installs: Vec<InstallRequest>,
}

impl ManifestData {
    /// Adds `entry` at `path` after checking the path stays inside the
    /// install folder; an entry already there is replaced, as in PyOxidizer.
    pub fn add(&mut self, path: &str, entry: InstallEntry) -> Result<(), CheckError> {
        let clean = normalize_destination(&path.replace('\\', "/"));
        if let Some(why) = check_destination(path).or_else(|| check_destination(&clean)) {
            return Err(CheckError::invalid(format!("cannot install a file at \"{path}\": {why}")));
        }
        self.files.insert(clean, entry);
        Ok(())
    }
}

/// The Starlark `FileManifest`.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative, Default)]
pub struct FileManifest {
    #[allocative(skip)]
    data: Mutex<ManifestData>,
}

starlark_simple_value!(FileManifest);

impl FileManifest {
    /// A manifest holding `data`.
    pub fn new(data: ManifestData) -> Self {
        FileManifest { data: Mutex::new(data) }
    }

    /// A copy of what it holds.
    pub fn data(&self) -> ManifestData {
        self.lock().clone()
    }

    /// Changes what it holds.
    pub fn lock(&self) -> std::sync::MutexGuard<'_, ManifestData> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What a `FileManifest` value holds, or the error naming `what` and the value.
    pub fn of(what: &str, v: Value) -> Result<ManifestData, CheckError> {
        v.downcast_ref::<FileManifest>().map(FileManifest::data).ok_or_else(|| wrong(what, "a FileManifest", v))
    }
}

impl fmt::Display for FileManifest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FileManifest({} files)", self.lock().files.len())
    }
}

#[starlark_value(type = "FileManifest")]
impl<'v> StarlarkValue<'v> for FileManifest {
    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = file_manifest_methods);
        Some(RES.methods())
    }
}

fn this(v: Value<'_>) -> &FileManifest {
    v.downcast_ref::<FileManifest>().expect("a method of FileManifest")
}

/// A PyOxidizer dotted name as a path: `a.b` → `a/b`.
fn dotted(name: &str) -> String {
    name.replace('.', "/")
}

fn join(prefix: &str, rest: &str) -> String {
    if prefix == "." || prefix.is_empty() {
        rest.to_string()
    } else {
        format!("{prefix}/{rest}")
    }
}

fn str_attr<'v>(v: Value<'v>, name: &str, heap: Heap<'v>) -> Option<String> {
    v.get_attr(name, heap).ok().flatten().and_then(|a| a.unpack_str().map(str::to_string))
}

/// Adds one Python resource (or a `PythonExecutable`) under `prefix`, as
/// PyOxidizer's `FileManifest.add_python_resource` does.
fn add_resource<'v>(
    manifest: &FileManifest,
    prefix: &str,
    resource: Value<'v>,
    eval: &mut Evaluator<'v, '_, '_>,
) -> starlark::Result<()> {
    let heap = eval.heap();
    let kind = resource.get_type();
    let need = |name: &str| {
        str_attr(resource, name, heap).ok_or_else(|| {
            CheckError::invalid(format!("cannot install this {kind}: it has no `{name}` attribute frost can read"))
        })
    };
    let entry = |name: String, package: Option<String>| InstallEntry::PythonResource {
        resource_type: kind.to_string(),
        name,
        package,
    };
    match kind {
        "PythonExecutable" => return add_executable(manifest, prefix, resource, eval),
        "PythonModuleSource" => {
            let name = need("name")?;
            let is_package = resource.get_attr("is_package", heap).ok().flatten().and_then(|v| v.unpack_bool());
            let path = if is_package == Some(true) {
                join(prefix, &format!("{}/__init__.py", dotted(&name)))
            } else {
                join(prefix, &format!("{}.py", dotted(&name)))
            };
            let mut data = manifest.lock();
            // Parent packages get an empty __init__.py when none is there.
            let parts: Vec<&str> = name.split('.').collect();
            for i in 1..parts.len() {
                let init = join(prefix, &format!("{}/__init__.py", parts[..i].join("/")));
                if !data.files.contains_key(&normalize_destination(&init)) {
                    data.add(&init, InstallEntry::Content { content: String::new(), executable: false })?;
                }
            }
            data.add(&path, entry(name, None))?;
        }
        "PythonPackageResource" => {
            let (package, name) = (need("package")?, need("name")?);
            let path = join(prefix, &format!("{}/{name}", dotted(&package)));
            manifest.lock().add(&path, entry(name, Some(package)))?;
        }
        "PythonPackageDistributionResource" => {
            let (package, name, version) = (need("package")?, need("name")?, need("version")?);
            let path = join(prefix, &format!("{package}-{version}.dist-info/{name}"));
            manifest.lock().add(&path, entry(name, Some(package)))?;
        }
        "PythonExtensionModule" => {
            let (name, suffix) = (need("name")?, need("extension_file_suffix")?);
            let path = join(prefix, &format!("{}{suffix}", dotted(&name)));
            manifest.lock().add(&path, entry(name, None))?;
        }
        other => {
            return Err(CheckError::invalid(format!("resource should be a Python resource type; got {other}")).into())
        }
    }
    Ok(())
}

#[starlark_module]
fn file_manifest_methods(builder: &mut MethodsBuilder) {
    /// Adds every entry of `manifest` (replacing entries at the same paths).
    fn add_manifest<'v>(#[starlark(this)] this_: Value<'v>, manifest: Value<'v>) -> starlark::Result<NoneType> {
        let other = FileManifest::of("`manifest`", manifest)?;
        let mut data = this(this_).lock();
        data.files.extend(other.files);
        if other.run_path.is_some() {
            data.run_path = other.run_path;
        }
        Ok(NoneType)
    }

    /// Adds `content` at `path`, or at `directory/<filename>`, or at its
    /// file name; at most one of `path` and `directory` may be given.
    fn add_file<'v>(
        #[starlark(this)] this_: Value<'v>,
        content: Value<'v>,
        #[starlark(default = NoneOr::None)] path: NoneOr<&str>,
        #[starlark(default = NoneOr::None)] directory: NoneOr<&str>,
    ) -> starlark::Result<NoneType> {
        let content = FileContent::of("`content`", content)?;
        let dest = destination(&content, path.into_option(), directory.into_option())?;
        this(this_).lock().add(&dest, content.entry)?;
        Ok(NoneType)
    }

    /// Adds the file at `path` (relative to `CWD`; it must exist) under
    /// its path with `strip_prefix` removed. `force_read` is accepted for
    /// PyOxidizer compatibility: frost always reads the file when it builds.
    fn add_path<'v>(
        #[starlark(this)] this_: Value<'v>,
        path: &str,
        strip_prefix: &str,
        #[starlark(default = false)] force_read: bool,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let _ = force_read;
        let ctx = context(eval)?;
        let file = read_file("FileManifest.add_path()", &ctx.cwd, &ctx.root, path)?;
        let dest = Path::new(path).strip_prefix(strip_prefix).map_err(|_| {
            CheckError::invalid(format!("`strip_prefix` \"{strip_prefix}\" is not a leading part of `path` \"{path}\""))
        })?;
        let entry = InstallEntry::File { source: file.path.display().to_string(), executable: file.executable };
        this(this_).lock().add(&dest.to_string_lossy(), entry)?;
        Ok(NoneType)
    }

    /// The entry at `path` as a `FileContent`, or None.
    fn get_file<'v>(#[starlark(this)] this_: Value<'v>, path: &str) -> starlark::Result<NoneOr<FileContent>> {
        let data = this(this_).data();
        Ok(match data.files.get(&normalize_destination(path)) {
            Some(entry) => NoneOr::Other(as_content(path, entry.clone())),
            None => NoneOr::None,
        })
    }

    /// Removes the entry at `path`; returns it as a `FileContent`, or None.
    fn remove<'v>(#[starlark(this)] this_: Value<'v>, path: &str) -> starlark::Result<NoneOr<FileContent>> {
        let removed = this(this_).lock().files.remove(&normalize_destination(path));
        Ok(match removed {
            Some(entry) => NoneOr::Other(as_content(path, entry)),
            None => NoneOr::None,
        })
    }

    /// The destination paths, sorted.
    fn paths<'v>(#[starlark(this)] this_: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        let paths: Vec<String> = this(this_).data().files.into_keys().collect();
        Ok(heap.alloc(AllocList(paths)))
    }

    /// Asks for a copy of the layout at `path` under the build path.
    /// PyOxidizer writes it while evaluating; frost records the request in
    /// the lowered manifest and writes nothing while evaluating.
    fn install<'v>(
        #[starlark(this)] this_: Value<'v>,
        path: &str,
        #[starlark(default = true)] replace: bool,
    ) -> starlark::Result<NoneType> {
        if let Some(why) = check_destination(path) {
            return Err(CheckError::invalid(format!("cannot install into \"{path}\": {why}")).into());
        }
        this(this_).lock().installs.push(InstallRequest { path: normalize_destination(path), replace });
        Ok(NoneType)
    }

    /// Adds a Python resource, or a `PythonExecutable` (as
    /// `PREFIX/<name>`), under `prefix` (`"."`: at the top).
    fn add_python_resource<'v>(
        #[starlark(this)] this_: Value<'v>,
        prefix: &str,
        resource: Value<'v>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        add_resource(this(this_), prefix, resource, eval)?;
        Ok(NoneType)
    }

    /// Adds each of `resources` as `add_python_resource` does.
    fn add_python_resources<'v>(
        #[starlark(this)] this_: Value<'v>,
        prefix: &str,
        resources: Value<'v>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> starlark::Result<NoneType> {
        let items: Vec<Value<'v>> = resources.iterate(eval.heap())?.collect();
        for r in items {
            add_resource(this(this_), prefix, r, eval)?;
        }
        Ok(NoneType)
    }

    /// In PyOxidizer, builds the target now. frost builds targets from the
    /// command line (`frost build --target NAME`), so this is an error.
    fn build<'v>(#[starlark(this)] _this: Value<'v>, target: &str) -> starlark::Result<NoneType> {
        let _ = target;
        Err(writes_files("FileManifest.build()"))
    }
}

/// Where `add_file` puts `content`.
pub fn destination(
    content: &FileContentData,
    path: Option<&str>,
    directory: Option<&str>,
) -> Result<String, CheckError> {
    match (path, directory) {
        (Some(_), Some(_)) => Err(CheckError::invalid("at most 1 of `path` and `directory` must be specified")),
        (Some(p), None) => Ok(p.to_string()),
        (None, Some(d)) => Ok(join(d, &content.filename)),
        (None, None) => Ok(content.filename.clone()),
    }
}

fn as_content(path: &str, entry: InstallEntry) -> FileContent {
    let filename = path.rsplit(['/', '\\']).next().unwrap_or(path).to_string();
    FileContent::new(FileContentData { filename, entry })
}
