//! The book's examples are tested: every `starlark` block in book/src/*.md
//! is evaluated, and the book's table of contents matches its pages.
//!
//! Info strings:
//!
//! - `starlark`: the block must evaluate without error.
//! - `starlark,fails`: the block must fail; its first line is
//!   `# error: <text>` and <text> must appear in the error message.
//! - `,file=NAME` (with either of the above): the block is the file NAME of
//!   a multi-file example. It is written to a folder kept for the page and
//!   evaluated there, so a later `file=` block of the same page can `load()`
//!   it. Blocks without `file=` are evaluated standalone.
//! - `python,file=NAME` (any other language): the block is written to the
//!   page's folder as NAME, not evaluated, for a later block to read (an
//!   app's module that `read_package_root` adds).
//!
//! Every target a block registers is resolved (`Resolve::All`, as `frost
//! check` does). A block that registers none is fine as long as it
//! evaluates.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use frost::{evaluate_source, EvalOptions, Resolve};

/// Pages SUMMARY.md may link before they exist: written by someone else.
const PENDING_PAGES: &[&str] = &["performance.md"];

/// The fewest `starlark` blocks the book may have.
const MIN_BLOCKS: usize = 15;

fn book_src() -> PathBuf {
    common::root().join("book/src")
}

/// The Markdown pages of the book, sorted by name.
fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(book_src())
        .expect("book/src exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages
}

/// A fenced code block.
#[derive(Debug)]
struct Block {
    page: String,
    /// The 1-based line of the opening fence.
    line: usize,
    info: String,
    text: String,
}

impl Block {
    fn at(&self) -> String {
        format!("book/src/{}:{}", self.page, self.line)
    }
}

/// The fenced code blocks of a page (``` or ~~~ fences, three or more).
fn blocks(page: &str, text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, String, Vec<&str>)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let fence: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
        match &mut open {
            None => {
                if fence.len() >= 3 && fence.chars().all(|c| c == fence.chars().next().unwrap()) {
                    let info = trimmed[fence.len()..].trim().to_string();
                    open = Some((fence, i + 1, info, Vec::new()));
                }
            }
            Some((opener, start, info, lines)) => {
                let closes = fence.len() >= opener.len()
                    && fence.starts_with(opener.as_str())
                    && trimmed[fence.len()..].trim().is_empty();
                if closes {
                    out.push(Block {
                        page: page.to_string(),
                        line: *start,
                        info: std::mem::take(info),
                        text: lines.join("\n") + "\n",
                    });
                    open = None;
                } else {
                    lines.push(line);
                }
            }
        }
    }
    assert!(open.is_none(), "book/src/{page}: a code block is never closed");
    out
}

/// What a `starlark` info string asks for.
#[derive(Debug, Default)]
struct Flags {
    fails: bool,
    file: Option<String>,
}

/// The flags of a `starlark...` info string, or `None` for another language.
fn starlark_flags(block: &Block) -> Option<Flags> {
    let mut parts = block.info.split(',').map(str::trim);
    if parts.next() != Some("starlark") {
        assert!(
            !block.info.starts_with("starlark"),
            "{}: malformed info string `{}`; use `starlark`, `starlark,fails` or `starlark,file=NAME`",
            block.at(),
            block.info
        );
        return None;
    }
    let mut flags = Flags::default();
    for part in parts {
        if part == "fails" {
            flags.fails = true;
        } else if let Some(name) = part.strip_prefix("file=") {
            assert!(
                !name.is_empty() && !name.starts_with('/') && !name.split('/').any(|c| c == ".."),
                "{}: `file=` needs a relative path inside the example, got `{name}`",
                block.at()
            );
            flags.file = Some(name.to_string());
        } else {
            panic!("{}: unknown flag `{part}` in info string `{}`", block.at(), block.info);
        }
    }
    Some(flags)
}

/// Writes a block of another language marked `,file=NAME` (an app's
/// `app/hello.py`) into the page's example folder, for a later `starlark`
/// block to read; it is not evaluated.
fn write_other_file(block: &Block, example_dir: &Path) {
    let mut parts = block.info.split(',').map(str::trim);
    if parts.next().is_none_or(|lang| lang.starts_with("starlark")) {
        return;
    }
    for name in parts.filter_map(|p| p.strip_prefix("file=")) {
        assert!(
            !name.is_empty() && !name.starts_with('/') && !name.split('/').any(|c| c == ".."),
            "{}: `file=` needs a relative path inside the example, got `{name}`",
            block.at()
        );
        let path = example_dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &block.text).unwrap();
    }
}

