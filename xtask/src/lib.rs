//! The maintainer commands behind `cargo xtask`, as a library so tests can drive them.

pub mod check;
pub mod fake_hub;
pub mod fetch;
pub mod fingerprint;
pub mod generate;
pub mod import;
pub mod stale;
pub mod validate;
pub mod workspace;

/// An error and its causes, `: `-separated like anyhow's `{:#}`, leaving out a cause whose text
/// the message already carries (errors that put their source in their own message).
pub fn causes_once(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_already_in_the_message_is_printed_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("cannot read catalog.json: {source}")]
        struct Read {
            source: std::io::Error,
        }
        let error = anyhow::Error::new(Read {
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        })
        .context("reading the committed catalog schemas");
        assert_eq!(
            causes_once(&error),
            "reading the committed catalog schemas: cannot read catalog.json: no such file"
        );
    }
}
