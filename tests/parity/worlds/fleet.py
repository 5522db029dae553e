#!/usr/bin/env python3
"""Parity world "fleet": launch templates, auto scaling groups and load balancers in every
combination the upstream's ASG, LaunchTemplate and Instance code distinguishes.

Region eu-west-3 ("cdg"), one VPC with three subnets.
Launch templates
  cdg-rich-lt     v1 with network interfaces, block devices (gp3 + KMS key, ephemeral), metadata
                  options, tag specifications (instance, volume), instance profile, monitoring,
                  credit specification, placement, user data; v2 slim, v3 Ubuntu (default), v4, v5
                  (latest); unicode template tags
  cdg-bare-lt     one version, no VersionDescription (version_description null), no tags
  cdg-doomed-lt   used by an ASG and then deleted (the ASG's launch_template is null)
  cdg-spot-lt     spot market options
Auto scaling groups
  cdg-web-asg       template by *name* with "$Default", instance + ip target groups, suspended
                    processes, predictive + target-tracking (custom metric) + step policies,
                    scheduled actions with a time zone and with start/end, two lifecycle hooks (with
                    metadata and role), two notification configurations
  cdg-api-asg       template by id, version "3", exactly 20 instances (one full chunk), NLB target group
  cdg-noversion-asg template by id without a version (instances' auto_scaling_group has no Version)
  cdg-mixed-asg     MixedInstancesPolicy with the template by *id* (matched, unlike by name) and an
                    override naming another template
  cdg-doomed-asg    its template deleted afterwards
  cdg-lc-asg        launch configuration (block devices, spot price), a classic ELB, and a target
                    group behind no load balancer (load_balancer_arns [])
  cdg-spot-asg      spot template
  cdg-gone-tg-asg   attached to a live target group and one deleted since: the chunk's DescribeTargetGroups
                    fails, so load_balancer_arns is []
  cdg-adopter-asg   no launch configuration/template at all (stripped on moto's backend: AWS always
                    has one) holding an instance attached from cdg-web-asg (so listed by two groups;
                    it carries that group's LaunchTemplate), one attached from cdg-lc-asg (carries a
                    LaunchConfigurationName) and a standalone one: the upstream's instance scan branch
Load balancers: an ALB with two listeners, an NLB with TCP, UDP and TCP_UDP listeners, a gateway LB
without listeners, a lambda target group without targets, a classic ELB with a registered instance
(classic ELBs never reach Instance data); a standalone instance behind both the ALB and the NLB.
A multi-attach io2 volume attached to two hosts (moto keeps the last attachment only, so the first
host's disk shows the other host's device).
"""
import base64
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import world as W  # noqa: E402

SEED = 9241
AMZN2 = "ami-0d44f00f000000001"
NOBLE = "ami-0d44f00f000000002"
AMIS = [
    W.ami(AMZN2, "amzn2-ami-kernel-5.10-hvm-2.0.20250101.0-x86_64-gp2", description="Amazon Linux 2 Kernel 5.10 AMI"),
    W.ami(NOBLE, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250115", owner="099720109477",
          root_device_name="/dev/sda1"),
]
KEY_ARN = "arn:aws:kms:eu-west-3:123456789012:key/7c6b5a49-3827-4165-9a8b-7c6d5e4f3a2b"


