//! The pure assembly on snapshots recorded (tests/snapshots/record.py) from the parity kit's
//! fake AWS must give exactly the records of the current collector on that fixture
//! (tests/snapshots/parity-expected.json, taken from the kit's golden output), type by type;
//! the LaunchTemplate and AMI records likewise on fixture C (`parity-c-*`), which has them.

use std::collections::BTreeSet;

use aws_ec2_collector::cloud_service_responses;
use aws_ec2_collector::cloud_service_types;
use aws_ec2_collector::RegionIndex;
use aws_ec2_collector::RegionSnapshot;
use serde_json::Value;

/// A recorded fixture: its snapshots' file prefix, its regions.
struct Fixture(&'static str, [&'static str; 2]);
const A: Fixture = Fixture("parity", ["us-east-1", "ap-northeast-2"]);
const C: Fixture = Fixture("parity-c", ["eu-central-1", "us-east-2"]);

fn load(name: &str) -> Value {
    let path = format!("{}/tests/snapshots/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A record as the parity kit compares it: JSON strings decoded, ip_addresses as a set, the
/// server's defaults filled in, and the declared differences (tests/parity/differences.json) left out.
fn comparable(mut resource: Value) -> Value {
    for key in ["json_data", "json_metadata"] {
        if let Some(Value::String(text)) = resource.get(key) {
            resource[key] = serde_json::from_str(text).unwrap();
        }
    }
    let ips: BTreeSet<String> = serde_json::from_value(resource["ip_addresses"].take()).unwrap();
    resource["ip_addresses"] = serde_json::to_value(ips).unwrap();
    let object = resource.as_object_mut().unwrap();
    object.entry("instance_type").or_insert(Value::Null);
    let size = object.get("instance_size").and_then(Value::as_f64).unwrap_or(0.0);
    object.insert("instance_size".into(), size.into());
    if let Some(attribute) = resource.pointer_mut("/json_data/attribute").and_then(Value::as_object_mut) {
        attribute.remove("ResponseMetadata");
    }
    resource
}

/// Assembles both regions and compares every record of one type with the golden ones.
fn compare(fixture: Fixture, cloud_service_type: &str) {
    let Fixture(prefix, regions) = fixture;
    let expected: Vec<Value> = serde_json::from_value(load(&format!("{prefix}-expected.json"))).unwrap();
    let expected: Vec<&Value> =
        expected.iter().filter(|e| e["resource"]["cloud_service_type"] == cloud_service_type).collect();
    let mut compared = 0;
    assert!(!expected.is_empty(), "no golden {cloud_service_type} record to compare with");
    for region in regions {
        let snapshot: RegionSnapshot = serde_json::from_value(load(&format!("{prefix}-{region}.json"))).unwrap();
        let index = RegionIndex::new(&snapshot);
        for response in cloud_service_responses(&snapshot, &index, &cloud_service_types()) {
            let response = serde_json::to_value(&response).unwrap();
            assert_eq!(response["state"], "SUCCESS", "{response}");
            if response["cloud_service"]["cloud_service_type"] != cloud_service_type {
                continue;
            }
            let ours = comparable(response["cloud_service"].clone());
            let id = &ours["reference"]["resource_id"];
            let golden = expected
                .iter()
                .find(|e| &e["resource"]["reference"]["resource_id"] == id)
                .unwrap_or_else(|| panic!("{cloud_service_type} {id} is not in the golden output"));
            assert_eq!(ours, comparable(golden["resource"].clone()), "{cloud_service_type} record of {id}");
            assert_eq!(response["match_keys"], Value::Array(vec![golden["match_rules"]["1"].clone()]));
            compared += 1;
        }
    }
    assert_eq!(compared, expected.len(), "{cloud_service_type} records compared");
}

#[test]
fn instance() {
    compare(A, "Instance");
}
#[test]
fn volume() {
    compare(A, "Volume");
}
#[test]
fn snapshot() {
    compare(A, "Snapshot");
}
#[test]
fn security_group() {
    compare(A, "SecurityGroup");
}
#[test]
fn eip() {
    compare(A, "EIP");
}
#[test]
fn auto_scaling_group() {
    compare(A, "AutoScalingGroup");
}
#[test]
fn launch_template() {
    compare(C, "LaunchTemplate");
}
#[test]
fn ami() {
    compare(C, "AMI");
}
