//! CloudServiceType responses: the type's identity and its console layout (the same on every
//! run, so built once per process).

use std::sync::OnceLock;

use serde_json::Value;

use super::response::Response;

/// Per cloud service type, its definition, in the order the current collector emits them.
const DEFINITIONS: &[(&str, &str)] = &[
    ("AMI", include_str!("cloud_service_types/AMI.json")),
    ("LaunchTemplate", include_str!("cloud_service_types/LaunchTemplate.json")),
    ("AutoScalingGroup", include_str!("cloud_service_types/AutoScalingGroup.json")),
    ("EIP", include_str!("cloud_service_types/EIP.json")),
    ("Instance", include_str!("cloud_service_types/Instance.json")),
    ("SecurityGroup", include_str!("cloud_service_types/SecurityGroup.json")),
    ("Volume", include_str!("cloud_service_types/Volume.json")),
    ("Snapshot", include_str!("cloud_service_types/Snapshot.json")),
];

/// The CloudServiceType responses of the given cloud service types.
pub fn cloud_service_type_responses(cloud_service_types: &[&str]) -> Vec<Response> {
    static TYPES: OnceLock<Vec<(&str, Value)>> = OnceLock::new();
    TYPES
        .get_or_init(|| DEFINITIONS.iter().map(|(t, source)| (*t, cloud_service_type(source))).collect())
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
