//! Snapcraft: `Snap`, `SnapApp`, `SnapPart` (the parts of a
//! `snapcraft.yaml`) and `SnapcraftBuilder` (the snapcraft runs that build
//! it). PyOxidizer makes the `Snap*` attributes write-only; frost lets them
//! be read, and checks every value. `SnapApp`/`SnapPart` values are copied
//! when assigned into `apps`/`parts`.

use std::fmt;

use allocative::Allocative;
use frost_runtime::installer::BuildHost;
use serde_json::{json, Value as Json};
use starlark::any::ProvidesStaticType;
use starlark::environment::{Methods, MethodsBuilder};
use starlark::starlark_module;
use starlark::values::none::NoneType;
use starlark::values::ValueLike;
use starlark::values::{starlark_value, Heap, NoSerialize, StarlarkValue, Value};

use super::fields::{field, to_json, CheckError, FieldKind, Record, Table};
use super::file_manifest::FileManifest;
use super::installer_base::{installer_type, not_while_evaluating, InstallerState};

const ARCHES: &[&str] = &["all", "s390x", "ppc64el", "arm64", "armhf", "amd64", "i386"];

fn app_json(v: Value) -> Option<Json> {
    v.downcast_ref::<SnapApp>().map(|a| a.record.to_object())
}

fn part_json(v: Value) -> Option<Json> {
    v.downcast_ref::<SnapPart>().map(|p| p.record.to_object())
}

use FieldKind::{Enum, EnumList, Int, Str, StrDict, StrDictDict, StrDictList, StrList, StrListDict};

/// `Snap`'s attributes.
pub static SNAP_TABLE: Table = Table {
    type_name: "Snap",
    fields: &[
        field!("adopt_info", Str, true, Json::Null, "The part whose metadata the snap adopts."),
        field!(
            "apps",
            FieldKind::Records { type_name: "SnapApp", to_json: app_json },
            true,
            Json::Null,
            "The apps, by name."
        ),
        field!(
            "architectures",
            StrListDict,
            true,
            Json::Null,
            "`build_on` and `run_on`, each a list of architectures."
        ),
        field!("assumes", StrList, false, json!([]), "Features the snap needs from snapd."),
        field!("base", Str, true, Json::Null, "The base snap."),
        field!("confinement", Enum(&["strict", "devmode", "classic"]), false, Json::Null, "The confinement."),
        field!("description", Str, false, Json::Null, "The description."),
        field!("grade", Enum(&["devel", "stable"]), false, Json::Null, "The grade."),
        field!("icon", Str, true, Json::Null, "The icon's path."),
        field!("license", Str, true, Json::Null, "The SPDX licence."),
        field!("name", Str, false, Json::Null, "The snap's name."),
        field!("passthrough", StrDict, false, json!({}), "Keys passed through to snapcraft."),
        field!(
            "parts",
            FieldKind::Records { type_name: "SnapPart", to_json: part_json },
            true,
            Json::Null,
            "The parts, by name."
        ),
        field!("plugs", StrDictDict, false, json!({}), "The plugs."),
        field!("slots", StrDictDict, false, json!({}), "The slots."),
        field!("summary", Str, false, Json::Null, "The one-line summary."),
        field!("title", Str, true, Json::Null, "The title."),
        field!("type", Enum(&["gadget", "kernel", "base"]), false, Json::Null, "The snap type."),
        field!("version", Str, false, Json::Null, "The version."),
    ],
};

