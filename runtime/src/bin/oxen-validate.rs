//! `oxen-validate`: checks Oxen hub request payloads against the models' JSON Schemas, offline.
//! Run `oxen-validate --help` for the usage; [`oxen_models::cli`] has the details.

use std::io::IsTerminal;
use std::process::ExitCode;

/// mimalloc rather than glibc's malloc: `--ndjson` builds and drops a `serde_json::Value` per
/// payload on every core; the bare loop of `tests/scripts/bench-validate.sh` takes 6% less CPU
/// with it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
