//! `PythonWheelBuilder`: a `.whl` of given files. Evaluating records the
//! files and tags; the zip is written when frost builds it.
//!
//! `tag` is `<python_tag>-<abi_tag>-<platform_tag>`: setting it sets the
//! three, and setting one of them changes it. `wheel_file_name` is read-only.
//! `modified_time` is None (the build's time) unless set: evaluation never
//! reads the clock.

use std::fmt;

use allocative::Allocative;
use frost_runtime::installer::BuildHost;
use frost_runtime::manifest::{check_destination, normalize_destination, Files};
use serde_json::{json, Value as Json};
use starlark::any::ProvidesStaticType;
use starlark::environment::{Methods, MethodsBuilder};
use starlark::values::none::{NoneOr, NoneType};
use starlark::values::ValueLike;
use starlark::values::{starlark_value, Heap, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};

use super::fields::{field, wrong, CheckError, FieldKind, Table};
use super::file_content::FileContent;
use super::file_manifest::destination;
use super::installer_base::{not_while_evaluating, InstallerState};

/// `PythonWheelBuilder`'s attributes (`tag` and `wheel_file_name` are
/// derived from them).
pub static WHEEL_TABLE: Table = Table {
    type_name: "PythonWheelBuilder",
    fields: &[
        field!("abi_tag", FieldKind::Str, false, json!("none"), "The ABI tag."),
        field!("build_tag", FieldKind::Str, true, Json::Null, "The optional build tag."),
        field!(
            "generator",
            FieldKind::Str,
            false,
            json!("rust-python-packaging"),
            "The `Generator` of the WHEEL file."
        ),
        field!(
            "modified_time",
            FieldKind::Int { min: 0 },
            true,
            Json::Null,
            "The modification time of the files, in Unix seconds (None: when built)."
        ),
        field!("platform_tag", FieldKind::Str, false, json!("any"), "The platform tag."),
        field!("python_tag", FieldKind::Str, false, json!("py3"), "The Python tag."),
        field!("root_is_purelib", FieldKind::Bool, false, json!(false), "`Root-Is-Purelib` of the WHEEL file."),
    ],
};

/// The Starlark `PythonWheelBuilder`.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct PythonWheelBuilder {
    /// Its arguments, attributes and files.
    #[allocative(skip)]
    pub state: InstallerState,
}

starlark_simple_value!(PythonWheelBuilder);

/// A new `PythonWheelBuilder`.
pub fn new_wheel(distribution: &str, version: &str) -> PythonWheelBuilder {
    PythonWheelBuilder {
        state: InstallerState::new(
            &WHEEL_TABLE,
            BuildHost::Any,
            vec![("distribution", json!(distribution)), ("version", json!(version))],
        ),
    }
}

impl PythonWheelBuilder {
    fn string(&self, name: &str) -> String {
        self.state
            .args
            .get(name)
            .and_then(Json::as_str)
            .map(str::to_string)
            .or_else(|| self.state.record.string(name))
            .unwrap_or_default()
    }

    /// `<python_tag>-<abi_tag>-<platform_tag>`.
    pub fn tag(&self) -> String {
        format!("{}-{}-{}", self.string("python_tag"), self.string("abi_tag"), self.string("platform_tag"))
    }

    /// `<distribution>-<version>-<tag>.whl`.
    pub fn wheel_file_name(&self) -> String {
        format!("{}-{}-{}.whl", self.string("distribution"), self.string("version"), self.tag())
    }

    fn add(
        &self,
        op: &str,
        folder: Option<String>,
        file: Value,
        path: NoneOr<&str>,
        directory: NoneOr<&str>,
    ) -> starlark::Result<NoneType> {
        let content = FileContent::of("`file`", file)?;
        let dest = destination(&content, path.into_option(), directory.into_option())?;
        let full = match &folder {
            Some(f) => format!("{f}/{dest}"),
            None => dest,
        };
        if let Some(why) = check_destination(&full) {
            return Err(CheckError::invalid(format!("cannot put a file at \"{full}\" in the wheel: {why}")).into());
        }
        let files = Files::from([(normalize_destination(&full), content.entry)]);
        self.state.push(op, vec![], Some(files), None);
        Ok(NoneType)
    }

    /// The lowered form, with the derived `tag` and `wheel_file_name`.
    pub fn body(&self) -> frost_runtime::installer::InstallerBody {
        let mut body = self.state.body();
        body.fields.insert("tag".into(), json!(self.tag()));
        body.fields.insert("wheel_file_name".into(), json!(self.wheel_file_name()));
        body
    }
}

impl fmt::Display for PythonWheelBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PythonWheelBuilder({})", self.wheel_file_name())
    }
}