def cdg(ctx):
    ec2, asg, elb, clb, p = ctx.ec2, ctx.asg, ctx.elbv2, ctx.elb, ctx.p
    vpc_id, sn = ctx.vpc("10.50.0.0/16", f"{p}-fleet-vpc", [(f"10.50.{i}.0/24", az, {"Name": f"{p}-{az}"}, None)
                                                            for i, az in enumerate("abc", 1)])
    lb_sg = ctx.sg(f"{p}-lb-sg", "load balancers", vpc_id, {"Name": f"{p}-lb"},
                   [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    app_sg = ctx.sg(f"{p}-app-sg", "fleet nodes", vpc_id, {"Name": f"{p}-app"},
                    [{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": lb_sg}]}])
    key = f"{p}-fleet-key"
    ec2.create_key_pair(KeyName=key)
    ctx.out.update(vpc_id=vpc_id, subnet_ids=sn, security_groups={"lb": lb_sg, "app": app_sg})

    # ------------------------------------------------------------------ launch templates
    rich_v1 = {
        "ImageId": AMZN2, "InstanceType": "t3.micro", "KeyName": key, "EbsOptimized": False,
        "IamInstanceProfile": {"Name": f"{p}-app-profile"},
        "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": True, "Groups": [app_sg],
                               "DeleteOnTermination": True, "Description": "primary"}],
        "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 16, "VolumeType": "gp3", "Iops": 3000,
                                                                   "Throughput": 125, "Encrypted": True, "KmsKeyId": KEY_ARN,
                                                                   "DeleteOnTermination": True}},
                                {"DeviceName": "/dev/xvdb", "VirtualName": "ephemeral0"}],
        "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled",
                            "InstanceMetadataTags": "enabled"},
        "TagSpecifications": [{"ResourceType": "instance", "Tags": W.tags({"Name": f"{p}-rich-node", "team": "fleet"})},
                              {"ResourceType": "volume", "Tags": W.tags({"backup": "daily"})}],
        "Monitoring": {"Enabled": True}, "CreditSpecification": {"CpuCredits": "unlimited"},
        "Placement": {"AvailabilityZone": ctx.region + "a"}, "InstanceInitiatedShutdownBehavior": "terminate",
        "UserData": base64.b64encode(b"#!/bin/bash\necho fleet > /etc/motd\n").decode(),
    }
    rich = ec2.create_launch_template(LaunchTemplateName=f"{p}-rich-lt", VersionDescription="everything at once",
                                      LaunchTemplateData=rich_v1,
                                      TagSpecifications=W.tagspec("launch-template", {"Name": f"{p}-rich", "Équipe": "flotte ✓"})
                                      )["LaunchTemplate"]["LaunchTemplateId"]
    for desc, data in [("slim", {"ImageId": AMZN2, "InstanceType": "t3.small"}),
                       ("ubuntu default", {"ImageId": NOBLE, "InstanceType": "t3.medium", "SecurityGroupIds": [app_sg],
                                           "KeyName": key}),
                       (None, {"ImageId": NOBLE, "InstanceType": "t3.large", "SecurityGroupIds": [app_sg]}),
                       ("latest", {"ImageId": AMZN2, "InstanceType": "m5.large", "SecurityGroupIds": [app_sg]})]:
        args = dict(LaunchTemplateId=rich, LaunchTemplateData=data)
        if desc:
            args["VersionDescription"] = desc
        ec2.create_launch_template_version(**args)
    ec2.modify_launch_template(LaunchTemplateId=rich, DefaultVersion="3")
    bare = ec2.create_launch_template(LaunchTemplateName=f"{p}-bare-lt", LaunchTemplateData={
        "ImageId": AMZN2, "InstanceType": "t3.nano", "SecurityGroupIds": [app_sg]})["LaunchTemplate"]["LaunchTemplateId"]
    doomed = ec2.create_launch_template(LaunchTemplateName=f"{p}-doomed-lt", VersionDescription="deleted later",
                                        LaunchTemplateData={"ImageId": AMZN2, "InstanceType": "t3.nano"})["LaunchTemplate"]["LaunchTemplateId"]
    spot = ec2.create_launch_template(LaunchTemplateName=f"{p}-spot-lt", VersionDescription="spot nodes", LaunchTemplateData={
        "ImageId": NOBLE, "InstanceType": "c5.large", "SecurityGroupIds": [app_sg],
        "InstanceMarketOptions": {"MarketType": "spot", "SpotOptions": {"SpotInstanceType": "one-time",
                                                                        "InstanceInterruptionBehavior": "terminate"}}},
        TagSpecifications=W.tagspec("launch-template", {"Name": f"{p}-spot"}))["LaunchTemplate"]["LaunchTemplateId"]
    ctx.out["launch_templates"] = {"rich": rich, "bare": bare, "doomed": doomed, "spot": spot}

    # ------------------------------------------------------------------ load balancers
    def tg(name, proto, port, ttype="instance"):
        args = dict(Name=f"{p}-{name}", TargetType=ttype)
        if ttype != "lambda":
            args.update(Protocol=proto, Port=port, VpcId=vpc_id)
        return elb.create_target_group(**args)["TargetGroups"][0]["TargetGroupArn"]

    alb = elb.create_load_balancer(Name=f"{p}-web-alb", Subnets=sn[:2], SecurityGroups=[lb_sg], Scheme="internet-facing",
                                   Type="application", IpAddressType="dualstack",
                                   Tags=W.tags({"Name": f"{p}-web-alb"}))["LoadBalancers"][0]["LoadBalancerArn"]
    nlb = elb.create_load_balancer(Name=f"{p}-api-nlb", Subnets=sn, Scheme="internal", Type="network")["LoadBalancers"][0]["LoadBalancerArn"]
    gwlb = elb.create_load_balancer(Name=f"{p}-inspect-gwlb", Subnets=[sn[2]], Type="gateway")["LoadBalancers"][0]["LoadBalancerArn"]
    tgs = {"web": tg("web", "HTTP", 8080), "ip": tg("web-ip", "HTTP", 8081, "ip"), "api": tg("api", "TCP", 443),
           "dns": tg("dns", "UDP", 53), "mdns": tg("mdns", "TCP_UDP", 5353), "orphan": tg("orphan", "HTTP", 9000),
           "fn": tg("fn", None, None, "lambda")}
    for lb, proto, port, t in [(alb, "HTTP", 80, "web"), (alb, "HTTP", 8081, "ip"), (nlb, "TCP", 443, "api"),
                               (nlb, "UDP", 53, "dns"), (nlb, "TCP_UDP", 5353, "mdns")]:
        elb.create_listener(LoadBalancerArn=lb, Protocol=proto, Port=port, DefaultActions=[{"Type": "forward", "TargetGroupArn": tgs[t]}])
    clb.create_load_balancer(LoadBalancerName=f"{p}-legacy-clb", Subnets=[sn[0]], SecurityGroups=[lb_sg],
                             Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080}])
    ctx.out.update(load_balancers={"alb": alb, "nlb": nlb, "gwlb": gwlb}, target_groups=tgs)

    # a standalone host behind the ALB and the NLB (two LBs), and registered with the classic ELB
    solo = ctx.run1(AMZN2, "t3.small", sn[0], [app_sg], {"Name": f"{p}-solo"}, key)
    elb.register_targets(TargetGroupArn=tgs["web"], Targets=[{"Id": solo}])
    elb.register_targets(TargetGroupArn=tgs["dns"], Targets=[{"Id": solo}])
    clb.register_instances_with_load_balancer(LoadBalancerName=f"{p}-legacy-clb", Instances=[{"InstanceId": solo}])
    stray = ctx.run1(NOBLE, "t3.micro", sn[1], [app_sg], {"Name": f"{p}-stray"}, key)
    ctx.out["instances"] = {"solo": solo, "stray": stray}

    # ------------------------------------------------------------------ launch configuration
    lc = f"{p}-classic-lc"
    asg.create_launch_configuration(LaunchConfigurationName=lc, ImageId=AMZN2, InstanceType="t3.micro", KeyName=key,
                                    SecurityGroups=[app_sg], SpotPrice="0.0100", InstanceMonitoring={"Enabled": False},
                                    AssociatePublicIpAddress=False,
                                    BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 12, "VolumeType": "gp3"}},
                                                         {"DeviceName": "/dev/xvdf", "Ebs": {"VolumeSize": 30, "VolumeType": "st1"}}])
    ctx.out["launch_configurations"] = [lc]

    # ------------------------------------------------------------------ auto scaling groups
    def group(name, cap, max_size=None, **kw):
        full = f"{p}-{name}"
        asg.create_auto_scaling_group(AutoScalingGroupName=full, MinSize=0, MaxSize=max_size or max(cap, 1),
                                      DesiredCapacity=cap, VPCZoneIdentifier=kw.pop("subnets", ",".join(sn[:2])), **kw)
        return full

    web = group("web-asg", 2, 4, LaunchTemplate={"LaunchTemplateName": f"{p}-bare-lt", "Version": "$Default"},
                TargetGroupARNs=[tgs["web"], tgs["ip"]], HealthCheckType="ELB", HealthCheckGracePeriod=90,
                TerminationPolicies=["OldestLaunchTemplate", "ClosestToNextInstanceChange"], CapacityRebalance=True,
                Tags=W.asg_tags({"Name": f"{p}-web-node"}) + W.asg_tags({"cost-centre": "4711", "Ünïcødé": "✓"}, False))
    asg.suspend_processes(AutoScalingGroupName=web, ScalingProcesses=["AZRebalance", "AlarmNotification"])
    asg.put_scaling_policy(AutoScalingGroupName=web, PolicyName=f"{p}-web-forecast", PolicyType="PredictiveScaling",
                           PredictiveScalingConfiguration={"MetricSpecifications": [{"TargetValue": 40.0, "PredefinedMetricPairSpecification": {
                               "PredefinedMetricType": "ASGCPUUtilization"}}], "Mode": "ForecastOnly"})
    asg.put_scaling_policy(AutoScalingGroupName=web, PolicyName=f"{p}-web-queue", PolicyType="TargetTrackingScaling",
                           TargetTrackingConfiguration={"CustomizedMetricSpecification": {
                               "MetricName": "QueueDepth", "Namespace": "Fleet", "Statistic": "Average",
                               "Dimensions": [{"Name": "Queue", "Value": "jobs"}]}, "TargetValue": 100.0, "DisableScaleIn": True})
    asg.put_scaling_policy(AutoScalingGroupName=web, PolicyName=f"{p}-web-steps", PolicyType="StepScaling",
                           AdjustmentType="ExactCapacity", MetricAggregationType="Maximum", EstimatedInstanceWarmup=60,
                           StepAdjustments=[{"MetricIntervalUpperBound": 0.0, "ScalingAdjustment": 1},
                                            {"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 4}])
    asg.put_scheduled_update_group_action(AutoScalingGroupName=web, ScheduledActionName=f"{p}-web-tokyo-morning",
                                          Recurrence="0 9 * * 1-5", TimeZone="Asia/Tokyo", MinSize=1, MaxSize=4)
    asg.put_scheduled_update_group_action(AutoScalingGroupName=web, ScheduledActionName=f"{p}-web-sale",
                                          StartTime=W.utc(2025, 11, 28, 0, 0), EndTime=W.utc(2025, 12, 2, 0, 0), DesiredCapacity=4)
    asg.put_lifecycle_hook(AutoScalingGroupName=web, LifecycleHookName=f"{p}-web-bootstrap",
                           LifecycleTransition="autoscaling:EC2_INSTANCE_LAUNCHING", HeartbeatTimeout=600, DefaultResult="ABANDON",
                           NotificationMetadata='{"stage": "bootstrap"}',
                           NotificationTargetARN=f"arn:aws:sqs:{ctx.region}:{W.ACCOUNT}:{p}-hooks",
                           RoleARN=f"arn:aws:iam::{W.ACCOUNT}:role/{p}-hook-role")
    asg.put_lifecycle_hook(AutoScalingGroupName=web, LifecycleHookName=f"{p}-web-drain",
                           LifecycleTransition="autoscaling:EC2_INSTANCE_TERMINATING")
    ctx.notify(web, f"{p}-fleet-events", "autoscaling:EC2_INSTANCE_LAUNCH")
    ctx.notify(web, f"{p}-fleet-events", "autoscaling:EC2_INSTANCE_TERMINATE")

    api = group("api-asg", 20, 20, LaunchTemplate={"LaunchTemplateId": rich, "Version": "3"}, TargetGroupARNs=[tgs["api"]],
                subnets=",".join(sn))
    asg.put_scaling_policy(AutoScalingGroupName=api, PolicyName=f"{p}-api-cpu", PolicyType="TargetTrackingScaling",
                           TargetTrackingConfiguration={"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
                                                        "TargetValue": 60.0})
    ctx.notify(api, f"{p}-api-events", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR")
    noversion = group("noversion-asg", 1, LaunchTemplate={"LaunchTemplateId": rich})
    mixed = group("mixed-asg", 2, 4, MixedInstancesPolicy={
        "LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": bare, "Version": "$Latest"},
                           "Overrides": [{"InstanceType": "t3.nano", "WeightedCapacity": "1"},
                                         {"InstanceType": "t3.small", "WeightedCapacity": "2",
                                          "LaunchTemplateSpecification": {"LaunchTemplateId": rich, "Version": "2"}}]},
        "InstancesDistribution": {"OnDemandBaseCapacity": 1, "OnDemandPercentageAboveBaseCapacity": 50,
                                  "SpotAllocationStrategy": "capacity-optimized"}})
    doomed_asg = group("doomed-asg", 1, LaunchTemplate={"LaunchTemplateId": doomed, "Version": "$Latest"})
    lc_asg = group("lc-asg", 1, 3, LaunchConfigurationName=lc, LoadBalancerNames=[f"{p}-legacy-clb"],
                   TargetGroupARNs=[tgs["orphan"]], NewInstancesProtectedFromScaleIn=True, DefaultCooldown=120)
    asg.put_scaling_policy(AutoScalingGroupName=lc_asg, PolicyName=f"{p}-lc-in", PolicyType="SimpleScaling",
                           AdjustmentType="ChangeInCapacity", ScalingAdjustment=-1)
    spot_asg = group("spot-asg", 1, LaunchTemplate={"LaunchTemplateId": spot})
    adopter = group("adopter-asg", 0, 5, LaunchConfigurationName=lc)
    ec2.delete_launch_template(LaunchTemplateId=doomed)

    nodes = {g: ctx.asg_instances(g) for g in [web, api, noversion, mixed, doomed_asg, lc_asg, spot_asg]}
    asg.attach_instances(AutoScalingGroupName=adopter, InstanceIds=[stray, nodes[web][0], nodes[lc_asg][0]])
    g = ctx.asg_backend().autoscaling_groups[adopter]
    g.launch_configuration_name = None  # no launch configuration, template or mixed policy left
    g.launch_config = None
    nodes[adopter] = ctx.asg_instances(adopter)
    ctx.out["asgs"] = nodes

    # an ASG attached to a target group that is deleted afterwards (with a live one in the same chunk of 20)
    gone_tg = tg("gone", "HTTP", 9100)
    gone = group("gone-tg-asg", 0, LaunchTemplate={"LaunchTemplateId": bare, "Version": "1"}, TargetGroupARNs=[tgs["api"], gone_tg])
    elb.delete_target_group(TargetGroupArn=gone_tg)
    # a multi-attach io2 volume attached to solo, then to stray (moto keeps only the last attachment)
    shared = ctx.volume("a", 8, "io2", {"Name": f"{p}-shared-io2"}, (solo, "/dev/sdf"), Iops=1000, MultiAttachEnabled=True)
    ec2.attach_volume(VolumeId=shared, InstanceId=stray, Device="/dev/sdg")
    ctx.out.update(gone_target_group=gone_tg, gone_tg_asg=gone, volumes={"multi_attach": shared})

    ctx.ssm(nodes[api][0], "Ubuntu", "24.04")
    ctx.ssm(solo, "Amazon Linux", "2")


WORLD = W.World("fleet", SEED, W.datetime.datetime(2025, 6, 7, 8, 9, 10), AMIS, [("eu-west-3", "cdg", cdg)], __doc__)

if __name__ == "__main__":
    WORLD.main()
