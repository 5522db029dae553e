"""The migration API of docs/migration.md against the real plugin: boto3 on the e2e moto builds
the lists an existing Python collector holds, every instance goes through each `_core.instance_*`
step, `instance_data_of`, `instance_cloud_service` and `replay` of a snapshot dict, and each
result must equal the matching part of the records the plugin server returns over gRPC."""
import json
from datetime import datetime, timezone

import pytest

from aws_ec2_collector import _core, errors
from demo.fleet import REGIONS

# each step and the key of the record's data it makes
STEP_FIELDS = {
    "instance_os": "os", "instance_aws": "aws", "instance_hardware": "hardware", "instance_compute": "compute",
    "instance_nics": "nics", "instance_disks": "disks", "instance_load_balancers": "load_balancer",
    "instance_security_group_rules": "security_group", "instance_vpc": "vpc", "instance_subnet": "subnet",
    "instance_auto_scaling_group": "auto_scaling_group",
}
# the boto3 lists each step reads (docs/migration.md has this table)
STEP_NEEDS = {
    "instance_os": ["images", "instance_information"], "instance_aws": ["termination_protection", "volumes"],
    "instance_hardware": ["instance_types"], "instance_compute": ["images"], "instance_nics": ["subnets"],
    "instance_disks": ["volumes"],
    "instance_load_balancers": ["load_balancers", "listeners", "target_groups", "target_health"],
    "instance_security_group_rules": ["security_groups"], "instance_vpc": ["vpcs"], "instance_subnet": ["subnets"],
    "instance_auto_scaling_group": ["auto_scaling_groups", "launch_configurations"],
}
# what the plugin server's response model adds to a record that does not set them
SERVER_DEFAULTS = {"instance_size": 0.0, "launched_at": None, "data": None, "metadata": None}


def plain(value):
    """boto3's datetimes as strings, the one conversion the core needs."""
    return json.loads(json.dumps(value, default=str))


