//! Test support: the records one type builds from a small boto3-shaped snapshot.

use serde_json::Value;

use super::cloud_service::CloudService;
use super::index::RegionIndex;
use super::response::Response;
use crate::snapshot::RegionSnapshot;

/// The responses of `cloud_service`.
pub fn responses(cloud_service: &dyn CloudService, snapshot: Value) -> Vec<Response> {
    let snapshot: RegionSnapshot = serde_json::from_value(snapshot).unwrap();
    let index = RegionIndex::new(&snapshot);
    cloud_service.responses(&snapshot, &index).collect()
}

/// The `cloud_service` of each response of `cloud_service`, its json_data decoded.
pub fn records(cloud_service: &dyn CloudService, snapshot: Value) -> Vec<Value> {
    let responses = responses(cloud_service, snapshot);
    let mut records: Vec<Value> =
        responses.iter().map(|r| serde_json::to_value(r).unwrap()["cloud_service"].clone()).collect();
    for record in &mut records {
        record["json_data"] = serde_json::from_str(record["json_data"].as_str().unwrap()).unwrap();
    }
    records
}
