fn main() -> std::process::ExitCode {
    botctl::main()
}
