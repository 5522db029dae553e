"""Deterministic fleets for the benchmark: the scenarios, and every resource of a region as the
boto3-shaped dicts the collector's model reads (src/model/), cross-referenced the way a real
account is (instances in subnets, security groups, Auto Scaling groups and target groups;
volumes attached; Elastic IPs on instances and NAT gateways).

Per region of N instances: one default VPC plus 1 + N/1000 VPCs of 3 subnets; max(3, N/20)
security groups of 3 rules; N live instances (1 in 13 stopped) and N/50 terminated ones; a root
volume each, a data volume for 1 in 4, N/50 unattached volumes; N/5 snapshots; N/20 Elastic IPs;
N/25 Auto Scaling groups (at least one from 5 instances) holding 40 % of the instances, half from
launch configurations, half from launch templates, plus N/200 more templates; max(1, N/20) load
balancers of 2 listeners and twice as many target groups of up to 10 targets; 60 % of the
instances SSM-managed; 10 AMIs of which 6 owned.
"""
from dataclasses import dataclass, field

ACCOUNT = "123456789012"
T0 = "2024-05-01T12:00:00+00:00"
REGIONS = [
    "us-east-1", "eu-west-1", "ap-northeast-2", "us-west-2", "eu-central-1", "ap-northeast-1",
    "ap-southeast-1", "ap-southeast-2", "us-east-2", "us-west-1", "ap-south-1", "ap-northeast-3",
    "ca-central-1", "eu-west-2", "eu-west-3", "eu-north-1", "sa-east-1",
]
# name, vCPUs, cores, threads per core, MiB, architecture
INSTANCE_TYPES = [
    ("t3.micro", 2, 1, 2, 1024, "x86_64"), ("t3.medium", 2, 1, 2, 4096, "x86_64"),
    ("m5.large", 2, 1, 2, 8192, "x86_64"), ("m5.xlarge", 4, 2, 2, 16384, "x86_64"),
    ("c5.2xlarge", 8, 4, 2, 16384, "x86_64"), ("r5.large", 2, 1, 2, 16384, "x86_64"),
    ("m6g.large", 2, 2, 1, 8192, "arm64"), ("t3a.small", 2, 1, 2, 2048, "x86_64"),
]


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    regions: dict  # region -> live instances
    latency_ms: float
    time_scale: float = 1.0
    profile: bool = False  # sample the plugin server with py-spy (bench/profile.py)
    options: dict = field(default_factory=dict)  # the collector's options, beyond service_filter
    warm: bool = False  # then the same job again, on the same plugin server and fake: <name>_warm
    upstream: bool = False  # then the upstream collector on a fake of the same scenario (UPSTREAM_CMD)
    chart: bool = False  # draw its calls and records over time (bench/charts.py)
    # another client of the account calls DescribeVolumeAttribute in the first region, at the part
    # of the bucket's refill that options.api_bucket_share leaves
    neighbour: bool = False


SMALL = {"us-east-1": 5, "ap-northeast-2": 5}
SCENARIOS = {s.name: s for s in [
    Scenario("small", "2 regions x 5 instances, no latency", SMALL, 0),
    Scenario("small80", "small's fleet at 80 ms round trip: side by side with the upstream (when UPSTREAM_CMD is "
             "set)", SMALL, 80, upstream=True),
    Scenario("medium", "3 regions x 200 instances, 80 ms round trip: side by side with the upstream (when "
             "UPSTREAM_CMD is set)", dict.fromkeys(REGIONS[:3], 200), 80, upstream=True),
    Scenario("organisation", "17 regions: 2000, 800, 300, 100, 50, 4 x 20, 9 x 5 instances; "
             "100 load balancers and 200 target groups in the largest; 80 ms round trip",
             dict(zip(REGIONS, [2000, 800, 300, 100, 50] + [20] * 4 + [5] * 9, strict=False)), 80, chart=True),
    # termination protection remembered for an hour: the warm job asks neither DescribeInstanceAttribute
    # nor DescribeVolumeAttribute
    Scenario("huge", "one region of 10,000 instances, 80 ms round trip, times scaled; options "
             "termination_protection_max_age_seconds 3600; then the same job again (huge_warm)",
             {"us-east-1": 10000}, 80, time_scale=0.1, options={"termination_protection_max_age_seconds": 3600},
             warm=True, chart=True),
    # the same at AWS's own clock: cold, a region like this cannot take less than some 630 s; warm,
    # what is left is the plugin server's path of the records, which no time scale shortens
    Scenario("huge_aws", "huge at AWS's own clock (time scale 1): cold at its floor of about 630 s, then the "
             "same job again (huge_aws_warm)", {"us-east-1": 10000}, 80,
             options={"termination_protection_max_age_seconds": 3600}, warm=True, chart=True),
    Scenario("neighbour", "one region of 1,000 instances, 80 ms round trip, times scaled; options api_bucket_share "
             "0.5, while another client of the account calls DescribeVolumeAttribute at the other half of the "
             "bucket's refill", {"us-east-1": 1000}, 80, time_scale=0.1, options={"api_bucket_share": 0.5},
             neighbour=True),
    # the buckets refill a thousand times faster: what is left is the path of the records
    Scenario("stream", "one region of 3,000 instances, no latency, time scale 0.001: records through gRPC, "
             "the server profiled", {"us-east-1": 3000}, 0, time_scale=0.001, profile=True),
]}


