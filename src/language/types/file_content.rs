//! `FileContent`: one file's content (from disk, or given inline) with a
//! file name and an executable bit.

use std::fmt;
use std::sync::Mutex;

use allocative::Allocative;
use frost_runtime::attr::starlark_string;
use frost_runtime::manifest::InstallEntry;
use starlark::any::ProvidesStaticType;
use starlark::environment::{Methods, MethodsBuilder};
use starlark::values::ValueLike;
use starlark::values::{starlark_value, Heap, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};

use super::fields::{wrong, CheckError};

/// A file's content, its name and whether it is executable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileContentData {
    /// The name it is installed under (no directory separators).
    pub filename: String,
    /// What is installed: a file from disk, inline content, or a universal binary.
    pub entry: InstallEntry,
}

impl FileContentData {
    /// Whether it is installed executable.
    pub fn executable(&self) -> bool {
        match &self.entry {
            InstallEntry::File { executable, .. } | InstallEntry::Content { executable, .. } => *executable,
            InstallEntry::UniversalBinary { .. } | InstallEntry::Executable { .. } => true,
            InstallEntry::PythonResource { .. } => false,
        }
    }

    fn set_executable(&mut self, value: bool) {
        if let InstallEntry::File { executable, .. } | InstallEntry::Content { executable, .. } = &mut self.entry {
            *executable = value;
        }
    }
}

/// The Starlark `FileContent`.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct FileContent {
    #[allocative(skip)]
    data: Mutex<FileContentData>,
}

starlark_simple_value!(FileContent);

impl FileContent {
    /// A `FileContent` holding `data`.
    pub fn new(data: FileContentData) -> Self {
        FileContent { data: Mutex::new(data) }
    }

    /// A copy of what it holds.
    pub fn data(&self) -> FileContentData {
        self.data.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// What a `FileContent` value holds, or the error naming `what` and the value.
    pub fn of(what: &str, v: Value) -> Result<FileContentData, CheckError> {
        v.downcast_ref::<FileContent>().map(FileContent::data).ok_or_else(|| wrong(what, "a FileContent", v))
    }
}

/// PyOxidizer's rule for `filename`.
pub fn check_filename(name: &str) -> Result<(), CheckError> {
    if name.contains('/') || name.contains('\\') {
        Err(CheckError::invalid(format!("directory separators aren't allowed in file names: {name}")))
    } else if name.is_empty() || name == "." || name == ".." {
        Err(CheckError::invalid(format!("`filename` cannot be {}; it must name a file", starlark_string(name))))
    } else {
        Ok(())
    }
}

impl fmt::Display for FileContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FileContent(filename = {})", starlark_string(&self.data().filename))
    }
}

#[starlark_value(type = "FileContent")]
impl<'v> StarlarkValue<'v> for FileContent {
    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = file_content_methods);
        Some(RES.methods())
    }

    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        let data = self.data();
        match attribute {
            "filename" => Some(heap.alloc(data.filename)),
            "executable" => Some(Value::new_bool(data.executable())),
            _ => None,
        }
    }

    fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
        matches!(attribute, "filename" | "executable")
    }

    fn dir_attr(&self) -> Vec<String> {
        vec!["executable".into(), "filename".into()]
    }

    fn set_attr(&self, attribute: &str, value: Value<'v>) -> starlark::Result<()> {
        let mut data = self.data.lock().unwrap_or_else(|e| e.into_inner());
        match attribute {
            "filename" => {
                let name = value.unpack_str().ok_or_else(|| wrong("`FileContent.filename`", "a string", value))?;
                check_filename(name)?;
                data.filename = name.to_string();
            }
            "executable" => {
                let b = value
                    .unpack_bool()
                    .ok_or_else(|| wrong("`FileContent.executable`", "a bool (True or False)", value))?;
                data.set_executable(b);
            }
            other => return Err(CheckError::unknown("FileContent", other, ["executable", "filename"]).into()),
        }
        Ok(())
    }
}

/// The error of methods that would write files while the config is evaluated.
pub fn writes_files(what: &str) -> starlark::Error {
    CheckError::invalid(format!(
        "{what} writes files while the config is evaluated, which frost never does; \
         return the object from a target instead, and frost builds it"
    ))
    .into()
}

#[starlark_module]
fn file_content_methods(builder: &mut MethodsBuilder) {
    /// In PyOxidizer, writes the file into `path` (under the build path)
    /// while the config is evaluated. frost evaluates without writing
    /// anything, so this is an error.
    fn write_to_directory<'v>(#[starlark(this)] _this: Value<'v>, path: &str) -> starlark::Result<Value<'v>> {
        let _ = path;
        Err(writes_files("FileContent.write_to_directory()"))
    }
}
