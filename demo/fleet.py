"""Seeds a small EC2 fleet into a moto server with boto3.

  python demo/fleet.py --endpoint http://127.0.0.1:PORT [--auth]

Per region (us-east-1, ap-northeast-2): a VPC with an internet gateway and 2 subnets, 3 security
groups (tcp, udp, icmp and IPv6 rules), 4 instances of different types and AMIs (looked up by
name with DescribeImages), an extra EBS volume attached to the first, an Elastic IP on it, an
Auto Scaling group from a launch configuration, and an ALB with a target group and a listener.
Once: an IAM user with an access key allowed everything (the credentials to collect with), and
a role that user may assume (for secret_data.role_arn).
With --auth (or seed(..., auth=True)) moto then starts checking credentials and signatures, so
unknown access keys are rejected (InvalidClientTokenId).
"""
import argparse
import json
import urllib.request

import boto3

REGIONS = ("us-east-1", "ap-northeast-2")
SEED_CREDENTIALS = {"aws_access_key_id": "AKIASEEDER0000000000", "aws_secret_access_key": "seeder-secret"}
USER_NAME = "ec2-collector"
ROLE_NAME = "ec2-collector-role"

# (name, instance type, AMI name prefix)
INSTANCES = (
    ("web-1", "t3.micro", "amzn-ami-hvm-2017.09"),
    ("web-2", "t3.small", "ubuntu/images/hvm-ssd/ubuntu-xenial-16.04"),
    ("db-1", "m5.large", "Windows_Server-2012-R2_RTM-English-64Bit-Base"),
    ("batch-1", "c5.xlarge", "RHEL-7.4_HVM_GA"),
)
CIDR = {"us-east-1": "10.10", "ap-northeast-2": "10.20"}


def client(endpoint, service, region, credentials=SEED_CREDENTIALS):
    return boto3.client(
        service,
        region_name=region,
        endpoint_url=endpoint,
        aws_access_key_id=credentials["aws_access_key_id"],
        aws_secret_access_key=credentials["aws_secret_access_key"],
    )


def ami_id(ec2, name_prefix):
    images = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": [name_prefix + "*"]}])
    ids = sorted(i["ImageId"] for i in images["Images"])
    if not ids:
        raise RuntimeError(f"no AMI named {name_prefix}* in moto")
    return ids[0]


def tags(name, **more):
    return [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]
             + [{"Key": k, "Value": v} for k, v in more.items()]}]