def arn(service, region, resource):
    return f"arn:aws:{service}:{region}:{ACCOUNT}:{resource}"


def tags(**kv):
    return [{"Key": k.replace("_", "-"), "Value": v} for k, v in kv.items()]


@dataclass
class RegionFleet:
    region: str
    instances: int
    reservations: list = field(default_factory=list)
    termination_protection: dict = field(default_factory=dict)  # instance id -> bool
    instance_types: list = field(default_factory=list)
    images: list = field(default_factory=list)  # every AMI the instances use
    volumes: list = field(default_factory=list)
    product_codes: dict = field(default_factory=dict)  # volume id -> [ProductCode]
    security_groups: list = field(default_factory=list)
    security_group_rules: list = field(default_factory=list)
    vpcs: list = field(default_factory=list)
    subnets: list = field(default_factory=list)
    snapshots: list = field(default_factory=list)
    addresses: list = field(default_factory=list)
    nat_gateways: list = field(default_factory=list)
    launch_templates: list = field(default_factory=list)
    launch_template_versions: dict = field(default_factory=dict)  # template id -> versions
    auto_scaling_groups: list = field(default_factory=list)
    launch_configurations: list = field(default_factory=list)
    scaling_policies: list = field(default_factory=list)
    notification_configurations: list = field(default_factory=list)
    scheduled_actions: list = field(default_factory=list)
    lifecycle_hooks: dict = field(default_factory=dict)  # group name -> hooks
    load_balancers: list = field(default_factory=list)
    listeners: dict = field(default_factory=dict)  # load balancer arn -> listeners
    target_groups: list = field(default_factory=list)
    target_health: dict = field(default_factory=dict)  # target group arn -> descriptions
    instance_information: list = field(default_factory=list)

    @property
    def owned_images(self):
        return [i for i in self.images if i["OwnerId"] == ACCOUNT]


def build(scenario):
    """{region: RegionFleet} of a scenario."""
    return {region: region_fleet(region, n) for region, n in scenario.regions.items()}


class _Ids:
    """Unique, deterministic, well-formed ids (17 hex digits, the region in the first two)."""

    def __init__(self, region):
        self.base = (REGIONS.index(region) + 1) << 60 if region in REGIONS else 0
        self.n = 0

    def __call__(self, prefix):
        self.n += 1
        return f"{prefix}-{self.base | self.n:017x}"


def region_fleet(region, n):
    f = RegionFleet(region, n)
    new = _Ids(region)
    azs = [region + z for z in "abc"]
    _network(f, new, azs, n)
    _images(f, new, region)
    _instances(f, new, n)
    _auto_scaling(f, new, region, n)
    _load_balancers(f, new, region, n)
    return f


