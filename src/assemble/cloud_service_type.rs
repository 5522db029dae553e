//! CloudServiceType responses: the type's identity and its console layout (the same on every
//! run, so built once per process).

use std::sync::OnceLock;

use serde_json::Value;

use super::cloud_service::CLOUD_SERVICES;
use super::response::Response;

/// The CloudServiceType responses of the given cloud service types.
pub fn cloud_service_type_responses(cloud_service_types: &[&str]) -> Vec<Response> {
    static TYPES: OnceLock<Vec<(&str, Value)>> = OnceLock::new();
    TYPES
        .get_or_init(|| CLOUD_SERVICES.iter().map(|t| (t.name(), cloud_service_type(t.definition()))).collect())
        .iter()
        .filter(|(t, _)| cloud_service_types.contains(t))
        .map(|(_, definition)| Response::cloud_service_type(definition.clone()))
        .collect()
}

/// The plugin-server CloudServiceType from its definition file, with the layout as a
/// `json_metadata` string.
fn cloud_service_type(source: &str) -> Value {
    let mut definition: Value = serde_json::from_str(source).expect("embedded cloud service type definition is JSON");
    let object = definition.as_object_mut().expect("a cloud service type definition is an object");
    let metadata = object.remove("metadata").unwrap_or(Value::Null);
    object.insert("json_metadata".into(), Value::String(metadata.to_string()));
    definition
}