def seed_region(endpoint, region):
    ec2 = client(endpoint, "ec2", region)
    net = CIDR[region]
    vpc = ec2.create_vpc(CidrBlock=f"{net}.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": f"{region}-vpc"}])
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"{net}.{i + 1}.0/24", AvailabilityZone=f"{region}{az}")["Subnet"]["SubnetId"]
        for i, az in enumerate("ab")
    ]

    web = ec2.create_security_group(GroupName="web", Description="web tier", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24", "Description": "office"}]},
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
         "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
        {"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8100, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
        {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": f"{net}.0.0/16"}]},
        {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
    ])
    db = ec2.create_security_group(GroupName="db", Description="database tier", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": web}]},
        {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
    ])
    admin = ec2.create_security_group(GroupName="admin-all", Description="admin network", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=admin, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "192.168.0.0/16"}], "Ipv6Ranges": [{"CidrIpv6": "fd00::/8"}]},
    ])
    ec2.create_key_pair(KeyName=f"{region}-key")

    instances = {}
    for i, (name, itype, ami_prefix) in enumerate(INSTANCES):
        groups = [web] if name.startswith("web") else [db, admin] if name == "db-1" else [admin]
        res = ec2.run_instances(
            ImageId=ami_id(ec2, ami_prefix), InstanceType=itype, MinCount=1, MaxCount=1,
            SubnetId=subnets[i % 2], SecurityGroupIds=groups, KeyName=f"{region}-key",
            TagSpecifications=tags(name, env="demo"),
        )
        instances[name] = res["Instances"][0]["InstanceId"]

    first = instances["web-1"]
    az = ec2.describe_instances(InstanceIds=[first])["Reservations"][0]["Instances"][0]["Placement"]["AvailabilityZone"]
    vol = ec2.create_volume(AvailabilityZone=az, Size=20, VolumeType="gp3", Encrypted=True)["VolumeId"]
    ec2.attach_volume(VolumeId=vol, InstanceId=first, Device="/dev/sdf")
    eip = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=first)
    ec2.stop_instances(InstanceIds=[instances["batch-1"]])

    asg = client(endpoint, "autoscaling", region)
    asg.create_launch_configuration(
        LaunchConfigurationName=f"{region}-lc", ImageId=ami_id(ec2, INSTANCES[0][2]),
        InstanceType="t3.micro", SecurityGroups=[web],
    )
    asg.create_auto_scaling_group(
        AutoScalingGroupName=f"{region}-asg", LaunchConfigurationName=f"{region}-lc",
        MinSize=1, MaxSize=3, DesiredCapacity=2, VPCZoneIdentifier=",".join(subnets),
        Tags=[{"Key": "Name", "Value": "asg-node", "PropagateAtLaunch": True}],
    )

    elb = client(endpoint, "elbv2", region)
    lb = elb.create_load_balancer(Name=f"alb-{region}", Subnets=subnets, SecurityGroups=[web], Type="application")
    lb_arn = lb["LoadBalancers"][0]["LoadBalancerArn"]
    tg_arn = elb.create_target_group(Name=f"tg-web-{region}", Protocol="HTTP", Port=80, VpcId=vpc,
                                     TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
    elb.register_targets(TargetGroupArn=tg_arn, Targets=[{"Id": instances["web-1"]}, {"Id": instances["web-2"]}])
    elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}])

    asg_ids = [i["InstanceId"] for i in asg.describe_auto_scaling_groups(
        AutoScalingGroupNames=[f"{region}-asg"])["AutoScalingGroups"][0]["Instances"]]
    return {"vpc": vpc, "subnets": subnets, "security_groups": {"web": web, "db": db, "admin-all": admin},
            "instances": instances, "asg_instances": asg_ids, "volume": vol, "eip": eip["PublicIp"],
            "load_balancer": lb_arn, "target_group": tg_arn}


def create_user(endpoint):
    iam = client(endpoint, "iam", "us-east-1")
    iam.create_user(UserName=USER_NAME)
    iam.put_user_policy(UserName=USER_NAME, PolicyName="read-all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName=USER_NAME)["AccessKey"]
    return {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}


def create_role(endpoint, user_arn):
    """A role the user may assume (for secret_data.role_arn), allowed everything."""
    iam = client(endpoint, "iam", "us-east-1")
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": user_arn}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.put_role_policy(RoleName=ROLE_NAME, PolicyName="read-all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    return role["Arn"]


def enable_auth(endpoint):
    """From now on moto checks every request's access key, signature and IAM policy."""
    req = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=b"0", method="POST",
                                 headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(req) as r:
        r.read()


def seed(endpoint, regions=REGIONS, auth=False):
    """Seeds the fleet; returns {"credentials": {...}, "role_arn": ..., "regions": {region: {...ids}}}."""
    credentials = create_user(endpoint)
    user_arn = client(endpoint, "iam", "us-east-1").get_user(UserName=USER_NAME)["User"]["Arn"]
    summary = {"credentials": credentials, "role_arn": create_role(endpoint, user_arn), "regions": {}}
    for region in regions:
        summary["regions"][region] = seed_region(endpoint, region)
    if auth:
        enable_auth(endpoint)
    return summary


def main():
    ap = argparse.ArgumentParser(description="Seed a demo EC2 fleet into moto")
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--auth", action="store_true", help="make moto check credentials afterwards")
    a = ap.parse_args()
    print(json.dumps(seed(a.endpoint, auth=a.auth), indent=2))


if __name__ == "__main__":
    main()
