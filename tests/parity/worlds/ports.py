#!/usr/bin/env python3
"""Parity world "ports": inbound rules of every protocol and port shape, collected with the
`vulnerable_ports` option (ports.options.json: "22,3389,80,443").

Region ap-northeast-1 ("nrt"): a VPC with an Amazon IPv6 block (so every group gets moto's extra
`::/0` egress rule), a managed prefix list, and these groups (all collected):
  nrt-exposed-sg   -1 from 0.0.0.0/0; tcp 0-65535 and udp 0-65535; tcp 22; tcp 80-443 over IPv6;
                   tcp 1024-2048 (no configured port inside); tcp 20-23; udp 3389; tcp 0-0;
                   tcp 3389 from the prefix list; protocol 6 (tcp) 443 and 17 (udp) 53 by number;
                   custom egress tcp 22 (egress never gets the vulnerable keys)
  nrt-icmp-sg      icmp -1/-1, icmp 8/0, icmp 0/0 (echo reply), protocol 1 3/4, icmpv6 -1, icmpv6 128/-1,
                   58 135/0, 50, 47, 132 (sctp), -1 over IPv6
  nrt-peers-sg     tcp 22 from itself and from a pair carrying another account's UserId; -1 from
                   nrt-exposed-sg; tcp 5000-6000 from a pair and a CIDR in one permission
  default          the VPC's default group: -1 from itself, added by the world (moto leaves a new VPC's
                   default group without inbound rules); every configured port is "vulnerable"
Instances using those groups (so Instance data.security_group shows every shape too): one per
group, one in two groups, and one in the default group only. ports_spaced.py collects the same
shapes with "22, 3389, 0,-1".
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import world as W  # noqa: E402

SEED = 7919
PEER_ACCOUNT = "111122223333"
AL2023 = "ami-0b22d00d000000001"
AMIS = [W.ami(AL2023, "al2023-ami-2023.6.20250203.0-kernel-6.1-x86_64", description="Amazon Linux 2023 AMI")]


def any_v4(desc=None, cidr="0.0.0.0/0"):
    d = {"CidrIp": cidr}
    if desc:
        d["Description"] = desc
    return [d]


def nrt(ctx):
    ec2, p = ctx.ec2, ctx.p
    vpc_id, sn = ctx.vpc("10.30.0.0/16", f"{p}-ports-vpc", [("10.30.1.0/24", "a", {"Name": f"{p}-a"}, 1),
                                                            ("10.30.2.0/24", "c", {"Name": f"{p}-c"}, 2)], ipv6=True)
    default_sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]},
                                                       {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]
    pl = ec2.create_managed_prefix_list(PrefixListName=f"{p}-admins", AddressFamily="IPv4", MaxEntries=3,
                                        Entries=[{"Cidr": "192.0.2.64/26", "Description": "admins"}])["PrefixList"]["PrefixListId"]
    exposed = ctx.sg(f"{p}-exposed-sg", "every tcp/udp port shape", vpc_id, {"Name": f"{p}-exposed"}, [
        {"IpProtocol": "-1", "IpRanges": any_v4("everything")},
        {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "IpRanges": any_v4("all tcp", "10.0.0.0/8")},
        {"IpProtocol": "udp", "FromPort": 0, "ToPort": 65535, "IpRanges": any_v4("all udp", "10.0.0.0/8")},
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": any_v4("ssh", "203.0.113.0/24")},
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 443, "Ipv6Ranges": [{"CidrIpv6": "::/0", "Description": "web v6"}]},
        {"IpProtocol": "tcp", "FromPort": 1024, "ToPort": 2048, "IpRanges": any_v4("nothing configured here", "10.30.0.0/16")},
        {"IpProtocol": "tcp", "FromPort": 20, "ToPort": 23, "IpRanges": any_v4("ftp to telnet", "198.51.100.0/24")},
        {"IpProtocol": "udp", "FromPort": 3389, "ToPort": 3389, "IpRanges": any_v4("rdp udp", "198.51.100.0/24")},
        {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 0, "IpRanges": any_v4("port zero", "198.51.100.7/32")},
        {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "PrefixListIds": [{"PrefixListId": pl, "Description": "rdp admins"}]},
        {"IpProtocol": "6", "FromPort": 443, "ToPort": 443, "IpRanges": any_v4("tcp by number", "192.0.2.0/24")},
        {"IpProtocol": "17", "FromPort": 53, "ToPort": 53, "IpRanges": any_v4("udp by number", "192.0.2.0/24")},
    ], egress=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": any_v4("ssh out", "10.30.0.0/16")}])
    icmp = ctx.sg(f"{p}-icmp-sg", "icmp and other protocols", vpc_id, None, [
        {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": any_v4("all icmp")},
        {"IpProtocol": "icmp", "FromPort": 8, "ToPort": 0, "IpRanges": any_v4("echo request", "10.0.0.0/8")},
        {"IpProtocol": "icmp", "FromPort": 0, "ToPort": 0, "IpRanges": any_v4("echo reply", "10.0.0.0/8")},
        {"IpProtocol": "1", "FromPort": 3, "ToPort": 4, "IpRanges": any_v4("frag needed, by number", "10.0.0.0/8")},
        {"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
        {"IpProtocol": "icmpv6", "FromPort": 128, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32", "Description": "ping6"}]},
        {"IpProtocol": "58", "FromPort": 135, "ToPort": 0, "Ipv6Ranges": [{"CidrIpv6": "fe80::/10", "Description": "neighbour solicitation"}]},
        {"IpProtocol": "50", "FromPort": -1, "ToPort": -1, "IpRanges": any_v4("esp", "203.0.113.9/32")},
        {"IpProtocol": "47", "FromPort": -1, "ToPort": -1, "IpRanges": any_v4("gre", "203.0.113.9/32")},
        {"IpProtocol": "132", "FromPort": 0, "ToPort": 0, "IpRanges": any_v4("sctp", "203.0.113.9/32")},
        {"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "2001:db8:30::/48", "Description": "all from v6 lan"}]},
    ])
    peers = ctx.sg(f"{p}-peers-sg", "group pairs", vpc_id, {"Name": f"{p}-peers", "Owner": "platform"})
    ec2.authorize_security_group_ingress(GroupId=peers, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
         "UserIdGroupPairs": [{"GroupId": peers, "Description": "self"},
                              {"GroupId": icmp, "UserId": PEER_ACCOUNT, "Description": "peered account"}]},
        {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": exposed}]},
        {"IpProtocol": "tcp", "FromPort": 5000, "ToPort": 6000, "UserIdGroupPairs": [{"GroupId": exposed, "Description": "api"}],
         "IpRanges": any_v4("api from lan", "10.30.0.0/16")},
    ])
    # AWS gives a VPC's default group "-1 from itself"; moto 5.2.5 gives it no inbound rule: add it
    ec2.authorize_security_group_ingress(GroupId=default_sg, IpPermissions=[
        {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": default_sg}]}])
    ctx.out.update(vpc_id=vpc_id, subnet_ids=sn, prefix_list=pl,
                   security_groups={"exposed": exposed, "icmp": icmp, "peers": peers, "default": default_sg})

    hosts = {}
    for name, groups, subnet in [("exposed", [exposed], 0), ("icmp", [icmp], 1), ("peers", [peers], 0),
                                 ("two-groups", [peers, exposed], 1), ("default-only", [default_sg], 0)]:
        hosts[name] = ctx.run1(AL2023, "t3.micro", sn[subnet], groups, {"Name": f"{p}-{name}"})
    ctx.out["instances"] = hosts


REGIONS = [("ap-northeast-1", "nrt", nrt)]
WORLD = W.World("ports", SEED, W.datetime.datetime(2025, 4, 1, 8, 30, 0), AMIS, REGIONS, __doc__)

if __name__ == "__main__":
    WORLD.main()
