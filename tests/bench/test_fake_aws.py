"""The benchmark's fake AWS (bench/fake_aws.py) seen through boto3: the real response shapes of
every call the collector makes, pagination honouring the page size, the token buckets with the
real error codes and HTTP statuses, the round trip, the call log and the report; and through the
collector itself (the dev build of `make build`): the region snapshot it reads equals the fleet."""
import json
import os
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from bench.fleet import SCENARIOS, region_fleet
from demo.servers import FakeAwsServer

SMALL = SCENARIOS["small"]
REGION, OTHER = "us-east-1", "ap-northeast-2"


def start(tmp_path_factory, name, time_scale, latency_ms=None):
    return FakeAwsServer(tmp_path_factory.mktemp(name), SMALL.name, time_scale, latency_ms).start()


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    server = start(tmp_path_factory, "fake", 1)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def throttling(tmp_path_factory):
    """Refilling 1000 times slower than AWS: a bucket, once empty, stays empty."""
    server = start(tmp_path_factory, "throttling", 1000)
    yield server
    server.stop()


def client(fake, service, region=REGION):
    return boto3.client(service, endpoint_url=fake.endpoint, region_name=region, aws_access_key_id="AKIATEST",
                        aws_secret_access_key="test",
                        # no retries; page sizes below the APIs' minimums, to page the small fleet
                        config=Config(retries={"max_attempts": 1}, parameter_validation=False))


def every(paginator, key, **kwargs):
    pages = list(paginator.paginate(**kwargs))
    return [item for page in pages for item in page[key]], len(pages)


def test_instances_paginate_and_filter_by_state(fake):
    ec2 = client(fake, "ec2")
    paginator = ec2.get_paginator("describe_instances")
    reservations, pages = every(paginator, "Reservations", PaginationConfig={"PageSize": 2})
    instances = [i for r in reservations for i in r["Instances"]]
    assert (len(instances), pages) == (SMALL.regions[REGION], 3)
    assert len({i["InstanceId"] for i in instances}) == len(instances)
    running, _ = every(paginator, "Reservations", Filters=[{"Name": "instance-state-name", "Values": ["running"]}])
    assert 0 < len(running) < len(instances)
    first = instances[0]
    assert first["Placement"]["AvailabilityZone"].startswith(REGION)
    assert first["LaunchTime"].year == 2024 and isinstance(first["State"]["Code"], int)
    assert first["BlockDeviceMappings"][0]["Ebs"]["VolumeId"].startswith("vol-")
    by_id, _ = every(paginator, "Reservations", Filters=[{"Name": "instance-id", "Values": [first["InstanceId"]]}])
    assert [r["Instances"][0]["InstanceId"] for r in by_id] == [first["InstanceId"]]


def test_the_region_comes_from_the_credential_scope(fake):
    zones = {i["Placement"]["AvailabilityZone"][:-1] for r in client(fake, "ec2", OTHER).describe_instances()[
        "Reservations"] for i in r["Instances"]}
    assert zones == {OTHER}
    assert [r["RegionName"] for r in client(fake, "ec2").describe_regions()["Regions"]] == list(SMALL.regions)


