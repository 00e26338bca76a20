//! What every installer type shares: constructor arguments (readable, not
//! settable), settable attributes from the type's table, and the steps the
//! config added, in order. A macro declares each Starlark type around it.

use std::collections::BTreeMap;
use std::sync::Mutex;

use frost_runtime::installer::{BuildHost, InstallerBody, InstallerStep};
use frost_runtime::manifest::Files;
use serde_json::Value as Json;
use starlark::values::{Heap, Value};

use super::fields::{to_starlark, CheckError, Record, Table};

/// The state of one installer object.
#[derive(Debug)]
pub struct InstallerState {
    /// The Starlark type name.
    pub type_name: &'static str,
    /// Where it can be built.
    pub build_host: BuildHost,
    /// The constructor arguments: readable, not settable.
    pub args: BTreeMap<&'static str, Json>,
    /// The settable attributes.
    pub record: Record,
    /// What was added, in order.
    pub steps: Mutex<Vec<InstallerStep>>,
}

impl InstallerState {
    /// A new state with the table's defaults.
    pub fn new(table: &'static Table, build_host: BuildHost, args: Vec<(&'static str, Json)>) -> Self {
        InstallerState {
            type_name: table.type_name,
            build_host,
            args: args.into_iter().collect(),
            record: Record::new(table),
            steps: Mutex::new(Vec::new()),
        }
    }

    /// Records one step.
    pub fn push(&self, op: &str, args: Vec<(&str, Json)>, files: Option<Files>, installer: Option<InstallerBody>) {
        let step = InstallerStep {
            op: op.to_string(),
            args: args.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            files,
            installer: installer.map(Box::new),
        };
        self.steps.lock().unwrap_or_else(|e| e.into_inner()).push(step);
    }

    /// The lowered form.
    pub fn body(&self) -> InstallerBody {
        let mut fields: BTreeMap<String, Json> = self.args.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        fields.extend(self.record.to_map());
        InstallerBody {
            installer_type: self.type_name.to_string(),
            build_host: self.build_host,
            fields,
            steps: self.steps.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        }
    }

    /// An attribute: a constructor argument or a table attribute.
    pub fn get<'v>(&self, name: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        match self.args.get(name) {
            Some(v) => Some(to_starlark(heap, v)),
            None => self.record.get(name, heap),
        }
    }

    /// Whether there is an attribute `name`.
    pub fn has(&self, name: &str) -> bool {
        self.args.contains_key(name) || self.record.has(name)
    }

    /// The attribute names.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.args.keys().map(|k| k.to_string()).collect();
        names.extend(self.record.names());
        names.sort();
        names
    }

    /// Sets a table attribute; constructor arguments are read-only.
    pub fn set(&self, name: &str, value: Value) -> Result<(), CheckError> {
        if self.args.contains_key(name) {
            return Err(CheckError::invalid(format!(
                "`{}.{name}` is read-only: it is the constructor's `{name}` argument",
                self.type_name
            )));
        }
        if !self.record.has(name) {
            let mut known = self.record.names();
            known.extend(self.args.keys().map(|k| k.to_string()));
            return Err(CheckError::unknown(self.type_name, name, known.iter().map(String::as_str)));
        }
        self.record.set(name, value)
    }
}

/// The error of PyOxidizer methods that run external tools (WiX, lipo,
/// snapcraft) or write files while the config is evaluated.
pub fn not_while_evaluating(what: &str) -> starlark::Error {
    CheckError::invalid(format!(
        "{what} runs an installer tool or writes files while the config is evaluated, which frost never does; \
         return the object from a target instead"
    ))
    .into()
}

/// Declares a Starlark installer type: a struct holding an
/// [`InstallerState`], its `Display`, attributes and methods.
macro_rules! installer_type {
    ($(#[doc = $doc:literal])* $name:ident, $type_name:literal, $methods:ident) => {
        $(#[doc = $doc])*
        #[derive(Debug, starlark::any::ProvidesStaticType, starlark::values::NoSerialize, allocative::Allocative)]
        pub struct $name {
            /// Its arguments, attributes and steps.
            #[allocative(skip)]
            pub state: $crate::language::types::installer_base::InstallerState,
        }

        starlark::starlark_simple_value!($name);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let args: Vec<String> =
                    self.state.args.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                write!(f, "{}({})", $type_name, args.join(", "))
            }
        }

        #[starlark::values::starlark_value(type = $type_name)]
        impl<'v> starlark::values::StarlarkValue<'v> for $name {
            fn get_methods() -> Option<&'static starlark::environment::Methods> {
                starlark::methods_static!(RES = $methods);
                Some(RES.methods())
            }

            fn get_attr(&self, attribute: &str, heap: starlark::values::Heap<'v>) -> Option<starlark::values::Value<'v>> {
                self.state.get(attribute, heap)
            }

            fn has_attr(&self, attribute: &str, _heap: starlark::values::Heap<'v>) -> bool {
                self.state.has(attribute)
            }

            fn dir_attr(&self) -> Vec<String> {
                self.state.names()
            }

            fn set_attr(&self, attribute: &str, value: starlark::values::Value<'v>) -> starlark::Result<()> {
                $crate::language::errors::deferrable(self.state.set(attribute, value).map_err(Into::into))
            }
        }

        impl $name {
            /// The state of a value of this type, or the error naming `what`.
            pub fn state_of<'a>(
                what: &str,
                v: starlark::values::Value<'a>,
            ) -> Result<&'a $crate::language::types::installer_base::InstallerState, $crate::language::types::fields::CheckError> {
                starlark::values::ValueLike::downcast_ref::<$name>(v)
                    .map(|x| &x.state)
                    .ok_or_else(|| $crate::language::types::fields::wrong(what, concat!("a ", $type_name), v))
            }
        }
    };
}
pub(crate) use installer_type;
