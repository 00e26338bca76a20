// frost: this whole module (frost issue 13). The evaluator checks its heap
// and time limits only between steps, so one built-in call (`"x" * 10**9`,
// `list(range(10**9))`, `all(range(10**18))`, `x * x` of a huge int) could
// run away with memory or time, or panic inside the allocator. The embedder
// sets the limits here (per thread, for the duration of a `LimitScope`) and
// the built-ins check them before they allocate and while they loop.

//! Limits that hold inside a single built-in call (added by frost).

use std::cell::Cell;
use std::time::Instant;

use crate::values::Heap;

/// The largest int, in bits: ints are refused beyond it.
pub const MAX_INT_BITS: u64 = 100_000;
/// The most digits `int()` converts from a string (CPython's default limit).
pub const MAX_INT_DIGITS: usize = 4300;
/// The largest single value, in bytes, whatever the heap limit: the starlark
/// heap cannot hold one object of 4 GiB or more.
pub const MAX_VALUE_BYTES: usize = (u32::MAX as usize) >> 1;

thread_local! {
    static MAX_HEAP: Cell<Option<usize>> = const { Cell::new(None) };
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    static COUNTER: Cell<u32> = const { Cell::new(0) };
    static STOPPED: Cell<Option<Stop>> = const { Cell::new(None) };
}

#[derive(Clone, Copy, Debug)]
enum Stop {
    Heap(usize),
    Time,
}

/// Sets this thread's limits until it is dropped; the previous ones come back
/// then (a `load()` may evaluate a module inside another).
pub struct LimitScope {
    heap: Option<usize>,
    deadline: Option<Instant>,
}

impl LimitScope {
    /// Limits this thread's built-ins to `max_heap` bytes of heap and to
    /// running until `deadline`.
    pub fn new(max_heap: Option<usize>, deadline: Option<Instant>) -> LimitScope {
        let heap = MAX_HEAP.with(|c| c.replace(max_heap));
        let deadline = DEADLINE.with(|c| c.replace(deadline));
        STOPPED.with(|c| c.set(None));
        LimitScope { heap, deadline }
    }
}

impl Drop for LimitScope {
    fn drop(&mut self) {
        MAX_HEAP.with(|c| c.set(self.heap));
        DEADLINE.with(|c| c.set(self.deadline));
        STOPPED.with(|c| c.set(None));
    }
}

fn heap_error(limit: usize, bytes: usize) -> crate::Error {
    crate::Error::new_other(anyhow::anyhow!(
        "Heap memory limit of {limit} bytes exceeded: this operation needs {bytes} bytes"
    ))
}

/// An error unless `bytes` more bytes fit in the heap limit (and in the
/// largest single value the heap can hold).
pub fn heap_budget_check(heap: Heap<'_>, bytes: usize) -> crate::Result<()> {
    if bytes > MAX_VALUE_BYTES {
        let limit = MAX_HEAP.with(|c| c.get()).unwrap_or(MAX_VALUE_BYTES);
        return Err(heap_error(limit.min(MAX_VALUE_BYTES), bytes));
    }
    if let Some(limit) = MAX_HEAP.with(|c| c.get()) {
        if heap.allocated_bytes().saturating_add(bytes) > limit {
            return Err(heap_error(limit, bytes));
        }
    }
    Ok(())
}

/// [`heap_budget_check`] for `count` items of `each` bytes.
pub fn heap_budget_check_items(heap: Heap<'_>, count: usize, each: usize) -> crate::Result<()> {
    heap_budget_check(heap, count.saturating_mul(each))
}

/// An error if this thread's deadline has passed.
pub fn check_deadline() -> crate::Result<()> {
    match DEADLINE.with(|c| c.get()) {
        Some(deadline) if Instant::now() > deadline => Err(cancelled()),
        _ => Ok(()),
    }
}

/// frost: moves this thread's deadline (if any) `by` later: the embedder
/// pauses the time limit while one of its own calls (a packaging action)
/// runs.
pub fn extend_deadline(by: std::time::Duration) {
    DEADLINE.with(|c| c.set(c.get().map(|d| d + by)));
}

fn cancelled() -> crate::Error {
    crate::Error::new_other(anyhow::anyhow!("Evaluation cancelled: the time limit ran out inside a built-in call"))
}

/// Called for each item a native loop visits: every few thousand items it
/// checks the deadline and the heap. Returns `true` when the loop must stop;
/// the reason is kept until [`take_stopped`] (the evaluator's next check).
#[inline]
pub(crate) fn tick(heap: Heap<'_>) -> bool {
    if STOPPED.with(|c| c.get()).is_some() {
        return true;
    }
    let n = COUNTER.with(|c| {
        let n = c.get().wrapping_add(1);
        c.set(n);
        n
    });
    if n % 4096 != 0 {
        return false;
    }
    tick_slow(heap)
}

