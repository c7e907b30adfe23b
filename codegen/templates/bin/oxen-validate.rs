//! `oxen-validate`: checks Oxen hub request payloads against the models' JSON Schemas, offline.
//! Run `oxen-validate --help` for the usage; [`oxen_models::cli`] has the details.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = oxen_models::cli::main_with(
        std::env::args_os()
            .skip(1)
            .map(|arg| arg.to_string_lossy().into_owned()),
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
