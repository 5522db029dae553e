"""Shared mechanics of the parity worlds (seeded moto fixtures for the shared parity kit).

A world script defines only its seed, clock, AMIs, regions and the shapes it creates, and calls
`World(...).main()`. It then has the kit's fixture command line:

  python <world>.py --serve [--port N] [--ready-file F] [--summary F] [--no-ssm-shim] [--no-shims]

What this module does (the same mechanics as the kit's fixtures/fixture_c.py, written for the worlds):
- writes the world's AMI list to a JSON file and points MOTO_AMIS_PATH at it before moto loads;
- starts moto 5.2.5's ThreadedMotoServer in this process, freezes moto's clock (utcnow in every moto
  module, autoscaling's datetime.now) and pins the HTTP Date and Server headers;
- seeds moto's generator (mock_random and /moto-api/seed) so IDs, MACs and IPs are reproducible, and
  re-executes itself with PYTHONHASHSEED=0 so moto's set-ordered lists come out in one order;
- adds three actions moto 5.2.5 answers with HTTP 500: autoscaling:DescribeNotificationConfigurations
  (what the world registered with `ctx.notify`), ec2:DescribeVolumeAttribute (ProductCodes []),
  ssm:DescribeInstanceInformation (what the world registered with `ctx.ssm`);
- after seeding, derives x-amzn-requestid (and <RequestId>) from the response body, so the value
  does not depend on how many calls a collector made before;
- writes the summary JSON (IDs per region under "regions", whose keys are the regions to collect),
  then the ready file, and serves until SIGTERM.

Every call of a region's seed function draws from the seeded generator: never reorder or add calls
in a world once its golden exists (remake the golden after any change).
"""
import argparse
import calendar
import datetime
import email.utils
import hashlib
import ipaddress
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time

ACCOUNT = "123456789012"
ACCESS_KEY = "AKIAORACLEFAKE000001"
SECRET_KEY = "oracle/fake/secret/key/0000000000000000000"
PINNED_SERVER_VERSION = "Werkzeug/3.1.9"
PINNED_SYS_VERSION = "Python/3.11.7"
UTC = datetime.timezone.utc
CLOCKED_MODULES = [
    "moto.ec2.models", "moto.ec2.models.instances", "moto.ec2.models.elastic_network_interfaces",
    "moto.ec2.models.elastic_block_store", "moto.ec2.models.elastic_ip_addresses", "moto.ec2.models.amis",
    "moto.ec2.models.launch_templates", "moto.ec2.models.nat_gateways", "moto.ec2.models.managed_prefixes",
    "moto.ec2.models.security_groups", "moto.autoscaling.models", "moto.elbv2.models", "moto.elb.models",
    "moto.iam.models", "moto.sts.models", "moto.ssm.models", "moto.kms.models", "moto.ec2.responses.instances",
]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def tags(d):
    """{"k": "v"} -> [{"Key": "k", "Value": "v"}] (dict order kept)."""
    return [{"Key": k, "Value": v} for k, v in d.items()]


def tagspec(rtype, d):
    return [{"ResourceType": rtype, "Tags": tags(d)}]


def asg_tags(d, propagate=True):
    return [{"Key": k, "Value": v, "PropagateAtLaunch": propagate} for k, v in d.items()]


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


