"""A fast fake AWS for the benchmark: EC2, Auto Scaling, ELBv2, SSM and STS on one loopback
HTTP/1.1 endpoint (the plugin's AWS_ENDPOINT_URL), answering exactly the calls of src/fetch/
from a deterministic fleet (bench/fleet.py), in the real wire shapes (bench/wire.py).

Every call gets the configured round trip (half before, half after the throttle check), and a
token bucket per (region, action) as EC2 documents it: 100 calls of burst and 20 per second of
refill; 50 and 10 for DescribeInstances, DescribeVolumes and DescribeSecurityGroups called
without a filter and without pagination. Over the limit EC2 answers RequestLimitExceeded (HTTP
503), Auto Scaling and ELBv2 Throttling (HTTP 400), SSM ThrottlingException (HTTP 400); AWS
publishes no numbers for those three, they get EC2's. All times run on a clock scaled by
`--time-scale` (0.1: ten times faster round trips and refills).

Every call is one JSON line of `--log`: region, service, action, bucket, start and end (scaled
seconds since start), throttled, status, page, a digest of the request parameters, the SDK's
attempt number (amz-sdk-request header) and the fake's own service time (parsing, building and
logging, sleeps excluded). GET /__bench/report flushes the log and returns the totals;
GET /__bench/ready answers once the fleet is built.

    python bench/fake_aws.py --scenario organisation --port 4566 --log calls.jsonl
"""
import argparse
import asyncio
import base64
import hashlib
import json
import resource
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import wire  # noqa: E402
from bench.fleet import ACCOUNT, SCENARIOS, build  # noqa: E402

BURST, REFILL = 100, 20  # Describe* per (account, region, action)
UNFILTERED_BURST, UNFILTERED_REFILL = 50, 10
UNFILTERED = {"DescribeInstances", "DescribeVolumes", "DescribeSecurityGroups"}
THROTTLED = {"ec2": ("RequestLimitExceeded", 503, "Request limit exceeded."),
             "autoscaling": ("Throttling", 400, "Rate exceeded"),
             "elasticloadbalancing": ("Throttling", 400, "Rate exceeded"),
             "ssm": ("ThrottlingException", 400, "Rate exceeded")}
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable"}
STATES = {"instance-state-name": lambda r: r["Instances"][0]["State"]["Name"],
          "instance-id": lambda r: r["Instances"][0]["InstanceId"]}


class AwsError(Exception):
    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code, self.status = code, status


@dataclass(frozen=True)
class Listing:
    """A list action: its output member, its items for a request, how it pages (the request's
    page-size and token parameters, the response's token member, the largest page)."""
    member: str
    items: object  # (fake, fleet, params) -> list
    page: str = None
    token: str = "NextToken"
    next_token: str = "NextToken"
    max_page: int = 1000


def _filtered(items, params, known):
    for name, values in wire.ec2_filters(params).items():
        if name not in known:
            raise AwsError("InvalidParameterValue", f"The filter '{name}' is invalid")
        items = [i for i in items if known[name](i) in values]
    return items


def _by(mapping, key, code):
    def items(fake, fleet, params):
        if params.get(key) not in getattr(fleet, mapping):
            raise AwsError(code, f"{key} {params.get(key)!r} not found")
        return getattr(fleet, mapping)[params[key]]
    return items


def _images(fake, fleet, params):
    if wire.indexed(params, "Owner") == ["self"]:
        return fleet.owned_images
    return _filtered(fleet.images, params, {"image-id": lambda i: i["ImageId"]})


def _template_versions(fake, fleet, params):
    versions = _by("launch_template_versions", "LaunchTemplateId", "InvalidLaunchTemplateId.NotFound")(
        fake, fleet, params)
    wanted = wire.indexed(params, "LaunchTemplateVersion")
    return [v for v in versions if not wanted or ("$Latest" in wanted and v["VersionNumber"] == 2)
            or ("$Default" in wanted and v["DefaultVersion"])]


def _fleet_list(name):
    return lambda fake, fleet, params: getattr(fleet, name)


