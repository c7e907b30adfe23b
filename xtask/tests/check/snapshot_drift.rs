//! The realistic case: the hub's catalog on 2026-06-26 against 2026-08-08.

use crate::support::{OLD, fixture_drift};

#[test]
fn the_text_report_between_the_snapshots_is_as_reviewed() {
    let run = fixture_drift(&[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    insta::assert_snapshot!("drift_2026_06_26_to_2026_08_08_text", run.stdout);
}

#[test]
fn the_json_report_between_the_snapshots_is_as_reviewed() {
    let run = fixture_drift(&["--format", "json"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    insta::assert_snapshot!("drift_2026_06_26_to_2026_08_08_json", run.stdout);
}

/// Every breaking change between the snapshots, checked against the raw diff of the files.
#[rustfmt::skip]
const BREAKING: &[(&str, &str, &str)] = &[
    // `input_image` went from one URL to a list of them, replacing `input_images`.
    ("bytedance-seedream-4-5", "type-changed", "/properties/input_image/type"),
    ("bytedance-seedream-4-5", "property-removed", "/properties/input_images"),
    ("bytedance-seedream-4-5", "property-removed", "/properties/output_format"),
    ("bytedance-seedream-5-lite", "type-changed", "/properties/input_image/type"),
    ("bytedance-seedream-5-lite", "property-removed", "/properties/input_images"),
    ("claude-opus-4-20250514", "model-removed", ""),
    ("claude-sonnet-4-20250514", "model-removed", ""),
    ("gemini-2-0-flash-001", "model-removed", ""),
    ("gemini-2-5-flash-lite-preview-09-2025", "model-removed", ""),
    ("gemini-3-1-flash-lite-preview", "model-removed", ""),
    ("gemma-3-27b-it", "model-removed", ""),
    ("google-nano-banana-pro", "property-removed", "/properties/safety_tolerance"),
    ("google-veo-3-1", "property-removed", "/properties/generate_audio"),
    ("google-veo-3-1-fast", "enum-value-removed", "/properties/aspect_ratio/enum"),
    ("google-veo-3-1-fast", "property-removed", "/properties/auto_fix"),
    // `duration` went from "4s"/"6s"/"8s" to the integers 4/6/8.
    ("google-veo-3-1-fast", "enum-value-removed", "/properties/duration/enum"),
    ("google-veo-3-1-fast", "enum-value-removed", "/properties/duration/enum"),
    ("google-veo-3-1-fast", "enum-value-removed", "/properties/duration/enum"),
    ("google-veo-3-1-fast", "type-changed", "/properties/duration/type"),
    ("google-veo-3-1-fast", "property-removed", "/properties/generate_audio"),
    ("google-veo-3-1-fast", "property-removed", "/properties/negative_prompt"),
    ("google-veo-3-1-fast", "property-removed", "/properties/safety_tolerance"),
    // Moved from /images/generate to /images/edit; pixel sizes became 1K/2K/4K tiers.
    ("gpt-image-2", "endpoint-changed", ""),
    ("gpt-image-2", "enum-value-removed", "/properties/quality/enum"),
    ("gpt-image-2", "enum-value-removed", "/properties/resolution/enum"),
    ("gpt-image-2", "enum-value-removed", "/properties/resolution/enum"),
    ("gpt-image-2", "enum-value-removed", "/properties/resolution/enum"),
    ("gpt-image-2", "enum-value-removed", "/properties/resolution/enum"),
    ("gpt-image-2", "enum-value-removed", "/properties/resolution/enum"),
    ("gpt-image-2", "enum-value-removed", "/properties/resolution/enum"),
    ("gpt-image-2-edit", "model-removed", ""),
    ("happyhorse-1.0-i2v", "property-removed", "/properties/aspect_ratio"),
    ("happyhorse-1.1-i2v", "property-removed", "/properties/aspect_ratio"),
    ("kling-video-o3-4k-image-to-video", "model-removed", ""),
    ("kling-video-o3-4k-reference-to-video", "model-removed", ""),
    ("kling-video-o3-4k-text-to-video", "model-removed", ""),
    ("kling-video-o3-pro-image-to-video", "model-removed", ""),
    ("kling-video-o3-pro-reference-to-video", "model-removed", ""),
    ("kling-video-o3-pro-video-to-video-edit", "model-removed", ""),
    ("ltx-2-3-pro", "property-removed", "/properties/camera_motion"),
    // A free-form string became a fixed list of sizes.
    ("ltx-2-3-quality-audio-to-video", "enum-introduced", "/properties/resolution/enum"),
    ("ltx-2-3-quality-image-to-video", "enum-introduced", "/properties/resolution/enum"),
    ("ltx-2-3-quality-text-to-video", "enum-introduced", "/properties/resolution/enum"),
    ("nano-banana-2-edit", "model-removed", ""),
    ("qwen3-vl-8b-instruct", "model-removed", ""),
    ("topazlabs-upscale-starlight-2-5-video", "property-removed", "/properties/enable_clc"),
    ("topazlabs-upscale-starlight-2-5-video", "property-removed", "/properties/is_optimized_mode"),
];

#[test]
fn every_breaking_change_between_the_snapshots_is_reported_and_nothing_else_is_breaking() {
    let report = fixture_drift(&["--format", "json"]).json();
    let breaking: Vec<(String, String, String)> = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["severity"] == "breaking")
        .map(|c| {
            let text = |key: &str| c[key].as_str().expect("string field").to_owned();
            (text("model"), text("kind"), text("pointer"))
        })
        .collect();
    let expected: Vec<(String, String, String)> = BREAKING
        .iter()
        .map(|(m, k, p)| ((*m).to_owned(), (*k).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(breaking, expected);
    assert_eq!(report["summary"]["breaking"], BREAKING.len());
}

#[test]
fn the_removed_enum_values_are_named_one_by_one() {
    let report = fixture_drift(&["--format", "json"]).json();
    let removed: Vec<&str> = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["model"] == "gpt-image-2" && c["kind"] == "enum-value-removed")
        .filter_map(|c| c["old"].as_str())
        .collect();
    assert_eq!(
        removed,
        [
            "auto",
            "1024x768",
            "1024x1024",
            "1024x1536",
            "1920x1080",
            "2560x1440",
            "3840x2160"
        ]
    );
}

#[test]
fn a_changed_default_is_a_behaviour_warning() {
    let report = fixture_drift(&["--format", "json"]).json();
    let keep_audio = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| {
            c["model"] == "kling-video-o1-video-to-video-edit"
                && c["pointer"] == "/properties/keep_audio/default"
        })
        .expect("the keep_audio default change");
    assert_eq!(keep_audio["severity"], "behaviour");
    assert_eq!(
        (&keep_audio["old"], &keep_audio["new"]),
        (&false.into(), &true.into())
    );
}

#[test]
fn a_catalog_checked_against_itself_has_no_drift() {
    let run = crate::support::check(&["--no-bindings", "--schemas", OLD, "--against", OLD]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "no schema drift\n");
}