#[cold]
fn tick_slow(heap: Heap<'_>) -> bool {
    let stop = if check_deadline().is_err() {
        Some(Stop::Time)
    } else {
        match MAX_HEAP.with(|c| c.get()) {
            Some(limit) if heap.allocated_bytes() > limit => Some(Stop::Heap(limit)),
            _ => None,
        }
    };
    if let Some(stop) = stop {
        STOPPED.with(|c| c.set(Some(stop)));
        true
    } else {
        false
    }
}

/// The error of a native loop that [`tick`] stopped, if one was: the
/// evaluation must fail with it rather than go on with a partial result.
pub fn take_stopped() -> Option<crate::Error> {
    STOPPED.with(|c| c.take()).map(|stop| match stop {
        Stop::Heap(limit) => crate::Error::new_other(anyhow::anyhow!(
            "Heap memory limit of {limit} bytes exceeded inside a built-in call"
        )),
        Stop::Time => cancelled(),
    })
}

/// Called for each step of a native loop that visits no iterator (the
/// comparisons of `sorted`): every few thousand steps, an error once the
/// deadline has passed.
#[inline]
pub(crate) fn deadline_tick() -> crate::Result<()> {
    let n = COUNTER.with(|c| {
        let n = c.get().wrapping_add(1);
        c.set(n);
        n
    });
    if n % 4096 != 0 {
        return Ok(());
    }
    check_deadline()
}

/// Called with the number of items a native loop is about to materialise:
/// when they cannot fit in the heap limit, the loop stops at once (as
/// [`tick`] stops it) and `false` is returned.
pub(crate) fn fits(heap: Heap<'_>, count: usize) -> bool {
    if heap_budget_check_items(heap, count, std::mem::size_of::<crate::values::Value>()).is_ok() {
        return true;
    }
    let limit = MAX_HEAP.with(|c| c.get()).unwrap_or(MAX_VALUE_BYTES);
    STOPPED.with(|c| c.set(Some(Stop::Heap(limit))));
    false
}

/// The longest text `repr`, `str`, `format` and `json.encode` build: an
/// eighth of the heap limit (and of the largest value), so that the text,
/// even with its last piece escaped, still fits in the heap.
fn text_bound() -> usize {
    MAX_HEAP.with(|c| c.get()).unwrap_or(MAX_VALUE_BYTES).min(MAX_VALUE_BYTES) / 8
}

/// Called before `adding` more bytes are written to a text of `current`
/// bytes: `false` when the text would grow past its bound, and then the
/// native function that builds it fails (see [`after_native`]).
pub(crate) fn text_fits(current: usize, adding: usize) -> bool {
    if current.saturating_add(adding) <= text_bound() {
        return true;
    }
    let limit = MAX_HEAP.with(|c| c.get()).unwrap_or(MAX_VALUE_BYTES);
    STOPPED.with(|c| c.set(Some(Stop::Heap(limit))));
    false
}

/// A writer that fails once more than the text bound is written to it
/// (what `json.encode` writes to).
pub(crate) struct BoundedWriter(pub(crate) Vec<u8>);

impl std::io::Write for BoundedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len().saturating_add(buf.len()) > text_bound() {
            let limit = MAX_HEAP.with(|c| c.get()).unwrap_or(MAX_VALUE_BYTES);
            return Err(std::io::Error::other(format!(
                "Heap memory limit of {limit} bytes exceeded: the JSON text would be longer than {} bytes",
                text_bound()
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The error of a native function that returned while a limit stopped one
/// of its loops.
#[inline]
pub(crate) fn after_native<T>(result: crate::Result<T>) -> crate::Result<T> {
    match result {
        Ok(_) if STOPPED.with(|c| c.get()).is_some() => Err(take_stopped().unwrap()),
        r => r,
    }
}

/// An error unless an int of `bits` bits is within [`MAX_INT_BITS`].
pub fn int_bits_check(bits: u64) -> crate::Result<()> {
    if bits > MAX_INT_BITS {
        Err(crate::Error::new_other(anyhow::anyhow!(
            "Int limit of {MAX_INT_BITS} bits exceeded: the result would have {bits} bits"
        )))
    } else {
        Ok(())
    }
}

/// The bits of an int operand: 32 for a small int, the bigint's bit length.
pub(crate) fn int_bits(x: crate::values::types::int::int_or_big::StarlarkIntRef<'_>) -> u64 {
    match x {
        crate::values::types::int::int_or_big::StarlarkIntRef::Small(_) => 32,
        crate::values::types::int::int_or_big::StarlarkIntRef::Big(b) => b.get().bits(),
    }
}

/// An error unless the product of `a` and `b` stays within [`MAX_INT_BITS`]
/// (a float operand is not checked: its product is a float).
pub(crate) fn int_mul_check(
    a: crate::values::types::int::int_or_big::StarlarkIntRef<'_>,
    b: crate::values::types::num::value::NumRef<'_>,
) -> crate::Result<()> {
    match b {
        crate::values::types::num::value::NumRef::Int(b) => {
            int_bits_check(int_bits(a).saturating_add(int_bits(b)))
        }
        crate::values::types::num::value::NumRef::Float(_) => Ok(()),
    }
}
