//! `bare_ndjson_loop` with the allocator of `oxen-validate` (mimalloc): the same least work,
//! so that `tests/scripts/bench-validate.sh` can tell what the allocator gives from what the
//! second core gives.
//!
//! `cargo run --release -p oxen-tests --example bare_ndjson_loop_mimalloc -- requests.ndjson`

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "bare_ndjson_loop.rs"]
mod bare;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    bare::main()
}
