//! Stand-in for the generated `shared/` (the endpoint bodies that models share), not copied into
//! oxen-models: the stand-in catalog's model has a body of its own.