LISTINGS = {
    ("ec2", "DescribeInstances"): Listing(
        "Reservations", lambda fake, f, p: _filtered(f.reservations, p, STATES), "MaxResults"),
    ("ec2", "DescribeVolumes"): Listing("Volumes", _fleet_list("volumes"), "MaxResults", max_page=500),
    ("ec2", "DescribeSecurityGroups"): Listing("SecurityGroups", _fleet_list("security_groups"), "MaxResults"),
    ("ec2", "DescribeSecurityGroupRules"): Listing(
        "SecurityGroupRules", _fleet_list("security_group_rules"), "MaxResults"),
    ("ec2", "DescribeVpcs"): Listing("Vpcs", _fleet_list("vpcs"), "MaxResults"),
    ("ec2", "DescribeSubnets"): Listing("Subnets", _fleet_list("subnets"), "MaxResults"),
    ("ec2", "DescribeSnapshots"): Listing("Snapshots", _fleet_list("snapshots"), "MaxResults"),
    ("ec2", "DescribeAddresses"): Listing("Addresses", _fleet_list("addresses")),
    ("ec2", "DescribeNatGateways"): Listing("NatGateways", _fleet_list("nat_gateways"), "MaxResults"),
    ("ec2", "DescribeImages"): Listing("Images", _images, "MaxResults"),
    ("ec2", "DescribeInstanceTypes"): Listing("InstanceTypes", lambda fake, f, p: [
        t for t in f.instance_types if t["InstanceType"] in wire.indexed(p, "InstanceType")], "MaxResults",
        max_page=100),
    ("ec2", "DescribeLaunchTemplates"): Listing(
        "LaunchTemplates", _fleet_list("launch_templates"), "MaxResults", max_page=200),
    ("ec2", "DescribeLaunchTemplateVersions"): Listing("LaunchTemplateVersions", _template_versions, "MaxResults"),
    ("ec2", "DescribeRegions"): Listing("Regions", lambda fake, f, p: fake.regions),
    ("autoscaling", "DescribeAutoScalingGroups"): Listing(
        "AutoScalingGroups", _fleet_list("auto_scaling_groups"), "MaxRecords", max_page=100),
    ("autoscaling", "DescribeLaunchConfigurations"): Listing(
        "LaunchConfigurations", _fleet_list("launch_configurations"), "MaxRecords", max_page=100),
    ("autoscaling", "DescribePolicies"): Listing(
        "ScalingPolicies", _fleet_list("scaling_policies"), "MaxRecords", max_page=100),
    ("autoscaling", "DescribeNotificationConfigurations"): Listing(
        "NotificationConfigurations", _fleet_list("notification_configurations"), "MaxRecords", max_page=100),
    ("autoscaling", "DescribeScheduledActions"): Listing(
        "ScheduledUpdateGroupActions", _fleet_list("scheduled_actions"), "MaxRecords", max_page=100),
    ("autoscaling", "DescribeLifecycleHooks"): Listing(
        "LifecycleHooks", _by("lifecycle_hooks", "AutoScalingGroupName", "ValidationError")),
    ("elasticloadbalancing", "DescribeLoadBalancers"): Listing(
        "LoadBalancers", _fleet_list("load_balancers"), "PageSize", "Marker", "NextMarker", 400),
    ("elasticloadbalancing", "DescribeTargetGroups"): Listing(
        "TargetGroups", _fleet_list("target_groups"), "PageSize", "Marker", "NextMarker", 400),
    ("elasticloadbalancing", "DescribeListeners"): Listing(
        "Listeners", _by("listeners", "LoadBalancerArn", "LoadBalancerNotFound"), "PageSize", "Marker",
        "NextMarker", 400),
    ("elasticloadbalancing", "DescribeTargetHealth"): Listing(
        "TargetHealthDescriptions", _by("target_health", "TargetGroupArn", "TargetGroupNotFound")),
    ("ssm", "DescribeInstanceInformation"): Listing(
        "InstanceInformationList", _fleet_list("instance_information"), "MaxResults", max_page=50),
}


def _single(fake, fleet, service, action, params):
    """The members of the one-object answers, or None for an unknown action."""
    if (service, action) == ("ec2", "DescribeInstanceAttribute"):
        instance_id = params.get("InstanceId")
        if instance_id not in fleet.termination_protection:
            raise AwsError("InvalidInstanceID.NotFound", f"The instance ID '{instance_id}' does not exist")
        if params.get("Attribute") != "disableApiTermination":
            raise AwsError("InvalidParameterValue", "only disableApiTermination is faked")
        protected = fleet.termination_protection[instance_id]
        return {"InstanceId": instance_id, "DisableApiTermination": {"Value": protected}}
    if (service, action) == ("ec2", "DescribeVolumeAttribute"):
        volume_id = params.get("VolumeId")
        if volume_id not in fleet.product_codes:
            raise AwsError("InvalidVolume.NotFound", f"The volume '{volume_id}' does not exist.")
        return {"VolumeId": volume_id, "ProductCodes": fleet.product_codes[volume_id]}
    if (service, action) == ("sts", "GetCallerIdentity"):
        return {"UserId": "AIDABENCHMARK", "Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:user/bench"}
    if (service, action) == ("sts", "AssumeRole"):
        expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
        return {"Credentials": {"AccessKeyId": "ASIABENCHMARK", "SecretAccessKey": "bench", "SessionToken": "bench",
                                "Expiration": expires},
                "AssumedRoleUser": {"AssumedRoleId": f"AROABENCHMARK:{params.get('RoleSessionName', 'bench')}",
                                    "Arn": f"{params.get('RoleArn', '')}/{params.get('RoleSessionName', 'bench')}"}}
    return None