/// The text a failing block promises in its first line.
fn expected_error(block: &Block) -> Option<String> {
    let first = block.text.lines().next()?;
    let text = first.trim().strip_prefix("# error:")?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn options() -> EvalOptions {
    EvalOptions { resolve: Resolve::All, ..common::options() }
}

/// Evaluates one block and returns a description of what went wrong, if anything.
fn check_block(block: &Block, flags: &Flags, example_dir: &Path) -> Option<String> {
    let promised = expected_error(block);
    if flags.fails && promised.is_none() {
        return Some("a `starlark,fails` block must start with `# error: <text>`".to_string());
    }
    if !flags.fails && block.text.trim_start().starts_with("# error:") {
        return Some("this block starts with `# error:` but is not marked `starlark,fails`".to_string());
    }
    let path = match &flags.file {
        Some(name) => {
            let path = example_dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &block.text).unwrap();
            path
        }
        None => PathBuf::from(&block.page),
    };
    let result = evaluate_source(&path, block.text.clone(), &options());
    match (result, promised) {
        (Ok(_), None) => None,
        (Err(e), None) => Some(format!("expected success, got:\n{e}")),
        (Ok(_), Some(text)) => Some(format!("expected an error containing `{text}`, but it evaluated")),
        (Err(e), Some(text)) => {
            let message = e.to_string();
            (!message.contains(&text)).then(|| format!("expected an error containing `{text}`, got:\n{message}"))
        }
    }
}

#[test]
fn every_starlark_block_in_the_book_evaluates_as_marked() {
    let mut failures = Vec::new();
    let mut count = 0;
    for page in pages() {
        let name = page.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&page).unwrap();
        let example_dir = tempfile::tempdir().unwrap();
        for block in blocks(&name, &text) {
            write_other_file(&block, example_dir.path());
            let Some(flags) = starlark_flags(&block) else { continue };
            count += 1;
            if let Some(problem) = check_block(&block, &flags, example_dir.path()) {
                failures.push(format!("{} ({}): {problem}\n--- block\n{}", block.at(), block.info, block.text));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {count} book blocks failed:\n\n{}", failures.len(), failures.join("\n\n"));
    assert!(count >= MIN_BLOCKS, "the book has {count} starlark blocks; it should have at least {MIN_BLOCKS}");
}

/// The `.md` targets of the Markdown links in `text`, without `#anchors`.
fn md_links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let Some(end) = rest.find(')') else { break };
        let target = rest[..end].split('#').next().unwrap_or("");
        if target.ends_with(".md") && !target.contains("://") {
            out.push(target.to_string());
        }
        rest = &rest[end..];
    }
    out
}

#[test]
fn summary_links_every_page_and_every_page_exists() {
    let src = book_src();
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).expect("book/src/SUMMARY.md exists");
    let linked: BTreeSet<String> = md_links(&summary).into_iter().collect();
    let present: BTreeSet<String> = pages()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .filter(|n| n != "SUMMARY.md")
        .collect();
    let missing: Vec<&String> =
        linked.iter().filter(|l| !present.contains(*l) && !PENDING_PAGES.contains(&l.as_str())).collect();
    assert!(missing.is_empty(), "SUMMARY.md links pages that do not exist: {missing:?}");
    let unlinked: Vec<&String> = present.iter().filter(|p| !linked.contains(*p)).collect();
    assert!(unlinked.is_empty(), "pages that SUMMARY.md does not link: {unlinked:?}");
    for pending in PENDING_PAGES {
        assert!(linked.contains(*pending), "SUMMARY.md must list {pending}");
    }

    let book_toml = std::fs::read_to_string(common::root().join("book/book.toml")).expect("book/book.toml exists");
    assert!(book_toml.contains("title = \"frost\"") && book_toml.contains("src = \"src\""), "{book_toml}");
}

#[test]
fn links_between_pages_point_at_pages() {
    let mut broken = Vec::new();
    for page in pages() {
        let name = page.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&page).unwrap();
        for target in md_links(&text) {
            let exists = book_src().join(&target).is_file();
            if !exists && !PENDING_PAGES.contains(&target.as_str()) {
                broken.push(format!("book/src/{name} -> {target}"));
            }
        }
    }
    assert!(broken.is_empty(), "links to missing pages: {broken:?}");
}

#[test]
fn the_block_reader_follows_fences_and_flags() {
    let text = "x\n```starlark\na = 1\n```\n\n````md\n```starlark\nnot a block\n```\n````\n~~~starlark,fails\n# error: boom\n~~~\n";
    let found = blocks("p.md", text);
    let summary: Vec<(usize, &str)> = found.iter().map(|b| (b.line, b.info.as_str())).collect();
    assert_eq!(summary, [(2, "starlark"), (6, "md"), (11, "starlark,fails")]);
    assert_eq!(found[0].text, "a = 1\n");
    assert_eq!(expected_error(&found[2]).as_deref(), Some("boom"));
    let flags = starlark_flags(&found[2]).unwrap();
    assert!(flags.fails && flags.file.is_none());
    assert_eq!(md_links("see [a](a.md#x), [b](https://x/b.md) and [c](c.md)"), ["a.md", "c.md"]);
}
