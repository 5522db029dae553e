//! The assembly's behaviour where the current collector loses or corrupts data, and its failure
//! paths, each on a small boto3-shaped snapshot.

use aws_ec2_collector::cloud_service_responses;
use aws_ec2_collector::AwsFailure;
use aws_ec2_collector::RegionIndex;
use aws_ec2_collector::{Call, Gap, RegionSnapshot};
use serde_json::{json, Value};

fn snapshot(extra: Value) -> RegionSnapshot {
    let mut base = json!({
        "region": "eu-west-1",
        "reservations": [{"OwnerId": "111122223333", "Instances": [{
            "InstanceId": "i-0a", "InstanceType": "m5.large", "ImageId": "ami-gone", "Architecture": "arm64",
            "SubnetId": "subnet-a", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.5",
            "CurrentInstanceBootMode": "uefi",
            "BlockDeviceMappings": [
                {"DeviceName": "/dev/xvda", "Ebs": {"VolumeId": "vol-root"}},
                {"DeviceName": "/dev/sdf", "Ebs": {"VolumeId": "vol-shared"}}
            ],
            "NetworkInterfaces": [
                {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-a", "Attachment": {"DeviceIndex": 0},
                 "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5"}]},
                {"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-b", "Attachment": {"DeviceIndex": 1},
                 "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.2.9"}, {"PrivateIpAddress": "10.0.1.5"}]}
            ]
        }]}],
        "subnets": [
            {"SubnetId": "subnet-a", "CidrBlock": "10.0.1.0/24"},
            {"SubnetId": "subnet-b", "CidrBlock": "10.0.2.0/24"}
        ],
        "volumes": [
            {"VolumeId": "vol-shared", "VolumeType": "io2", "Size": 10, "MultiAttachEnabled": true,
             "Attachments": [{"InstanceId": "i-other", "Device": "/dev/sdz"}, {"InstanceId": "i-0a", "Device": "/dev/sdf"}]},
            {"VolumeId": "vol-root", "VolumeType": "gp3", "Size": 8, "Attachments": [{"InstanceId": "i-0a", "Device": "/dev/xvda"}]}
        ]
    });
    base.as_object_mut().unwrap().extend(extra.as_object().cloned().unwrap_or_default());
    serde_json::from_value(base).unwrap()
}

fn responses(snapshot: &RegionSnapshot) -> Vec<Value> {
    let index = RegionIndex::new(snapshot);
    cloud_service_responses(snapshot, &index, &["Instance"]).map(|r| serde_json::to_value(r).unwrap()).collect()
}

fn data(response: &Value) -> Value {
    serde_json::from_str(response["cloud_service"]["json_data"].as_str().unwrap()).unwrap()
}

#[test]
fn every_interface_reports_its_own_subnet() {
    let data = data(&responses(&snapshot(json!({})))[0]);
    assert_eq!(data["nics"][0]["cidr"], "10.0.1.0/24");
    assert_eq!(data["nics"][1]["cidr"], "10.0.2.0/24");
}

#[test]
fn ip_addresses_are_unique_and_in_interface_order() {
    let response = &responses(&snapshot(json!({})))[0];
    assert_eq!(response["cloud_service"]["ip_addresses"], json!(["10.0.1.5", "10.0.2.9"]));
}

/// Disks in DescribeVolumes order, as the current collector lists them, each with this instance's
/// attachment; the root volume type is the root device's, not the first volume's.
#[test]
fn root_volume_type_is_the_root_devices() {
    let mut snap = snapshot(json!({}));
    snap.reservations[0].instances.as_mut().unwrap()[0].root_device_name = Some("/dev/xvda".into());
    let data = data(&responses(&snap)[0]);
    let devices: Vec<&str> = data["disks"].as_array().unwrap().iter().map(|d| d["device"].as_str().unwrap()).collect();
    assert_eq!(devices, ["/dev/sdf", "/dev/xvda"]);
    assert_eq!(data["aws"]["root_volume_type"], "gp3");
}

