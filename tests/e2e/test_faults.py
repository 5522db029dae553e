"""What an operator gets when part of AWS says no, when an AMI is gone, when many collects run
at once, and where the endpoints come from: through the real plugin server and a real moto."""
import json
from concurrent.futures import ThreadPoolExecutor

from demo import fleet

US = {"resource_type": "inventory.CloudService", "service": "EC2", "region": "us-east-1"}


def split(responses, cloud_service_type="Instance"):
    records = [r for r in responses if r["state"] == "SUCCESS" and r["resource_type"] == "inventory.CloudService"
               and r["resource"]["cloud_service_type"] == cloud_service_type]
    failures = [r for r in responses if r["state"] != "SUCCESS"]
    return records, failures


def test_a_denied_api_loses_only_its_data_and_is_reported(collect_all, no_elb_secret, described):
    records, failures = split(collect_all(US, secret_data=no_elb_secret))
    assert sorted(r["resource"]["reference"]["resource_id"] for r in records) == sorted(described["us-east-1"])
    assert all(r["resource"]["_data"]["load_balancer"] == [] for r in records)
    assert all(r["resource"]["_data"]["compute"]["instance_id"] for r in records)
    operations = sorted(f["resource"]["operation"] for f in failures)
    assert operations == ["elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTargetGroups"]
    for failure in failures:
        assert failure["resource_type"] == "inventory.ErrorResource"
        assert failure["resource"]["region_code"] == "us-east-1"
        assert failure["resource"]["code"] == "AccessDenied"
        assert "us-east-1" in failure["message"] and "elasticloadbalancing:Describe" in failure["message"]
        assert no_elb_secret["aws_secret_access_key"] not in json.dumps(failure)


def test_an_instance_of_a_deregistered_ami_is_still_collected(aws, collect_all):
    region = "eu-west-1"
    ec2 = aws("ec2", region)
    base = fleet.ami_id(ec2, "amzn-ami-hvm-2017.09")
    builder = ec2.run_instances(ImageId=base, InstanceType="t3.micro", MinCount=1, MaxCount=1)["Instances"][0]
    image = ec2.create_image(InstanceId=builder["InstanceId"], Name="short-lived-golden-image")["ImageId"]
    orphan = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1)["Instances"][0]
    ec2.deregister_image(ImageId=image)
    task = dict(US, region=region)
    records, failures = split(collect_all(task, options={"region_filter": [region]}))
    assert failures == []
    by_id = {r["resource"]["reference"]["resource_id"]: r["resource"]["_data"] for r in records}
    assert set(by_id) == {builder["InstanceId"], orphan["InstanceId"]}
    assert by_id[orphan["InstanceId"]]["compute"]["image"] == ""
    assert by_id[orphan["InstanceId"]]["os"]["os_arch"] == orphan["Architecture"]
    assert by_id[builder["InstanceId"]]["compute"]["image"].startswith("amzn-ami-hvm-2017.09")


def test_concurrent_collects_give_the_same_complete_output(collect_all, described):
    def ids_and_data(_):
        records, failures = split(collect_all(US))
        assert failures == []
        return sorted((r["resource"]["reference"]["resource_id"], r["resource"]["json_data"]) for r in records)

    with ThreadPoolExecutor(max_workers=8) as pool:
        outputs = list(pool.map(ids_and_data, range(16)))
    assert [i for i, _ in outputs[0]] == sorted(described["us-east-1"])
    assert all(o == outputs[0] for o in outputs)


def test_service_specific_endpoints_win_over_the_general_one(moto, secret, monkeypatch):
    """AWS_ENDPOINT_URL_<SERVICE> as the AWS SDKs define it: the general variable points at a
    closed port, the service ones at moto, and the calls reach moto."""
    from aws_ec2_collector import _core

    for name in list(__import__("os").environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", moto.endpoint)
    monkeypatch.setenv("AWS_ENDPOINT_URL_EC2", moto.endpoint)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    assert _core.verify(secret, {}) == "123456789012"
    regions = [t["task_options"]["region"] for t in _core.get_tasks(secret, {})
               if t["task_options"]["resource_type"] == "inventory.CloudService"]
    assert {"us-east-1", "ap-northeast-2", "eu-west-1"} <= set(regions)
