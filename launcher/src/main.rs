//! `frost-launcher`: the stub every app built by `frost build` starts as.

fn main() {
    std::process::exit(frost_launcher::main());
}
