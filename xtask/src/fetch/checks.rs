//! The checks a fetched model object passes before it may enter the catalog.

use std::collections::BTreeMap;

use oxen_codegen::generate::normalize_checked;
use oxen_codegen::hub::{self, HubModel, Unusable};
use oxen_codegen::{EndpointBody, ModelId, SchemaSource};
use serde_json::Value;

use super::error::ModelProblem;

/// The model object `value` fetched for `id`: the expected shape and the same id, and a
/// catalog entry can be made of it (its endpoint body is there when its schema is null). A
/// model that arrived but cannot be used (an unknown endpoint, a schema that is not valid
/// JSON Schema once normalized) passes: the catalog keeps it left out.
pub fn check_model(
    id: &ModelId,
    value: Value,
    endpoint_bodies: &BTreeMap<EndpointBody, Value>,
) -> Result<HubModel, ModelProblem> {
    if !value.is_object() {
        return Err(ModelProblem::NotAnObject);
    }
    let model: HubModel = serde_json::from_value(value).map_err(ModelProblem::Shape)?;
    if model.id != id.as_str() {
        return Err(ModelProblem::WrongId {
            got: model.id.escape_debug().to_string(),
        });
    }
    // The same conversion the whole catalog goes through, one model at a time, so every
    // failing model is reported rather than only the first.
    hub::schema_set_from_hub(vec![model.clone()], endpoint_bodies, &usable_schema)
        .map_err(ModelProblem::Data)?;
    Ok(model)
}

/// What the generator asks of a model's own schema before it can use it: within the size
/// limits, and valid JSON Schema (draft 2020-12) once normalized (see
/// [`normalize_checked`]; the rewrites it makes are `generate`'s warnings).
pub fn usable_schema(id: &ModelId, schema: &Value) -> Result<(), Unusable> {
    normalize_checked(&SchemaSource::Model(id.clone()), schema)
        .map(|_| ())
        .map_err(|error| Unusable {
            pointer: format!("/json_request_schema{}", error.pointer),
            keyword: error.keyword,
            reason: error.message,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn id() -> ModelId {
        ModelId::parse("flux-2-pro").expect("id")
    }

    fn model(schema: Value) -> Value {
        json!({
            "id": "flux-2-pro",
            "endpoint": "/images/generate",
            "json_request_schema": schema,
        })
    }

    #[test]
    fn a_model_with_a_valid_schema_passes() {
        let schema = json!({"type": "object", "properties": {"prompt": {"type": "string"}}});
        assert!(check_model(&id(), model(schema), &BTreeMap::new()).is_ok());
    }

    #[test]
    fn the_schema_may_come_as_request_schema() {
        let value = json!({
            "id": "flux-2-pro",
            "endpoint": "/images/generate",
            "request_schema": {"type": "object"},
        });
        let model = check_model(&id(), value, &BTreeMap::new()).expect("accepted");
        assert_eq!(model.json_request_schema, Some(json!({"type": "object"})));
    }

    #[test]
    fn a_schema_that_is_not_json_schema_is_kept_left_out() {
        let model = check_model(&id(), model(json!({"type": 12})), &BTreeMap::new());
        assert!(model.is_ok(), "{model:?}");
        let unusable = usable_schema(&id(), &json!({"type": 12})).expect_err("not a schema");
        assert_eq!(unusable.pointer, "/json_request_schema/type");
        assert!(
            unusable.reason.contains("not a valid JSON Schema"),
            "{unusable:?}"
        );
    }

    #[test]
    fn a_harmless_break_of_the_meta_schema_is_usable() {
        let schema = json!({"required": ["a", "a"], "properties": {"n": {"minimum": 1, "exclusiveMinimum": true}}});
        assert_eq!(usable_schema(&id(), &schema), Ok(()));
    }

    #[test]
    fn an_answer_for_another_model_is_rejected() {
        let mut value = model(json!({"type": "object"}));
        value["id"] = json!("other-model");
        let problem = check_model(&id(), value, &BTreeMap::new());
        assert!(
            matches!(problem, Err(ModelProblem::WrongId { .. })),
            "{problem:?}"
        );
    }

    #[test]
    fn a_list_instead_of_a_model_object_is_rejected() {
        let problem = check_model(&id(), json!([1, 2]), &BTreeMap::new());
        assert!(
            matches!(problem, Err(ModelProblem::NotAnObject)),
            "{problem:?}"
        );
    }

    #[test]
    fn a_null_schema_needs_its_endpoint_body() {
        let problem = check_model(&id(), model(Value::Null), &BTreeMap::new());
        assert!(matches!(problem, Err(ModelProblem::Data(_))), "{problem:?}");
    }
}
