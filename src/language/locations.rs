//! Where attributes were set: while `frost check` evaluates, every
//! assignment records the statement it came from, so a finding can point at
//! the line that caused it.

use std::cell::RefCell;

use starlark::codemap::FileSpan;

/// Where attributes were last set: attribute name to the statement's span.
pub type Locations = std::collections::BTreeMap<&'static str, FileSpan>;

thread_local! {
    /// The statement being evaluated, while locations are tracked (see
    /// [`enable_location_tracking`]); `None` when they are not.
    static CURRENT_STATEMENT: RefCell<Option<Option<FileSpan>>> = const { RefCell::new(None) };
}

/// Turns on location tracking for this thread: from now on every config
/// records where each attribute was last set, for `frost check`.
pub fn enable_location_tracking() {
    CURRENT_STATEMENT.with(|c| *c.borrow_mut() = Some(None));
}

/// The hook that keeps the current statement up to date; a no-op unless
/// tracking is on.
pub fn before_statement(span: starlark::codemap::FileSpanRef, _continued: bool, _eval: &mut starlark::eval::Evaluator) {
    CURRENT_STATEMENT.with(|c| {
        if let Some(current) = c.borrow_mut().as_mut() {
            *current = Some(span.to_file_span());
        }
    });
}

/// The span of the statement being evaluated, while tracking is on.
pub fn current_statement() -> Option<FileSpan> {
    CURRENT_STATEMENT.with(|c| c.borrow().clone().flatten())
}

pub(crate) fn record(locations: &RefCell<Locations>, name: &'static str) {
    if let Some(span) = current_statement() {
        locations.borrow_mut().insert(name, span);
    }
}
