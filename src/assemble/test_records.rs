//! Test support: the records one type builds from a small boto3-shaped snapshot.

use serde_json::Value;

use super::index::RegionIndex;
use super::response::Response;
use crate::snapshot::RegionSnapshot;

/// The `cloud_service` of each response of `build`, its json_data decoded.
pub fn records(build: fn(&RegionSnapshot, &RegionIndex<'_>) -> Vec<Response>, snapshot: Value) -> Vec<Value> {
    let snapshot: RegionSnapshot = serde_json::from_value(snapshot).unwrap();
    let responses = build(&snapshot, &RegionIndex::new(&snapshot));
    let mut records: Vec<Value> =
        responses.iter().map(|r| serde_json::to_value(r).unwrap()["cloud_service"].clone()).collect();
    for record in &mut records {
        record["json_data"] = serde_json::from_str(record["json_data"].as_str().unwrap()).unwrap();
    }
    records
}
