//! The `frost` command line; see [`frost::commands`].

fn main() -> std::process::ExitCode {
    frost::commands::main()
}