def _network(f, new, azs, n):
    for v in range(2 + n // 1000):
        vpc_id, default = new("vpc"), v == 0
        f.vpcs.append({"VpcId": vpc_id, "CidrBlock": "172.31.0.0/16" if default else f"10.{v}.0.0/16",
                       "DhcpOptionsId": new("dopt"), "State": "available", "OwnerId": ACCOUNT,
                       "InstanceTenancy": "default", "IsDefault": default, "Tags": tags(Name=f"vpc-{v}")})
        for s, az in enumerate(azs):
            subnet_id = new("subnet")
            f.subnets.append({
                "SubnetId": subnet_id, "VpcId": vpc_id, "AvailabilityZone": az, "AvailabilityZoneId": f"az{s + 1}",
                "AvailableIpAddressCount": 4000, "CidrBlock": f"10.{v}.{s * 16}.0/20", "DefaultForAz": default,
                "MapPublicIpOnLaunch": default, "State": "available", "OwnerId": ACCOUNT,
                "SubnetArn": arn("ec2", f.region, f"subnet/{subnet_id}"), "Tags": tags(Name=f"subnet-{v}-{s}")})
        if not default:
            nat_id, eni, alloc, ip = new("nat"), new("eni"), new("eipalloc"), f"3.{v}.0.1"
            f.nat_gateways.append({"NatGatewayId": nat_id, "State": "available", "VpcId": vpc_id,
                                   "SubnetId": f.subnets[-1]["SubnetId"], "NatGatewayAddresses": [
                                       {"AllocationId": alloc, "NetworkInterfaceId": eni,
                                        "PrivateIp": f"10.{v}.32.5", "PublicIp": ip}]})
            f.addresses.append({"AllocationId": alloc, "PublicIp": ip, "Domain": "vpc",
                                "AssociationId": new("eipassoc"),
                                "NetworkInterfaceId": eni, "NetworkInterfaceOwnerId": ACCOUNT,
                                "PrivateIpAddress": f"10.{v}.32.5", "PublicIpv4Pool": "amazon",
                                "NetworkBorderGroup": f.region, "Tags": []})
    for vpc in f.vpcs:
        _security_group(f, new, vpc["VpcId"], "default", None)
    custom = [v["VpcId"] for v in f.vpcs[1:]]
    for g in range(max(3, n // 20)):
        peer = f.security_groups[-1]["GroupId"] if g % 4 == 3 else None
        _security_group(f, new, custom[g % len(custom)], f"app-{g}-sg", peer)


def _security_group(f, new, vpc_id, name, peer):
    group_id = new("sg")
    ingress = [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []},
               {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8",
                "Description": "ssh from the VPN"}], "Ipv6Ranges": [], "PrefixListIds": [],
                "UserIdGroupPairs": [{"GroupId": peer, "UserId": ACCOUNT}] if peer else []}]
    egress = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [],
               "UserIdGroupPairs": []}]
    f.security_groups.append({
        "GroupId": group_id, "GroupName": name, "Description": f"{name} group", "OwnerId": ACCOUNT, "VpcId": vpc_id,
        "IpPermissions": ingress, "IpPermissionsEgress": egress, "Tags": tags(Name=name),
        "SecurityGroupArn": arn("ec2", f.region, f"security-group/{group_id}")})
    for egress_rule, p in [(False, ingress[0]), (False, ingress[1]), (True, egress[0])]:
        rule_id = new("sgr")
        rule = {"SecurityGroupRuleId": rule_id, "GroupId": group_id, "GroupOwnerId": ACCOUNT, "IsEgress": egress_rule,
                "IpProtocol": p["IpProtocol"], "FromPort": p.get("FromPort", -1), "ToPort": p.get("ToPort", -1),
                "CidrIpv4": p["IpRanges"][0]["CidrIp"], "Tags": [],
                "SecurityGroupRuleArn": arn("ec2", f.region, f"security-group-rule/{rule_id}")}
        f.security_group_rules.append(rule)


