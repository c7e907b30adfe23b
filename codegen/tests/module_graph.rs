//! The modules of `codegen/src` form a DAG that matches the stage order of the README: no
//! module imports one that (directly or not) imports it back, and the README's "How it works"
//! lists each module below every module it imports. Read from the source: every
//! `crate::<module>` path outside comments, in `use` lines or inline, is an edge from the
//! top-level module of the file it is in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The top-level modules (`src/<name>.rs` or `src/<name>/`), each with the top-level modules
/// its files name through `crate::`.
fn module_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules: Graph = BTreeMap::new();
    for entry in std::fs::read_dir(&src).expect("codegen/src is readable") {
        let path = entry.expect("directory entry").path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 name");
        if name != "lib" && (path.is_dir() || path.extension().is_some_and(|e| e == "rs")) {
            modules.insert(name.to_owned(), BTreeSet::new());
        }
    }
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).expect("below src");
        let first = relative.components().next().expect("a component");
        let module = Path::new(first.as_os_str())
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 name")
            .to_owned();
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("source is readable");
        let edges = modules.get_mut(&module).expect("a top-level module");
        for target in crate_paths(&text) {
            if target != module && known.contains(&target) {
                edges.insert(target);
            }
        }
    }
    modules
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("directory is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The first path segment after every `crate::` of code (comments skipped), with the
/// members of `crate::{a::X, b}` groups.
fn crate_paths(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let code = match line.find("//") {
            Some(comment) => &line[..comment],
            None => line,
        };
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            match rest.strip_prefix('{') {
                Some(group) => {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    found.extend(group.split(',').map(|item| ident(item.trim())));
                }
                None => found.push(ident(rest)),
            }
        }
    }
    found.retain(|name| !name.is_empty());
    found
}

fn ident(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every cycle, as the modules of one strongly connected component (Tarjan's algorithm).
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        components: Vec<Vec<String>>,
    }
    fn visit<'g>(state: &mut State<'g>, node: &'g str) {
        let index = state.index.len();
        state.index.insert(node, index);
        state.low.insert(node, index);
        state.stack.push(node);
        for next in &state.graph[node] {
            let next = next.as_str();
            if !state.index.contains_key(next) {
                visit(state, next);
                let low = state.low[node].min(state.low[next]);
                state.low.insert(node, low);
            } else if state.stack.contains(&next) {
                let low = state.low[node].min(state.index[next]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            while let Some(member) = state.stack.pop() {
                component.push(member.to_owned());
                if member == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                state.components.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        components: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.components
}

/// The top-level modules of `codegen/` in the order the README's "How it works" lists them
/// (`  name.rs` or `  name/` lines between `codegen/` and the next top-level directory).
fn readme_order() -> Vec<String> {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let text = std::fs::read_to_string(readme).expect("README.md is readable");
    let mut lines = text
        .lines()
        .skip_while(|line| !line.starts_with("codegen/ "));
    lines.next();
    lines
        .take_while(|line| line.starts_with(' '))
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .map(|entry| {
            entry
                .trim_end_matches('/')
                .trim_end_matches(".rs")
                .to_owned()
        })
        .collect()
}

#[test]
fn the_readme_lists_every_module_below_the_modules_it_imports() {
    let graph = module_graph();
    let order = readme_order();
    let listed: BTreeSet<&String> = order.iter().collect();
    let modules: BTreeSet<&String> = graph.keys().collect();
    assert_eq!(
        listed, modules,
        "the README lists other modules than codegen/src has"
    );
    let mut above = BTreeSet::new();
    let mut misplaced = Vec::new();
    for module in &order {
        for imported in &graph[module] {
            if !above.contains(imported) {
                misplaced.push(format!("{module} imports {imported}, listed below it"));
            }
        }
        above.insert(module);
    }
    assert!(misplaced.is_empty(), "{}", misplaced.join("\n"));
}

#[test]
fn the_modules_of_the_generator_import_each_other_in_no_cycle() {
    let graph = module_graph();
    let found = cycles(&graph);
    let shown: Vec<String> = found
        .iter()
        .map(|members| {
            let edges: Vec<String> = members
                .iter()
                .flat_map(|from| {
                    graph[from]
                        .iter()
                        .filter(|to| members.contains(to))
                        .map(move |to| format!("{from} → {to}"))
                })
                .collect();
            format!("{}: {}", members.join(", "), edges.join(", "))
        })
        .collect();
    assert!(
        found.is_empty(),
        "modules that import each other:\n{}",
        shown.join("\n")
    );
}

#[test]
fn the_json_schema_module_is_a_leaf() {
    let graph = module_graph();
    assert_eq!(graph["schema"], BTreeSet::new());
}

#[test]
fn a_cycle_is_found_and_a_chain_is_not() {
    let graph = |edges: &[(&str, &str)]| {
        let mut graph = Graph::new();
        for (from, to) in edges {
            graph.entry((*to).to_owned()).or_default();
            graph
                .entry((*from).to_owned())
                .or_default()
                .insert((*to).to_owned());
        }
        graph
    };
    assert_eq!(
        cycles(&graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])),
        [["a", "b", "c"]]
    );
    assert!(cycles(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])).is_empty());
}

#[test]
fn crate_paths_are_read_from_use_lines_groups_and_inline_paths_but_not_comments() {
    let text = "use crate::catalog::ModelId;\nuse crate::{error::X, ir};\n/// [`crate::hub`]\nlet y = crate::emit::docs::compact(v); // crate::plan\n";
    assert_eq!(crate_paths(text), ["catalog", "error", "ir", "emit"]);
}
