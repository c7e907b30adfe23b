//! `oxen`: every model of the Oxen.ai hub from the terminal. Run `oxen --help` for the usage;
//! [`oxen_models::cli::oxen`] has the details.

use std::io::IsTerminal;
use std::process::ExitCode;

use oxen_models::cli::Streams;
use oxen_models::cli::oxen::{Session, main_with};

/// mimalloc, as `oxen-validate`: `oxen validate --ndjson` is the same batch run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let stdin = std::io::stdin();
    let code = main_with(
        std::env::args_os().skip(1),
        Session {
            streams: Streams {
                stdin_is_terminal: stdin.is_terminal(),
                stdin: &mut stdin.lock(),
                stdout: &mut std::io::stdout().lock(),
                // Not locked: the queue's progress bars are drawn on stderr from another thread.
                stderr: &mut std::io::stderr(),
            },
            stderr_is_terminal: std::io::stderr().is_terminal(),
            api_key: std::env::var("OXEN_API_KEY").ok(),
            base_url: std::env::var("OXEN_BASE_URL").ok(),
        },
    );
    ExitCode::from(code)
}
