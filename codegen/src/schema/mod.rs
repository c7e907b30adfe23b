//! What the generator knows of JSON Schema itself, in one place, for every stage: pointers,
//! local `$ref` resolution, the keywords by role, the walk over subschemas and the `allOf`
//! merge policies. A leaf: it uses nothing else of this crate.

pub mod keywords;
pub mod merge;
pub mod pointer;
pub mod reference;
pub mod walk;

pub use pointer::JsonPointer;