#[test]
fn missing_ami_keeps_the_instance_architecture_and_boot_mode() {
    let data = data(&responses(&snapshot(json!({})))[0]);
    assert_eq!(
        data["os"],
        json!({"os_distro": "linux", "os_arch": "arm64", "os_type": "LINUX", "details": "Linux/UNIX"})
    );
    assert_eq!(data["compute"]["image"], "");
    assert_eq!(data["aws"]["current_instance_boost"], "uefi");
}

#[test]
fn unknown_type_and_unread_attribute_are_not_invented() {
    let data = data(&responses(&snapshot(json!({})))[0]);
    assert_eq!(data["hardware"], json!({}));
    assert_eq!(data["aws"]["termination_protection"], Value::Null);
}

#[test]
fn security_group_rules_of_any_protocol_and_source_are_reported() {
    let group = json!({"GroupId": "sg-1", "GroupName": "dual-stack", "IpPermissions": [
        {"IpProtocol": "58", "FromPort": 128, "ToPort": 0, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
        {"IpProtocol": "50", "IpRanges": [{"CidrIp": "198.51.100.0/24", "Description": "ipsec"}]},
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": "pl-123"}]}
    ]});
    let mut snap = snapshot(json!({"security_groups": [group]}));
    snap.reservations[0].instances.as_mut().unwrap()[0].security_groups =
        Some(vec![serde_json::from_value(json!({"GroupId": "sg-1", "GroupName": "dual-stack"})).unwrap()]);
    let rules = data(&responses(&snap)[0])["security_group"].clone();
    assert_eq!(rules.as_array().unwrap().len(), 3);
    // as the current collector: only -1, tcp, udp and icmp carry port keys
    assert_eq!(rules[0]["protocol"], "58");
    assert_eq!(rules[0]["remote_id"], "::/0");
    assert!(rules[0].get("port").is_none() && rules[0].get("port_range_min").is_none(), "{}", rules[0]);
    assert_eq!(rules[1]["protocol"], "50");
    assert_eq!(rules[1]["remote_cidr"], "198.51.100.0/24");
    assert!(rules[1].get("port").is_none(), "a protocol without ports has no port keys: {}", rules[1]);
    assert_eq!(rules[2]["remote"], "pl-123");
    assert_eq!(rules[2]["port"], 443);
}

#[test]
fn one_bad_instance_is_one_failure_and_the_rest_go_on() {
    let mut snap = snapshot(json!({}));
    let mut broken = snap.reservations[0].instances.as_ref().unwrap()[0].clone();
    broken.instance_id = None;
    snap.reservations[0].instances.as_mut().unwrap().insert(0, broken);
    let out = responses(&snap);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["state"], "FAILURE");
    assert_eq!(out[0]["resource_type"], "inventory.ErrorResource");
    assert_eq!(out[0]["error_data"]["region_code"], "eu-west-1");
    assert_eq!(out[1]["state"], "SUCCESS");
}

#[test]
fn a_failed_call_is_reported_with_its_region_and_api() {
    let mut snap = snapshot(json!({}));
    let failure = AwsFailure {
        operation: "elasticloadbalancing:DescribeLoadBalancers".into(),
        region: Some("eu-west-1".into()),
        code: Some("AccessDenied".into()),
        message: "User is not authorized".into(),
    };
    snap.gaps.push(Gap { call: Call::LoadBalancers, failure });
    let out = responses(&snap);
    assert_eq!(out.len(), 2, "the instance record is still there");
    assert_eq!(out[0]["state"], "SUCCESS");
    let failure = &out[1];
    assert_eq!(failure["state"], "FAILURE");
    assert_eq!(failure["error_data"]["operation"], "elasticloadbalancing:DescribeLoadBalancers");
    assert_eq!(failure["error_data"]["code"], "AccessDenied");
    let message = failure["error_message"].as_str().unwrap();
    assert!(message.contains("eu-west-1") && message.contains("DescribeLoadBalancers"), "{message}");
}