@pytest.fixture(scope="module")
def boto3_lists(aws, described):
    """Per region, the describe results an existing collector's managers hold, under the
    keyword names of the migration API."""
    out = {}
    for region in REGIONS:
        ec2, asg, elb, ssm = (aws(service, region) for service in ("ec2", "autoscaling", "elbv2", "ssm"))
        instances = [instance for instance, _ in described[region].values()]
        image_ids = sorted({i["ImageId"] for i in instances})
        load_balancers = elb.describe_load_balancers()["LoadBalancers"]
        target_groups = elb.describe_target_groups()["TargetGroups"]
        out[region] = plain({
            "images": ec2.describe_images(Filters=[{"Name": "image-id", "Values": image_ids}])["Images"],
            "instance_types": ec2.describe_instance_types(
                InstanceTypes=sorted({i["InstanceType"] for i in instances}))["InstanceTypes"],
            "volumes": ec2.describe_volumes()["Volumes"],
            "security_groups": ec2.describe_security_groups()["SecurityGroups"],
            "vpcs": ec2.describe_vpcs()["Vpcs"],
            "subnets": ec2.describe_subnets()["Subnets"],
            "auto_scaling_groups": asg.describe_auto_scaling_groups()["AutoScalingGroups"],
            "launch_configurations": asg.describe_launch_configurations()["LaunchConfigurations"],
            "load_balancers": load_balancers,
            "listeners": {lb["LoadBalancerArn"]: elb.describe_listeners(
                LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"] for lb in load_balancers},
            "target_groups": target_groups,
            "target_health": {tg["TargetGroupArn"]: elb.describe_target_health(
                TargetGroupArn=tg["TargetGroupArn"])["TargetHealthDescriptions"] for tg in target_groups},
            "instance_information": ssm.describe_instance_information()["InstanceInformationList"],
            "termination_protection": {i["InstanceId"]: ec2.describe_instance_attribute(
                InstanceId=i["InstanceId"], Attribute="disableApiTermination")["DisableApiTermination"]["Value"]
                for i in instances},
        })
    return out


@pytest.fixture(scope="module")
def served(collect_all, tasks):
    """The Instance records the plugin server returns over gRPC: {region: {instance id: resource}}."""
    out = {}
    for region in REGIONS:
        responses = collect_all(next(t for t in tasks if t.get("region") == region))
        assert [r for r in responses if r["state"] != "SUCCESS"] == []
        out[region] = {r["resource"]["reference"]["resource_id"]: r["resource"] for r in responses
                       if r["resource_type"] == "inventory.CloudService"
                       and r["resource"]["cloud_service_type"] == "Instance"}
    return out


def assert_same_record(cloud_service, resource):
    """A CloudService dict of the core equals the record the server sent, json fields decoded."""
    for key, value in cloud_service.items():
        if key in ("json_data", "json_metadata"):
            assert json.loads(value) == json.loads(resource[key]), key
        else:
            assert value == resource[key], key
    extra = {k: v for k, v in resource.items() if k not in cloud_service and not k.startswith("_")}
    assert extra == SERVER_DEFAULTS


def test_the_steps_are_the_ones_documented():
    assert list(STEP_FIELDS) == list(_core.INSTANCE_STEPS) == list(STEP_NEEDS)


@pytest.mark.parametrize("region", REGIONS)
def test_every_step_of_every_instance_equals_the_served_record(region, described, boto3_lists, served):
    assert sorted(served[region]) == sorted(described[region])
    for instance_id, (instance, owner) in described[region].items():
        data = served[region][instance_id]["_data"]
        for step, field in STEP_FIELDS.items():
            made = getattr(_core, step)(plain(instance), region=region, account=owner, **boto3_lists[region])
            assert made == data.get(field), (instance_id, step)


@pytest.mark.parametrize("region", REGIONS)
def test_instance_data_of_equals_the_served_data(region, described, boto3_lists, served):
    for instance_id, (instance, owner) in described[region].items():
        whole = _core.instance_data_of(plain(instance), region=region, account=owner, **boto3_lists[region])
        assert whole == served[region][instance_id]["_data"], instance_id


@pytest.mark.parametrize("region", REGIONS)
def test_each_step_needs_only_its_own_lists(region, described, boto3_lists, served):
    lists = boto3_lists[region]
    for instance_id, (instance, owner) in described[region].items():
        data = served[region][instance_id]["_data"]
        for step, needs in STEP_NEEDS.items():
            made = getattr(_core, step)(plain(instance), region=region, account=owner,
                                        **{name: lists[name] for name in needs})
            assert made == data.get(STEP_FIELDS[step]), (instance_id, step)


@pytest.mark.parametrize("region", REGIONS)
def test_instance_cloud_service_equals_the_served_record(region, described, boto3_lists, served):
    for instance_id, (instance, owner) in described[region].items():
        made = _core.instance_cloud_service(plain(instance), region=region, account=owner, **boto3_lists[region])
        assert made["reference"]["resource_id"] == instance_id
        assert_same_record(made, served[region][instance_id])


@pytest.mark.parametrize("region", REGIONS)
def test_replay_of_a_snapshot_dict_equals_the_served_records(region, described, boto3_lists, served):
    reservations = [{"OwnerId": owner, "Instances": [instance]} for instance, owner in described[region].values()]
    snapshot = dict(boto3_lists[region], region=region, reservations=plain(reservations))
    responses = _core.replay(snapshot, ["Instance"])
    assert {r["state"] for r in responses} == {"SUCCESS"}
    made = {r["cloud_service"]["reference"]["resource_id"]: r["cloud_service"] for r in responses}
    assert sorted(made) == sorted(served[region])
    for instance_id, cloud_service in made.items():
        assert_same_record(cloud_service, served[region][instance_id])


def test_boto3_datetimes_are_passed_as_iso_strings(described, boto3_lists):
    region = REGIONS[0]
    instance, owner = next(iter(described[region].values()))
    assert isinstance(instance["LaunchTime"], datetime)
    with pytest.raises(errors.InvalidArgument) as raised:
        _core.instance_compute(instance, region=region, account=owner, **boto3_lists[region])
    assert raised.value.field == "instance"
    as_str = _core.instance_compute(plain(instance), region=region, **boto3_lists[region])
    iso = json.loads(json.dumps(instance, default=datetime.isoformat))
    assert iso["LaunchTime"] != plain(instance)["LaunchTime"]  # "T" and " " between date and time
    assert _core.instance_compute(iso, region=region, **boto3_lists[region]) == as_str
    assert as_str["launched_at"] == instance["LaunchTime"].astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def test_a_misspelt_list_name_is_an_error_naming_it():
    with pytest.raises(errors.InvalidArgument) as e:
        _core.instance_disks({"InstanceId": "i-1"}, volume=[])
    assert e.value.field == "volume"
    assert "volumes" in str(e.value)
