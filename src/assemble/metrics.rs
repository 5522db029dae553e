//! Namespace and Metric responses: the inventory-side aggregations of each cloud service type
//! that the console's dashboards read. The same on every run; emitted once per job.

use std::sync::OnceLock;

use serde_json::Value;

use super::cloud_service::CLOUD_SERVICES;
use super::response::Response;

/// The namespaces and metrics of the other AWS services the current collector's Metric task
/// emits whatever it collects (CertificateManager, CloudFront, ... : 17 namespaces, 27 metrics),
/// as that collector emits them: Inventory keeps them when an operator switches collectors.
const OTHER_SERVICES: &str = include_str!("metrics/other_services.json");

/// The Namespace, then the Metric responses, of the given cloud service types, then those of the
/// other services.
pub fn metric_responses(cloud_service_types: &[&str]) -> Vec<Response> {
    // by name, as the current collector lists them (its folders)
    static PARSED: OnceLock<Vec<(&str, Value)>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        let mut parsed: Vec<(&str, Value)> = CLOUD_SERVICES
            .iter()
            .map(|t| (t.name(), serde_json::from_str(t.metrics()).expect("embedded metric definitions are JSON")))
            .collect();
        parsed.sort_by_key(|(name, _)| *name);
        parsed
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