/// `SnapApp`'s attributes.
pub static APP_TABLE: Table = Table {
    type_name: "SnapApp",
    fields: &[
        field!("adapter", Enum(&["none", "full"]), true, Json::Null, "The adapter."),
        field!("autostart", Str, true, Json::Null, "The desktop file that starts it at login."),
        field!("command_chain", StrList, true, Json::Null, "Commands run before `command`."),
        field!("command", Str, true, Json::Null, "The command."),
        field!("common_id", Str, true, Json::Null, "The AppStream id."),
        field!("daemon", Enum(&["simple", "oneshot", "forking", "notify"]), true, Json::Null, "The daemon type."),
        field!("desktop", Str, true, Json::Null, "The desktop file."),
        field!("environment", StrDict, true, Json::Null, "Environment variables."),
        field!("extensions", StrList, true, Json::Null, "The extensions."),
        field!("listen_stream", Str, true, Json::Null, "The socket to listen on."),
        field!("passthrough", StrDict, true, Json::Null, "Keys passed through to snapcraft."),
        field!("plugs", StrList, true, Json::Null, "The plugs."),
        field!("post_stop_command", Str, true, Json::Null, "The command run after stopping."),
        field!(
            "restart_condition",
            Enum(&["on-failure", "on-success", "on-abnormal", "on-abort", "always", "never"]),
            true,
            Json::Null,
            "When the daemon is restarted."
        ),
        field!("slots", StrList, true, Json::Null, "The slots."),
        field!("socket", StrDict, true, Json::Null, "The socket."),
        field!("socket_mode", Int { min: 0 }, true, Json::Null, "The socket's mode."),
        field!("stop_command", Str, true, Json::Null, "The command that stops it."),
        field!("stop_timeout", Str, true, Json::Null, "How long stopping may take."),
        field!("timer", Str, true, Json::Null, "The timer."),
    ],
};

/// `SnapPart`'s attributes.
pub static PART_TABLE: Table = Table {
    type_name: "SnapPart",
    fields: &[
        field!("after", StrList, false, json!([]), "Parts built before this one."),
        field!(
            "build_attributes",
            EnumList(&["debug", "keep-execstack", "no-patchelf", "enable-patchelf", "no-install"]),
            true,
            Json::Null,
            "Build attributes."
        ),
        field!("build_environment", StrDictList, true, Json::Null, "The build environment."),
        field!("build_packages", StrList, true, Json::Null, "Packages needed to build."),
        field!("build_snaps", StrList, true, Json::Null, "Snaps needed to build."),
        field!("filesets", StrListDict, true, Json::Null, "Named file sets."),
        field!("organize", StrDict, true, Json::Null, "Renames in the part."),
        field!("override_build", Str, true, Json::Null, "The build step's script."),
        field!("override_prime", Str, true, Json::Null, "The prime step's script."),
        field!("override_pull", Str, true, Json::Null, "The pull step's script."),
        field!("override_stage", Str, true, Json::Null, "The stage step's script."),
        field!("parse_info", StrList, true, Json::Null, "Metadata files to parse."),
        field!("plugin", Str, true, Json::Null, "The plugin."),
        field!("prime", StrList, false, json!([]), "Files primed."),
        field!("source", Str, true, Json::Null, "The source."),
        field!("source_branch", Str, true, Json::Null, "The source branch."),
        field!("source_checksum", Str, true, Json::Null, "The source checksum."),
        field!("source_commit", Str, true, Json::Null, "The source commit."),
        field!("source_depth", Int { min: 0 }, true, Json::Null, "The clone depth."),
        field!("source_subdir", Str, true, Json::Null, "The source subfolder."),
        field!("source_tag", Str, true, Json::Null, "The source tag."),
        field!(
            "source_type",
            Enum(&["bzr", "deb", "git", "hg", "local", "mercurial", "rpm", "subversion", "svn", "tar", "zip", "7z"]),
            true,
            Json::Null,
            "The source type."
        ),
        field!("stage", StrList, false, json!([]), "Files staged."),
        field!("stage_packages", StrList, false, json!([]), "Packages staged."),
        field!("stage_snaps", StrList, false, json!([]), "Snaps staged."),
    ],
};

/// `SnapcraftBuilder` has no attributes.
pub static BUILDER_TABLE: Table = Table { type_name: "SnapcraftBuilder", fields: &[] };

macro_rules! record_type {
    ($(#[doc = $doc:literal])* $name:ident, $type_name:literal, $table:ident, $methods:expr) => {
        $(#[doc = $doc])*
        #[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
        pub struct $name {
            /// Its attributes.
            #[allocative(skip)]
            pub record: Record,
        }

        starlark::starlark_simple_value!($name);

        impl $name {
            /// A new value with the defaults.
            pub fn new() -> Self {
                $name { record: Record::new(&$table) }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", $type_name, self.record.to_object())
            }
        }

        #[starlark_value(type = $type_name)]
        impl<'v> StarlarkValue<'v> for $name {
            fn get_methods() -> Option<&'static Methods> {
                $methods
            }

            fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
                self.record.get(attribute, heap)
            }

            fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
                self.record.has(attribute)
            }

            fn dir_attr(&self) -> Vec<String> {
                self.record.names()
            }

            fn set_attr(&self, attribute: &str, value: Value<'v>) -> starlark::Result<()> {
                crate::language::errors::deferrable((|| {
                    if attribute == "architectures" && !value.is_none() {
                        check_architectures(value)?;
                    }
                    Ok(self.record.set(attribute, value)?)
                })())
            }
        }
    };
}