class Bucket:
    def __init__(self, burst, refill, now):
        self.burst, self.refill, self.tokens, self.last = burst, refill, float(burst), now

    def take(self, now):
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.refill)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class FakeAws:
    def __init__(self, scenario, latency_ms, time_scale, log_path, throttle=True):
        self.fleets = build(scenario)
        self.regions = [{"RegionName": r, "Endpoint": f"ec2.{r}.amazonaws.com", "OptInStatus": "opt-in-not-required"}
                        for r in scenario.regions]
        self.latency_ms, self.scale, self.throttle = latency_ms, time_scale, throttle
        self.apis = {service: wire.Api(service) for service in wire.SERVICES}
        self.buckets, self.items, self.fragments = {}, {}, {}
        self.totals = {"calls": 0, "throttled": 0, "errors": 0, "service_s": 0.0}
        self.log = open(log_path, "w", buffering=1 << 20) if log_path else None
        self._warm()
        self.t0 = time.monotonic()

    def now(self):
        """Seconds on the scaled clock since start."""
        return (time.monotonic() - self.t0) / self.scale

    def _warm(self):
        """Renders every item of the big lists once, so that serving a page is a join."""
        for fleet in self.fleets.values():
            for (service, action), listing in LISTINGS.items():
                if service == "ssm":
                    continue
                try:
                    items = listing.items(self, fleet, {})
                except AwsError:  # the per-item lists need a parameter
                    continue
                for item in items:
                    self._fragment(service, action, listing.member, item)

    def _fragment(self, service, action, member, item):
        key = (action, id(item))
        if key not in self.fragments:
            self.fragments[key] = self.apis[service].list_item(action, member)(item)
        return self.fragments[key]

    def _bucket(self, region, service, action, params):
        if service not in THROTTLED:
            return None, None
        unfiltered = action in UNFILTERED and not any(k.startswith("Filter.") or k in ("MaxResults", "NextToken")
                                                      for k in params)
        name = f"{action}(unfiltered)" if unfiltered else action
        key = (region, name)
        if key not in self.buckets:
            rates = (UNFILTERED_BURST, UNFILTERED_REFILL) if unfiltered else (BURST, REFILL)
            self.buckets[key] = Bucket(*rates, self.now())
        return name, self.buckets[key]

    async def call(self, headers, body):
        """One AWS request: (status, content type, body)."""
        started, work = self.now(), time.perf_counter()
        region, service = wire.scope(headers.get("authorization", ""))
        if "x-amz-target" in headers:
            action, params = headers["x-amz-target"].rsplit(".", 1)[-1], json.loads(body or b"{}")
        else:
            params = wire.query_params(body)
            action = params.get("Action", "")
        digest = hashlib.blake2b(body, digest_size=8).hexdigest()
        work = time.perf_counter() - work
        await self._sleep()
        t = time.perf_counter()
        bucket_name, bucket = self._bucket(region, service, action, params)
        throttled = bool(self.throttle and bucket and not bucket.take(self.now()))
        page = None
        api = self.apis.get(service) or self.apis["ec2"]
        if throttled:
            code, status, message = THROTTLED[service]
            ctype, payload = api.error(code, message)
        else:
            try:
                status, (ctype, payload), page = 200, *self._answer(region, service, action, params)
            except AwsError as e:
                status, (ctype, payload) = e.status, api.error(e.code, str(e))
        work += time.perf_counter() - t
        await self._sleep()
        t = time.perf_counter()
        self._record(work, region=region, service=service, action=action, bucket=bucket_name,
                     start=round(started, 6), end=round(self.now(), 6), throttled=throttled, status=status,
                     page=page, params=digest, attempt=_attempt(headers), service_ms=round(work * 1000, 4))
        self.totals["service_s"] += time.perf_counter() - t
        return status, ctype, payload

    async def _sleep(self):
        if self.latency_ms:
            await asyncio.sleep(self.latency_ms / 2000 * self.scale)

    def _answer(self, region, service, action, params):
        """((content type, body), page index) of a successful call."""
        fleet = self.fleets.get(region)
        if service not in self.apis:
            raise AwsError("UnknownService", f"no fake for the service {service!r} (credential scope)")
        if fleet is None:
            raise AwsError("AuthFailure", f"region {region} is not enabled for this account", 401)
        api = self.apis[service]
        listing = LISTINGS.get((service, action))
        if listing is None:
            members = _single(self, fleet, service, action, params)
            if members is None:
                raise AwsError("InvalidAction", f"The action {action} is not valid for this web service.")
            return api.response(action, members), 0
        key = (region, action, tuple(sorted((k, str(v)) for k, v in params.items()
                                            if k not in (listing.page, listing.token, "Action", "Version"))))
        if key not in self.items:
            self.items[key] = listing.items(self, fleet, params)
        items = self.items[key]
        start = int(base64.urlsafe_b64decode(params[listing.token]).decode()) if params.get(listing.token) else 0
        size = min(int(params[listing.page]), listing.max_page) if params.get(listing.page) else len(items) or 1
        page = items[start:start + size]
        members = {}
        if start + size < len(items):
            members[listing.next_token] = base64.urlsafe_b64encode(str(start + size).encode()).decode()
        if api.protocol == "json":
            members[listing.member] = page
            return api.response(action, members), start // size
        fragments = [self._fragment(service, action, listing.member, item) for item in page]
        return api.response(action, members, {listing.member: fragments}), start // size

    def _record(self, work, **entry):
        self.totals["calls"] += 1
        self.totals["throttled"] += entry["throttled"]
        self.totals["errors"] += entry["status"] >= 400 and not entry["throttled"]
        self.totals["service_s"] += work
        if self.log:
            self.log.write(json.dumps(entry) + "\n")

    def report(self):
        if self.log:
            self.log.flush()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {**self.totals, "cpu_s": usage.ru_utime + usage.ru_stime, "latency_ms": self.latency_ms,
                "time_scale": self.scale, "throttle": self.throttle,
                "buckets": {name: [b.burst, b.refill] for (_region, name), b in self.buckets.items()}}

    async def serve(self, reader, writer):
        """HTTP/1.1 with keep-alive, Content-Length or chunked request bodies."""
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                method, target, _ = line.decode("latin-1").split(" ", 2)
                headers = {}
                while (h := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    k, _, v = h.decode("latin-1").partition(":")
                    headers[k.strip().lower()] = v.strip()
                if headers.get("expect", "").lower() == "100-continue":
                    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                body = await _body(reader, headers)
                if target.startswith("/__bench/"):
                    status, ctype, payload = self.control(target)
                else:
                    status, ctype, payload = await self.call(headers, body)
                writer.write(f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\nContent-Type: {ctype}\r\n"
                             f"Content-Length: {len(payload)}\r\nx-amzn-RequestId: {wire.request_id()}\r\n\r\n"
                             .encode() + payload)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    def control(self, target):
        if target.startswith("/__bench/ready"):
            return 200, "application/json", b'{"ready": true}'
        if target.startswith("/__bench/report"):
            return 200, "application/json", json.dumps(self.report()).encode()
        return 404, "application/json", b"{}"


def _attempt(headers):
    """The SDK's attempt number (amz-sdk-request: attempt=2; max=10), when it sends one."""
    for part in headers.get("amz-sdk-request", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == "attempt" and value.isdigit():
            return int(value)
    return None


async def _body(reader, headers):
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() != "chunked":
        return b""
    chunks = []
    while size := int((await reader.readline()).split(b";")[0], 16):
        chunks.append(await reader.readexactly(size))
        await reader.readline()
    await reader.readline()
    return b"".join(chunks)


async def main_async(args):
    scenario = SCENARIOS[args.scenario]
    latency = scenario.latency_ms if args.latency_ms is None else args.latency_ms
    scale = scenario.time_scale if args.time_scale is None else args.time_scale
    fake = FakeAws(scenario, latency, scale, args.log, throttle=not args.no_throttle)
    server = await asyncio.start_server(fake.serve, "127.0.0.1", args.port, backlog=1024)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
    fake.report()  # flushes the log


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", choices=sorted(SCENARIOS), required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--latency-ms", type=float, help="round trip of every call (default: the scenario's)")
    ap.add_argument("--time-scale", type=float, help="factor on every time (default: the scenario's)")
    ap.add_argument("--log", help="the call log (JSON lines)")
    ap.add_argument("--no-throttle", action="store_true", help="no token buckets")
    args = ap.parse_args(argv)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
