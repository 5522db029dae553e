"""Records a region snapshot (what the collector fetches, boto3-shaped) from a fake AWS.

  python tests/snapshots/record.py --endpoint http://127.0.0.1:PORT --region us-east-1 --out FILE

The output is the RegionSnapshot JSON that the Rust assembly reads (src/snapshot.rs): boto3
response items, timestamps as ISO 8601 strings. Recorded from the parity kit's fixture, so its
IDs match the golden records, which the assembly tests compare against.
"""
import argparse
import datetime
import json

import boto3


def iso(o):
    if isinstance(o, datetime.datetime):
        return o.isoformat()
    raise TypeError(type(o))


def without_metadata(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def pages(client, op, key, **kw):
    out = []
    for page in client.get_paginator(op).paginate(**kw):
        out.extend(page.get(key, []))
    return out


def record(endpoint, region):
    s = boto3.session.Session(aws_access_key_id="AKIAORACLEFAKE000001",
                              aws_secret_access_key="recorder/fake/secret", region_name=region)
    ec2, asg, elb, ssm = (s.client(n, endpoint_url=endpoint) for n in ("ec2", "autoscaling", "elbv2", "ssm"))
    states = ["pending", "running", "shutting-down", "stopping", "stopped"]
    reservations = pages(ec2, "describe_instances", "Reservations",
                         Filters=[{"Name": "instance-state-name", "Values": states}])
    instances = [i for r in reservations for i in r["Instances"]]
    types = sorted({i["InstanceType"] for i in instances})
    amis = sorted({i["ImageId"] for i in instances if i.get("ImageId")})
    lbs = pages(elb, "describe_load_balancers", "LoadBalancers")
    volumes = pages(ec2, "describe_volumes", "Volumes")
    groups = pages(asg, "describe_auto_scaling_groups", "AutoScalingGroups")
    templates = pages(ec2, "describe_launch_templates", "LaunchTemplates")
    addresses = ec2.describe_addresses()["Addresses"]
    owned_images = ec2.describe_images(Owners=["self"])["Images"]
    tgs = pages(elb, "describe_target_groups", "TargetGroups")
    snap = {
        "region": region,
        "account_id": s.client("sts", endpoint_url=endpoint).get_caller_identity()["Account"],
        "reservations": reservations,
        "instance_types": ec2.describe_instance_types(InstanceTypes=types)["InstanceTypes"] if types else [],
        "images": ec2.describe_images(ImageIds=amis)["Images"] if amis else [],
        "termination_protection": {
            i["InstanceId"]: ec2.describe_instance_attribute(
                InstanceId=i["InstanceId"], Attribute="disableApiTermination")["DisableApiTermination"]["Value"]
            for i in instances},
        "volumes": volumes,
        "security_groups": pages(ec2, "describe_security_groups", "SecurityGroups"),
        "vpcs": pages(ec2, "describe_vpcs", "Vpcs"),
        "subnets": pages(ec2, "describe_subnets", "Subnets"),
        "auto_scaling_groups": groups,
        "launch_configurations": pages(asg, "describe_launch_configurations", "LaunchConfigurations"),
        "load_balancers": lbs,
        "listeners": {lb["LoadBalancerArn"]: elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
                      for lb in lbs},
        "target_groups": tgs,
        "target_health": {tg["TargetGroupArn"]: elb.describe_target_health(
            TargetGroupArn=tg["TargetGroupArn"])["TargetHealthDescriptions"] for tg in tgs},
        "instance_information": ssm.describe_instance_information()["InstanceInformationList"],
        "volume_attributes": {v["VolumeId"]: without_metadata(ec2.describe_volume_attribute(
            VolumeId=v["VolumeId"], Attribute="productCodes")) for v in volumes},
        "snapshots": pages(ec2, "describe_snapshots", "Snapshots", OwnerIds=["self"]),
        "addresses": addresses,
        "address_interfaces": ec2.describe_network_interfaces(NetworkInterfaceIds=[
            a["NetworkInterfaceId"] for a in addresses if a.get("NetworkInterfaceId")])["NetworkInterfaces"]
            if any(a.get("NetworkInterfaceId") for a in addresses) else [],
        "nat_gateways": pages(ec2, "describe_nat_gateways", "NatGateways"),
        "security_group_rules": pages(ec2, "describe_security_group_rules", "SecurityGroupRules"),
        "owned_images": owned_images,
        "launch_permissions": {i["ImageId"]: ec2.describe_image_attribute(
            ImageId=i["ImageId"], Attribute="launchPermission")["LaunchPermissions"] for i in owned_images},
        "launch_templates": templates,
        "launch_template_versions": {t["LaunchTemplateId"]: ec2.describe_launch_template_versions(
            LaunchTemplateId=t["LaunchTemplateId"])["LaunchTemplateVersions"]
            for t in templates},
        "scaling_policies": pages(asg, "describe_policies", "ScalingPolicies"),
        "notification_configurations": pages(asg, "describe_notification_configurations", "NotificationConfigurations"),
        "scheduled_actions": pages(asg, "describe_scheduled_actions", "ScheduledUpdateGroupActions"),
        "lifecycle_hooks": {g["AutoScalingGroupName"]: asg.describe_lifecycle_hooks(
            AutoScalingGroupName=g["AutoScalingGroupName"])["LifecycleHooks"] for g in groups},
    }
    return snap


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--region", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    with open(a.out, "w") as f:
        json.dump(record(a.endpoint, a.region), f, indent=1, default=iso, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
