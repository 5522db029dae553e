//! Namespace and Metric responses: the inventory-side aggregations of each cloud service type
//! that the console's dashboards read. The same on every run; emitted once per job.

use std::sync::OnceLock;

use serde_json::Value;

use super::response::Response;

/// Per cloud service type, its namespace and its metrics.
const DEFINITIONS: &[(&str, &str)] = &[
    ("AMI", include_str!("metrics/AMI.json")),
    ("AutoScalingGroup", include_str!("metrics/AutoScalingGroup.json")),
    ("EIP", include_str!("metrics/EIP.json")),
    ("Instance", include_str!("metrics/Instance.json")),
    ("LaunchTemplate", include_str!("metrics/LaunchTemplate.json")),
    ("SecurityGroup", include_str!("metrics/SecurityGroup.json")),
    ("Snapshot", include_str!("metrics/Snapshot.json")),
    ("Volume", include_str!("metrics/Volume.json")),
];

/// The namespaces and metrics of the other AWS services the current collector's Metric task
/// emits whatever it collects (CertificateManager, CloudFront, ... : 17 namespaces, 27 metrics),
/// as that collector emits them: Inventory keeps them when an operator switches collectors.
const OTHER_SERVICES: &str = include_str!("metrics/other_services.json");

/// The Namespace, then the Metric responses, of the given cloud service types, then those of the
/// other services.
pub fn metric_responses(cloud_service_types: &[&str]) -> Vec<Response> {
    static PARSED: OnceLock<Vec<(&str, Value)>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        DEFINITIONS
            .iter()
            .map(|(t, source)| (*t, serde_json::from_str(source).expect("embedded metric definitions are JSON")))
            .collect()
    });
    let mut out = Vec::new();
    for (_, definition) in parsed.iter().filter(|(t, _)| cloud_service_types.contains(t)) {
        out.push(Response::namespace(definition["namespace"].clone()));
        let metrics = definition["metrics"].as_array().into_iter().flatten();
        out.extend(metrics.cloned().map(Response::metric));
    }
    static OTHERS: OnceLock<Value> = OnceLock::new();
    let others =
        OTHERS.get_or_init(|| serde_json::from_str(OTHER_SERVICES).expect("embedded metric definitions are JSON"));
    for definition in others.as_array().into_iter().flatten() {
        out.push(Response::namespace(definition["namespace"].clone()));
        out.extend(definition["metrics"].as_array().into_iter().flatten().cloned().map(Response::metric));
    }
    out
}
