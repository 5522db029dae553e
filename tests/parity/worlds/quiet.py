#!/usr/bin/env python3
"""Parity world "quiet": regions with nothing, or with a single kind of resource.

No public AMIs are loaded (so moto auto-creates no AMI snapshots): a region without resources
really yields no CloudService record. Regions:
  us-west-1       nothing but moto's defaults (default VPC, its subnets and default SG: not collected)
  eu-west-1       only free volumes and snapshots (one of a volume deleted since)
  ap-southeast-1  only one free, untagged EIP (DescribeNetworkInterfaces with no ids)
  sa-east-1       only a VPC with its default SG and an empty SG (no instances)
  ca-central-1    only a launch template (no auto scaling group)
  eu-north-1      only a launch configuration and an empty ASG using it
  ap-south-1      only an AMI registered by the account (no instance) and moto's snapshot of it
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import world as W  # noqa: E402

SEED = 5021


def nothing(ctx):
    ctx.out["note"] = "moto defaults only"


def volumes_only(ctx):
    ec2 = ctx.ec2
    v_gp3 = ctx.volume("a", 10, "gp3", {"Name": f"{ctx.p}-spare-disk"})
    v_sc1 = ctx.volume("b", 125, "sc1")
    v_gone = ctx.volume("c", 4, "gp2", {"Name": f"{ctx.p}-deleted-later"})
    s_gp3 = ctx.snapshot(v_gp3, "spare disk, day 1", {"Name": f"{ctx.p}-spare-snap"})
    s_gone = ctx.snapshot(v_gone)  # no description, no tags
    ec2.delete_volume(VolumeId=v_gone)
    ctx.out.update(volumes={"gp3": v_gp3, "sc1_untagged": v_sc1, "deleted": v_gone},
                   snapshots={"gp3": s_gp3, "of_deleted_volume": s_gone})


def one_eip(ctx):
    ctx.out["eips"] = {"free_untagged": ctx.eip()}


def vpc_only(ctx):
    vpc_id, sn = ctx.vpc("10.91.0.0/16", f"{ctx.p}-empty-vpc", [("10.91.1.0/24", "a", {"Name": f"{ctx.p}-lonely"}, None)],
                         igw=False)
    default_sg = ctx.ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["SecurityGroups"][0]["GroupId"]
    empty = ctx.sg(f"{ctx.p}-nothing-here", "no rules, no members", vpc_id, revoke_default_egress=True)
    ctx.out.update(vpc_id=vpc_id, subnet_ids=sn, security_groups={"default": default_sg, "empty": empty})


def template_only(ctx):
    lt = ctx.ec2.create_launch_template(LaunchTemplateName=f"{ctx.p}-unused-lt",
                                        LaunchTemplateData={"InstanceType": "t3.nano"})["LaunchTemplate"]["LaunchTemplateId"]
    ctx.out["launch_templates"] = {"unused": lt}


def lc_asg_only(ctx):
    lc = f"{ctx.p}-lc"
    ctx.asg.create_launch_configuration(LaunchConfigurationName=lc, ImageId="ami-0123456789abcdef0", InstanceType="t3.nano")
    name = f"{ctx.p}-empty-asg"
    ctx.asg.create_auto_scaling_group(AutoScalingGroupName=name, LaunchConfigurationName=lc, MinSize=0, MaxSize=0,
                                      DesiredCapacity=0, AvailabilityZones=[ctx.region + "a"])
    ctx.out.update(launch_configurations=[lc], asgs={"empty": name})


def ami_only(ctx):
    img = ctx.ec2.register_image(Name=f"{ctx.p}-registered", Description="registered, never launched")["ImageId"]
    ctx.out["images"] = {"registered": img}


WORLD = W.World("quiet", SEED, W.datetime.datetime(2025, 2, 3, 4, 5, 6), [], [
    ("us-west-1", "sfo", nothing),
    ("eu-west-1", "dub", volumes_only),
    ("ap-southeast-1", "sin", one_eip),
    ("sa-east-1", "gru", vpc_only),
    ("ca-central-1", "yul", template_only),
    ("eu-north-1", "arn", lc_asg_only),
    ("ap-south-1", "bom", ami_only),
], __doc__)

if __name__ == "__main__":
    WORLD.main()
