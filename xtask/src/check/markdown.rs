//! The pull-request comment: a summary table, then a section per model. Cosmetic changes
//! are folded away so the changes that matter stay readable.

use std::fmt::Write;

use oxen_codegen::drift::{Change, Severity};

use super::report::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::from("## Schema drift\n\n");
    if let Some(stale) = &report.stale {
        let _ = writeln!(
            out,
            "**Stale bindings:** {} file(s) differ from what `{}` generates; run `cargo xtask generate`.\n",
            stale.files.len(),
            report.schemas_dir.display()
        );
        for file in &stale.files {
            let _ = writeln!(out, "- `{}`", file.display());
        }
        out.push('\n');
    } else {
        out.push_str("Generated bindings are up to date.\n\n");
    }
    if !report.compared {
        return out;
    }
    let counts = report.counts();
    if counts.total() == 0 {
        out.push_str("No schema drift.\n");
        return out;
    }
    out.push_str("| Severity | Changes |\n| --- | ---: |\n");
    for severity in Severity::ALL {
        let _ = writeln!(out, "| {} | {} |", title(severity), counts.get(severity));
    }
    let grouped = report.by_model();
    let _ = writeln!(out, "\n{} model(s) changed.\n", grouped.len());
    for (model, changes) in grouped {
        let _ = writeln!(out, "### `{model}`\n");
        let (cosmetic, rest): (Vec<&Change>, Vec<&Change>) = changes
            .into_iter()
            .partition(|c| c.severity == Severity::Cosmetic);
        if !rest.is_empty() {
            table(&mut out, &rest);
        }
        if !cosmetic.is_empty() {
            let _ = writeln!(
                out,
                "<details><summary>{} cosmetic change(s)</summary>\n",
                cosmetic.len()
            );
            table(&mut out, &cosmetic);
            out.push_str("</details>\n\n");
        }
    }
    out
}

fn table(out: &mut String, changes: &[&Change]) {
    out.push_str("| Severity | Change | Kind | Pointer |\n| --- | --- | --- | --- |\n");
    for change in changes {
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | `{}` |",
            title(change.severity),
            cell(&change.message),
            change.kind,
            cell(change.pointer.as_str())
        );
    }
    out.push('\n');
}

fn title(severity: Severity) -> &'static str {
    match severity {
        Severity::Breaking => "**breaking**",
        Severity::Behaviour => "behaviour",
        Severity::NonBreaking => "non-breaking",
        Severity::Cosmetic => "cosmetic",
    }
}

/// Text safe inside a table cell: pipes escaped, line breaks and HTML-looking text neutralised.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace(['\r', '\n'], " ")
}
