//! The command lines of `oxen-models` (cargo feature `cli`, so that library users do not build
//! clap): `oxen-validate`, and with the feature `oxen` the `oxen` command, which lists and
//! describes the models and sends requests to them with a flag per parameter of their schema.

#[cfg(feature = "oxen")]
pub mod describe;
#[cfg(feature = "oxen")]
mod download;
#[cfg(feature = "oxen")]
pub mod flags;
#[cfg(feature = "oxen")]
pub mod oxen;
#[cfg(feature = "oxen")]
mod progress;
#[cfg(feature = "oxen")]
pub mod run;
#[cfg(feature = "oxen")]
mod send;
pub mod validate;
pub mod words;

use std::io::{Read, Write};

pub use validate::{Args, main_with};

/// The process's standard streams, or stand-ins for them in tests.
pub struct Streams<'a> {
    /// Standard input.
    pub stdin: &'a mut dyn Read,
    /// Whether standard input is a terminal: then no file means "show the usage", not "wait
    /// for a payload to be typed".
    pub stdin_is_terminal: bool,
    /// Results.
    pub stdout: &'a mut dyn Write,
    /// Errors and the summary.
    pub stderr: &'a mut dyn Write,
}
