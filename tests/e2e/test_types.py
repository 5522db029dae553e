"""Every EC2 cloud service type through the real plugin server, checked against moto's own
describe calls; the Namespace and Metric records; and the options that choose what to collect."""
from collections import Counter

import pytest

from aws_ec2_collector._core import CLOUD_SERVICE_TYPES as TYPES
from demo.fleet import REGIONS


def region_task(region):
    return {"resource_type": "inventory.CloudService", "service": "EC2", "region": region}


def records(responses, cloud_service_type=None):
    return [r["resource"] for r in responses if r["resource_type"] == "inventory.CloudService"
            and cloud_service_type in (None, r["resource"]["cloud_service_type"])]


@pytest.mark.parametrize("region", REGIONS)
def test_every_type_matches_the_describe_calls(region, collect_all, aws):
    responses = collect_all(region_task(region))
    assert [r for r in responses if r["state"] != "SUCCESS"] == []
    ec2, asg = aws("ec2", region), aws("autoscaling", region)
    ids = lambda t, key="resource_id": sorted(r["reference"][key] for r in records(responses, t))  # noqa: E731
    volumes = ec2.describe_volumes()["Volumes"]
    assert ids("Volume") == sorted(f"arn:aws:ec2:{region}:123456789012:volume/{v['VolumeId']}" for v in volumes)
    snapshots = ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
    assert len(ids("Snapshot")) == len(snapshots) > 0
    # as the current collector does, the groups of default VPCs are left out
    default_vpcs = {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v["IsDefault"]}
    groups_ = [g for g in ec2.describe_security_groups()["SecurityGroups"] if g.get("VpcId") not in default_vpcs]
    assert ids("SecurityGroup") == sorted(g["GroupId"] for g in groups_)
    assert ids("EIP") == sorted(a["AllocationId"] for a in ec2.describe_addresses()["Addresses"])
    groups = asg.describe_auto_scaling_groups()["AutoScalingGroups"]
    assert ids("AutoScalingGroup") == sorted(g["AutoScalingGroupARN"] for g in groups)
    by_type = Counter(r["cloud_service_type"] for r in records(responses))
    assert set(by_type) <= set(TYPES)
    for volume in records(responses, "Volume"):
        assert volume["_data"]["size"] == volume["_data"]["Size"] * 2 ** 30
        assert volume["instance_type"] == volume["_data"]["VolumeType"]


def test_namespaces_and_metrics_come_once_per_job(tasks, collect_all):
    metric_task = [t for t in tasks if t["resource_type"] == "inventory.Metric"]
    assert len(metric_task) == 1
    responses = collect_all(metric_task[0])
    kinds = Counter(r["resource_type"] for r in responses)
    # EC2's 8 namespaces and 13 metrics, and the other services' 17 and 27, as the current collector
    assert kinds == {"inventory.Namespace": 8 + 17, "inventory.Metric": 13 + 27}
    namespaces = {r["resource"]["namespace_id"] for r in responses if r["resource_type"] == "inventory.Namespace"}
    metrics = [r["resource"] for r in responses if r["resource_type"] == "inventory.Metric"]
    assert all(m["namespace_id"] in namespaces for m in metrics)
    per_region = collect_all(region_task(REGIONS[0]))
    assert not [r for r in per_region if r["resource_type"] in ("inventory.Namespace", "inventory.Metric")]


def test_cloud_service_types_option_chooses_the_types(collect_all, tasks):
    options = {"region_filter": list(REGIONS), "cloud_service_types": ["Volume", "EIP"]}
    responses = collect_all(region_task(REGIONS[0]), options=options)
    assert {r["cloud_service_type"] for r in records(responses)} == {"Volume", "EIP"}
    cst_task = next(t for t in tasks if t["resource_type"] == "inventory.CloudServiceType")
    types = collect_all(cst_task, options=options)
    assert sorted(r["resource"]["name"] for r in types) == ["EIP", "Volume"]


def test_instance_ids_option_collects_only_those_instances(collect_all, described):
    wanted = sorted(described[REGIONS[0]])[:2]
    options = {"region_filter": [REGIONS[0]], "instance_ids": wanted, "cloud_service_types": ["Instance"]}
    responses = collect_all(region_task(REGIONS[0]), options=options)
    assert sorted(r["reference"]["resource_id"] for r in records(responses, "Instance")) == wanted


def test_a_region_listed_twice_is_collected_once(collect_all, described):
    options = {"region_filter": [REGIONS[1], REGIONS[1]], "cloud_service_types": ["Instance"]}
    responses = collect_all(None, options=options)
    ids = [r["reference"]["resource_id"] for r in records(responses, "Instance")]
    assert sorted(ids) == sorted(described[REGIONS[1]])
    assert [r["resource"]["region_code"] for r in responses if r["resource_type"] == "inventory.Region"] == [REGIONS[1]]


def test_security_groups_alone_still_leave_out_the_default_vpcs(collect_all, aws):
    """SecurityGroup without Instance still asks which VPCs are default: a selection never makes
    default-VPC groups appear (they would vanish again in a full collect)."""
    region = REGIONS[0]
    options = {"region_filter": [region], "cloud_service_types": ["SecurityGroup"]}
    responses = collect_all(region_task(region), options=options)
    ec2 = aws("ec2", region)
    default_vpcs = {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v["IsDefault"]}
    assert default_vpcs, "moto's default VPC"
    got = sorted(r["reference"]["resource_id"] for r in records(responses, "SecurityGroup"))
    groups = ec2.describe_security_groups()["SecurityGroups"]
    assert got == sorted(g["GroupId"] for g in groups if g.get("VpcId") not in default_vpcs)
