//! The pure assembly on snapshots recorded (tests/snapshots/record.py) from the parity kit's
//! fake AWS must give exactly the Instance records of the current collector on that fixture
//! (tests/snapshots/parity-expected-instances.json, taken from the kit's golden output).

use std::collections::BTreeSet;

use aws_ec2_collector::assemble::index::RegionIndex;
use aws_ec2_collector::assemble::instance_responses;
use aws_ec2_collector::snapshot::RegionSnapshot;
use serde_json::Value;

fn snapshot(region: &str) -> RegionSnapshot {
    let path = format!("{}/tests/snapshots/parity-{region}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn expected() -> Vec<Value> {
    let path = format!("{}/tests/snapshots/parity-expected-instances.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A response as the comparison sees it: JSON strings decoded, ip_addresses as a set.
fn comparable(mut resource: Value) -> Value {
    for key in ["json_data", "json_metadata"] {
        if let Some(Value::String(text)) = resource.get(key) {
            resource[key] = serde_json::from_str(text).unwrap();
        }
    }
    let ips: BTreeSet<String> = serde_json::from_value(resource["ip_addresses"].take()).unwrap();
    resource["ip_addresses"] = serde_json::to_value(ips).unwrap();
    resource
}

#[test]
fn instance_records_equal_the_golden_ones() {
    let expected = expected();
    let mut compared = 0;
    for region in ["us-east-1", "ap-northeast-2"] {
        let snapshot = snapshot(region);
        let index = RegionIndex::new(&snapshot);
        for response in instance_responses(&snapshot, &index) {
            let response = serde_json::to_value(&response).unwrap();
            assert_eq!(response["state"], "SUCCESS", "{response}");
            let ours = comparable(response["cloud_service"].clone());
            let id = &ours["reference"]["resource_id"];
            let golden = expected
                .iter()
                .find(|e| &e["resource"]["reference"]["resource_id"] == id)
                .unwrap_or_else(|| panic!("{id} is not in the golden output"));
            assert_eq!(ours, comparable(golden["resource"].clone()), "record of {id}");
            let rules = golden["match_rules"]["1"].clone();
            assert_eq!(response["match_keys"], Value::Array(vec![rules]));
            compared += 1;
        }
    }
    assert_eq!(compared, expected.len());
}
