//! `oxen-validate`: checks Oxen hub request payloads against the models' JSON Schemas, offline.
//! Run `oxen-validate --help` for the usage; [`oxen_models::cli`] has the details.

use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdin = std::io::stdin();
    let code = oxen_models::cli::main_with(
        std::env::args_os().skip(1),
        oxen_models::cli::Streams {
            stdin_is_terminal: stdin.is_terminal(),
            stdin: &mut stdin.lock(),
            stdout: &mut std::io::stdout().lock(),
            stderr: &mut std::io::stderr().lock(),
        },
    );
    ExitCode::from(code)
}
