"""Collector.collect through the real plugin server: every task of get_tasks, and a collect
without task_options. EC2 Instance records are compared with what boto3's DescribeInstances
(and friends) report on the same moto server. A region collect in this process shows the typed
events of its log records."""
import logging
import os

import pytest

from demo.fleet import REGIONS
from demo.servers import aws_env


def instance_records(responses):
    return [r for r in responses if r["resource_type"] == "inventory.CloudService"
            and r["resource"].get("cloud_service_type") == "Instance"]


def only(tasks, **match):
    found = [t for t in tasks if all(t.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, tasks)
    return found[0]


def assert_all_success(responses):
    failures = [(r.get("message"), r.get("resource")) for r in responses if r["state"] != "SUCCESS"]
    assert failures == []


def test_collect_cloud_service_type_task(tasks, collect_all):
    responses = collect_all(only(tasks, resource_type="inventory.CloudServiceType"))
    assert_all_success(responses)
    assert {r["resource_type"] for r in responses} == {"inventory.CloudServiceType"}
    types = {r["resource"]["name"]: r for r in responses}
    assert "Instance" in types
    instance = types["Instance"]
    assert instance["resource"]["group"] == "EC2"
    assert instance["resource"]["provider"] == "aws"
    assert instance["match_rules"] == {"1": ["name", "group", "provider"]}


def test_collect_region_task(tasks, collect_all):
    responses = collect_all(only(tasks, resource_type="inventory.Region"))
    assert_all_success(responses)
    regions = {r["resource"]["region_code"]: r["resource"] for r in responses}
    assert sorted(regions) == sorted(REGIONS)
    assert regions["us-east-1"]["name"] == "US East (N. Virginia)"
    assert regions["ap-northeast-2"]["name"] == "Asia Pacific (Seoul)"
    assert {r["provider"] for r in regions.values()} == {"aws"}


@pytest.mark.parametrize("region", REGIONS)
def test_collect_region_instances_match_describe_instances(region, tasks, collect_all, described, aws, moto):
    responses = collect_all(only(tasks, resource_type="inventory.CloudService", region=region))
    assert_all_success(responses)
    assert {r["resource"].get("region_code") for r in responses
            if r["resource_type"] == "inventory.CloudService"} == {region}
    records = {r["resource"]["reference"]["resource_id"]: r for r in instance_records(responses)}
    assert sorted(records) == sorted(described[region])
    seeded = moto.fleet["regions"][region]
    assert set(seeded["instances"].values()) | set(seeded["asg_instances"]) == set(records)
    ec2 = aws("ec2", region)
    for instance_id, (instance, owner) in described[region].items():
        check_instance(records[instance_id], instance, owner, region, seeded, ec2)


def check_instance(record, instance, owner, region, seeded, ec2):
    iid = instance["InstanceId"]
    assert "reference.resource_id" in record["match_rules"]["1"]
    res = record["resource"]
    tags = {t["Key"]: t["Value"] for t in instance.get("Tags", [])}
    assert res["provider"] == "aws"
    assert res["cloud_service_group"] == "EC2"
    assert res["region_code"] == region
    assert res["account"] == owner
    assert res["instance_type"] == instance["InstanceType"]
    assert res["name"] == tags.get("Name", "")
    assert res["tags"] == tags
    assert res["reference"]["resource_id"] == iid
    assert iid in res["reference"]["external_link"]
    private_ips = {p["PrivateIpAddress"] for n in instance["NetworkInterfaces"] for p in n["PrivateIpAddresses"]}
    assert set(res["ip_addresses"]) == private_ips

    data = res["_data"]
    compute = data["compute"]
    assert compute["instance_id"] == iid
    assert compute["instance_type"] == instance["InstanceType"]
    assert compute["instance_name"] == tags.get("Name", "")
    assert compute["instance_state"] == instance["State"]["Name"].upper()
    assert compute["az"] == instance["Placement"]["AvailabilityZone"]
    assert compute["keypair"] == instance.get("KeyName", "")
    assert {g["id"] for g in compute["security_groups"]} == {g["GroupId"] for g in instance["SecurityGroups"]}
    image = ec2.describe_images(ImageIds=[instance["ImageId"]])["Images"][0]
    assert compute["image"] == image["Name"]
    assert data["os"]["os_arch"] == image["Architecture"]
    itype = ec2.describe_instance_types(InstanceTypes=[instance["InstanceType"]])["InstanceTypes"][0]
    assert data["hardware"]["core"] == itype["VCpuInfo"]["DefaultVCpus"]
    assert data["hardware"]["memory"] == round(itype["MemoryInfo"]["SizeInMiB"] / 1024, 2)
    assert data["primary_ip_address"] == instance["PrivateIpAddress"]
    assert data["vpc"]["vpc_id"] == instance["VpcId"] == seeded["vpc"]
    assert data["subnet"]["subnet_id"] == instance["SubnetId"]
    assert {n["tags"]["eni_id"] for n in data["nics"]} == {n["NetworkInterfaceId"] for n in instance["NetworkInterfaces"]}
    volumes = {m["Ebs"]["VolumeId"] for m in instance["BlockDeviceMappings"] if "Ebs" in m}
    assert {d["tags"]["volume_id"] for d in data["disks"]} == volumes
    if iid == seeded["instances"]["web-1"]:
        assert seeded["volume"] in volumes
    behind_alb = iid in (seeded["instances"]["web-1"], seeded["instances"]["web-2"])
    assert [lb["name"] for lb in data["load_balancer"]] == ([f"alb-{region}"] if behind_alb else [])
    if iid in seeded["asg_instances"]:
        assert data["auto_scaling_group"]["name"] == f"{region}-asg"
        assert data["auto_scaling_group"]["launch_configuration"]["name"] == f"{region}-lc"
    else:
        assert not data.get("auto_scaling_group")
    if tags.get("Name", "").startswith("web-"):
        web_sg = seeded["security_groups"]["web"]
        ssh = [r for r in data["security_group"] if r["security_group_id"] == web_sg
               and r["protocol"] == "TCP" and r["direction"] == "inbound" and r.get("port_range_min") == 22]
        assert [r["remote"] for r in ssh] == ["203.0.113.0/24"]


def test_collect_without_task_options_returns_everything(collect_all, described):
    responses = collect_all(None)
    assert_all_success(responses)
    kinds = {r["resource_type"] for r in responses}
    assert {"inventory.CloudServiceType", "inventory.CloudService", "inventory.Region"} <= kinds
    assert "Instance" in {r["resource"]["name"] for r in responses if r["resource_type"] == "inventory.CloudServiceType"}
    assert sorted(r["resource"]["region_code"] for r in responses if r["resource_type"] == "inventory.Region") \
        == sorted(REGIONS)
    for region in REGIONS:
        ids = [r["resource"]["reference"]["resource_id"] for r in instance_records(responses)
               if r["resource"]["region_code"] == region]
        assert sorted(ids) == sorted(described[region])


def test_collect_honours_region_filter_without_task_options(collect_all, described):
    responses = collect_all(None, options={"region_filter": ["ap-northeast-2"]})
    assert_all_success(responses)
    assert {r["resource"]["region_code"] for r in instance_records(responses)} == {"ap-northeast-2"}
    assert len(instance_records(responses)) == len(described["ap-northeast-2"])


def test_collect_with_role_arn(tasks, collect_all, secret, moto, described):
    task = only(tasks, resource_type="inventory.CloudService", region="us-east-1")
    responses = collect_all(task, secret_data=dict(secret, role_arn=moto.fleet["role_arn"]))
    assert_all_success(responses)
    ids = [r["resource"]["reference"]["resource_id"] for r in instance_records(responses)]
    assert sorted(ids) == sorted(described["us-east-1"])


def test_a_region_collect_logs_typed_events_with_its_lines(moto, secret, described, monkeypatch, caplog):
    from aws_ec2_collector import _core

    for name in [n for n in os.environ if n.startswith("AWS_")]:
        monkeypatch.delenv(name)
    for name, value in aws_env(moto.endpoint).items():
        if name.startswith("AWS_"):
            monkeypatch.setenv(name, value)
    caplog.set_level(logging.INFO, logger=_core.LOGGER_NAME)
    region = REGIONS[0]
    task = {"resource_type": "inventory.CloudService", "service": "EC2", "region": region}
    responses = list(_core.collect(secret, {}, task))
    assert_all_success(responses)
    records = [r for r in caplog.records if r.name == _core.LOGGER_NAME]
    assert [r.event["kind"] for r in records] == ["region_started", "region_done"]
    started, done = (r.event for r in records)
    assert started == {"kind": "region_started", "region": region}
    assert records[0].getMessage() == f"region {region}: collecting"
    assert (done["region"], done["instances"], done["records"], done["errors"]) \
        == (region, len(described[region]), len(responses), 0)
    assert done["calls"] > 0 and done["throttled"] == 0
    assert records[1].levelno == logging.INFO
    assert records[1].getMessage() == (
        f"region {region}: {done['instances']} instances, {done['records']} records, 0 errors, "
        f"{done['calls']} calls, 0 throttled, {done['retries']} retries, {done['seconds']:.1f} s")