fn snap_methods_static() -> Option<&'static Methods> {
    starlark::methods_static!(RES = snap_methods);
    Some(RES.methods())
}

record_type! {
    /// `Snap`: the top of a `snapcraft.yaml`.
    Snap, "Snap", SNAP_TABLE, snap_methods_static()
}
record_type! {
    /// `SnapApp`: one app of a snap.
    SnapApp, "SnapApp", APP_TABLE, None
}
record_type! {
    /// `SnapPart`: one part of a snap.
    SnapPart, "SnapPart", PART_TABLE, None
}

installer_type! {
    /// `SnapcraftBuilder`: the snapcraft runs that build a snap.
    SnapcraftBuilder, "SnapcraftBuilder", builder_methods
}

/// `architectures` must have exactly `build_on` and `run_on`.
fn check_architectures(v: Value) -> Result<(), CheckError> {
    let json = to_json("`Snap.architectures`", StrListDict, false, v)?;
    let map = json.as_object().cloned().unwrap_or_default();
    for key in ["build_on", "run_on"] {
        let Some(list) = map.get(key) else {
            return Err(CheckError::invalid(format!("`Snap.architectures` must have the key \"{key}\"")));
        };
        for a in list.as_array().into_iter().flatten().filter_map(Json::as_str) {
            super::fields::check_enum(&format!("an item of `Snap.architectures[\"{key}\"]`"), a, ARCHES)?;
        }
    }
    if let Some(other) = map.keys().find(|k| *k != "build_on" && *k != "run_on") {
        return Err(CheckError::invalid(format!(
            "`Snap.architectures` cannot have the key \"{other}\"; its keys are \"build_on\" and \"run_on\""
        )));
    }
    Ok(())
}

/// A new `SnapcraftBuilder` for (a copy of) `snap`.
pub fn new_builder(snap: &Snap) -> SnapcraftBuilder {
    SnapcraftBuilder {
        state: InstallerState::new(&BUILDER_TABLE, BuildHost::Linux, vec![("snap", snap.record.to_object())]),
    }
}

#[starlark_module]
fn snap_methods(builder: &mut MethodsBuilder) {
    /// A `SnapcraftBuilder` for this snap (as it is now).
    fn to_builder<'v>(#[starlark(this)] this: Value<'v>) -> starlark::Result<SnapcraftBuilder> {
        Ok(new_builder(this.downcast_ref::<Snap>().expect("a method of Snap")))
    }
}

#[starlark_module]
fn builder_methods(builder: &mut MethodsBuilder) {
    /// Runs `snapcraft ARGS...` when built; `purge_build` (a bool or None)
    /// empties the build folder first.
    fn add_invocation<'v>(
        #[starlark(this)] this: Value<'v>,
        args: Value<'v>,
        purge_build: Option<Value<'v>>,
    ) -> starlark::Result<NoneType> {
        let args = to_json("`args`", StrList, false, args)?;
        let purge = to_json("`purge_build`", FieldKind::Bool, true, purge_build.unwrap_or_else(Value::new_none))?;
        SnapcraftBuilder::state_of("self", this)?.push(
            "add_invocation",
            vec![("args", args), ("purge_build", purge)],
            None,
            None,
        );
        Ok(NoneType)
    }

    /// Copies the files of `manifest` into the build folder.
    fn add_file_manifest<'v>(#[starlark(this)] this: Value<'v>, manifest: Value<'v>) -> starlark::Result<NoneType> {
        let files = FileManifest::of("`manifest`", manifest)?.files;
        SnapcraftBuilder::state_of("self", this)?.push("add_file_manifest", vec![], Some(files), None);
        Ok(NoneType)
    }

    /// In PyOxidizer, runs snapcraft now; frost builds targets from the command line.
    fn build<'v>(#[starlark(this)] _this: Value<'v>, target: &str) -> starlark::Result<NoneType> {
        let _ = target;
        Err(not_while_evaluating("SnapcraftBuilder.build()"))
    }
}
