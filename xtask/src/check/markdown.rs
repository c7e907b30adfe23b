//! The pull-request comment: a summary table, the models added and removed, then a section
//! per changed model. Cosmetic changes are folded away so the changes that matter stay readable,
//! and dropped altogether when the comment would not fit in a GitHub comment.

use std::fmt::Write;

use oxen_codegen::ModelId;
use oxen_codegen::drift::{Change, ChangeKind, Severity};

use super::report::Report;

/// GitHub refuses comments and pull-request bodies over 65,536 characters.
pub const MAX_CHARS: usize = 60_000;

pub fn render(report: &Report) -> String {
    let full = render_with(report, Detail::Everything);
    if full.chars().count() <= MAX_CHARS {
        return full;
    }
    let shorter = render_with(report, Detail::NoCosmetic);
    if shorter.chars().count() <= MAX_CHARS {
        return shorter;
    }
    truncate(&shorter)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    Everything,
    /// Cosmetic changes counted, not listed.
    NoCosmetic,
}

fn render_with(report: &Report, detail: Detail) -> String {
    let mut out = String::from("## Schema drift\n\n");
    if let Some(stale) = &report.stale {
        if !stale.unbuildable.is_empty() {
            let _ = writeln!(
                out,
                "**Cannot generate:** {} model(s) of `{}` (breaking: their bindings cannot be made current):\n",
                stale.unbuildable.len(),
                report.schemas_dir.display()
            );
            for error in &stale.unbuildable {
                let _ = writeln!(
                    out,
                    "- `{}`: `{}` at `{}` (`{}`): {}",
                    error.model,
                    error.error.source_file,
                    error.error.pointer,
                    error.error.keyword,
                    error.error.message
                );
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "**Stale bindings:** {} file(s) differ from what `{}` generates; {}.\n",
            stale.files.len(),
            report.schemas_dir.display(),
            stale.fix
        );
        let (listed, more) = stale.listed();
        for file in listed {
            let _ = writeln!(out, "- `{}`", file.display());
        }
        if more > 0 {
            let _ = writeln!(out, "- … and {more} more");
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
    out.push('\n');
    let grouped = report.by_model();
    let only = |kind: ChangeKind| -> Vec<&ModelId> {
        grouped
            .iter()
            .filter(|(_, changes)| changes.iter().any(|c| c.kind == kind))
            .map(|(model, _)| *model)
            .collect()
    };
    for (kind, heading) in [
        (ChangeKind::ModelRemoved, "**Models removed** (breaking)"),
        (ChangeKind::ModelAdded, "**Models added**"),
    ] {
        let models = only(kind);
        if !models.is_empty() {
            let names: Vec<String> = models.iter().map(|m| format!("`{m}`")).collect();
            let _ = writeln!(out, "{heading}: {}\n", names.join(", "));
        }
    }
    let left_out: Vec<&Change> = (report.changes.iter())
        .filter(|c| c.kind == ChangeKind::ModelLeftOut)
        .collect();
    if !left_out.is_empty() {
        let _ = writeln!(out, "**Models left out** (breaking):\n");
        for change in left_out {
            let _ = writeln!(out, "- {}", cell(&change.message));
        }
        out.push('\n');
    }
    for (model, changes) in grouped {
        let changes: Vec<&Change> = changes
            .into_iter()
            .filter(|c| {
                !matches!(
                    c.kind,
                    ChangeKind::ModelAdded | ChangeKind::ModelRemoved | ChangeKind::ModelLeftOut
                )
            })
            .collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### `{model}`\n");
        let (cosmetic, rest): (Vec<&Change>, Vec<&Change>) = changes
            .into_iter()
            .partition(|c| c.severity == Severity::Cosmetic);
        if !rest.is_empty() {
            table(&mut out, &rest);
        }
        if cosmetic.is_empty() {
            continue;
        }
        match detail {
            Detail::Everything => {
                let _ = writeln!(
                    out,
                    "<details><summary>{} cosmetic change(s)</summary>\n",
                    cosmetic.len()
                );
                table(&mut out, &cosmetic);
                out.push_str("</details>\n\n");
            }
            Detail::NoCosmetic => {
                let _ = writeln!(out, "_{} cosmetic change(s) not listed._\n", cosmetic.len());
            }
        }
    }
    out
}

/// Cuts at the last model section that fits, saying so.
fn truncate(text: &str) -> String {
    const NOTE: &str = "\n_The report is cut here to fit in a comment; the JSON report (`--format json`) has every change._\n";
    let budget = MAX_CHARS - NOTE.chars().count();
    let end = text
        .char_indices()
        .nth(budget)
        .map_or(text.len(), |(i, _)| i);
    let cut = text[..end].rfind("\n### ").unwrap_or(end);
    format!("{}{NOTE}", &text[..cut])
}

fn table(out: &mut String, changes: &[&Change]) {
    out.push_str("| Severity | Change | Kind | Where |\n| --- | --- | --- | --- |\n");
    for change in changes {
        let place = if change.kind.is_catalog_entry() {
            "catalog entry".to_owned()
        } else {
            format!("`{}`", cell(change.pointer.as_str()))
        };
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {place} |",
            title(change.severity),
            cell(&change.message),
            change.kind,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_in_a_message_does_not_split_the_table_cell() {
        assert_eq!(cell("a|b\nc <b>"), "a\\|b c &lt;b>");
    }

    #[test]
    fn an_oversized_report_is_cut_at_a_model_section_with_a_note() {
        let section = format!("### `m`\n\n{}\n", "x".repeat(1000));
        let text = format!("## Schema drift\n\n{}", section.repeat(100));
        let cut = truncate(&text);
        assert!(cut.chars().count() <= MAX_CHARS);
        assert!(
            cut.contains("\n_The report is cut here"),
            "{}",
            &cut[cut.len() - 200..]
        );
        assert!(cut.trim_end().ends_with("has every change._"));
        let kept = cut.split("\n_The report").next().unwrap_or_default();
        assert_eq!(kept.matches('x').count() % 1000, 0, "cut inside a section");
    }
}
