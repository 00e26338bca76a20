//! The macro behind every attribute table: one row per attribute gives a
//! typed struct, the static table of [`Attr`](crate::Attr) rows and the
//! checked getters and setters. The interpreter config
//! ([`crate::config`]), the packaging policy ([`crate::packaging_policy`])
//! and the executable's attributes ([`crate::plan`]) are each one call.

/// Declares a table: the struct, its `Default`, the static table, the
/// row-lookup function and `get`/`set`.
///
/// Each row is `name: RustType = default, group [, windows | debug | codec | errors];` with
/// its doc comment, then `#[since = "3.X"]` when the attribute exists only
/// from that CPython version on; the Rust type gives the row's [`Kind`](crate::Kind) and
/// whether `None` is accepted. `owner` is the Starlark type named in
/// "has no attribute" errors. `codec` and `errors` restrict a string to
/// the encoding or error-handler names CPython knows.
macro_rules! attr_table {
    (
        $(#[doc = $sdoc:literal])*
        struct $Struct:ident;
        owner $owner:literal;
        $(#[doc = $tdoc:literal])*
        static $TABLE:ident;
        $(#[doc = $fdoc:literal])*
        fn $lookup:ident;
        rows {
            $(
                $(#[doc = $doc:literal])*
                $(#[since = $since:literal])?
                $name:ident : $ty:ty = $default:expr, $group:expr $(, $only:ident)*;
            )*
        }
    ) => {
        $(#[doc = $sdoc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $Struct {
            $($(#[doc = $doc])* pub $name: $ty,)*
        }

        impl Default for $Struct {
            fn default() -> Self {
                $Struct { $($name: $default,)* }
            }
        }

        $(#[doc = $tdoc])*
        pub static $TABLE: &[$crate::attr::Attr] = &[$(
            $crate::attr::Attr {
                name: stringify!($name),
                kind: <$ty as $crate::types::AttrType>::KIND,
                optional: <$ty as $crate::types::AttrType>::OPTIONAL,
                group: $group,
                windows_only: false $(|| $crate::table::attr_table!(@windows $only))*,
                debug_only: false $(|| $crate::table::attr_table!(@debug $only))*,
                names: $crate::attr::Names::Any $(.or($crate::table::attr_table!(@names $only)))*,
                since: $crate::table::attr_table!(@since $($since)?),
                doc: concat!($($doc, "\n",)*),
                default: || {
                    let default: $ty = $default;
                    $crate::types::AttrType::to_value(&default)
                },
            },
        )*];

        $(#[doc = $fdoc])*
        pub fn $lookup(name: &str) -> Result<&'static $crate::attr::Attr, $crate::attr::AttrError> {
            $TABLE.iter().find(|a| a.name == name).ok_or_else(|| $crate::attr::AttrError::Unknown {
                owner: $owner,
                name: name.to_string(),
                suggestion: $crate::attr::closest(name, $TABLE.iter().map(|a| a.name)),
            })
        }

        impl $Struct {
            /// The value of the attribute `name`, or `None` if there is no such attribute.
            pub fn get(&self, name: &str) -> Option<$crate::attr::Value> {
                match name {
                    $(stringify!($name) => Some($crate::types::AttrType::to_value(&self.$name)),)*
                    _ => None,
                }
            }

            /// Sets the attribute `name` after checking `value` against its row.
            pub fn set(&mut self, name: &str, value: $crate::attr::Value) -> Result<(), $crate::attr::AttrError> {
                let attr = $lookup(name)?;
                attr.check(&value)?;
                match name {
                    $(stringify!($name) => {
                        self.$name = <$ty as $crate::types::AttrType>::from_value(&value).ok_or_else(|| {
                            $crate::attr::AttrError::unrepresentable(attr, value.to_starlark(), value.type_name())
                        })?;
                    })*
                    _ => unreachable!("the lookup found {name}"),
                }
                Ok(())
            }
        }
    };
    (@since) => { None };
    (@since $since:literal) => { Some($since) };
    (@windows windows) => { true };
    (@windows $other:ident) => { false };
    (@debug debug) => { true };
    (@debug $other:ident) => { false };
    (@names codec) => { $crate::attr::Names::Codec };
    (@names errors) => { $crate::attr::Names::ErrorHandler };
    (@names $other:ident) => { $crate::attr::Names::Any };
}

pub(crate) use attr_table;
