//! Stand-in for the generated `models/`, not copied into oxen-models: one model of the committed
//! catalog, the generated module itself.

#[rustfmt::skip]
#[path = "../../generated/src/models/flux_2_pro.rs"]
pub mod flux_2_pro;
