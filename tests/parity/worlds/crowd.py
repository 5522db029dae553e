#!/usr/bin/env python3
"""Parity world "crowd": enough of everything in one region that every paged call really pages.

Region us-west-2 ("pdx"), one VPC with four /20 subnets. moto 5.2.5 pages only DescribeInstances
(by reservations), DescribeAutoScalingGroups, DescribeLaunchConfigurations and elbv2
DescribeLoadBalancers; this world crosses each of those page sizes several times:
  - 130 direct reservations (110 single instances, 20 of five) plus one reservation per ASG that
    has capacity: > 150 reservations, ~290 instances (every 9th direct instance stopped);
  - 56 launch configurations and 56 auto scaling groups (the 45-instance ASG and its launch
    configuration sit on the second page of both listings; its instances are cut into chunks of
    20, 20 and 5 by the ASG manager);
  - 52 load balancers (ALB and NLB, one listener each) and 54 target groups; one ASG is attached to
    22 target groups on 22 load balancers (two DescribeTargetGroups / DescribeLoadBalancers chunks);
  - 18 launch templates (more than moto's default page of 15), the first with 18 versions;
  - 60 security groups, ~430 volumes, ~250 snapshots, 60 EIPs, one scaling policy per ASG;
  - SSM knows instances in each of the 100-id chunks of DescribeInstanceInformation.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import world as W  # noqa: E402

SEED = 6607
AMZN2 = "ami-0a11c0ffee0000001"
UBUNTU = "ami-0a11c0ffee0000002"
WIN2019 = "ami-0a11c0ffee0000003"
AMIS = [
    W.ami(AMZN2, "amzn2-ami-hvm-2.0.20240131.0-x86_64-gp2", description="Amazon Linux 2 AMI 2.0.20240131.0 x86_64 HVM gp2"),
    W.ami(UBUNTU, "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240207", owner="099720109477",
          root_device_name="/dev/sda1"),
    W.ami(WIN2019, "Windows_Server-2019-English-Full-Base-2024.02.14", platform="windows", owner="801119661308",
          root_device_name="/dev/sda1"),
]
IMAGES = [AMZN2, UBUNTU, WIN2019]
TYPES = ["t3.micro", "t3.small", "m5.large", "c5.large", "r5.large", "t3a.medium"]
VOLUME_TYPES = [("gp2", {}), ("gp3", {"Iops": 3000, "Throughput": 125}), ("io1", {"Iops": 1000}),
                ("io2", {"Iops": 2000}), ("st1", {}), ("sc1", {}), ("standard", {})]
MIN_SIZE = {"st1": 125, "sc1": 125}


def pdx(ctx):
    ec2, asg, elb, p = ctx.ec2, ctx.asg, ctx.elbv2, ctx.p
    vpc_id, sn = ctx.vpc("10.80.0.0/16", f"{p}-crowd-vpc",
                         [(f"10.80.{16 * i}.0/20", az, {"Name": f"{p}-subnet-{az}"}, None)
                          for i, az in enumerate("abcd")])
    ctx.out.update(vpc_id=vpc_id, subnet_ids=sn)

    # 60 security groups; each opens one port from the VPC, every 5th also admits the previous group
    sgs = []
    for i in range(60):
        ingress = [{"IpProtocol": "tcp", "FromPort": 1000 + i, "ToPort": 1000 + i,
                    "IpRanges": [{"CidrIp": "10.80.0.0/16", "Description": f"service {i}"}]}]
        if i % 5 == 4:
            ingress.append({"IpProtocol": "tcp", "FromPort": 2000, "ToPort": 2999, "UserIdGroupPairs": [{"GroupId": sgs[-1]}]})
        sgs.append(ctx.sg(f"{p}-sg-{i:02d}", f"crowd group {i}", vpc_id,
                          {"Name": f"{p}-sg-{i:02d}", "index": str(i)} if i % 3 else None, ingress))
    ctx.out["security_groups"] = sgs
    key = f"{p}-crowd-key"
    ec2.create_key_pair(KeyName=key)

    # 110 single-instance reservations, then 20 reservations of five instances
    direct = []
    for i in range(110):
        direct += ctx.run(IMAGES[i % 3], TYPES[i % len(TYPES)], sn[i % 4], [sgs[i % 60], sgs[(i * 7) % 60]],
                          {"Name": f"{p}-node-{i:03d}", "batch": "singles"}, key if i % 4 else None)
    for j in range(20):
        direct += ctx.run(IMAGES[j % 3], TYPES[j % len(TYPES)], sn[j % 4], [sgs[(j * 3) % 60]],
                          {"Name": f"{p}-pack-{j:02d}", "batch": "packs"}, key, count=5)
    ctx.out["direct_instances"] = direct

    # data volumes on every 10th direct instance, 120 free volumes of every type, two snapshots of each free one
    data_vols = []
    for i in range(0, len(direct), 10):
        vt, extra = VOLUME_TYPES[(i // 10) % 7]
        data_vols.append(ctx.volume("abcd"[0], MIN_SIZE.get(vt, 20), vt, {"Name": f"{p}-data-{i:03d}"}, **extra))
    free_vols, snaps = [], []
    for i in range(120):
        vt, extra = VOLUME_TYPES[i % 7]
        t = {"Name": f"{p}-free-{i:03d}"} if i % 4 else ({"team": "storage"} if i % 8 else None)
        free_vols.append(ctx.volume("abcd"[i % 4], MIN_SIZE.get(vt, 1 + i % 30), vt, t, Encrypted=(i % 5 == 0), **extra))
    for i, v in enumerate(free_vols):
        snaps.append(ctx.snapshot(v, f"nightly {i:03d}", {"Name": f"{p}-snap-{i:03d}-a"} if i % 2 else None))
        snaps.append(ctx.snapshot(v, None if i % 3 else f"weekly {i:03d}"))
    ctx.out.update(data_volumes=data_vols, free_volumes=free_vols, snapshots=snaps)

    # 60 EIPs: 30 on direct instances, 30 free (tagged, every third untagged)
    eips = []
    for i in range(30):
        eips.append(ctx.eip({"Name": f"{p}-eip-{i:02d}"}, instance=direct[i * 7]))
    for i in range(30):
        eips.append(ctx.eip({"Name": f"{p}-spare-eip-{i:02d}"} if i % 3 else None))
    ctx.out["eips"] = eips

    # 18 launch templates; the first gets 17 more versions
    lts = []
    for i in range(18):
        lts.append(ec2.create_launch_template(
            LaunchTemplateName=f"{p}-lt-{i:02d}", VersionDescription=f"template {i} v1",
            LaunchTemplateData={"ImageId": IMAGES[i % 2], "InstanceType": TYPES[i % len(TYPES)], "SecurityGroupIds": [sgs[i]]},
            TagSpecifications=W.tagspec("launch-template", {"Name": f"{p}-lt-{i:02d}"}) if i % 2 else [])["LaunchTemplate"]["LaunchTemplateId"])
    for v in range(2, 19):
        ec2.create_launch_template_version(LaunchTemplateId=lts[0], VersionDescription=f"template 0 v{v}",
                                           LaunchTemplateData={"ImageId": AMZN2, "InstanceType": TYPES[v % len(TYPES)],
                                                               "SecurityGroupIds": [sgs[0]]})
    ec2.modify_launch_template(LaunchTemplateId=lts[0], DefaultVersion="9")
    ctx.out["launch_templates"] = lts

    # 52 load balancers, one target group and listener each, plus two spare target groups
    lbs, tgs = [], []
    for i in range(52):
        kind = "application" if i % 2 == 0 else "network"
        args = dict(Name=f"{p}-lb-{i:02d}", Subnets=sn[:2], Scheme="internal" if i % 3 else "internet-facing", Type=kind)
        if kind == "application":
            args["SecurityGroups"] = [sgs[i]]
        lbs.append(elb.create_load_balancer(**args)["LoadBalancers"][0]["LoadBalancerArn"])
        proto = "HTTP" if kind == "application" else "TCP"
        tgs.append(elb.create_target_group(Name=f"{p}-tg-{i:02d}", Protocol=proto, Port=8000 + i, VpcId=vpc_id,
                                           TargetType="ip" if i % 13 == 12 else "instance")["TargetGroups"][0]["TargetGroupArn"])
        elb.create_listener(LoadBalancerArn=lbs[-1], Protocol=proto, Port=80 + i,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": tgs[-1]}])
    for i in (52, 53):  # not behind any load balancer
        tgs.append(elb.create_target_group(Name=f"{p}-tg-{i:02d}", Protocol="HTTP", Port=8000 + i, VpcId=vpc_id,
                                           TargetType="instance")["TargetGroups"][0]["TargetGroupArn"])
    for i in range(0, 52, 4):  # a few direct instances behind the instance target groups (or their IP)
        if i % 13 == 12:
            elb.register_targets(TargetGroupArn=tgs[i], Targets=[{"Id": ctx.instance(direct[i])["PrivateIpAddress"]}])
        else:
            elb.register_targets(TargetGroupArn=tgs[i], Targets=[{"Id": direct[i]}, {"Id": direct[i + 1]}])
    ctx.out.update(load_balancers=lbs, target_groups=tgs)

    # 56 launch configurations; 40 ASGs from them, 16 from launch templates
    lcs = []
    for i in range(56):
        lcs.append(f"{p}-lc-{i:02d}")
        lc_args = dict(LaunchConfigurationName=lcs[-1], ImageId=IMAGES[i % 2], InstanceType=TYPES[i % len(TYPES)],
                       SecurityGroups=[sgs[(i + 30) % 60]])
        if i % 2:
            lc_args["KeyName"] = key
        asg.create_launch_configuration(**lc_args)
    asgs = {}
    for i in range(56):
        name = f"{p}-asg-{i:02d}"
        cap = 45 if i == 53 else (1 if i % 2 == 0 else 0)
        args = dict(AutoScalingGroupName=name, MinSize=0, MaxSize=max(cap, 2), DesiredCapacity=cap,
                    VPCZoneIdentifier=",".join(sn[:2] if i % 3 else sn),
                    Tags=W.asg_tags({"Name": f"{p}-asg-node-{i:02d}", "asg": str(i)}))
        if i < 40 or i == 53:
            args["LaunchConfigurationName"] = lcs[55] if i == 53 else lcs[i]
        else:
            lt = lts[i - 40]
            args["LaunchTemplate"] = ({"LaunchTemplateId": lt, "Version": ["$Latest", "$Default", "1"][i % 3]} if i % 2
                                      else {"LaunchTemplateName": f"{p}-lt-{i - 40:02d}"})
        if i == 41:
            args["TargetGroupARNs"] = tgs[:22]
        elif i % 9 == 0:
            args["TargetGroupARNs"] = [tgs[(i + 22) % 54], tgs[52]]
        asg.create_auto_scaling_group(**args)
        asg.put_scaling_policy(AutoScalingGroupName=name, PolicyName=f"{p}-asg-{i:02d}-out", PolicyType="SimpleScaling",
                               AdjustmentType="ChangeInCapacity", ScalingAdjustment=1 + i % 3, Cooldown=60 * (1 + i % 5))
        if i % 7 == 0:
            asg.put_scheduled_update_group_action(AutoScalingGroupName=name, ScheduledActionName=f"{p}-asg-{i:02d}-night",
                                                  Recurrence="30 1 * * *", DesiredCapacity=0)
        if i % 11 == 0:
            asg.put_lifecycle_hook(AutoScalingGroupName=name, LifecycleHookName=f"{p}-asg-{i:02d}-hook",
                                   LifecycleTransition="autoscaling:EC2_INSTANCE_LAUNCHING", HeartbeatTimeout=120)
            ctx.notify(name, f"{p}-asg-events", "autoscaling:EC2_INSTANCE_LAUNCH")
        asgs[name] = ctx.asg_instances(name) if cap else []
    ctx.out["launch_configurations"] = lcs
    ctx.out["asgs"] = asgs

    # SSM: hosts in the first, second and third chunk of 100 instance ids
    for _n, i in enumerate([3, 99, 100, 101, 180, 205, 209]):
        ctx.ssm(direct[i], ["Amazon Linux", "Ubuntu", "Microsoft Windows Server 2019 Datacenter"][i % 3],
                ["2", "22.04", "10.0.17763"][i % 3], "Windows" if i % 3 == 2 else "Linux")
    big = asgs[f"{p}-asg-53"]
    ctx.ssm(big[-1], "Amazon Linux", "2")

    for i in range(0, len(direct), 9):
        ec2.stop_instances(InstanceIds=[direct[i]])


WORLD = W.World("crowd", SEED, W.datetime.datetime(2025, 3, 14, 15, 9, 26), AMIS, [("us-west-2", "pdx", pdx)], __doc__)

if __name__ == "__main__":
    WORLD.main()
