//! GitHub Actions workflow commands: an annotation per change on the line of the committed
//! file it is about (`::error` breaking, `::warning` behaviour, `::notice` the rest).

use std::fmt::Write;

use oxen_codegen::drift::Severity;

use super::report::{Report, headline, repository_relative};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    if let Some(stale) = &report.stale {
        for error in &stale.unbuildable {
            let _ = writeln!(
                out,
                "::error file={},title={}::{}",
                property(&repository_relative(
                    &report
                        .schemas_dir
                        .join(error.error.source_file.relative_path())
                )),
                property("cannot generate"),
                data(&error.to_string())
            );
        }
        let advice = format!(
            "differs from what {} generates; {}",
            report.schemas_dir.display(),
            stale.fix
        );
        let (listed, more) = stale.listed();
        for file in listed {
            let _ = writeln!(
                out,
                "::error file={},title={}::{}",
                property(&repository_relative(file)),
                property("stale bindings"),
                data(&advice)
            );
        }
        if more > 0 {
            let _ = writeln!(
                out,
                "::error title={}::{}",
                property("stale bindings"),
                data(&format!("{more} more generated file(s) are stale"))
            );
        }
    }
    for change in &report.changes {
        let command = match change.severity {
            Severity::Breaking => "error",
            Severity::Behaviour => "warning",
            Severity::NonBreaking | Severity::Cosmetic => "notice",
        };
        let location = report.locate(change);
        let line = location
            .line
            .map(|line| format!(",line={line}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "::{command} file={}{line},title={}::{}",
            property(&location.file),
            property(&format!(
                "{} ({}): {}",
                change.model, change.severity, change.kind
            )),
            data(&change.message)
        );
    }
    if report.compared {
        let _ = writeln!(out, "schema drift: {}", headline(&report.counts()));
    }
    out
}

/// Escaping of a command's message (<https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts>).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a command's property value, which also may not contain `:` or `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_cannot_start_a_new_command() {
        assert_eq!(data("50%\n::error::x"), "50%25%0A::error::x");
    }

    #[test]
    fn properties_cannot_end_early() {
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