class Context:
    """What a region's seed function gets: boto3 clients, region, prefix, output dict, helpers."""

    def __init__(self, world, endpoint, region, prefix):
        import boto3
        self.world, self.region, self.prefix, self.p = world, region, prefix, prefix
        s = boto3.session.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=region)
        for svc, attr in [("ec2", "ec2"), ("autoscaling", "asg"), ("elbv2", "elbv2"), ("elb", "elb"), ("sts", "sts")]:
            setattr(self, attr, s.client(svc, endpoint_url=endpoint))
        self.out = {"region": region}

    # ------------------------------------------------------------------ registration for the shims
    def ssm(self, instance_id, platform_name, platform_version=None, platform_type="Linux", ping="Online"):
        info = {"PingStatus": ping, "PlatformType": platform_type, "PlatformName": platform_name,
                "AgentVersion": "3.3.987.0", "ResourceType": "EC2Instance"}
        if platform_version is not None:
            info["PlatformVersion"] = platform_version
        self.world.ssm_info.setdefault(self.region, {})[instance_id] = info

    def notify(self, asg_name, topic, notification_type):
        self.world.notifications.setdefault(self.region, []).append(
            {"AutoScalingGroupName": asg_name, "TopicARN": f"arn:aws:sns:{self.region}:{ACCOUNT}:{topic}",
             "NotificationType": notification_type})

    # ------------------------------------------------------------------ moto backend access
    def backend(self):
        from moto.ec2.models import ec2_backends
        return ec2_backends[ACCOUNT][self.region]

    def asg_backend(self):
        from moto.autoscaling.models import autoscaling_backends
        return autoscaling_backends[ACCOUNT][self.region]

    def set_state(self, instance_id, name, code):
        """States moto's API cannot reach (pending, stopping, shutting-down), set on the backend."""
        inst = self.backend().get_instance(instance_id)
        inst._state.name = name
        inst._state.code = code

    # ------------------------------------------------------------------ common shapes
    def vpc(self, cidr, name, subnets, ipv6=False, dns_hostnames=True, igw=True):
        """A VPC (tagged Name), optionally with an Amazon IPv6 block, an internet gateway and subnets:
        subnets = [(cidr, az_letter, tags_dict, ipv6_index_or_None)]. Returns (vpc_id, [subnet_ids])."""
        ec2 = self.ec2
        vpc = ec2.create_vpc(CidrBlock=cidr, AmazonProvidedIpv6CidrBlock=ipv6,
                             TagSpecifications=tagspec("vpc", {"Name": name}) if name else [])["Vpc"]
        vpc_id = vpc["VpcId"]
        if dns_hostnames:
            ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
        if igw:
            gw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
            ec2.attach_internet_gateway(InternetGatewayId=gw, VpcId=vpc_id)
        v6 = None
        if ipv6:
            v6 = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
        ids = []
        for sub_cidr, az, t, v6_index in subnets:
            args = dict(VpcId=vpc_id, CidrBlock=sub_cidr, AvailabilityZone=self.region + az)
            if t:
                args["TagSpecifications"] = tagspec("subnet", t)
            if v6 is not None and v6_index is not None:
                args["Ipv6CidrBlock"] = str(list(ipaddress.ip_network(v6).subnets(new_prefix=64))[v6_index])
            ids.append(ec2.create_subnet(**args)["Subnet"]["SubnetId"])
        return vpc_id, ids

    def default_vpc(self):
        """(default VPC id, its first subnet by AZ, its default SG)."""
        ec2 = self.ec2
        vpc = [v for v in ec2.describe_vpcs()["Vpcs"] if v.get("IsDefault")][0]
        sn = sorted(ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"],
                    key=lambda s: s["AvailabilityZone"])
        sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]},
                                                   {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
        return vpc["VpcId"], sn[0]["SubnetId"], sg["GroupId"]

    def sg(self, name, desc, vpc_id, t=None, ingress=None, egress=None, revoke_default_egress=False):
        ec2 = self.ec2
        args = dict(GroupName=name, Description=desc, VpcId=vpc_id)
        if t:
            args["TagSpecifications"] = tagspec("security-group", t)
        gid = ec2.create_security_group(**args)["GroupId"]
        if ingress:
            ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=ingress)
        if revoke_default_egress:
            ec2.revoke_security_group_egress(GroupId=gid, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        if egress:
            ec2.authorize_security_group_egress(GroupId=gid, IpPermissions=egress)
        return gid

    def run(self, ami, itype, subnet=None, sgs=None, t=None, key=None, count=1, **kw):
        """run_instances; returns the list of instance ids of the reservation (one per count)."""
        args = dict(ImageId=ami, InstanceType=itype, MinCount=count, MaxCount=count, **kw)
        if subnet:
            args["SubnetId"] = subnet
        if sgs:
            args["SecurityGroupIds"] = sgs
        if key:
            args["KeyName"] = key
        if t is not None:
            args["TagSpecifications"] = tagspec("instance", t)
        return [i["InstanceId"] for i in self.ec2.run_instances(**args)["Instances"]]

    def run1(self, *a, **kw):
        return self.run(*a, **kw)[0]

    def instance(self, iid):
        return self.ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]

    def volume(self, az, size, vtype, t=None, attach=None, **kw):
        """create_volume (tags t), optionally attach=(instance_id, device). Returns the volume id."""
        args = dict(AvailabilityZone=self.region + az, Size=size, VolumeType=vtype, **kw)
        if t is not None:
            args["TagSpecifications"] = tagspec("volume", t)
        vid = self.ec2.create_volume(**args)["VolumeId"]
        if attach:
            self.ec2.attach_volume(VolumeId=vid, InstanceId=attach[0], Device=attach[1])
        return vid

    def snapshot(self, volume_id, description=None, t=None):
        args = dict(VolumeId=volume_id)
        if description is not None:
            args["Description"] = description
        if t is not None:
            args["TagSpecifications"] = tagspec("snapshot", t)
        return self.ec2.create_snapshot(**args)["SnapshotId"]

    def eip(self, t=None, instance=None, eni=None, private_ip=None):
        args = dict(Domain="vpc")
        if t is not None:
            args["TagSpecifications"] = tagspec("elastic-ip", t)
        alloc = self.ec2.allocate_address(**args)["AllocationId"]
        if instance or eni:
            assoc = dict(AllocationId=alloc)
            if instance:
                assoc["InstanceId"] = instance
            if eni:
                assoc["NetworkInterfaceId"] = eni
            if private_ip:
                assoc["PrivateIpAddress"] = private_ip
            self.ec2.associate_address(**assoc)
        return alloc

    def eni(self, subnet, sgs, description, t=None, **kw):
        args = dict(SubnetId=subnet, Groups=sgs, Description=description, **kw)
        if t is not None:
            args["TagSpecifications"] = tagspec("network-interface", t)
        return self.ec2.create_network_interface(**args)["NetworkInterface"]["NetworkInterfaceId"]

    def asg_instances(self, name):
        return [i["InstanceId"] for i in
                self.asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]["Instances"]]


