//! The README's "Sending requests" program, run against the fake hub; the README shows this
//! very file (checked here), and compiles it as a doctest.

mod example {
    include!("readme_example.rs");
}

use crate::support::FakeHub;
use crate::{KEY, KEY_FLAGS, block_on};

#[test]
fn the_readme_program_makes_an_image_and_streams_a_chat() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let printed = block_on(example::lighthouse(KEY, &hub.url)).expect("the program runs");
    assert_eq!(
        printed,
        "image: https://fake-hub.invalid/images/flux-2-pro/0.png\nA lighthouse warns ships of the coast."
    );
}

#[test]
fn the_readme_shows_the_program_the_test_runs() {
    let readme = include_str!("../../../README.md");
    let program = include_str!("readme_example.rs");
    let section = readme
        .split("## Sending requests")
        .nth(1)
        .expect("the README has a \"Sending requests\" section");
    let block = section
        .split("```rust,no_run\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the section has a rust,no_run block");
    assert_eq!(block, program);
}

mod tool_loop {
    include!("tool_loop_example.rs");
}

#[test]
fn the_readme_tool_loop_answers_the_model_s_call_and_returns_its_text() {
    let hub = FakeHub::start(&KEY_FLAGS);
    let text = block_on(tool_loop::weather(KEY, &hub.url)).expect("the loop runs");
    assert_eq!(
        text,
        r#"The tools answered: call_fake_1 said {"city":"Paris","temperature_c":18}."#
    );
    assert_eq!(hub.stats().requests, 2, "the call, then the follow-up");
}

#[test]
fn the_readme_shows_the_tool_loop_the_test_runs() {
    let readme = include_str!("../../../README.md");
    let program = include_str!("tool_loop_example.rs");
    let block = readme
        .split("```rust,no_run\n")
        .filter_map(|rest| rest.split("```").next())
        .find(|block| block.contains("pub async fn weather"))
        .expect("the README has the tool loop in a rust,no_run block");
    assert_eq!(block, program);
}
