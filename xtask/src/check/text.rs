//! The terminal report: grouped by model, breaking first, coloured only on a terminal.

use std::fmt::Write;
use std::io::IsTerminal;

use oxen_codegen::drift::Severity;

use super::report::{Report, headline};

/// Colour when stdout is a terminal and `NO_COLOR` is not set (<https://no-color.org>).
pub fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";

fn colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Breaking => "\x1b[31m",
        Severity::Behaviour => "\x1b[33m",
        Severity::NonBreaking => "\x1b[32m",
        Severity::Cosmetic => "\x1b[2m",
    }
}

pub fn render(report: &Report, coloured: bool) -> String {
    let paint = |style: &str, text: &str| {
        if coloured {
            format!("{style}{text}{RESET}")
        } else {
            text.to_owned()
        }
    };
    let mut out = String::new();
    if let Some(stale) = &report.stale {
        for error in &stale.unbuildable {
            let _ = writeln!(
                out,
                "{} {error}",
                paint(colour(Severity::Breaking), "cannot generate:"),
            );
        }
        let _ = writeln!(
            out,
            "{} {} file(s) differ from what {} generates; {}",
            paint(colour(Severity::Breaking), "stale bindings:"),
            stale.files.len(),
            report.schemas_dir.display(),
            stale.fix
        );
        let (listed, more) = stale.listed();
        for file in listed {
            let _ = writeln!(out, "  {}", file.display());
        }
        if more > 0 {
            let _ = writeln!(out, "  … and {more} more");
        }
        out.push('\n');
    } else if !report.compared {
        let _ = writeln!(
            out,
            "bindings are up to date with {}",
            report.schemas_dir.display()
        );
    }
    if !report.compared {
        return out;
    }
    let counts = report.counts();
    if counts.total() == 0 {
        let _ = writeln!(out, "no schema drift");
        return out;
    }
    let grouped = report.by_model();
    for (model, changes) in &grouped {
        let _ = writeln!(out, "{}", paint(BOLD, model.as_str()));
        for change in changes {
            let label = format!("{:<12}", change.severity.as_str());
            let place = if change.kind.is_catalog_entry() {
                String::new()
            } else {
                format!(" at {}", change.pointer)
            };
            let _ = writeln!(
                out,
                "  {} {}  [{}{place}]",
                paint(colour(change.severity), &label),
                change.message,
                change.kind,
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "schema drift: {} in {} model(s)",
        headline(&counts),
        grouped.len()
    );
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use oxen_codegen::drift::{Change, ChangeKind};
    use oxen_codegen::{JsonPointer, ModelId, SchemaSet};
    use serde_json::Value;

    use super::*;

    fn report_with(kind: ChangeKind, old: &SchemaSet) -> Report<'_> {
        let model = ModelId::parse("m").expect("valid id");
        let change = Change::new(
            model,
            kind,
            JsonPointer::root(),
            Value::Null,
            Value::Null,
            "it moved".into(),
        );
        Report {
            changes: vec![change],
            stale: None,
            compared: true,
            old,
            schemas_dir: Path::new("schemas"),
        }
    }

    #[test]
    fn breaking_changes_are_red_on_a_terminal() {
        let old = SchemaSet::default();
        let text = render(&report_with(ChangeKind::ModelRemoved, &old), true);
        assert!(text.contains("\x1b[31mbreaking"), "{text:?}");
    }

    #[test]
    fn without_a_terminal_there_are_no_escape_codes() {
        let old = SchemaSet::default();
        let text = render(&report_with(ChangeKind::ModelRemoved, &old), false);
        assert!(!text.contains('\x1b'), "{text:?}");
    }
}
