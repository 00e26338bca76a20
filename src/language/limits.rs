//! Every limit a config runs under, in one place. Each is an error when hit,
//! never a panic, an abort, a hang or a runaway allocation; `frost check`
//! reports the evaluation limits as `limit-exceeded`. The user guide states
//! them in `book/src/ci.md` ("Limits for untrusted configs").
//!
//! | limit | bound | where it is enforced |
//! |---|---|---|
//! | steps (calls and loop iterations) | [`DEFAULT_MAX_STEPS`], `--max-steps` | the evaluator, between steps |
//! | time | [`DEFAULT_TIMEOUT`], `--timeout` | the evaluator between steps, and every few thousand items inside built-ins' loops |
//! | heap | [`MAX_HEAP_BYTES`] ([`EvalOptions::max_heap_bytes`](super::EvalOptions)) | the evaluator between steps, and before every large allocation inside built-ins |
//! | one value | [`MAX_VALUE_BYTES`] (under 2 GiB), whatever the heap limit | built-ins, before they allocate |
//! | text built by `repr`, `str`, `%`, `format`, `json.encode` | an eighth of the heap limit | as the text grows |
//! | ints | [`MAX_INT_BITS`] bits (about 30,000 decimal digits) | `*` and `<<` |
//! | `int()` of a string | [`MAX_INT_DIGITS`] digits (as CPython) | `int()` |
//! | text in one config attribute | [`MAX_ATTRIBUTE_TEXT_BYTES`] | assignments and list methods, before copying |
//! | source file | [`MAX_SOURCE_BYTES`] | reading a config or a loaded file |
//! | brackets open at once | [`MAX_BRACKETS`] | before parsing |
//! | indentation levels | [`MAX_INDENTS`] | before parsing |
//! | a name or number literal | [`MAX_TOKEN_CHARS`] characters | before parsing |
//! | `repr`/`str` nesting | 3,000 levels (deeper prints as `[...]`) | vendored starlark |
//! | `json.encode` nesting | 1,000 levels | vendored starlark |
//! | call depth | starlark's call stack (`Starlark call stack overflow`) | the evaluator |
//!
//! The limits inside built-ins live in the vendored starlark
//! (`starlark::frost_limits`, see `vendor/README.md`); frost sets them for
//! each evaluation in [`super::session`].

pub use starlark::frost_limits::{MAX_INT_BITS, MAX_INT_DIGITS, MAX_VALUE_BYTES};

pub use super::options::{DEFAULT_MAX_STEPS, DEFAULT_TIMEOUT, MAX_HEAP_BYTES};
pub use super::source::MAX_SOURCE_BYTES;
pub use super::syntax::{MAX_BRACKETS, MAX_INDENTS, MAX_TOKEN_CHARS};

/// The most text, in bytes, one config attribute may hold (64 MiB): list
/// attributes keep their strings outside the evaluator's heap, so they are
/// bounded on their own, before anything is copied.
pub const MAX_ATTRIBUTE_TEXT_BYTES: usize = 64 << 20;
