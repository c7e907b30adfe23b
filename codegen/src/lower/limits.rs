//! The size limits that bound the work of any input: checked on the raw schema before anything
//! walks it ([`check_limits`]), and while lowering ([`Lowerer::spend`] counts subschemas).

use serde_json::Value;

use super::Lowerer;
use crate::catalog::SchemaSource;
use crate::error::SchemaError;
use crate::schema::JsonPointer;

/// Largest schema accepted, as compact JSON. The largest of the hub's is about 30 KiB.
pub const MAX_SCHEMA_BYTES: usize = 2 * 1024 * 1024;

/// Deepest nesting of JSON arrays and objects in a schema accepted; `serde_json` refuses
/// deeper files when reading (at 128), so a schema in memory is held to the same. Also the
/// deepest nesting of subschemas lowered (each `$ref` followed and `allOf` merged counts) and
/// compared by the drift check: every recursive walk of the generator stops here, and
/// [`WORKER_STACK_BYTES`] is the stack they run on.
pub const MAX_SCHEMA_DEPTH: usize = crate::canonical::SERDE_JSON_DEPTH;

/// The stack of every thread the generator's recursive walks run on (normalizing, checking,
/// lowering, emitting and comparing schemas: [`on_worker_stacks`]), chosen with
/// [`MAX_SCHEMA_DEPTH`]. Measured in the debug build, where frames are largest: lowering a
/// `$ref` chain to the depth limit needs 2 to 3 MiB (it overflows rayon's default 2 MiB, which
/// aborted `generate`); a test holds every deep shape to the limit on an eighth of this stack.
/// Only the pages a walk touches are ever committed, so the margin costs no memory.
pub const WORKER_STACK_BYTES: usize = 64 << 20;

/// Runs `work` on the generator's thread pool, one thread per core, each with
/// [`WORKER_STACK_BYTES`] of stack; rayon calls inside `work` stay on that pool. From one of
/// its threads, `work` runs in place.
pub fn on_worker_stacks<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(WORKER_STACK_BYTES)
            .thread_name(|i| format!("oxen-codegen-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        // No thread could be started: the walks still stop at their limits, on this stack.
        None => work(),
    }
}

/// Most values one `enum` may have.
pub const MAX_ENUM_VALUES: usize = 10_000;

/// Most subschemas lowered for one schema, counting each use of a `$ref` target and each
/// member of an `allOf`: bounds the work of schemas that expand exponentially.
pub const MAX_SUBSCHEMAS: usize = 50_000;

/// Deepest chain of `$ref`s followed within `allOf`s (a longer one is a cycle).
pub(super) const MAX_MERGE_DEPTH: usize = 32;

/// Checks the size limits of a raw schema before anything else walks it (without recursion,
/// so that no input can overflow the stack here).
pub fn check_limits(schema: &Value, source: &SchemaSource) -> Result<(), SchemaError> {
    let error = |keyword: &str, message: String| SchemaError {
        source_file: source.clone(),
        pointer: JsonPointer::root(),
        keyword: keyword.to_owned(),
        message,
    };
    let mut stack = vec![(schema, 1usize)];
    let mut deepest = 0;
    while let Some((value, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if depth > MAX_SCHEMA_DEPTH {
            return Err(error(
                "limit",
                format!(
                    "the schema nests deeper than {MAX_SCHEMA_DEPTH} levels of JSON arrays and objects (MAX_SCHEMA_DEPTH); flatten it with `$defs` and `$ref`s"
                ),
            ));
        }
        match value {
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    let bytes = serde_json::to_vec(schema).map(|b| b.len()).unwrap_or(0);
    if bytes > MAX_SCHEMA_BYTES {
        return Err(error(
            "limit",
            format!(
                "the schema is {bytes} bytes, more than the limit of {MAX_SCHEMA_BYTES} (MAX_SCHEMA_BYTES); split it or move repeated parts into `$defs`"
            ),
        ));
    }
    Ok(())
}

impl<'a> Lowerer<'a> {
    /// Counts one subschema against [`MAX_SUBSCHEMAS`].
    pub(super) fn spend(&mut self, pointer: &JsonPointer) -> Result<(), SchemaError> {
        if self.budget == 0 {
            return Err(self.refusal(
                pointer,
                "limit",
                format!(
                    "the schema expands to more than {MAX_SUBSCHEMAS} subschemas (MAX_SUBSCHEMAS), counting every use of a `$ref` target and every `allOf` member; simplify it"
                ),
            ));
        }
        self.budget -= 1;
        Ok(())
    }
}

/// `work` on a pool like the generator's, with an eighth of its stack per thread (rayon calls
/// inside stay there): where tests hold the walks to their limits, with a margin.
#[cfg(test)]
pub(crate) fn on_small_stacks<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .stack_size(WORKER_STACK_BYTES / 8)
        .build()
        .expect("a pool")
        .install(work)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{MAX_SCHEMA_BYTES, MAX_SCHEMA_DEPTH, check_limits};
    use crate::lower::test_support::source;

    fn nested(depth: usize) -> Value {
        (1..depth).fold(json!({}), |inner, _| json!({ "not": inner }))
    }

    #[test]
    fn a_schema_at_the_depth_limit_passes() {
        assert_eq!(check_limits(&nested(MAX_SCHEMA_DEPTH), &source()), Ok(()));
    }

    #[test]
    fn a_schema_past_the_depth_limit_is_refused() {
        let error = check_limits(&nested(MAX_SCHEMA_DEPTH + 1), &source()).expect_err("too deep");
        assert_eq!(error.keyword, "limit");
        assert!(
            error.message.contains("MAX_SCHEMA_DEPTH"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_schema_past_the_size_limit_is_refused() {
        let huge = json!({"description": "x".repeat(MAX_SCHEMA_BYTES)});
        let error = check_limits(&huge, &source()).expect_err("too big");
        assert!(
            error.message.contains("MAX_SCHEMA_BYTES"),
            "{}",
            error.message
        );
    }
}