def _images(f, new, region):
    f.instance_types = [{"InstanceType": t, "VCpuInfo": {"DefaultVCpus": v, "DefaultCores": c,
                         "DefaultThreadsPerCore": tpc}, "MemoryInfo": {"SizeInMiB": mib}}
                        for t, v, c, tpc, mib, _ in INSTANCE_TYPES]
    for k in range(10):
        owned, windows = k >= 4, k == 2
        f.images.append({
            "ImageId": f"ami-{new('x')[2:]}", "Architecture": "x86_64", "CreationDate": "2024-04-01T00:00:00.000Z",
            "ImageLocation": f"{ACCOUNT if owned else 'amazon'}/image-{k}", "ImageType": "machine",
            "Public": not owned, "OwnerId": ACCOUNT if owned else "137112412989",
            "PlatformDetails": "Windows" if windows else "Linux/UNIX",
            "UsageOperation": "RunInstances:0002" if windows else "RunInstances", "State": "available",
            "Description": f"image {k}", "EnaSupport": True, "Hypervisor": "xen",
            "Name": f"golden-{region}-{k}" if owned else f"al2-ami-hvm-2.0.{k}-x86_64-gp2",
            "RootDeviceName": "/dev/xvda", "RootDeviceType": "ebs", "SriovNetSupport": "simple",
            "VirtualizationType": "hvm", "Tags": tags(team="platform") if owned else [],
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {
                "DeleteOnTermination": True, "SnapshotId": new("snap"), "VolumeSize": 8, "VolumeType": "gp3",
                "Encrypted": False}}],
            **({"Platform": "windows"} if windows else {}), **({} if owned else {"ImageOwnerAlias": "amazon"})})


