//! `VARS`: the values given with `--var NAME VALUE` and `--var-env NAME
//! ENVVAR`, read like a dict. A missing key says which option supplies it.

use std::fmt;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::environment::{Methods, MethodsBuilder};
use starlark::values::none::NoneOr;
use starlark::values::{starlark_value, Heap, NoSerialize, StarlarkValue, Value, ValueLike};
use starlark::{starlark_module, starlark_simple_value};

use crate::language::errors::other_error;

/// The `VARS` of a module: names and values in the order given.
#[derive(Debug, Clone, ProvidesStaticType, NoSerialize, Allocative)]
pub struct Vars {
    entries: Vec<(String, String)>,
}

starlark_simple_value!(Vars);

impl Vars {
    /// `VARS` holding `entries`.
    pub fn new(entries: Vec<(String, String)>) -> Self {
        Vars { entries }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn missing(&self, key: &str) -> starlark::Error {
        let given = if self.entries.is_empty() {
            "no --var was given".to_string()
        } else {
            let names: Vec<String> = self.entries.iter().map(|(k, _)| format!("`{k}`")).collect();
            format!("it has {}", names.join(", "))
        };
        let key_text = frost_runtime::attr::starlark_string(key);
        other_error(format!(
            "`VARS` has no key {key_text} ({given}); pass it with `--var {key} VALUE` or `--var-env {key} ENVVAR`, or read it with `VARS.get({key_text}, DEFAULT)`"
        ))
    }
}

impl fmt::Display for Vars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{")?;
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{}: {}", frost_runtime::attr::starlark_string(k), frost_runtime::attr::starlark_string(v))?;
        }
        write!(f, "}}")
    }
}

#[starlark_value(type = "VARS")]
impl<'v> StarlarkValue<'v> for Vars {
    fn get_methods() -> Option<&'static Methods> {
        starlark::methods_static!(RES = vars_methods);
        Some(RES.methods())
    }

    fn at(&self, index: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        let key = index.unpack_str().ok_or_else(|| {
            other_error(format!("`VARS` keys are strings; got {} {}", index.get_type(), index.to_repr()))
        })?;
        self.get(key).map(|v| heap.alloc(v)).ok_or_else(|| self.missing(key))
    }

    fn is_in(&self, other: Value<'v>) -> starlark::Result<bool> {
        Ok(other.unpack_str().is_some_and(|k| self.get(k).is_some()))
    }

    fn length(&self) -> starlark::Result<i32> {
        Ok(self.entries.len() as i32)
    }

    fn to_bool(&self) -> bool {
        !self.entries.is_empty()
    }

    fn iterate_collect(&self, heap: Heap<'v>) -> starlark::Result<Vec<Value<'v>>> {
        Ok(self.entries.iter().map(|(k, _)| heap.alloc(k.as_str())).collect())
    }

    fn set_at(&self, _index: Value<'v>, _new_value: Value<'v>) -> starlark::Result<()> {
        Err(other_error("`VARS` cannot be changed: it holds what the command line gave; use a variable of your own"))
    }
}

#[starlark_module]
fn vars_methods(builder: &mut MethodsBuilder) {
    /// The value of `key`, or `default` (None) when it was not given.
    fn get<'v>(
        this: Value<'v>,
        #[starlark(require = pos)] key: &str,
        #[starlark(require = pos, default = NoneOr::None)] default: NoneOr<Value<'v>>,
        heap: Heap<'v>,
    ) -> starlark::Result<Value<'v>> {
        let vars = this.downcast_ref::<Vars>().expect("a method of VARS");
        Ok(match vars.get(key) {
            Some(v) => heap.alloc(v),
            None => default.into_option().unwrap_or_else(Value::new_none),
        })
    }

    /// The names given, in order.
    fn keys<'v>(this: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        let vars = this.downcast_ref::<Vars>().expect("a method of VARS");
        Ok(heap.alloc(vars.entries.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>()))
    }

    /// The values given, in order.
    fn values<'v>(this: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        let vars = this.downcast_ref::<Vars>().expect("a method of VARS");
        Ok(heap.alloc(vars.entries.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>()))
    }

    /// `(name, value)` pairs, in order.
    fn items<'v>(this: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        let vars = this.downcast_ref::<Vars>().expect("a method of VARS");
        let items: Vec<Value<'v>> =
            vars.entries.iter().map(|(k, v)| heap.alloc((heap.alloc(k.as_str()), heap.alloc(v.as_str())))).collect();
        Ok(heap.alloc(items))
    }
}
