//! CPU time of the assembly per instance, on a synthetic region of 10,000 instances with what
//! real fleets have around them: two interfaces and two volumes each, rule-heavy security
//! groups, load balancers whose target groups register thousands of instances, Auto Scaling
//! groups, SSM. Prints one `bench: assembly ...` line. Run by `make bench`.

use std::time::Instant;

use aws_ec2_collector::cloud_service_responses;
use aws_ec2_collector::RegionIndex;
use aws_ec2_collector::RegionSnapshot;
use serde_json::{json, Value};

const INSTANCES: usize = 10_000;

fn synthetic() -> RegionSnapshot {
    let groups: Vec<Value> = (0..50)
        .map(|g| {
            let rules: Vec<Value> = (0..10)
                .map(|r| {
                    json!({"IpProtocol": "tcp", "FromPort": 1000 + r, "ToPort": 1000 + r,
                    "IpRanges": [{"CidrIp": format!("10.{g}.{r}.0/24"), "Description": "app"}],
                    "UserIdGroupPairs": [{"GroupId": format!("sg-{:08x}", (g + 1) % 50)}]})
                })
                .collect();
            json!({"GroupId": format!("sg-{g:08x}"), "GroupName": format!("group-{g}"), "OwnerId": "111122223333",
                   "VpcId": "vpc-1", "IpPermissions": rules,
                   "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]})
        })
        .collect();
    let instances: Vec<Value> = (0..INSTANCES)
        .map(|i| {
            let ip = |n: usize| format!("10.{}.{}.{}", n % 10, (i / 250) % 250, i % 250 + 2);
            json!({
                "InstanceId": format!("i-{i:017x}"), "InstanceType": format!("m5.{}", ["large", "xlarge"][i % 2]),
                "ImageId": format!("ami-{:08x}", i % 50), "State": {"Code": 16, "Name": "running"},
                "LaunchTime": "2024-05-01T12:00:00.000Z", "PrivateIpAddress": ip(0), "SubnetId": format!("subnet-{}", i % 10),
                "VpcId": "vpc-1", "Placement": {"AvailabilityZone": "eu-west-1a", "Tenancy": "default"},
                "Monitoring": {"State": "disabled"}, "SourceDestCheck": true, "KeyName": "ops",
                "Tags": [{"Key": "Name", "Value": format!("node-{i}")}, {"Key": "team", "Value": "platform"}],
                "SecurityGroups": [{"GroupId": format!("sg-{:08x}", i % 50), "GroupName": "g"},
                                   {"GroupId": format!("sg-{:08x}", (i + 7) % 50), "GroupName": "h"}],
                "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeId": format!("vol-{:08x}a", i)}},
                                        {"DeviceName": "/dev/sdf", "Ebs": {"VolumeId": format!("vol-{:08x}b", i)}}],
                "NetworkInterfaces": (0..2).map(|n| json!({
                    "NetworkInterfaceId": format!("eni-{i:08x}{n}"), "SubnetId": format!("subnet-{}", i % 10),
                    "MacAddress": "02:00:00:00:00:01", "InterfaceType": "interface", "Attachment": {"DeviceIndex": n},
                    "PrivateIpAddresses": [{"PrivateIpAddress": ip(n)}]})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let volumes: Vec<Value> = (0..INSTANCES)
        .flat_map(|i| ["a", "b"].map(|s| json!({"VolumeId": format!("vol-{i:08x}{s}"), "Size": 100, "VolumeType": "gp3",
            "Iops": 3000, "Encrypted": true, "Attachments": [{"InstanceId": format!("i-{i:017x}"), "Device": "/dev/xvda"}]})))
        .collect();
    let target_groups: Vec<Value> = (0..200)
        .map(|t| {
            json!({"TargetGroupArn": format!("tg-{t}"), "TargetType": "instance",
                        "LoadBalancerArns": [format!("lb-{}", t / 2)]})
        })
        .collect();
    let target_health: serde_json::Map<String, Value> = (0..200)
        .map(|t| {
            let targets: Vec<Value> =
                (0..50).map(|k| json!({"Target": {"Id": format!("i-{:017x}", (t * 50 + k) % INSTANCES)}})).collect();
            (format!("tg-{t}"), Value::Array(targets))
        })
        .collect();
    let snapshot = json!({
        "region": "eu-west-1", "account_id": "111122223333",
        "reservations": instances.chunks(25).map(|c| json!({"OwnerId": "111122223333", "Instances": c})).collect::<Vec<_>>(),
        "instance_types": (["large", "xlarge"].map(|s| json!({"InstanceType": format!("m5.{s}"),
            "VCpuInfo": {"DefaultVCpus": 2}, "MemoryInfo": {"SizeInMiB": 8192}}))),
        "images": (0..50).map(|a| json!({"ImageId": format!("ami-{a:08x}"), "Name": "al2023-ami-2023", "Architecture": "x86_64"})).collect::<Vec<_>>(),
        "termination_protection": (0..INSTANCES).map(|i| (format!("i-{i:017x}"), json!(false))).collect::<serde_json::Map<_, _>>(),
        "volumes": volumes,
        "security_groups": groups,
        "vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/8", "OwnerId": "111122223333"}],
        "subnets": (0..10).map(|s| json!({"SubnetId": format!("subnet-{s}"), "CidrBlock": format!("10.{s}.0.0/16")})).collect::<Vec<_>>(),
        "load_balancers": (0..100).map(|l| json!({"LoadBalancerArn": format!("lb-{l}"), "DNSName": "lb.example", "Type": "application"})).collect::<Vec<_>>(),
        "listeners": (0..100).map(|l| (format!("lb-{l}"), json!([{"Port": 80, "Protocol": "HTTP"}, {"Port": 443, "Protocol": "HTTPS"}]))).collect::<serde_json::Map<_, _>>(),
        "target_groups": target_groups,
        "target_health": target_health,
        "auto_scaling_groups": (0..20).map(|g| json!({"AutoScalingGroupName": format!("asg-{g}"), "AutoScalingGroupARN": format!("arn-{g}"),
            "Instances": (0..100).map(|k| json!({"InstanceId": format!("i-{:017x}", g * 100 + k)})).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        "instance_information": (0..INSTANCES / 2).map(|i| json!({"InstanceId": format!("i-{i:017x}"),
            "PlatformName": "Amazon Linux", "PlatformVersion": "2023"})).collect::<Vec<_>>(),
    });
    serde_json::from_value(snapshot).expect("the synthetic snapshot is boto3-shaped")
}

/// CPU time of this thread, in nanoseconds (the assembly runs on one thread).
fn thread_cpu_ns() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").expect("Linux /proc");
    stat.split_whitespace().next().and_then(|ns| ns.parse().ok()).expect("schedstat's first field")
}

fn main() {
    let snapshot = synthetic();
    let runs = 5;
    let mut best = f64::MAX;
    for _ in 0..runs {
        let (cpu, wall) = (thread_cpu_ns(), Instant::now());
        let index = RegionIndex::new(&snapshot);
        let records = cloud_service_responses(&snapshot, &index, &["Instance"]).filter(|r| !r.is_failure()).count();
        assert_eq!(records, INSTANCES);
        let per_instance_us = (thread_cpu_ns() - cpu) as f64 / 1000.0 / INSTANCES as f64;
        best = best.min(per_instance_us);
        eprintln!(
            "run: {per_instance_us:.2} us of CPU per instance ({:.0} ms wall)",
            wall.elapsed().as_secs_f64() * 1e3
        );
    }
    println!("bench: assembly instances={INSTANCES} us_per_instance={best:.2} target_us=20 runs={runs}");
}