#[starlark_value(type = "PythonWheelBuilder")]
impl<'v> StarlarkValue<'v> for PythonWheelBuilder {
    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = wheel_methods);
        Some(RES.methods())
    }

    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        match attribute {
            "tag" => Some(heap.alloc(self.tag())),
            "wheel_file_name" => Some(heap.alloc(self.wheel_file_name())),
            other => self.state.get(other, heap),
        }
    }

    fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
        matches!(attribute, "tag" | "wheel_file_name") || self.state.has(attribute)
    }

    fn dir_attr(&self) -> Vec<String> {
        let mut names = self.state.names();
        names.extend(["tag".to_string(), "wheel_file_name".to_string()]);
        names.sort();
        names
    }

    fn set_attr(&self, attribute: &str, value: Value<'v>) -> starlark::Result<()> {
        match attribute {
            "wheel_file_name" => Err(CheckError::invalid(
                "`PythonWheelBuilder.wheel_file_name` is read-only: it is made from the distribution, version and tags",
            )
            .into()),
            "tag" => {
                let tag = value.unpack_str().ok_or_else(|| wrong("`PythonWheelBuilder.tag`", "a string", value))?;
                let parts: Vec<&str> = tag.split('-').collect();
                match parts.as_slice() {
                    [python, abi, platform] if parts.iter().all(|p| !p.is_empty()) => {
                        self.state.record.put("python_tag", json!(python));
                        self.state.record.put("abi_tag", json!(abi));
                        self.state.record.put("platform_tag", json!(platform));
                        Ok(())
                    }
                    _ => Err(CheckError::invalid(format!(
                        "`PythonWheelBuilder.tag` cannot be \"{tag}\"; it must be PYTHON-ABI-PLATFORM, e.g. \"py3-none-any\""
                    ))
                    .into()),
                }
            }
            other => Ok(self.state.set(other, value)?),
        }
    }
}

fn this(v: Value<'_>) -> &PythonWheelBuilder {
    v.downcast_ref::<PythonWheelBuilder>().expect("a method of PythonWheelBuilder")
}

#[starlark_module]
fn wheel_methods(builder: &mut MethodsBuilder) {
    /// Adds `file` to the `.dist-info` folder, at `path`, in `directory`
    /// or under its file name (at most one of `path` and `directory`).
    fn add_file_dist_info<'v>(
        #[starlark(this)] this_: Value<'v>,
        file: Value<'v>,
        #[starlark(default = NoneOr::None)] path: NoneOr<&str>,
        #[starlark(default = NoneOr::None)] directory: NoneOr<&str>,
    ) -> starlark::Result<NoneType> {
        let w = this(this_);
        let folder = format!("{}-{}.dist-info", w.string("distribution"), w.string("version"));
        w.add("add_file_dist_info", Some(folder), file, path, directory)
    }

    /// Adds `file` to the `.data/<destination>` folder (`scripts`,
    /// `headers`, `data`, `purelib` or `platlib`).
    fn add_file_data<'v>(
        #[starlark(this)] this_: Value<'v>,
        destination: &str,
        file: Value<'v>,
        #[starlark(default = NoneOr::None)] path: NoneOr<&str>,
        #[starlark(default = NoneOr::None)] directory: NoneOr<&str>,
    ) -> starlark::Result<NoneType> {
        let w = this(this_);
        let folder = format!("{}-{}.data/{destination}", w.string("distribution"), w.string("version"));
        w.add("add_file_data", Some(folder), file, path, directory)
    }

    /// Adds `file` at the top of the wheel.
    fn add_file<'v>(
        #[starlark(this)] this_: Value<'v>,
        file: Value<'v>,
        #[starlark(default = NoneOr::None)] path: NoneOr<&str>,
        #[starlark(default = NoneOr::None)] directory: NoneOr<&str>,
    ) -> starlark::Result<NoneType> {
        this(this_).add("add_file", None, file, path, directory)
    }

    /// In PyOxidizer, writes the wheel now and returns it; frost writes nothing while evaluating.
    fn to_file_content<'v>(#[starlark(this)] _this: Value<'v>) -> starlark::Result<NoneType> {
        Err(not_while_evaluating("PythonWheelBuilder.to_file_content()"))
    }

    /// In PyOxidizer, writes the wheel into `path` now.
    fn write_to_directory<'v>(#[starlark(this)] _this: Value<'v>, path: &str) -> starlark::Result<NoneType> {
        let _ = path;
        Err(not_while_evaluating("PythonWheelBuilder.write_to_directory()"))
    }

    /// In PyOxidizer, builds the wheel now; frost builds targets from the command line.
    fn build<'v>(#[starlark(this)] _this: Value<'v>, target: &str) -> starlark::Result<NoneType> {
        let _ = target;
        Err(not_while_evaluating("PythonWheelBuilder.build()"))
    }
}