@pytest.mark.parametrize("service, operation, key, page", [
    ("ec2", "describe_volumes", "Volumes", 5),
    ("ec2", "describe_security_group_rules", "SecurityGroupRules", 4),
    ("ec2", "describe_subnets", "Subnets", 4),
    ("elbv2", "describe_target_groups", "TargetGroups", 1),
    ("ssm", "describe_instance_information", "InstanceInformationList", 1),
])
def test_lists_paginate_at_the_requested_size(fake, service, operation, key, page):
    paginator = client(fake, service).get_paginator(operation)
    whole, _ = every(paginator, key)
    paged, pages = every(paginator, key, PaginationConfig={"PageSize": page})
    assert paged == whole and len(whole) > page
    assert pages == -(-len(whole) // page)


def test_the_calls_that_follow_the_lists(fake):
    ec2, elb, asg = client(fake, "ec2"), client(fake, "elbv2"), client(fake, "autoscaling")
    instance = ec2.describe_instances()["Reservations"][0]["Instances"][0]
    protection = ec2.describe_instance_attribute(InstanceId=instance["InstanceId"], Attribute="disableApiTermination")
    assert isinstance(protection["DisableApiTermination"]["Value"], bool)
    volume = ec2.describe_volumes()["Volumes"][0]["VolumeId"]
    assert ec2.describe_volume_attribute(VolumeId=volume, Attribute="productCodes")["VolumeId"] == volume
    types = ec2.describe_instance_types(InstanceTypes=[instance["InstanceType"]])["InstanceTypes"]
    assert types[0]["VCpuInfo"]["DefaultVCpus"] > 0 and types[0]["MemoryInfo"]["SizeInMiB"] > 0
    images = ec2.describe_images(Filters=[{"Name": "image-id", "Values": [instance["ImageId"], "ami-gone"]}])
    assert [i["ImageId"] for i in images["Images"]] == [instance["ImageId"]]
    assert all(i["OwnerId"] == "123456789012" for i in ec2.describe_images(Owners=["self"])["Images"])
    template = ec2.describe_launch_templates()["LaunchTemplates"][0]["LaunchTemplateId"]
    versions = ec2.describe_launch_template_versions(LaunchTemplateId=template, Versions=["$Latest", "$Default"])
    assert sorted(v["VersionNumber"] for v in versions["LaunchTemplateVersions"]) == [1, 2]
    group = asg.describe_auto_scaling_groups()["AutoScalingGroups"][0]
    assert group["Instances"] and "LifecycleHooks" in asg.describe_lifecycle_hooks(
        AutoScalingGroupName=group["AutoScalingGroupName"])
    lb = elb.describe_load_balancers()["LoadBalancers"][0]
    assert elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"][0]["Port"] == 80
    tg = elb.describe_target_groups()["TargetGroups"][0]
    health = elb.describe_target_health(TargetGroupArn=tg["TargetGroupArn"])["TargetHealthDescriptions"]
    assert health[0]["TargetHealth"]["State"] == "healthy"
    assert client(fake, "sts").get_caller_identity()["Account"] == "123456789012"


def test_unknown_ids_get_the_real_errors(fake):
    with pytest.raises(ClientError) as e:
        client(fake, "ec2").describe_instance_attribute(InstanceId="i-0123456789abcdef0",
                                                        Attribute="disableApiTermination")
    assert e.value.response["Error"]["Code"] == "InvalidInstanceID.NotFound"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def calls_until_throttled(call, limit=200):
    for n in range(limit):
        try:
            call()
        except ClientError as e:
            return n, e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    return limit, None, None


@pytest.mark.parametrize("service, call, burst, code, status", [
    ("ec2", lambda c: c.describe_vpcs(MaxResults=5), 100, "RequestLimitExceeded", 503),
    ("ec2", lambda c: c.describe_volumes(), 50, "RequestLimitExceeded", 503),  # unfiltered, unpaginated
    ("autoscaling", lambda c: c.describe_policies(), 100, "Throttling", 400),
    ("elbv2", lambda c: c.describe_load_balancers(), 40, "Throttling", 400),  # ELB's documented Describe* bucket
    ("ssm", lambda c: c.describe_instance_information(), 100, "ThrottlingException", 400),
])
def test_each_region_and_action_has_its_token_bucket(throttling, service, call, burst, code, status):
    aws = client(throttling, service)
    assert calls_until_throttled(lambda: call(aws)) == (burst, code, status)
    call(client(throttling, service, OTHER))  # another region: its own bucket
    if service == "ec2":
        aws.describe_subnets()  # another action: its own bucket
    if service == "elbv2":
        # ELB's Describe* share theirs: another one is throttled too
        with pytest.raises(ClientError, match="Throttling"):
            aws.describe_target_groups()


def test_latency_and_the_call_log(tmp_path_factory):
    fake = start(tmp_path_factory, "slow", 0.5, latency_ms=200)  # 200 ms of fake time, 100 ms of real time
    try:
        ec2 = client(fake, "ec2")
        started = time.monotonic()
        ec2.describe_vpcs()
        assert time.monotonic() - started >= 0.1
        report = fake.report()
    finally:
        fake.stop()
    calls = [json.loads(line) for line in fake.calls.read_text().splitlines()]
    assert [(c["region"], c["service"], c["action"], c["throttled"], c["status"]) for c in calls] == [
        (REGION, "ec2", "DescribeVpcs", False, 200)]
    assert calls[0]["end"] - calls[0]["start"] >= 0.2
    assert (report["calls"], report["throttled"], report["latency_ms"], report["time_scale"]) == (1, 0, 200, 0.5)
    assert 0 < report["service_s"] < 1 and report["buckets"] == {"DescribeVpcs": [100, 20]}


def test_the_collector_reads_back_the_fleet(fake, monkeypatch):
    """Every field the collector's model reads arrives intact: the region snapshot it fetches from
    the fake equals the fleet on every key the snapshot has."""
    from aws_ec2_collector import _core

    for key in [k for k in os.environ if k.startswith("AWS_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_ENDPOINT_URL", fake.endpoint)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    secret = {"aws_access_key_id": "AKIATEST", "aws_secret_access_key": "test"}
    snapshot = json.loads(_core.fetch_snapshot(secret, {}, REGION))
    fleet = region_fleet(REGION, SMALL.regions[REGION])
    live = [r for r in fleet.reservations if r["Instances"][0]["State"]["Name"] != "terminated"]

    def same(got, want, path):
        if isinstance(got, dict):
            for k, v in got.items():
                same(v, want.get(k), f"{path}.{k}")
        elif isinstance(got, list):
            assert len(got) == len(want or []), path
            for i, (g, w) in enumerate(zip(got, want, strict=False)):
                same(g, w, f"{path}[{i}]")
        elif isinstance(got, str) and got[:4] == "2024":
            assert got[:19] == want[:19], path
        elif got not in (None, [], {}, ""):
            assert got == want, path

    assert not snapshot.get("gaps")
    for key, want in [("reservations", live), ("volumes", fleet.volumes), ("security_groups", fleet.security_groups),
                      ("security_group_rules", fleet.security_group_rules), ("vpcs", fleet.vpcs),
                      ("subnets", fleet.subnets), ("snapshots", fleet.snapshots), ("addresses", fleet.addresses),
                      ("nat_gateways", fleet.nat_gateways), ("owned_images", fleet.owned_images),
                      ("launch_templates", fleet.launch_templates), ("auto_scaling_groups", fleet.auto_scaling_groups),
                      ("launch_configurations", fleet.launch_configurations),
                      ("scaling_policies", fleet.scaling_policies), ("scheduled_actions", fleet.scheduled_actions),
                      ("notification_configurations", fleet.notification_configurations),
                      ("load_balancers", fleet.load_balancers), ("target_groups", fleet.target_groups),
                      ("instance_information", fleet.instance_information),
                      ("termination_protection", fleet.termination_protection),
                      ("listeners", fleet.listeners), ("target_health", fleet.target_health),
                      ("lifecycle_hooks", fleet.lifecycle_hooks)]:
        assert snapshot[key], key
        same(snapshot[key], want, key)
