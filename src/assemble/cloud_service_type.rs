//! CloudServiceType responses: the type's identity and its console layout (the same on every
//! run, so built once per process).

use std::sync::OnceLock;

use serde_json::Value;

use super::response::Response;

const INSTANCE: &str = include_str!("cloud_service_types/Instance.json");

/// The CloudServiceType responses of every collected type.
pub fn cloud_service_type_responses() -> Vec<Response> {
    static TYPES: OnceLock<Vec<Value>> = OnceLock::new();
    TYPES
        .get_or_init(|| [INSTANCE].iter().map(|source| cloud_service_type(source)).collect())
        .iter()
        .cloned()
        .map(Response::cloud_service_type)
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
