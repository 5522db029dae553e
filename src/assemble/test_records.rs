//! Test support: the records one type builds from a small boto3-shaped snapshot.

use serde_json::Value;

use super::index::RegionIndex;
use super::response::Response;
use crate::snapshot::RegionSnapshot;

type Build = fn(&RegionSnapshot, &RegionIndex<'_>) -> Vec<Response>;

/// The responses of `build`.
pub fn responses(build: Build, snapshot: Value) -> Vec<Response> {
    let snapshot: RegionSnapshot = serde_json::from_value(snapshot).unwrap();
    build(&snapshot, &RegionIndex::new(&snapshot))
}

/// The `cloud_service` of each response of `build`, its json_data decoded.
pub fn records(build: Build, snapshot: Value) -> Vec<Value> {
    let responses = responses(build, snapshot);
    let mut records: Vec<Value> =
        responses.iter().map(|r| serde_json::to_value(r).unwrap()["cloud_service"].clone()).collect();
    for record in &mut records {
        record["json_data"] = serde_json::from_str(record["json_data"].as_str().unwrap()).unwrap();
    }
    records
}