class World:
    def __init__(self, name, seed, clock, amis, regions, doc=""):
        """regions: [(region, prefix, seed_function(ctx))], seeded in this order."""
        self.name, self.seed, self.clock, self.amis, self.regions = name, seed, clock, amis, regions
        self.doc = doc or name
        self.http_date = email.utils.formatdate(calendar.timegm(clock.timetuple()), usegmt=True)
        self.ssm_info = {}       # region -> {instance_id: InstanceInformation}
        self.notifications = {}  # region -> [NotificationConfiguration]

    def log(self, msg):
        print(f"[{self.name}] {msg}", flush=True)

    # ------------------------------------------------------------------ moto patches
    def _freeze_moto_clock(self):
        import importlib
        import moto.core.utils as mcu
        for mod in CLOCKED_MODULES:
            try:
                importlib.import_module(mod)
            except Exception as e:  # pragma: no cover
                print(f"[{self.name}] warn: cannot import {mod}: {e}", file=sys.stderr)
        orig = mcu.utcnow
        frozen = self.clock

        def frozen_utcnow():
            return frozen

        import moto.autoscaling.models as asm

        class FrozenDatetime(datetime.datetime):
            @classmethod
            def now(cls, tz=None):
                return frozen if tz is None else frozen.replace(tzinfo=UTC).astimezone(tz)

        asm.datetime = FrozenDatetime
        from werkzeug.serving import WSGIRequestHandler
        http_date = self.http_date
        WSGIRequestHandler.date_time_string = lambda self, timestamp=None: http_date
        WSGIRequestHandler.server_version = PINNED_SERVER_VERSION   # shadows werkzeug's property
        WSGIRequestHandler.sys_version = PINNED_SYS_VERSION
        patched = []
        for name, mod in list(sys.modules.items()):
            if name.startswith("moto") and mod is not None and getattr(mod, "utcnow", None) is orig:
                mod.utcnow = frozen_utcnow
                patched.append(name)
        return patched

    @staticmethod
    def _stable_request_ids():
        import re
        from moto.core.responses import BaseResponse

        def _enrich_response(headers, body):
            if "status" in headers:
                headers["status"] = str(headers["status"])
            if isinstance(body, bytes):
                raw = body
            elif isinstance(body, str):
                raw = body.encode("utf-8")
            else:
                raw = repr(body).encode("utf-8")
            request_id = hashlib.sha256(raw).hexdigest()[:52]
            headers["x-amzn-requestid"] = request_id
            try:
                body = re.sub(r"(?<=<RequestId>).*(?=<\/RequestId>)", request_id, body)
            except Exception:
                pass
            return headers, body

        BaseResponse._enrich_response = staticmethod(_enrich_response)

    def _install_shims(self, ssm_shim=True):
        from moto.core.responses import ActionResult
        from moto.autoscaling.responses import AutoScalingResponse
        from moto.ec2.responses.elastic_block_store import ElasticBlockStore
        from moto.ssm.responses import SimpleSystemManagerResponse
        notifications, ssm_info = self.notifications, self.ssm_info

        def describe_notification_configurations(self):
            names = set(self._get_param("AutoScalingGroupNames", []) or [])
            items = [c for c in notifications.get(self.region, []) if not names or c["AutoScalingGroupName"] in names]
            return ActionResult({"NotificationConfigurations": items})

        AutoScalingResponse.describe_notification_configurations = describe_notification_configurations
        installed = ["autoscaling:DescribeNotificationConfigurations"]

        def describe_volume_attribute(self):
            vid = self._get_param("VolumeId")
            self.ec2_backend.get_volume(vid)  # InvalidVolume.NotFound like AWS
            attr = self._get_param("Attribute")
            res = {"VolumeId": vid}
            if attr == "productCodes":
                res["ProductCodes"] = []
            elif attr == "autoEnableIO":
                res["AutoEnableIO"] = {"Value": False}
            return ActionResult(res)

        ElasticBlockStore.describe_volume_attribute = describe_volume_attribute
        installed.append("ec2:DescribeVolumeAttribute")

        if ssm_shim:
            def describe_instance_information(self):
                wanted = None
                for f in self._get_param("Filters", []) or []:
                    if f.get("Key") == "InstanceIds":
                        wanted = set(f.get("Values", []))
                for f in self._get_param("InstanceInformationFilterList", []) or []:
                    if f.get("key") == "InstanceIds":
                        wanted = set(f.get("valueSet", []))
                info = ssm_info.get(self.region, {})
                items = [dict(v, InstanceId=k) for k, v in sorted(info.items()) if wanted is None or k in wanted]
                return ActionResult({"InstanceInformationList": items})

            SimpleSystemManagerResponse.describe_instance_information = describe_instance_information
            installed.append("ssm:DescribeInstanceInformation")
        return installed

    def _start_server(self, port):
        fd, path = tempfile.mkstemp(prefix=f"{self.name}-amis-", suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump(self.amis, f)
        os.environ["MOTO_AMIS_PATH"] = path  # read when moto.ec2 is imported, below
        from moto.server import ThreadedMotoServer
        from moto.moto_api._internal import mock_random
        import logging
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        patched = self._freeze_moto_clock()
        os.unlink(path)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        mock_random.seed(self.seed)
        return server, patched

    def _seed_all(self, endpoint):
        import requests
        try:
            requests.post(f"{endpoint}/moto-api/seed?a={self.seed}", timeout=5)
        except Exception as e:
            print(f"[{self.name}] warn: seed request failed: {e}", file=sys.stderr)
        first = self.regions[0][0]
        sts = Context(self, endpoint, first, "").sts
        summary = {"endpoint": endpoint, "account_id": sts.get_caller_identity()["Account"], "regions": {}}
        for region, prefix, fn in self.regions:
            t = time.time()
            ctx = Context(self, endpoint, region, prefix)
            ctx.seeded = summary["regions"]  # the outputs of the regions seeded before this one
            fn(ctx)
            summary["regions"][region] = ctx.out
            self.log(f"seeded {region} in {time.time() - t:.1f}s")
        summary["notification_configurations"] = self.notifications
        return summary

    # ------------------------------------------------------------------ command line
    def main(self, argv=None):
        ap = argparse.ArgumentParser(description=self.doc.strip().splitlines()[0])
        ap.add_argument("--serve", action="store_true", help="start moto in-process, seed, then block (required)")
        ap.add_argument("--port", type=int, default=0)
        ap.add_argument("--ready-file", default="moto_endpoint.txt")
        ap.add_argument("--summary", default="fixture_summary.json")
        ap.add_argument("--no-ssm-shim", action="store_true",
                        help="leave ssm:DescribeInstanceInformation unimplemented (moto answers HTTP 500)")
        ap.add_argument("--no-shims", action="store_true", help="install no moto shims at all")
        a = ap.parse_args(argv)
        if not a.serve:
            ap.error("--serve is required")
        if os.environ.get("PYTHONHASHSEED") != "0":
            # moto keeps some lists in sets (e.g. an ASG's SuspendedProcesses): fix the string hash
            # seed so their order is the same on every run (same process id: exec, not fork)
            os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
        port = a.port or free_port()
        server, patched = self._start_server(port)
        shims = [] if a.no_shims else self._install_shims(ssm_shim=not a.no_ssm_shim)
        endpoint = f"http://127.0.0.1:{port}"
        self.log(f"moto shims installed: {shims}")
        self.log(f"moto ThreadedMotoServer on {endpoint}; frozen clock in {len(patched)} moto modules")
        t0 = time.time()
        summary = self._seed_all(endpoint)
        self._stable_request_ids()
        if not a.no_shims and not a.no_ssm_shim:
            summary["ssm_managed"] = {r: sorted(v) for r, v in self.ssm_info.items()}
        else:
            self.ssm_info.clear()
        with open(a.summary, "w") as f:
            json.dump(summary, f, indent=2, sort_keys=True)
        self.log(f"seeded in {time.time() - t0:.1f}s -> {a.summary}")
        with open(a.ready_file, "w") as f:
            f.write(endpoint + "\n")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        stop.wait()
        server.stop()
        self.log("moto stopped")


def ami(ami_id, name, platform=None, arch="x86_64", owner="801119661308", description=None,
        root_device_name="/dev/xvda", created="2024-01-15T00:00:00.000Z"):
    """One public AMI entry of MOTO_AMIS_PATH's JSON list."""
    d = {"ami_id": ami_id, "state": "available", "public": True, "owner_id": owner,
         "image_location": "amazon/getting-started", "sriov": "simple", "root_device_type": "ebs",
         "root_device_name": root_device_name, "description": description if description is not None else name,
         "image_type": "machine", "architecture": arch, "name": name, "virtualization_type": "hvm",
         "hypervisor": "xen", "creation_date": created}
    if platform:
        d["platform"] = platform
    return d
