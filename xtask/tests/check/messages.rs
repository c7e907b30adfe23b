//! What a newcomer reads when a check cannot start: the cause, once, and what to do.

use crate::support::check_with_env;

#[test]
fn a_remote_check_without_a_key_says_to_run_check_again() {
    let run = check_with_env(&["--base-url", "https://hub.example.invalid"], &[]);
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "error: OXEN_API_KEY is not set, and https://hub.example.invalid is not a loopback \
         address. Create an API key in your Oxen hub account settings, then run `export \
         OXEN_API_KEY=<your key>` before `cargo xtask check` (in CI, store the key as a secret \
         and pass it to the job's environment)\n"
    );
}

#[test]
fn a_missing_catalog_names_its_cause_once() {
    let run = check_with_env(&["--schemas", "/nonexistent"], &[]);
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "error: reading the committed catalog /nonexistent: cannot read \
         /nonexistent/catalog.json: No such file or directory (os error 2)\n"
    );
}
