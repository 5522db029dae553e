#!/usr/bin/env python3
"""Parity world "odd": unusual but legal values (names, tags, states, OS names, volume types, KMS
key forms, NICs, EIPs, AMIs), in eu-west-2 ("lhr") and ap-southeast-2 ("syd").

eu-west-2
  AMIs loaded: Windows 2019 Core (-> win2019), a Windows name with 2019 *and* 2012 + R2_RTM
  (-> win2012r2, a later year overwrites), a Windows name with R2_RTM but no year (-> windows),
  amazon-eks-node (-> amazonlinux via "amazon"), ubuntu-pro arm64, and an AMI with an empty Name
  (-> os_distro "linux", os_arch kept, compute.image "").
  Instances, one per shape: pending and stopping (set on moto's backend), stopped, tag Name "" (name
  ""), tags NAME/name/MyName/Nickname only (name ""), unicode Name and tag values, a 256-character
  Name, no tags + no key pair + no public IP, two IPv6 addresses, two NICs at launch (public IP on
  eth0), an unknown instance type (hardware {}), a persistent spot instance, termination protection
  + monitoring + EBS-optimized with seven data volumes (gp3, io1, io2, st1, sc1, standard, gp2) and
  every KMS key form (key ARN, bare key id, alias ARN alias/aws/ebs, alias ARN alias/team/data-key,
  a bare "alias/ebs-default"), an ENI with two secondary IPs attached as eth1 with an EIP.
  SSM: name with an empty version (name only), name + version.
  Volume/Snapshot/EIP name rules: first key containing "Name" with an empty value (name "" even
  though a later Name has a value), "Names", "Name " (the substring rule matches it), "NAME"/"name"
  (no match), unicode names; snapshots with no description, a unicode description, encrypted.
  AMIs of the account: a public one also shared with an account, one registered with an empty
  Name, a Windows one with unicode tags.
  EIPs: on an instance tagged DisplayName "" then Name (name ""), on eth1 of a host, free tagged
  "Names", free tagged "name" only, and one on a NAT gateway; a private NAT gateway (no PublicIp).
ap-southeast-2
  Snapshot and AMI copied from eu-west-2 (copies keep the source VolumeId / the Windows platform),
  an encrypted snapshot copy with an alias ARN, a host in the default VPC without security groups
  given (its default-VPC SG rules appear in the Instance record, the SG is not collected), and a
  NAT gateway EIP tagged unicode.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import world as W  # noqa: E402

SEED = 8123
WIN2019 = "ami-0c33e00e000000001"
WIN_MIXED = "ami-0c33e00e000000002"
WIN_NOYEAR = "ami-0c33e00e000000003"
EKS = "ami-0c33e00e000000004"
UBUNTU_ARM = "ami-0c33e00e000000005"
NONAME = "ami-0c33e00e000000006"
AMIS = [
    W.ami(WIN2019, "Windows_Server-2019-English-Core-Base-2025.01.15", platform="windows", root_device_name="/dev/sda1"),
    W.ami(WIN_MIXED, "Windows_Server-2019-Upgrade-From-2012-R2_RTM-Base-2024.12.11", platform="windows",
          root_device_name="/dev/sda1"),
    W.ami(WIN_NOYEAR, "Windows_Server-R2_RTM-Japanese-Full-Base-2024.10.09", platform="windows", root_device_name="/dev/sda1"),
    W.ami(EKS, "amazon-eks-node-1.29-v20240213", description="EKS Kubernetes Worker AMI with AmazonLinux2 image"),
    W.ami(UBUNTU_ARM, "ubuntu-pro-server/images/hvm-ssd/ubuntu-focal-20.04-arm64-pro-server-20240208", arch="arm64",
          owner="099720109477", root_device_name="/dev/sda1"),
    W.ami(NONAME, "", description="an image without a name", arch="i386"),
]
LONG_NAME = ("lhr-" + "very-long-instance-name-" * 11)[:256]
KEY_ARN = "arn:aws:kms:eu-west-2:123456789012:key/3f2e1d0c-9b8a-4765-8432-10fedcba9876"


def lhr(ctx):
    ec2, p = ctx.ec2, ctx.p
    vpc_id, sn = ctx.vpc("10.40.0.0/16", f"{p}-odd-vpc", [("10.40.1.0/24", "a", {"Name": f"{p}-a", "Zone": "ä"}, 1),
                                                          ("10.40.2.0/24", "b", {"Name": ""}, 2),
                                                          ("10.40.3.0/24", "c", None, None)], ipv6=True)
    web = ctx.sg(f"{p}-web-sg", "web: unicode descriptions", vpc_id, {"Name": "Веб-сервер", "Ünïcødé": "✓"}, [
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
         "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS für alle"}],
         "Ipv6Ranges": [{"CidrIpv6": "::/0", "Description": "HTTPS ✓ v6"}]},
        {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8081, "IpRanges": [{"CidrIp": "10.40.0.0/16", "Description": ""}]},
    ])
    key = f"{p}-odd-key"
    ec2.create_key_pair(KeyName=key)
    ctx.out.update(vpc_id=vpc_id, subnet_ids=sn, security_groups={"web": web})

    h = {}
    h["pending"] = ctx.run1(EKS, "m5.large", sn[0], [web], {"Name": f"{p}-booting"}, key)
    h["stopping"] = ctx.run1(EKS, "m5.large", sn[0], [web], {"Name": f"{p}-halting"}, key)
    h["stopped"] = ctx.run1(WIN_NOYEAR, "t3.large", sn[1], [web], {"Name": f"{p}-win-noyear"}, key)
    h["empty_name"] = ctx.run1(WIN_MIXED, "t3.large", sn[1], [web], {"Name": "", "purpose": "empty Name value"}, key)
    h["name_lookalikes"] = ctx.run1(EKS, "t3.small", sn[0], [web], {"NAME": "upper", "name": "lower", "MyName": "mine",
                                                                     "Nickname": "nick"}, key)
    h["unicode"] = ctx.run1(UBUNTU_ARM, "t4g.small", sn[0], [web], {"Name": "ウェブサーバー ✓", "Owner": "Zoë Ñúñez",
                                                                    "emoji": "🚀", "empty": ""}, key)
    h["long_name"] = ctx.run1(EKS, "t3.micro", sn[2], [web], {"Name": LONG_NAME}, key)
    h["bare"] = ctx.run1(NONAME, "t3.nano", sn[2], [web])
    h["ipv6"] = ctx.run1(EKS, "t3.micro", sn[0], [web], {"Name": f"{p}-dual-stack"}, key, Ipv6AddressCount=2)
    h["two_nics"] = ctx.run1(EKS, "c5.large", None, None, {"Name": f"{p}-two-nics"}, key, NetworkInterfaces=[
        {"DeviceIndex": 0, "SubnetId": sn[0], "Groups": [web], "AssociatePublicIpAddress": True, "Description": "front"},
        {"DeviceIndex": 1, "SubnetId": sn[1], "Groups": [web], "Description": "back"}])
    h["unknown_type"] = ctx.run1(EKS, "x9.experimental", sn[0], [web], {"Name": f"{p}-unknown-type"}, key)
    h["spot_persistent"] = ctx.run1(EKS, "c5.xlarge", sn[1], [web], {"Name": f"{p}-spot-persistent"}, key,
                                    InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {
                                        "SpotInstanceType": "persistent", "InstanceInterruptionBehavior": "stop"}})
    h["storage"] = ctx.run1(WIN2019, "r5.xlarge", sn[0], [web], {"Name": f"{p}-storage-host"}, key,
                            EbsOptimized=True, Monitoring={"Enabled": True}, DisableApiTermination=True)
    ctx.out["instances"] = h

    # seven data volumes on the storage host, every type and KMS key form
    st = h["storage"]
    vols = {
        "gp3_key_arn": ctx.volume("a", 100, "gp3", {"MyName": "", "Name": f"{p}-first-match-empty"}, (st, "/dev/sdf"),
                                  Iops=6000, Throughput=500, Encrypted=True, KmsKeyId=KEY_ARN),
        "io1_bare_key": ctx.volume("a", 40, "io1", {"Names": f"{p}-plural"}, (st, "/dev/sdg"), Iops=2000, Encrypted=True,
                                   KmsKeyId="0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9"),
        "io2_alias_aws": ctx.volume("a", 64, "io2", {"Name ": f"{p}-trailing-space"}, (st, "/dev/sdh"), Iops=16000,
                                    Encrypted=True, KmsKeyId="arn:aws:kms:eu-west-2:123456789012:alias/aws/ebs"),
        "st1_alias_team": ctx.volume("a", 500, "st1", {"NAME": "upper", "name": "lower"}, (st, "/dev/sdi"), Encrypted=True,
                                     KmsKeyId="arn:aws:kms:eu-west-2:123456789012:alias/team/data-key"),
        "sc1_bare_alias": ctx.volume("a", 250, "sc1", {"Name": "ボリューム"}, (st, "/dev/sdj"), Encrypted=True,
                                     KmsKeyId="alias/ebs-default"),
        "standard": ctx.volume("a", 2, "standard", None, (st, "/dev/sdk")),
        "gp2": ctx.volume("a", 1, "gp2", {"Name": ""}, (st, "xvdl")),
    }
    vols["free_unicode"] = ctx.volume("b", 3, "gp3", {"Name": "Données partagées", "Ünïcødé": "✓"})
    ctx.out["volumes"] = vols

    # ENI with two secondary IPs, attached as eth1 of the unicode host (it gets an EIP below)
    eni = ctx.eni(sn[0], [web], "eth1 with secondaries", {"Name": f"{p}-eth1"}, SecondaryPrivateIpAddressCount=2)
    ec2.attach_network_interface(NetworkInterfaceId=eni, InstanceId=h["unicode"], DeviceIndex=1)
    ctx.out["enis"] = {"unicode_eth1": eni}

    # snapshots
    snaps = {
        "no_description": ctx.snapshot(vols["standard"]),
        "unicode_description": ctx.snapshot(vols["sc1_bare_alias"], "Sauvegarde nocturne — ✓", {"Name": "スナップショット"}),
        "first_match_empty": ctx.snapshot(vols["gp3_key_arn"], "encrypted, key ARN", {"SnapshotName": "", "Name": f"{p}-hidden"}),
        "empty_name": ctx.snapshot(vols["gp2"], "", {"Name": ""}),
        "names_key": ctx.snapshot(vols["io1_bare_key"], "bare key id", {"BackupNames": f"{p}-backup-names"}),
    }
    ctx.out["snapshots"] = snaps

    # AMIs of the account
    img_pub = ec2.create_image(InstanceId=h["long_name"], Name=f"{p}-public-and-shared", Description="public + one account",
                               TagSpecifications=W.tagspec("image", {"Name": f"{p}-pub"}))["ImageId"]
    ec2.modify_image_attribute(ImageId=img_pub, LaunchPermission={"Add": [{"Group": "all"}, {"UserId": "444455556666"}]})
    img_noname = ec2.register_image(Name="", Description="registered without a name")["ImageId"]
    img_win = ec2.create_image(InstanceId=h["storage"], Name=f"{p}-win2019-storage", Description="Windows 2019 — golden",
                               TagSpecifications=W.tagspec("image", {"Name": "ゴールデン", "os": "Windows"}))["ImageId"]
    ctx.out["images"] = {"public_shared": img_pub, "registered_empty_name": img_noname, "windows": img_win}

    # EIPs
    e = {}
    e["empty_first_match"] = ctx.eip({"DisplayName": "", "Name": f"{p}-not-this"}, instance=h["storage"])
    e["on_eth1"] = ctx.eip({"Name": f"{p}-eth1-eip"}, eni=eni)
    e["free_names"] = ctx.eip({"Names": f"{p}-plural-eip"})
    e["free_lower"] = ctx.eip({"name": "lower only"})
    e["nat"] = ctx.eip({"Name": f"{p}-nat-eip"})
    nat = ec2.create_nat_gateway(SubnetId=sn[0], AllocationId=e["nat"],
                                 TagSpecifications=W.tagspec("natgateway", {"Name": f"{p}-nat"}))["NatGateway"]["NatGatewayId"]
    private_nat = ec2.create_nat_gateway(SubnetId=sn[1], ConnectivityType="private")["NatGateway"]["NatGatewayId"]
    ctx.out.update(eips=e, nat_gateways={"public": nat, "private": private_nat})

    ctx.ssm(h["stopped"], "Microsoft Windows Server 2012 R2 Datacenter", "", "Windows")
    ctx.ssm(h["unicode"], "Ubuntu", "20.04")
    ec2.stop_instances(InstanceIds=[h["stopped"]])
    ctx.set_state(h["pending"], "pending", 0)
    ctx.set_state(h["stopping"], "stopping", 64)


def syd(ctx):
    ec2, p = ctx.ec2, ctx.p
    src = ctx.seeded["eu-west-2"]
    s_copy = ec2.copy_snapshot(SourceSnapshotId=src["snapshots"]["no_description"], SourceRegion="eu-west-2",
                               Description="copied from London")["SnapshotId"]
    s_enc = ec2.copy_snapshot(SourceSnapshotId=src["snapshots"]["unicode_description"], SourceRegion="eu-west-2",
                              Encrypted=True, KmsKeyId=f"arn:aws:kms:{ctx.region}:{W.ACCOUNT}:alias/team/data-key",
                              TagSpecifications=W.tagspec("snapshot", {"Name": f"{p}-encrypted-copy"}))["SnapshotId"]
    img = ec2.copy_image(SourceImageId=src["images"]["windows"], SourceRegion="eu-west-2", Name=f"{p}-win2019-copy")["ImageId"]
    dvpc, dsubnet, dsg = ctx.default_vpc()
    host = ctx.run1(WIN2019, "t3.medium", dsubnet, None, {"Name": f"{p}-default-vpc-host"})
    e_nat = ctx.eip({"Name": "NAT-Gateway-Ausgang ✓"})
    nat = ec2.create_nat_gateway(SubnetId=dsubnet, AllocationId=e_nat)["NatGateway"]["NatGatewayId"]
    ctx.out.update(snapshots={"copy": s_copy, "encrypted_copy": s_enc}, images={"copy": img},
                   default_vpc={"vpc_id": dvpc, "subnet_id": dsubnet, "default_sg": dsg},
                   instances={"default_vpc": host}, eips={"nat": e_nat}, nat_gateway=nat)


WORLD = W.World("odd", SEED, W.datetime.datetime(2025, 5, 6, 7, 8, 9), AMIS,
                [("eu-west-2", "lhr", lhr), ("ap-southeast-2", "syd", syd)], __doc__)

if __name__ == "__main__":
    WORLD.main()
