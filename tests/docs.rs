//! The book's generated pages: the attribute reference from the attribute
//! table, the lint rules from their declarations. Each committed page must
//! be what its source gives today (`FROST_BLESS=1 cargo test --test docs`
//! rewrites them), and every example on the attribute page must be accepted
//! by the config language.

mod common;

use common::*;
use frost::docs::{attribute_reference, ATTRIBUTE_REFERENCE_PATH};
use frost_runtime::ATTRIBUTES;

#[test]
fn the_committed_attribute_reference_is_up_to_date() {
    golden(&root().join(ATTRIBUTE_REFERENCE_PATH), &attribute_reference());
}

#[test]
fn the_committed_packaging_policy_page_is_up_to_date() {
    golden(&root().join(frost::docs::PACKAGING_POLICY_PAGE_PATH), &frost::docs::packaging_policy_page());
}

#[test]
fn every_policy_executable_and_resource_attribute_has_a_section_and_an_accepted_example() {
    let page = frost::docs::packaging_policy_page();
    let examples: Vec<&str> =
        page.lines().filter_map(|l| l.strip_prefix("- example: `")).map(|l| l.trim_end_matches('`')).collect();
    let rows: Vec<_> = frost_runtime::POLICY_ATTRIBUTES
        .iter()
        .chain(frost_runtime::EXECUTABLE_ATTRIBUTES)
        .chain(frost_runtime::add_flags::ADD_ATTRIBUTES)
        .collect();
    assert_eq!(examples.len(), rows.len());
    for (example, attr) in examples.iter().zip(&rows) {
        assert!(page.contains(&format!("\n### `{}`\n", attr.name)), "{}", attr.name);
        let src = format!(
            "def make_exe():\n    dist = default_python_distribution()\n    policy = dist.make_python_packaging_policy()\n    exe = dist.to_python_executable(name = \"app\", packaging_policy = policy)\n    resource = exe.make_python_module_source(\"m\", \"\")\n    {example}\n    return exe\n\nregister_target(\"exe\", make_exe, default = True)\n"
        );
        eval(&src).unwrap_or_else(|e| panic!("{example}: {e}"));
    }
}

#[test]
fn the_committed_installers_page_is_up_to_date() {
    let page = frost::docs::installers_page();
    for t in ["FileManifest", "WiXMSIBuilder", "MacOsApplicationBundleBuilder", "Snap", "CodeSigner"] {
        assert!(page.contains(&format!("\n## `{t}`\n")), "{t}");
    }
    assert!(
        page.contains("`add_python_resource()`") && page.contains("`product_icon_path`"),
        "methods and attributes are listed"
    );
    golden(&root().join(frost::docs::INSTALLERS_PAGE_PATH), &page);
}

#[test]
fn the_committed_lints_page_is_up_to_date() {
    golden(&root().join(frost::docs::LINTS_PAGE_PATH), &frost::docs::lints_page());
}

#[test]
fn every_attribute_has_a_section_with_its_doc() {
    let page = attribute_reference();
    for attr in ATTRIBUTES {
        let heading = format!("\n### `{}`\n", attr.name);
        let at = page.find(&heading).unwrap_or_else(|| panic!("no section for {}", attr.name));
        let section = &page[at + heading.len()..];
        let section = &section[..section.find("\n### ").unwrap_or(section.len())];
        let first_words: String = attr.doc.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
        assert!(section.contains(&first_words), "{}: {section}", attr.name);
        assert!(page.contains(&format!("| [`{0}`](#{0}) |", attr.name)), "{} is in its section's table", attr.name);
    }
    assert_eq!(page.matches("\n### `").count(), ATTRIBUTES.len());
}

#[test]
fn every_example_on_the_page_is_accepted() {
    let page = attribute_reference();
    let examples: Vec<&str> =
        page.lines().filter_map(|l| l.strip_prefix("- example: `")).map(|l| l.trim_end_matches('`')).collect();
    assert_eq!(examples.len(), ATTRIBUTES.len());
    for (example, attr) in examples.iter().zip(ATTRIBUTES) {
        // An attribute of a newer CPython needs a distribution of that version.
        let src = with_body(example).replace(
            "default_python_distribution()",
            &format!("default_python_distribution(python_version = \"{}\")", attr.since.unwrap_or("3.11")),
        );
        let config = eval(&src).unwrap_or_else(|e| panic!("{example}: {e}"));
        let value = config.config.get(attr.name).unwrap();
        assert_ne!(value, attr.default_value(), "{example} sets a value other than the default");
    }
}
