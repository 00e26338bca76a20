//! Rust types of the attributes, and how each maps to a table [`Kind`].

use crate::attr::{Kind, Value};

/// A Rust type that can hold an attribute's value.
///
/// The table takes an attribute's [`Kind`] and whether it is optional from
/// its Rust type, so a row names the type once.
pub trait AttrType: Sized {
    /// What values the type accepts.
    const KIND: Kind;
    /// Whether `None` is accepted.
    const OPTIONAL: bool = false;
    /// The value in table form.
    fn to_value(&self) -> Value;
    /// The Rust value of a table value that already passed [`crate::Attr::check`].
    fn from_value(value: &Value) -> Option<Self>;
}

impl AttrType for bool {
    const KIND: Kind = Kind::Bool;
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl AttrType for String {
    const KIND: Kind = Kind::Str;
    fn to_value(&self) -> Value {
        Value::Str(self.clone())
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Str(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl AttrType for Vec<String> {
    const KIND: Kind = Kind::StrList;
    fn to_value(&self) -> Value {
        Value::List(self.clone())
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::List(items) => Some(items.clone()),
            _ => None,
        }
    }
}

impl<T: AttrType> AttrType for Option<T> {
    const KIND: Kind = T::KIND;
    const OPTIONAL: bool = true;
    fn to_value(&self) -> Value {
        match self {
            None => Value::None,
            Some(v) => v.to_value(),
        }
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::None => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// `PyConfig.optimization_level`: 0, 1 (`-O`) or 2 (`-OO`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OptimizationLevel(u8);

impl OptimizationLevel {
    /// The level, if it is 0, 1 or 2.
    pub fn new(level: u8) -> Option<Self> {
        (level <= 2).then_some(OptimizationLevel(level))
    }
    /// The level as CPython stores it.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl AttrType for OptimizationLevel {
    const KIND: Kind = Kind::Int { min: 0, max: 2 };
    fn to_value(&self) -> Value {
        Value::Int(self.0.into())
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(i) => u8::try_from(*i).ok().and_then(Self::new),
            _ => None,
        }
    }
}

/// `PyConfig.hash_seed`: CPython accepts 0 to 4294967295 (as `PYTHONHASHSEED` does).
impl AttrType for u32 {
    const KIND: Kind = Kind::Int { min: 0, max: u32::MAX as i64 };
    fn to_value(&self) -> Value {
        Value::Int((*self).into())
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(i) => u32::try_from(*i).ok(),
            _ => None,
        }
    }
}

/// A C `int` of at least 1 (`PyConfig.cpu_count`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PositiveInt(i32);

impl PositiveInt {
    /// The value, if it is at least 1.
    pub fn new(value: i32) -> Option<Self> {
        (value >= 1).then_some(PositiveInt(value))
    }
    /// The value as CPython stores it.
    pub fn get(self) -> i32 {
        self.0
    }
}

impl AttrType for PositiveInt {
    const KIND: Kind = Kind::Int { min: 1, max: i32::MAX as i64 };
    fn to_value(&self) -> Value {
        Value::Int(self.0.into())
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(i) => i32::try_from(*i).ok().and_then(Self::new),
            _ => None,
        }
    }
}

/// Declares a Rust enum whose values are the listed strings.
macro_rules! str_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $text:literal,)* }) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[doc = $vdoc])* $variant,)*
        }

        impl $name {
            /// Every accepted string, in table order.
            pub const VALUES: &'static [&'static str] = &[$($text,)*];

            /// The value's string form.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// The value named by `s`, if it is one of [`Self::VALUES`].
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl AttrType for $name {
            const KIND: Kind = Kind::Enum(Self::VALUES);
            fn to_value(&self) -> Value {
                Value::Str(self.as_str().to_string())
            }
            fn from_value(value: &Value) -> Option<Self> {
                match value {
                    Value::Str(s) => Self::parse(s),
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use str_enum;

str_enum! {
    /// The memory allocator the launcher installs.
    AllocatorBackend {
        /// CPython's own allocators, untouched.
        Default = "default",
        /// jemalloc (PyOxidizer; not built into frost's launcher).
        Jemalloc = "jemalloc",
        /// mimalloc (PyOxidizer; not built into frost's launcher).
        Mimalloc = "mimalloc",
        /// snmalloc (PyOxidizer; not built into frost's launcher).
        Snmalloc = "snmalloc",
        /// Rust's global allocator (the system's malloc).
        Rust = "rust",
    }
}

str_enum! {
    /// The `multiprocessing` start method set when `multiprocessing` is imported.
    StartMethod {
        /// `spawn` on Windows, `fork` elsewhere.
        Auto = "auto",
        /// Leave CPython's default alone.
        None = "none",
        /// `fork`: the child is a copy of the parent (not on Windows).
        Fork = "fork",
        /// `forkserver`: children are forked from a server process started
        /// as `exe -c "from multiprocessing.forkserver import main; ..."`
        /// (not on Windows).
        Forkserver = "forkserver",
        /// `spawn`: each child is a fresh `exe --multiprocessing-fork`.
        Spawn = "spawn",
    }
}

impl StartMethod {
    /// The method in effect on a platform: `auto` is `spawn` on Windows and
    /// `fork` elsewhere; `none` stays `none`.
    pub fn effective(self, windows: bool) -> StartMethod {
        match self {
            StartMethod::Auto if windows => StartMethod::Spawn,
            StartMethod::Auto => StartMethod::Fork,
            m => m,
        }
    }
}

str_enum! {
    /// Which CPython configuration the interpreter starts from.
    ConfigProfile {
        /// `PyConfig_InitIsolatedConfig`: no environment, no argv parsing.
        Isolated = "isolated",
        /// `PyConfig_InitPythonConfig`: behaves like `python`.
        Python = "python",
    }
}

str_enum! {
    /// `PyPreConfig.allocator`.
    PreAllocator {
        /// `PYMEM_ALLOCATOR_NOT_SET`: keep the current allocators.
        NotSet = "not-set",
        /// `PYMEM_ALLOCATOR_DEFAULT`: CPython's default allocators.
        Default = "default",
        /// `PYMEM_ALLOCATOR_DEBUG`: the defaults with debug hooks.
        Debug = "debug",
        /// `PYMEM_ALLOCATOR_MALLOC`: `malloc()` for every domain.
        Malloc = "malloc",
        /// `PYMEM_ALLOCATOR_MALLOC_DEBUG`: `malloc()` with debug hooks.
        MallocDebug = "malloc-debug",
        /// `PYMEM_ALLOCATOR_PYMALLOC`: CPython's pymalloc.
        PyMalloc = "py-malloc",
        /// `PYMEM_ALLOCATOR_PYMALLOC_DEBUG`: pymalloc with debug hooks.
        PyMallocDebug = "py-malloc-debug",
    }
}

str_enum! {
    /// `PyPreConfig.coerce_c_locale`.
    CoerceCLocale {
        /// Coerce to the `LC_CTYPE` locale (`coerce_c_locale = 1`).
        LcCtype = "LC_CTYPE",
        /// Coerce to the `C` locale (`coerce_c_locale = 2`).
        C = "C",
    }
}

str_enum! {
    /// `PyConfig.bytes_warning`: 0, 1 (`-b`) or 2 (`-bb`).
    BytesWarning {
        /// No warning (0).
        None = "none",
        /// Warn (1, `-b`).
        Warn = "warn",
        /// Raise `BytesWarning` (2, `-bb`).
        Raise = "raise",
    }
}

str_enum! {
    /// `PyConfig.check_hash_pycs_mode`.
    CheckHashPycsMode {
        /// Always check the source of hash-based `.pyc` files.
        Always = "always",
        /// Never check it.
        Never = "never",
        /// Check it for checked hash-based `.pyc` files only.
        Default = "default",
    }
}

/// How `TERMINFO_DIRS` is set for curses and readline.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TerminfoResolution {
    /// Look for the terminfo database in the usual places of the running system.
    Dynamic,
    /// Leave `TERMINFO_DIRS` alone.
    None,
    /// Use this path (a `:`-separated list is allowed).
    Static(String),
}

impl AttrType for TerminfoResolution {
    const KIND: Kind = Kind::Terminfo;
    fn to_value(&self) -> Value {
        Value::Str(match self {
            TerminfoResolution::Dynamic => "dynamic".into(),
            TerminfoResolution::None => "none".into(),
            TerminfoResolution::Static(path) => format!("static:{path}"),
        })
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Str(s) if s == "dynamic" => Some(TerminfoResolution::Dynamic),
            Value::Str(s) if s == "none" => Some(TerminfoResolution::None),
            Value::Str(s) => {
                s.strip_prefix("static:").filter(|p| !p.is_empty()).map(|p| TerminfoResolution::Static(p.to_string()))
            }
            _ => None,
        }
    }
}

/// `AttrType` for a type written as its `Display` and read back with
/// `FromStr` (a string in the table).
macro_rules! text_attr_type {
    ($ty:ty, $kind:expr) => {
        impl $crate::types::AttrType for $ty {
            const KIND: $crate::attr::Kind = $kind;
            fn to_value(&self) -> $crate::attr::Value {
                $crate::attr::Value::Str(self.to_string())
            }
            fn from_value(value: &$crate::attr::Value) -> Option<Self> {
                match value {
                    $crate::attr::Value::Str(s) => s.parse().ok(),
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use text_attr_type;

text_attr_type!(crate::policy::ResourceLocation, Kind::Location);
