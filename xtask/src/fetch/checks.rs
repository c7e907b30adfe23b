//! The checks a fetched model object passes before it may enter the catalog.

use std::collections::BTreeMap;

use oxen_codegen::hub::{self, HubModel};
use oxen_codegen::{EndpointBody, ModelId};
use serde_json::Value;

use super::error::ModelProblem;

/// The model object `value` fetched for `id`: the expected shape, the same id, a valid JSON
/// Schema (or null), and an endpoint the catalog knows.
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
    if let Some(schema @ Value::Object(_)) = &model.json_request_schema {
        jsonschema::meta::validate(schema).map_err(|error| {
            ModelProblem::InvalidSchema(format!("{error} (at {})", error.instance_path()))
        })?;
    }
    // The same conversion the whole catalog goes through, one model at a time, so every
    // failing model is reported rather than only the first.
    hub::schema_set_from_hub(vec![model.clone()], endpoint_bodies).map_err(ModelProblem::Data)?;
    Ok(model)
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
    fn an_invalid_json_schema_is_rejected() {
        let problem = check_model(&id(), model(json!({"type": 12})), &BTreeMap::new());
        assert!(
            matches!(problem, Err(ModelProblem::InvalidSchema(_))),
            "{problem:?}"
        );
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
