//! No input makes frost panic: generated programs that poke at every
//! attribute with values of every type, and mangled versions of the examples.

mod common;

use std::path::Path;

use frost::evaluate_source;
use frost_runtime::ATTRIBUTES;
use proptest::prelude::*;

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("None".to_string()),
        Just("True".to_string()),
        Just("False".to_string()),
        any::<i64>().prop_map(|i| i.to_string()),
        Just("99999999999999999999999999999".to_string()),
        Just("-99999999999999999999999999999".to_string()),
        Just("1.5".to_string()),
        "[a-zé\"\\\\:/$ ]{0,12}".prop_map(|s| frost_runtime::attr::starlark_string(&s)),
        Just("[\"a\", 1]".to_string()),
        Just("[]".to_string()),
        Just("{\"a\": 1}".to_string()),
        Just("(\"a\",)".to_string()),
        Just("struct(a = 1)".to_string()),
        Just("config".to_string()),
        Just("config.module_search_paths".to_string()),
        Just("lambda: 1".to_string()),
        Just("default_python_distribution()".to_string()),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(ATTRIBUTES.iter().map(|a| a.name.to_string()).collect::<Vec<_>>()),
        1 => "[a-z_]{1,12}",
    ]
}

fn statement() -> impl Strategy<Value = String> {
    prop_oneof![
        (name(), value()).prop_map(|(n, v)| format!("config.{n} = {v}")),
        (name(), value()).prop_map(|(n, v)| format!("config = PythonInterpreterConfig({n} = {v})")),
        (name(), value()).prop_map(|(n, v)| format!("config.{n}.append({v})")),
        (name(), value()).prop_map(|(n, v)| format!("config.{n}.extend({v})")),
        (name(), value()).prop_map(|(n, v)| format!("config.{n}.insert({v}, {v})")),
        name().prop_map(|n| format!("config.{n}.pop()")),
        name().prop_map(|n| format!("x = config.{n} + config.{n}")),
        name().prop_map(|n| format!("x = config.{n}[0]")),
        value().prop_map(|v| format!("config = {v}")),
        value().prop_map(|v| format!("exe = dist.to_python_executable(name = {v}, config = config)")),
        value().prop_map(|v| format!("register_target({v}, {v})")),
        value().prop_map(|v| format!("resolve_target({v})")),
        Just("resolve_targets()".to_string()),
        Just("config = config.copy()".to_string()),
        value().prop_map(|v| format!("return {v}")),
    ]
}

fn run(src: String) {
    let options = common::options();
    // Ok or Err are both fine; a panic fails the test.
    let _ = evaluate_source(Path::new("fuzz.bzl"), src, &options);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn generated_programs_never_panic(body in prop::collection::vec(statement(), 0..8), top in prop::collection::vec(statement(), 0..3)) {
        let body: String = body.iter().map(|s| format!("    {s}\n")).collect();
        let top: String = top.iter().filter(|s| !s.starts_with("return")).map(|s| format!("{s}\n")).collect();
        run(format!(
            "def make_exe():\n    dist = default_python_distribution()\n    config = dist.make_python_interpreter_config()\n{body}    return dist.to_python_executable(name = \"app\", config = config)\n\nregister_target(\"exe\", make_exe, default = True)\n{top}resolve_targets()\n"
        ));
    }

    #[test]
    fn mangled_examples_never_panic(cut in 0usize..2000, insert in "[\\x00-\\x7f]{0,4}", which in 0usize..5) {
        let names = ["minimal", "multiprocessing", "cli", "stdlib-vars", "multi-target"];
        let text = std::fs::read_to_string(common::root().join("examples").join(names[which]).join("frost.bzl")).unwrap();
        let mut at = cut % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        run(format!("{}{insert}{}", &text[..at], &text[at..]));
    }

    #[test]
    fn arbitrary_text_never_panics(src in "\\PC{0,200}") {
        run(src);
    }
}
