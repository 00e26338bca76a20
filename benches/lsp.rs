//! `frost lsp`: placeholder, replaced below.
fn main() {}
