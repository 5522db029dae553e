"""The memory of per-item answers between collects (src/fetch/memory.rs), through the real plugin
server on moto: a termination protection is served from memory only while younger than
options.termination_protection_max_age_seconds (0, the default: always asked), and a warm collect
otherwise gives what a cold one gives. Account isolation, the memory bound and concurrency are
tested on the memory itself (cargo test fetch::memory)."""
import time

from demo import fleet

REGION = "eu-north-1"  # no other test puts instances here
TASK = {"resource_type": "inventory.CloudService", "service": "EC2", "region": REGION}


def records(collect_all, cloud_service_type, **options):
    options = {"region_filter": [REGION], "cloud_service_types": [cloud_service_type], **options}
    responses = collect_all(TASK, options=options)
    assert [r for r in responses if r["state"] != "SUCCESS"] == []
    return {r["resource"]["reference"]["resource_id"]: r["resource"] for r in responses
            if r["resource_type"] == "inventory.CloudService"}


def test_a_remembered_termination_protection_is_served_only_within_its_max_age(aws, collect_all):
    ec2 = aws("ec2", REGION)
    image = fleet.ami_id(ec2, "amzn-ami-hvm-2017.09")
    instance = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1)["Instances"][0]
    instance_id = instance["InstanceId"]

    def protection(max_age):
        found = records(collect_all, "Instance", termination_protection_max_age_seconds=max_age)
        return found[instance_id]["_data"]["aws"]["termination_protection"]

    def protect(value):
        ec2.modify_instance_attribute(InstanceId=instance_id, DisableApiTermination={"Value": value})

    try:
        assert protection(3600) is False
        protect(True)
        # served from memory: at most an hour old, as the option allows
        assert protection(3600) is False
        # off: asked on every collect
        assert protection(0) is True
        protect(False)
        # the answer of the collect before, younger than the hour
        assert protection(3600) is True
        time.sleep(1.5)
        # older than the second allowed: asked again
        assert protection(1) is False
    finally:
        protect(False)
        ec2.terminate_instances(InstanceIds=[instance_id])


def test_a_warm_collect_gives_what_a_cold_one_gives(aws, collect_all):
    ec2 = aws("ec2", REGION)
    volumes = [ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=size)["VolumeId"] for size in (8, 16)]
    try:
        cold = records(collect_all, "Volume")
        warm = records(collect_all, "Volume")
        assert set(volumes) <= {r["_data"]["VolumeId"] for r in cold.values()}
        # the product codes came from memory the second time: the records are the same
        assert {k: r["json_data"] for k, r in warm.items()} == {k: r["json_data"] for k, r in cold.items()}
    finally:
        for volume in volumes:
            ec2.delete_volume(VolumeId=volume)