def _instances(f, new, n):
    subnets = [s for s in f.subnets if not s["DefaultForAz"]]
    groups = [g for g in f.security_groups if g["GroupName"] != "default"]
    for k in range(n + n // 50):
        live = k < n
        state = ("running", 16) if live and k % 13 else ("stopped", 80) if live else ("terminated", 48)
        itype = INSTANCE_TYPES[k % len(INSTANCE_TYPES)]
        image = f.images[k % len(f.images)]
        subnet = subnets[k % len(subnets)]
        sgs = [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]}
               for g in groups[k % len(groups): k % len(groups) + 1 + (k % 3 == 0)]]
        iid, eni = new("i"), new("eni")
        ip = f"10.{k >> 16 & 255}.{k >> 8 & 255}.{k & 255}"
        public = state[0] == "running" and k % 3 == 0
        public_ip = f"54.{k >> 16 & 255}.{k >> 8 & 255}.{k & 255}" if public else None
        devices = []
        if live:
            for device, size in [("/dev/xvda", 8)] + ([("/dev/sdf", 100)] if k % 4 == 0 else []):
                vol = new("vol")
                attach = {"AttachTime": T0, "DeleteOnTermination": device == "/dev/xvda", "VolumeId": vol}
                devices.append({"DeviceName": device, "Ebs": {**attach, "Status": "attached"}})
                f.volumes.append({
                    "VolumeId": vol, "Size": size, "AvailabilityZone": subnet["AvailabilityZone"], "State": "in-use",
                    "CreateTime": T0, "Encrypted": k % 2 == 0, "SnapshotId": "", "Iops": 3000, "VolumeType": "gp3",
                    "Throughput": 125, "MultiAttachEnabled": False, "Tags": tags(Name=f"vol-{k}"),
                    "Attachments": [{**attach, "Device": device, "InstanceId": iid, "State": "attached"}]})
                f.product_codes[vol] = [{"ProductCodeId": "8fcxs6v3iq3oz6k", "ProductCodeType": "marketplace"}] \
                    if k % 50 == 0 else []
        f.termination_protection[iid] = k % 10 == 0
        name = f"{f.region}-node-{k}"
        instance = {
            "AmiLaunchIndex": 0, "ImageId": image["ImageId"], "InstanceId": iid, "InstanceType": itype[0],
            "KeyName": "ops-key", "LaunchTime": T0, "Monitoring": {"State": "enabled" if k % 2 else "disabled"},
            "Placement": {"AvailabilityZone": subnet["AvailabilityZone"], "GroupName": "", "Tenancy": "default"},
            "PrivateDnsName": f"ip-{ip.replace('.', '-')}.ec2.internal", "PrivateIpAddress": ip,
            "PublicDnsName": f"ec2-{public_ip.replace('.', '-')}.compute-1.amazonaws.com" if public else "",
            "PublicIpAddress": public_ip, "State": {"Code": state[1], "Name": state[0]},
            "StateTransitionReason": "" if state[0] == "running" else "User initiated (2024-05-02 10:00:00 GMT)",
            "SubnetId": subnet["SubnetId"], "VpcId": subnet["VpcId"], "Architecture": itype[5],
            "BlockDeviceMappings": devices, "ClientToken": "", "EbsOptimized": k % 2 == 0, "EnaSupport": True,
            "Hypervisor": "xen", "RootDeviceName": "/dev/xvda", "RootDeviceType": "ebs", "SecurityGroups": sgs,
            "SourceDestCheck": True, "VirtualizationType": "hvm", "Tags": tags(Name=name, env="prod", team="core"),
            "CpuOptions": {"CoreCount": itype[2], "ThreadsPerCore": itype[3]},
            "CapacityReservationSpecification": {"CapacityReservationPreference": "open"},
            "HibernationOptions": {"Configured": False}, "EnclaveOptions": {"Enabled": False},
            "PlatformDetails": image["PlatformDetails"], "UsageOperation": image["UsageOperation"],
            "UsageOperationUpdateTime": T0, "MaintenanceOptions": {"AutoRecovery": "default"},
            "CurrentInstanceBootMode": "legacy-bios",
            "NetworkInterfaces": [{
                "Attachment": {"AttachTime": T0, "AttachmentId": new("eni-attach"), "DeleteOnTermination": True,
                               "DeviceIndex": 0, "Status": "attached", "NetworkCardIndex": 0},
                "Description": "", "Groups": sgs, "Ipv6Addresses": [], "MacAddress": f"02:00:00:{k >> 16 & 255:02x}:"
                f"{k >> 8 & 255:02x}:{k & 255:02x}", "NetworkInterfaceId": eni, "OwnerId": ACCOUNT,
                "PrivateDnsName": f"ip-{ip.replace('.', '-')}.ec2.internal", "PrivateIpAddress": ip,
                "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": ip}], "SourceDestCheck": True,
                "Status": "in-use", "SubnetId": subnet["SubnetId"], "VpcId": subnet["VpcId"],
                "InterfaceType": "interface",
                **({"Association": {"IpOwnerId": "amazon", "PublicIp": public_ip}} if public else {})}],
        }
        if k % 2 == 0:
            instance["IamInstanceProfile"] = {"Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/node", "Id": new("AIPA")}
        if image.get("Platform"):
            instance["Platform"] = "windows"
        if state[0] != "running":
            reason = "Client.UserInitiatedShutdown"
            instance["StateReason"] = {"Code": reason, "Message": reason}
        f.reservations.append({"ReservationId": new("r"), "OwnerId": ACCOUNT, "Groups": [], "Instances": [instance]})
        if public and k % 20 == 0:
            f.addresses.append({"AllocationId": new("eipalloc"), "PublicIp": public_ip, "Domain": "vpc",
                                "InstanceId": iid, "AssociationId": new("eipassoc"), "NetworkInterfaceId": eni,
                                "NetworkInterfaceOwnerId": ACCOUNT, "PrivateIpAddress": ip,
                                "PublicIpv4Pool": "amazon", "NetworkBorderGroup": f.region, "Tags": tags(Name=name)})
        if state[0] == "running" and k % 5 < 3:
            windows = instance.get("Platform") == "windows"
            f.instance_information.append({
                "InstanceId": iid, "PingStatus": "Online", "LastPingDateTime": T0, "AgentVersion": "3.3.40.0",
                "PlatformType": "Windows" if windows else "Linux",
                "PlatformName": "Microsoft Windows Server 2019 Datacenter" if windows else "Amazon Linux",
                "PlatformVersion": "10.0.17763" if windows else "2", "ResourceType": "EC2Instance",
                "ComputerName": f"ip-{ip.replace('.', '-')}.ec2.internal", "IPAddress": ip})
    for k in range(n // 50):
        f.volumes.append({"VolumeId": new("vol"), "Size": 50, "AvailabilityZone": subnets[0]["AvailabilityZone"],
                          "State": "available", "CreateTime": T0, "Encrypted": True, "SnapshotId": "", "Iops": 3000,
                          "VolumeType": "gp3", "Throughput": 125, "MultiAttachEnabled": False, "Attachments": [],
                          "Tags": tags(Name=f"spare-{k}")})
        f.product_codes[f.volumes[-1]["VolumeId"]] = []
    for k in range(max(1, n // 5)):
        vol = f.volumes[k % len(f.volumes)]
        f.snapshots.append({"SnapshotId": new("snap"), "VolumeId": vol["VolumeId"], "VolumeSize": vol["Size"],
                            "StartTime": T0, "State": "completed", "Progress": "100%", "OwnerId": ACCOUNT,
                            "Description": f"backup {k}", "Encrypted": vol["Encrypted"], "StorageTier": "standard",
                            "Tags": tags(backup="daily")})


def _auto_scaling(f, new, region, n):
    live = [r["Instances"][0] for r in f.reservations[:n]]
    count = n // 25 if n >= 25 else (1 if n >= 5 else 0)
    members = [[] for _ in range(count)]
    for k, instance in enumerate(live):
        if count and k % 5 < 2:
            members[(k // 5) % count].append(instance)
    templates = []
    for t in range((count + 1) // 2 + n // 200):
        template_id, name = f"lt-{new('x')[2:]}", f"template-{t}"
        f.launch_templates.append({"LaunchTemplateId": template_id, "LaunchTemplateName": name, "CreateTime": T0,
                                   "CreatedBy": f"arn:aws:iam::{ACCOUNT}:user/ops", "DefaultVersionNumber": 1,
                                   "LatestVersionNumber": 2, "Tags": []})
        f.launch_template_versions[template_id] = [{
            "LaunchTemplateId": template_id, "LaunchTemplateName": name, "VersionNumber": v,
            "VersionDescription": f"v{v}", "CreateTime": T0, "CreatedBy": f"arn:aws:iam::{ACCOUNT}:user/ops",
            "DefaultVersion": v == 1, "LaunchTemplateData": {
                "ImageId": f.images[4]["ImageId"], "InstanceType": "m5.large", "KeyName": "ops-key",
                "SecurityGroupIds": [f.security_groups[-1]["GroupId"]], "Monitoring": {"Enabled": True},
                "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20, "VolumeType": "gp3",
                                                                            "DeleteOnTermination": True}}],
                "TagSpecifications": [{"ResourceType": "instance", "Tags": tags(team="core")}]}}
            for v in (2, 1)]
        templates.append((template_id, name))
    for g, instances in enumerate(members):
        name = f"asg-{g}"
        source = {"LaunchConfigurationName": f"lc-{g}"} if g % 2 == 0 else {"LaunchTemplate": {
            "LaunchTemplateId": templates[g // 2][0], "LaunchTemplateName": templates[g // 2][1], "Version": "$Latest"}}
        if g % 2 == 0:
            f.launch_configurations.append({
                "LaunchConfigurationName": f"lc-{g}", "ImageId": f.images[4]["ImageId"], "KeyName": "ops-key",
                "LaunchConfigurationARN": arn("autoscaling", region,
                                              f"launchConfiguration:{g}:launchConfigurationName/lc-{g}"),
                "SecurityGroups": [f.security_groups[-1]["GroupId"]], "InstanceType": "m5.large",
                "CreatedTime": T0, "EbsOptimized": False, "InstanceMonitoring": {"Enabled": True},
                "BlockDeviceMappings": []})
        for instance in instances:
            instance["Tags"].append({"Key": "aws:autoscaling:groupName", "Value": name})
        f.auto_scaling_groups.append({
            "AutoScalingGroupName": name, **source,
            "AutoScalingGroupARN": arn("autoscaling", region, f"autoScalingGroup:{g}:autoScalingGroupName/{name}"),
            "MinSize": 0, "MaxSize": 2 * len(instances) + 1, "DesiredCapacity": len(instances), "DefaultCooldown": 300,
            "AvailabilityZones": sorted({i["Placement"]["AvailabilityZone"] for i in instances}) or [region + "a"],
            "LoadBalancerNames": [], "TargetGroupARNs": [], "HealthCheckType": "EC2", "HealthCheckGracePeriod": 300,
            "CreatedTime": T0, "VPCZoneIdentifier": ",".join(sorted({i["SubnetId"] for i in instances})),
            "TerminationPolicies": ["Default"], "NewInstancesProtectedFromScaleIn": False,
            "ServiceLinkedRoleARN": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/"
                                    "AWSServiceRoleForAutoScaling",
            "SuspendedProcesses": [], "EnabledMetrics": [], "CapacityRebalance": False,
            "Tags": [{"ResourceId": name, "ResourceType": "auto-scaling-group", "Key": "Name", "Value": name,
                      "PropagateAtLaunch": True}],
            "Instances": [{"InstanceId": i["InstanceId"], "InstanceType": i["InstanceType"],
                           "AvailabilityZone": i["Placement"]["AvailabilityZone"], "LifecycleState": "InService",
                           "HealthStatus": "Healthy", "ProtectedFromScaleIn": False, **source} for i in instances]})
        f.scaling_policies.append({
            "AutoScalingGroupName": name, "PolicyName": f"{name}-cpu", "PolicyType": "TargetTrackingScaling",
            "PolicyARN": arn("autoscaling", region, f"scalingPolicy:{g}:autoScalingGroupName/{name}:policyName/cpu"),
            "Enabled": True, "TargetTrackingConfiguration": {"PredefinedMetricSpecification": {
                "PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50.0, "DisableScaleIn": False}})
        if g % 5 == 0:
            f.notification_configurations.append({"AutoScalingGroupName": name, "TopicARN": arn("sns", region, "ops"),
                                                  "NotificationType": "autoscaling:EC2_INSTANCE_LAUNCH"})
        if g % 4 == 0:
            f.scheduled_actions.append({
                "AutoScalingGroupName": name, "ScheduledActionName": f"{name}-morning", "StartTime": T0,
                "ScheduledActionARN": arn("autoscaling", region, f"scheduledUpdateGroupAction:{g}:"
                                                                 f"autoScalingGroupName/{name}"),
                "Recurrence": "0 8 * * 1-5", "MinSize": 0, "MaxSize": 4, "DesiredCapacity": 2})
        f.lifecycle_hooks[name] = [{
            "LifecycleHookName": f"{name}-drain", "AutoScalingGroupName": name,
            "LifecycleTransition": "autoscaling:EC2_INSTANCE_TERMINATING", "HeartbeatTimeout": 300,
            "GlobalTimeout": 30000, "DefaultResult": "CONTINUE"}] if g % 2 else []


def _load_balancers(f, new, region, n):
    if n < 5:
        return
    live = [r["Instances"][0] for r in f.reservations[:n]]
    vpc = f.vpcs[1]["VpcId"]
    subnets = [s for s in f.subnets if s["VpcId"] == vpc]
    for b in range(max(1, n // 20)):
        kind = "network" if b % 5 == 4 else "application"
        name = f"lb-{b}"
        lb_arn = arn("elasticloadbalancing", region, f"loadbalancer/{kind[:3]}/{name}/{new('x')[2:]}")
        f.load_balancers.append({
            "LoadBalancerArn": lb_arn, "DNSName": f"{name}-1.{region}.elb.amazonaws.com", "CreatedTime": T0,
            "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K", "LoadBalancerName": name, "Scheme": "internet-facing",
            "VpcId": vpc, "State": {"Code": "active"}, "Type": kind, "IpAddressType": "ipv4",
            "AvailabilityZones": [{"ZoneName": s["AvailabilityZone"], "SubnetId": s["SubnetId"]} for s in subnets],
            **({"SecurityGroups": [f.security_groups[-1]["GroupId"]]} if kind == "application" else {})})
        f.listeners[lb_arn] = []
        for t in range(2):
            tg_arn = arn("elasticloadbalancing", region, f"targetgroup/tg-{b}-{t}/{new('x')[2:]}")
            f.target_groups.append({
                "TargetGroupArn": tg_arn, "TargetGroupName": f"tg-{b}-{t}", "Protocol": "HTTP", "Port": 80 + t,
                "VpcId": vpc, "TargetType": "instance", "LoadBalancerArns": [lb_arn], "HealthCheckProtocol": "HTTP",
                "HealthCheckPort": "traffic-port", "HealthCheckEnabled": True, "HealthCheckPath": "/"})
            first = (2 * b + t) * 10
            f.target_health[tg_arn] = [
                {"Target": {"Id": live[(first + j) % n]["InstanceId"], "Port": 80 + t}, "HealthCheckPort": str(80 + t),
                 "TargetHealth": {"State": "healthy"}} for j in range(min(10, n))]
            f.listeners[lb_arn].append({
                "ListenerArn": arn("elasticloadbalancing", region, f"listener/{kind[:3]}/{name}/{new('x')[2:]}"),
                "LoadBalancerArn": lb_arn, "Port": 80 + t, "Protocol": "HTTP",
                "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg_arn}]})
